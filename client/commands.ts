import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';

/** Registers a command unless another module (a panel) already did. */
export function registerFallback(context: vscode.ExtensionContext, id: string, fn: (...args: any[]) => unknown): void {
  void vscode.commands.getCommands(true).then((ids) => {
    if (ids.includes(id)) return;
    try {
      context.subscriptions.push(vscode.commands.registerCommand(id, fn));
    } catch {
      // Registered meanwhile by its owner: keep theirs.
    }
  });
}

/** The commands this module owns (the graph and simulator panels register their own). */
export function registerCommands(context: vscode.ExtensionContext, client: LanguageClient): void {
  context.subscriptions.push(
    vscode.commands.registerCommand('iamWorkbench.restartServer', async () => {
      await client.restart();
    }),
    vscode.commands.registerCommand('iamWorkbench.showOutput', () => client.outputChannel.show(true)),
  );
}
