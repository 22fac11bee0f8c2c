/**
 * Read-only virtual documents, shown in VS Code's Markdown preview: a principal's effective permissions
 * (`iam-workbench-effective:`) and a rule's documentation (`iam-workbench-rule:`). Each document's URI
 * names what it shows (the principal's ARN, the rule id), so a preview restored after a reload asks the
 * language server again; the effective permissions follow edits. Never an Untitled buffer to save.
 */
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import {
  EffectivePermissionsRequestMethod,
  RuleDocumentationRequestMethod,
  type EffectivePermissionsParams,
  type EffectivePermissionsResult,
  type RuleDocumentationResult,
} from '../protocol';

export const EFFECTIVE_SCHEME = 'iam-workbench-effective';
export const RULE_SCHEME = 'iam-workbench-rule';

/** `iam-workbench-effective:/Effective permissions of alice.md?arn=…`: the path is the tab's title. */
export function effectiveUri(result: EffectivePermissionsResult): vscode.Uri {
  return vscode.Uri.from({ scheme: EFFECTIVE_SCHEME, path: `/${result.title.replace(/[/\\]/g, '-')}.md`, query: new URLSearchParams({ arn: result.arn }).toString() });
}

export function ruleUri(id: string): vscode.Uri {
  return vscode.Uri.from({ scheme: RULE_SCHEME, path: `/${id}.md` });
}

export function registerDocuments(
  context: vscode.ExtensionContext,
  client: LanguageClient,
  ready: Promise<unknown>,
  onAnalyzed: vscode.Event<void>,
): void {
  const changed = new vscode.EventEmitter<vscode.Uri>();
  const effective: vscode.TextDocumentContentProvider = {
    onDidChange: changed.event,
    async provideTextDocumentContent(uri) {
      const arn = new URLSearchParams(uri.query).get('arn') ?? '';
      await ready;
      const result = await client.sendRequest<EffectivePermissionsResult | null>(EffectivePermissionsRequestMethod, { uri: '', arn } satisfies EffectivePermissionsParams);
      return result?.markdown ?? `# Effective permissions\n\n\`${arn}\` is not in the workspace any more.\n`;
    },
  };
  const rules: vscode.TextDocumentContentProvider = {
    async provideTextDocumentContent(uri) {
      const id = uri.path.replace(/^\//, '').replace(/\.md$/, '');
      await ready;
      const result = await client.sendRequest<RuleDocumentationResult | null>(RuleDocumentationRequestMethod, { id });
      return result?.markdown ?? `# ${id}\n\nNo such rule.\n`;
    },
  };
  context.subscriptions.push(
    changed,
    vscode.workspace.registerTextDocumentContentProvider(EFFECTIVE_SCHEME, effective),
    vscode.workspace.registerTextDocumentContentProvider(RULE_SCHEME, rules),
    // The open pages follow the workspace: each analysis refreshes them (the preview follows its document).
    onAnalyzed(() => {
      for (const doc of vscode.workspace.textDocuments) if (doc.uri.scheme === EFFECTIVE_SCHEME) changed.fire(doc.uri);
    }),
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
      await vscode.commands.executeCommand('markdown.showPreview', effectiveUri(result));
    }),
    vscode.commands.registerCommand('iamWorkbench.showRuleDocumentation', async (id?: string) => {
      if (typeof id !== 'string' || !id) return;
      await vscode.commands.executeCommand('markdown.showPreview', ruleUri(id));
    }),
  );
}
