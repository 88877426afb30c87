// Dateline's checks in a real VS Code extension host, against a copy of examples/.
// Add a check with test(name, modes, fn). Modes: 'trusted' and 'restricted' open a copy of
// examples/ and answer the trust dialog each way; 'empty' trusts a folder with no dateline.yaml
// and no articles. fn gets { mode, facts, skip(reason) }. Facts go to the runner for the checks
// it makes in the page.
const assert = require('assert/strict');
const fs = require('fs');
const vscode = require('vscode');

class Skip extends Error {}

const tests = [];
const BOTH = ['trusted', 'restricted'];
const ALL = ['trusted', 'restricted', 'empty'];
function test(name, modes, fn, timeoutMs) {
  tests.push({ name, modes, fn, timeoutMs });
}

const root = () => vscode.workspace.workspaceFolders[0].uri;
const fileUri = (relative) => vscode.Uri.joinPath(root(), ...relative.split('/'));
const FERRY = 'articles/ferry-terminal.article';

/**
 * Resolves with check()'s first truthy value (check may be async). Checks again whenever one of
 * the events fires and at least every 100 ms; fails after timeoutMs with what was last seen.
 */
function waitFor(what, check, { timeoutMs = 20_000, events = [], seen } = {}) {
  return new Promise((resolve, reject) => {
    const subscriptions = [];
    let settled = false;
    let busy = false;
    let timer;
    let poll;
    const done = (fn, value) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      clearInterval(poll);
      for (const s of subscriptions) s.dispose();
      fn(value);
    };
    const attempt = async () => {
      if (busy || settled) return;
      busy = true;
      try {
        const value = await check();
        if (value) done(resolve, value);
      } catch (e) {
        done(reject, e);
      } finally {
        busy = false;
      }
    };
    for (const event of events) subscriptions.push(event(() => void attempt()));
    poll = setInterval(() => void attempt(), 100);
    timer = setTimeout(() => {
      const last = seen ? `; last seen: ${JSON.stringify(seen())}` : '';
      done(reject, new Error(`timed out after ${timeoutMs / 1000} s waiting for ${what}${last}`));
    }, timeoutMs);
    void attempt();
  });
}

const codeOf = (d) => (typeof d.code === 'object' ? d.code.value : d.code);
const codesOf = (uri) => vscode.languages.getDiagnostics(uri).map(codeOf);

function waitForDiagnostics(uri, what, predicate, timeoutMs) {
  return waitFor(what, () => {
    const diagnostics = vscode.languages.getDiagnostics(uri);
    return predicate(diagnostics) && diagnostics;
  }, { timeoutMs, events: [vscode.languages.onDidChangeDiagnostics], seen: () => codesOf(uri) });
}

async function show(relative) {
  const document = await vscode.workspace.openTextDocument(fileUri(relative));
  const editor = await vscode.window.showTextDocument(document);
  return { document, editor };
}

/** Appends text with a workspace edit; returns a function that removes exactly that text again. */
async function append(document, text) {
  const end = document.lineAt(document.lineCount - 1).range.end;
  const edit = new vscode.WorkspaceEdit();
  edit.insert(document.uri, end, text);
  assert.ok(await vscode.workspace.applyEdit(edit), 'the text is inserted');
  return () => truncate(document, document.offsetAt(end));
}

/** Deletes everything after offset: puts back a document the test appended to. */
async function truncate(document, offset) {
  const edit = new vscode.WorkspaceEdit();
  edit.delete(document.uri, new vscode.Range(document.positionAt(offset), document.lineAt(document.lineCount - 1).range.end));
  assert.ok(await vscode.workspace.applyEdit(edit), 'the inserted text is removed');
}

function datelineApi() {
  const extension = vscode.extensions.getExtension('dateline.dateline');
  assert.ok(extension, 'the dateline.dateline extension is installed');
  return extension;
}

