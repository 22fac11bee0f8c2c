/**
 * The IAM policy simulator's API (SimulateCustomPolicy / SimulatePrincipalPolicy) over the
 * evaluator: policies as JSON text, actions × resources, results in AWS's response shape with
 * 1-based statement positions.
 */
import { parsePolicyText } from '../policy/parse';
import type { PolicyDocument, PolicyKind } from '../policy/types';
import { LineIndex } from '../text/line-index';
import type { Span } from '../text/span';
import { accountOf } from './arn';
import { evaluate } from './evaluate';
import type { ContextInput, Decision, EvaluationResult, MatchedStatement, PolicySet, PolicySource, PrincipalInput } from './types';
import { simulationError, statementShapeError, type SimulationError } from './simulate-validate';

export type { SimulationError, SimulationErrorCode } from './simulate-validate';

/** A policy as given: its JSON text (for positions), its identifier and AWS's SourcePolicyType. */
export interface PolicyText {
  id: string;
  text: string;
  sourceType: string;
}

/** One simulation request, in the API's terms (plus this project's extensions). */
export interface SimulationInput extends SimulationRequest {
  policies: PolicyText[];
  boundaries: PolicyText[];
  resourcePolicy?: PolicyText;
  sessionPolicies: PolicyText[];
  scpLevels: PolicyText[][];
  rcpLevels: PolicyText[][];
  endpointPolicies: PolicyText[];
  /** Services that support RCPs, when the caller knows better than the data catalogue. */
  rcpServices?: ReadonlySet<string>;
}

export interface AwsPosition {
  Line: number;
  Column: number;
}

export interface AwsStatement {
  SourcePolicyId: string;
  SourcePolicyType: string;
  StartPosition: AwsPosition;
  EndPosition: AwsPosition;
}

export interface AwsResourceResult {
  EvalResourceName: string;
  EvalResourceDecision: Decision;
  MatchedStatements: AwsStatement[];
  MissingContextValues: string[];
  EvalDecisionDetails?: Record<string, Decision>;
  PermissionsBoundaryDecisionDetail?: { AllowedByPermissionsBoundary: boolean };
}

export interface AwsEvaluationResult {
  EvalActionName: string;
  EvalResourceName: string;
  EvalDecision: Decision;
  MatchedStatements: AwsStatement[];
  MissingContextValues: string[];
  OrganizationsDecisionDetail?: { AllowedByOrganizations: boolean };
  PermissionsBoundaryDecisionDetail?: { AllowedByPermissionsBoundary: boolean };
  EvalDecisionDetails?: Record<string, Decision>;
  ResourceSpecificResults?: AwsResourceResult[];
  /** Extension (not in AWS's shape): what the catalogue says about an action it does not have. */
  Warnings?: string[];
}

export interface SimulationOutput {
  EvaluationResults: AwsEvaluationResult[];
  IsTruncated: boolean;
}

/** The full result: AWS's shape plus the engine's own results (for explanations and tables). */
export interface Simulation {
  output: SimulationOutput;
  /** Per action, per resource, the engine's result. */
  details: { action: string; resource: string; result: EvaluationResult }[];
}

/**
 * Documents of texts met more than once (a batch often repeats its policies), per kind and id, then by text. A text
 * met once is remembered alone (the string the input already holds; it caches its own hash): keeping every document
 * of a batch of distinct policies would only give the collector more to copy, and a key made by joining kind, id and
 * text would copy every text.
 */
const parsed = new Map<string, Map<string, PolicyDocument | null>>();
let parsedCount = 0;

/** Parses a policy text once per (text, kind, id) it is met with again; returns an error message for malformed JSON. */
function parseOnce(p: PolicyText, kind: PolicyKind): PolicyDocument | SimulationError {
  const slot = `${kind} ${p.id}`;
  let byText = parsed.get(slot);
  if (!byText) parsed.set(slot, (byText = new Map()));
  let doc = byText.get(p.text);
  if (!doc) {
    if (doc === undefined && ++parsedCount > 4000) {
      parsed.clear();
      parsed.set(slot, (byText = new Map()));
      parsedCount = 1;
    }
    const again = doc === null;
    doc = parsePolicyText(p.text, p.id, kind);
    byText.set(p.text, again ? doc : null);
  }
  const bad = doc.findings.find((f) => f.severity === 'error') ?? shapeError(doc, kind);
  if (bad) {
    const pos = new LineIndex(p.text).positionAt(bad.span.start);
    return simulationError('MalformedPolicyDocument', `${p.id} (line ${pos.line + 1}, column ${pos.character + 1}): ${bad.message}`);
  }
  // A key written twice has no documented reading at AWS: refuse rather than answer with one guess.
  if (!doc.duplicateKeys?.length) return doc;
  return duplicateKeyError(doc, p.id, new LineIndex(p.text)) ?? doc;
}

