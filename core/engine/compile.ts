/**
 * Compiles a parsed policy document into matchers, once per document object (kept on the document), so
 * that evaluating thousands of requests against the same policies costs only the matching.
 */
import type { PolicyDocument, PrincipalBlock, Statement, StringList } from '../policy/types';
import { actionMatcher } from './actions';
import { compileCondition, type CompiledCondition } from './conditions';
import type { RequestContext } from './context';
import { arnMatcher, parsePattern, resolveParts, variableMatcher, type Part } from './pattern';
import { roleKey, type Caller } from './principal';

/**
 * How a Principal element names the caller. `direct`: the user, the role session, the federated-user
 * session, a service, a federated provider, or everyone ("*"); `role`: the IAM identity a session was
 * made from (the role of a role session, the IAM user who federated a federated-user session); `account`:
 * the caller's account (delegation: the account's own policies must then allow).
 */
export type PrincipalMatch = 'none' | 'account' | 'role' | 'direct';

export interface CompiledStatement {
  st: Statement;
  effect: 'Allow' | 'Deny' | undefined;
  action(a: string): boolean;
  resource(r: string, ctx: RequestContext): boolean;
  /** Undefined when the statement has neither Principal nor NotPrincipal. */
  principal?: (c: Caller) => PrincipalMatch;
  conditions: CompiledCondition[];
  /** Context keys the statement's policy variables read (Resource, NotResource, condition values). */
  variableKeys: string[];
}

export interface CompiledPolicy {
  doc: PolicyDocument;
  statements: CompiledStatement[];
  /** Whether policy variables are substituted (Version 2012-10-17). */
  variables: boolean;
}

/**
 * A document's compiled form is kept on the document itself, under a symbol (not enumerable: not printed, not
 * compared), so that both die together. A WeakMap keyed by the document kept it past its item in a batch: its
 * value holds the document, and V8's young-generation collections (Node 20) kept such entries, so every document
 * was promoted and freed only by a full collection (measured: ~2.7 MB promoted per scavenge instead of ~0.4 MB;
 * docs/benchmarks.md, issue 20). The WeakMap is kept only for a frozen document.
 */
const COMPILED = Symbol('compiled');
const frozenCache = new WeakMap<PolicyDocument, CompiledPolicy>();

export function compilePolicy(doc: PolicyDocument): CompiledPolicy {
  let c = (doc as { [COMPILED]?: CompiledPolicy })[COMPILED] ?? frozenCache.get(doc);
  if (!c) {
    const variables = doc.version?.value === '2012-10-17';
    c = { doc, variables, statements: doc.statements.map((st) => compileStatement(st, variables)) };
    if (Object.isExtensible(doc)) Object.defineProperty(doc, COMPILED, { value: c });
    else frozenCache.set(doc, c);
  }
  return c;
}

const NEVER = () => false;
const ALWAYS = () => true;

function anyOf<T extends unknown[]>(fs: ((...a: T) => boolean)[]): (...a: T) => boolean {
  if (fs.length === 0) return NEVER;
  if (fs.length === 1) return fs[0];
  return (...a: T) => {
    for (const f of fs) if (f(...a)) return true;
    return false;
  };
}

/**
 * Matchers of Action and Resource lists, shared by every statement that writes the same list: a matcher depends on
 * its patterns alone, and policies repeat lists (`"s3:*"`, `"*"`, a bucket's ARN) far more often than they differ,
 * above all in a batch of simulations, where each item's policies are compiled anew. Bounded; emptied when full.
 */
const actionLists = new Map<string, (a: string) => boolean>();
const resourceLists = new Map<string, (r: string, ctx: RequestContext) => boolean>();
const MAX_SHARED = 10000;

/**
 * The key of a list's patterns: its one value, the common case, is its own key (no string is made); a longer list is
 * its values as a JSON array, which no single pattern can be taken for (a pattern starting with `[` or a space gets one more space).
 */
function listKey(list: StringList): string {
  if (list.values.length === 1) {
    const v = list.values[0].value;
    return v.startsWith('[') || v.startsWith(' ') ? ` ${v}` : v;
  }
  return JSON.stringify(list.values.map((v) => v.value));
}

function compileActions(list: StringList): (a: string) => boolean {
  const key = listKey(list);
  let m = actionLists.get(key);
  if (!m) {
    if (actionLists.size >= MAX_SHARED) actionLists.clear();
    m = actionMatcher(list.values.map((v) => v.value));
    actionLists.set(key, m);
  }
  return m;
}

function compileResources(list: StringList, variables: boolean): (r: string, ctx: RequestContext) => boolean {
  const key = listKey(list);
  const cache = variables ? resourceLists : resourceListsPlain;
  let m = cache.get(key);
  if (!m) {
    if (cache.size >= MAX_SHARED) cache.clear();
    m = compileResourceList(list, variables);
    cache.set(key, m);
  }
  return m;
}
/** Resource lists of documents without Version 2012-10-17, where `${...}` is plain text. */
const resourceListsPlain = new Map<string, (r: string, ctx: RequestContext) => boolean>();

