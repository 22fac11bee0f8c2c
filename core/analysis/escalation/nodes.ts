/**
 * The nodes of the "can become" graph: a workspace user or role as it is, or as it would be after changing
 * its own permissions (identity policies rewritten to allow everything, boundary removed, added to a group).
 * Each node carries the session the evaluator decides its requests with, built as the simulator builds it
 * (`userSession` / `roleSession`), so an edge is only ever as strong as AWS's own decision logic makes it.
 */
import { evaluate, type Session } from '../../engine';
import type { ContextInput, EvaluationResult, MatchedStatement, PolicySet, PolicySource } from '../../engine/types';
import { referencedDocument, type Group, type Role, type User, type Workspace } from '../../model';
import { parsePolicyText } from '../../policy/parse';
import type { PolicyDocument } from '../../policy/types';
import { refSources, roleSession, userSession } from '../simulate/principal';
import { compileGlob, type GlobMatcher } from '../../text/glob';

export type Principal = User | Role;

/** How a node's permissions differ from what the files say. */
export interface Variant {
  /** Identity policies rewritten (or a policy attached) to allow every action on every resource. */
  full: boolean;
  /** The permissions boundary removed (or replaced by one that allows everything). */
  noBoundary: boolean;
  /** For a user: a group it added itself to. */
  group?: Group;
}

export const BASE: Variant = { full: false, noBoundary: false };

export interface EscalationNode {
  /** `ARN`, or `ARN#full`, `ARN#unbounded`, `ARN#full,unbounded`, `ARN#group:NAME`. */
  id: string;
  principal: Principal;
  variant: Variant;
  /** Built on first use (most principals of a big account are never asked anything). */
  readonly session: Session;
  /** The documents of the identity layer as the files hold them (cached). */
  readonly documents: PolicyDocument[];
  accountId: string;
  partition: string;
}

export function variantKey(v: Variant): string {
  const parts = [v.full ? 'full' : '', v.noBoundary ? 'unbounded' : '', v.group ? `group:${v.group.name}` : ''].filter(Boolean);
  return parts.join(',');
}

export function nodeId(p: Principal, v: Variant): string {
  if (!v.full && !v.noBoundary && !v.group) return p.arn;
  const key = variantKey(v);
  return key ? `${p.arn}#${key}` : p.arn;
}

/** Words for a variant: "alice with its permissions rewritten". */
export function variantWords(v: Variant): string {
  const w: string[] = [];
  if (v.full) w.push('its permissions rewritten to allow everything');
  if (v.noBoundary) w.push('its permissions boundary removed');
  if (v.group) w.push(`added to group ${v.group.name}`);
  return w.join(' and ');
}

let allowAll: PolicySource | undefined;
/** The policy an escalating principal writes for itself. */
export function allowAllSource(): PolicySource {
  allowAll ??= {
    doc: parsePolicyText('{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}', 'escalation:rewritten', 'identity'),
    id: 'a policy the principal wrote for itself (allows everything)',
    sourceType: 'user',
  };
  return allowAll;
}

function groupSources(g: Group): PolicySource[] {
  return [...refSources(g.policies), ...g.inlinePolicies.map((p) => ({ doc: p.document, id: `group/${g.name}/inline/${p.name}`, sourceType: 'group' }))];
}

/** The session of a principal in a variant. */
export function sessionFor(ws: Workspace, p: Principal, v: Variant): Session {
  const own = p.kind === 'user' ? userSession(ws, p) : roleSession(ws, p, 'escalation');
  if (!v.full && !v.noBoundary && !v.group) return own;
  const policies: PolicySet = { ...own.policies };
  if (v.group) policies.identity = [...(policies.identity ?? []), ...groupSources(v.group)];
  if (v.full) policies.identity = [...(policies.identity ?? []), allowAllSource()];
  if (v.noBoundary) policies.boundary = undefined;
  return { principal: own.principal, policies };
}

/** A node of the graph; its session and documents are worked out when first asked for. */
export function makeNode(ws: Workspace, p: Principal, v: Variant, accountId: string, partition: string): EscalationNode {
  return new LazyNode(ws, p, v, accountId, partition);
}