function plural(n, word) {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

// ---------------------------------------------------------------------------------------------

test('the Dateline extension activates and its server starts', ALL, async ({ facts }) => {
  const extension = datelineApi();
  const api = extension.isActive ? extension.exports : await extension.activate();
  assert.ok(extension.isActive);
  const result = await waitFor('the server to answer initialize', () => api.initializeResult);
  assert.equal(result.serverInfo && result.serverInfo.name, 'dateline');
  facts.capabilities = Object.keys(result.capabilities).sort();
});

test('the trust dialog grants Workspace Trust', ['trusted', 'empty'], async () => {
  await waitFor('Workspace Trust', () => vscode.workspace.isTrusted, { timeoutMs: 60_000, events: [vscode.workspace.onDidGrantWorkspaceTrust] });
});

test('the workspace stays in Restricted Mode', ['restricted'], async () => {
  assert.equal(vscode.workspace.isTrusted, false);
});

test('Check Workspace does not run in Restricted Mode: it would read every article on disk', ['restricted'], async () => {
  const result = await vscode.commands.executeCommand('dateline.checkWorkspace');
  assert.equal(result, undefined);
  const manifest = vscode.extensions.getExtension('dateline.dateline').packageJSON;
  const entry = manifest.contributes.menus.commandPalette.find((m) => m.command === 'dateline.checkWorkspace');
  assert.equal(entry && entry.when, 'isWorkspaceTrusted', 'the palette hides the command until the folder is trusted');
});

test('ferry-terminal.article gets citation-malformed and quote-anonymous from dateline', BOTH, async ({ mode }) => {
  const { document } = await show(FERRY);
  const uri = document.uri;
  // The trawler captain "asked not to be named": an anonymous source, not an uncited quotation.
  // Trusted, dateline.yaml applies: its source registry reports the misspelled `Baltc Wire`.
  const wanted = mode === 'trusted' ? ['citation-malformed', 'quote-anonymous', 'citation-unknown-source'] : ['citation-malformed', 'quote-anonymous'];
  const diagnostics = await waitForDiagnostics(uri, wanted.join(', '), (ds) => wanted.every((c) => ds.some((d) => codeOf(d) === c)));
  for (const d of diagnostics) {
    assert.equal(d.source, 'dateline', `source of ${codeOf(d)}`);
    assert.match(d.code.target.path, new RegExp(`/docs/rules/${codeOf(d)}\\.md$`), `rule page of ${codeOf(d)}`);
  }
  const malformed = diagnostics.find((d) => codeOf(d) === 'citation-malformed');
  assert.equal(malformed.severity, vscode.DiagnosticSeverity.Error);
  assert.match(document.getText(malformed.range), /Harbour Gazette March 10/);
  assert.equal(diagnostics.find((d) => codeOf(d) === 'quote-anonymous').severity, vscode.DiagnosticSeverity.Information);
  assert.ok(!diagnostics.some((d) => codeOf(d) === 'quote-uncited'), 'the anonymous quotation is not also uncited');
  if (mode === 'restricted') {
    // Restricted Mode: the workspace's registry is not read, so no source can be unknown.
    assert.ok(!codesOf(uri).includes('citation-unknown-source'), 'no registry findings in Restricted Mode');
  }
});

test('the missing-comma quick fix applies and its diagnostic goes away', BOTH, async () => {
  const { document } = await show(FERRY);
  const uri = document.uri;
  const malformed = vscode.languages.getDiagnostics(uri).find((d) => codeOf(d) === 'citation-malformed');
  assert.ok(malformed, 'the citation-malformed diagnostic is there');
  const actions = await vscode.commands.executeCommand('vscode.executeCodeActionProvider', uri, malformed.range, vscode.CodeActionKind.QuickFix.value);
  // The command drops each action's diagnostics; the fix is the preferred one editing that range.
  const fixes = actions.filter((a) => a.edit && a.edit.get(uri).some((e) => e.range.intersection(malformed.range)));
  const fix = fixes.find((a) => a.isPreferred) || fixes[0];
  assert.ok(fix, `a quick fix for the missing comma among: ${actions.map((a) => a.title).join(' | ')}`);
  assert.ok(await vscode.workspace.applyEdit(fix.edit), 'the fix applies');
  assert.match(document.getText(), /\(Harbour Gazette, March 10\)/);
  await waitForDiagnostics(uri, 'citation-malformed to go away', (ds) => ds.length > 0 && !ds.some((d) => codeOf(d) === 'citation-malformed'));
});

test('the article statistics request answers and matches the diagnostics', BOTH, async () => {
  const { document } = await show(FERRY);
  const stats = await vscode.commands.executeCommand('dateline.showArticleStatistics');
  assert.ok(stats && stats.isArticle, `statistics for an article: ${JSON.stringify(stats)}`);
  const diagnostics = vscode.languages.getDiagnostics(document.uri);
  assert.equal(stats.uncited, diagnostics.filter((d) => codeOf(d) === 'quote-uncited').length);
  assert.equal(stats.problems.warning, diagnostics.filter((d) => d.severity === vscode.DiagnosticSeverity.Warning).length);
  assert.ok(stats.quotations >= 2 && stats.citations >= 4 && stats.words > 50, JSON.stringify(stats));
});

test('Check Workspace checks every article, open or not', ['trusted'], async () => {
  const result = await vscode.commands.executeCommand('dateline.checkWorkspace');
  const articles = await vscode.workspace.findFiles('**/*.article');
  assert.ok(result.files >= articles.length, `${result.files} files checked, ${articles.length} articles on disk`);
  assert.ok(result.problems.error > 0, JSON.stringify(result));
  // grain-talks.article was never opened; its misspelled month is now in the Problems view.
  await waitForDiagnostics(fileUri('articles/grain-talks.article'), 'grain-talks diagnostics', (ds) => ds.some((d) => codeOf(d) === 'citation-invalid-date'));
});

test('Insert Citation inserts a snippet dated from the article header', ['trusted'], async () => {
  const { document, editor } = await show('articles/clean-brief.article');
  const header = /^Date:\s*(\w+) (\d+), \d{4}/m.exec(document.getText());
  assert.ok(header, 'clean-brief.article has a Date header');
  const end = document.lineAt(document.lineCount - 1).range.end;
  editor.selection = new vscode.Selection(end, end);
  const before = document.getText();
  try {
    assert.equal(await vscode.commands.executeCommand('dateline.insertCitation'), true);
    const inserted = document.getText().slice(before.length);
    assert.equal(inserted, `(Source, ${header[1]} ${header[2]})`);
    // The source placeholder is selected, ready to type over.
    assert.equal(document.getText(editor.selection), 'Source');
  } finally {
    await vscode.commands.executeCommand('leaveSnippet');
    await truncate(document, before.length);
  }
});

test('Add Actor appends to actors.yaml in one undoable edit, once per actor', ['trusted'], async () => {
  const registry = fileUri('actors.yaml');
  const ids = (text, id) => text.split('\n').filter((l) => new RegExp(`^\\s*-?\\s*id: ${id}\\s*$`).test(l)).length;
  const result = await vscode.commands.executeCommand('dateline.addActor', { name: 'Ines Moreau', kind: 'person' });
  assert.equal(result && result.toString(), registry.toString());
  const editor = vscode.window.activeTextEditor;
  assert.equal(editor && editor.document.uri.toString(), registry.toString(), 'actors.yaml is open');
  const document = editor.document;
  assert.equal(ids(document.getText(), 'ines-moreau'), 1);
  // The core writes the entry (with the surname as an alias), as the quick fix does.
  assert.match(document.getText(), /\n- id: ines-moreau\n {2}name: Ines Moreau\n {2}kind: person\n {2}aliases: \[Moreau\]\n$/);
  assert.equal(document.lineAt(editor.selection.active.line).text, '- id: ines-moreau');
  await vscode.commands.executeCommand('undo');
  await waitFor('the undo to remove the entry', () => ids(document.getText(), 'ines-moreau') === 0, { events: [vscode.workspace.onDidChangeTextDocument] });
  // An actor already in the registry is not added twice.
  await vscode.commands.executeCommand('dateline.addActor', { name: 'Lena Okafor', kind: 'person' });
  assert.equal(ids(document.getText(), 'lena-okafor'), 1);
  // The edit may have been saved as a refactoring; saving the undone text restores the disk too.
  if (document.isDirty) assert.ok(await document.save());
});

function serverCapabilities() {
  const api = datelineApi().exports;
  return (api && api.initializeResult && api.initializeResult.capabilities) || {};
}

function textOfHover(hovers) {
  return hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value))).join('\n');
}

