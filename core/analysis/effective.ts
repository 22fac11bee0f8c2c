import { getCatalog, type AccessLevel, type ActionInfo } from '../data/catalog';
import { alwaysAllowed, evaluate, isAllowed } from '../engine';
import type { EvaluationResult, PolicySet, PolicySource } from '../engine/types';
import { referencedDocument } from '../model/resolve';
import type { Principal, PolicyRef, Role, User } from '../model/types';
import type { Workspace } from '../model/workspace';
import type { PolicyDocument, Statement, StringList } from '../policy/types';

/**
 * Effective permissions of a user, group or role, summarised per service and access level: which
 * actions the identity policies allow, on which resources, from which policy, and what a Deny, the
 * permissions boundary or the organization's SCPs take away. The actions the Allow statements name
 * are expanded against the AWS catalogue; the evaluator (core/engine) then decides each one with the
 * principal's policy set, so the hover agrees with the simulator. An action whose answer depends on
 * request context (MFA, source IP, tags...) is kept and marked with the keys it depends on.
 */

/** A policy document and the words that say where it comes from. */
export interface SourcedDocument {
  doc: PolicyDocument;
  /** e.g. `policy "S3Read" (via group "Devs")`, `AWS managed ReadOnlyAccess`, `inline policy "x"`. */
  origin: string;
}

export interface PrincipalDocuments {
  identity: SourcedDocument[];
  boundary?: SourcedDocument;
  /** SCP levels from the root down, when SCPs apply to the principal. */
  scpLevels: SourcedDocument[][];
}

export interface LevelSummary {
  level: AccessLevel;
  /** Action names (without the service prefix) allowed at this level. */
  actions: string[];
  /** How many actions the service has at this level. */
  total: number;
  resources: string[];
  origins: string[];
  /** Every statement that allows these actions has conditions. */
  conditional: boolean;
  /** Deny statements that restrict (but don't remove) some of these actions. */
  limits: string[];
}

export interface ServiceSummary {
  service: string;
  name: string;
  levels: LevelSummary[];
  allowed: number;
  total: number;
}

export interface RemovedSummary {
  service: string;
  count: number;
  reasons: string[];
  examples: string[];
}

export interface EffectivePermissions {
  principal: string;
  kind: Principal['kind'];
  services: ServiceSummary[];
  removed: RemovedSummary[];
  /** Every action of every service is allowed on every resource (an administrator). */
  fullAccess: boolean;
  /** Policies that take part, as origins. */
  policies: string[];
  /** Actions that allowed statements name but the catalogue does not know. */
  unknownActions: string[];
}

const LEVEL_ORDER: AccessLevel[] = ['List', 'Read', 'Write', 'Permissions management', 'Tagging'];

/** A reference's document with how the page names it. */
function refDocument(ref: PolicyRef): { doc: PolicyDocument; label: string } | undefined {
  const t = ref.target;
  const doc = referencedDocument(ref);
  if (!t || !doc) return undefined;
  return { doc, label: t.kind === 'customer' ? `policy "${t.policy.name}"` : t.kind === 'aws' ? `AWS managed ${t.name}` : t.kind === 'organization' ? t.policy.name : t.name };
}

