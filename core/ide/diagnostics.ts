import type { Finding, Severity } from '../findings';
import type { Span } from '../text/span';
import type { Analysis } from './host';

/** A rule's severity as the user sets it: a severity, or "off". */
export type SeverityOverride = Severity | 'off';

export interface DiagnosticOptions {
  /**
   * Per-code severity overrides: an exact code (`iam/wildcard-action`), or an area prefix ending in
   * `/` or `/*` (`parse/`, `ref/*`) that applies to every code of the area.
   */
  severities?: Record<string, SeverityOverride>;
}

export interface Diagnostic {
  span: Span;
  severity: Severity;
  code: string;
  message: string;
  related: { uri: string; span: Span; message: string }[];
  /** True when the finding carries fixes (code actions offer them). */
  fixable: boolean;
}

/** The diagnostics of one file: its findings with the user's severity overrides applied. */
export function diagnosticsFor(analysis: Analysis, uri: string, options: DiagnosticOptions = {}): Diagnostic[] {
  return toDiagnostics(analysis.findings.get(uri) ?? [], options);
}

/** Findings (of any source: the analysis, scenario files) as diagnostics, with severity overrides. */
export function toDiagnostics(findings: readonly Finding[], options: DiagnosticOptions = {}): Diagnostic[] {
  const out: Diagnostic[] = [];
  const severityOf = shownSeverities(options);
  for (const f of findings) {
    const severity = severityOf(f);
    if (severity === 'off') continue;
    out.push({
      span: f.span,
      severity,
      code: f.code,
      message: f.message,
      related: f.related ?? [],
      fixable: (f.fixes?.length ?? 0) > 0,
    });
  }
  return out;
}

/**
 * The severity each finding is shown with (the user's override, else its own; "off": not shown), as `toDiagnostics`
 * gives it: the override looked up once per code (a big file has thousands of findings of a few dozen codes).
 */
export function shownSeverities(options: DiagnosticOptions = {}): (f: Finding) => SeverityOverride {
  const overrides = new Map<string, SeverityOverride | undefined>();
  return (f) => {
    let override = overrides.get(f.code);
    if (override === undefined && !overrides.has(f.code)) overrides.set(f.code, (override = configuredOverride(f.code, options.severities)));
    return override ?? f.severity;
  };
}

export function effectiveSeverity(f: Finding, severities: Record<string, SeverityOverride> | undefined): SeverityOverride {
  return configuredOverride(f.code, severities) ?? f.severity;
}

/** The user's override for a code (exact, else its area's), or undefined: the finding's own severity applies. */
function configuredOverride(code: string, severities: Record<string, SeverityOverride> | undefined): SeverityOverride | undefined {
  if (!severities) return undefined;
  const exact = severities[code];
  if (exact) return exact;
  const slash = code.indexOf('/');
  if (slash > 0) {
    const area = code.slice(0, slash);
    const byArea = severities[`${area}/`] ?? severities[`${area}/*`] ?? severities[area];
    if (byArea) return byArea;
  }
  return undefined;
}

/** Every file's findings as the editor shows them (configured severities applied, "off" left out): the graph's badges. */
export function* shownFindings(analysis: Analysis, severities: Record<string, SeverityOverride> | undefined): Generator<Finding> {
  for (const list of analysis.findings.values()) {
    for (const f of list) {
      const severity = effectiveSeverity(f, severities);
      if (severity === 'off') continue;
      yield severity === f.severity ? f : { ...f, severity };
    }
  }
}