// Lena Okafor is in the example registry (actors.yaml) and named in ferry-terminal.article.
test('hover on an actor shows the registry entry', ['trusted'], async ({ skip, facts }) => {
  if (!serverCapabilities().hoverProvider) skip('the server has no hover provider yet');
  const { document } = await show(FERRY);
  const offset = document.getText().indexOf('Lena Okafor');
  assert.ok(offset >= 0);
  const position = document.positionAt(offset + 'Lena Oka'.length);
  let last = '';
  // The registry loads in the background; ask again until it has.
  await waitFor('a hover naming Lena Okafor', async () => {
    last = textOfHover(await vscode.commands.executeCommand('vscode.executeHoverProvider', document.uri, position));
    return /Lena Okafor/.test(last);
  }, { seen: () => last });
  facts.hover = { line: position.line, character: position.character, text: last };
});

test('completion offers an actor from the registry', ['trusted'], async ({ skip }) => {
  if (!serverCapabilities().completionProvider) skip('the server has no completion provider yet');
  const { document } = await show(FERRY);
  const remove = await append(document, '\n\nThe mayor, Lena Oka');
  try {
    const at = document.lineAt(document.lineCount - 1).range.end;
    let labels = [];
    await waitFor('a completion item for Lena Okafor', async () => {
      const list = await vscode.commands.executeCommand('vscode.executeCompletionItemProvider', document.uri, at);
      labels = list.items.map((i) => (typeof i.label === 'string' ? i.label : i.label.label));
      return labels.some((l) => /Lena Okafor/.test(l));
    }, { seen: () => labels.slice(0, 20) });
    // The actor's card comes when an item is resolved, as VS Code does for the one it shows.
    const resolved = await vscode.commands.executeCommand('vscode.executeCompletionItemProvider', document.uri, at, undefined, 100);
    const okafor = resolved.items.find((i) => (typeof i.label === 'string' ? i.label : i.label.label) === 'Lena Okafor');
    assert.ok(okafor, `no item Lena Okafor among ${labels.slice(0, 20).join(', ')}`);
    const card = typeof okafor.documentation === 'string' ? okafor.documentation : okafor.documentation?.value;
    assert.match(card ?? '', /^\*\*Lena Okafor\*\* · person/);
    assert.equal(document.getText(okafor.range?.replacing ?? okafor.range), 'Lena Oka');
  } finally {
    await remove();
  }
});

