/**
 * What the graph and simulator panels share: loading a page (scripts on, resources only from
 * dist/webview, a CSP with a fresh nonce per load), keeping one panel of a kind (show or reveal,
 * re-attach after a reload through a WebviewPanelSerializer), following IAM file changes, and
 * opening a location in an editor beside the panel.
 */
import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import { webviewHtml, type WebviewPage } from '../protocol/webview-page';

/** The only folder a page may load from: the webview bundles. */
function bundleRoot(context: vscode.ExtensionContext): vscode.Uri {
  return vscode.Uri.joinPath(context.extensionUri, 'dist', 'webview');
}

/** Scripts on, local resources from the bundle folder only. */
function pageOptions(context: vscode.ExtensionContext): vscode.WebviewOptions {
  return { enableScripts: true, localResourceRoots: [bundleRoot(context)] };
}

/** Loads `page` into `panel` with a fresh nonce and routes what the page posts to `onMessage`. */
export function loadPage(
  panel: vscode.WebviewPanel,
  context: vscode.ExtensionContext,
  page: WebviewPage,
  onMessage: (message: unknown) => void,
): void {
  const root = bundleRoot(context);
  panel.webview.options = pageOptions(context);
  panel.webview.html = webviewHtml(page, {
    cspSource: panel.webview.cspSource,
    nonce: randomBytes(16).toString('base64'),
    scriptUri: panel.webview.asWebviewUri(vscode.Uri.joinPath(root, `${page.bundle}.js`)).toString(),
    styleUri: panel.webview.asWebviewUri(vscode.Uri.joinPath(root, `${page.bundle}.css`)).toString(),
  });
  panel.webview.onDidReceiveMessage(onMessage, undefined, context.subscriptions);
}

export interface SinglePanel<P> {
  /** The open panel, if any. */
  current(): P | undefined;
  /** Reveals the open panel, or opens one in `column` (beside the editor by default); then hands it to `then`. */
  show(then: (panel: P) => void, column?: vscode.ViewColumn): void;
}

/**
 * Keeps at most one panel of `viewType`. `make` wraps a webview panel (new, or restored after a
 * reload by the serializer registered here; the page restores its own view from getState) and
 * calls `onDispose` when it closes.
 */
export function singlePanel<P extends { readonly panel: vscode.WebviewPanel }>(
  context: vscode.ExtensionContext,
  viewType: string,
  title: string,
  make: (panel: vscode.WebviewPanel, onDispose: () => void) => P,
): SinglePanel<P> {
  let current: P | undefined;
  const adopt = (panel: vscode.WebviewPanel): P => {
    const made = make(panel, () => {
      if (current === made) current = undefined;
    });
    current = made;
    return made;
  };
  context.subscriptions.push(
    vscode.window.registerWebviewPanelSerializer(viewType, {
      async deserializeWebviewPanel(panel: vscode.WebviewPanel) {
        adopt(panel);
      },
    }),
  );
  return {
    current: () => current,
    show(then, column = vscode.ViewColumn.Beside) {
      if (current) {
        current.panel.reveal(undefined, false);
        then(current);
        return;
      }
      then(adopt(vscode.window.createWebviewPanel(viewType, title, column, pageOptions(context))));
    },
  };
}

/** Calls `changed` when an open document is edited, or a file matching `glob` changes on disk, if `matches` says it counts. */
export function watchFiles(
  context: vscode.ExtensionContext,
  glob: string,
  matches: (uri: vscode.Uri) => boolean,
  changed: () => void,
): void {
  const onChange = (uri: vscode.Uri) => {
    if (matches(uri)) changed();
  };
  const watcher = vscode.workspace.createFileSystemWatcher(glob);
  context.subscriptions.push(
    vscode.workspace.onDidChangeTextDocument((e) => onChange(e.document.uri)),
    watcher,
    watcher.onDidChange(onChange),
    watcher.onDidCreate(onChange),
    watcher.onDidDelete(onChange),
  );
}

/** A protocol range (lines and characters) as a VS Code range. */
export function toRange(r: { start: { line: number; character: number }; end: { line: number; character: number } }): vscode.Range {
  return new vscode.Range(r.start.line, r.start.character, r.end.line, r.end.character);
}

/** Opens `uri` in the editor column beside the panel with `selection` selected; rejects if it cannot be opened. */
export async function showBesidePanel(
  uri: string,
  panelColumn: vscode.ViewColumn | undefined,
  selection: (doc: vscode.TextDocument) => vscode.Range,
): Promise<void> {
  const column = panelColumn === vscode.ViewColumn.One ? vscode.ViewColumn.Beside : vscode.ViewColumn.One;
  const doc = await vscode.workspace.openTextDocument(vscode.Uri.parse(uri));
  await vscode.window.showTextDocument(doc, { selection: selection(doc), viewColumn: column, preserveFocus: false });
}