/**
 * `MalformedPolicyDocument` for a document with a key written twice (both positions), or undefined. The simulator
 * refuses such a policy: AWS documents no reading of it (see the rule grammar/duplicate-key).
 */
export function duplicateKeyError(doc: PolicyDocument, name: string, lines: LineIndex | undefined): SimulationError | undefined {
  const twice = doc.duplicateKeys?.[0];
  if (!twice) return undefined;
  const at = (offset: number) => {
    if (!lines) return `offset ${offset}`;
    const pos = lines.positionAt(offset);
    return `line ${pos.line + 1}, column ${pos.character + 1}`;
  };
  return simulationError(
    'MalformedPolicyDocument',
    `${name} (${at(twice.span.start)}): duplicate key "${twice.key}" in ${twice.where} (the first is at ${at(twice.firstSpan.start)}); keep one`,
  );
}

/** The first duplicate-key refusal among the documents of a policy set (see duplicateKeyError). */
export function policySetDuplicateKeyError(set: PolicySet, lines: (uri: string) => LineIndex | undefined): SimulationError | undefined {
  const sources = [
    ...(set.identity ?? []),
    ...(set.boundary ?? []),
    ...(set.session ?? []),
    ...(set.resource ? [set.resource] : []),
    ...(set.scpLevels ?? []).flat(),
    ...(set.rcpLevels ?? []).flat(),
    ...(set.endpoint ?? []),
  ];
  for (const src of sources) {
    const e = duplicateKeyError(src.doc, `${src.doc.uri} (${src.id})`, lines(src.doc.uri));
    if (e) return e;
  }
  return undefined;
}

/**
 * A statement IAM would refuse. A ResourcePolicy may be a role's trust policy (simulating
 * sts:AssumeRole against it), which has no Resource: statements about sts: actions alone are read so.
 */
function shapeError(doc: PolicyDocument, kind: PolicyKind): { message: string; span: Span } | undefined {
  if (kind !== 'resource') return statementShapeError(doc, kind);
  const trustLike = doc.statements.every((st) => !st.resource && !st.notResource && (st.action?.values ?? []).every((a) => /^sts:/i.test(a.value)) && !st.notAction);
  return statementShapeError(doc, trustLike ? 'trust' : 'resource');
}

const SEVERITY: Record<Decision, number> = { allowed: 0, implicitDeny: 1, explicitDeny: 2 };

/**
 * Runs one simulation. Never throws on user input: malformed policies and inconsistent parameters
 * come back as `{ error }` with the message AWS's API would give.
 */
export function simulate(input: SimulationInput, now?: Date): Simulation | SimulationError {
  const built = buildPolicySet(input);
  if ('error' in built) return built;
  if (built.set.resource && !input.callerArn) {
    return simulationError('InvalidInput', 'CallerArn is required when a ResourcePolicy is given, so that its Principal element has a caller to match');
  }
  return runSimulation(built.set, input, built.lines, now);
}

/**
 * Parses the policies of a simulation input into a policy set (documents' uris are the policy ids),
 * with a line-index lookup for statement positions. Malformed JSON comes back as `{ error }`.
 */
export function buildPolicySet(input: SimulationInput): { set: PolicySet; lines: (uri: string) => LineIndex | undefined } | SimulationError {
  if (input.actions.length === 0) return simulationError('InvalidInput', 'ActionNames must name at least one action');
  for (const [i, a] of input.actions.entries()) {
    if (!/^[^:\s]+:[^:\s]+$/.test(a)) return simulationError('InvalidInput', `ActionNames[${i}]: '${a}' is not an action name of the form service:Action`);
  }
  const texts = new Map<string, PolicyText>();
  const sources = (list: PolicyText[], kind: PolicyKind): PolicySource[] | SimulationError => {
    const out: PolicySource[] = [];
    for (const p of list) {
      const doc = parseOnce(p, kind);
      if ('error' in doc) return doc;
      texts.set(p.id, p);
      out.push({ doc, id: p.id, sourceType: p.sourceType });
    }
    return out;
  };
  const levels = (list: PolicyText[][], kind: PolicyKind): PolicySource[][] | SimulationError => {
    const out: PolicySource[][] = [];
    for (const level of list) {
      const l = sources(level, kind);
      if ('error' in l) return l;
      out.push(l);
    }
    return out;
  };
  const identity = sources(input.policies, 'identity');
  if ('error' in identity) return identity;
  const boundary = sources(input.boundaries, 'boundary');
  if ('error' in boundary) return boundary;
  const session = sources(input.sessionPolicies, 'session');
  if ('error' in session) return session;
  const endpoint = sources(input.endpointPolicies, 'endpoint');
  if ('error' in endpoint) return endpoint;
  const scpLevels = levels(input.scpLevels, 'scp');
  if ('error' in scpLevels) return scpLevels;
  const rcpLevels = levels(input.rcpLevels, 'rcp');
  if ('error' in rcpLevels) return rcpLevels;
  const resource = input.resourcePolicy ? sources([input.resourcePolicy], 'resource') : [];
  if ('error' in resource) return resource;
  const set: PolicySet = {
    identity,
    boundary: boundary.length ? boundary : undefined,
    session: session.length ? session : undefined,
    endpoint: endpoint.length ? endpoint : undefined,
    scpLevels: scpLevels.length ? scpLevels : undefined,
    rcpLevels: rcpLevels.length ? rcpLevels : undefined,
    resource: resource[0],
    rcpServices: input.rcpServices,
  };
  const lines = new Map<string, LineIndex>();
  const lineIndex = (uri: string) => {
    let idx = lines.get(uri);
    if (!idx) {
      const text = texts.get(uri)?.text;
      if (text === undefined) return undefined;
      lines.set(uri, (idx = new LineIndex(text)));
    }
    return idx;
  };
  return { set, lines: lineIndex };
}

