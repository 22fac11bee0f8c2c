/**
 * What the IAM policy simulator's API checks before it evaluates anything, with AWS's error names:
 * policies IAM would not store (`MalformedPolicyDocument`, with IAM's own messages) and parameters
 * that do not fit (`InvalidInput`: a context value that is not of its `ContextKeyType`). Pure.
 */
import type { PolicyDocument, PolicyKind } from '../policy/types';
import type { Span } from '../text/span';
import { parseDate } from './conditions';
import { parseCidr } from './ip';

/**
 * The errors the simulator API names: SimulateCustomPolicy documents InvalidInput and PolicyEvaluation,
 * SimulatePrincipalPolicy adds NoSuchEntity; a policy IAM cannot store is refused as IAM's policy
 * APIs refuse it, MalformedPolicyDocument.
 */
export type SimulationErrorCode = 'InvalidInput' | 'MalformedPolicyDocument' | 'PolicyEvaluation' | 'NoSuchEntity';

export interface SimulationError {
  /** `Code: message`, as printed. */
  error: string;
  code: SimulationErrorCode;
}

export function simulationError(code: SimulationErrorCode, message: string): SimulationError {
  return { code, error: `${code}: ${message}` };
}

/** Kinds of policy that apply to the identity they are attached to: no Principal allowed. */
const NO_PRINCIPAL: ReadonlySet<PolicyKind> = new Set<PolicyKind>(['identity', 'boundary', 'session', 'scp']);
/** Kinds that say whom they apply to: a Principal in every statement. */
const NEEDS_PRINCIPAL: ReadonlySet<PolicyKind> = new Set<PolicyKind>(['resource', 'trust']);

/**
 * The first statement IAM would refuse, with its span and IAM's message (the messages IAM's policy
 * APIs return for these, e.g. CreatePolicy's "Policy document should not specify a principal.").
 * Sources: IAM User Guide, "AWS JSON policy elements: Principal" ("You cannot use the Principal element
 * in an identity-based policy", "You must use the Principal element in resource-based policies") and
 * "Resource" ("you must include either a Resource or a NotResource element", trust policies aside).
 */
export function statementShapeError(doc: PolicyDocument, kind: PolicyKind): { message: string; span: Span } | undefined {
  for (const st of doc.statements) {
    if (!st.action && !st.notAction) return { message: 'Policy statement must contain actions.', span: st.span };
    if (kind !== 'trust' && !st.resource && !st.notResource) return { message: 'Policy statement must contain resources.', span: st.span };
    const principal = st.principal ?? st.notPrincipal;
    if (principal && NO_PRINCIPAL.has(kind)) return { message: 'Policy document should not specify a principal.', span: principal.span };
    if (!principal && NEEDS_PRINCIPAL.has(kind)) return { message: 'Policy statement must contain a Principal (or NotPrincipal) in a resource-based policy.', span: st.span };
  }
  return undefined;
}

/** The ContextKeyType values the API accepts (ContextEntry.ContextKeyType, "Valid Values"). */
export const CONTEXT_KEY_TYPES = ['string', 'stringList', 'numeric', 'numericList', 'boolean', 'booleanList', 'ip', 'ipList', 'binary', 'binaryList', 'date', 'dateList'] as const;
export type ContextKeyType = (typeof CONTEXT_KEY_TYPES)[number];

/** The ContextKeyType as written (any case), or undefined when it is not one of the valid values. */
export function contextKeyType(s: string): ContextKeyType | undefined {
  return CONTEXT_KEY_TYPES.find((t) => t.toLowerCase() === s.toLowerCase());
}

/** Why `value` is not a value of `type`, or undefined when it is. */
export function contextValueProblem(type: ContextKeyType, value: string): string | undefined {
  const base = type.replace(/List$/, '');
  switch (base) {
    case 'numeric':
      return /^\s*[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?\s*$/.test(value) ? undefined : `"${value}" is not a number`;
    case 'boolean':
      return /^(true|false)$/i.test(value.trim()) ? undefined : `"${value}" is not true or false`;
    case 'ip':
      return parseCidr(value) ? undefined : `"${value}" is not an IP address (or CIDR block)`;
    case 'date':
      return Number.isNaN(parseDate(value)) ? `"${value}" is not a date (ISO 8601, e.g. 2026-01-05T10:00:00Z, or epoch seconds)` : undefined;
    case 'binary':
      return /^[A-Za-z0-9+/]*={0,2}$/.test(value.trim()) && value.trim().length % 4 === 0 ? undefined : `"${value}" is not base64`;
    default:
      return undefined;
  }
}
