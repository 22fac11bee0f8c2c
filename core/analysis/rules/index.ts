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

/** Findings of the policy rules per document (see runRules). */
const documentCache = new WeakMap<PolicyDocument, { signature: string; kind: PolicyKind; findings: Finding[] }>();

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
      const cached = documentCache.get(target.doc);
      if (cached && cached.signature === signature && cached.kind === target.kind) {
        for (const f of cached.findings) findings.push(f);
        continue;
      }
      const before = findings.length;
      for (const { entry, ctx } of contexts) {
        ctx.target = target;
        try {
          entry.rule.policy!(ctx);
        } catch (e) {
          internalError(entry.rule.id, file.uri, target.doc.span, e);
        }
      }
      documentCache.set(target.doc, { signature, kind: target.kind, findings: findings.slice(before) });
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
