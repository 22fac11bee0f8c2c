/**
 * For the tests that pin a rule declaration the runner trusts (`Rule.kinds`, `Rule.facts`: the runner skips a rule's
 * call where the declaration says it would find nothing): every account file of examples/ and test/ as workspaces,
 * and a check that a run finds the same with the declarations as with every rule called for every document.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { RULES, runRules } from '../../core/analysis/rules';
import { parseAccountFile, Workspace } from '../../core/model';
import { accountFiles } from './account-files';

/** Every account file of examples/ and test/, one workspace per folder (the cross-account rules see their peers). */
export function folderWorkspaces(): Workspace[] {
  const byDir = new Map<string, string[]>();
  for (const p of [...accountFiles('examples'), ...accountFiles('test')]) {
    const dir = p.slice(0, p.lastIndexOf('/'));
    byDir.set(dir, [...(byDir.get(dir) ?? []), p]);
  }
  return [...byDir.values()].map((paths) => new Workspace(paths.map((p) => parseAccountFile(`file:///${p}`, readFileSync(p, 'utf8')))));
}

/**
 * Asserts that every workspace's findings are the same with the rules' `field` declarations and without them (each
 * run under a configuration of its own, so no cached findings cross over), and that the runs found something.
 */
export function assertSameWithout(field: 'kinds' | 'facts', workspaces: Workspace[]): void {
  let findings = 0;
  for (const ws of workspaces) {
    const withThem = JSON.stringify(runRules(ws, { declarationsTest: `${field}:with` } as object));
    const kept = RULES.map((r) => r[field]);
    try {
      for (const r of RULES) r[field] = undefined;
      assert.equal(JSON.stringify(runRules(ws, { declarationsTest: `${field}:without` } as object)), withThem);
    } finally {
      RULES.forEach((r, i) => Object.assign(r, { [field]: kept[i] }));
    }
    findings += (JSON.parse(withThem) as unknown[]).length;
  }
  assert.ok(findings > 100, `findings: ${findings}`);
}