/** The documents that apply to a principal, from the workspace model. */
export function principalDocuments(ws: Workspace, principal: Principal): PrincipalDocuments {
  const identity: SourcedDocument[] = [];
  const own = (p: Principal, via: string) => {
    for (const ip of p.inlinePolicies) identity.push({ doc: ip.document, origin: `inline policy "${ip.name}"${via}` });
    for (const ref of p.policies) {
      const d = refDocument(ref);
      if (d) identity.push({ doc: d.doc, origin: `${d.label}${via}` });
    }
  };
  own(principal, '');
  const file = ws.file(principal.uri);
  if (principal.kind === 'user') for (const group of principal.memberOf) own(group, ` (via group "${group.name}")`);
  let boundary: SourcedDocument | undefined;
  const b = principal.kind !== 'group' ? (principal as User | Role).permissionsBoundary : undefined;
  if (b) {
    const d = refDocument(b);
    if (d) boundary = { doc: d.doc, origin: `permissions boundary ${d.label}` };
  }
  const scpLevels: SourcedDocument[][] = [];
  const org = ws.organizationOf(file);
  const serviceLinked = principal.kind === 'role' && principal.serviceLinked;
  if (org && !org.managementAccount && !serviceLinked) {
    org.scp.forEach((level, i) => {
      scpLevels.push(
        level.flatMap((ref) => {
          const d = refDocument(ref);
          return d ? [{ doc: d.doc, origin: `SCP ${d.label.replace(/^policy /, '')} (level ${i + 1})` }] : [];
        }),
      );
    });
  }
  return { identity, boundary, scpLevels };
}

const matchCache = new WeakMap<StringList, ActionInfo[]>();

/** The catalogue actions a statement's Action / NotAction covers. */
export function statementActions(st: Statement): ActionInfo[] {
  const catalog = getCatalog();
  if (st.action) {
    let hit = matchCache.get(st.action);
    if (!hit) {
      const seen = new Set<ActionInfo>();
      for (const v of st.action.values) for (const a of catalog.actionsMatching(v.value)) seen.add(a);
      hit = [...seen];
      matchCache.set(st.action, hit);
    }
    return hit;
  }
  if (st.notAction) {
    let hit = matchCache.get(st.notAction);
    if (!hit) {
      const excluded = new Set<ActionInfo>();
      for (const v of st.notAction.values) for (const a of catalog.actionsMatching(v.value)) excluded.add(a);
      hit = catalog.allActions().filter((a) => !excluded.has(a));
      matchCache.set(st.notAction, hit);
    }
    return hit;
  }
  return [];
}

function resourcesOf(st: Statement): string[] {
  if (st.resource) return st.resource.values.map((v) => v.value);
  if (st.notResource) return [`all except ${st.notResource.values.map((v) => v.value).join(', ')}`];
  return ['*'];
}

function coversEverything(st: Statement): boolean {
  return !st.notResource && (!st.resource || st.resource.values.some((v) => v.value === '*'));
}

function effectOf(st: Statement): 'Allow' | 'Deny' | undefined {
  const e = st.effect?.value;
  return e === 'Allow' || e === 'Deny' ? e : undefined;
}

interface Contribution {
  origin: string;
  resources: string[];
  conditional: boolean;
}

/** An unconditional `Allow * on *` statement. */
function allowsEverything(st: Statement): boolean {
  return (
    effectOf(st) === 'Allow' &&
    !!st.action?.values.some((v) => v.value === '*') &&
    !st.notResource &&
    (!st.resource || st.resource.values.some((v) => v.value === '*')) &&
    st.conditions.length === 0
  );
}

interface ServiceTemplate {
  service: string;
  name: string;
  total: number;
  levels: { level: AccessLevel; actions: string[]; total: number }[];
}
let fullTemplate: ServiceTemplate[] | undefined;

/**
 * Every service with every action per level, built once (the shape of an administrator's
 * permissions). Also builds the catalogue index every summary uses, so a caller warming this up
 * (the server, after the first diagnostics) spares the first hover both.
 */
export function fullAccessTemplate(): ServiceTemplate[] {
  if (fullTemplate) return fullTemplate;
  actionIndex();
  const catalog = getCatalog();
  fullTemplate = catalog
    .services()
    .map((s) => {
      const all = catalog.actionsOf(s.prefix);
      const byLevel = new Map<AccessLevel, string[]>();
      for (const a of all) {
        const l = a.accessLevels[0] ?? 'Write';
        let list = byLevel.get(l);
        if (!list) byLevel.set(l, (list = []));
        list.push(a.name);
      }
      const levels = LEVEL_ORDER.filter((l) => byLevel.has(l)).map((l) => ({ level: l, actions: byLevel.get(l)!.sort(), total: byLevel.get(l)!.length }));
      return { service: s.prefix, name: s.name, total: all.length, levels };
    })
    .filter((s) => s.total > 0)
    .sort((a, b) => a.service.localeCompare(b.service));
  return fullTemplate;
}

