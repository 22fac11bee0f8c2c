/**
 * The webview pages' HTML and Content-Security-Policy, shared by the VS Code panels
 * (client/webview-panel.ts), the browser tests and the CLI's standalone graph page. Plain strings
 * only (no vscode, no node imports), so every face can use it.
 */

/** A page of ours: its bundle (`dist/webview/<bundle>.js` + `.css`), title, and whether it starts a Blob worker. */
export interface WebviewPage {
  bundle: string;
  title: string;
  worker: boolean;
}

export const GRAPH_PAGE: WebviewPage = { bundle: 'graph', title: 'IAM graph', worker: true };
export const SIMULATOR_PAGE: WebviewPage = { bundle: 'simulator', title: 'IAM Simulator', worker: false };

/** The CSP of a webview page: nothing but our own script (by nonce), stylesheet and, if asked, Blob worker. */
export function webviewCsp(cspSource: string, nonce: string, worker: boolean): string {
  return [
    "default-src 'none'",
    `script-src 'nonce-${nonce}'`,
    `style-src ${cspSource}`,
    `img-src ${cspSource} data:`,
    `font-src ${cspSource}`,
    ...(worker ? ['worker-src blob:'] : []),
  ].join('; ');
}

export const escapeAttribute = (s: string): string =>
  s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/**
 * The skeleton every page shares: the CSP meta element, `head` (title, stylesheet), an empty
 * `#app` and `body` (the scripts). `head` and `body` are markup the caller has already escaped.
 */
export function pageHtml(csp: string, head: string, body: string): string {
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${escapeAttribute(csp)}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
${head}
</head>
<body>
<div id="app"></div>
${body}
</body>
</html>
`;
}

export interface WebviewPageParts {
  cspSource: string;
  nonce: string;
  scriptUri: string;
  styleUri: string;
}

/** A page as a webview loads it: script and stylesheet by URI (from the bundle folder only), script by nonce. */
export function webviewHtml(page: WebviewPage, parts: WebviewPageParts): string {
  const { cspSource, nonce, scriptUri, styleUri } = parts;
  return pageHtml(
    webviewCsp(cspSource, nonce, page.worker),
    `<link rel="stylesheet" href="${escapeAttribute(styleUri)}">\n<title>${page.title}</title>`,
    `<script nonce="${escapeAttribute(nonce)}" src="${escapeAttribute(scriptUri)}"></script>`,
  );
}
