import type { Finding } from '../findings';
import type { Located, Span } from '../text/span';

/**
 * What a policy document is used as. The same JSON grammar, but the elements each kind needs
 * (and forbids) differ: identity policies have no Principal, trust and resource policies need one.
 */
export type PolicyKind =
  | 'identity' // managed or inline policy attached to a user, group or role
  | 'boundary' // a managed policy used as a permissions boundary
  | 'trust' // a role's trust (assume role) policy
  | 'resource' // a resource-based policy (bucket policy, key policy, ...)
  | 'scp' // service control policy
  | 'rcp' // resource control policy
  | 'session' // session policy passed when assuming a role
  | 'endpoint'; // VPC endpoint policy

/** A string or a list of strings, as `Action`, `Resource` and friends allow. */
export interface StringList {
  values: Located<string>[];
  /** The span of the whole JSON value (the string, or the array). */
  span: Span;
  /** True when written as a single string rather than an array. */
  single: boolean;
}

/** One `"Type": value` entry of a Principal block, e.g. `"AWS": ["arn:...", "123456789012"]`. */
export interface PrincipalEntry {
  type: Located<string>; // "AWS", "Service", "Federated", "CanonicalUser" (others are reported, kept)
  values: Located<string>[];
}

export interface PrincipalBlock {
  /** `"Principal": "*"` written as a bare string. `{"AWS": "*"}` is an entry instead. */
  wildcard: boolean;
  entries: PrincipalEntry[];
  span: Span;
}

/** A condition value as written: strings stay strings; JSON booleans and numbers keep their type. */
export type ConditionScalar = string | number | boolean;

/** One `"Operator": { "key": values }` pair of a Condition block, flattened: one entry per key. */
export interface ConditionEntry {
  operator: Located<string>;
  key: Located<string>;
  values: Located<ConditionScalar>[];
  /** Span of the value (string or array) for this key. */
  valuesSpan: Span;
  /** Span of the `"key": values` property. */
  span: Span;
}

export interface Statement {
  /** Position of the statement within its document, from 0. */
  index: number;
  sid?: Located<string>;
  effect?: Located<string>;
  action?: StringList;
  notAction?: StringList;
  resource?: StringList;
  notResource?: StringList;
  principal?: PrincipalBlock;
  notPrincipal?: PrincipalBlock;
  conditions: ConditionEntry[];
  /** Span of the whole `Condition` object, when present. */
  conditionSpan?: Span;
  /** Span of the statement object. */
  span: Span;
}

/**
 * A parsed policy document. Spans are offsets into `text` (the text of the file the document sits
 * in, or the policy's own JSON when it came from a string). Parsing never throws: problems are
 * collected in `findings` and the statements that could be read are kept.
 */
export interface PolicyDocument {
  version?: Located<string>;
  id?: Located<string>;
  statements: Statement[];
  /** Span of the document object (or of the whole value when it is not an object). */
  span: Span;
  /** Span of the `Statement` value, when present. */
  statementSpan?: Span;
  /** The file (or pseudo-file) the spans refer to. */
  uri: string;
  kind: PolicyKind;
  /** The document as plain JSON, as written. */
  json: unknown;
  findings: Finding[];
  /** Keys written twice in one object of the document (absent when none); the rule grammar/duplicate-key reports them. */
  duplicateKeys?: DuplicateKey[];
}

/**
 * A key written a second time in one object of a policy: `{"Effect": "Deny", "Effect": "Allow"}`. Condition keys
 * compare ignoring case (context key names are case-insensitive); element names, operators and principal types exactly.
 */
export interface DuplicateKey {
  key: string;
  /** Words for the object: `statement 2`, `the document`, `the StringEquals block of statement 1`. */
  where: string;
  /** What the evaluator does with the two: reads the `last` one, or keeps `both` (conditions all hold, principals either). */
  uses: 'last' | 'both';
  /** The later key (the one reported). */
  span: Span;
  /** The first key of that name. */
  firstSpan: Span;
}