function compileResourceList(list: StringList, variables: boolean): (r: string, ctx: RequestContext) => boolean {
  const fs: ((r: string, ctx: RequestContext) => boolean)[] = [];
  for (const v of list.values) {
    const parts = parsePattern(v.value, variables);
    if (parts.some((p) => 'variable' in p)) {
      const m = variableMatcher(parts, arnMatcher);
      fs.push((r, ctx) => m(r, (k) => ctx.single(k)));
    } else {
      const m = arnMatcher(parts);
      fs.push((r) => m(r));
    }
  }
  return anyOf(fs);
}

const RANK: Record<PrincipalMatch, number> = { none: 0, account: 1, role: 2, direct: 3 };

/** How one `"AWS"` principal value names the caller. */
function awsPrincipal(value: string): (c: Caller) => PrincipalMatch {
  const v = value.trim();
  if (v === '*') return () => 'direct';
  const acct = /^\d{12}$/.test(v) ? v : /^arn:[^:]+:iam::(\d{12}):root$/.exec(v)?.[1];
  if (acct) {
    return (c) => {
      if (c.account !== acct || c.kind === 'anonymous' || c.kind === 'service' || c.kind === 'federated') return 'none';
      return c.kind === 'root' ? 'direct' : 'account';
    };
  }
  const role = roleKey(v);
  if (role) {
    return (c) => ((c.kind === 'role' || c.kind === 'assumed-role') && c.roleKey === role ? 'role' : 'none');
  }
  return (c) => (c.arn === v ? 'direct' : c.kind === 'federated-user' && c.userArn === v ? 'role' : 'none');
}

function principalFn(block: PrincipalBlock): (c: Caller) => PrincipalMatch {
  if (block.wildcard) return () => 'direct';
  const fs: ((c: Caller) => PrincipalMatch)[] = [];
  for (const e of block.entries) {
    const type = e.type.value;
    for (const val of e.values) {
      const v = val.value;
      if (type === 'AWS') fs.push(awsPrincipal(v));
      else if (type === 'Service') {
        const lower = v.toLowerCase();
        fs.push((c) => (v === '*' || (c.kind === 'service' && c.arn.toLowerCase() === lower) ? 'direct' : 'none'));
      } else if (type === 'Federated') {
        // A provider ARN also names callers given by the provider's host (token.actions.githubusercontent.com).
        const lower = v.toLowerCase();
        const host = /:oidc-provider\/(.+)$/.exec(lower)?.[1];
        fs.push((c) => {
          if (c.kind !== 'federated') return 'none';
          const arn = c.arn.toLowerCase();
          const callerHost = /:oidc-provider\/(.+)$/.exec(arn)?.[1];
          return arn === lower || (host !== undefined && arn === host) || (callerHost !== undefined && callerHost === lower) ? 'direct' : 'none';
        });
      } else if (type === 'CanonicalUser') {
        fs.push((c) => (c.kind === 'canonical-user' && c.arn === v ? 'direct' : 'none'));
      }
    }
  }
  return (c) => {
    let best: PrincipalMatch = 'none';
    for (const f of fs) {
      const m = f(c);
      if (RANK[m] > RANK[best]) best = m;
      if (best === 'direct') break;
    }
    return best;
  };
}

/**
 * NotPrincipal: AWS checks each identity of the caller (its account, then its role or user); the
 * statement applies unless every one of them is listed (IAM User Guide, "NotPrincipal").
 */
function notPrincipalFn(block: PrincipalBlock): (c: Caller) => PrincipalMatch {
  if (block.wildcard) return () => 'none';
  const listed = new Set<string>();
  const roles = new Set<string>();
  for (const e of block.entries) {
    for (const val of e.values) {
      const v = val.value.trim();
      if (e.type.value === 'AWS') {
        if (v === '*') listed.add('*');
        const acct = /^\d{12}$/.test(v) ? v : /^arn:[^:]+:iam::(\d{12}):root$/.exec(v)?.[1];
        if (acct) listed.add(`account:${acct}`);
        const role = roleKey(v);
        if (role) roles.add(role);
        listed.add(v);
      } else listed.add(v.toLowerCase());
    }
  }
  return (c) => {
    if (listed.has('*')) return 'none';
    let identities: boolean[];
    switch (c.kind) {
      case 'anonymous':
        identities = [false];
        break;
      case 'service':
      case 'federated':
        identities = [listed.has(c.arn.toLowerCase())];
        break;
      case 'root':
        identities = [listed.has(`account:${c.account}`)];
        break;
      case 'role':
        identities = [listed.has(`account:${c.account}`), roles.has(c.roleKey ?? '')];
        break;
      case 'assumed-role':
        // The account, then the role; listing both covers its sessions ("NotPrincipal": "include both the
        // ARN for a role and the ARN for the account containing that role").
        identities = [listed.has(`account:${c.account}`), roles.has(c.roleKey ?? '')];
        break;
      default:
        identities = [listed.has(`account:${c.account}`), listed.has(c.arn)];
    }
    return identities.every(Boolean) ? 'none' : 'direct';
  };
}

