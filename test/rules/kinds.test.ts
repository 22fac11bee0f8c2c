import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { RULES, runRules } from '../../core/analysis/rules';
import { policyTargets } from '../../core/analysis/rules/support/targets';
import { parseAccountFile, Workspace } from '../../core/model';
import type { PolicyKind } from '../../core/policy/types';

// `Rule.kinds` lets the runner call a rule's `policy` only for documents of the kinds it looks at. These tests pin
// that the declaration is true: a rule finds nothing in a document of any other kind (its own body returns at
// once), and a run finds exactly what it finds when every rule is called for every document.

const KINDS: PolicyKind[] = ['identity', 'boundary', 'trust', 'resource', 'scp', 'rcp', 'session', 'endpoint'];

function accountFiles(dir: string): string[] {
  const out: string[] = [];
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory() && e.name !== 'node_modules' && e.name !== 'out') out.push(...accountFiles(p));
    else if (e.isFile() && e.name.endsWith('.iam.json')) out.push(p);
  }
  return out.sort();
}

/** Every account file of examples/ and test/, one workspace per folder (the cross-account rules see their peers). */
function workspaces(): Workspace[] {
  const byDir = new Map<string, string[]>();
  for (const p of [...accountFiles('examples'), ...accountFiles('test')]) {
    const dir = p.slice(0, p.lastIndexOf('/'));
    byDir.set(dir, [...(byDir.get(dir) ?? []), p]);
  }
  return [...byDir.values()].map((paths) => new Workspace(paths.map((p) => parseAccountFile(`file:///${p}`, readFileSync(p, 'utf8')))));
}

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

test('a run finds the same with and without the rules\' kinds', () => {
  let findings = 0;
  for (const ws of workspaces()) {
    const withKinds = JSON.stringify(runRules(ws, { kindsTest: 'with' } as object));
    const kept = RULES.map((r) => r.kinds);
    try {
      for (const r of RULES) r.kinds = undefined;
      assert.equal(JSON.stringify(runRules(ws, { kindsTest: 'without' } as object)), withKinds);
    } finally {
      RULES.forEach((r, i) => (r.kinds = kept[i]));
    }
    findings += (JSON.parse(withKinds) as unknown[]).length;
  }
  assert.ok(findings > 100, `findings: ${findings}`);
});
