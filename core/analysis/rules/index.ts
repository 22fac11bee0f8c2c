import type { Finding, Severity } from '../../findings';
import type { Workspace } from '../../model/workspace';
import type { PolicyDocument, PolicyKind } from '../../policy/types';
import { configuredSeverity, type RulesConfig } from '../config';
import { RULES } from './registry';
import { applySuppressions } from './support/suppress';
import { policyTargets } from './support/targets';
import type { PolicyTarget, ReportOptions, Rule, RuleContext } from './types';

export { RULES } from './registry';
export type { Rule, PolicyTarget } from './types';
export type { RulesConfig } from '../config';

/**
 * Findings of the policy rules per document (see runRules), with their own copies of the spans as
 * they were when `start` was the document's start. An edit earlier in the file moves the document
 * (the language server moves spans in place); its findings move with it.
 */
const documentCache = new WeakMap<PolicyDocument, { signature: string; kind: PolicyKind; start: number; findings: Finding[] }>();

/** A copy of a finding with its spans in `uri` moved by `delta` (0: a copy that shares no span object). */
function movedFinding(f: Finding, uri: string, delta: number): Finding {
  const move = (s: { start: number; end: number }) => ({ start: s.start + delta, end: s.end + delta });
  const out: Finding = { ...f, span: f.uri === uri ? move(f.span) : { ...f.span } };
  if (f.related) out.related = f.related.map((r) => ({ ...r, span: r.uri === uri ? move(r.span) : { ...r.span } }));
  if (f.fixes) out.fixes = f.fixes.map((fix) => ({ ...fix, edits: fix.edits.map((e) => ({ ...e, span: e.uri === uri ? move(e.span) : { ...e.span } })) }));
  return out;
}

/** True when every span of the findings in `uri` lies inside `outer`: they move with it. */
function allWithin(findings: Finding[], uri: string, outer: { start: number; end: number }): boolean {
  const inside = (u: string, s: { start: number; end: number }) => u !== uri || (s.start >= outer.start && s.end <= outer.end);
  return findings.every(
    (f) =>
      inside(f.uri, f.span) &&
      (f.related ?? []).every((r) => inside(r.uri, r.span)) &&
      (f.fixes ?? []).every((x) => x.edits.every((e) => inside(e.uri, e.span))),
  );
}

export interface RunOptions {
  /** Only these rules (ids), e.g. for tests. */
  only?: readonly string[];
}

/** A rule by id. */
export function ruleById(id: string): Rule | undefined {
  return RULES.find((r) => r.id === id);
}

/**
 * Runs the rule catalogue over a workspace. Returns the rules' findings (not the model's parse,
 * schema and reference findings), with the configured severities, minus rules turned off and
 * findings suppressed by inline comments. Never throws: a rule that fails on some input reports
 * `rules/internal-error` and the others go on.
 */
export function runRules(workspace: Workspace, config: RulesConfig = {}, options: RunOptions = {}): Finding[] {
  const findings: Finding[] = [];
  const active: { rule: Rule; severity: Severity; configured: boolean }[] = [];
  for (const rule of RULES) {
    if (options.only && !options.only.includes(rule.id)) continue;
    const severity = configuredSeverity(config, rule.id, rule.severity);
    if (severity === 'off') continue;
    active.push({ rule, severity, configured: severity !== rule.severity });
  }

  const contextFor = (entry: (typeof active)[number], uri: string): RuleContext => ({
    workspace,
    config,
    report(span, message, opts: ReportOptions = {}) {
      const f: Finding = {
        code: entry.rule.id,
        severity: entry.configured ? entry.severity : opts.severity ?? entry.severity,
        message: message ?? entry.rule.message,
        uri: opts.uri ?? uri,
        span,
      };
      if (opts.fixes?.length) f.fixes = opts.fixes;
      if (opts.related?.length) f.related = opts.related;
      findings.push(f);
    },
  });

  const internalError = (id: string, uri: string, at: { start: number; end: number }, e: unknown) =>
    findings.push({
      code: 'rules/internal-error',
      severity: 'info',
      message: `Rule ${id} failed here (${(e as Error)?.message ?? e}); please report this as a bug.`,
      uri,
      span: at,
    });
  const guard = (entry: (typeof active)[number], uri: string, at: { start: number; end: number }, run: () => void) => {
    try {
      run();
    } catch (e) {
      internalError(entry.rule.id, uri, at, e);
    }
  };

  const policyRules = active.filter((a) => a.rule.policy);
  const runSignature = [
    JSON.stringify(config),
    active.map((a) => a.rule.id).join(','),
    workspace.files.map((f) => f.accountId).sort().join(','),
  ].join('|');
  const fileRules = active.filter((a) => a.rule.file);
  for (const file of workspace.files) {
    let targets: PolicyTarget[] = [];
    try {
      targets = policyTargets(file);
    } catch {
      targets = [];
    }
    // One context per rule and file; only `target` changes from document to document.
    const contexts = policyRules.map((entry) => ({ entry, ctx: { ...contextFor(entry, file.uri), target: targets[0] } }));
    const signature = `${runSignature}|${file.accountId}`;
    for (let i = 0; i < targets.length; i++) {
      const target = targets[i];
      // A document's findings depend only on it, its kind, its account, the workspace's accounts and the
      // configuration: when the language server rebuilds a workspace, unchanged files keep their documents.
      const doc = target.doc;
      const cached = documentCache.get(doc);
      if (cached && cached.signature === signature && cached.kind === target.kind) {
        const delta = doc.span.start - cached.start;
        if (delta !== 0) {
          cached.findings = cached.findings.map((f) => movedFinding(f, doc.uri, delta));
          cached.start = doc.span.start;
        }
        for (const f of cached.findings) findings.push(f);
        continue;
      }
      const before = findings.length;
      for (const { entry, ctx } of contexts) {
        ctx.target = target;
        try {
          entry.rule.policy!(ctx);
        } catch (e) {
          internalError(entry.rule.id, file.uri, doc.span, e);
        }
      }
      // Cached only when the findings sit inside the document (they move with it when it moves).
      const made = findings.slice(before);
      if (allWithin(made, doc.uri, doc.span)) {
        const own = made.map((f) => movedFinding(f, doc.uri, 0));
        documentCache.set(doc, { signature, kind: target.kind, start: doc.span.start, findings: own });
        findings.length = before;
        for (const f of own) findings.push(f);
      } else documentCache.delete(doc);
    }
    for (const entry of fileRules) {
      guard(entry, file.uri, { start: 0, end: 0 }, () => entry.rule.file!({ ...contextFor(entry, file.uri), file }));
    }
  }
  for (const entry of active) {
    if (!entry.rule.workspace) continue;
    const uri = workspace.files[0]?.uri ?? '';
    guard(entry, uri, { start: 0, end: 0 }, () => entry.rule.workspace!(contextFor(entry, uri)));
  }
  return applySuppressions(findings, (uri) => workspace.file(uri));
}