/** Process ids of the Dateline servers this extension host started, from /proc. */
function serverPids() {
  const pids = [];
  for (const name of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${name}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (ppid !== process.pid) continue;
      const cmdline = fs.readFileSync(`/proc/${name}/cmdline`, 'utf8');
      if (cmdline.includes('dist/server.js')) pids.push(Number(name));
    } catch {
      // The process ended while we looked.
    }
  }
  return pids;
}

const uncitedIn = (uri) => vscode.languages.getDiagnostics(uri).filter((d) => codeOf(d) === 'quote-uncited').length;

/**
 * A server that replaced the first one checks again: a new long quotation without a citation is
 * reported (only a live server can), dateline.yaml still applies, and the article is put back.
 * `count` is the uncited quotations before the old server went away.
 */
async function checksAgain(document, count) {
  const uri = document.uri;
  const remove = await append(document, '\n\n“Every word of this sentence still needs a source,” a clerk said.');
  try {
    await waitForDiagnostics(uri, 'the new server to report the new quotation', () => uncitedIn(uri) === count + 1, 30_000);
    assert.ok(codesOf(uri).includes('citation-unknown-source'), 'the new server still applies dateline.yaml');
  } finally {
    await remove();
  }
  // The page checks count problems next: let the reverted text's diagnostics land first.
  await waitForDiagnostics(uri, 'the reverted article to be checked', () => uncitedIn(uri) === count);
}