/**
 * The administrator's fast path: an unconditional Allow of everything, no Deny anywhere, and a
 * boundary and SCP levels (if any) that allow everything too. Undefined when it doesn't apply.
 */
function fullAccessOf(principal: string, kind: Principal['kind'], docs: PrincipalDocuments): EffectivePermissions | undefined {
  const origins = docs.identity.filter((d) => d.doc.statements.some(allowsEverything)).map((d) => d.origin);
  if (!origins.length) return undefined;
  const all = [...docs.identity, ...(docs.boundary ? [docs.boundary] : []), ...docs.scpLevels.flat()];
  if (all.some((d) => d.doc.statements.some((st) => effectOf(st) === 'Deny'))) return undefined;
  if (docs.boundary && !docs.boundary.doc.statements.some(allowsEverything)) return undefined;
  if (docs.scpLevels.some((level) => !level.some((d) => d.doc.statements.some(allowsEverything)))) return undefined;
  const from = unique(origins);
  const services: ServiceSummary[] = fullAccessTemplate().map((t) => ({
    service: t.service,
    name: t.name,
    allowed: t.total,
    total: t.total,
    levels: t.levels.map((l) => ({ level: l.level, actions: l.actions, total: l.total, resources: ['*'], origins: from, conditional: false, limits: [] })),
  }));
  return {
    principal,
    kind,
    services,
    removed: [],
    fullAccess: true,
    policies: unique([...docs.identity.map((d) => d.origin), ...(docs.boundary ? [docs.boundary.origin] : [])]),
    unknownActions: unknownActionsOf(docs.identity),
  };
}

function unknownActionsOf(identity: SourcedDocument[]): string[] {
  const catalog = getCatalog();
  const out = new Set<string>();
  for (const d of identity) {
    if (d.doc.uri.startsWith('aws-managed-policy:')) continue;
    for (const st of d.doc.statements) {
      if (effectOf(st) !== 'Allow') continue;
      for (const v of st.action?.values ?? []) if (!/[*?]/.test(v.value) && !catalog.action(v.value)) out.add(v.value);
    }
  }
  return [...out].sort();
}

