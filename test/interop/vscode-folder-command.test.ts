/**
 * The VS Code "Import an AWS organization from a folder" command against a scripted stand-in for the
 * `vscode` module (as vscode-command.test.ts): the folder of AWS outputs becomes an organization file
 * and one account file per account, and the new workspace is opened.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import Module from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FIXTURES } from './helpers';
import { buildWorkspace } from '../../core/model';

interface Uri { fsPath: string; path: string; scheme: string }
const uri = (p: string): Uri => ({ fsPath: p, path: p, scheme: 'file' });

const script = {
  open: [] as (Uri[] | undefined)[],
  warning: undefined as string | undefined,
  shown: [] as string[],
  executed: [] as [string, unknown][],
  messages: [] as string[],
  output: [] as string[],
};
const commands = new Map<string, () => Promise<void>>();
const fakeVscode = {
  FileType: { File: 1, Directory: 2 },
  Uri: { joinPath: (base: Uri, ...parts: string[]) => uri(join(base.fsPath, ...parts)) },
  commands: {
    registerCommand: (id: string, fn: () => Promise<void>) => (commands.set(id, fn), { dispose() {} }),
    executeCommand: async (id: string, arg: unknown) => void script.executed.push([id, arg]),
  },
  workspace: {
    workspaceFolders: undefined as { uri: Uri }[] | undefined,
    asRelativePath: (u: Uri) => u.fsPath.slice(u.fsPath.lastIndexOf('/') + 1),
    fs: {
      readFile: async (u: Uri) => new Uint8Array(readFileSync(u.fsPath)),
      writeFile: async (u: Uri, data: Uint8Array) => writeFileSync(u.fsPath, data),
      readDirectory: async (u: Uri) => readdirSync(u.fsPath).map((n) => [n, statSync(join(u.fsPath, n)).isDirectory() ? 2 : 1]),
      stat: async (u: Uri) => statSync(u.fsPath),
    },
    openTextDocument: async (u: Uri) => ({ uri: u }),
  },
  window: {
    showOpenDialog: async () => script.open.shift(),
    showTextDocument: async (doc: { uri: Uri }) => void script.shown.push(doc.uri.fsPath),
    showInformationMessage: async (m: string) => (script.messages.push(m), undefined),
    showErrorMessage: async (m: string) => (script.messages.push(m), undefined),
    showWarningMessage: async (m: string) => (script.messages.push(m), script.warning),
    createOutputChannel: () => ({ clear: () => (script.output.length = 0), appendLine: (l: string) => void script.output.push(l), show: () => {}, dispose: () => {} }),
  },
};
const resolve = (Module as unknown as { _resolveFilename: (r: string, ...a: unknown[]) => string })._resolveFilename;
(Module as unknown as { _resolveFilename: (r: string, ...a: unknown[]) => string })._resolveFilename = function (request: string, ...rest: unknown[]) {
  return request === 'vscode' ? 'vscode' : resolve.call(this, request, ...rest);
};
require.cache.vscode = { id: 'vscode', filename: 'vscode', loaded: true, exports: fakeVscode } as unknown as NodeJS.Module;
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { registerImportCommand, IMPORT_FOLDER_COMMAND } = require('../../client/import-command') as typeof import('../../client/import-command');
registerImportCommand({ subscriptions: [] } as unknown as import('vscode').ExtensionContext);

function outputs(): string {
  const dir = mkdtempSync(join(tmpdir(), 'iam-folder-in-'));
  for (const sub of ['aws-config', 'organizations']) for (const f of readdirSync(join(FIXTURES, sub))) cpSync(join(FIXTURES, sub, f), join(dir, f));
  cpSync(join(FIXTURES, 'resource-policies', 'get-queue-attributes.jobs.json'), join(dir, 'get-queue-attributes.jobs.json'));
  writeFileSync(join(dir, 'notes.json'), '{ "hello": 1 }');
  return dir;
}

function reset(workspace: string | undefined) {
  script.open = [];
  script.shown = [];
  script.executed = [];
  script.messages = [];
  script.output = [];
  script.warning = undefined;
  fakeVscode.workspace.workspaceFolders = workspace ? [{ uri: uri(workspace) }] : undefined;
}

test('VS Code folder import: Config items and Organizations outputs become the organization and account files, opened as a new workspace', async (t) => {
  const from = outputs();
  const to = mkdtempSync(join(tmpdir(), 'iam-folder-out-'));
  t.after(() => [from, to].forEach((d) => rmSync(d, { recursive: true, force: true })));
  reset(undefined);
  script.open = [[uri(from)], [uri(to)]];
  await commands.get(IMPORT_FOLDER_COMMAND)!();
  assert.deepEqual(readdirSync(to).sort(), ['111111111111.iam.json', '222222222222.iam.json', '333333333333.iam.json', 'organization.iam.json']);
  assert.deepEqual(script.executed, [['vscode.openFolder', uri(to)]]);
  const ws = buildWorkspace(readdirSync(to).map((n) => ({ uri: n, text: readFileSync(join(to, n), 'utf8') })));
  assert.deepEqual(ws.allFindings().filter((f) => f.severity === 'error').map((f) => f.message), []);
  // Accounts 111111111111 (the management account), 222222222222 and 333333333333 sit in the imported tree.
  assert.equal(ws.organizationOf(ws.fileForAccount('333333333333'))?.scp.length, 4);
  assert.equal(ws.organizationOf(ws.fileForAccount('111111111111'))?.managementAccount, true);
  assert.ok(script.output.some((l) => /notes\.json: not AWS Config, Organizations/.test(l)), script.output.join('\n'));
  assert.ok(script.output.some((l) => /resource arn:aws:sqs:us-east-1:123456789012:jobs: its account 123456789012 has no file/.test(l)));
});

test('VS Code folder import: inside the open folder the organization file opens; existing files are replaced only when confirmed', async (t) => {
  const from = outputs();
  const root = mkdtempSync(join(tmpdir(), 'iam-folder-ws-'));
  const to = join(root, 'org');
  mkdirSync(to);
  t.after(() => [from, root].forEach((d) => rmSync(d, { recursive: true, force: true })));
  writeFileSync(join(to, 'organization.iam.json'), '{}');
  reset(root);
  script.open = [[uri(from)], [uri(to)]];
  await commands.get(IMPORT_FOLDER_COMMAND)!();
  assert.match(script.messages[0], /organization\.iam\.json already exists/);
  assert.equal(readFileSync(join(to, 'organization.iam.json'), 'utf8'), '{}', 'not replaced without confirmation');
  assert.equal(existsSync(join(to, '111111111111.iam.json')), false);
  reset(root);
  script.open = [[uri(from)], [uri(to)]];
  script.warning = 'Replace';
  await commands.get(IMPORT_FOLDER_COMMAND)!();
  assert.deepEqual(script.shown, [join(to, 'organization.iam.json')]);
  assert.deepEqual(script.executed, []);
  assert.match(readFileSync(join(to, 'organization.iam.json'), 'utf8'), /o-exampleorgid/);
});

test('VS Code folder import: a broken file stops it with the error and its position; nothing is written', async (t) => {
  const from = mkdtempSync(join(tmpdir(), 'iam-folder-bad-'));
  const to = mkdtempSync(join(tmpdir(), 'iam-folder-out-'));
  t.after(() => [from, to].forEach((d) => rmSync(d, { recursive: true, force: true })));
  writeFileSync(join(from, 'snapshot.json'), '{ "configurationItems": [ { "resourceType": "AWS::IAM::User", "awsAccountId": "12" } ] }');
  reset(undefined);
  script.open = [[uri(from)], [uri(to)]];
  await commands.get(IMPORT_FOLDER_COMMAND)!();
  assert.deepEqual(readdirSync(to), []);
  assert.match(script.messages[0], /^Import failed, nothing written: snapshot\.json:1:27: this AWS::IAM::User item has no 12-digit "awsAccountId"/);
});