/** A node as a class (one object a node; an object literal with getters costs two closures more, 6,000 in a big account). */
class LazyNode implements EscalationNode {
  readonly id: string;
  private madeSession: Session | undefined;
  private madeDocuments: PolicyDocument[] | undefined;

  constructor(
    private readonly ws: Workspace,
    readonly principal: Principal,
    readonly variant: Variant,
    readonly accountId: string,
    readonly partition: string,
  ) {
    this.id = nodeId(principal, variant);
  }

  get session(): Session {
    return (this.madeSession ??= sessionFor(this.ws, this.principal, this.variant));
  }

  get documents(): PolicyDocument[] {
    return (this.madeDocuments ??= identityDocuments(this.principal, this.variant.group));
  }
}

/** Every document a principal's identity layer holds in the files (own, and a user's groups'). */
export function identityDocuments(p: Principal, extraGroup?: Group): PolicyDocument[] {
  const out: PolicyDocument[] = [];
  const add = (e: User | Role | Group) => {
    for (const r of e.policies) {
      const d = referencedDocument(r);
      if (d) out.push(d);
    }
    for (const ip of e.inlinePolicies) { out.push(ip.document); }
  };
  add(p);
  if (p.kind === 'user') for (const g of p.memberOf) { add(g); }
  if (extraGroup) add(extraGroup);
  return out;
}

/** One all-zero vector per length, shared (vectors from `union` are read, never written). */
const EMPTY_VECTORS = new Map<number, Uint32Array>();

/**
 * The prefilter: which of a fixed list of actions an Allow statement of the document may match at all
 * (action names and wildcards, NotAction). The evaluator says no to every action no identity Allow matches,
 * so a node whose documents match none of a technique's actions is never asked about it. Cached per document.
 */
export class ActionVocabulary {
  readonly index = new Map<string, number>();
  /** 32-bit words per vector. */
  readonly words: number;
  /** `patternBits`'s working vector. */
  private scratch: Uint32Array | undefined;
  /** Vocabulary indices by lower-cased service prefix. */
  private readonly byService = new Map<string, number[]>();
  private readonly cache = new WeakMap<PolicyDocument, Uint32Array>();
  private readonly principals = new WeakMap<Principal, { docs: PolicyDocument[]; vector: Uint32Array }>();
  private readonly patterns = new Map<string, GlobMatcher>();
  private readonly lower: string[];

  constructor(readonly actions: readonly string[]) {
    this.words = Math.ceil(actions.length / 32);
    this.lower = actions.map((a) => a.toLowerCase());
    this.lower.forEach((lower, i) => {
      this.index.set(lower, i);
      const service = lower.slice(0, lower.indexOf(':'));
      const list = this.byService.get(service);
      if (list) list.push(i);
      else this.byService.set(service, [i]);
    });
  }

  /** The shared all-zero vector (read only). */
  empty(): Uint32Array {
    let v = EMPTY_VECTORS.get(this.words);
    if (!v) EMPTY_VECTORS.set(this.words, (v = new Uint32Array(this.words)));
    return v;
  }

  /** A vector with the given actions' bits set (all when omitted). */
  vector(indices?: number[]): Uint32Array {
    const v = new Uint32Array(this.words);
    for (const i of indices ?? this.actions.map((_, k) => k)) { v[i >>> 5] |= 1 << (i & 31); }
    return v;
  }

  static has(v: Uint32Array, i: number): boolean {
    return ((v[i >>> 5] >>> (i & 31)) & 1) === 1;
  }

  /** Per action pattern as written: the bits it sets (null: none). An account writes the same actions thousands of times. */
  private readonly marks = new Map<string, Uint32Array | null>();

  /**
   * The bits of the vocabulary actions a pattern (IAM's `*` and `?`, case-insensitive) matches, null for none; kept per
   * pattern. Read it, never write to it.
   */
  patternBits(pattern: string): Uint32Array | null {
    let bits = this.marks.get(pattern);
    if (bits === undefined) {
      // Marked in a scratch vector, copied only when a bit is set: most patterns of a big AWS managed policy
      // (ReadOnlyAccess's ~2,900) set none, and each would have cost a typed array.
      const v = (this.scratch ??= new Uint32Array(this.words));
      v.fill(0);
      this.markNow(pattern, v);
      bits = v.some((w) => w !== 0) ? v.slice() : null;
      if (this.marks.size > 20000) this.marks.clear();
      this.marks.set(pattern, bits);
    }
    return bits;
  }