/** Computes the effective permissions of a set of documents (see `principalDocuments`). */
export function effectivePermissionsOf(principal: string, kind: Principal['kind'], docs: PrincipalDocuments): EffectivePermissions {
  const fast = fullAccessOf(principal, kind, docs);
  if (fast) return fast;
  const { all, index } = actionIndex();
  const n = all.length;
  // Per action (by catalogue position): its first contribution, further ones in `more`; typed arrays
  // keep an administrator's 22,000 actions cheap. The passes below visit only the actions some Allow
  // names (`touched`, in catalogue order), and run in small functions the engine optimises early.
  const allows = collectAllows(docs, index, n);
  const { first } = allows;
  const touched = touchedPositions(first);

  const verdicts: Verdicts = { reasons: [''], removedBy: new Uint16Array(n), limits: new Map() };
  const { limits } = verdicts;
  // Deny statements that touch an allowed action without settling it (conditions, narrower
  // resources) are listed as limits: what the reader should know, not a decision.
  const denySources = [...docs.identity, ...(docs.boundary ? [docs.boundary] : []), ...docs.scpLevels.flat()];
  for (const d of denySources) {
    for (const st of d.doc.statements) {
      if (effectOf(st) !== 'Deny' || (coversEverything(st) && st.conditions.length === 0)) continue;
      const what = `${d.origin} denies${st.conditions.length ? ' under conditions' : ''}${coversEverything(st) ? '' : ` on ${resourcesOf(st).join(', ')}`}`;
      for (const i of statementIndexes(st, index)) {
        if (first[i] < 0) continue;
        const l = limits.get(i);
        if (l) l.push(what);
        else limits.set(i, [what]);
      }
    }
  }
  // The evaluator decides every action an Allow names, with the principal's whole policy set
  // (identity, boundary, SCP levels): what it denies outright is taken away, with its reason; what
  // depends on request context stays, marked with the keys it depends on.
  const set = policySetOf(docs);
  const caller = callerFor(principal, kind);
  // Nothing can refuse or condition an unconditional grant when no layer has a Deny, there is no
  // boundary and every SCP level allows everything: the evaluator would say "allowed" with no
  // missing keys, so it isn't asked (a ReadOnlyAccess-sized grant is thousands of actions).
  const everything = (layer: SourcedDocument[]) => layer.some((d) => d.doc.statements.some(allowsEverything));
  const noRefusal =
    !docs.boundary &&
    docs.scpLevels.every(everything) &&
    ![...docs.identity, ...docs.scpLevels.flat()].some((d) => d.doc.statements.some((st) => effectOf(st) !== 'Allow'));
  // Actions matched by exactly the same statements (of every layer) and asked about the same
  // resource get the same answer: the evaluator is asked once per such signature.
  const signature = matchSignatures(docs, first, index, touched);
  decideTouched(touched, allows, verdicts, { docs, noRefusal, signature, set, caller });
  const { services, removedByService, fullAccess } = summarise(touched, allows, verdicts);
  services.sort((a, b) => a.service.localeCompare(b.service));
  const removedList: RemovedSummary[] = [...removedByService]
    .map(([service, r]) => ({ service, count: r.actions.length, reasons: [...r.reasons], examples: r.actions.sort().slice(0, 5) }))
    .sort((a, b) => a.service.localeCompare(b.service));

  return {
    principal,
    kind,
    services,
    removed: removedList,
    fullAccess,
    policies: unique([...docs.identity.map((d) => d.origin), ...(docs.boundary ? [docs.boundary.origin] : [])]),
    unknownActions: unknownActionsOf(docs.identity),
  };
}

/**
 * Asks the evaluator about every touched action (once per signature and resource): what it refuses
 * outright is marked in `removedBy` with its reason, what depends on request context gets a limit.
 */
function decideTouched(
  touched: Int32Array,
  { contributions, first, more }: Allows,
  { limits, removedBy, reasons }: Verdicts,
  ask: { docs: PrincipalDocuments; noRefusal: boolean; signature: Map<number, string>; set: PolicySet; caller: string },
): void {
  const { docs, noRefusal, signature, set, caller } = ask;
  const { all } = actionIndex();
  const plain = plainContributions(contributions);
  const reason = (text: string) => {
    let r = reasons.indexOf(text);
    if (r < 0) r = reasons.push(text) - 1;
    return Math.min(r, 65535);
  };
  const answers = new Map<string, { action: string; depends: string[]; decision: string; why: string }>();
  for (const i of touched) {
    if (noRefusal && unconditional(i, first, more, plain)) continue;
    const action = `${all[i].service}:${all[i].name}`;
    const resource = requestResource(contributions[first[i]].resources[0]);
    // The evaluator answers some actions whatever the statements say (sts:GetCallerIdentity): never shared.
    const key = `${alwaysAllowed(action) ? action : signature.get(i)}|${resource}`;
    let answer = answers.get(key);
    if (!answer) {
      const result = evaluate({ principal: caller, action, resource, context: {} }, set);
      const depends = result.decision === 'allowed' ? result.missingContextKeys : contextKeysDecidingRefusal(result, set);
      answer = {
        action,
        depends,
        decision: result.decision,
        why: result.decision !== 'allowed' && !depends.length ? removalReason(result, docs, set, caller, action, resource) : '',
      };
      answers.set(key, answer);
    }
    if (answer.depends.length) {
      const note = `depends on ${answer.depends.join(', ')}`;
      const l = limits.get(i);
      if (!l) limits.set(i, [note]);
      else if (!l.includes(note)) l.push(note);
      continue;
    }
    if (answer.decision !== 'allowed') removedBy[i] = reason(answer.action === action ? answer.why : answer.why.split(answer.action).join(action));
  }
}

