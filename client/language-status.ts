/**
 * The language status item of `iam-json` files (the `{}` in the status bar): whether the server is
 * starting, analysing or ready, how many files it checked and their problems, and a quick pick of the
 * extension's main actions.
 */
import * as vscode from 'vscode';
import { State, type LanguageClient } from 'vscode-languageclient/node';
import type { AnalyzedParams } from '../protocol';

const ACTIONS: { label: string; command: string; description?: string }[] = [
  { label: '$(type-hierarchy) Show Graph', command: 'iamWorkbench.showGraph' },
  { label: '$(beaker) Simulate…', command: 'iamWorkbench.simulate' },
  { label: '$(shield) Show Effective Permissions', command: 'iamWorkbench.showEffectivePermissions', description: 'of the principal under the cursor' },
  { label: '$(output) Show Language Server Output', command: 'iamWorkbench.showOutput' },
  { label: '$(debug-restart) Restart Language Server', command: 'iamWorkbench.restartServer' },
];

export function registerLanguageStatus(context: vscode.ExtensionContext, client: LanguageClient, onAnalyzed: vscode.Event<AnalyzedParams>): void {
  const item = vscode.languages.createLanguageStatusItem('iamWorkbench.status', { language: 'iam-json' });
  item.name = 'IAM Workbench';
  item.text = '$(sync~spin) IAM Workbench: starting';
  item.busy = true;
  item.command = { title: 'Actions…', command: 'iamWorkbench.statusActions' };
  let files = 0;
  const problems = () => {
    let errors = 0;
    let warnings = 0;
    for (const [, list] of vscode.languages.getDiagnostics()) {
      for (const d of list) {
        if (d.source !== 'iam-workbench') continue;
        if (d.severity === vscode.DiagnosticSeverity.Error) errors++;
        else if (d.severity === vscode.DiagnosticSeverity.Warning) warnings++;
      }
    }
    return { errors, warnings };
  };
  const show = () => {
    if (client.state !== State.Running) return;
    const { errors, warnings } = problems();
    item.busy = false;
    item.text = `IAM Workbench: ${files} file${files === 1 ? '' : 's'} checked`;
    item.detail = `${errors} error${errors === 1 ? '' : 's'}, ${warnings} warning${warnings === 1 ? '' : 's'}`;
    item.severity = vscode.LanguageStatusSeverity.Information;
  };
  context.subscriptions.push(
    item,
    onAnalyzed((p) => {
      files = p.documents.length;
      show();
    }),
    vscode.languages.onDidChangeDiagnostics(() => {
      if (!item.busy) show();
    }),
    client.onDidChangeState((e) => {
      if (e.newState === State.Starting) {
        item.busy = true;
        item.text = '$(sync~spin) IAM Workbench: starting';
        item.detail = undefined;
      } else if (e.newState === State.Stopped) {
        item.busy = false;
        item.text = '$(error) IAM Workbench: stopped';
        item.detail = 'the language server is not running';
        item.severity = vscode.LanguageStatusSeverity.Error;
      } else {
        item.text = '$(sync~spin) IAM Workbench: analysing';
      }
    }),
    vscode.commands.registerCommand('iamWorkbench.statusActions', async () => {
      const pick = await vscode.window.showQuickPick(ACTIONS, { placeHolder: 'IAM Workbench' });
      if (pick) await vscode.commands.executeCommand(pick.command);
    }),
  );
}
