import { movedFinding, type Finding, type Severity } from '../../findings';
import { entityExtent, type Workspace } from '../../model/workspace';
import type { AccountFile, Entity, EntitySection } from '../../model/types';
import type { PolicyDocument, PolicyKind } from '../../policy/types';
import { configuredSeverity, type RulesConfig } from '../config';
import { RULES } from './registry';
import { applySuppressions } from './support/suppress';
import { withSharedAdminAnswers, withSharedAdminAnswersInSteps } from './support/admin';
import { withoutLaterRuns } from './escalation/shared';
import { docFacts } from './support/facts';
import { policyTargets, policyTargetsOf } from './support/targets';
import { neutralEdit, ruleUnaffected } from './support/neutral';
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

/**
 * The one string object for a signature's text. Signatures are ~2 KB (the configuration and the rule
 * ids) and are compared once per policy document and run: equal objects compare at once, equal texts
 * character by character (~20,000 documents in a max-quota account, on every keystroke).
 */
const signatures = new Map<string, string>();
function interned(signature: string): string {
  const known = signatures.get(signature);
  if (known !== undefined) return known;
  if (signatures.size >= 64) signatures.clear();
  signatures.set(signature, signature);
  return signature;
}

/**
 * What a document's findings depend on, as text (see `documentCache`): its kind, where it is (words that name it and
 * its owner), and the owner's whole text (key, value: the document is part of it) with the document's place in it,
 * or the document's own text when it has no owner. Two documents with the same key, in two parses of a file, have
 * the same findings, moved.
 */
function textKey(t: PolicyTarget, text: string): string {
  const o = t.owner;
  const doc = t.doc.span;
  return o ? `${t.kind}\u0000${t.where}\u0000${doc.start - o.nameSpan.start}\u0000${text.slice(o.nameSpan.start, o.span.end)}` : `${t.kind}\u0000${t.where}\u0000${text.slice(doc.start, doc.end)}`;
}

/**
 * The cached findings of a file's previous parse, by `textKey`, for a file parsed whole again (a name changed, an
 * entity deleted, a syntax error mended): its unchanged documents keep their findings though they are new objects.
 */
function findingsByText(previous: AccountFile, signature: string): Map<string, { start: number; findings: Finding[] }> {
  const out = new Map<string, { start: number; findings: Finding[] }>();
  let targets: PolicyTarget[] = [];
  try {
    targets = policyTargets(previous);
  } catch {
    return out;
  }
  for (const t of targets) {
    const cached = documentCache.get(t.doc);
    if (!cached || cached.signature !== signature || cached.kind !== t.kind || cached.start !== t.doc.span.start || t.doc.uri !== previous.uri) continue;
    out.set(textKey(t, previous.text), { start: cached.start, findings: cached.findings });
  }
  return out;
}

/** True when every span of the findings in `uri` lies inside `outer`: they move with it. */
function allWithin(findings: Finding[], uri: string, outer: { start: number; end: number }): boolean {
  // Plain loops, no closure: this runs once per document, most often with no finding at all.
  for (let i = 0; i < findings.length; i++) {
    const f = findings[i];
    if (!within(f.uri, f.span, uri, outer)) return false;
    const related = f.related;
    if (related) for (let k = 0; k < related.length; k++) if (!within(related[k].uri, related[k].span, uri, outer)) return false;
    const fixes = f.fixes;
    if (fixes) {
      for (let k = 0; k < fixes.length; k++) {
        const edits = fixes[k].edits;
        for (let e = 0; e < edits.length; e++) if (!within(edits[e].uri, edits[e].span, uri, outer)) return false;
      }
    }
  }
  return true;
}

/** A span of `u` is inside `outer` of `uri` (a span of another file always is: it doesn't move with the document). */
function within(u: string, s: { start: number; end: number }, uri: string, outer: { start: number; end: number }): boolean {
  return u !== uri || (s.start >= outer.start && s.end <= outer.end);
}

/** The entity-local rules' findings of a workspace's run, per rule and file (own span copies), for the workspace made from it. */
const localFindings = new WeakMap<Workspace, { signature: string; findings: Map<string, Map<string, { file: AccountFile; signature: string; findings: Finding[] }>> }>();

