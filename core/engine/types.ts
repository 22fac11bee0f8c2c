import type { PolicyDocument } from '../policy/types';
import type { Span } from '../text/span';

/** The three answers AWS's simulator gives. */
export type Decision = 'allowed' | 'explicitDeny' | 'implicitDeny';

/** The layers of AWS's decision, in the order they are consulted. */
export type Layer = 'scp' | 'rcp' | 'resource' | 'identity' | 'boundary' | 'session' | 'endpoint';

/**
 * One context key's value(s). `multi` marks a multivalued key (a `…List` type, or several values);
 * single-valued keys take their type from the operator that reads them.
 */
export interface ContextValue {
  values: string[];
  multi: boolean;
}

/** Context as callers give it: plain strings, arrays (multivalued) or explicit `ContextValue`s. */
export type ContextInput = Record<string, string | number | boolean | string[] | ContextValue>;

/** Who makes the request. Only `arn` is required; the rest refines the keys AWS fills in. */
export interface PrincipalInput {
  /**
   * An IAM user or role ARN, an assumed-role or federated-user session ARN, an account root ARN,
   * a service principal (`lambda.amazonaws.com`), a federated provider (`cognito-identity.amazonaws.com`,
   * a SAML/OIDC provider ARN), or `anonymous`.
   */
  arn: string;
  /** Unique id (AIDA…, AROA…:session) for aws:userid. */
  userId?: string;
  /** Tags of the user or role (aws:PrincipalTag/*), plus session tags. */
  tags?: Record<string, string>;
  /** aws:SourceIdentity of the session. */
  sourceIdentity?: string;
  /**
   * For a federated-user session: the ARN of the IAM user who called GetFederationToken. A resource-based
   * policy naming that user then applies to the session, limited by its boundary and session policies.
   */
  federatedBy?: string;
  /** The caller's account is its organization's management account (SCPs do not apply). */
  managementAccount?: boolean;
  /** The caller is a service-linked role (SCPs do not apply). */
  serviceLinkedRole?: boolean;
  /** aws:PrincipalOrgID, when the caller belongs to an organization. */
  orgId?: string;
  /**
   * An identity the simulation does not name (SimulateCustomPolicy without CallerArn): no context
   * keys are filled in from it and Principal elements can only match it through "*" or its account.
   */
  unnamed?: boolean;
}

/** A single authorization question. */
export interface Request {
  principal: PrincipalInput | string;
  /** `service:Action`. */
  action: string;
  /** The resource ARN, or `*` when the action has no resource. */
  resource?: string;
  /** The account that owns the resource (defaults to the ARN's account, then to the caller's). */
  resourceAccount?: string;
  context?: ContextInput;
}

/** A policy document as the engine sees it: the parsed document plus where it came from. */
export interface PolicySource {
  doc: PolicyDocument;
  /** Identifier shown in results: `PolicyInputList.1`, a policy ARN, `user/alice/inline/x`... */
  id: string;
  /** AWS's SourcePolicyType: user | group | role | aws-managed | user-managed | resource | none. */
  sourceType?: string;
}

/** What a resource-based policy is, when AWS treats it specially. */
export type ResourcePolicyKind = 'resource' | 'trust' | 'kms-key';

/** Every policy that applies to a request, grouped by layer. Plain data; reuse it across requests. */
export interface PolicySet {
  /** Identity-based policies of the caller (for a role session: the role's). */
  identity?: PolicySource[];
  /** The permissions boundary (at most one in AWS; several are treated as all having to allow). */
  boundary?: PolicySource[];
  /** Session policies (inline and managed) of a role or federated-user session. */
  session?: PolicySource[];
  /** The resource-based policy of the target resource (bucket policy, trust policy, key policy...). */
  resource?: PolicySource;
  /** How the resource policy is treated; guessed from the action when absent. */
  resourceKind?: ResourcePolicyKind;
  /** SCPs, one array per level from the root down to the caller's account. */
  scpLevels?: PolicySource[][];
  /** RCPs, one array per level from the root down to the resource's account (RCPFullAWSAccess implied). */
  rcpLevels?: PolicySource[][];
  /** VPC endpoint policies the request passes through. */
  endpoint?: PolicySource[];
  /**
   * Services whose resources RCPs govern (lower-case prefixes). When absent, the list documented in
   * the Organizations user guide is used.
   */
  rcpServices?: ReadonlySet<string>;
}

/** A statement that decided (or helped decide) a result. */
export interface MatchedStatement {
  policyId: string;
  sourceType?: string;
  layer: Layer;
  uri: string;
  span: Span;
  index: number;
  sid?: string;
  effect: 'Allow' | 'Deny';
}

export interface ConditionExplanation {
  operator: string;
  key: string;
  /** The policy's values, after variable substitution. */
  values: string[];
  /** The request's values for the key; undefined when the key is absent. */
  requestValues?: string[];
  held: boolean;
  why: string;
  span: Span;
}

export interface StatementExplanation {
  index: number;
  sid?: string;
  effect: 'Allow' | 'Deny';
  span: Span;
  actionMatched: boolean;
  resourceMatched: boolean;
  /** Undefined for statements without Principal/NotPrincipal. */
  principalMatched?: boolean;
  conditionsHeld: boolean;
  conditions: ConditionExplanation[];
  /** True when the statement applies to the request. */
  matched: boolean;
  /** One sentence: why it applies, or the first element that keeps it from applying. */
  why: string;
}

export interface PolicyExplanation {
  policyId: string;
  layer: Layer;
  uri: string;
  statements: StatementExplanation[];
}

/** Per-layer outcome: whether the layer had an applicable Allow / Deny. */
export interface LayerOutcome {
  layer: Layer;
  /** 'allowed' (an Allow applied), 'explicitDeny', or 'implicitDeny' (nothing applied). */
  decision: Decision;
  /** False when the layer takes no part (no such policies given, or AWS skips it for this caller). */
  applies: boolean;
}

export interface EvaluationResult {
  decision: Decision;
  /**
   * The layer that decided: the one holding the deny, or the one whose missing allow denied. Undefined when
   * a fixed AWS rule decided without a policy (the root user in its account, a federated user session's limits,
   * `sts:GetCallerIdentity`, which every caller is allowed whatever the policies say).
   */
  decidedBy?: Layer;
  /** One plain sentence for people. */
  reason: string;
  /** For allowed: the allowing statements; for explicitDeny: the denying ones; else empty. */
  matched: MatchedStatement[];
  layers: LayerOutcome[];
  /** The caller's account differs from the resource's. */
  crossAccount: boolean;
  /** Condition keys that matching statements read but the request did not supply. */
  missingContextKeys: string[];
  /** Every policy and statement considered (only with `explain: true`). */
  explanation?: PolicyExplanation[];
}

export interface EvaluateOptions {
  /** Collect per-statement, per-condition explanations (slower). */
  explain?: boolean;
  /** The time used for aws:CurrentTime / aws:EpochTime when not supplied. */
  now?: Date;
}
