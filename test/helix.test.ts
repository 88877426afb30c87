// The README's Helix configuration: read as Helix reads languages.toml, checked against the
// extension's own language and grammar, and its server command started the way Helix starts it.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { pathToFileURL } from 'node:url';
import { parse } from 'smol-toml';
import { BAD_ARTICLE, BAD_ARTICLE_CODES } from './support/sampleArticles';
import { codes, repoRoot, serverPath, TestClient } from './support/lspClient';

interface HelixLanguage {
  name: string;
  scope?: string;
  'file-types'?: string[];
  roots?: string[];
  'language-servers'?: string[];
}
interface HelixConfig {
  'language-server': Record<string, { command: string; args: string[] }>;
  language: HelixLanguage[];
}

function readmeConfig(): HelixConfig {
  const readme = fs.readFileSync(path.join(repoRoot, 'README.md'), 'utf8');
  const block = /<!-- helix-config -->\n```toml\n([^`]*)```/.exec(readme)?.[1];
  assert.ok(block, 'the README has a toml block under <!-- helix-config -->');
  return parse(block) as unknown as HelixConfig;
}

describe('the Helix configuration in the README', () => {
  const config = readmeConfig();
  const server = config['language-server'].dateline;
  const article = config.language.find((l) => l.name === 'article');
  const manifest = JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8'));

  it('names the server bundle with --stdio', () => {
    assert.equal(server.command, 'node');
    assert.equal(server.args.length, 2);
    assert.match(server.args[0], /\/dist\/server\.js$/);
    assert.equal(server.args[1], '--stdio');
  });

  it('declares the article language as the extension does', () => {
    assert.ok(article, 'an [[language]] named article');
    const language = manifest.contributes.languages.find((l: { id: string }) => l.id === 'article');
    assert.deepEqual(article['file-types'], language.extensions.map((e: string) => e.replace(/^\./, '')));
    const grammar = manifest.contributes.grammars.find((g: { language?: string }) => g.language === 'article');
    const scopeName = JSON.parse(fs.readFileSync(path.join(repoRoot, grammar.path), 'utf8')).scopeName;
    assert.equal(article.scope, scopeName);
    assert.deepEqual(article.roots, ['dateline.yaml']);
    assert.deepEqual(article['language-servers'], ['dateline']);
  });

  it('adds Dateline to Markdown without dropping Helix\'s own Markdown server', () => {
    const markdown = config.language.find((l) => l.name === 'markdown');
    assert.deepEqual(markdown?.['language-servers'], ['marksman', 'dateline']);
  });

  describe('the server started from that command', () => {
    let dir: string;
    let client: TestClient;

    before(async () => {
      dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'dateline-helix-')));
      fs.writeFileSync(path.join(dir, 'dateline.yaml'), 'sources:\n  - Harbour Gazette\n');
      // Helix runs `command` with `args` as written; only the checkout's location differs here.
      client = new TestClient({ command: server.command === 'node' ? process.execPath : server.command, args: [serverPath, ...server.args.slice(1)] });
      // Helix answers workspace/configuration with null when languages.toml sets no `config`.
      client.settings = () => null;
      await client.initialize(pathToFileURL(dir).toString());
    });
    after(async () => {
      await client.shutdown();
      fs.rmSync(dir, { recursive: true, force: true });
    });

    it('publishes diagnostics for an article opened as `article`', async () => {
      const uri = pathToFileURL(path.join(dir, 'quay.article')).toString();
      const published = client.diagnostics(uri);
      await client.open(uri, 'article', BAD_ARTICLE);
      assert.deepEqual(codes((await published).diagnostics), [...BAD_ARTICLE_CODES].sort());
    });

    it('publishes diagnostics for a Markdown article opened as `markdown`', async () => {
      const uri = pathToFileURL(path.join(dir, 'quay.md')).toString();
      const published = client.diagnostics(uri);
      await client.open(uri, 'markdown', '---\npublication: Harbour Review\nvolume: 3\n---\n\nThe quay opened (, May 1).\n');
      assert.deepEqual(codes((await published).diagnostics), ['citation-empty-source', 'front-matter-required']);
    });
  });
});