/**
 * The findings of the rules that declare `unaffectedBy` (unscoped file rules per file, workspace rules), per rule,
 * of a workspace's run, as copies whose every span is their own (the model's spans move in place on the next edit;
 * these move only when an edit that keeps them moves them): for the workspace made from it by a neutral edit.
 */
const keptFindings = new WeakMap<Workspace, { signature: string; byRule: Map<string, Finding[]> }>();

/** A finding with its own copy of every span (of any file). */
function ownCopy(f: Finding): Finding {
  const copy = (s: { start: number; end: number }) => ({ start: s.start, end: s.end });
  const out: Finding = { ...f, span: copy(f.span) };
  if (f.related) out.related = f.related.map((r) => ({ ...r, span: copy(r.span) }));
  if (f.fixes) out.fixes = f.fixes.map((fix) => ({ ...fix, edits: fix.edits.map((e) => ({ ...e, span: copy(e.span) })) }));
  return out;
}

/** The file as an entity-local rule sees it after an edit: the account and the one entity. */
function fileWithOnly(file: AccountFile, section: EntitySection, entity: Entity): AccountFile {
  const one = new Map([[entity.name, entity]]);
  const none = new Map();
  return {
    ...file,
    users: section === 'users' ? one : none,
    groups: section === 'groups' ? one : none,
    roles: section === 'roles' ? one : none,
    policies: section === 'policies' ? one : none,
    identityProviders: section === 'identityProviders' ? one : none,
    resources: [],
  } as AccountFile;
}

export interface RunOptions {
  /** Only these rules (ids), e.g. for tests. */
  only?: readonly string[];
  /**
   * Only these files' policy and file rules (uris; default: every file). The language server's first look
   * at an opened file (core/ide/staged.ts) checks that file alone, the others standing in as stubs.
   */
  files?: readonly string[];
  /** False: leave out the workspace rules (those that look across files). Default true. */
  workspaceRules?: boolean;
  /**
   * One part of the run, for running it in pieces (the CLI's worker threads, `cli/jobs/`): the policy and file
   * rules of the files named (uris), or the workspace rules alone. The whole run's findings are the files'
   * parts in the workspace's file order, then the workspace part, passed together through `applySuppressions`
   * (support/suppress.ts) with the whole workspace's files: a part's findings come back before inline
   * suppressions, since a finding may lie in a file the part's workspace doesn't hold.
   */
  part?: { files: ReadonlySet<string> } | 'workspace';
  /**
   * No later run follows this one (the CLI's check): work kept only for a later run to reuse is skipped (the
   * escalation rules' signature, escalation/shared.ts; the per-document cache of findings and its copies). The
   * findings are the same.
   */
  oneShot?: boolean;
}

/** Where `runRulesInSteps` stands between two steps: the file just checked, or the workspace rule just run. */
export interface RuleStep {
  done: number;
  total: number;
  /** The file (uri) or the workspace rule (id) the step checked. */
  file?: string;
  rule?: string;
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
  const go = () =>
    withSharedAdminAnswers(() => {
      const steps = run(workspace, config, options);
      for (;;) {
        const r = steps.next();
        if (r.done) return r.value;
      }
    });
  return options.oneShot ? withoutLaterRuns(go) : go();
}

/**
 * `runRules` one step at a time: a step is one file's policy and file rules, or one workspace rule. The
 * caller may do other work between steps (the language server answers requests); the workspace must not
 * change meanwhile. Draining it returns exactly what `runRules` returns.
 */
export function runRulesInSteps(workspace: Workspace, config: RulesConfig = {}, options: RunOptions = {}): Generator<RuleStep, Finding[]> {
  return withSharedAdminAnswersInSteps(run(workspace, config, options));
}

/** A policy rule's context for one file's documents: only `target` changes from document to document. */
interface PolicyContext {
  rule: Rule;
  /** `Rule.facts`, 0 when the rule declares none. */
  needs: number;
  ctx: RuleContext & { target: PolicyTarget };
}

/** What `checkDocument` reads of the run: made once per file. */
interface DocumentRun {
  findings: Finding[];
  signature: string;
  oneShot: boolean;
  /** Some policy rule declares `facts`. */
  gated: boolean;
  /** The contexts of the rules that look at a policy kind (`Rule.kinds`), in the catalogue's order. */
  contextsOf(kind: PolicyKind): PolicyContext[];
  /** The findings of a file parsed whole again, by the document's text (see `findingsByText`). */
  fromText(target: PolicyTarget): Finding[] | undefined;
  internalError(id: string, uri: string, at: { start: number; end: number }, e: unknown): void;
}

