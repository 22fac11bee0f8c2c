import type { Finding, Severity } from '../../core/findings';
import type { LineIndex } from '../../core/text/line-index';
import type { Span } from '../../core/text/span';

/**
 * SARIF 2.1.0 output for code scanning (GitHub, Azure DevOps, ...). One run; the rules of the
 * catalogue describe themselves (short and full description, help, default level); findings of the
 * parser, schema and reference checks get a rule entry of their own code. Regions are 1-based lines and
 * UTF-16 columns (SARIF's default column kind); quick fixes become `fixes` with replacements.
 */

export interface SarifRuleInfo {
  id: string;
  severity: Severity;
  message: string;
  doc: string;
}

export interface SarifOptions {
  /** Line index of each file, to turn offsets into lines and columns. */
  lines: (uri: string) => LineIndex | undefined;
  /** The files that were checked (uris as in the findings: paths relative to the working folder). */
  files: string[];
  rules: readonly SarifRuleInfo[];
  version: string;
}

const LEVEL: Record<Severity, 'error' | 'warning' | 'note'> = { error: 'error', warning: 'warning', info: 'note', hint: 'note' };

export function formatSarif(findings: Finding[], options: SarifOptions): string {
  const ruleIndex = new Map<string, number>();
  const rules: Record<string, unknown>[] = [];
  const known = new Map(options.rules.map((r) => [r.id, r]));
  const addRule = (id: string, severity: Severity) => {
    let i = ruleIndex.get(id);
    if (i !== undefined) return i;
    const r = known.get(id);
    i = rules.length;
    ruleIndex.set(id, i);
    rules.push({
      id,
      name: id.replace(/[/-](\w)/g, (_, c: string) => c.toUpperCase()),
      shortDescription: { text: r?.message ?? `${id} (parse, schema and reference check)` },
      ...(r ? { fullDescription: { text: plain(r.doc) }, help: { text: plain(r.doc), markdown: r.doc } } : {}),
      defaultConfiguration: { level: LEVEL[r?.severity ?? severity] },
    });
    return i;
  };
  for (const r of options.rules) addRule(r.id, r.severity);

  const artifactIndex = new Map(options.files.map((f, i) => [f, i]));
  const region = (uri: string, span: Span) => {
    const li = options.lines(uri);
    if (!li) return { startLine: 1, startColumn: 1 };
    const s = li.positionAt(span.start);
    const e = li.positionAt(span.end);
    return { startLine: s.line + 1, startColumn: s.character + 1, endLine: e.line + 1, endColumn: e.character + 1 };
  };
  const location = (uri: string) => {
    const i = artifactIndex.get(uri);
    return { uri: toUri(uri), uriBaseId: '%SRCROOT%', ...(i !== undefined ? { index: i } : {}) };
  };

  const results = findings.map((f) => {
    const result: Record<string, unknown> = {
      ruleId: f.code,
      ruleIndex: addRule(f.code, f.severity),
      level: LEVEL[f.severity],
      message: { text: f.message },
      locations: [{ physicalLocation: { artifactLocation: location(f.uri), region: region(f.uri, f.span) } }],
    };
    if (f.related?.length) {
      result.relatedLocations = f.related.map((r, id) => ({
        id,
        message: { text: r.message },
        physicalLocation: { artifactLocation: location(r.uri), region: region(r.uri, r.span) },
      }));
    }
    if (f.fixes?.length) {
      result.fixes = f.fixes.map((fix) => ({
        description: { text: fix.title },
        artifactChanges: [...new Set(fix.edits.map((e) => e.uri))].map((uri) => ({
          artifactLocation: location(uri),
          replacements: fix.edits
            .filter((e) => e.uri === uri)
            .map((e) => ({ deletedRegion: region(uri, e.span), insertedContent: { text: e.newText } })),
        })),
      }));
    }
    return result;
  });

  const log = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'iam-workbench',
            informationUri: 'https://github.com/iam-workbench/iam-workbench',
            version: options.version,
            semanticVersion: options.version,
            rules,
          },
        },
        artifacts: options.files.map((f) => ({ location: { uri: toUri(f), uriBaseId: '%SRCROOT%' } })),
        columnKind: 'utf16CodeUnits',
        results,
      },
    ],
  };
  return JSON.stringify(log, null, 2) + '\n';
}

/** A relative path as a URI reference: forward slashes, reserved characters escaped. */
function toUri(path: string): string {
  return path
    .replace(/\\/g, '/')
    .split('/')
    .map((seg) => encodeURIComponent(seg))
    .join('/');
}

/** Markdown to plain text, roughly: code spans and emphasis lose their marks. */
function plain(md: string): string {
  return md.replace(/\*\*(.*?)\*\*/g, '$1').replace(/`([^`]*)`/g, '$1').replace(/\s*\n\s*/g, ' ');
}
