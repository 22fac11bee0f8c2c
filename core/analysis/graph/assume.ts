/**
 * Who can assume each role: the "can assume" edges of the graph. The evaluator decides; this file
 * only finds the candidates worth asking about (principals the trust policy names, principals of
 * the accounts it trusts, services and federated providers) and asks, per candidate:
 * sts:AssumeRole* on the role's ARN, with the candidate's own policies and the role's trust policy.
 */
import { evaluate, withRoleTags, type Session } from '../../engine';
import type { ContextInput, PolicySet, PrincipalInput } from '../../engine/types';
import { referencedDocument, type Group, type IdentityProvider, type Role, type User, type Workspace } from '../../model';
import { parsePolicyText } from '../../policy/parse';
import type { PolicyDocument } from '../../policy/types';
import type { Span } from '../../text/span';
import { wildcardMatcher } from '../../data/catalog';
import { roleSession, userSession } from '../simulate/principal';

export type AssumerKind = 'user' | 'role' | 'service' | 'federated' | 'account' | 'externalAccount' | 'anyone';

/**
 * What an outside principal's own account allows it: unknown, so everything (the graph and the access diff
 * show what the workspace's policies let in; the other account may still hold its principals back).
 */
let outsideIdentity: PolicySet | undefined;
export function outsidePolicies(): PolicySet {
  outsideIdentity ??= {
    identity: [
      {
        doc: parsePolicyText('{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}', 'graph:outside-account', 'identity'),
        id: 'the outside account\'s own policies (not in the workspace)',
      },
    ],
  };
  return outsideIdentity;
}

/** One principal that may assume a role. */
export interface Assumer {
  kind: AssumerKind;
  /** user/role: the entity; federated: the workspace provider when the trust names one. */
  entity?: User | Role | IdentityProvider;
  /** service name, provider ARN or host, account id, or `*`. */
  value: string;
  /** Where the trust policy names it (for account/service/federated nodes). */
  uri: string;
  span?: Span;
  /** True when allowed only if condition keys the graph cannot know hold (sts:ExternalId, aud...). */
  conditional: boolean;
  /** The condition keys that decide it, when conditional. */
  conditionKeys: string[];
  /** For an account standing in for many of its principals: how many. */
  summary?: string;
}

/**
 * Above this many principals let in through an account in the trust policy, a role gets one edge
 * from the account instead of one per principal (a graph of 300,000 edges helps nobody).
 */
export const MAX_ASSUMERS_PER_ROLE = 100;

function globMatches(pattern: string, value: string): boolean {
  if (!pattern.includes('*') && !pattern.includes('?')) return pattern.toLowerCase() === value.toLowerCase();
  // The literal text before the first wildcard must already agree (most patterns fail here, cheaply).
  const first = pattern.search(/[*?]/);
  if (!value.toLowerCase().startsWith(pattern.slice(0, first).toLowerCase())) return false;
  return wildcardMatcher(pattern)(value);
}

const documentMayAssume = new WeakMap<PolicyDocument, boolean>();

/** Does any Allow statement of the document name an action that matches sts:AssumeRole? Cached per document. */
function mayAssume(doc: PolicyDocument): boolean {
  let known = documentMayAssume.get(doc);
  if (known === undefined) {
    known = doc.statements.some(
      (s) => s.effect?.value === 'Allow' && (s.notAction !== undefined || (s.action?.values.some((a) => globMatches(a.value, 'sts:AssumeRole')) ?? false)),
    );
    documentMayAssume.set(doc, known);
  }
  return known;
}

/**
 * Cheap pre-check: can any identity statement of this principal allow sts:AssumeRole at all? If
 * not, the evaluator would say no for every role the principal is not named in, so it is not asked.
 * Reads the documents `userSession` / `roleSession` put in the identity layer (own and, for a
 * user, its groups' managed and inline policies) straight from the model, so a principal that
 * can't assume anything costs no session.
 */
function mayAssumeAnything(p: User | Role): boolean {
  const own = (e: User | Role | Group): boolean =>
    e.policies.some((r) => {
      const d = referencedDocument(r);
      return d !== undefined && mayAssume(d);
    }) || e.inlinePolicies.some((ip) => mayAssume(ip.document));
  return own(p) || (p.kind === 'user' && p.memberOf.some(own));
}