/**
 * The policy rules over one document, or its cached findings, pushed onto `run.findings`: a plain function apart from
 * the runner's generator (which yields between documents and runs the file and workspace rules), called once per
 * document.
 */
function checkDocument(run: DocumentRun, target: PolicyTarget): void {
  const findings = run.findings;
  const signature = run.signature;
  // A document's findings depend only on it, its kind, its account, the workspace's accounts and the
  // configuration: when the language server rebuilds a workspace, unchanged files keep their documents.
  const doc = target.doc;
  const cached = documentCache.get(doc);
  if (cached && cached.signature === signature && cached.kind === target.kind) {
    const delta = doc.span.start - cached.start;
    const list = cached.findings;
    if (delta !== 0 && list.length) {
      // New copies (the ones handed out before keep their positions); indexed loops, no closure per document.
      const moved: Finding[] = new Array(list.length);
      for (let i = 0; i < list.length; i++) findings.push((moved[i] = movedFinding(list[i], doc.uri, 0, delta)));
      cached.findings = moved;
      cached.start = doc.span.start;
      return;
    }
    cached.start = doc.span.start;
    for (let i = 0; i < list.length; i++) findings.push(list[i]);
    return;
  }
  const same = run.fromText(target);
  if (same) {
    documentCache.set(doc, { signature, kind: target.kind, start: doc.span.start, findings: same });
    for (const f of same) { findings.push(f); }
    return;
  }
  const before = findings.length;
  // An indexed loop: the first run makes ~120,000 rule calls here, and `for...of` in code V8 has not optimised yet
  // allocates an iterator result per rule and document.
  const list = run.contextsOf(target.kind);
  // A rule declaring `facts` is called only for documents with one of them (see `Rule.facts`); should working
  // them out fail, every rule is called (and reports its own failure).
  let bits = -1;
  if (run.gated) {
    try {
      bits = docFacts(doc, target.file.text).bits;
    } catch {
      bits = -1;
    }
  }
  for (let k = 0; k < list.length; k++) {
    const { rule, needs, ctx } = list[k];
    if (needs !== 0 && (bits & needs) === 0) continue;
    ctx.target = target;
    try {
      rule.policy!(ctx);
    } catch (e) {
      run.internalError(rule.id, target.file.uri, doc.span, e);
    }
  }
  // A one-shot run keeps nothing for a later one: no copy of the findings, no cache entry per document.
  if (run.oneShot) return;
  // Most documents draw no finding: their entry is made without copying or mapping anything.
  if (findings.length === before) {
    documentCache.set(doc, { signature, kind: target.kind, start: doc.span.start, findings: [] });
    return;
  }
  // Cached only when the findings sit inside the document (they move with it when it moves).
  const made = findings.slice(before);
  if (allWithin(made, doc.uri, doc.span)) {
    const own = made.map((f) => movedFinding(f, doc.uri, 0, 0));
    documentCache.set(doc, { signature, kind: target.kind, start: doc.span.start, findings: own });
    findings.length = before;
    for (const f of own) { findings.push(f); }
  } else documentCache.delete(doc);
}

