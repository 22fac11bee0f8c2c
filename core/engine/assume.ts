/**
 * Role assumption (IAM User Guide, "Permissions for AssumeRole, AssumeRoleWithSAML and
 * AssumeRoleWithWebIdentity"): the caller's permissions and the role's trust policy decide whether
 * the session is created; the session then carries only the role's permissions, narrowed by any
 * session policy. Chains repeat the step from the previous session.
 */
import { evaluate } from './evaluate';
import type { ContextInput, EvaluateOptions, EvaluationResult, PolicySet, PolicySource, PrincipalInput } from './types';

export interface RoleDefinition {
  /** arn:aws:iam::ACCOUNT:role/path/Name */
  arn: string;
  trust: PolicySource;
  identity: PolicySource[];
  boundary?: PolicySource[];
  tags?: Record<string, string>;
  /** SCP levels of the role's account. */
  scpLevels?: PolicySource[][];
  /** The role's unique id (AROA…), for aws:userid. */
  roleId?: string;
}

export interface AssumeStep {
  role: RoleDefinition;
  action?: 'sts:AssumeRole' | 'sts:AssumeRoleWithWebIdentity' | 'sts:AssumeRoleWithSAML';
  sessionName?: string;
  sessionPolicies?: PolicySource[];
  /** Context of the AssumeRole request (sts:ExternalId, aws:MultiFactorAuthPresent, saml:aud...). */
  context?: ContextInput;
}

export interface Session {
  principal: PrincipalInput;
  policies: PolicySet;
}

export interface AssumeOutcome {
  /** One evaluation per step, in order; stops at the first denied step. */
  steps: EvaluationResult[];
  /** The final session when every step was allowed. */
  session?: Session;
}

/**
 * The request context of an sts:AssumeRole* request on a role: the role is the request's resource, so
 * AWS fills `aws:ResourceTag/KEY` (and IAM's `iam:ResourceTag/KEY`) from the role's tags (IAM User
 * Guide, "Controlling access to AWS resources using tags": IAM roles support aws:ResourceTag). A key the
 * request already gives is left as given. Returns `context` itself when the role has no tags.
 */
export function withRoleTags(context: ContextInput | undefined, tags: Record<string, string> | undefined): ContextInput | undefined {
  if (!tags || !Object.keys(tags).length) return context;
  const out: ContextInput = { ...(context ?? {}) };
  const given = new Set(Object.keys(out).map((k) => k.toLowerCase()));
  for (const [k, v] of Object.entries(tags)) {
    for (const key of [`aws:ResourceTag/${k}`, `iam:ResourceTag/${k}`]) if (!given.has(key.toLowerCase())) out[key] = v;
  }
  return out;
}

/** The session principal a successful step produces. */
export function sessionOf(step: AssumeStep): Session {
  const m = /^arn:([^:]+):iam::(\d*):role\/(?:.*\/)?([^/]+)$/.exec(step.role.arn);
  const [partition, account, name] = m ? [m[1], m[2], m[3]] : ['aws', '', step.role.arn];
  const sessionName = step.sessionName ?? 'session';
  return {
    principal: {
      arn: `arn:${partition}:sts::${account}:assumed-role/${name}/${sessionName}`,
      tags: step.role.tags,
      userId: step.role.roleId ? `${step.role.roleId}:${sessionName}` : undefined,
    },
    policies: {
      identity: step.role.identity,
      boundary: step.role.boundary,
      session: step.sessionPolicies,
      scpLevels: step.role.scpLevels,
    },
  };
}

/**
 * Walks a chain of role assumptions from `start` (a user or a session with its policies, or a
 * federated provider / service with none). Each step is an ordinary request: action sts:AssumeRole*
 * on the role's ARN, decided by the caller's policies and the role's trust policy.
 */
export function assumeChain(start: Session, steps: AssumeStep[], opts: EvaluateOptions = {}): AssumeOutcome {
  const results: EvaluationResult[] = [];
  let current = start;
  for (const step of steps) {
    const r = evaluate(
      { principal: current.principal, action: step.action ?? 'sts:AssumeRole', resource: step.role.arn, context: withRoleTags(step.context, step.role.tags) },
      { ...current.policies, resource: step.role.trust, resourceKind: 'trust' },
      opts,
    );
    results.push(r);
    if (r.decision !== 'allowed') return { steps: results };
    current = sessionOf(step);
  }
  return { steps: results, session: current };
}
