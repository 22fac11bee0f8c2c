/**
 * Runs saved scenarios against a workspace and turns the outcome into findings on the scenario
 * (a scenario whose expectation no longer holds) for the editor and the `test` command.
 */
import type { Finding } from '../../findings';
import type { Workspace } from '../../model';
import type { LineIndex } from '../../text/line-index';
import { simulateQuestion, type SimulateOptions } from '../simulate';
import type { Decision, SimHop, SimulationAnswer } from '../simulate/types';
import { actionProblem } from '../../data/action-problem';
import { replaceValueFix } from '../rules/support/edits';
import type { ExpectedDecision, Scenario, ScenarioFile, ScenarioResult, UnknownAction, WhoCanExpectation } from './types';
import type { ContextInput } from '../../engine/types';
import type { Entity } from '../../model';
import { escalationGraph } from '../escalation/graph';
import { whoCan } from '../escalation/who-can';
import { pathText } from '../escalation/describe';

export function decisionMatches(expected: ExpectedDecision, actual: Decision): boolean {
  return expected === 'denied' ? actual !== 'allowed' : expected === actual;
}

const WORDS: Record<Decision, string> = { allowed: 'allowed', explicitDeny: 'explicitly denied', implicitDeny: 'implicitly denied' };
const EXPECT_WORDS: Record<ExpectedDecision, string> = { ...WORDS, denied: 'denied' };

/**
 * The scenario's actions that the catalogue does not have. A question about an action that does not
 * exist is always denied, so `"expect": "denied"` would pass on a typo: such a scenario fails instead.
 */
export function unknownActions(scenario: Scenario): UnknownAction[] {
  const out: UnknownAction[] = [];
  (scenario.question.actions ?? []).forEach((action, i) => {
    const p = actionProblem(action);
    if (p) out.push({ action, span: scenario.actionSpans[i] ?? scenario.nameSpan, message: p.message, hints: p.hints });
  });
  return out;
}

/** Runs one scenario. Never throws: an internal error fails the scenario with its message. */
export function runScenario(ws: Workspace, scenario: Scenario, texts?: ReadonlyMap<string, LineIndex>, now?: Date): ScenarioResult {
  const unknown = unknownActions(scenario);
  const result = runQuestion(ws, scenario, texts, now);
  if (!unknown.length) return { ...result, unknownActions: [] };
  const failures = [...unknown.map((u) => `${u.action}: ${u.message}`), ...result.failures];
  return { ...result, passed: false, failures, unknownActions: unknown };
}