interface TrustMention {
  type: 'AWS' | 'Service' | 'Federated' | '*';
  value: string;
  span?: Span;
}

function trustMentions(trust: PolicyDocument): TrustMention[] {
  const out: TrustMention[] = [];
  for (const s of trust.statements) {
    if (s.effect?.value !== 'Allow' || !s.principal) continue;
    if (s.principal.wildcard) out.push({ type: '*', value: '*', span: s.principal.span });
    for (const entry of s.principal.entries) {
      const type = entry.type.value;
      for (const v of entry.values) {
        if (type === 'AWS') out.push(v.value === '*' ? { type: '*', value: '*', span: v.span } : { type: 'AWS', value: v.value, span: v.span });
        else if (type === 'Service' || type === 'Federated') out.push({ type, value: v.value, span: v.span });
      }
    }
  }
  return out;
}

function accountOfAwsPrincipal(value: string): string | undefined {
  if (/^\d{12}$/.test(value)) return value;
  const m = /^arn:[^:]+:(?:iam|sts)::(\d{12}):/.exec(value);
  return m ? m[1] : undefined;
}

function isRoot(value: string): boolean {
  return /^\d{12}$/.test(value) || /^arn:[^:]+:iam::\d{12}:root$/.test(value);
}

/** Prepared per workspace: each principal's policy set, computed once. */
export class AssumeResolver {
  private readonly sessions = new Map<User | Role, Session>();
  private readonly eager = new Map<User | Role, boolean>();
  /** Each role's assume-request context (its tags as aws:ResourceTag/*), made once per role. */
  private readonly roleContexts = new Map<Role, ContextInput>();
  private readonly providers = new Map<string, IdentityProvider>();

  constructor(private readonly workspace: Workspace) {
    for (const f of workspace.files) for (const p of f.identityProviders.values()) this.providers.set(p.arn.toLowerCase(), p);
  }

  private fileOf(p: User | Role) {
    return this.workspace.file(p.uri);
  }

  /** The caller and policies a user or role brings (the simulator's own view, so both answer alike). */
  private sessionOf(p: User | Role): Session {
    let session = this.sessions.get(p);
    if (!session) {
      session = p.kind === 'user' ? userSession(this.workspace, p) : roleSession(this.workspace, p, 'graph');
      this.sessions.set(p, session);
    }
    return session;
  }

  /** Whether any identity policy of the principal may allow sts:AssumeRole (see `mayAssumeAnything`). */
  private mayAssume(p: User | Role): boolean {
    let known = this.eager.get(p);
    if (known === undefined) this.eager.set(p, (known = mayAssumeAnything(p)));
    return known;
  }

  /** Asks the evaluator; undefined when denied. */
  private decide(
    principal: PrincipalInput,
    action: string,
    role: Role,
    policies: PolicySet,
  ): { conditional: boolean; keys: string[] } | undefined {
    if (!role.trustPolicy) return undefined;
    let context = this.roleContexts.get(role);
    if (!context) this.roleContexts.set(role, (context = withRoleTags({}, role.tags.length ? Object.fromEntries(role.tags.map((t) => [t.key, t.value])) : undefined) ?? {}));
    const result = evaluate(
      { principal, action, resource: role.arn, context },
      { ...policies, resource: { doc: role.trustPolicy, id: `${role.arn} trust policy`, sourceType: 'resource' }, resourceKind: 'trust' },
    );
    if (result.decision === 'allowed') return { conditional: false, keys: [] };
    if (result.decision === 'implicitDeny' && result.missingContextKeys.length > 0) {
      return { conditional: true, keys: [...result.missingContextKeys].sort() };
    }
    return undefined;
  }