/** Per service and level (the catalogue lists each service's actions together: a run of positions). */
function summarise(
  touched: Int32Array,
  { contributions, first, more }: Allows,
  { limits, removedBy, reasons }: Verdicts,
): { services: ServiceSummary[]; removedByService: Map<string, { reasons: Set<string>; actions: string[] }>; fullAccess: boolean } {
  const catalog = getCatalog();
  const { all, runStart, runEnd, runs, nameRank } = actionIndex();
  const services: ServiceSummary[] = [];
  const removedByService = new Map<string, { reasons: Set<string>; actions: string[] }>();
  let fullAccess = true;
  let servicesSeen = 0;
  let t = 0;
  while (t < touched.length) {
    const start = runStart[touched[t]];
    const end = runEnd[touched[t]];
    const service = all[start].service;
    const levels = new Map<AccessLevel, number[]>();
    for (; t < touched.length && touched[t] < end; t++) {
      const j = touched[t];
      if (removedBy[j]) {
        let r = removedByService.get(service);
        if (!r) removedByService.set(service, (r = { reasons: new Set(), actions: [] }));
        r.reasons.add(reasons[removedBy[j]]);
        r.actions.push(all[j].name);
      } else {
        const level = all[j].accessLevels[0] ?? 'Write';
        const list = levels.get(level);
        if (list) list.push(j);
        else levels.set(level, [j]);
      }
    }
    const total = end - start;
    if (!levels.size) continue;
    servicesSeen++;
    const { totals } = serviceTotals(service);
    const summaries: LevelSummary[] = [];
    let allowed = 0;
    for (const level of LEVEL_ORDER) {
      const list = levels.get(level);
      if (!list) continue;
      allowed += list.length;
      const used = new Set<number>();
      const lim = new Set<string>();
      let conditional = true;
      for (const k of list) {
        let someUnconditional = !contributions[first[k]].conditional;
        used.add(first[k]);
        for (const c of more.get(k) ?? []) {
          used.add(c);
          if (!contributions[c].conditional) someUnconditional = true;
        }
        if (someUnconditional) conditional = false;
        for (const l of limits.get(k) ?? []) lim.add(l);
      }
      const contribs = [...used].map((c) => contributions[c]);
      summaries.push({
        level,
        actions: namesInOrder(list, all, nameRank),
        total: totals.get(level) ?? list.length,
        resources: unique(contribs.flatMap((c) => c.resources)),
        origins: unique(contribs.map((c) => c.origin)),
        conditional,
        limits: [...lim].sort(),
      });
    }
    if (allowed < total || summaries.some((x) => x.conditional || x.limits.length || !x.resources.includes('*'))) fullAccess = false;
    services.push({ service, name: catalog.service(service)?.name ?? service, levels: summaries, allowed, total });
  }
  // A service (run) none of whose actions is kept rules out full access.
  if (servicesSeen === 0 || servicesSeen < runs) fullAccess = false;
  return { services, removedByService, fullAccess };
}

interface Allows {
  contributions: Contribution[];
  /** Per catalogue position, the first contribution that allows it, or -1. */
  first: Int32Array;
  /** Per position, the further contributions that allow it. */
  more: Map<number, number[]>;
}

/** What the evaluator made of the allowed actions, per catalogue position. */
interface Verdicts {
  /** Reasons for taking actions away; index 0 is "kept". */
  reasons: string[];
  /** Per position, 0 (kept) or the index of the reason it was taken away for. */
  removedBy: Uint16Array;
  /** Per position, the Deny statements that limit it without settling it. */
  limits: Map<number, string[]>;
}

