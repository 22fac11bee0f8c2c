/**
 * "IAM Workbench: Compare Access with…" run against a scripted stand-in for the `vscode` module (as
 * test/interop/vscode-command.test.ts does for the import): a real git repository in a temporary folder,
 * the built-in Git extension's API answering with its root and upstream, the server's request answered by
 * the core function the server routes it to. Checks the revisions offered, that the base is read with git
 * at the revision, and the page shown.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import Module from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { ROOT } from '../cli/helpers';
import { accessDiffRequest, type AccessDiffParams } from '../../core/analysis/diff/service';
import { buildWorkspace } from '../../core/model';

interface Uri { fsPath: string; path: string; scheme: string; toString(): string }
const uri = (p: string): Uri => ({ fsPath: p, path: p, scheme: 'file', toString: () => pathToFileURL(p).href });

const script = {
  pick: [] as (string | undefined)[],
  offered: [] as string[],
  input: undefined as string | undefined,
  pages: [] as string[],
  previews: 0,
  errors: [] as string[],
  requests: [] as AccessDiffParams[],
};

const dir = mkdtempSync(join(tmpdir(), 'iamwb-compare-'));
const repo = { rootUri: uri(dir), state: { HEAD: { name: 'feature', upstream: { remote: 'origin', name: 'main' } }, refs: [{ type: 0, name: 'feature' }, { type: 2, name: 'v1' }, { type: 1, remote: 'origin', name: 'main' }] } };
const commands = new Map<string, (arg?: unknown) => Promise<void>>();
const fakeVscode = {
  Uri: { file: uri, parse: (s: string) => uri(fileURLToPath(s)) },
  commands: {
    registerCommand: (id: string, fn: (arg?: unknown) => Promise<void>) => (commands.set(id, fn), { dispose() {} }),
    executeCommand: async (id: string) => void (id === 'markdown.showPreview' && script.previews++),
  },
  extensions: {
    getExtension: (id: string) => (id === 'vscode.git' ? { isActive: true, exports: { getAPI: () => ({ git: { path: 'git' }, repositories: [repo] }) } } : undefined),
  },
  workspace: {
    workspaceFolders: [{ uri: uri(dir) }],
    asRelativePath: (u: Uri) => u.fsPath.slice(dir.length + 1),
    openTextDocument: async (d: { language: string; content: string }) => {
      assert.equal(d.language, 'markdown');
      script.pages.push(d.content);
      return { uri: uri('/untitled') };
    },
  },
  window: {
    activeTextEditor: undefined,
    showQuickPick: async (items: { label: string }[]) => {
      script.offered = items.map((i) => i.label);
      const want = script.pick.shift();
      return want === undefined ? undefined : items.find((i) => i.label === want);
    },
    showInputBox: async () => script.input,
    showErrorMessage: async (m: string) => void script.errors.push(m),
  },
};
const resolve = (Module as unknown as { _resolveFilename: (r: string, ...a: unknown[]) => string })._resolveFilename;
(Module as unknown as { _resolveFilename: (r: string, ...a: unknown[]) => string })._resolveFilename = function (request: string, ...rest: unknown[]) {
  return request === 'vscode' ? 'vscode' : resolve.call(this, request, ...rest);
};
require.cache.vscode = { id: 'vscode', filename: 'vscode', loaded: true, exports: fakeVscode } as unknown as NodeJS.Module;

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { registerCompareAccessCommand, COMPARE_ACCESS_COMMAND } = require('../../client/compare-access') as typeof import('../../client/compare-access');

const baseText = readFileSync(join(ROOT, 'test/diff/fixtures/base/prod.iam.json'), 'utf8');
const headText = readFileSync(join(ROOT, 'test/diff/fixtures/head/prod.iam.json'), 'utf8');
const file = join(dir, 'accounts', 'prod.iam.json');
const git = (...args: string[]) =>
  execFileSync('git', args, { cwd: dir, encoding: 'utf8', env: { ...process.env, GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@e', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@e' } });
git('init', '-q', '-b', 'feature');
mkdirSync(join(dir, 'accounts'));
writeFileSync(file, baseText);
git('add', '.');
git('commit', '-qm', 'base');
git('update-ref', 'refs/remotes/origin/main', 'HEAD');
writeFileSync(file, headText);

// The server's side: its workspace is the working tree (the files it read, with the uris VS Code gives them).
const server = buildWorkspace([{ uri: uri(file).toString(), text: headText }]);
registerCompareAccessCommand({ subscriptions: [] } as unknown as import('vscode').ExtensionContext, async (method, params) => {
  assert.equal(method, 'iamWorkbench/accessDiff');
  script.requests.push(params);
  return accessDiffRequest(server, JSON.parse(JSON.stringify(params)));
});

function reset() {
  Object.assign(script, { pick: [], offered: [], input: undefined, pages: [], previews: 0, errors: [], requests: [] });
}

test('Compare Access: the upstream is offered first; the base is read at it with git; the page names who gained and lost', async () => {
  reset();
  script.pick = ['origin/main'];
  await commands.get(COMPARE_ACCESS_COMMAND)!();
  assert.deepEqual(script.errors, []);
  assert.equal(script.offered[0], 'origin/main');
  assert.ok(script.offered.includes('v1') && script.offered.at(-1) === 'Other revision…');
  assert.ok(!script.offered.includes('feature'), 'not the current branch');
  assert.equal(script.requests.length, 1);
  assert.deepEqual(script.requests[0].base.map((s) => s.uri), [uri(file).toString()]);
  assert.equal(script.requests[0].base[0].text, baseText, 'the committed text, not the working tree');
  assert.equal(readFileSync(file, 'utf8'), headText, 'nothing checked out');
  assert.equal(script.previews, 1);
  const page = script.pages[0];
  assert.match(page, /^### IAM access diff: origin\/main → working tree\n\n\*\*2 principals gain access\*\* \(3 grants\)/);
  assert.match(page, /user arn:aws:iam::111111111111:user\/alice \| 2 \| 0/);
  assert.match(page, /— accounts\/prod\.iam\.json:24 \|/);
  assert.match(page, /— origin\/main:accounts\/prod\.iam\.json:12 \|/);
  assert.match(page, /\| 333333333333 \| externalAccount \| outside the organization \|/);
});

test('Compare Access: another revision typed in; an unknown one is an error message, not a page', async () => {
  reset();
  git('commit', '-qam', 'head');
  script.pick = ['Other revision…'];
  script.input = 'HEAD';
  await commands.get(COMPARE_ACCESS_COMMAND)!();
  assert.deepEqual(script.errors, []);
  assert.match(script.pages[0], /No change in effective access\./);
  reset();
  script.pick = ['Other revision…'];
  script.input = 'no-such-branch';
  await commands.get(COMPARE_ACCESS_COMMAND)!();
  assert.deepEqual(script.pages, []);
  assert.match(script.errors[0], /Compare Access: git does not know the revision 'no-such-branch'/);
  reset();
  await commands.get(COMPARE_ACCESS_COMMAND)!('HEAD~1');
  assert.deepEqual(script.offered, [], 'a revision given as the argument is not asked for');
  assert.match(script.pages[0], /2 principals gain access/);
});