/** Waits until one Dateline server runs and it is not `old`. */
function newServer(old) {
  return waitFor('a new server process', () => {
    const now = serverPids();
    return now.length === 1 && now[0] !== old && now;
  }, { timeoutMs: 30_000, seen: serverPids });
}

test('a crashed server is restarted, keeps Workspace Trust and checks again', ['trusted'], async ({ facts }) => {
  const { document } = await show(FERRY);
  const count = uncitedIn(document.uri);
  const before = serverPids();
  assert.equal(before.length, 1, `one Dateline server runs: ${before}`);
  process.kill(before[0], 'SIGKILL');
  const after = await newServer(before[0]);
  facts.restartedServer = { killed: before[0], started: after[0] };
  await checksAgain(document, count);
}, 60_000);

test('Restart Server starts a new server that checks again, without a crash notice', ['trusted'], async () => {
  const { document } = await show(FERRY);
  const count = uncitedIn(document.uri);
  const before = serverPids();
  assert.equal(before.length, 1, `one Dateline server runs: ${before}`);
  assert.equal(await vscode.commands.executeCommand('dateline.restartServer'), true);
  await newServer(before[0]);
  await checksAgain(document, count);
}, 60_000);

/** AP style, as the extension writes citation dates. */
const AP_MONTHS = ['Jan.', 'Feb.', 'March', 'April', 'May', 'June', 'July', 'Aug.', 'Sept.', 'Oct.', 'Nov.', 'Dec.'];

test('with no dateline.yaml and no articles, Check Workspace finds nothing and does not fail', ['empty'], async () => {
  const result = await vscode.commands.executeCommand('dateline.checkWorkspace');
  // notes.md is a candidate the server looks at; it is not an article, so nothing is reported.
  assert.ok(result && typeof result.files === 'number', JSON.stringify(result));
  assert.deepEqual(result.problems, { error: 0, warning: 0, info: 0, hint: 0 });
});

test('Markdown without a publication field is not an article: no statistics, no diagnostics', ['empty'], async () => {
  const { document } = await show('notes.md');
  const stats = await vscode.commands.executeCommand('dateline.showArticleStatistics');
  assert.ok(stats && stats.isArticle === false, JSON.stringify(stats));
  assert.deepEqual(codesOf(document.uri), []);
});

test('Insert Citation without a Date header uses today', ['empty'], async () => {
  const { document, editor } = await show('notes.md');
  const end = document.lineAt(document.lineCount - 1).range.end;
  editor.selection = new vscode.Selection(end, end);
  const before = document.getText();
  const today = new Date();
  try {
    assert.equal(await vscode.commands.executeCommand('dateline.insertCitation'), true);
    assert.equal(document.getText().slice(before.length), `(Source, ${AP_MONTHS[today.getMonth()]} ${today.getDate()})`);
  } finally {
    await vscode.commands.executeCommand('leaveSnippet');
    await truncate(document, before.length);
  }
});

test('Add Actor with no dateline.yaml creates actors.yaml in the folder', ['empty'], async () => {
  const registry = fileUri('actors.yaml');
  const result = await vscode.commands.executeCommand('dateline.addActor', { name: 'Ines Moreau', kind: 'organization' });
  assert.equal(result && result.toString(), registry.toString());
  assert.ok(fs.existsSync(registry.fsPath), 'actors.yaml exists on disk');
  const document = vscode.window.activeTextEditor.document;
  assert.equal(document.uri.toString(), registry.toString());
  assert.equal(document.getText(), '- id: ines-moreau\n  name: Ines Moreau\n  kind: organization\n');
  assert.ok(!fs.existsSync(fileUri('dateline.yaml').fsPath), 'no dateline.yaml is made up');
});

/** The sourcing report's tab, when its panel is open. */
function reportTab() {
  for (const group of vscode.window.tabGroups.all) {
    for (const tab of group.tabs) if (tab.input instanceof vscode.TabInputWebview && tab.input.viewType.endsWith('dateline.sourcingReport')) return tab;
  }
  return undefined;
}