/** The identity policies' Allow statements, and the actions each allows. */
function collectAllows(docs: PrincipalDocuments, index: Map<ActionInfo, number>, n: number): Allows {
  const contributions: Contribution[] = [];
  const first = new Int32Array(n).fill(-1);
  const more = new Map<number, number[]>();
  for (const d of docs.identity) {
    for (const st of d.doc.statements) {
      if (effectOf(st) !== 'Allow') continue;
      const c = contributions.push({ origin: d.origin, resources: resourcesOf(st), conditional: st.conditions.length > 0 }) - 1;
      for (const i of statementIndexes(st, index)) {
        if (first[i] < 0) first[i] = c;
        else {
          const list = more.get(i);
          if (list) list.push(c);
          else more.set(i, [c]);
        }
      }
    }
  }
  return { contributions, first, more };
}

/** The positions some contribution allows, ascending. */
function touchedPositions(first: Int32Array): Int32Array {
  const n = first.length;
  let count = 0;
  for (let i = 0; i < n; i++) if (first[i] >= 0) count++;
  const touched = new Int32Array(count);
  for (let i = 0, k = 0; i < n; i++) if (first[i] >= 0) touched[k++] = i;
  return touched;
}

/** Per contribution: 1 when it is unconditional and on `*` only. */
function plainContributions(contributions: Contribution[]): Uint8Array {
  const plain = new Uint8Array(contributions.length);
  contributions.forEach((c, k) => (plain[k] = !c.conditional && c.resources.length === 1 && c.resources[0] === '*' ? 1 : 0));
  return plain;
}

/** Every contribution that allows position `i` is plain. */
function unconditional(i: number, first: Int32Array, more: Map<number, number[]>, plain: Uint8Array): boolean {
  if (!plain[first[i]]) return false;
  const list = more.get(i);
  if (list) for (const c of list) if (!plain[c]) return false;
  return true;
}

/** The evaluator's view of the documents: the same layers, each source named by its origin. */
function policySetOf(docs: PrincipalDocuments): PolicySet {
  const src = (d: SourcedDocument): PolicySource => ({ doc: d.doc, id: d.origin });
  return {
    identity: docs.identity.map(src),
    boundary: docs.boundary ? [src(docs.boundary)] : undefined,
    scpLevels: docs.scpLevels.length ? docs.scpLevels.map((level) => level.map(src)) : undefined,
  };
}

const IAM_PRINCIPAL = /^arn:[\w-]+:iam::\d{12}:(user|role)\//;

/** The caller the questions are asked as: the principal itself, or a user of no account for a group. */
function callerFor(principal: string, kind: Principal['kind']): string {
  if (kind !== 'group' && IAM_PRINCIPAL.test(principal)) return principal;
  // A group (or a policy read on its own) is asked about as a user of its own account: resources of
  // that account are not cross-account.
  const account = /^arn:[\w-]+:iam::(\d{12}):/.exec(principal)?.[1] ?? '000000000000';
  return `arn:aws:iam::${account}:user/effective-permissions`;
}

/** A statement's resource as a request resource (`NotResource` grants are asked about `*`). */
function requestResource(resource: string | undefined): string {
  return !resource || resource.startsWith('all except ') ? '*' : resource;
}

/**
 * The missing context keys a refusal turns on. Every layer that refused must read one of them (in
 * its denying statements for an explicit Deny, anywhere in its documents for a missing Allow);
 * a layer that refuses whatever the context settles the answer, and then nothing is returned.
 */
