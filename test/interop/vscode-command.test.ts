/**
 * The VS Code import command, run against a scripted stand-in for the `vscode` module: the dialogs
 * answer as a user would, the file system is the real one. Checks that the file is written and
 * opened, that skipped inputs are skipped, and that nothing is written when an input is broken.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import Module from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FIXTURES } from './helpers';

interface Uri { fsPath: string; path: string; scheme: string }
const uri = (p: string): Uri => ({ fsPath: p, path: p, scheme: 'file' });

/** What the stand-in user answers, in order, and what the extension did. */
const script = {
  open: [] as (Uri[] | undefined)[],
  pick: [] as (string | undefined)[],
  save: undefined as Uri | undefined,
  shown: [] as string[],
  messages: [] as string[],
  output: [] as string[],
};

const commands = new Map<string, () => Promise<void>>();
const fakeVscode = {
  Uri: { joinPath: (base: Uri, ...parts: string[]) => uri(join(base.fsPath, ...parts)) },
  commands: { registerCommand: (id: string, fn: () => Promise<void>) => (commands.set(id, fn), { dispose() {} }) },
  workspace: {
    workspaceFolders: undefined as { uri: Uri }[] | undefined,
    asRelativePath: (u: Uri) => u.fsPath.slice(u.fsPath.lastIndexOf('/') + 1),
    fs: {
      readFile: async (u: Uri) => new Uint8Array(readFileSync(u.fsPath)),
      writeFile: async (u: Uri, data: Uint8Array) => writeFileSync(u.fsPath, data),
    },
    openTextDocument: async (u: Uri) => ({ uri: u }),
  },
  window: {
    showOpenDialog: async () => script.open.shift(),
    showQuickPick: async (items: { label: string }[]) => {
      const want = script.pick.shift();
      return want === undefined ? undefined : items.find((i) => i.label.startsWith(want));
    },
    showSaveDialog: async () => script.save,
    showTextDocument: async (doc: { uri: Uri }) => void script.shown.push(doc.uri.fsPath),
    showInformationMessage: async (m: string) => void script.messages.push(m),
    showErrorMessage: async (m: string) => void script.messages.push(m),
    createOutputChannel: () => ({
      clear: () => (script.output.length = 0),
      appendLine: (l: string) => void script.output.push(l),
      show: () => {},
      dispose: () => {},
    }),
  },
};

// Resolve `vscode` to the stand-in for the module under test.
const resolve = (Module as unknown as { _resolveFilename: (r: string, ...a: unknown[]) => string })._resolveFilename;
(Module as unknown as { _resolveFilename: (r: string, ...a: unknown[]) => string })._resolveFilename = function (request: string, ...rest: unknown[]) {
  return request === 'vscode' ? 'vscode' : resolve.call(this, request, ...rest);
};
require.cache.vscode = { id: 'vscode', filename: 'vscode', loaded: true, exports: fakeVscode } as unknown as NodeJS.Module;

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { registerImportCommand, IMPORT_COMMAND } = require('../../client/import-command') as typeof import('../../client/import-command');
registerImportCommand({ subscriptions: [] } as unknown as import('vscode').ExtensionContext);

function reset(dir: string) {
  script.open = [];
  script.pick = [];
  script.shown = [];
  script.messages = [];
  script.output = [];
  script.save = undefined;
  fakeVscode.workspace.workspaceFolders = [{ uri: uri(dir) }];
}

test('VS Code import: pick the pages and the report, skip the password policy, save, open', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'iam-vscode-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  reset(dir);
  script.open = [
    [uri(join(FIXTURES, 'authorization-details-page1.json')), uri(join(FIXTURES, 'authorization-details-page2.json'))],
    [uri(join(FIXTURES, 'credential-report.json'))],
  ];
  script.pick = ['Choose', 'Skip'];
  script.save = uri(join(dir, 'acme.iam.json'));
  await commands.get(IMPORT_COMMAND)!();
  const text = readFileSync(join(dir, 'acme.iam.json'), 'utf8');
  assert.equal(JSON.parse(text).account.asOf, '2026-11-20');
  assert.equal(JSON.parse(text).account.passwordPolicy, undefined);
  assert.deepEqual(script.shown, [join(dir, 'acme.iam.json')]);
  assert.match(script.messages[0], /^Imported 3 users, 2 groups, 3 roles, 2 policies\. \d+ things were not imported\.$/);
  assert.ok(script.output.some((l) => l.includes('policy "S3ReadOnly": 2 versions v1, v2 not imported')));
});

test('VS Code import: a broken input shows the error with its position and writes nothing', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'iam-vscode-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  reset(dir);
  script.open = [[uri(join(FIXTURES, 'broken-syntax.json'))]];
  script.pick = ['Skip', 'Skip'];
  script.save = uri(join(dir, 'x.iam.json'));
  await commands.get(IMPORT_COMMAND)!();
  assert.equal(existsSync(join(dir, 'x.iam.json')), false);
  assert.deepEqual(script.shown, []);
  assert.match(script.messages[0], /^Import failed, nothing written: broken-syntax\.json:4:9: JSON syntax error/);
});

test('VS Code import: cancelling any step writes nothing; a name the workspace would not read is refused', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'iam-vscode-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  reset(dir);
  script.open = [[uri(join(FIXTURES, 'authorization-details-page1.json'))]];
  script.pick = [undefined];
  await commands.get(IMPORT_COMMAND)!();
  assert.deepEqual(script.messages, []);
  reset(dir);
  script.open = [[uri(join(FIXTURES, 'authorization-details-page1.json'))]];
  script.pick = ['Skip', 'Skip'];
  script.save = uri(join(dir, 'account.json'));
  await commands.get(IMPORT_COMMAND)!();
  assert.equal(existsSync(join(dir, 'account.json')), false);
  assert.match(script.messages[0], /Name the file iam\.json or NAME\.iam\.json/);
});
