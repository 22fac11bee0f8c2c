import { ruleById } from '../analysis/rules';

/**
 * Where each diagnostic's documentation lives (LSP `codeDescription.href`): the repository's docs pages,
 * `<DOCS_URL>/rules.md#<anchor>` for a rule of the catalogue (the anchor GitHub gives the rule's own
 * heading in the generated docs/rules.md), and the section of docs/iam-json.md or docs/scenarios.md
 * that explains the other codes. One constant: a fork changes it here (docs/rules.md says so too).
 */
export const DOCS_URL = 'https://github.com/iam-workbench/iam-workbench/blob/main/docs';

/** The anchor of a heading as GitHub renders it: lower case, punctuation other than `-` dropped. */
export function headingAnchor(heading: string): string {
  return heading.toLowerCase().replace(/[^a-z0-9 -]/g, '').replace(/ /g, '-');
}

const urls = new Map<string, string | undefined>();

/** The documentation page of a finding's code, or undefined for a code no page describes. */
export function docUrl(code: string): string | undefined {
  if (urls.has(code)) return urls.get(code);
  const url = pageOf(code);
  if (urls.size < 1000) urls.set(code, url);
  return url;
}

function pageOf(code: string): string | undefined {
  if (ruleById(code)) return `${DOCS_URL}/rules.md#${headingAnchor(code)}`;
  const area = code.slice(0, code.indexOf('/'));
  switch (area) {
    case 'parse':
    case 'schema':
      return `${DOCS_URL}/iam-json.md#${headingAnchor('What the schema checks, what the model checks')}`;
    case 'ref':
      return `${DOCS_URL}/iam-json.md#references`;
    case 'scenario':
      return `${DOCS_URL}/scenarios.md#${headingAnchor('Failures and broken files')}`;
    case 'config':
    case 'rules':
      return `${DOCS_URL}/rules.md#${headingAnchor('Configuring rules')}`;
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
    `Online: ${docUrl(rule.id)}`,
    '',
  ].join('\n');
}
