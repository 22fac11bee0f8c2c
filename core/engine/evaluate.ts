/**
 * AWS's decision logic (IAM User Guide: "Policy evaluation logic", "Determining whether a request
 * is allowed or denied within an account", "Cross-account policy evaluation logic").
 */
import { getCatalog } from '../data/catalog';
import { accountOf, arnAccount } from './arn';
import { compilePolicy, type CompiledStatement, type PrincipalMatch } from './compile';
import { RequestContext } from './context';
import { isAwsIdentity, isServiceLinkedRole, parseCaller, type Caller } from './principal';
import type {
  Decision,
  EvaluateOptions,
  EvaluationResult,
  Layer,
  LayerOutcome,
  MatchedStatement,
  PolicyExplanation,
  PolicySet,
  PolicySource,
  Request,
  ResourcePolicyKind,
  StatementExplanation,
} from './types';

/**
 * Services whose resources resource control policies govern when neither the policy set nor the
 * data catalogue says (AWS Organizations User Guide, "Resource control policies": supported services).
 */
export const DEFAULT_RCP_SERVICES: ReadonlySet<string> = new Set([
  's3', 'sts', 'kms', 'sqs', 'secretsmanager', 'ecr', 'aoss', 'cognito-identity', 'dynamodb', 'logs',
]);

let catalogueRcpServices: ReadonlySet<string> | undefined;

/** The catalogue's list of services that support RCPs (read once), else `DEFAULT_RCP_SERVICES`. */
export function rcpServices(): ReadonlySet<string> {
  if (!catalogueRcpServices) {
    try {
      catalogueRcpServices = new Set(getCatalog().rcpServices().map((s) => s.toLowerCase()));
    } catch {
      catalogueRcpServices = DEFAULT_RCP_SERVICES; // no extracted data (e.g. before `npm run build`)
    }
  }
  return catalogueRcpServices;
}

const ROLE_ACTIONS = new Set([
  'sts:assumerole', 'sts:assumerolewithwebidentity', 'sts:assumerolewithsaml', 'sts:tagsession', 'sts:setsourceidentity',
  'sts:setcontext',
]);

interface Hit {
  source: PolicySource;
  cs: CompiledStatement;
  principal: PrincipalMatch;
}

interface LayerHits {
  allows: Hit[];
  denies: Hit[];
}

const NO_HITS: LayerHits = Object.freeze({ allows: Object.freeze([]) as unknown as Hit[], denies: Object.freeze([]) as unknown as Hit[] });

