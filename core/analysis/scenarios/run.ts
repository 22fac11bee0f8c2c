/**
 * Runs saved scenarios against a workspace and turns the outcome into findings on the scenario
 * (a scenario whose expectation no longer holds) for the editor and the `test` command.
 */
import type { Finding } from '../../findings';
import type { Workspace } from '../../model';
import type { LineIndex } from '../../text/line-index';
import { simulateQuestion, type SimulateOptions } from '../simulate';
import type { Decision, SimHop, SimulationAnswer } from '../simulate-types';
import { actionProblem } from '../../data/action-problem';
import { replaceValueFix } from '../rules/support/edits';
import type { ExpectedDecision, Scenario, ScenarioFile, ScenarioResult, UnknownAction } from './types';

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
