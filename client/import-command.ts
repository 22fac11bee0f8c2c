/**
 * "IAM Workbench: Import from AWS CLI output…": pick the files the AWS CLI wrote, run the core
 * import, save the new iam.json and open it. What could not be imported goes to an output channel.
 */
import * as vscode from 'vscode';
import { formatImportError, formatImportNote, importFromAws, type ImportSource } from '../core/interop/import';
import { importFolder } from '../core/interop/import/folder';
import { isAccountFileName } from '../core/model';

export const IMPORT_COMMAND = 'iamWorkbench.importFromAws';
export const IMPORT_FOLDER_COMMAND = 'iamWorkbench.importFolder';

let channel: vscode.OutputChannel | undefined;

export function registerImportCommand(context: vscode.ExtensionContext): void {
  context.subscriptions.push(
    vscode.commands.registerCommand(IMPORT_COMMAND, () => runImport()),
    vscode.commands.registerCommand(IMPORT_FOLDER_COMMAND, () => runFolderImport()),
    { dispose: () => channel?.dispose() },
  );
}

const JSON_FILTERS = { JSON: ['json'], 'All files': ['*'] };

async function runImport(): Promise<void> {
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
  const details = await vscode.window.showOpenDialog({
    title: 'Import (1/3): output of `aws iam get-account-authorization-details` (select every page)',
    openLabel: 'Use as authorization details',
    canSelectMany: true,
    defaultUri: folder,
    filters: JSON_FILTERS,
  });
  if (!details?.length) return;
  const report = await optionalFile(
    'Import (2/3): credential report',
    'Choose the output of `aws iam get-credential-report` (JSON, CSV or base64)…',
    'fills console access, MFA, access keys, the root user and the snapshot date',
    folder,
  );
  if (report === null) return;
  const password = await optionalFile(
    'Import (3/3): password policy',
    'Choose the output of `aws iam get-account-password-policy`…',
    'fills account.passwordPolicy',
    folder,
  );
  if (password === null) return;

  const read = async (uri: vscode.Uri): Promise<ImportSource> => ({
    name: vscode.workspace.asRelativePath(uri, false),
    text: new TextDecoder('utf-8').decode(await vscode.workspace.fs.readFile(uri)),
  });
  let result;
  try {
    result = importFromAws({
      authorizationDetails: await Promise.all(details.map(read)),
      credentialReport: report ? await read(report) : undefined,
      passwordPolicy: password ? await read(password) : undefined,
    });
  } catch (e) {
    void vscode.window.showErrorMessage(`Import failed: cannot read the files (${(e as Error).message}).`);
    return;
  }
  const out = output();
  out.clear();
  if (result.errors.length || result.text === undefined) {
    out.appendLine(`Import failed; nothing written. ${result.errors.length} error(s):`);
    for (const e of result.errors) out.appendLine(`  ${formatImportError(e)}`);
    const first = result.errors[0];
    const choice = await vscode.window.showErrorMessage(
      `Import failed, nothing written: ${first ? formatImportError(first) : 'no input'}${result.errors.length > 1 ? ` (and ${result.errors.length - 1} more)` : ''}`,
      'Show All',
    );
    if (choice) out.show(true);
    return;
  }

  const accountId = /"id": "(\d{12})"/.exec(result.text)?.[1];
  const target = await vscode.window.showSaveDialog({
    title: 'Save the imported account as',
    saveLabel: 'Save',
    defaultUri: folder ? vscode.Uri.joinPath(folder, `${accountId ?? 'account'}.iam.json`) : undefined,
    filters: { 'IAM account file': ['iam.json'] },
  });
  if (!target) return;
  const name = target.path.slice(target.path.lastIndexOf('/') + 1);
  if (!isAccountFileName(name)) {
    void vscode.window.showErrorMessage(`Name the file iam.json or NAME.iam.json so IAM Workbench reads it, not "${name}". Nothing written.`);
    return;
  }
  // The save dialog has already asked before replacing an existing file.
  await vscode.workspace.fs.writeFile(target, new TextEncoder().encode(result.text));
  await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(target));

  const s = result.summary;
  out.appendLine(`Imported ${s.users} users, ${s.groups} groups, ${s.roles} roles, ${s.policies} customer managed policies into ${vscode.workspace.asRelativePath(target, false)}.`);
  if (result.notes.length) {
    out.appendLine(`Not imported or not known (${result.notes.length}):`);
    for (const n of result.notes) out.appendLine(`  - ${formatImportNote(n)}`);
  }
  const choice = await vscode.window.showInformationMessage(
    `Imported ${s.users} users, ${s.groups} groups, ${s.roles} roles, ${s.policies} policies.${result.notes.length ? ` ${result.notes.length} things were not imported.` : ''}`,
    ...(result.notes.length ? ['Show What Was Left Out'] : []),
  );
  if (choice) out.show(true);
}

