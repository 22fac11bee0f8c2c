import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';

/** The commands this module owns (the graph and simulator panels, documents.ts and language-status.ts register their own). */
export function registerCommands(context: vscode.ExtensionContext, client: LanguageClient): void {
  context.subscriptions.push(
    vscode.commands.registerCommand('iamWorkbench.restartServer', async () => {
      await client.restart();
    }),
    vscode.commands.registerCommand('iamWorkbench.showOutput', () => client.outputChannel.show(true)),
  );
}
