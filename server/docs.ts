import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { setDocsSite, shippedDocs } from '../core/ide/rule-docs';

/**
 * Points the diagnostics' documentation links (`codeDescription.href`) at the docs shipped beside the server:
 * `<extension>/docs/` in the .vsix (dist/server.js's parent folder), the checkout's docs/ when run from the
 * repository. A click opens the page in the editor at the rule's heading, with no network. Returns the folder,
 * or undefined when there is none (the links then stay relative, as in the CLI).
 */
export function useShippedDocs(serverDir: string | undefined = typeof __dirname === 'string' ? __dirname : undefined): string | undefined {
  if (!serverDir) return undefined;
  const folder = [join(serverDir, '..', 'docs'), join(serverDir, '..', '..', 'docs')].find((d) => existsSync(join(d, 'rules.md')));
  if (!folder) return undefined;
  setDocsSite(
    shippedDocs(pathToFileURL(folder).href, (page) => {
      try {
        return readFileSync(join(folder, page), 'utf8');
      } catch {
        return undefined;
      }
    }),
  );
  return folder;
}