const EXAMPLE_ARTICLES = [
  'articles/clean-brief.article',
  'articles/council-vote.article',
  'articles/energy-outlook.md',
  'articles/ferry-terminal.article',
  'articles/grain-talks.article',
  'articles/port-names.article',
  'styles/digest/winter-ferries.article',
  'styles/edm/winter-ferries.article',
  'styles/wire/winter-ferries.article',
];

test('Show Sourcing Report opens one panel with every article of the workspace, Markdown included', ['trusted'], async () => {
  const shown = await vscode.commands.executeCommand('dateline.showSourcingReport');
  assert.ok(shown, 'the command returned the report');
  assert.equal(shown.restricted, false);
  assert.deepEqual(shown.files, EXAMPLE_ARTICLES);
  assert.equal(shown.articles, EXAMPLE_ARTICLES.length);
  assert.ok(shown.quotations > 0);
  await waitFor('the report panel', () => reportTab());
  // Asked again, the same panel refreshes: still one tab.
  await vscode.commands.executeCommand('dateline.showSourcingReport');
  const tabs = vscode.window.tabGroups.all.flatMap((g) => g.tabs).filter((t) => t.input instanceof vscode.TabInputWebview && t.input.viewType.endsWith('dateline.sourcingReport'));
  assert.equal(tabs.length, 1);
  await vscode.window.tabGroups.close(reportTab());
});

test('Show Sourcing Report in Restricted Mode holds the open articles only', ['restricted'], async () => {
  await show(FERRY);
  const shown = await vscode.commands.executeCommand('dateline.showSourcingReport');
  assert.ok(shown, 'the command returned the report');
  assert.equal(shown.restricted, true);
  const open = new Set(vscode.workspace.textDocuments.map((d) => vscode.workspace.asRelativePath(d.uri)));
  assert.ok(shown.files.includes(FERRY), JSON.stringify(shown.files));
  for (const f of shown.files) assert.ok(open.has(f), `${f} is open`);
  await waitFor('the report panel', () => reportTab());
  await vscode.window.tabGroups.close(reportTab());
});

// --- The editor's own commands and settings ------------------------------------------------

// Registered after the other tests, which expect the examples as they are: this draft is added to
// them here, and left for the page's screenshots. A quotation the writer silenced, an empty source.
const DRAFT = 'articles/harbour-draft.article';
const DRAFT_TEXT = [
  'Publication: Harbour Ledger Volume: 3 Issue: 14',
  'Date: 2021-07-02',
  '',
  '<!-- dateline-disable-next-line quote-uncited -- the pilot spoke to our reporter on the quay -->',
  '“We were told to keep the north channel closed until the dredging is finished,” a harbour pilot said.',
  '',
  'The port authority confirmed the closure on Thursday (, July 1).',
  '',
].join('\n');

test('a quotation under dateline-disable-next-line has no diagnostic; the empty source below it has one', ['trusted'], async () => {
  fs.writeFileSync(fileUri(DRAFT).fsPath, DRAFT_TEXT);
  const { document } = await show(DRAFT);
  const diagnostics = await waitForDiagnostics(document.uri, 'citation-empty-source', (ds) => ds.some((d) => codeOf(d) === 'citation-empty-source'));
  assert.ok(/dateline-disable-next-line quote-uncited/.test(document.getText()), 'the directive is there');
  assert.deepEqual(diagnostics.map(codeOf).filter((c) => c.startsWith('quote-') || c === 'suppression-unused'), [], 'the quotation is silenced and the directive is used');
});

