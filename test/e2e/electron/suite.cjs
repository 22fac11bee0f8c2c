// Runs inside a desktop VS Code started by scripts/e2e/electron.mjs (@vscode/test-electron), with the
// extension under development and a copy of examples/ open. Not a node:test file: VS Code calls run().
// Waits on VS Code's events, never on a timer except for the overall limit.
const vscode = require('vscode');
const assert = require('node:assert/strict');

/** Resolves when check() returns a truthy value, re-checking whenever the event fires. */
function until(what, event, check, ms = 60_000) {
  return new Promise((resolve, reject) => {
    let sub;
    const timer = setTimeout(() => {
      sub?.dispose();
      reject(new Error(`timed out waiting for ${what}`));
    }, ms);
    const test = () => {
      const v = check();
      if (v) {
        clearTimeout(timer);
        sub?.dispose();
        resolve(v);
      }
      return v;
    };
    if (!test()) sub = event(test);
  });
}

function positionOf(doc, needle, after) {
  const text = doc.getText();
  const at = text.indexOf(needle, after === undefined ? 0 : text.indexOf(after));
  assert.ok(at >= 0, `${needle} in ${doc.uri.fsPath}`);
  return doc.positionAt(at + 1);
}

const hoverText = (hovers) =>
  hovers.flatMap((h) => h.contents).map((c) => (typeof c === 'string' ? c : c.value)).join('\n');

exports.run = async function run() {
  const folder = vscode.workspace.workspaceFolders[0].uri;
  const file = (name) => vscode.Uri.joinPath(folder, name);
  const ext = vscode.extensions.getExtension('iam-workbench.iam-workbench');
  assert.ok(ext, 'the extension is installed');
  await ext.activate();

  // Diagnostics for the whole workspace: the mistakes file has some, the clean accounts none.
  const mistakes = file('mistakes.iam.json');
  await until('diagnostics on mistakes.iam.json', vscode.languages.onDidChangeDiagnostics, () => vscode.languages.getDiagnostics(mistakes).length > 0);
  const messages = vscode.languages.getDiagnostics(mistakes).map((d) => d.message);
  assert.ok(messages.some((m) => m.includes('No group named "Developer"')), messages.join('\n'));
  for (const clean of ['acme-prod.iam.json', 'acme-security.iam.json']) {
    assert.deepEqual(vscode.languages.getDiagnostics(file(clean)).map((d) => d.message), [], `${clean} is clean`);
  }

  // Hover on a user: effective permissions per service.
  const prod = await vscode.workspace.openTextDocument(file('acme-prod.iam.json'));
  await vscode.window.showTextDocument(prod);
  const hovers = await vscode.commands.executeCommand('vscode.executeHoverProvider', prod.uri, positionOf(prod, '"carol"', '"users"'));
  const text = hoverText(hovers);
  for (const s of ['Services', 'lambda', 's3', 'ec2']) assert.ok(text.includes(s), `hover mentions ${s}:\n${text}`);

  // Completion of an action name inside a policy's Action.
  const doc = await vscode.workspace.openTextDocument(mistakes);
  const editor = await vscode.window.showTextDocument(doc);
  const typo = positionOf(doc, 's3:GetObjekt');
  const start = typo.translate(0, -1);
  await editor.edit((e) => e.replace(new vscode.Range(start, start.translate(0, 's3:GetObjekt'.length)), 's3:GetOb'));
  const list = await vscode.commands.executeCommand('vscode.executeCompletionItemProvider', doc.uri, start.translate(0, 's3:GetOb'.length));
  const labels = list.items.map((i) => (typeof i.label === 'string' ? i.label : i.label.label));
  assert.ok(labels.includes('s3:GetObject'), `completion offers s3:GetObject: ${labels.slice(0, 20).join(', ')}`);
  await vscode.commands.executeCommand('workbench.action.files.revert');
};