function* run(workspace: Workspace, config: RulesConfig, options: RunOptions): Generator<RuleStep, Finding[]> {
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
  const gated = policyRules.some((a) => a.rule.facts !== undefined);
  const runSignature = [
    JSON.stringify(config),
    active.map((a) => a.rule.id).join(','),
    workspace.files.map((f) => f.accountId).sort().join(','),
  ].join('|');
  const fileRules = active.filter((a) => a.rule.file);
  // Entity-local file rules: after an edit inside one entity, only that entity is checked again.
  const derived = workspace.derived;
  // The findings of the run over the workspace this one was made from: reused for the same file objects
  // (files not parsed again), updated for the file an edit changed.
  const last = derived && localFindings.get(derived.from);
  const previous = last && last.signature === runSignature ? last.findings : undefined;
  const local = new Map<string, Map<string, { file: AccountFile; signature: string; findings: Finding[] }>>();
  // An edit that changed only a description or a tag (support/neutral.ts): the rules unaffected by it keep the
  // previous run's findings, moved by the edit.
  const neutral = derived?.edit && neutralEdit(derived.edit);
  const lastKept = neutral ? keptFindings.get(derived!.from) : undefined;
  const kept = lastKept && lastKept.signature === runSignature ? lastKept.byRule : undefined;
  const keptNow = new Map<string, Finding[]>();
  /** The previous findings of the rule, moved by the edit, when it may keep them; undefined: run it. */
  const reusable = (entry: (typeof active)[number], key: string): Finding[] | undefined => {
    const before = kept?.get(key);
    if (!before || !neutral || !ruleUnaffected(neutral, entry.rule.unaffectedBy, workspace, config)) return undefined;
    const edit = derived!.edit!;
    return before.map((f) => movedFinding(f, edit.uri, edit.at, edit.delta));
  };
  /** Runs a rule declaring `unaffectedBy` (or keeps its findings), keeping a copy of them for the next run. */
  const runKept = (entry: (typeof active)[number], key: string, run: () => void) => {
    if (options.oneShot) return run(); // nothing kept for a later run
    const again = reusable(entry, key);
    if (again) {
      for (const f of again) { findings.push(f); }
      keptNow.set(key, again);
      return;
    }
    const start = findings.length;
    run();
    keptNow.set(key, findings.slice(start).map(ownCopy));
  };
  const runLocal = (entry: (typeof active)[number], file: AccountFile, signature: string) => {
    if (options.oneShot) return guard(entry, file.uri, { start: 0, end: 0 }, () => entry.rule.file!({ ...contextFor(entry, file.uri), file }));
    const start = findings.length;
    const edit = derived?.edit;
    const namesOnly = entry.rule.scope === 'names';
    const known = previous?.get(entry.rule.id)?.get(file.uri);
    let before = known && known.signature === signature && (known.file === file || (edit && derived?.from.file(file.uri) === known.file)) ? known.findings : undefined;
    if (before && edit?.uri === file.uri && namesOnly && (edit.renamed || entry.rule.namesAlsoIn?.includes(edit.section))) before = undefined;
    if (!before) {
      guard(entry, file.uri, { start: 0, end: 0 }, () => entry.rule.file!({ ...contextFor(entry, file.uri), file }));
      for (let i = start; i < findings.length; i++) findings[i] = movedFinding(findings[i], file.uri, 0, 0);
    } else if (!edit || edit.uri !== file.uri) {
      for (const f of before) { findings.push(f); }
    } else if (namesOnly) {
      for (const f of before) { findings.push(movedFinding(f, file.uri, edit.at, edit.delta)); }
    } else {
      // Keep the other entities' findings (moved by the edit), check the edited entity alone.
      const old = entityExtent(edit.before);
      for (const f of before) { if (!(f.uri === file.uri && f.span.start >= old.start && f.span.end <= old.end)) findings.push(movedFinding(f, file.uri, edit.at, edit.delta)); }
      const mark = findings.length;
      guard(entry, file.uri, { start: 0, end: 0 }, () => entry.rule.file!({ ...contextFor(entry, file.uri), file: fileWithOnly(file, edit.section, edit.after) }));
      const now = entityExtent(edit.after);
      const fresh = findings.splice(mark).filter((f) => f.uri !== file.uri || (f.span.start >= now.start && f.span.end <= now.end));
      for (const f of fresh) { findings.push(movedFinding(f, file.uri, 0, 0)); }
    }
    let byUri = local.get(entry.rule.id);
    if (!byUri) local.set(entry.rule.id, (byUri = new Map()));
    byUri.set(file.uri, { file, signature, findings: findings.slice(start) });
  };
  const only = options.files && new Set(options.files);
  const part = options.part;
  const checked = part === 'workspace' ? [] : workspace.files.filter((f) => (!only || only.has(f.uri)) && (!part || part.files.has(f.uri)));
  const workspaceRules = options.workspaceRules === false || (part && part !== 'workspace') ? [] : active.filter((a) => a.rule.workspace);
  const total = checked.length + workspaceRules.length;
  let done = 0;
  for (const file of checked) {
    if (done > 0) yield { done, total, file: checked[done - 1].uri };
    done++;
    let targets: PolicyTarget[] = [];
    try {
      // The last run's list, kept or updated for an edit inside one entity (support/targets.ts).
      targets = derived?.edit?.uri === file.uri ? policyTargetsOf(file, derived.from.file(file.uri), derived.edit) : policyTargetsOf(file);
    } catch {
      targets = [];
    }
    // One context per rule and file; only `target` changes from document to document.
    const contexts: PolicyContext[] = policyRules.map((entry) => ({ rule: entry.rule, needs: entry.rule.facts ?? 0, ctx: { ...contextFor(entry, file.uri), target: targets[0] } }));
    // Per policy kind, the contexts of the rules that look at it (`Rule.kinds`), in the catalogue's order.
    const byKind = new Map<PolicyKind, PolicyContext[]>();
    const contextsOf = (kind: PolicyKind): PolicyContext[] => {
      let list = byKind.get(kind);
      if (!list) byKind.set(kind, (list = contexts.filter(({ rule }) => !rule.kinds || rule.kinds.includes(kind))));
      return list;
    };
    // Quotas come from the file or the settings (applied to the same file object): part of the context.
    const signature = interned(`${runSignature}|${file.accountId}|${[...file.account.quotas].map(([k, v]) => `${k}=${v.value}`).join(',')}`);
    // A file parsed whole again (not an edit inside one entity): its previous parse's findings, by document text.
    const previousParse = derived && !derived.edit ? derived.from.file(file.uri) : undefined;
    let byText: ReturnType<typeof findingsByText> | undefined;
    const fromText = (target: PolicyTarget): Finding[] | undefined => {
      if (!previousParse || previousParse === file || target.doc.uri !== file.uri) return undefined;
      byText ??= findingsByText(previousParse, signature);
      const known = byText.get(textKey(target, file.text));
      if (!known) return undefined;
      const delta = target.doc.span.start - known.start;
      return known.findings.map((f) => movedFinding(f, file.uri, 0, delta));
    };
    const documents: DocumentRun = { findings, signature, oneShot: !!options.oneShot, gated, contextsOf, fromText, internalError };
    for (let i = 0; i < targets.length; i++) {
      // A big file's documents, 64 at a time.
      if (i > 0 && i % 64 === 0) yield { done: done - 1, total, file: file.uri };
      checkDocument(documents, targets[i]);
    }
    for (const entry of fileRules) {
      if (entry.rule.scope) {
        runLocal(entry, file, signature);
        continue;
      }
      const run = () => guard(entry, file.uri, { start: 0, end: 0 }, () => entry.rule.file!({ ...contextFor(entry, file.uri), file }));
      if (entry.rule.unaffectedBy) runKept(entry, `${entry.rule.id}\n${file.uri}\n${signature}`, run);
      else run();
    }
  }
  // A run over some files only doesn't stand for the workspace's: the next run's reuse starts from a whole one.
  if (!only && !part && !options.oneShot) localFindings.set(workspace, { signature: runSignature, findings: local });
  if (done > 0) yield { done, total, file: checked[done - 1].uri };
  for (const entry of workspaceRules) {
    const uri = workspace.files[0]?.uri ?? '';
    const again = entry.rule.unaffectedBy && reusable(entry, entry.rule.id);
    if (again) {
      for (const f of again) { findings.push(f); }
      keptNow.set(entry.rule.id, again);
      done++;
      yield { done, total, rule: entry.rule.id };
      continue;
    }
    if (entry.rule.prepare) {
      // A failure here is the rule's own call's to report (it runs the same work again and throws).
      try {
        const work = entry.rule.prepare(workspace);
        while (!work.next().done) yield { done, total, rule: entry.rule.id };
      } catch {
        // reported below
      }
    }
    const start = findings.length;
    guard(entry, uri, { start: 0, end: 0 }, () => entry.rule.workspace!(contextFor(entry, uri)));
    if (entry.rule.unaffectedBy && !options.oneShot) keptNow.set(entry.rule.id, findings.slice(start).map(ownCopy));
    done++;
    yield { done, total, rule: entry.rule.id };
  }
  // Kept only for a run over the whole workspace and every rule it runs (the next run's reuse starts from a whole one).
  if (!only && !part && options.workspaceRules !== false && !options.oneShot) keptFindings.set(workspace, { signature: runSignature, byRule: keptNow });
  if (part) return findings;
  const edit = derived?.edit;
  const previousFile = edit && derived.from.file(edit.uri);
  const suppressionEdit = edit && previousFile ? { previous: previousFile, range: entityExtent(edit.after) } : undefined;
  return applySuppressions(findings, (uri) => workspace.file(uri), suppressionEdit);
}
