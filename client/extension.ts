/**
 * The VS Code face: starts the bundled language server (dist/server.js over IPC), registers the
 * commands and hosts the webviews. Knows nothing about IAM beyond the protocol module.
 */
import * as vscode from 'vscode';
import { LanguageClient, TransportKind, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';
import { registerCommands } from './commands';
import { registerGraphPanel } from './graph-panel';
import { registerSimulatorPanel } from './simulator-panel';
import { registerImportCommand } from './import-command';
import { registerDocuments } from './documents';
import { registerLanguageStatus } from './language-status';
import { AnalyzedNotificationMethod, type AnalyzedParams } from '../protocol';
import { registerCompareAccessCommand } from './compare-access';
import { serverEnv, serverExecArgv } from '../core/runtime/server-flags';

let client: LanguageClient | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const module = context.asAbsolutePath('dist/server.js');
  const serverOptions: ServerOptions = {
    // The server's V8 options (its heap's young generation), as the tests and benchmarks start it: core/runtime/server-flags.ts.
    run: { module, transport: TransportKind.ipc, options: { execArgv: serverExecArgv(), env: serverEnv() } },
    debug: { module, transport: TransportKind.ipc, options: { execArgv: [...serverExecArgv(), '--nolazy', '--inspect=6019'], env: serverEnv() } },
  };
  // iam-workbench.json too: the server reads the rules' settings from it.
  const watcher = vscode.workspace.createFileSystemWatcher('**/{iam.json,*.iam.json,*.iam-tests.json,iam-workbench.json}');
  context.subscriptions.push(watcher);
  const clientOptions: LanguageClientOptions = {
    documentSelector: [
      { scheme: 'file', language: 'iam-json' },
      { scheme: 'untitled', language: 'iam-json' },
      // Scenario files (saved simulator questions) run against the workspace.
      { scheme: 'file', pattern: '**/*.iam-tests.json' },
    ],
    synchronize: { fileEvents: watcher },
    initializationOptions: { settings: vscode.workspace.getConfiguration('iamWorkbench') },
    outputChannelName: 'IAM Workbench',
    // The hover's command links (core/ide/hover.ts): only these commands run from its Markdown.
    markdown: { isTrusted: { enabledCommands: ['iamWorkbench.showEffectivePermissions', 'iamWorkbench.simulate', 'iamWorkbench.showInGraph'] } },
  };
  client = new LanguageClient('iamWorkbench', 'IAM Workbench', serverOptions, clientOptions);
  registerGraphPanel(context, client);
  registerSimulatorPanel(context, client);
  registerCommands(context, client);
  registerImportCommand(context);
  // Each analysis (iamWorkbench/analyzed) for the status item and the virtual documents that follow it.
  const analyzed = new vscode.EventEmitter<AnalyzedParams>();
  context.subscriptions.push(analyzed, client.onNotification(AnalyzedNotificationMethod, (p: AnalyzedParams) => analyzed.fire(p)));
  registerLanguageStatus(context, client, analyzed.event);
  registerCompareAccessCommand(context, (method, params) => client!.sendRequest(method, params));
  const started = client.start();
  registerDocuments(context, client, started, (listener) => analyzed.event(() => listener()));
  await started;
}

export async function deactivate(): Promise<void> {
  const c = client;
  client = undefined;
  if (c) await c.stop();
}