/**
 * "Import an AWS organization from a folder…": the folder's AWS Config items, Organizations outputs,
 * authorization details and resource-policy outputs become an organization file and one account file
 * per account in a folder the user picks, which is then opened as the workspace.
 */
async function runFolderImport(): Promise<void> {
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
  const from = await vscode.window.showOpenDialog({
    title: 'Import (1/2): the folder of AWS outputs (Config snapshots or select-resource-config results, Organizations list-*/describe-* outputs, get-bucket-policy and other policy outputs)',
    openLabel: 'Import this folder',
    canSelectFiles: false,
    canSelectFolders: true,
    canSelectMany: false,
    defaultUri: folder,
  });
  if (!from?.length) return;
  const to = await vscode.window.showOpenDialog({
    title: 'Import (2/2): the folder to write the organization and account files into',
    openLabel: 'Write the workspace here',
    canSelectFiles: false,
    canSelectFolders: true,
    canSelectMany: false,
    defaultUri: folder,
  });
  if (!to?.length) return;
  const decoder = new TextDecoder('utf-8');
  let result;
  try {
    const entries = (await vscode.workspace.fs.readDirectory(from[0]))
      .filter(([name, type]) => type === vscode.FileType.File && /\.(json|jsonl)$/i.test(name))
      .sort((a, b) => (a[0] < b[0] ? -1 : 1));
    const sources: ImportSource[] = [];
    for (const [name] of entries) sources.push({ name, text: decoder.decode(await vscode.workspace.fs.readFile(vscode.Uri.joinPath(from[0], name))) });
    result = importFolder(sources);
  } catch (e) {
    void vscode.window.showErrorMessage(`Import failed: cannot read the folder (${(e as Error).message}).`);
    return;
  }
  const out = output();
  out.clear();
  if (result.errors.length || !result.files.length) {
    out.appendLine(`Import failed; nothing written. ${result.errors.length} error(s):`);
    for (const e of result.errors) out.appendLine(`  ${formatImportError(e)}`);
    const first = result.errors[0];
    const choice = await vscode.window.showErrorMessage(`Import failed, nothing written: ${first ? formatImportError(first) : 'nothing to import'}${result.errors.length > 1 ? ` (and ${result.errors.length - 1} more)` : ''}`, 'Show All');
    if (choice) out.show(true);
    return;
  }
  const existing: string[] = [];
  for (const f of result.files) {
    try {
      await vscode.workspace.fs.stat(vscode.Uri.joinPath(to[0], f.name));
      existing.push(f.name);
    } catch {
      // Not there: fine.
    }
  }
  if (existing.length) {
    const replace = await vscode.window.showWarningMessage(`${existing.join(', ')} already exist${existing.length === 1 ? 's' : ''} in the folder. Replace?`, { modal: true }, 'Replace');
    if (replace !== 'Replace') return;
  }
  for (const f of result.files) await vscode.workspace.fs.writeFile(vscode.Uri.joinPath(to[0], f.name), new TextEncoder().encode(f.text));
  out.appendLine(`Imported into ${to[0].fsPath}: ${result.files.map((f) => f.name).join(', ')}.`);
  if (result.notes.length) {
    out.appendLine(`Not imported or not known (${result.notes.length}):`);
    for (const n of result.notes) out.appendLine(`  - ${formatImportNote(n)}`);
  }
  // Open the new workspace: in this window when it is (inside) the open folder, else as a folder.
  const inside = vscode.workspace.workspaceFolders?.some((w) => to[0].fsPath === w.uri.fsPath || to[0].fsPath.startsWith(`${w.uri.fsPath}/`));
  if (inside) {
    const first = result.files.find((f) => f.name === 'organization.iam.json') ?? result.files[0];
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(vscode.Uri.joinPath(to[0], first.name)));
    void vscode.window.showInformationMessage(`Imported ${result.files.length} file(s).${result.notes.length ? ` ${result.notes.length} things were not imported.` : ''}`, ...(result.notes.length ? ['Show What Was Left Out'] : [])).then((c) => c && out.show(true));
  } else {
    await vscode.commands.executeCommand('vscode.openFolder', to[0], { forceNewWindow: true });
  }
}

/** Asks for an optional input file: its Uri, undefined when skipped, null when the user cancelled. */
async function optionalFile(title: string, choose: string, detail: string, folder: vscode.Uri | undefined): Promise<vscode.Uri | undefined | null> {
  const skip = 'Skip';
  const picked = await vscode.window.showQuickPick([{ label: choose, detail }, { label: skip }], { title, ignoreFocusOut: true });
  if (!picked) return null;
  if (picked.label === skip) return undefined;
  const files = await vscode.window.showOpenDialog({ title, canSelectMany: false, defaultUri: folder, filters: { 'AWS CLI output': ['json', 'csv', 'txt', 'b64'], 'All files': ['*'] } });
  return files?.[0] ?? null;
}

function output(): vscode.OutputChannel {
  channel ??= vscode.window.createOutputChannel('IAM Workbench Import');
  return channel;
}