/** The partition/service/region/account part of an ARN pattern, any resource: `arn:aws:s3:::*`. */
function arnPrefix(parts: Part[]): Part[] {
  const out: Part[] = [];
  let colons = 0;
  for (const p of parts) {
    if ('variable' in p) out.push({ wild: '*' });
    else if ('wild' in p) out.push(p);
    else {
      let lit = '';
      for (const ch of p.lit) {
        lit += ch;
        if (ch === ':' && ++colons === 5) break;
      }
      out.push({ lit });
    }
    if (colons === 5) break;
  }
  out.push({ wild: '*' });
  return out;
}

/**
 * A statement's matchers, each compiled on first use: a request whose action the statement does not name
 * never needs its Resource, Condition or Principal matchers, and in a batch of distinct small policy sets
 * (`simulate-custom-policy --cli-input-json`) most statements are read for a handful of requests only.
 */
class LazyStatement implements CompiledStatement {
  readonly effect: 'Allow' | 'Deny' | undefined;
  private actionFn?: (a: string) => boolean;
  private resourceFn?: (r: string, ctx: RequestContext) => boolean;
  private principalFnC?: ((c: Caller) => PrincipalMatch) | null;
  private conditionsC?: CompiledCondition[];
  private variableKeysC?: string[];

  constructor(
    readonly st: Statement,
    private readonly variables: boolean,
  ) {
    const effectText = st.effect?.value;
    this.effect = effectText === 'Allow' ? 'Allow' : effectText === 'Deny' ? 'Deny' : undefined;
  }

  action(a: string): boolean {
    return (this.actionFn ??= compileStatementActions(this.st))(a);
  }

  resource(r: string, ctx: RequestContext): boolean {
    return (this.resourceFn ??= compileStatementResources(this.st, this.variables))(r, ctx);
  }

  get principal(): ((c: Caller) => PrincipalMatch) | undefined {
    if (this.principalFnC === undefined) {
      const st = this.st;
      this.principalFnC = st.principal ? principalFn(st.principal) : st.notPrincipal ? notPrincipalFn(st.notPrincipal) : null;
    }
    return this.principalFnC ?? undefined;
  }

  get conditions(): CompiledCondition[] {
    return (this.conditionsC ??= this.st.conditions.map((c) => compileCondition(c, this.variables)));
  }

  get variableKeys(): string[] {
    return (this.variableKeysC ??= statementVariableKeys(this.st, this.variables));
  }
}

function compileStatementActions(st: Statement): (a: string) => boolean {
  if (st.action) return compileActions(st.action);
  if (st.notAction) {
    const m = compileActions(st.notAction);
    return (a) => !m(a);
  }
  return NEVER;
}

function compileStatementResources(st: Statement, variables: boolean): (r: string, ctx: RequestContext) => boolean {
  if (st.resource) return compileResources(st.resource, variables);
  if (!st.notResource) return ALWAYS;
  const m = compileResources(st.notResource, variables);
  const dynamic = st.notResource.values
    .map((v) => parsePattern(v.value, variables))
    .filter((p) => p.some((x) => 'variable' in x))
    .map((parts) => ({ parts, relaxed: arnMatcher(arnPrefix(parts)) }));
  return dynamic.length
    ? (r, ctx) => {
        for (const d of dynamic) if (!resolveParts(d.parts, (k) => ctx.single(k)) && d.relaxed(r)) return false;
        return !m(r, ctx);
      }
    : (r, ctx) => !m(r, ctx);
}

/** Context keys the statement's policy variables read (Resource, NotResource, condition values). */
function statementVariableKeys(st: Statement, variables: boolean): string[] {
  if (!variables) return [];
  const variableKeys = new Set<string>();
  const texts = [...(st.resource?.values ?? []), ...(st.notResource?.values ?? [])].map((v) => v.value);
  for (const c of st.conditions) for (const v of c.values) if (typeof v.value === 'string') texts.push(v.value);
  for (const t of texts) {
    if (t.indexOf('${') < 0) continue; // no policy variable in it: nothing to parse
    for (const p of parsePattern(t, true)) if ('variable' in p && p.fallback === undefined) variableKeys.add(p.variable);
  }
  return [...variableKeys];
}

function compileStatement(st: Statement, variables: boolean): CompiledStatement {
  return new LazyStatement(st, variables);
}
