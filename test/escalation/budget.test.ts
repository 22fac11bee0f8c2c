import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runRules } from '../../core/analysis/rules';
import { RULE_BUDGET } from '../../core/analysis/rules/escalation/shared';
import { EscalationGraph, adminReach } from '../../core/analysis/escalation';
import { BudgetExceeded, withBudget } from '../../core/analysis/escalation/nodes';
import { buildWorkspace, type Workspace } from '../../core/model';
import { ADMIN } from './support';

const IDS = ['escalation/assume-role', 'escalation/credentials', 'escalation/permissions', 'escalation/pass-role', 'escalation/existing-resource'];

/**
 * `n` users, each with its own inline policy allowing iam:CreateAccessKey on every user (so each can take over an
 * administrator's keys), and one administrator. The analysis asks about each user against every other: about n²
 * evaluations, nearly all of them answers shared between runs (no resource-based policy is involved).
 */
function accessKeyText(n: number): string {
  const users: Record<string, object> = {};
  for (let i = 0; i < n; i++) {
    users[`u${i}`] = { inlinePolicies: { keys: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'iam:CreateAccessKey', Resource: '*' }] } } };
  }
  users.boss = { policies: [ADMIN] };
  return JSON.stringify({ account: { id: '111111111111' }, users }, null, 2);
}

const build = (text: string): Workspace => buildWorkspace([{ uri: 'file:///t/iam.json', text }]);

/** Whether the full analysis of `ws` fits in `budget` evaluations. */
function fits(ws: Workspace, budget: number): boolean {
  try {
    withBudget(budget, () => new EscalationGraph(ws).pathsToAdmin(true));
    return true;
  } catch (e) {
    if (e instanceof BudgetExceeded) return false;
    throw e;
  }
}

/** The smallest budget the analysis fits in, each try on a freshly parsed workspace (nothing cached for it). */
function coldNeed(text: string): number {
  let lo = 0;
  let hi = 64;
  while (!fits(build(text), hi)) hi *= 2;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (fits(build(text), mid)) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

const shown = (ws: Workspace) =>
  runRules(ws, {}, { only: IDS }).map((f) => `${f.code} ${f.severity} ${ws.file(f.uri)!.text.slice(f.span.start, f.span.end)} ${f.message}`).sort();

test('the evaluations a budget counts do not depend on answers an earlier run cached', () => {
  const text = accessKeyText(12);
  const need = coldNeed(text);
  assert.ok(need > 12 * 12, `${need} evaluations`);
  const ws = build(text);
  adminReach(ws, true); // no budget (as who-can runs): every answer of this workspace is now cached
  assert.equal(fits(ws, need - 1), false, 'one evaluation short still stops with the answers cached');
  assert.equal(fits(ws, need), true);
  assert.equal(fits(ws, need - 1), false, 'and again after a budgeted run cached them');
});

test('the escalation rules give the same findings after a warm cache and a cold one, at the budget', () => {
  // 100 users need just over RULE_BUDGET evaluations; 97 just under it.
  const over = accessKeyText(100);
  assert.ok(coldNeedAbove(over, RULE_BUDGET), 'the workspace needs more than the rules budget');
  const cold = shown(build(over));
  assert.equal(cold.length, 1);
  assert.match(cold[0], /^escalation\/assume-role info "111111111111" The privilege-escalation rules stopped: this workspace needs more than 10000 policy evaluations/);

  const ws = build(over);
  adminReach(ws, true); // an earlier unbounded run (who-can, the graph) cached every answer of this workspace
  assert.deepEqual(shown(ws), cold);

  const under = accessKeyText(97);
  const coldUnder = shown(build(under));
  assert.equal(coldUnder.length, 97, 'each user can become an administrator by the admin\'s access keys');
  assert.match(coldUnder[0], /^escalation\/credentials warning "u\d+" User "u\d+" can become an administrator: iam:CreateAccessKey/);
  const warmUnder = build(under);
  adminReach(warmUnder, true);
  assert.deepEqual(shown(warmUnder), coldUnder);
});

/** Whether the analysis of a freshly parsed workspace of `text` needs more than `budget` evaluations. */
function coldNeedAbove(text: string, budget: number): boolean {
  return !fits(build(text), budget);
}