function contextKeysDecidingRefusal(result: EvaluationResult, set: PolicySet): string[] {
  if (!result.missingContextKeys.length) return [];
  const missing = new Map(result.missingContextKeys.map((k) => [k.toLowerCase(), k]));
  const found = new Set<string>();
  const reads = (statements: readonly (Statement | undefined)[]): boolean => {
    let any = false;
    for (const st of statements) for (const c of st?.conditions ?? []) {
      const k = missing.get(c.key.value.toLowerCase());
      if (k) {
        found.add(k);
        any = true;
      }
    }
    return any;
  };
  const layerSources = (layer: string): PolicySource[] =>
    layer === 'identity' ? set.identity ?? [] : layer === 'boundary' ? set.boundary ?? [] : layer === 'scp' ? (set.scpLevels ?? []).flat() : [];
  for (const outcome of result.layers) {
    if (!outcome.applies || outcome.decision === 'allowed') continue;
    const sources = layerSources(outcome.layer);
    const denying = result.matched.filter((m) => m.layer === outcome.layer);
    const statements =
      outcome.decision === 'explicitDeny'
        ? denying.map((m) => sources.find((x) => x.id === m.policyId)?.doc.statements[m.index])
        : sources.flatMap((x) => x.doc.statements);
    if (!reads(statements)) return [];
  }
  return [...found];
}

/**
 * Per allowed action (by catalogue position; `touched` lists them), the ids of every statement of
 * every layer whose Action/NotAction covers it.
 */
function matchSignatures(docs: PrincipalDocuments, first: Int32Array, index: Map<ActionInfo, number>, touched: Int32Array): Map<number, string> {
  const sig = new Map<number, string>();
  for (const i of touched) sig.set(i, '');
  let g = 0;
  for (const d of [...docs.identity, ...(docs.boundary ? [docs.boundary] : []), ...docs.scpLevels.flat()]) {
    for (const st of d.doc.statements) {
      const id = `${g++},`;
      for (const i of statementIndexes(st, index)) if (first[i] >= 0) sig.set(i, sig.get(i) + id);
    }
  }
  return sig;
}

/** Why the evaluator refused an action, in the hover's words. */
function removalReason(result: EvaluationResult, docs: PrincipalDocuments, set: PolicySet, caller: string, action: string, resource: string): string {
  if (result.decision === 'explicitDeny') return `denied by ${result.matched[0]?.policyId ?? 'a Deny statement'}`;
  if (result.decidedBy === 'boundary' && docs.boundary) return `outside the ${docs.boundary.origin}`;
  if (result.decidedBy === 'scp' && set.scpLevels) {
    // The first level whose SCPs don't allow the action, asked of the evaluator level by level.
    const k = set.scpLevels.findIndex(
      (level) => !isAllowed({ principal: caller, action, resource, context: {} }, { identity: set.identity, scpLevels: [level] }),
    );
    if (k >= 0) return `not allowed by the SCPs at level ${k + 1}`;
  }
  return result.reason;
}

interface ActionIndex {
  all: ActionInfo[];
  index: Map<ActionInfo, number>;
  /** Per position, where the run of its service's actions starts and ends (exclusive). */
  runStart: Int32Array;
  runEnd: Int32Array;
  /** How many such runs (services) the catalogue has. */
  runs: number;
  /**
   * Per position, the rank of the action's name within its run in `sort()` order, or -1 for every
   * position of a run already in that order.
   */
  nameRank: Int32Array;
}
let indexCache: ActionIndex | undefined;
/** Every catalogue action and its position (built once). */
function actionIndex(): ActionIndex {
  if (!indexCache) {
    const all = getCatalog().allActions();
    const n = all.length;
    const runStart = new Int32Array(n);
    const runEnd = new Int32Array(n);
    const nameRank = new Int32Array(n).fill(-1);
    let runs = 0;
    for (let i = 0; i < n; ) {
      let j = i;
      while (j < n && all[j].service === all[i].service) j++;
      runStart.fill(i, i, j);
      runEnd.fill(j, i, j);
      const names = all.slice(i, j).map((a) => a.name);
      const sorted = [...names].sort();
      if (names.some((name, k) => name !== sorted[k])) {
        const order = names.map((_, k) => k).sort((a, b) => (names[a] < names[b] ? -1 : names[a] > names[b] ? 1 : a - b));
        order.forEach((k, rank) => (nameRank[i + k] = rank));
      }
      runs++;
      i = j;
    }
    indexCache = { all, index: new Map(all.map((a, i) => [a, i])), runStart, runEnd, runs, nameRank };
  }
  return indexCache;
}

