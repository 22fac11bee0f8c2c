import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RULES } from '../../core/analysis/rules';
import { policyTargets } from '../../core/analysis/rules/support/targets';
import type { PolicyKind } from '../../core/policy/types';
import { assertSameWithout, folderWorkspaces as workspaces } from '../support/rule-declarations';

// `Rule.kinds` lets the runner call a rule's `policy` only for documents of the kinds it looks at. These tests pin
// that the declaration is true: a rule finds nothing in a document of any other kind (its own body returns at
// once), and a run finds exactly what it finds when every rule is called for every document.

const KINDS: PolicyKind[] = ['identity', 'boundary', 'trust', 'resource', 'scp', 'rcp', 'session', 'endpoint'];

test('a rule that declares kinds finds nothing in a document of another kind', () => {
  const declaring = RULES.filter((r) => r.policy && r.kinds);
  assert.ok(declaring.length >= 30, `rules declaring kinds: ${declaring.length}`);
  let calls = 0;
  for (const ws of workspaces()) {
    for (const file of ws.files) {
      for (const target of policyTargets(file)) {
        for (const rule of declaring) {
          for (const kind of KINDS) {
            if (rule.kinds!.includes(kind)) continue;
            const reported: string[] = [];
            rule.policy!({ workspace: ws, config: {}, target: { ...target, kind }, report: (_span, message) => reported.push(message ?? rule.message) });
            calls++;
            assert.deepEqual(reported, [], `${rule.id} on ${target.where} as a ${kind} policy`);
          }
        }
      }
    }
  }
  assert.ok(calls > 10_000, `calls: ${calls}`);
});

test('a run finds the same with and without the rules\' kinds', () => assertSameWithout('kinds', workspaces()));
