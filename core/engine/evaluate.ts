/**
 * AWS's decision logic (IAM User Guide: "Policy evaluation logic", "Determining whether a request
 * is allowed or denied within an account", "Cross-account policy evaluation logic").
 */
import { compilePolicy, type CompiledStatement, type PrincipalMatch } from './compile';
import { RequestContext } from './context';
import { isAwsIdentity, parseCaller, type Caller } from './principal';
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
 * Services whose resources resource control policies govern, used when the policy set names none
 * (AWS Organizations User Guide, "Resource control policies": the list of supported services).
 */
export const DEFAULT_RCP_SERVICES: ReadonlySet<string> = new Set([
  's3', 'sts', 'kms', 'sqs', 'secretsmanager', 'ecr', 'aoss', 'cognito-identity', 'dynamodb', 'logs',
]);

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

/** The account of an ARN, when it names one. */
function arnAccount(arn: string): string | undefined {
  if (!arn.startsWith('arn:')) return undefined;
  const a = arn.split(':')[4];
  return a && /^\d{12}$/.test(a) ? a : undefined;
}

function accountOf(text: string | undefined): string | undefined {
  if (!text) return undefined;
  if (/^\d{12}$/.test(text)) return text;
  return arnAccount(text);
}

/** How AWS treats the resource policy for this action, when the policy set does not say. */
export function resourcePolicyKind(action: string, resource: string): ResourcePolicyKind {
  const a = action.toLowerCase();
  if (ROLE_ACTIONS.has(a) && /^arn:[^:]+:iam::\d*:role\//.test(resource)) return 'trust';
  if (a.startsWith('kms:') && /^arn:[^:]+:kms:[^:]*:\d*:key\//.test(resource)) return 'kms-key';
  return 'resource';
}

class Evaluator {
  readonly ctx: RequestContext;
  readonly missing = new Map<string, string>();
  readonly explanation?: PolicyExplanation[];

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
    const hits: LayerHits = { allows: [], denies: [] };
    if (!sources) return hits;
    for (const source of sources) {
      const policy = compilePolicy(source.doc);
      const explained: StatementExplanation[] | undefined = this.explanation ? [] : undefined;
      for (const cs of policy.statements) {
        const hit = this.statement(cs, explained);
        if (hit) (cs.effect === 'Allow' ? hits.allows : hits.denies).push({ source, cs, principal: hit });
      }
      if (this.explanation && explained) {
        this.explanation.push({ policyId: source.id, layer, uri: source.doc.uri, statements: explained });
      }
    }
    return hits;
  }

  /** Returns how the statement's principal matched when the statement applies, else undefined. */
  private statement(cs: CompiledStatement, explained?: StatementExplanation[]): PrincipalMatch | undefined {
    const actionMatched = !!cs.effect && cs.action(this.action);
    const resourceMatched = actionMatched && cs.resource(this.resource, this.ctx);
    let principal: PrincipalMatch = 'direct';
    if (cs.principal && resourceMatched) principal = cs.principal(this.caller);
    const principalMatched = principal !== 'none';
    if (resourceMatched && principalMatched) {
      for (const c of cs.conditions) {
        if (!this.ctx.has(c.key) && !this.missing.has(c.key.toLowerCase())) this.missing.set(c.key.toLowerCase(), c.key);
      }
    }
    let conditionsHeld = resourceMatched && principalMatched;
    if (conditionsHeld) {
      for (const c of cs.conditions) {
        if (!c.test(this.ctx)) {
          conditionsHeld = false;
          break;
        }
      }
    }
    if (explained) {
      const st = cs.st;
      explained.push({
        index: st.index,
        sid: st.sid?.value,
        effect: cs.effect ?? 'Allow',
        span: st.span,
        actionMatched,
        resourceMatched: actionMatched ? resourceMatched : cs.resource(this.resource, this.ctx),
        principalMatched: cs.principal ? cs.principal(this.caller) !== 'none' : undefined,
        conditionsHeld: cs.conditions.every((c) => c.test(this.ctx)),
        conditions: cs.conditions.map((c) => c.explain(this.ctx)),
        matched: conditionsHeld,
      });
    }
    return conditionsHeld ? principal : undefined;
  }
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
  for (const h of hits) if (BEST[h.principal] > BEST[best]) best = h.principal;
  return best;
}

/** Evaluates one request against a policy set, deciding as AWS does and saying why. */
export function evaluate(req: Request, set: PolicySet, opts: EvaluateOptions = {}): EvaluationResult {
  const caller = parseCaller(req.principal);
  const action = req.action;
  const resource = req.resource ?? '*';
  const resourceAccount = accountOf(req.resourceAccount) ?? arnAccount(resource) ?? caller.account;
  const ev = new Evaluator(caller, action, resource, resourceAccount, req, opts);
  const identityCaller = isAwsIdentity(caller);
  const crossAccount = identityCaller && !!caller.account && !!resourceAccount && caller.account !== resourceAccount;
  const service = action.split(':')[0].toLowerCase();
  const kind = set.resourceKind ?? resourcePolicyKind(action, resource);

  const scpApplies = !!set.scpLevels?.length && identityCaller && !caller.input.managementAccount && !caller.input.serviceLinkedRole;
  const rcpApplies =
    !!set.rcpLevels?.length && !caller.input.serviceLinkedRole && (set.rcpServices ?? DEFAULT_RCP_SERVICES).has(service);
  const principalPolicies = identityCaller && caller.kind !== 'root';

  // Evaluate every layer once.
  const scp = scpApplies ? set.scpLevels!.map((level) => ev.layer('scp', level)) : [];
  const rcp = rcpApplies ? set.rcpLevels!.map((level) => ev.layer('rcp', level)) : [];
  const res = ev.layer('resource', set.resource ? [set.resource] : undefined);
  const id = ev.layer('identity', principalPolicies ? set.identity : undefined);
  const hasBoundary = principalPolicies && !!set.boundary?.length;
  const hasSession = principalPolicies && !!set.session?.length;
  const bound = hasBoundary ? set.boundary!.map((b) => ev.layer('boundary', [b])) : [];
  const sess = ev.layer('session', hasSession ? set.session : undefined);
  const hasEndpoint = !!set.endpoint?.length;
  const endp = ev.layer('endpoint', set.endpoint);

  const idAllows = id.allows.length > 0;
  const boundaryAllows = bound.every((b) => b.allows.length > 0);
  const sessionAllows = !hasSession || sess.allows.length > 0;
  const scpAllows = scp.every((l) => l.allows.length > 0);
  const resourceMatch = strongest(res.allows);

  const outcome = (layer: Layer, applies: boolean, hits: LayerHits[]): LayerOutcome => ({
    layer,
    applies,
    decision: hits.some((h) => h.denies.length)
      ? 'explicitDeny'
      : applies && hits.length > 0 && hits.every((h) => h.allows.length > 0)
        ? 'allowed'
        : 'implicitDeny',
  });
  const layers: LayerOutcome[] = [
    outcome('scp', scpApplies, scp),
    { ...outcome('rcp', rcpApplies, rcp), decision: rcp.some((h) => h.denies.length) ? 'explicitDeny' : rcpApplies ? 'allowed' : 'implicitDeny' },
    outcome('resource', !!set.resource, [res]),
    outcome('identity', principalPolicies, [id]),
    outcome('boundary', hasBoundary, bound),
    outcome('session', hasSession, [sess]),
    outcome('endpoint', hasEndpoint, [endp]),
  ];

  const missingContextKeys = [...ev.missing.values()];
  const done = (decision: Decision, decidedBy: Layer | undefined, reason: string, matched: MatchedStatement[]): EvaluationResult => ({
    decision,
    decidedBy,
    reason,
    matched,
    layers,
    crossAccount,
    missingContextKeys,
    explanation: ev.explanation,
  });

  // 1. An explicit Deny in any applicable policy decides.
  const denyLayers: [Layer, LayerHits[]][] = [
    ['scp', scp],
    ['rcp', rcp],
    ['resource', [res]],
    ['identity', [id]],
    ['boundary', bound],
    ['session', [sess]],
    ['endpoint', [endp]],
  ];
  const denies: MatchedStatement[] = [];
  let denyLayer: Layer | undefined;
  for (const [layer, hits] of denyLayers) {
    for (const h of hits) {
      for (const d of h.denies) {
        denies.push(toMatched(d, layer));
        denyLayer ??= layer;
      }
    }
  }
  if (denies.length) {
    return done('explicitDeny', denyLayer, `Explicitly denied by a Deny statement in ${LAYER_NAME[denyLayer!]}.`, denies);
  }

  // 2. RCPs: RCPFullAWSAccess is attached at every level, so without a Deny they allow.
  // 3. SCPs: every level from the root to the account must allow.
  if (scpApplies && !scpAllows) {
    const level = scp.findIndex((l) => l.allows.length === 0);
    return done('implicitDeny', 'scp', `No service control policy at level ${level + 1} (root = 1) allows ${action}.`, []);
  }
  // VPC endpoint policies must allow requests that pass through the endpoint.
  if (hasEndpoint && endp.allows.length === 0) {
    return done('implicitDeny', 'endpoint', `The VPC endpoint policy does not allow ${action}.`, []);
  }

  const allowStatements = (): MatchedStatement[] => [
    ...id.allows.map((h) => toMatched(h, 'identity')),
    ...res.allows.map((h) => toMatched(h, 'resource')),
  ];

  // Trust policies and KMS key policies must always allow explicitly; one that was not given allows nothing.
  if (kind !== 'resource' && res.allows.length === 0) {
    const what = kind === 'trust' ? "the role's trust policy" : 'the key policy';
    const reason = set.resource
      ? `${cap(what)} does not allow this principal to ${action}; it must allow explicitly.`
      : `No ${what.replace(/^the /, '')} was given; AWS requires it to allow ${action} explicitly.`;
    return done('implicitDeny', 'resource', reason, []);
  }

  // Callers that are not IAM identities: only a resource-based policy can allow them.
  if (!identityCaller) {
    if (resourceMatch !== 'none') return done('allowed', 'resource', `Allowed by the resource-based policy, which names ${describeCaller(caller)}.`, allowStatements());
    return done('implicitDeny', 'resource', `No resource-based policy allows ${describeCaller(caller)} to ${action}.`, []);
  }

  if (crossAccount) {
    const principalSide = caller.kind === 'root' || (idAllows && boundaryAllows && sessionAllows);
    if (!principalSide) {
      const layer: Layer = caller.kind !== 'root' && !idAllows ? 'identity' : !boundaryAllows ? 'boundary' : 'session';
      return done('implicitDeny', layer, `Cross-account request: ${missingAllow(layer)} in the caller's account (${caller.account}).`, []);
    }
    if (resourceMatch === 'none') {
      return done('implicitDeny', 'resource', `Cross-account request: no resource-based policy in account ${resourceAccount} allows the caller.`, []);
    }
    return done('allowed', 'identity', 'Cross-account request allowed by both the caller\'s policies and the resource-based policy.', allowStatements());
  }

  // Same account.
  if (caller.kind === 'root') {
    return done('allowed', undefined, 'The account root user has full access within its account unless a policy denies it.', allowStatements());
  }
  if (resourceMatch === 'direct') {
    return done('allowed', 'resource', `Allowed by the resource-based policy, which names ${describeCaller(caller)} directly.`, allowStatements());
  }
  if (resourceMatch === 'role' && boundaryAllows && sessionAllows) {
    return done('allowed', 'resource', 'Allowed by the resource-based policy, which names the role of this session.', allowStatements());
  }
  if (!idAllows) {
    const reason =
      resourceMatch === 'account'
        ? `The resource-based policy only names the account; no identity-based policy allows ${action}.`
        : resourceMatch === 'role'
          ? `The resource-based policy names the role, but ${missingAllow(!boundaryAllows ? 'boundary' : 'session')}.`
          : `No identity-based policy allows ${action} on ${resource}.`;
    const layer: Layer = resourceMatch === 'role' ? (!boundaryAllows ? 'boundary' : 'session') : 'identity';
    return done('implicitDeny', layer, reason, []);
  }
  if (!boundaryAllows) return done('implicitDeny', 'boundary', `The permissions boundary does not allow ${action}.`, []);
  if (!sessionAllows) return done('implicitDeny', 'session', `The session policy does not allow ${action}.`, []);
  return done('allowed', 'identity', `Allowed by an identity-based policy.`, allowStatements());
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
