import assert from 'node:assert/strict';
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, describe, test } from 'node:test';
import { readRegularFile, rewriteInPlace } from '../server/node/files';
import { runInProcess, type CliRun } from './support/cli';

/*
 * What a hostile repository must not be able to do to a CI job or an editor (each case was seen
 * before the fix): write through planted links, lose a file's metadata or a concurrent edit, make
 * a reader hang on a FIFO or read /dev/zero or /proc, read files outside the workspace.
 */

const REPO = path.resolve(__dirname, '..');
const CLI = path.join(REPO, 'dist', 'cli.js');
const isRoot = process.getuid?.() === 0;

const dirs: string[] = [];
after(() => {
  for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
});

function tempDir(): string {
  const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'dateline-sec-')));
  dirs.push(dir);
  return dir;
}

/** An article with one safe fix: the missing comma. */
const FIXABLE = 'Publication: Harbour Gazette Volume: 3 Issue: 7\nDate: 2021-07-10\n\nThe port reopened on Friday after a week of repairs (APA July 3).\n';
const FIXED = FIXABLE.replace('(APA July 3)', '(APA, July 3)');

const run = (argv: string[], cwd: string) => runInProcess(argv, cwd);

function spawnCli(args: string[], cwd: string, options: { uid?: number; gid?: number; cli?: string; timeoutMs?: number } = {}): Promise<CliRun> {
  const cli = options.cli ?? CLI;
  const [command, argv] =
    options.uid === undefined
      ? [process.execPath, [cli, ...args]]
      : ['setpriv', [`--reuid=${options.uid}`, `--regid=${options.gid}`, '--clear-groups', process.execPath, cli, ...args]];
  return new Promise((resolve, reject) => {
    const child = spawn(command, argv, { cwd, env: { ...process.env, NO_COLOR: '1' } });
    let stdout = '';
    let stderr = '';
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 20_000);
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code: code ?? (signal ? -1 : -2), stdout, stderr });
    });
    child.stdin.end();
  });
}

/** Every entry below a folder with its kind, mode, owner and inode, to prove nothing else changed. */
function listing(dir: string): string[] {
  const out: string[] = [];
  for (const name of fs.readdirSync(dir, { recursive: true }) as string[]) {
    const st = fs.lstatSync(path.join(dir, name));
    out.push(`${name} ${st.mode.toString(8)} ${st.uid}:${st.gid} ${st.ino} ${st.isSymbolicLink() ? fs.readlinkSync(path.join(dir, name)) : ''}`);
  }
  return out.sort();
}

