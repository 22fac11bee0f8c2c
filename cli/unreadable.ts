import type { Workspace } from '../core/model';

/**
 * One line per account file that could not be read as JSON at all (a syntax error, nesting too deep,
 * binary data): `path:line:column: message`, for commands that otherwise say nothing about the files'
 * findings (graph, simulate-principal-policy) and would leave the user wondering where everything went.
 */
export function unreadableFiles(ws: Workspace): string[] {
  const out: string[] = [];
  for (const file of ws.files) {
    const f = file.findings.find((x) => x.code.startsWith('parse/') && x.severity === 'error');
    if (!f) continue;
    const p = file.lines.positionAt(f.span.start);
    out.push(`${file.uri}:${p.line + 1}:${p.character + 1}: ${f.message.replace(/\.$/, '')}`);
  }
  return out;
}