test('Fix All applies the safe fixes of the article and leaves the editorial ones', BOTH, async () => {
  const document = await vscode.workspace.openTextDocument({
    language: 'article',
    content: 'Publication: Harbour Ledger Volume: 3 Issue: 14\nDate: 2021-03-15\n\nThe berths open in stages (Harbour Gazette March 10). The pilots were told on Tuesday (, March 9).\n',
  });
  await vscode.window.showTextDocument(document);
  const uri = document.uri;
  try {
    await waitForDiagnostics(uri, 'citation-malformed and citation-empty-source', (ds) => ['citation-malformed', 'citation-empty-source'].every((c) => ds.some((d) => codeOf(d) === c)));
    const edits = await vscode.commands.executeCommand('dateline.fixAll');
    assert.equal(edits, 1, 'one safe fix: the missing comma');
    assert.match(document.getText(), /\(Harbour Gazette, March 10\)/);
    // Choosing a source is the writer's call: Fix All leaves it to the quick fix.
    assert.match(document.getText(), /\(, March 9\)/);
    await waitForDiagnostics(uri, 'only citation-empty-source left', (ds) => ds.map(codeOf).join() === 'citation-empty-source');
    assert.equal(await vscode.commands.executeCommand('dateline.fixAll'), 0, 'nothing safe is left to fix');
  } finally {
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  }
});

const allTabs = () => vscode.window.tabGroups.all.flatMap((g) => g.tabs);

test('Open Rule Documentation opens the page a diagnostic links to, from its quick-fix menu and by rule id', BOTH, async () => {
  const { document } = await show(FERRY);
  const anonymous = vscode.languages.getDiagnostics(document.uri).find((d) => codeOf(d) === 'quote-anonymous');
  assert.ok(anonymous, 'the quote-anonymous diagnostic is there');
  const actions = await vscode.commands.executeCommand('vscode.executeCodeActionProvider', document.uri, anonymous.range, vscode.CodeActionKind.QuickFix.value);
  const open = actions.find((a) => a.title === 'Open documentation for ‘quote-anonymous’');
  assert.ok(open && open.command, `the action among: ${actions.map((a) => a.title).join(' | ')}`);
  assert.equal(actions.filter((a) => a.title.startsWith('Open documentation')).length, 1, 'one per rule');
  const page = await vscode.commands.executeCommand(open.command.command, ...open.command.arguments);
  assert.equal(page.toString(), anonymous.code.target.toString(), 'the page the diagnostic links to');
  await waitFor('a tab showing quote-anonymous.md', () => allTabs().some((t) => /quote-anonymous\.md/.test(t.label)), { events: [vscode.window.tabGroups.onDidChangeTabs], seen: () => allTabs().map((t) => t.label) });
  // The palette's pick passes the id alone; the server's rule list gives the page.
  const byId = await vscode.commands.executeCommand('dateline.openRuleDocumentation', 'citation-empty-source');
  assert.equal(byId.toString(), anonymous.code.target.toString().replace('quote-anonymous.md', 'citation-empty-source.md'));
  await waitFor('a tab showing citation-empty-source.md', () => allTabs().some((t) => /citation-empty-source\.md/.test(t.label)), { events: [vscode.window.tabGroups.onDidChangeTabs], seen: () => allTabs().map((t) => t.label) });
  const pages = allTabs().filter((t) => /(quote-anonymous|citation-empty-source)\.md/.test(t.label));
  assert.ok(await vscode.window.tabGroups.close(pages));
});

test('the settings come in the order a writer meets them, the size limit in MB', ALL, async () => {
  const manifest = datelineApi().packageJSON;
  const properties = manifest.contributes.configuration.properties;
  const ordered = Object.entries(properties).filter(([, p]) => !p.markdownDeprecationMessage).sort((a, b) => a[1].order - b[1].order).map(([k]) => k);
  assert.deepEqual(ordered, ['dateline.enable', 'dateline.run', 'dateline.rules', 'dateline.quotes.minWords', 'dateline.maxFileSizeMB', 'dateline.trace.server']);
  const config = vscode.workspace.getConfiguration('dateline');
  assert.equal(config.inspect('enable').defaultValue, true);
  assert.equal(config.inspect('run').defaultValue, 'onType');
  assert.equal(config.inspect('maxFileSizeMB').defaultValue, 5);
  // VS Code reads an integer with no default as 0, which the server takes for "not set".
  assert.ok(!(config.inspect('maxFileSize').defaultValue > 0), 'the bytes form has no default of its own: a value in it is one a user set');
});