/** What a caller knows about a resource: its resource-side policies and owning account. */
export interface ResourceSide {
  policies: Partial<PolicySet>;
  account?: string;
}

/** What `runSimulation` needs besides the policies. */
export interface SimulationRequest {
  actions: string[];
  /** Undefined when no resource was given: AWS then simulates "*". */
  resources?: string[];
  resourceOwner?: string;
  /** The caller: an IAM user/role ARN, a session ARN, a service principal or `anonymous`. */
  callerArn?: string;
  /** Extra facts about the caller (tags, management account...) when known, e.g. from a workspace. */
  caller?: Omit<PrincipalInput, 'arn'>;
  context: ContextInput;
}

/**
 * Runs actions × resources against a policy set and shapes the results as AWS does. `lines` maps a
 * policy document's uri to its text's line index, for statement positions. `resourceSideFor`, when
 * given, adds the resource side per request (a workspace knows the bucket policy, the role's trust
 * policy, the owner's RCPs...); what `set` gives explicitly wins.
 */
export function runSimulation(
  set: PolicySet,
  req: SimulationRequest,
  lines: (uri: string) => LineIndex | undefined,
  now?: Date,
  resourceSideFor?: (action: string, resource: string) => ResourceSide,
): Simulation {
  // Without a CallerArn the caller is an unnamed identity of the resource owner's account: nothing
  // is filled in from it, and every request is within one account.
  const ownerAccount = accountOf(req.resourceOwner);
  const callerAccount = req.callerArn ? accountOf(req.callerArn) : ownerAccount ?? '123456789012';
  const principal: PrincipalInput = req.caller
    ? req.callerArn
      ? { ...req.caller, arn: req.callerArn }
      : { ...req.caller, arn: `arn:aws:iam::${callerAccount}:user/`, unnamed: true }
    : plainPrincipal(req.callerArn ?? `arn:aws:iam::${callerAccount}:user/`, !req.callerArn);

  const position = (uri: string, span: Span): { start: AwsPosition; end: AwsPosition } => {
    const idx = lines(uri);
    if (!idx) return { start: { Line: 1, Column: 1 }, end: { Line: 1, Column: 1 } };
    const s = idx.positionAt(span.start);
    const e = idx.positionAt(span.end);
    // AWS reports the position just inside the statement's opening brace and just past its closing one.
    return { start: { Line: s.line + 1, Column: s.character + 2 }, end: { Line: e.line + 1, Column: e.character + 1 } };
  };
  const statements = (matched: MatchedStatement[]): AwsStatement[] => {
    const out: AwsStatement[] = [];
    const kept: MatchedStatement[] = [];
    for (const m of matched) {
      // The same statement matched twice (two resources, two layers) is listed once.
      if (kept.some((k) => k.index === m.index && k.policyId === m.policyId && k.uri === m.uri)) continue;
      kept.push(m);
      const pos = position(m.uri, m.span);
      out.push({ SourcePolicyId: m.policyId, SourcePolicyType: m.sourceType ?? 'none', StartPosition: pos.start, EndPosition: pos.end });
    }
    return out;
  };

  // The objects are built as literals with properties added in the response's order, never by spreading:
  // V8 copies a spread object property by property, which made it the batch's hottest path.
  const explicitResources = req.resources !== undefined && req.resources.length > 0;
  const resources = explicitResources ? req.resources! : ['*'];
  const details: Simulation['details'] = [];
  const results: AwsEvaluationResult[] = [];
  for (const action of req.actions) {
    const perResource: AwsResourceResult[] = [];
    let worst: EvaluationResult | undefined;
    const all: EvaluationResult[] = [];
    for (const res of resources) {
      const side = resourceSideFor?.(action, res);
      const resourceAccount = req.callerArn
        ? ((res !== '*' ? accountOf(res) : undefined) ?? ownerAccount ?? side?.account ?? callerAccount)
        : callerAccount;
      const perSet = side ? { ...side.policies, ...definedOnly(set) } : set;
      const r = evaluate({ principal, action, resource: res, resourceAccount, context: req.context }, perSet, { now });
      details.push({ action, resource: res, result: r });
      all.push(r);
      if (!worst || SEVERITY[r.decision] > SEVERITY[worst.decision]) worst = r;
      const perRes: AwsResourceResult = {
        EvalResourceName: res,
        EvalResourceDecision: r.decision,
        MatchedStatements: statements(r.matched),
        MissingContextValues: r.missingContextKeys,
      };
      const resDetails = evalDecisionDetails(r, res !== '*');
      if (resDetails) perRes.EvalDecisionDetails = resDetails;
      if (set.boundary) perRes.PermissionsBoundaryDecisionDetail = boundaryDetail(r);
      perResource.push(perRes);
    }
    const decision = worst!.decision;
    const deciding: MatchedStatement[] = [];
    const missing = new Map<string, string>();
    for (const r of all) {
      if (r.decision === decision) for (const m of r.matched) deciding.push(m);
      for (const k of r.missingContextKeys) missing.set(k.toLowerCase(), k);
    }
    const result: AwsEvaluationResult = {
      EvalActionName: action,
      EvalResourceName: resources[0],
      EvalDecision: decision,
      MatchedStatements: statements(deciding),
      MissingContextValues: [...missing.values()],
    };
    if (set.scpLevels || set.rcpLevels) result.OrganizationsDecisionDetail = { AllowedByOrganizations: all.every(allowedByOrganizations) };
    if (set.boundary) result.PermissionsBoundaryDecisionDetail = { AllowedByPermissionsBoundary: all.every((r) => boundaryDetail(r).AllowedByPermissionsBoundary) };
    const actionDetails = evalDecisionDetails(all.find((r) => r.crossAccount) ?? worst!, explicitResources);
    if (actionDetails) result.EvalDecisionDetails = actionDetails;
    if (explicitResources) result.ResourceSpecificResults = perResource;
    results.push(result);
  }
  return { output: { EvaluationResults: results, IsTruncated: false }, details };
}

