import { ruleById } from '../analysis/rules';

/**
 * Where each diagnostic's documentation lives (LSP `codeDescription.href`). The pages are the project's own
 * docs — `rules.md` (generated: one heading per rule), `iam-json.md`, `scenarios.md` — which the extension
 * ships (`docs/` in the .vsix), so a link works with no network: the language server points the links at its
 * own copy (`shippedDocs`: a `file:` URI to the page, with `#L<line>` of the heading, which VS Code's editor
 * opener turns into a selection). Without a configured site (the CLI, tests), links are relative
 * (`docs/rules.md#<anchor>`, the anchor GitHub and the Markdown preview give the heading).
 */
export interface DocTarget {
  /** The page in docs/. */
  page: 'rules.md' | 'iam-json.md' | 'scenarios.md';
  /** The heading's text as written in the page. */
  heading: string;
}

/** Turns a page and heading into a link. */
export type DocsSite = (target: DocTarget) => string | undefined;

/** The anchor of a heading as GitHub (and VS Code's Markdown preview) render it: lower case, punctuation other than `-` dropped. */
export function headingAnchor(heading: string): string {
  return heading.toLowerCase().replace(/[^a-z0-9 -]/g, '').replace(/ /g, '-');
}

/** Relative links into the repository's docs folder: what the CLI and the tests see. */
export const relativeDocs: DocsSite = (t) => `docs/${t.page}#${headingAnchor(t.heading)}`;

/**
 * The docs shipped with the extension: `folderUri` is the docs folder as a `file:` URI, `readPage` reads a page's
 * text (undefined when missing). A link is `<folderUri>/<page>#L<line>` (1-based line of the heading; the page's
 * top when the heading is not found), or undefined when the page itself is missing.
 */
export function shippedDocs(folderUri: string, readPage: (page: DocTarget['page']) => string | undefined): DocsSite {
  const lines = new Map<string, Map<string, number> | undefined>();
  const headings = (page: DocTarget['page']) => {
    if (!lines.has(page)) {
      const text = readPage(page);
      let map: Map<string, number> | undefined;
      if (text !== undefined) {
        map = new Map();
        text.split(/\r?\n/).forEach((line, i) => {
          const m = /^#{1,6} (.+?)\s*$/.exec(line);
          if (m && !map!.has(headingAnchor(m[1]))) map!.set(headingAnchor(m[1]), i + 1);
        });
      }
      lines.set(page, map);
    }
    return lines.get(page);
  };
  const base = folderUri.endsWith('/') ? folderUri : `${folderUri}/`;
  return (t) => {
    const map = headings(t.page);
    if (!map) return undefined;
    return `${base}${t.page}#L${map.get(headingAnchor(t.heading)) ?? 1}`;
  };
}

let site: DocsSite = relativeDocs;
const urls = new Map<string, string | undefined>();

/** Points every documentation link at `next` (the server does, at start, to the extension's own docs). */
export function setDocsSite(next: DocsSite): void {
  site = next;
  urls.clear();
}

/** The documentation page of a finding's code, or undefined for a code no page describes. */
export function docUrl(code: string): string | undefined {
  if (urls.has(code)) return urls.get(code);
  const target = docTarget(code);
  const url = target ? site(target) : undefined;
  if (urls.size < 1000) urls.set(code, url);
  return url;
}

/** Which page and heading documents a finding's code. */
export function docTarget(code: string): DocTarget | undefined {
  if (ruleById(code)) return { page: 'rules.md', heading: code };
  const area = code.slice(0, code.indexOf('/'));
  switch (area) {
    case 'parse':
    case 'schema':
      return { page: 'iam-json.md', heading: 'What the schema checks, what the model checks' };
    case 'ref':
      return { page: 'iam-json.md', heading: 'References' };
    case 'scenario':
      return { page: 'scenarios.md', heading: 'Failures and broken files' };
    case 'config':
    case 'rules':
      return { page: 'rules.md', heading: 'Configuring rules' };
    default:
      return undefined;
  }
}

/** A rule's documentation as a Markdown page (the same text docs/rules.md shows under its heading). */
export function ruleDocMarkdown(id: string): string | undefined {
  const rule = ruleById(id);
  if (!rule) return undefined;
  return [
    `# ${rule.id}`,
    '',
    `*Default severity: ${rule.severity}.* ${rule.message}`,
    '',
    rule.doc,
    '',
    '---',
    '',
    `Silence it on one line with \`// iam-workbench-disable-next-line ${rule.id}\` above the line, or everywhere with`,
    `\`"rules": { "${rule.id}": "off" }\` in \`iam-workbench.json\` (or the \`iamWorkbench.rules\` setting).`,
    '',
    `The whole catalogue: docs/rules.md (shipped with the extension).`,
    '',
  ].join('\n');
}
