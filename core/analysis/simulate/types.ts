/**
 * The simulator's question and answer, as plain data. The panel (through the language server), the
 * scenario runner and the `test` command all speak these shapes. They are declared here only:
 * `protocol/index.ts` imports them as types (erased from every bundle) and gives them their wire
 * names (`SimQuestion` = `SimulationQuestion`, `SimAnswer` = `SimulationAnswer`, ...).
 */
import type { ConditionExplanation, Decision, Layer } from '../../engine/types';
import type { Span } from '../../text/span';

/** A context value as the panel and scenario files write it. Arrays are multivalued keys. */
export type SimContextValue = string | number | boolean | string[];
export type SimContext = Record<string, SimContextValue>;

/** One role assumed on the way to the final session. */
export interface SimChainHop {
  /** The role: a name (in the caller's account, else anywhere in the workspace) or an ARN. */
  role: string;
  /** Context of the AssumeRole request itself (`sts:ExternalId`, ...), added to the question's context. */
  context?: SimContext;
  /** The session name (aws:RoleSessionName); default `simulator`. */
  sessionName?: string;
  /** A session policy passed to this AssumeRole call (JSON text or object). */
  sessionPolicy?: string | object;
}

export interface SimulationQuestion {
  /**
   * Who asks: a user or role name or ARN of the workspace, an OIDC/SAML provider (name or ARN), a
   * service principal (`ec2.amazonaws.com`), an account id or `arn:aws:iam::ID:root`, or `anonymous`.
   * Empty with `sourceAccount`: a caller from that account (as its root).
   */
  principal: string;
  /** Picks the account when a name exists in several files. */
  account?: string;
  /** A caller from another account whose policies the workspace does not hold. */
  sourceAccount?: string;
  /** Roles assumed in order; the actions are then asked as the last role's session. */
  chain?: SimChainHop[];
  /**
   * The session policy of the final session (JSON text or object). For an IAM user without a chain it is
   * passed to GetFederationToken (Name: the user's name), which the user must be allowed to call: the
   * caller becomes the user's federated-user session.
   */
  sessionPolicy?: string | object;
  /** Actions; `*` and `?` wildcards expand through the catalogue. */
  actions: string[];
  /** Resource ARNs; empty means `*`. */
  resources?: string[];
  context?: SimContext;
}

/** A place in a file: offsets plus zero-based line/character when the text is known. */
export interface SimLocation {
  uri: string;
  span: Span;
  range?: { start: { line: number; character: number }; end: { line: number; character: number } };
}

export interface SimStatementRef {
  policyId: string;
  layer: Layer;
  sid?: string;
  index: number;
  effect: 'Allow' | 'Deny';
  location: SimLocation;
}

/** The engine's explanation of a condition, located for the faces. */
export interface SimConditionOut extends Omit<ConditionExplanation, 'span'> {
  location: SimLocation;
}

export interface SimStatementOut extends SimStatementRef {
  matched: boolean;
  actionMatched: boolean;
  resourceMatched: boolean;
  principalMatched?: boolean;
  conditionsHeld: boolean;
  conditions: SimConditionOut[];
}

export interface SimPolicyOut {
  policyId: string;
  layer: Layer;
  statements: SimStatementOut[];
}

export interface SimLayerOut {
  layer: Layer;
  decision: Decision;
  applies: boolean;
}

/** The answer for one action × resource. */
export interface SimulationRow {
  action: string;
  resource: string;
  decision: Decision;
  decidedBy?: Layer;
  reason: string;
  /** The statements that decided: the allowing ones, or the denying ones. */
  matched: SimStatementRef[];
  layers: SimLayerOut[];
  crossAccount: boolean;
  missingContextKeys: string[];
  /** Every policy considered, with the statements that applied or came close (action matched). */
  policies: SimPolicyOut[];
}

/**
 * One step that makes a session before the actions are asked: an AssumeRole step of a chain, or the
 * sts:GetFederationToken call of an IAM user that passes a session policy (then the only step).
 */
export interface SimHop {
  /** Which step: a role assumed (AssumeRole, …WithSAML, …WithWebIdentity), or an IAM user's GetFederationToken call. */
  step: 'assume-role' | 'federation-token';
  from: string;
  /**
   * What the step asks for (the request's resource): the role assumed, or for sts:GetFederationToken the
   * federated-user ARN the call creates.
   */
  role: string;
  action: string;
  decision: Decision;
  decidedBy?: Layer;
  reason: string;
  matched: SimStatementRef[];
  missingContextKeys: string[];
  policies: SimPolicyOut[];
  /** Where the role is defined (for sts:GetFederationToken: the calling user), when the workspace has it. */
  location?: SimLocation;
}

/** A context key with the value the request carries and where it comes from. */
export interface SimContextKey {
  key: string;
  values: string[];
  /** `aws`: filled in by AWS from the principal; `question`: given by the asker. */
  source: 'aws' | 'question';
}

export interface SimulationAnswer {
  /** The caller of the actions (the last session of a chain). */
  principal: { arn: string; kind: string; label: string; location?: SimLocation };
  hops: SimHop[];
  /** False when a hop was denied, or the session could not be made (see `problems`): no rows then. */
  chainAllowed: boolean;
  context: SimContextKey[];
  rows: SimulationRow[];
  /** Things that made the question partly unanswerable (unknown principal, unknown action, ...). */
  problems: string[];
  /** Actions the wildcards expanded to were cut at this many. */
  truncated?: boolean;
}

export type { Decision, Layer };