function runQuestion(ws: Workspace, scenario: Scenario, texts?: ReadonlyMap<string, LineIndex>, now?: Date): Omit<ScenarioResult, 'unknownActions'> {
  if (scenario.whoCan) return runWhoCanScenario(ws, scenario, scenario.whoCan);
  let answer: SimulationAnswer;
  try {
    const opts: SimulateOptions = { now, texts, sessionPolicy: scenario.sessionPolicy, hopSessionPolicies: scenario.hopSessionPolicies, explain: false };
    answer = simulateQuestion(ws, scenario.question, opts);
  } catch (e) {
    const message = `the simulator failed: ${e instanceof Error ? e.message : String(e)}`;
    return {
      scenario,
      passed: false,
      actual: 'error',
      failures: [message],
      answer: { principal: { arn: '', kind: 'unknown', label: '' }, hops: [], chainAllowed: false, context: [], rows: [], problems: [message] },
    };
  }
  const failures: string[] = [];
  const expect = scenario.expect;
  const blocking = answer.problems.filter((p) => !/Simulated as written|were cut at|rows are shown/.test(p));
  if (!answer.chainAllowed) {
    const hop = answer.hops[answer.hops.length - 1];
    const step = hopWords(hop);
    if (hop && hop.decision !== 'allowed') {
      // A broken chain denies everything it would have asked.
      if (!decisionMatches(expect, hop.decision) || expect === 'allowed') {
        const missing = hop.missingContextKeys.length ? ` (context keys not given: ${hop.missingContextKeys.join(', ')})` : '';
        failures.push(`expected ${EXPECT_WORDS[expect]}, but ${short(hop.from)} cannot ${step.verb}: ${hop.reason}${missing}`);
      } else checkLayer(scenario, hop.decidedBy, step.doing, failures);
    } else failures.push(...(blocking.length ? blocking : ['the question could not be asked']));
    return { scenario, passed: failures.length === 0, actual: hop ? `${WORDS[hop.decision]} at ${step.at}` : 'unanswerable', failures, answer };
  }
  if (blocking.length && !answer.rows.length) failures.push(...blocking);
  for (const row of answer.rows) {
    const what = `${row.action} on ${row.resource}`;
    if (!decisionMatches(expect, row.decision)) {
      const missing = row.missingContextKeys.length ? ` (context keys not given: ${row.missingContextKeys.join(', ')})` : '';
      failures.push(`expected ${EXPECT_WORDS[expect]}, but ${what} is ${WORDS[row.decision]}${row.decidedBy ? ` by ${row.decidedBy}` : ''}: ${row.reason}${missing}`);
    } else checkLayer(scenario, row.decidedBy, what, failures);
  }
  const decisions = [...new Set(answer.rows.map((r) => `${WORDS[r.decision]}${r.decidedBy ? ` (${r.decidedBy})` : ''}`))];
  return { scenario, passed: failures.length === 0, actual: decisions.join(', ') || 'no rows', failures, answer };
}

const NO_ANSWER = (problems: string[] = []): SimulationAnswer => ({ principal: { arn: '', kind: 'unknown', label: 'who can' }, hops: [], chainAllowed: true, context: [], rows: [], problems });

/** The principals an `only` entry stands for: a user or role, or a group's members; a problem when it names nothing. */
function onlyMembers(ws: Workspace, entry: string): Set<unknown> | string {
  const found = new Set<unknown>();
  const add = (e: Entity | undefined) => {
    if (!e) return;
    if (e.kind === 'group') for (const m of e.members) found.add(m);
    if (e.kind === 'user' || e.kind === 'role' || e.kind === 'group') found.add(e);
  };
  if (entry.startsWith('arn:')) add(ws.entityByArn(entry));
  else for (const f of ws.files) for (const map of [f.users, f.roles, f.groups]) add(map.get(entry));
  return found.size ? found : `"only" names "${entry}", which is no user, role or group of the workspace`;
}

/**
 * A "who can" scenario: every principal that can perform each action on each resource (directly or by a path,
 * core/analysis/escalation) must be one `only` names, or a member of a group it names.
 */
function runWhoCanScenario(ws: Workspace, scenario: Scenario, w: WhoCanExpectation): Omit<ScenarioResult, 'unknownActions'> {
  const failures: string[] = [];
  const allowed = new Set<unknown>();
  for (const o of w.only) {
    const m = onlyMembers(ws, o.value);
    if (typeof m === 'string') failures.push(m);
    else for (const x of m) allowed.add(x);
  }
  const who = new Set<string>();
  try {
    const context = w.context as ContextInput | undefined;
    const graph = escalationGraph(ws, { context });
    for (const action of w.actions) {
      for (const resource of w.resources) {
        const answer = whoCan(ws, { action, resource, context, includePossible: w.includePossible }, graph);
        for (const p of answer.principals) {
          who.add(p.principal.name);
          if (allowed.has(p.principal)) continue;
          const how = p.steps.length ? `: ${pathText(p)}` : ' directly';
          failures.push(`${p.principal.kind} ${p.principal.name} can ${p.confidence === 'possible' ? 'possibly ' : ''}${action} on ${resource}${how}`);
        }
      }
    }
  } catch (e) {
    failures.push(`the analysis failed: ${e instanceof Error ? e.message : String(e)}`);
  }
  const actual = who.size ? `${who.size} principal${who.size === 1 ? '' : 's'} can: ${[...who].slice(0, 8).join(', ')}${who.size > 8 ? ', …' : ''}` : 'nobody can';
  return { scenario, passed: failures.length === 0, actual, failures, answer: NO_ANSWER() };
}

