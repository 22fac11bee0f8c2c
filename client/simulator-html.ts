/**
 * The simulator page's HTML and Content-Security-Policy, shared by the VS Code panel
 * (simulator-panel.ts) and the browser tests. No vscode import: plain strings only.
 */

/** The CSP of the simulator page: nothing but our own script (by nonce) and stylesheet. */
export function simulatorCsp(cspSource: string, nonce: string): string {
  return ["default-src 'none'", `script-src 'nonce-${nonce}'`, `style-src ${cspSource}`, `img-src ${cspSource} data:`, `font-src ${cspSource}`].join('; ');
}

const escapeAttribute = (s: string) => s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

export interface SimulatorPageParts {
  cspSource: string;
  nonce: string;
  scriptUri: string;
  styleUri: string;
}

export function simulatorHtml(parts: SimulatorPageParts): string {
  const { cspSource, nonce, scriptUri, styleUri } = parts;
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${escapeAttribute(simulatorCsp(cspSource, nonce))}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${escapeAttribute(styleUri)}">
<title>IAM Simulator</title>
</head>
<body>
<div id="app"></div>
<script nonce="${escapeAttribute(nonce)}" src="${escapeAttribute(scriptUri)}"></script>
</body>
</html>
`;
}
