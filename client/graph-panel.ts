/**
 * The graph panel: a webview that draws what the language server's graph request returns.
 * Security: CSP with a per-load nonce, resources only from dist/webview, data only by postMessage
 * (the page renders it as text). Restored after reload by a WebviewPanelSerializer; follows edits.
 */
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import {
  GraphDataRequestMethod,
  type GraphData,
  type GraphDataParams,
  type GraphHostMessage,
  type GraphNode,
  type GraphWebviewMessage,
} from '../protocol';
import { isAccountFileName } from '../core/model';
import { GRAPH_PAGE } from '../protocol/webview-page';
import { nodeAt } from './graph-node-at';
import { loadPage, showBesidePanel, singlePanel, toRange, watchFiles } from './webview-panel';

export const GRAPH_VIEW_TYPE = 'iamWorkbench.graph';
const REFRESH_DELAY_MS = 300;

const isAccountFile = (uri: vscode.Uri): boolean => isAccountFileName(uri.path);

function isWebviewMessage(m: unknown): m is GraphWebviewMessage {
  if (typeof m !== 'object' || m === null) return false;
  const x = m as { type?: unknown; nodeId?: unknown };
  return x.type === 'ready' || (x.type === 'reveal' && typeof x.nodeId === 'string');
}

class GraphPanel {
  private data: GraphData = { nodes: [], edges: [] };
  private ready = false;
  private pendingFocus: string | undefined;
  private refreshTimer: ReturnType<typeof setTimeout> | undefined;
  private version = 0;
  private errorShown = false;

  constructor(
    readonly panel: vscode.WebviewPanel,
    context: vscode.ExtensionContext,
    private readonly client: LanguageClient,
    onDispose: () => void,
  ) {
    loadPage(panel, context, GRAPH_PAGE, (m) => this.onMessage(m));
    // A hidden webview is torn down and loads again when shown: wait for its next "ready".
    panel.onDidChangeViewState((e) => {
      if (!e.webviewPanel.visible) this.ready = false;
    });
    panel.onDidDispose(() => {
      clearTimeout(this.refreshTimer);
      onDispose();
    });
  }

  focus(nodeId: string | undefined): void {
    if (!nodeId) return;
    if (this.ready) this.post({ type: 'focus', nodeId });
    else this.pendingFocus = nodeId;
  }

  private post(message: GraphHostMessage): void {
    void this.panel.webview.postMessage(message);
  }

  private onMessage(m: unknown): void {
    if (!isWebviewMessage(m)) return;
    if (m.type === 'ready') {
      this.ready = true;
      void this.refresh();
    } else if (m.type === 'reveal') {
      const node = this.data.nodes.find((n) => n.id === m.nodeId);
      if (node) void revealNode(node, this.panel.viewColumn);
    }
  }

  refreshSoon(): void {
    clearTimeout(this.refreshTimer);
    this.refreshTimer = setTimeout(() => void this.refresh(), REFRESH_DELAY_MS);
  }

  /** Asks the server for the graph and hands it to the page (which keeps its positions). */
  async refresh(): Promise<void> {
    if (!this.ready) return;
    const version = ++this.version;
    try {
      const params: GraphDataParams = {};
      const data = await this.client.sendRequest<GraphData>(GraphDataRequestMethod, params);
      if (version !== this.version || !data) return;
      this.data = data;
      const focusId = this.pendingFocus;
      this.pendingFocus = undefined;
      this.post({ type: 'graphData', data, ...(focusId ? { focusId } : {}) });
    } catch (e) {
      // Once per panel: while the server restarts, every keystroke would fail the same way.
      if (this.errorShown) return;
      this.errorShown = true;
      void vscode.window.showErrorMessage(`IAM Workbench: could not build the graph: ${(e as Error)?.message ?? String(e)}`);
    }
  }
}

async function revealNode(node: GraphNode, panelColumn: vscode.ViewColumn | undefined): Promise<void> {
  if (!node.location) return;
  const { uri, range } = node.location;
  const selection = toRange(range);
  try {
    await showBesidePanel(uri, panelColumn, () => selection);
  } catch (e) {
    void vscode.window.showErrorMessage(`IAM Workbench: cannot open ${uri}: ${(e as Error)?.message ?? String(e)}`);
  }
}

/** Reads the node id out of a command argument: a string id, or `{ nodeId }`. */
function nodeIdFrom(arg: unknown): string | undefined {
  if (typeof arg === 'string' && arg.includes(':')) return arg;
  if (typeof arg === 'object' && arg !== null && typeof (arg as { nodeId?: unknown }).nodeId === 'string') {
    return (arg as { nodeId: string }).nodeId;
  }
  return undefined;
}

/**
 * Registers the graph panel: the `iamWorkbench.showGraph` command (optional argument: a node id to
 * focus), `iamWorkbench.showInGraph` (a node id from CodeLens, or the entity at the cursor), the
 * serializer that restores the panel after a reload, and live refresh on changes to account files.
 */
export function registerGraphPanel(context: vscode.ExtensionContext, client: LanguageClient): void {
  const panels = singlePanel(context, GRAPH_VIEW_TYPE, 'IAM Graph', (panel, onDispose) => new GraphPanel(panel, context, client, onDispose));
  const show = (focusId?: string, column?: vscode.ViewColumn): void => panels.show((p) => p.focus(focusId), column);

  /** The node of the entity under the cursor of the active account file, if any. */
  const underCursor = async (): Promise<string | undefined> => {
    const editor = vscode.window.activeTextEditor;
    if (!editor || !isAccountFile(editor.document.uri)) return undefined;
    try {
      const data = await client.sendRequest<GraphData>(GraphDataRequestMethod, {} satisfies GraphDataParams);
      return nodeAt(data.nodes, editor.document.uri.toString(), editor.selection.active.line);
    } catch {
      return undefined;
    }
  };

  // Beside the editor (its own editor group) from a CodeLens or a hover link, on the node named.
  const showInGraph = async (arg?: unknown): Promise<void> => show(nodeIdFrom(arg) ?? (await underCursor()));

  context.subscriptions.push(
    // From the command palette or the editor title: full width (a tab of the active group), focused on
    // the principal under the cursor.
    vscode.commands.registerCommand('iamWorkbench.showGraph', async (arg?: unknown) =>
      show(nodeIdFrom(arg) ?? (await underCursor()), nodeIdFrom(arg) ? vscode.ViewColumn.Beside : vscode.ViewColumn.Active),
    ),
    vscode.commands.registerCommand('iamWorkbench.showInGraph', showInGraph),
  );
  watchFiles(context, '**/{iam.json,*.iam.json}', isAccountFile, () => panels.current()?.refreshSoon());
}
