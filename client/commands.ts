import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import {
  EffectivePermissionsRequestMethod,
  type EffectivePermissionsParams,
  type EffectivePermissionsResult,
} from '../protocol';

/** The commands this module owns (the graph and simulator panels register their own). */
export function registerCommands(context: vscode.ExtensionContext, client: LanguageClient): void {
  context.subscriptions.push(
    vscode.commands.registerCommand('iamWorkbench.restartServer', async () => {
      await client.restart();
    }),
    vscode.commands.registerCommand('iamWorkbench.showOutput', () => client.outputChannel.show(true)),
    vscode.commands.registerCommand('iamWorkbench.showEffectivePermissions', async (arg?: { arn?: string; uri?: string }) => {
      const editor = vscode.window.activeTextEditor;
      const params: EffectivePermissionsParams | undefined = arg?.arn
        ? { uri: arg.uri ?? editor?.document.uri.toString() ?? '', arn: arg.arn }
        : editor
          ? { uri: editor.document.uri.toString(), position: editor.selection.active }
          : undefined;
      if (!params) return;
      const result = await client.sendRequest<EffectivePermissionsResult | null>(EffectivePermissionsRequestMethod, params);
      if (!result) {
        void vscode.window.showInformationMessage('Place the cursor on a user, group or role.');
        return;
      }
      const doc = await vscode.workspace.openTextDocument({ language: 'markdown', content: result.markdown });
      await vscode.commands.executeCommand('markdown.showPreview', doc.uri);
    }),
  );
}