  /** Sets in `into` the bits of `patternBits(pattern)`. */
  private mark(pattern: string, into: Uint32Array): void {
    const bits = this.patternBits(pattern);
    if (bits) for (let w = 0; w < this.words; w++) into[w] |= bits[w];
  }

  /** `mark` worked out. */
  private markNow(pattern: string, into: Uint32Array): void {
    const lower = pattern.toLowerCase();
    if (lower === '*') {
      into.set(this.vector());
      return;
    }
    const colon = lower.indexOf(':');
    const service = colon < 0 ? lower : lower.slice(0, colon);
    if (!/[*?]/.test(lower)) {
      const i = this.index.get(lower);
      if (i !== undefined) into[i >>> 5] |= 1 << (i & 31);
      return;
    }
    const indices = /[*?]/.test(service) ? this.actions.map((_, i) => i) : this.byService.get(service);
    // Most patterns of a big policy (ReadOnlyAccess's `a4b:Get*`...) name a service no technique uses: nothing to compile.
    if (!indices) return;
    let re = this.patterns.get(lower);
    if (!re) {
      if (this.patterns.size > 20000) this.patterns.clear();
      re = compileGlob(lower, false);
      this.patterns.set(lower, re);
    }
    for (const i of indices) { if (re(this.lower[i])) into[i >>> 5] |= 1 << (i & 31); }
  }

  /** The bits of the actions an Allow statement of the document may match. Cached per document. */
  of(doc: PolicyDocument): Uint32Array {
    let known = this.cache.get(doc);
    if (known) return known;
    known = new Uint32Array(this.words);
    const statements = doc.statements;
    for (let k = 0; k < statements.length; k++) {
      const s = statements[k];
      if (s.effect?.value !== 'Allow') continue;
      if (s.action) for (let i = 0; i < s.action.values.length; i++) this.mark(s.action.values[i].value, known);
      else if (s.notAction) {
        const not = new Uint32Array(this.words);
        for (let i = 0; i < s.notAction.values.length; i++) this.mark(s.notAction.values[i].value, not);
        const all = this.vector();
        for (let w = 0; w < this.words; w++) known[w] |= all[w] & ~not[w];
      }
    }
    if (known.every((w) => w === 0)) known = this.empty();
    this.cache.set(doc, known);
    return known;
  }

  /**
   * The union over a principal's documents; kept per principal while its documents stay the same objects. The
   * vector may be shared with a document's or other principals': read it, never write to it.
   */
  union(p: Principal | undefined, docs: PolicyDocument[]): Uint32Array {
    const known = p && this.principals.get(p);
    if (known && known.docs.length === docs.length && known.docs.every((d, i) => d === docs[i])) return known.vector;
    // Copied only when a document adds bits to what the others give: most principals of a big account get one of
    // their documents' own vectors (or the shared empty one), not a new array each.
    let out = this.empty();
    let own = false;
    for (const d of docs) {
      const v = this.of(d);
      if (v === out) continue;
      let adds = false;
      for (let w = 0; w < this.words; w++) if ((v[w] & ~out[w]) !== 0) { adds = true; break; }
      if (!adds) continue;
      if (!own && out === this.empty()) {
        out = v;
        continue;
      }
      if (!own) {
        const copy = new Uint32Array(this.words);
        copy.set(out);
        out = copy;
        own = true;
      }
      for (let w = 0; w < this.words; w++) out[w] |= v[w];
    }
    if (p) this.principals.set(p, { docs, vector: out });
    return out;
  }
}

/** One step the evaluator allowed: the action, the resource and the statements that allowed it. */
export interface StepEvidence {
  action: string;
  resource: string;
  allowedBy: MatchedStatement[];
}

export type Answer = { ok: true; action: string; evidence: StepEvidence; keys?: undefined } | { ok: false; action: string; keys: string[]; evidence?: StepEvidence };

export interface AskOptions {
  /** The resource-based policy that applies (a role's trust policy for sts:AssumeRole). */
  resourcePolicy?: PolicySource;
  resourceKind?: 'resource' | 'trust' | 'kms-key';
  rcpLevels?: PolicySource[][];
  resourceAccount?: string;
  context?: ContextInput;
  /**
   * For a caller that keeps answers itself across runs: the request's key for the budget (see `charge`), so a
   * request the caller already charged under it is not charged again here.
   */
  budgetKey?: string;
}