describe('--fix writes only the article, in place', () => {
  test('a symlink planted at every plausible temporary name is never written through', async () => {
    const dir = tempDir();
    const outside = tempDir();
    const victim = path.join(outside, 'victim.txt');
    fs.writeFileSync(victim, 'precious\n');
    fs.writeFileSync(path.join(dir, 'a.article'), FIXABLE);
    const names = ['a.article.tmp', '.a.article.tmp', 'a.article~', '.#a.article', 'a.article.dateline-tmp', '.a.article.dateline-tmp', 'a.article.swp', '.a.article.swp'];
    // The old scheme: `.<name>.<pid>.dateline-tmp`, with this process's pid and the pids around it.
    for (let pid = Math.max(1, process.pid - 50); pid <= process.pid + 50; pid++) names.push(`.a.article.${pid}.dateline-tmp`, `a.article.${pid}`, `.a.article.${pid}`);
    for (const name of names) fs.symlinkSync(victim, path.join(dir, name));
    const before = listing(dir);

    const r = await run(['check', '--fix', '.'], dir);
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.equal(fs.readFileSync(path.join(dir, 'a.article'), 'utf8'), FIXED);
    assert.equal(fs.readFileSync(victim, 'utf8'), 'precious\n');
    assert.deepEqual(listing(dir), before, 'no file was added, removed or replaced');
    // And from a separate process, whose pid the names above may also have guessed.
    fs.writeFileSync(path.join(dir, 'a.article'), FIXABLE);
    const spawned = await spawnCli(['check', '--fix', '.'], dir);
    assert.equal(spawned.code, 0, spawned.stdout + spawned.stderr);
    assert.equal(fs.readFileSync(path.join(dir, 'a.article'), 'utf8'), FIXED);
    assert.equal(fs.readFileSync(victim, 'utf8'), 'precious\n');
    assert.deepEqual(listing(dir), before);
  });

  test('mode (with setgid), owner, hard links and a symlinked article are kept', { skip: isRoot ? false : 'changing owners needs root' }, async () => {
    const dir = tempDir();
    const modes = path.join(dir, 'modes.article');
    fs.writeFileSync(modes, FIXABLE);
    fs.chmodSync(modes, 0o2666);
    fs.chownSync(modes, 1234, 5678);
    const linked = path.join(dir, 'linked.article');
    fs.writeFileSync(linked, FIXABLE);
    fs.linkSync(linked, path.join(dir, 'second-name.txt'));
    fs.mkdirSync(path.join(dir, 'real'));
    fs.writeFileSync(path.join(dir, 'real', 'target.txt'), FIXABLE);
    fs.symlinkSync(path.join('real', 'target.txt'), path.join(dir, 'via-link.article'));
    const before = listing(dir);

    const r = await run(['check', '--fix', '.'], dir);
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.match(r.stderr, /Fixed 3 problems in 3 files/);
    for (const file of ['modes.article', 'linked.article', 'second-name.txt', 'real/target.txt', 'via-link.article']) {
      assert.equal(fs.readFileSync(path.join(dir, file), 'utf8'), FIXED, file);
    }
    const st = fs.statSync(modes);
    assert.equal(st.mode & 0o7777, 0o2666);
    assert.equal(`${st.uid}:${st.gid}`, '1234:5678');
    assert.equal(fs.statSync(linked).nlink, 2);
    assert.ok(fs.lstatSync(path.join(dir, 'via-link.article')).isSymbolicLink());
    assert.deepEqual(listing(dir), before, 'the same inodes, modes, owners and links');
  });

  test('a read-only file is left alone, with a message, even for root', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'locked.article');
    fs.writeFileSync(file, FIXABLE);
    fs.chmodSync(file, 0o444);
    const r = await run(['check', '--fix', '.'], dir);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /did not fix 'locked\.article': the file is read-only; left as it is/);
    assert.equal(fs.readFileSync(file, 'utf8'), FIXABLE);
    assert.match(r.stdout, /citation-malformed/, 'what was found is still reported');
  });

  test('a symlinked article whose target is outside the folder is neither read nor written', async () => {
    const dir = tempDir();
    const outside = tempDir();
    fs.writeFileSync(path.join(outside, 'elsewhere.article'), FIXABLE);
    fs.symlinkSync(path.join(outside, 'elsewhere.article'), path.join(dir, 'a.article'));
    const r = await run(['check', '--fix', '--format', 'json', '.'], dir);
    assert.equal(fs.readFileSync(path.join(outside, 'elsewhere.article'), 'utf8'), FIXABLE);
    const findings = JSON.parse(r.stdout) as { code: string; message: string }[];
    assert.deepEqual(findings.map((f) => f.code), ['file-skipped']);
    assert.match(findings[0].message, /outside the folder being checked/);
  });

  test('reads a file whole at every size around its buffers and the limit, and no further', () => {
    const dir = tempDir();
    const limit = 200_000;
    for (const size of [0, 1, 1023, 1024, 1025, 4096, 65_535, 65_536, 65_537, 150_000, limit - 1, limit, limit + 1, 3 * limit]) {
      const file = path.join(dir, `s${size}.article`);
      // Each line says where it is, so a lost or repeated chunk shows.
      const text = Array.from({ length: Math.ceil(size / 8) }, (_, i) => `${String(i).padStart(7, '0')}\n`).join('').slice(0, size);
      fs.writeFileSync(file, text);
      const read = readRegularFile(file, { maxBytes: limit });
      if (size <= limit) assert.ok(read.kind === 'text' && read.text === text, `${size} bytes: ${read.kind}`);
      else assert.ok(read.kind === 'too-large' && read.size === size, `${size} bytes: ${read.kind}`);
    }
  });

  test('an edit made between the read and the write is kept, and the file is not written', () => {
    const dir = tempDir();
    const file = path.join(dir, 'a.article');
    fs.writeFileSync(file, FIXABLE);
    const read = readRegularFile(file, { maxBytes: 1 << 20 });
    assert.ok(read.kind === 'text' && read.stamp);
    fs.appendFileSync(file, 'A paragraph the writer added meanwhile.\n');
    const written = rewriteInPlace(read.stamp, read.text, FIXED);
    assert.deepEqual(written, { kind: 'refused', message: 'the file changed since it was read; left as it is' });
    assert.equal(fs.readFileSync(file, 'utf8'), `${FIXABLE}A paragraph the writer added meanwhile.\n`);
  });

  test('a file replaced by another between the read and the write is not written', () => {
    const dir = tempDir();
    const file = path.join(dir, 'a.article');
    fs.writeFileSync(file, FIXABLE);
    const read = readRegularFile(file, { maxBytes: 1 << 20 });
    assert.ok(read.kind === 'text' && read.stamp);
    // Another file renamed over it (the old one kept alive, so its inode is not reused).
    fs.linkSync(file, path.join(dir, 'old-copy'));
    fs.writeFileSync(path.join(dir, 'new'), FIXABLE);
    fs.renameSync(path.join(dir, 'new'), file);
    assert.equal(rewriteInPlace(read.stamp, read.text, FIXED).kind, 'refused');
    assert.equal(fs.readFileSync(file, 'utf8'), FIXABLE);
  });

  test('as an unprivileged user: modes kept, unwritable files refused, nothing left behind', { skip: isRoot && fs.existsSync('/usr/bin/setpriv') ? false : 'needs root and setpriv to switch to an unprivileged user' }, async () => {
    const dir = tempDir();
    fs.chmodSync(dir, 0o755);
    const work = path.join(dir, 'work');
    fs.mkdirSync(work);
    // The CLI must be readable by the other user: a copy inside the folder it owns.
    const cli = path.join(dir, 'cli.js');
    fs.copyFileSync(CLI, cli);
    fs.chmodSync(cli, 0o644);
    const write = (name: string, mode: number, uid = 1234, gid = 5678) => {
      const file = path.join(work, name);
      fs.writeFileSync(file, FIXABLE);
      fs.chownSync(file, uid, gid);
      fs.chmodSync(file, mode);
      return file;
    };
    const open = write('open.article', 0o666);
    const groupShared = write('group.article', 0o2664);
    const readOnly = write('readonly.article', 0o444);
    const rootsFile = write('roots.article', 0o644, 0, 0);
    fs.chownSync(work, 1234, 5678);
    const before = listing(work);

    const r = await spawnCli(['check', '--fix', '.'], work, { uid: 1234, gid: 5678, cli });
    assert.equal(r.code, 2, r.stdout + r.stderr);
    assert.equal(fs.readFileSync(open, 'utf8'), FIXED);
    assert.equal(fs.readFileSync(groupShared, 'utf8'), FIXED);
    assert.equal(fs.readFileSync(readOnly, 'utf8'), FIXABLE);
    assert.equal(fs.readFileSync(rootsFile, 'utf8'), FIXABLE);
    assert.match(r.stderr, /did not fix 'readonly\.article': the file is read-only; left as it is/);
    assert.match(r.stderr, /did not fix 'roots\.article': permission denied; left as it is/);
    assert.equal(fs.statSync(open).mode & 0o7777, 0o666);
    assert.equal(fs.statSync(groupShared).mode & 0o7777, 0o2664);
    assert.deepEqual(listing(work), before, 'no temporary file, no changed inode, mode or owner');
  });
});

