import type { Finding } from '../../findings';
import type { PolicyDocument } from '../../policy/types';
import type { LineIndex } from '../../text/line-index';
import type { Span } from '../../text/span';
import type { Layer, SimulationAnswer, SimulationQuestion } from '../simulate/types';

/** `denied` accepts an explicit or an implicit deny. */
export type ExpectedDecision = 'allowed' | 'denied' | 'explicitDeny' | 'implicitDeny';

export const EXPECTED_DECISIONS: readonly ExpectedDecision[] = ['allowed', 'denied', 'explicitDeny', 'implicitDeny'];
export const LAYERS: readonly Layer[] = ['scp', 'rcp', 'resource', 'identity', 'boundary', 'session', 'endpoint'];

/** One saved question with its expected answer. */
export interface Scenario {
  /** Position in the file's `scenarios` array, from 0. */
  index: number;
  name: string;
  /** The scenario object. */
  span: Span;
  /** The `name` value (or the object when it has none): where pass/fail is reported. */
  nameSpan: Span;
  question: SimulationQuestion;
  /** Where each of `question.actions` is written, in the same order. */
  actionSpans: Span[];
  /** Session policies parsed with spans into the scenario file (final session, then per hop). */
  sessionPolicy?: PolicyDocument;
  hopSessionPolicies: (PolicyDocument | undefined)[];
  expect: ExpectedDecision;
  expectSpan: Span;
  /** Optional: the layer that must decide (`boundary`, `scp`, ...). */
  expectDecidedBy?: Layer;
  /**
   * A "who can" scenario instead of a simulation (then `question` holds its actions and resources only, and
   * `expect` is unused): every principal that can perform the actions on the resources, directly or through a
   * privilege-escalation path, must be one `only` names.
   */
  whoCan?: WhoCanExpectation;
}

export interface WhoCanExpectation {
  actions: string[];
  /** Default `*`. */
  resources: string[];
  context?: SimulationQuestion['context'];
  /** Users, roles and groups (names or ARNs) allowed to be able to; a group stands for its members. */
  only: { value: string; span: Span }[];
  /** Also count paths that need a resource the files don't describe, or condition keys (default false). */
  includePossible: boolean;
  span: Span;
}

/** A `*.iam-tests.json` file, read without throwing. */
export interface ScenarioFile {
  uri: string;
  text: string;
  lines: LineIndex;
  scenarios: Scenario[];
  /** Syntax and format problems. Scenarios with problems that make them unrunnable are left out. */
  findings: Finding[];
}

export interface ScenarioResult {
  scenario: Scenario;
  passed: boolean;
  /** What the simulator said, one sentence: "allowed (identity)". */
  actual: string;
  /** Why it failed: one line per row or hop whose answer differs from the expectation. */
  failures: string[];
  answer: SimulationAnswer;
  /** Actions the catalogue does not have (typos, unknown services, wildcards matching nothing): the scenario fails. */
  unknownActions: UnknownAction[];
}

export interface UnknownAction {
  action: string;
  span: Span;
  /** The sentence after the action's name: `Amazon S3 has no action "DeleteBuckets"; did you mean "s3:DeleteBucket"?` */
  message: string;
  hints: string[];
}