/**
 * Asks the evaluator about one request of a session. Denied for want of context keys only: `keys` names them
 * (a step that may be possible, given those keys). The caller's base context is merged under the step's own.
 */
export function ask(session: Session, action: string, resource: string, base: ContextInput | undefined, o: AskOptions = {}): Answer {
  // Principals with the same policies get the same answer to a request without a resource-based policy, unless a
  // policy reads something of the principal itself (its name, tags, ARN): big accounts have thousands of users of
  // the same groups.
  const shared = o.resourcePolicy ? undefined : sharedKey(session);
  if (shared !== undefined) {
    const key = `${shared}|${action}|${resource}|${o.resourceAccount ?? ''}|${o.rcpLevels ? 'r' : ''}|${base ? JSON.stringify(base) : ''}|${o.context ? JSON.stringify(o.context) : ''}`;
    charge(key);
    const known = answers.get(key);
    if (known) return known;
    const a = askUncached(session, action, resource, base, o);
    if (answers.size > 50_000) answers.clear();
    answers.set(key, a);
    return a;
  }
  charge(o.budgetKey);
  return askUncached(session, action, resource, base, o);
}

const answers = new Map<string, Answer>();
const documentIds = new WeakMap<PolicyDocument, number>();
let nextDocumentId = 1;
const principalSpecific = new WeakMap<PolicyDocument, boolean>();
const sessionKeys = new WeakMap<Session, string | null>();
const READS_PRINCIPAL = /\$\{|aws:(username|userid|PrincipalTag|PrincipalArn|SourceIdentity|RoleSessionName|PrincipalType|FederatedProvider|TagKeys)|Principal/i;

function documentId(d: PolicyDocument): number {
  let id = documentIds.get(d);
  if (id === undefined) documentIds.set(d, (id = nextDocumentId++));
  return id;
}

/** Whether the document reads anything of the caller itself (variables, principal keys): then answers aren't shared. */
function readsPrincipal(d: PolicyDocument): boolean {
  let known = principalSpecific.get(d);
  if (known === undefined) {
    known = READS_PRINCIPAL.test(JSON.stringify(d.json ?? null));
    principalSpecific.set(d, known);
  }
  return known;
}

/**
 * A key that equal policy sets share: the kind and account of the caller and its documents per layer; null when
 * a document reads the principal itself.
 */
function sharedKey(session: Session): string | undefined {
  const known = sessionKeys.get(session);
  if (known !== undefined) return known ?? undefined;
  const p = session.policies;
  const parts: string[] = [];
  let specific = false;
  const add = (label: string, list: PolicySource[] | undefined) => {
    parts.push(label);
    for (const src of list ?? []) {
      if (readsPrincipal(src.doc)) specific = true;
      parts.push(String(documentId(src.doc)));
    }
  };
  const caller = /^arn:[^:]+:(iam|sts)::(\d*):(user|role|assumed-role|federated-user)\//.exec(session.principal.arn);
  add(`${caller?.[3] ?? session.principal.arn}@${caller?.[2] ?? ''}${session.principal.managementAccount ? '!' : ''}|i`, p.identity);
  add('b', p.boundary);
  add('s', p.session);
  for (const level of p.scpLevels ?? []) { add('c', level); }
  const key = specific || !caller ? null : parts.join(',');
  sessionKeys.set(session, key);
  return key ?? undefined;
}

/** Thrown when an analysis run with a budget has asked the evaluator more often than allowed. */
export class BudgetExceeded extends Error {
  constructor(readonly budget: number) {
    super(`the escalation analysis stopped after ${budget} evaluator calls`);
  }
}

/**
 * The budget in force: evaluations left, its size, and the requests this run has already paid for. A request is
 * paid for once per run, the first time the run asks it, whether or not the answer was already known from an
 * earlier run (the shared answers below, a role's service trust): so where a run stops depends on the workspace
 * only, never on what an earlier run (an earlier keystroke, another command) left in those caches.
 */
interface Budget {
  left: number;
  size: number;
  paid: Set<string>;
}

let budget: Budget | undefined;

/**
 * Charges the budget in force (if any) for one evaluation: one the run asks again under the same `key` is free;
 * one without a key is always charged. Throws BudgetExceeded when the budget is spent.
 */
export function charge(key?: string): void {
  const b = budget;
  if (!b) return;
  if (key !== undefined) {
    if (b.paid.has(key)) return;
    b.paid.add(key);
  }
  if (--b.left < 0) throw new BudgetExceeded(b.size);
}

/**
 * Runs `fn` with at most `size` evaluations (each distinct request the run asks, counted whether its answer was
 * cached or not; see `charge`); throws BudgetExceeded.
 */
export function withBudget<T>(size: number, fn: () => T): T {
  const outer = budget;
  budget = { left: size, size, paid: new Set() };
  try {
    return fn();
  } finally {
    budget = outer;
  }
}

/** `withBudget` for a computation run step by step: the budget is in force while a step runs, the caller's between steps. */
export function* withBudgetInSteps<Y, T>(size: number, steps: Generator<Y, T>): Generator<Y, T> {
  const mine: Budget = { left: size, size, paid: new Set() };
  for (;;) {
    const outer = budget;
    budget = mine;
    let r: IteratorResult<Y, T>;
    try {
      r = steps.next();
    } finally {
      budget = outer;
    }
    if (r.done) return r.value;
    yield r.value;
  }
}

let calls = 0;
/** How many times the evaluator has been asked so far in this process (a step that asked nothing was cheap). */
export function evaluatorCalls(): number {
  return calls;
}

function askUncached(session: Session, action: string, resource: string, base: ContextInput | undefined, o: AskOptions): Answer {
  calls++;
  const set: PolicySet = o.resourcePolicy || o.rcpLevels
    ? { ...session.policies, resource: o.resourcePolicy, resourceKind: o.resourceKind, rcpLevels: o.rcpLevels }
    : session.policies;
  const context = base && o.context ? { ...base, ...o.context } : (o.context ?? base);
  const req = { principal: session.principal, action, resource, resourceAccount: o.resourceAccount, context };
  const r: EvaluationResult = evaluate(req, set);
  if (r.decision === 'allowed') return { ok: true, action, evidence: { action, resource, allowedBy: r.matched } };
  if (!r.missingContextKeys.length) return { ok: false, action, keys: [] };
  // Denied while condition keys were missing: would the values the conditions ask for let it through? Each
  // missing key gets the first value a condition compares it with; allowed then means possible, given them.
  const explained = evaluate(req, set, { explain: true });
  const wanted: Record<string, string> = {};
  const missing = new Set(r.missingContextKeys.map((k) => k.toLowerCase()));
  // Deny statements first: a value that keeps a Deny off usually also satisfies the Allow (MFA true, a region).
  const statements = (explained.explanation ?? []).flatMap((p) => p.statements).sort((a, b) => (a.effect === b.effect ? 0 : a.effect === 'Deny' ? -1 : 1));
  for (const st of statements) {
    for (const c of st.conditions) {
      const k = c.key.toLowerCase();
      if (missing.has(k) && !(c.key in wanted) && c.values.length) wanted[c.key] = conditionValue(c.operator, c.values[0], st.effect === 'Allow');
    }
  }
  if (!Object.keys(wanted).length) return { ok: false, action, keys: [] };
  const again = evaluate({ ...req, context: { ...(context ?? {}), ...wanted } }, set);
  return again.decision === 'allowed' ? { ok: false, action, keys: r.missingContextKeys, evidence: { action, resource, allowedBy: again.matched } } : { ok: false, action, keys: [] };
}

/**
 * A value for a key a condition compares with `value`: one that makes the condition hold (`hold`, for an Allow)
 * or fail (for a Deny). Wildcards become a letter; negated operators turn it round.
 */
function conditionValue(operator: string, value: string, hold: boolean): string {
  const op = operator.replace(/^ForAnyValue:|^ForAllValues:/, '').replace(/IfExists$/, '');
  const negated = /Not/.test(op);
  const same = value.replace(/[*?]/g, 'x');
  if (hold !== negated) return same;
  if (/^Bool$/.test(op)) return value.toLowerCase() === 'true' ? 'false' : 'true';
  if (/^Numeric/.test(op)) return String(Number(value) + 1);
  return `${same}-other`;
}