/** Resolves when diagnostics for uri are next published, even unchanged ones. */
function nextPublication(uri) {
  let published = false;
  const subscription = vscode.languages.onDidChangeDiagnostics((e) => {
    if (e.uris.some((u) => u.toString() === uri.toString())) published = true;
  });
  return waitFor(`a publication for ${uri.path}`, () => published, { events: [vscode.languages.onDidChangeDiagnostics] }).finally(() => subscription.dispose());
}

/**
 * Sets a setting in the workspace for the length of fn, then removes it again. With
 * `uri`, waits each time for the server's re-check of that open document, which a settings change
 * starts, so fn's edits are not checked by it.
 */
async function withSetting(key, value, fn, uri) {
  const config = () => vscode.workspace.getConfiguration();
  let rechecked = uri && nextPublication(uri);
  await config().update(key, value, vscode.ConfigurationTarget.Workspace);
  await rechecked;
  try {
    return await fn();
  } finally {
    rechecked = uri && nextPublication(uri);
    await config().update(key, undefined, vscode.ConfigurationTarget.Workspace);
    await rechecked;
  }
}

test('dateline.enable: false clears the problems of open articles; true brings them back', ['trusted'], async () => {
  const { document } = await show(FERRY);
  const count = vscode.languages.getDiagnostics(document.uri).length;
  assert.ok(count > 0, 'ferry-terminal.article has problems to clear');
  await withSetting('dateline.enable', false, () => waitForDiagnostics(document.uri, 'the problems to be cleared', (ds) => ds.length === 0));
  await waitForDiagnostics(document.uri, 'the problems to come back', (ds) => ds.length === count);
});

test('dateline.run: onSave checks an edit when it is saved, not as it is typed', ['trusted'], async () => {
  const { document } = await show(DRAFT);
  const uncited = () => vscode.languages.getDiagnostics(document.uri).filter((d) => codeOf(d) === 'quote-uncited').length;
  const before = uncited();
  // code-server saves edits after a second by default, which would check them: not here.
  await withSetting('files.autoSave', 'off', () => withSetting('dateline.run', 'onSave', async () => {
    const remove = await append(document, '\n\n“Every word of this sentence still needs a source,” a clerk said.');
    try {
      // A negative needs a bound: ten times the server's 150 ms pause after typing.
      await assert.rejects(waitForDiagnostics(document.uri, 'no check while typing', () => uncited() > before, 1500), /timed out/);
      assert.ok(await document.save(), 'the article is saved');
      await waitForDiagnostics(document.uri, 'the check on save', () => uncited() === before + 1);
    } finally {
      await remove();
      await document.save();
    }
  }, document.uri));
  await waitForDiagnostics(document.uri, 'the saved original to be checked again', () => uncited() === before);
});

/** Leaves ferry-terminal.article in front and tells the runner what the page should show. */
async function finish({ mode, facts }) {
  if (mode === 'empty') {
    await show('notes.md');
    return;
  }
  const { document } = await show(FERRY);
  await waitForDiagnostics(document.uri, 'ferry-terminal diagnostics', (ds) => ds.length > 0);
  const s = await vscode.commands.executeCommand('dateline.showArticleStatistics');
  if (s && s.isArticle) facts.statusText = `${plural(s.words, 'word')} · ${plural(s.quotations, 'quotation')} · ${plural(s.citations, 'citation')} · ${s.uncited} uncited`;
  // The Problems view counts errors, warnings and infos; hints are not listed there.
  facts.problemCount = vscode.languages
    .getDiagnostics()
    .reduce((n, [, ds]) => n + ds.filter((d) => d.severity !== vscode.DiagnosticSeverity.Hint).length, 0);
  // A squiggle the page can hover: the anonymous quotation's first long word and its message.
  const anonymous = vscode.languages.getDiagnostics(document.uri).find((d) => codeOf(d) === 'quote-anonymous');
  if (anonymous) facts.squiggle = { word: /\p{L}{5,}/u.exec(document.getText(anonymous.range))[0], message: anonymous.message };
  facts.hoverSupported = Boolean(serverCapabilities().hoverProvider);
  facts.completionSupported = Boolean(serverCapabilities().completionProvider);
}

module.exports = { tests, finish, Skip };
