/**
 * The evaluator's public API. Everything is plain data: build a `PolicySet` once (documents parsed
 * with `parsePolicyText` / `parsePolicyNode`), then ask `evaluate` or `isAllowed` per request.
 * Compiled matchers are cached per document object.
 */
export { evaluate, isAllowed, alwaysAllowed, resourcePolicyKind, rcpServices, DEFAULT_RCP_SERVICES } from './evaluate';
export { assumeChain, sessionOf, withRoleTags, type AssumeStep, type AssumeOutcome, type RoleDefinition, type Session } from './assume';
export { compilePolicy } from './compile';
export { parseCaller, type Caller, type CallerKind } from './principal';
export { parseOperator } from './conditions';
export type * from './types';
export { simulate, runSimulation, buildPolicySet, policySetDuplicateKeyError, type SimulationRequest, type ResourceSide, type Simulation, type SimulationInput, type SimulationOutput, type PolicyText, type AwsEvaluationResult, type AwsStatement } from './simulate';
export { simulationError, statementShapeError, contextValueProblem, contextKeyType, CONTEXT_KEY_TYPES, type SimulationError, type SimulationErrorCode, type ContextKeyType } from './simulate-validate';