  /** Everyone the evaluator lets assume the role (or would, given the conditions' keys). */
  assumersOf(role: Role): Assumer[] {
    if (!role.trustPolicy) return [];
    const out: Assumer[] = [];
    const mentions = trustMentions(role.trustPolicy);
    const seen = new Set<string>();
    const push = (a: Assumer, key: string) => {
      if (seen.has(key)) return;
      seen.add(key);
      out.push(a);
    };
    // Workspace principals: those named, and those of trusted accounts whose own policies may allow.
    const named = new Set<User | Role>();
    const accounts = new Set<string>();
    let anyone = false;
    for (const m of mentions) {
      if (m.type === '*') anyone = true;
      if (m.type !== 'AWS') continue;
      if (isRoot(m.value)) accounts.add(accountOfAwsPrincipal(m.value)!);
      else {
        const e = this.workspace.entityByArn(m.value);
        if (e && (e.kind === 'user' || e.kind === 'role')) named.add(e);
      }
    }
    for (const p of named) {
      if (p === role) continue;
      const session = this.sessionOf(p);
      const d = this.decide(session.principal, 'sts:AssumeRole', role, session.policies);
      if (d) push({ kind: p.kind, entity: p, value: p.arn, uri: p.uri, conditional: d.conditional, conditionKeys: d.keys }, p.arn);
    }
    for (const f of this.workspace.files) {
      if (!anyone && !accounts.has(f.accountId)) continue;
      const found: Assumer[] = [];
      for (const p of [...f.users.values(), ...f.roles.values()]) {
        if (p === role || named.has(p)) continue;
        if (!this.mayAssume(p)) continue;
        const session = this.sessionOf(p);
        const d = this.decide(session.principal, 'sts:AssumeRole', role, session.policies);
        if (!d) continue;
        found.push({ kind: p.kind, entity: p, value: p.arn, uri: p.uri, conditional: d.conditional, conditionKeys: d.keys });
        if (found.length > MAX_ASSUMERS_PER_ROLE) break;
      }
      if (found.length > MAX_ASSUMERS_PER_ROLE) {
        const mention = mentions.find((m) => m.type === 'AWS' && accountOfAwsPrincipal(m.value) === f.accountId) ?? mentions[0];
        push(
          {
            kind: 'account',
            value: f.accountId,
            uri: role.uri,
            span: mention?.span,
            conditional: false,
            conditionKeys: [],
            summary: `more than ${MAX_ASSUMERS_PER_ROLE} principals`,
          },
          `account:${f.accountId}`,
        );
      } else for (const a of found) push(a, a.value);
    }
    // Everyone else the trust policy names: services, providers, accounts, "*".
    for (const m of mentions) {
      if (m.type === 'Service') {
        const d = this.decide({ arn: m.value }, 'sts:AssumeRole', role, {});
        if (d) push({ kind: 'service', value: m.value, uri: role.uri, span: m.span, conditional: d.conditional, conditionKeys: d.keys }, `service:${m.value}`);
      } else if (m.type === 'Federated') {
        const provider = this.providers.get(m.value.toLowerCase());
        const saml = provider ? provider.type === 'saml' : /:saml-provider\//i.test(m.value);
        const d = this.decide({ arn: m.value }, saml ? 'sts:AssumeRoleWithSAML' : 'sts:AssumeRoleWithWebIdentity', role, {});
        if (d) {
          push(
            { kind: 'federated', entity: provider, value: m.value, uri: role.uri, span: m.span, conditional: d.conditional, conditionKeys: d.keys },
            `federated:${m.value}`,
          );
        }
      } else if (m.type === 'AWS' || m.type === '*') {
        const account = m.type === '*' ? '*' : accountOfAwsPrincipal(m.value);
        if (!account) continue;
        const inWorkspace = account !== '*' && this.workspace.fileForAccount(account) !== undefined;
        if (inWorkspace && (account === this.fileOf(role)?.accountId || !isRoot(m.value))) continue; // covered by entity edges
        // An outside account (or "*") decides for itself which of its principals may call: ask as its
        // root, or as the one principal the trust policy names there.
        const root = account === '*' || isRoot(m.value);
        const caller = account === '*' ? 'arn:aws:iam::000000000000:root' : root ? `arn:aws:iam::${account}:root` : m.value;
        const d = this.decide({ arn: caller }, 'sts:AssumeRole', role, root ? {} : outsidePolicies());
        if (!d) continue;
        const kind: AssumerKind = account === '*' ? 'anyone' : inWorkspace ? 'account' : 'externalAccount';
        const summary = root ? undefined : `as ${m.value.replace(/^arn:[^:]+:(iam|sts)::\d{12}:/, '')}`;
        push(
          { kind, value: account, uri: role.uri, span: m.span, conditional: d.conditional, conditionKeys: d.keys, summary },
          `${kind}:${account}:${root ? '' : m.value}`,
        );
      }
    }
    return out;
  }
}