describe('only regular files inside the tree are read', () => {
  const secret = 'TOKEN=do-not-leak-7f3a';

  function hostileTree(): { dir: string; outside: string } {
    const dir = tempDir();
    const outside = tempDir();
    fs.writeFileSync(path.join(outside, 'secret.article'), `Publication: ${secret}\nVolume: ${secret}\nIssue: 1\n\n“${secret} is what the header says, and more words here,” she said.\n`);
    fs.writeFileSync(path.join(dir, 'good.article'), FIXED);
    execFileSync('mkfifo', [path.join(dir, 'pipe.article')]);
    fs.symlinkSync('/dev/zero', path.join(dir, 'zero.article'));
    fs.symlinkSync('/proc/self/environ', path.join(dir, 'environ.article'));
    fs.symlinkSync('/proc/self/status', path.join(dir, 'status.md'));
    fs.symlinkSync(path.join(outside, 'secret.article'), path.join(dir, 'leak.article'));
    fs.mkdirSync(path.join(dir, 'folder.article'));
    return { dir, outside };
  }

  for (const how of ['a folder', 'a glob']) {
    test(`through ${how}: a FIFO, /dev/zero, /proc and a link outside are reported, not read`, async () => {
      const { dir } = hostileTree();
      const r = await spawnCli(['check', '--format', 'json', how === 'a folder' ? '.' : '*.article'], dir, { timeoutMs: 20_000 });
      assert.notEqual(r.code, -1, 'the CLI finished on its own');
      assert.doesNotMatch(r.stdout + r.stderr, /do-not-leak/);
      const findings = JSON.parse(r.stdout) as { file: string; code: string; message: string }[];
      const skipped = Object.fromEntries(findings.filter((f) => f.code === 'file-skipped').map((f) => [f.file, f.message]));
      // A glob lists regular files and links only, so it never reaches the FIFO; a walk reports it.
      const expected = ['environ.article', 'leak.article', ...(how === 'a folder' ? ['pipe.article'] : []), 'zero.article'];
      assert.deepEqual(Object.keys(skipped).sort(), expected);
      if (how === 'a folder') assert.match(skipped['pipe.article'], /a FIFO, not a regular file/);
      assert.match(skipped['zero.article'], /not a regular file/);
      assert.match(skipped['environ.article'], /not a regular file/);
      assert.match(skipped['leak.article'], /outside the folder being checked/);
      assert.deepEqual(findings.filter((f) => f.code !== 'file-skipped'), [], 'good.article is clean');
    });
  }

  test('a FIFO or device named on the command line is reported, not opened', async () => {
    const { dir } = hostileTree();
    const r = await spawnCli(['check', 'pipe.article', 'zero.article', 'status.md'], dir);
    assert.notEqual(r.code, -1);
    assert.match(r.stdout, /pipe\.article:1:1 info Not analysed: this is a FIFO, not a regular file\. \[file-skipped\]/);
    assert.match(r.stdout, /zero\.article:1:1 info Not analysed: this is a file of the operating system, not a regular file\. \[file-skipped\]/);
    assert.match(r.stdout, /status\.md:1:1 info Not analysed/);
  });

  test('reads stop at the limit whatever size the file claims', () => {
    const read = readRegularFile('/proc/self/status', { maxBytes: 10 });
    assert.equal(read.kind, 'not-regular');
  });

  test('actors paths that are absolute, leave through .. or through a link are config-invalid and not read', async () => {
    const dir = tempDir();
    const outside = tempDir();
    fs.writeFileSync(path.join(outside, 'actors.yaml'), `- id: x\n  name: ${secret}\n`);
    fs.mkdirSync(path.join(dir, 'ws'));
    const ws = path.join(dir, 'ws');
    fs.symlinkSync(path.join(outside, 'actors.yaml'), path.join(ws, 'linked.yaml'));
    fs.writeFileSync(path.join(ws, 'dateline.yaml'), `actors:\n  - /proc/self/environ\n  - ${path.join(outside, 'actors.yaml')}\n  - ../${path.basename(outside)}/actors.yaml\n  - linked.yaml\n`);
    fs.writeFileSync(path.join(ws, 'a.article'), FIXED);
    const r = await run(['check', '--format', 'json', '.'], ws);
    assert.doesNotMatch(r.stdout + r.stderr, /do-not-leak/);
    const findings = JSON.parse(r.stdout) as { file: string; code: string; message: string }[];
    const messages = findings.filter((f) => f.file === 'dateline.yaml').map((f) => `${f.code}: ${f.message}`);
    assert.equal(messages.length, 4, messages.join('\n'));
    assert.equal(messages.filter((m) => /^config-invalid: The actors path .* is absolute/.test(m)).length, 2);
    assert.equal(messages.filter((m) => /^config-invalid: The actors path ‘\.\.\/[^’]*’ leaves the workspace folder/.test(m)).length, 1);
    assert.equal(messages.filter((m) => /^config-invalid: The actors path ‘linked\.yaml’ is a link that leaves the workspace folder/.test(m)).length, 1);
  });
});