/** The names of the actions at `positions` (ascending, of one service), sorted as `sort()` sorts them. */
function namesInOrder(positions: number[], all: ActionInfo[], nameRank: Int32Array): string[] {
  if (nameRank[positions[0]] < 0) return positions.map((k) => all[k].name);
  return [...positions].sort((a, b) => nameRank[a] - nameRank[b]).map((k) => all[k].name);
}

const indexesCache = new WeakMap<Statement, Int32Array>();
function statementIndexes(st: Statement, index: Map<ActionInfo, number>): Int32Array {
  let hit = indexesCache.get(st);
  if (!hit) {
    const actions = statementActions(st);
    hit = new Int32Array(actions.length);
    let k = 0;
    for (const a of actions) {
      const i = index.get(a);
      if (i !== undefined) hit[k++] = i;
    }
    hit = hit.subarray(0, k);
    indexesCache.set(st, hit);
  }
  return hit;
}

const totalsCache = new Map<string, { all: ActionInfo[]; totals: Map<AccessLevel, number> }>();
function serviceTotals(service: string): { all: ActionInfo[]; totals: Map<AccessLevel, number> } {
  let hit = totalsCache.get(service);
  if (!hit) {
    const all = getCatalog().actionsOf(service);
    const totals = new Map<AccessLevel, number>();
    for (const a of all) {
      const l = a.accessLevels[0] ?? 'Write';
      totals.set(l, (totals.get(l) ?? 0) + 1);
    }
    totalsCache.set(service, (hit = { all, totals }));
  }
  return hit;
}

function unique(list: string[]): string[] {
  return [...new Set(list)].sort();
}

const docIds = new WeakMap<PolicyDocument, number>();
let nextDocId = 1;
function docId(doc: PolicyDocument): number {
  let id = docIds.get(doc);
  if (id === undefined) docIds.set(doc, (id = nextDocId++));
  return id;
}

/** Results keyed by the documents that produced them: an edit elsewhere keeps a principal's entry. */
const cache = new Map<string, EffectivePermissions>();
const CACHE_LIMIT = 300;

/** Effective permissions of a principal of the workspace (cached by the documents that apply). */
export function effectivePermissions(ws: Workspace, principal: Principal): EffectivePermissions {
  const docs = principalDocuments(ws, principal);
  const part = (d: SourcedDocument) => `${docId(d.doc)}:${d.origin}`;
  // The evaluator is asked as the principal (its account, name and type can decide: a resource in
  // another account, a condition on aws:PrincipalArn or aws:username), so the caller is part of the
  // key; groups, asked as one stand-in caller, share a result when their documents are the same.
  const key = [
    callerFor(principal.arn, principal.kind),
    docs.identity.map(part).join('|'),
    docs.boundary ? part(docs.boundary) : '',
    docs.scpLevels.map((l) => l.map(part).join('|')).join('/'),
  ].join('#');
  let hit = cache.get(key);
  if (hit) {
    cache.delete(key);
    cache.set(key, hit); // most recently used last
  } else {
    hit = effectivePermissionsOf(principal.arn, principal.kind, docs);
    if (cache.size >= CACHE_LIMIT) cache.delete(cache.keys().next().value!);
    cache.set(key, hit);
  }
  return hit.principal === principal.arn && hit.kind === principal.kind ? hit : { ...hit, principal: principal.arn, kind: principal.kind };
}