/**
 * One principal object per caller ARN when nothing else is known about the caller: the evaluator caches
 * the parsed caller and its context keys by this object, so a batch of simulations for the same caller
 * parses it once.
 */
const plainPrincipals = new Map<string, PrincipalInput>();

function plainPrincipal(arn: string, unnamed: boolean): PrincipalInput {
  const key = unnamed ? `unnamed\u0000${arn}` : arn;
  let p = plainPrincipals.get(key);
  if (!p) {
    if (plainPrincipals.size > 1000) plainPrincipals.clear();
    p = Object.freeze(unnamed ? { arn, unnamed: true } : { arn });
    plainPrincipals.set(key, p);
  }
  return p;
}

function definedOnly(set: PolicySet): Partial<PolicySet> {
  return Object.fromEntries(Object.entries(set).filter(([, v]) => v !== undefined)) as Partial<PolicySet>;
}

function allowedByOrganizations(r: EvaluationResult): boolean {
  return r.layers.every((l) => (l.layer === 'scp' ? !l.applies || l.decision === 'allowed' : l.layer === 'rcp' ? l.decision !== 'explicitDeny' : true));
}

function boundaryDetail(r: EvaluationResult): { AllowedByPermissionsBoundary: boolean } {
  const b = r.layers.find((l) => l.layer === 'boundary');
  return { AllowedByPermissionsBoundary: !b || !b.applies || b.decision === 'allowed' };
}

/**
 * EvalDecisionDetails as the API documents it: each side's decision for cross-account requests, empty
 * for same-account ones with a resource, absent for "*" and when an SCP ended the evaluation.
 */
function evalDecisionDetails(r: EvaluationResult, withResource: boolean): Record<string, Decision> | undefined {
  if (r.decidedBy === 'scp') return undefined;
  if (r.crossAccount) return decisionDetails(r);
  return withResource ? {} : undefined;
}

/** How each side of a cross-account request decided. */
function decisionDetails(r: EvaluationResult): Record<string, Decision> {
  const id = r.layers.find((l) => l.layer === 'identity')!;
  const res = r.layers.find((l) => l.layer === 'resource')!;
  return { 'IAM Policy': id.decision, 'Resource Policy': res.decision };
}