describe('no spread of unbounded size', () => {
  // `f(...list)` puts every element on the stack: a long list throws "Maximum call stack size exceeded".
  const SPREAD_CALL = /\b(?:push|unshift|splice|max|min|fromCharCode|fromCodePoint|concat)\(\s*(?:[^()[\]{}]*,\s*)?\.\.\./;

  function sources(dir: string): string[] {
    const out: string[] = [];
    for (const name of fs.readdirSync(dir, { recursive: true }) as string[]) {
      if (/\.(ts|mjs|js)$/.test(name) && !name.includes('node_modules')) out.push(path.join(dir, name));
    }
    return out;
  }

  test('server, client and scripts spread nothing into push, Math.max and their kin', () => {
    const offenders: string[] = [];
    for (const file of [...sources(path.join(REPO, 'server')), ...sources(path.join(REPO, 'client')), ...sources(path.join(REPO, 'scripts'))]) {
      fs.readFileSync(file, 'utf8')
        .split('\n')
        .forEach((line, i) => {
          if (SPREAD_CALL.test(line)) offenders.push(`${path.relative(REPO, file)}:${i + 1}: ${line.trim()}`);
        });
    }
    assert.deepEqual(offenders, []);
  });

  test('the check finds the pattern it looks for', () => {
    assert.ok(SPREAD_CALL.test('actors.push(...parsed.actors);'));
    assert.ok(SPREAD_CALL.test('Math.max(...children.map((c) => c.end))'));
    assert.ok(SPREAD_CALL.test('list.splice(0, 0, ...more)'));
    assert.ok(!SPREAD_CALL.test('const copy = [...list];'));
    assert.ok(!SPREAD_CALL.test("push(name, [name, ...aliases].join(' '))"));
    assert.ok(!SPREAD_CALL.test('found.push({ where, ...parts })'));
  });
});

describe('protocol lifecycle and params', () => {
  test('requests before initialize, a second initialize, bad params and requests after shutdown get the protocol errors', async () => {
    const { TestClient } = await import('./support/lspClient');
    const client = new TestClient();
    const send = (method: string, params: unknown) =>
      client.connection.sendRequest(method, params).then(
        () => 'ok',
        (e: { code: number }) => e.code,
      );
    assert.equal(await send('textDocument/hover', { textDocument: { uri: 'file:///x.article' }, position: { line: 0, character: 0 } }), -32002);
    assert.equal(await send('dateline/articleStats', { uri: 'file:///x.article' }), -32002);
    await client.initialize(null);
    assert.equal(await send('initialize', { processId: null, rootUri: null, capabilities: {} }), -32600);
    assert.equal(await send('textDocument/hover', null), -32602);
    assert.equal(await send('textDocument/hover', { textDocument: { uri: 'file:///x.article' }, position: { line: '1', character: 0.5 } }), -32602);
    // A careless client's negative position is held to the text, not refused.
    assert.equal(await send('textDocument/hover', { textDocument: { uri: 'file:///x.article' }, position: { line: -1, character: -1 } }), 'ok');
    assert.equal(await send('dateline/articleStats', null), -32602);
    assert.equal(await send('textDocument/completion', { textDocument: null, position: { line: 0, character: 0 } }), -32602);
    assert.equal(await send('textDocument/codeAction', { textDocument: { uri: 'file:///x.article' }, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } } }), -32602);
    assert.equal(await send('workspace/symbol', null), -32602);
    // A good request is still answered.
    assert.equal(await send('textDocument/hover', { textDocument: { uri: 'file:///x.article' }, position: { line: 0, character: 0 } }), 'ok');
    assert.equal(await send('shutdown', undefined), 'ok');
    assert.equal(await send('textDocument/hover', { textDocument: { uri: 'file:///x.article' }, position: { line: 0, character: 0 } }), -32600);
    assert.equal(await send('shutdown', undefined), -32600);
    const exited = new Promise<number | null>((resolve) => (client as unknown as { proc: import('node:child_process').ChildProcess }).proc.once('exit', resolve));
    await client.connection.sendNotification('exit');
    assert.equal(await exited, 0);
    assert.deepEqual(client.stderr.filter((l) => /Request .* failed|internal/i.test(l)), []);
  });
});

