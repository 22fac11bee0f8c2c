/**
 * The graph page's HTML and Content-Security-Policy, shared by the VS Code panel (graph-panel.ts),
 * the browser tests and (inlined) the CLI's standalone page. No vscode import: plain strings only.
 */

/** The CSP of the graph page: nothing but our own script (by nonce), stylesheet and Blob worker. */
export function graphCsp(cspSource: string, nonce: string): string {
  return [
    "default-src 'none'",
    `script-src 'nonce-${nonce}'`,
    `style-src ${cspSource}`,
    `img-src ${cspSource} data:`,
    `font-src ${cspSource}`,
    'worker-src blob:',
  ].join('; ');
}

const escapeAttribute = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

export interface GraphPageParts {
  cspSource: string;
  nonce: string;
  scriptUri: string;
  styleUri: string;
}

export function graphHtml(parts: GraphPageParts): string {
  const { cspSource, nonce, scriptUri, styleUri } = parts;
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${escapeAttribute(graphCsp(cspSource, nonce))}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${escapeAttribute(styleUri)}">
<title>IAM graph</title>
</head>
<body>
<div id="app"></div>
<script nonce="${escapeAttribute(nonce)}" src="${escapeAttribute(scriptUri)}"></script>
</body>
</html>
`;
}