function checkLayer(scenario: Scenario, decidedBy: string | undefined, what: string, failures: string[]): void {
  if (scenario.expectDecidedBy && decidedBy !== scenario.expectDecidedBy) {
    failures.push(`expected the ${scenario.expectDecidedBy} layer to decide ${what}, but ${decidedBy ?? 'no single layer'} did`);
  }
}

/** How a failed step reads: assuming a role, or (an IAM user's session policy) getting a federated-user session. */
function hopWords(hop: SimHop | undefined): { verb: string; doing: string; at: string } {
  if (!hop) return { verb: '', doing: '', at: '' };
  if (hop.step === 'federation-token') {
    return { verb: `get the federated-user session ${short(hop.role)} (sts:GetFederationToken)`, doing: `calling sts:GetFederationToken for ${short(hop.role)}`, at: `GetFederationToken for ${short(hop.role)}` };
  }
  return { verb: `assume ${short(hop.role)}`, doing: `assuming ${short(hop.role)}`, at: short(hop.role) };
}

/**
 * The name at the end of a role, user or session ARN (what follows its last "/"), or the ARN itself. Found by
 * index, not by `/:(?:role|user|assumed-role)\/(?:.*\/)?([^/]+)$/`, which took quadratic time on a long ARN.
 */
function short(arn: string): string {
  if (arn.endsWith('/') || !/:(?:role|user|assumed-role)\//.test(arn)) return arn;
  return arn.slice(arn.lastIndexOf('/') + 1);
}

/** Runs every scenario of a file. */
export function runScenarioFile(ws: Workspace, file: ScenarioFile, now?: Date): ScenarioResult[] {
  const texts = new Map([[file.uri, file.lines]]);
  return file.scenarios.map((s) => runScenario(ws, s, texts, now));
}

/**
 * The findings of a scenario file: its format problems, then one error per scenario whose
 * expectation no longer holds (on the scenario's name), with the deciding statements as related
 * locations.
 */
export function scenarioFindings(file: ScenarioFile, results: ScenarioResult[]): Finding[] {
  const out: Finding[] = [...file.findings];
  for (const r of results) {
    if (r.passed) continue;
    for (const u of r.unknownActions) {
      out.push({
        code: 'scenario/unknown-action',
        severity: 'error',
        message: `"${u.action}": ${u.message} The scenario fails until the action exists.`,
        uri: file.uri,
        span: u.span,
        fixes: u.hints.map((h) => replaceValueFix(`Change to "${h}"`, file.uri, u.span, h)),
      });
    }
    // The other reasons, if any, on the scenario's name.
    const rest = r.failures.slice(r.unknownActions.length);
    if (r.unknownActions.length && !rest.length) continue;
    const first = rest[0] ?? 'the expectation does not hold';
    const more = rest.length > 1 ? ` (and ${rest.length - 1} more)` : '';
    const related = r.answer.rows
      .flatMap((row) => row.matched)
      .concat(r.answer.hops.flatMap((h) => h.matched))
      .slice(0, 5)
      .map((m) => ({ uri: m.location.uri, span: m.location.span, message: `${m.effect} ${m.sid ? `"${m.sid}" ` : ''}in ${m.policyId} (${m.layer})` }));
    out.push({
      code: 'scenario/failed',
      severity: 'error',
      message: `Scenario "${r.scenario.name}" fails: ${first}${more}`,
      uri: file.uri,
      span: r.scenario.nameSpan,
      related,
    });
  }
  return out;
}

/** Convenience for the language server: parse problems plus failing scenarios, never throwing. */
export function checkScenarioFile(ws: Workspace, file: ScenarioFile, now?: Date): Finding[] {
  return scenarioFindings(file, runScenarioFile(ws, file, now));
}