/** Whether the machine lets a test read `strace`-free traces: the preload works everywhere Node does. */
const TRACER = path.join(REPO, 'test', 'support', 'traceReads.cjs');

describe('Restricted Mode reads nothing from disk', () => {
  async function session(trusted: boolean): Promise<string[]> {
    const { TestClient } = await import('./support/lspClient');
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, 'dateline.yaml'), 'actors: actors.yaml\nsources:\n  - name: Harbour Radio\n');
    fs.writeFileSync(path.join(dir, 'actors.yaml'), '- id: lena-okafor\n  name: Lena Okafor\n  aliases: [Okafor]\n');
    const article = 'Publication: Harbour Gazette Volume: 3 Issue: 7\nDate: 2021-07-10\n\nMayor Lena Okafor opened the terminal. Okafor said little (Harbour Radio, July 9).\n';
    fs.writeFileSync(path.join(dir, 'open.article'), article);
    fs.writeFileSync(path.join(dir, 'closed.article'), article);
    fs.writeFileSync(path.join(dir, 'notes.md'), '---\npublication: Harbour Gazette\n---\nText.\n');
    const log = path.join(tempDir(), 'reads.log');
    const client = new TestClient({ env: { DATELINE_TRACE_READS: log }, execArgv: ['--require', TRACER] });
    const rootUri = `file://${dir}`;
    await client.initialize(rootUri, { workspaceTrusted: trusted });
    const uri = `${rootUri}/open.article`;
    await client.open(uri, 'article', article);
    await client.diagnostics(uri);
    const at = { textDocument: { uri }, position: { line: 3, character: 12 } };
    await client.connection.sendRequest('textDocument/definition', at);
    await client.connection.sendRequest('textDocument/references', { ...at, context: { includeDeclaration: true } });
    await client.connection.sendRequest('textDocument/hover', at);
    await client.connection.sendRequest('workspace/symbol', { query: 'Okafor' });
    await client.connection.sendRequest('textDocument/codeAction', { textDocument: { uri }, range: { start: at.position, end: at.position }, context: { diagnostics: [] } });
    await client.connection.sendNotification('workspace/didChangeWatchedFiles', {
      changes: [
        { uri: `${rootUri}/closed.article`, type: 2 },
        { uri: `${rootUri}/dateline.yaml`, type: 2 },
        { uri: `${rootUri}/actors.yaml`, type: 2 },
        { uri: `${rootUri}/new.article`, type: 1 },
      ],
    });
    await client.connection.sendRequest('dateline/checkWorkspace', {});
    await client.connection.sendRequest('textDocument/references', { ...at, context: { includeDeclaration: true } });
    await client.shutdown();
    return fs.existsSync(log) ? fs.readFileSync(log, 'utf8').split('\n').filter((p) => p.startsWith(dir)) : [];
  }

  test('the tracer sees reads of workspace files when trusted (so the check below can fail)', async () => {
    const reads = await session(true);
    assert.ok(reads.some((p) => p.endsWith('closed.article')), reads.join('\n'));
    assert.ok(reads.some((p) => p.endsWith('actors.yaml')), reads.join('\n'));
  });

  test('untrusted: definition, references, symbols, watched files and Check Workspace read no file', async () => {
    const reads = await session(false);
    assert.deepEqual(reads, []);
  });
});