/** How AWS treats the resource policy for this action, when the policy set does not say. */
export function resourcePolicyKind(action: string, resource: string): ResourcePolicyKind {
  const a = action.toLowerCase();
  if (ROLE_ACTIONS.has(a) && /^arn:[^:]+:iam::\d*:role\//.test(resource)) return 'trust';
  if (a.startsWith('kms:') && /^arn:[^:]+:kms:[^:]*:\d*:key\//.test(resource)) return 'kms-key';
  return 'resource';
}

class Evaluator {
  readonly ctx: RequestContext;
  /** Condition keys read by applicable statements but absent (lower-case → as written). */
  missing?: Map<string, string>;
  readonly explanation?: PolicyExplanation[];
  /** The caller is an IAM principal with a permissions boundary. */
  boundaryDeniesNotPrincipal = false;

  constructor(
    readonly caller: Caller,
    readonly action: string,
    readonly resource: string,
    resourceAccount: string | undefined,
    req: Request,
    opts: EvaluateOptions,
  ) {
    this.ctx = new RequestContext(req.context, caller, resourceAccount, opts.now);
    if (opts.explain) this.explanation = [];
  }

  /** Evaluates the policies of one layer: which Allow and Deny statements apply. */
  layer(layer: Layer, sources: PolicySource[] | undefined): LayerHits {
    if (!sources || sources.length === 0) return NO_HITS;
    const hits: LayerHits = { allows: [], denies: [] };
    for (let i = 0; i < sources.length; i++) {
      const source = sources[i];
      const policy = compilePolicy(source.doc);
      const explained: StatementExplanation[] | undefined = this.explanation ? [] : undefined;
      for (let j = 0, statements = policy.statements; j < statements.length; j++) {
        const cs = statements[j];
        const hit = this.statement(cs, explained, layer === 'resource');
        if (hit) (cs.effect === 'Allow' ? hits.allows : hits.denies).push({ source, cs, principal: hit });
      }
      if (this.explanation && explained) {
        this.explanation.push({ policyId: source.id, layer, uri: source.doc.uri, statements: explained });
      }
    }
    return hits;
  }

  private noteMissing(key: string): void {
    if (this.ctx.has(key)) return;
    const lower = key.toLowerCase();
    if (!this.missing) this.missing = new Map();
    if (!this.missing.has(lower)) this.missing.set(lower, key);
  }

  private principalOf(cs: CompiledStatement): PrincipalMatch {
    // A Deny with NotPrincipal always denies IAM principals that have a permissions boundary (IAM User
    // Guide, "NotPrincipal"), whatever it lists.
    if (this.boundaryDeniesNotPrincipal && cs.effect === 'Deny' && cs.st.notPrincipal) return 'direct';
    return cs.principal ? cs.principal(this.caller) : 'direct';
  }

  /** Returns how the statement's principal matched when the statement applies, else undefined. */
  private statement(cs: CompiledStatement, explained?: StatementExplanation[], needsPrincipal = false): PrincipalMatch | undefined {
    const actionMatched = !!cs.effect && cs.action(this.action);
    const resourceMatched = actionMatched && cs.resource(this.resource, this.ctx);
    // A resource-based policy says whom it applies to; a statement without Principal or NotPrincipal
    // (which AWS refuses to store) applies to no one, never to everyone (docs/engine-notes.md).
    const noPrincipal = needsPrincipal && !cs.principal;
    let principal: PrincipalMatch = noPrincipal ? 'none' : 'direct';
    if (cs.principal && resourceMatched) principal = this.principalOf(cs);
    const principalMatched = principal !== 'none';
    if (resourceMatched && principalMatched) for (let i = 0, conditions = cs.conditions; i < conditions.length; i++) {
      const c = conditions[i];
      this.noteMissing(c.key);
    }
    // Policy variables are read as soon as the action matches (an absent one can stop the resource matching).
    if (actionMatched) for (let j = 0, variableKeys = cs.variableKeys; j < variableKeys.length; j++) {
      const k = variableKeys[j];
      this.noteMissing(k);
    }
    let conditionsHeld = resourceMatched && principalMatched;
    if (conditionsHeld) {
      for (let n = 0, list = cs.conditions; n < list.length; n++) {
        const c = list[n];
        if (!c.test(this.ctx)) {
          conditionsHeld = false;
          break;
        }
      }
    }
    if (explained) {
      const st = cs.st;
      const resMatch = actionMatched ? resourceMatched : cs.resource(this.resource, this.ctx);
      const princ = noPrincipal ? 'none' : cs.principal ? this.principalOf(cs) : undefined;
      const condHeld = cs.conditions.every((c) => c.test(this.ctx));
      explained.push({
        index: st.index,
        sid: st.sid?.value,
        effect: cs.effect ?? 'Allow',
        span: st.span,
        actionMatched,
        resourceMatched: resMatch,
        principalMatched: princ === undefined ? undefined : princ !== 'none',
        conditionsHeld: condHeld,
        conditions: cs.conditions.map((c) => c.explain(this.ctx)),
        matched: conditionsHeld,
        why: statementWhy(cs, this.action, this.resource, actionMatched, resMatch, princ, condHeld, this.caller),
      });
    }
    return conditionsHeld ? principal : undefined;
  }
}

/** One sentence on why a statement applies to the request or not. */
function statementWhy(
  cs: CompiledStatement,
  action: string,
  resource: string,
  actionMatched: boolean,
  resourceMatched: boolean,
  principal: PrincipalMatch | undefined,
  conditionsHeld: boolean,
  caller: Caller,
): string {
  const st = cs.st;
  const list = (l: { values: { value: string }[] } | undefined) => (l ? l.values.map((v) => v.value).join(', ') : '');
  if (!cs.effect) return `Effect is "${st.effect?.value ?? ''}", not "Allow" or "Deny": the statement never applies.`;
  if (!actionMatched) {
    return st.notAction ? `${action} is listed in NotAction (${list(st.notAction)}).` : `${action} does not match Action (${list(st.action)}).`;
  }
  if (!resourceMatched) {
    return st.notResource ? `${resource} is listed in NotResource (${list(st.notResource)}).` : `${resource} does not match Resource (${list(st.resource)}).`;
  }
  if (principal === 'none') {
    if (!cs.principal) return 'A statement of a resource-based policy without Principal applies to no one.';
    return st.notPrincipal ? `${caller.arn} is excluded by NotPrincipal.` : `The Principal element does not name ${caller.arn}.`;
  }
  if (!conditionsHeld) return 'Action, resource and principal match, but a condition does not hold.';
  const through = caller.kind === 'federated-user' ? 'the IAM user who federated it' : 'its role';
  const via = principal === 'account' ? ' (through its account)' : principal === 'role' ? ` (through ${through})` : '';
  return `Applies: ${st.effect?.value} ${action} on ${resource}${cs.principal ? ` for ${caller.arn}${via}` : ''}.`;
}

function toMatched(h: Hit, layer: Layer): MatchedStatement {
  return {
    policyId: h.source.id,
    sourceType: h.source.sourceType,
    layer,
    uri: h.source.doc.uri,
    span: h.cs.st.span,
    index: h.cs.st.index,
    sid: h.cs.st.sid?.value,
    effect: h.cs.effect ?? 'Allow',
  };
}

const BEST: Record<PrincipalMatch, number> = { none: 0, account: 1, role: 2, direct: 3 };

function strongest(hits: Hit[]): PrincipalMatch {
  let best: PrincipalMatch = 'none';
  for (let i = 0; i < hits.length; i++) {
    const h = hits[i];
    if (BEST[h.principal] > BEST[best]) best = h.principal;
  }
  return best;
}

function levels(ev: Evaluator, layer: Layer, list: PolicySource[][] | undefined): LayerHits[] {
  const out: LayerHits[] = [];
  if (list) for (let i = 0; i < list.length; i++) {
    const level = list[i];
    out.push(ev.layer(layer, level));
  }
  return out;
}

function allAllow(hits: LayerHits[]): boolean {
  for (let i = 0; i < hits.length; i++) {
    const h = hits[i];
    if (h.allows.length === 0) return false;
  }
  return true;
}

function anyDeny(hits: LayerHits[]): boolean {
  for (let i = 0; i < hits.length; i++) {
    const h = hits[i];
    if (h.denies.length) return true;
  }
  return false;
}

function outcome(layer: Layer, applies: boolean, hits: LayerHits[]): LayerOutcome {
  const decision: Decision = anyDeny(hits) ? 'explicitDeny' : applies && hits.length > 0 && allAllow(hits) ? 'allowed' : 'implicitDeny';
  return { layer, applies, decision };
}

/** What one evaluation found, layer by layer. */
interface Found {
  scp: LayerHits[];
  rcp: LayerHits[];
  res: LayerHits;
  id: LayerHits;
  bound: LayerHits[];
  sess: LayerHits;
  endp: LayerHits;
}

/** Evaluates one request against a policy set, deciding as AWS does and saying why. */
export function evaluate(req: Request, set: PolicySet, opts: EvaluateOptions = {}): EvaluationResult {
  const caller = parseCaller(req.principal);
  const action = req.action;
  const resource = req.resource ?? '*';
  const resourceAccount = accountOf(req.resourceAccount) ?? arnAccount(resource) ?? caller.account;
  const ev = new Evaluator(caller, action, resource, resourceAccount, req, opts);
  const identityCaller = isAwsIdentity(caller);
  ev.boundaryDeniesNotPrincipal = identityCaller && caller.kind !== 'root' && !!set.boundary?.length;
  const crossAccount = identityCaller && !!caller.account && !!resourceAccount && caller.account !== resourceAccount;
  const colon = action.indexOf(':');
  const service = (colon < 0 ? action : action.slice(0, colon)).toLowerCase();

  const slr = isServiceLinkedRole(caller);
  const scpApplies = !!set.scpLevels?.length && identityCaller && !caller.input.managementAccount && !slr;
  const rcpApplies = !!set.rcpLevels?.length && !slr && (set.rcpServices ?? rcpServices()).has(service);
  const principalPolicies = identityCaller && caller.kind !== 'root';
  const hasBoundary = principalPolicies && !!set.boundary?.length;
  const hasSession = principalPolicies && !!set.session?.length;
  const hasEndpoint = !!set.endpoint?.length;

  // Evaluate every layer once.
  const f: Found = {
    scp: scpApplies ? levels(ev, 'scp', set.scpLevels) : [],
    rcp: rcpApplies ? levels(ev, 'rcp', set.rcpLevels) : [],
    res: ev.layer('resource', set.resource ? [set.resource] : undefined),
    id: ev.layer('identity', principalPolicies ? set.identity : undefined),
    bound: hasBoundary ? levels(ev, 'boundary', set.boundary!.map((b) => [b])) : [],
    sess: ev.layer('session', hasSession ? set.session : undefined),
    endp: ev.layer('endpoint', set.endpoint),
  };
  const layers: LayerOutcome[] = [
    outcome('scp', scpApplies, f.scp),
    { layer: 'rcp', applies: rcpApplies, decision: anyDeny(f.rcp) ? 'explicitDeny' : rcpApplies ? 'allowed' : 'implicitDeny' },
    outcome('resource', !!set.resource, [f.res]),
    outcome('identity', principalPolicies, [f.id]),
    outcome('boundary', hasBoundary, f.bound),
    outcome('session', hasSession, [f.sess]),
    outcome('endpoint', hasEndpoint, [f.endp]),
  ];
  // An action AWS allows whatever the policies say: `layers` and the explanation still show what the
  // policies themselves say, but no context key can change the answer, so none is reported missing.
  const always = alwaysAllowed(action);
  const d = always ? result('allowed', undefined, always, []) : decide(f, set, caller, action, resource, resourceAccount, crossAccount, identityCaller, hasSession, hasEndpoint);
  const missingContextKeys = always || !ev.missing ? [] : [...ev.missing.values()];
  // One literal, not `{ ...d, ...base }`: V8 copies a second spread property by property, and this is the
  // evaluator's hottest line in a batch of simulations.
  return { decision: d.decision, decidedBy: d.decidedBy, reason: d.reason, matched: d.matched, layers, crossAccount, missingContextKeys, explanation: ev.explanation };
}

const GET_CALLER_IDENTITY = 'sts:getcalleridentity';

/**
 * The reason when AWS allows the action to every caller whatever the policies say, else undefined.
 * Only `sts:GetCallerIdentity`: "No permissions are required to perform this operation", and an
 * explicit deny of it does not stop the call (STS API Reference, "GetCallerIdentity"). This comes
 * before every decision step, explicit denies included: no policy layer decides it, so `decidedBy`
 * stays undefined and `matched` empty.
 */
export function alwaysAllowed(action: string): string | undefined {
  // The length test first keeps the lower-casing off the path of every other request.
  if (action.length !== GET_CALLER_IDENTITY.length || action.toLowerCase() !== GET_CALLER_IDENTITY) return undefined;
  return `sts:GetCallerIdentity needs no permission: AWS allows it to every caller, even when a policy explicitly denies it (STS API Reference, "GetCallerIdentity").`;
}

type Decided = Pick<EvaluationResult, 'decision' | 'decidedBy' | 'reason' | 'matched'>;

function result(decision: Decision, decidedBy: Layer | undefined, reason: string, matched: MatchedStatement[]): Decided {
  return { decision, decidedBy, reason, matched };
}

const DENY_ORDER: Layer[] = ['scp', 'rcp', 'resource', 'identity', 'boundary', 'session', 'endpoint'];

/** AWS's decision order over what the layers found. */
function decide(
  f: Found,
  set: PolicySet,
  caller: Caller,
  action: string,
  resource: string,
  resourceAccount: string | undefined,
  crossAccount: boolean,
  identityCaller: boolean,
  hasSession: boolean,
  hasEndpoint: boolean,
): Decided {
  const byLayer: Record<Layer, LayerHits[]> = {
    scp: f.scp, rcp: f.rcp, resource: [f.res], identity: [f.id], boundary: f.bound, session: [f.sess], endpoint: [f.endp],
  };
  // (sts:GetCallerIdentity never gets here: `alwaysAllowed`, before step 1.)
  // 1. An explicit Deny in any applicable policy decides.
  let denies: MatchedStatement[] | undefined;
  let denyLayer: Layer | undefined;
  for (let j = 0; j < DENY_ORDER.length; j++) {
    const layer = DENY_ORDER[j];
    for (let k = 0, list = byLayer[layer]; k < list.length; k++) {
      const h = list[k];
      for (let n = 0, items = h.denies; n < items.length; n++) {
        const d = items[n];
        (denies ??= []).push(toMatched(d, layer));
        denyLayer ??= layer;
      }
    }
  }
  if (denies) return result('explicitDeny', denyLayer, `Explicitly denied by a Deny statement in ${LAYER_NAME[denyLayer!]}.`, denies);

  // 2. A fixed limit of the caller's credentials, not of any policy: no layer decides it.
  const barred = federatedSessionLimit(caller, action) ?? awsOwnedResourceLimit(action, resource);
  if (barred) return result('implicitDeny', undefined, barred, []);

  // 3. RCPs: RCPFullAWSAccess is attached at every level, so without a Deny they allow.
  // 4. SCPs: every level from the root to the account must allow.
  for (let i = 0; i < f.scp.length; i++) {
    if (f.scp[i].allows.length === 0) return result('implicitDeny', 'scp', `No service control policy at level ${i + 1} (root = 1) allows ${action}.`, []);
  }
  // VPC endpoint policies must allow requests that pass through the endpoint.
  if (hasEndpoint && f.endp.allows.length === 0) return result('implicitDeny', 'endpoint', `The VPC endpoint policy does not allow ${action}.`, []);

  const allowStatements = (): MatchedStatement[] => [
    ...f.id.allows.map((h) => toMatched(h, 'identity')),
    ...f.res.allows.map((h) => toMatched(h, 'resource')),
  ];
  const resourceMatch = strongest(f.res.allows);
  const kind = set.resourceKind ?? resourcePolicyKind(action, resource);

  // Trust policies and KMS key policies must always allow explicitly; one that was not given allows nothing.
  if (kind !== 'resource' && f.res.allows.length === 0) {
    const what = kind === 'trust' ? "the role's trust policy" : 'the key policy';
    const reason = set.resource
      ? `${cap(what)} does not allow this principal to ${action}; it must allow explicitly.`
      : `No ${what.replace(/^the /, '')} was given; AWS requires it to allow ${action} explicitly.`;
    return result('implicitDeny', 'resource', reason, []);
  }

  // Callers that are not IAM identities: only a resource-based policy can allow them.
  if (!identityCaller) {
    if (resourceMatch !== 'none') return result('allowed', 'resource', `Allowed by the resource-based policy, which names ${describeCaller(caller)}.`, allowStatements());
    return result('implicitDeny', 'resource', `No resource-based policy allows ${describeCaller(caller)} to ${action}.`, []);
  }

  const idAllows = f.id.allows.length > 0;
  const boundaryAllows = allAllow(f.bound);
  const sessionAllows = !hasSession || f.sess.allows.length > 0;

  if (crossAccount) {
    const principalSide = caller.kind === 'root' || (idAllows && boundaryAllows && sessionAllows);
    if (!principalSide) {
      const layer: Layer = caller.kind !== 'root' && !idAllows ? 'identity' : !boundaryAllows ? 'boundary' : 'session';
      return result('implicitDeny', layer, `Cross-account request: ${missingAllow(layer)} in the caller's account (${caller.account}).`, []);
    }
    if (resourceMatch === 'none') {
      return result('implicitDeny', 'resource', `Cross-account request: no resource-based policy in account ${resourceAccount} allows the caller.`, []);
    }
    return result('allowed', 'identity', "Cross-account request allowed by both the caller's policies and the resource-based policy.", allowStatements());
  }

  // Same account.
  if (caller.kind === 'root') {
    return result('allowed', undefined, 'The account root user has full access within its account unless a policy denies it.', allowStatements());
  }
  if (resourceMatch === 'direct') {
    return result('allowed', 'resource', `Allowed by the resource-based policy, which names ${describeCaller(caller)} directly.`, allowStatements());
  }
  if (resourceMatch === 'role' && boundaryAllows && sessionAllows) {
    return result('allowed', 'resource', `Allowed by the resource-based policy, which names ${sessionSource(caller)}.`, allowStatements());
  }
  if (!idAllows) {
    const reason =
      resourceMatch === 'account'
        ? `The resource-based policy only names the account; no identity-based policy allows ${action}.`
        : resourceMatch === 'role'
          ? `The resource-based policy names ${sessionSource(caller)}, but ${missingAllow(!boundaryAllows ? 'boundary' : 'session')}.`
          : `No identity-based policy allows ${action} on ${resource}.`;
    const layer: Layer = resourceMatch === 'role' ? (!boundaryAllows ? 'boundary' : 'session') : 'identity';
    return result('implicitDeny', layer, reason, []);
  }
  if (!boundaryAllows) return result('implicitDeny', 'boundary', `The permissions boundary does not allow ${action}.`, []);
  if (!sessionAllows) return result('implicitDeny', 'session', `The session policy does not allow ${action}.`, []);
  return result('allowed', 'identity', 'Allowed by an identity-based policy.', allowStatements());
}

/**
 * What AWS STS federated user sessions (GetFederationToken credentials) can never call, whatever the
 * policies allow: IAM operations through the AWS CLI or API, and STS operations other than
 * GetCallerIdentity (IAM User Guide, "Compare AWS STS credentials"; STS API Reference,
 * "GetFederationToken", Permissions). iam:PassRole is a permission, not an operation (IAM User Guide,
 * "Grant a user permissions to pass a role to an AWS service"), so it stays with the policies.
 * GetCallerIdentity needs no exception here: every caller is allowed it before this step
 * (`alwaysAllowed`). Returns the reason when the action is barred for this caller.
 */
function federatedSessionLimit(caller: Caller, action: string): string | undefined {
  if (caller.kind !== 'federated-user') return undefined;
  const a = action.toLowerCase();
  if (a.startsWith('iam:') && a !== 'iam:passrole') {
    return `AWS STS federated user sessions can't call IAM operations with the AWS CLI or API, whatever the policies allow (IAM User Guide, "Compare AWS STS credentials"; STS API Reference, "GetFederationToken").`;
  }
  if (a.startsWith('sts:')) {
    return `AWS STS federated user sessions can't call STS operations other than GetCallerIdentity, whatever the policies allow (IAM User Guide, "Compare AWS STS credentials"; STS API Reference, "GetFederationToken").`;
  }
  return undefined;
}

/** IAM operations that change an AWS managed policy ("You cannot change the permissions defined in AWS managed policies"). */
const MANAGED_POLICY_CHANGES = new Set(['iam:createpolicyversion', 'iam:deletepolicy', 'iam:deletepolicyversion', 'iam:setdefaultpolicyversion', 'iam:tagpolicy', 'iam:untagpolicy']);
/**
 * IAM operations on a role whose API reference lists UnmodifiableEntity ("service-linked roles are
 * protected AWS resources. Only the service that depends on the service-linked role can modify or delete
 * the role"). UpdateRole / UpdateRoleDescription stay with the policies: a service-linked role's
 * description may be edited (IAM User Guide, "Using service-linked roles").
 */
const PROTECTED_ROLE_CHANGES = new Set([
  'iam:attachrolepolicy', 'iam:detachrolepolicy', 'iam:putrolepolicy', 'iam:deleterolepolicy', 'iam:updateassumerolepolicy',
  'iam:deleterole', 'iam:putrolepermissionsboundary', 'iam:deleterolepermissionsboundary',
]);
/** KMS alias operations; `alias/aws/` is reserved for AWS managed keys (AWS KMS Developer Guide, "Aliases"). */
const KMS_ALIAS_CHANGES = new Set(['kms:createalias', 'kms:deletealias', 'kms:updatealias']);

/**
 * Resources AWS owns that no policy can open: AWS managed policies (`arn:aws:iam::aws:policy/...`),
 * service-linked roles (`/aws-service-role/`) and roles AWS services reserve (`/aws-reserved/`, e.g. IAM
 * Identity Center's), and KMS aliases under `alias/aws/`. The reason when `action` would change one.
 * Sources in docs/engine-notes.md.
 */
export function awsOwnedResourceLimit(action: string, resource: string): string | undefined {
  // Cheap tests on the resource first: most requests touch none of these, and skip the lower-casing.
  if (!resource.startsWith('arn:') || !/:iam::aws:policy\/|:role\/aws-(?:service-role|reserved)\/|:alias\/aws\//.test(resource)) return undefined;
  const a = action.toLowerCase();
  if (MANAGED_POLICY_CHANGES.has(a) && /^arn:[^:]+:iam::aws:policy\//.test(resource)) {
    return `${action} cannot change an AWS managed policy, whatever the policies allow: AWS owns it (IAM User Guide, "AWS managed policies").`;
  }
  if (PROTECTED_ROLE_CHANGES.has(a)) {
    const m = /^arn:[^:]+:iam::[^:]*:role\/(aws-service-role|aws-reserved)\//.exec(resource);
    if (m) {
      const what = m[1] === 'aws-service-role' ? 'a service-linked role' : 'a role AWS reserves for a service (/aws-reserved/)';
      return `${action} cannot change ${what}, whatever the policies allow: only the service that owns it can (IAM API Reference, UnmodifiableEntity).`;
    }
  }
  if (KMS_ALIAS_CHANGES.has(a) && /^arn:[^:]+:kms:[^:]*:[^:]*:alias\/aws\//.test(resource)) {
    return `${action} cannot create or change an alias under alias/aws/, whatever the policies allow: the prefix is reserved for AWS managed keys (AWS KMS Developer Guide, "Aliases").`;
  }
  return undefined;
}

/** The cheap path: the decision only. */
export function isAllowed(req: Request, set: PolicySet, opts: EvaluateOptions = {}): boolean {
  return evaluate(req, set, { ...opts, explain: false }).decision === 'allowed';
}

const LAYER_NAME: Record<Layer, string> = {
  scp: 'a service control policy',
  rcp: 'a resource control policy',
  resource: 'the resource-based policy',
  identity: 'an identity-based policy',
  boundary: 'the permissions boundary',
  session: 'the session policy',
  endpoint: 'the VPC endpoint policy',
};

function cap(s: string): string {
  return s[0].toUpperCase() + s.slice(1);
}

function missingAllow(layer: Layer): string {
  return layer === 'identity'
    ? 'no identity-based policy allows it'
    : layer === 'boundary'
      ? 'the permissions boundary does not allow it'
      : 'the session policy does not allow it';
}

/** What a `role` principal match names: the identity the calling session was made from. */
function sessionSource(c: Caller): string {
  return c.kind === 'federated-user' ? 'the IAM user who federated this session' : 'the role of this session';
}

function describeCaller(c: Caller): string {
  switch (c.kind) {
    case 'anonymous':
      return 'anonymous callers (Principal "*")';
    case 'service':
      return `the service ${c.arn}`;
    case 'federated':
      return `the identity provider ${c.arn}`;
    default:
      return c.arn;
  }
}
