/**
 * `check --jobs N`, main side: the per-account work (parse, policy and file rules) runs in N worker threads,
 * one account file per task (check-tasks.ts); this thread parses every file too, resolves the whole workspace and
 * runs the workspace rules (escalation, external access: they read every account at once) meanwhile, then merges
 * in the order an in-process run makes (`runRules`' `part`), so the output is the same bytes.
 */
import type { Finding } from '../../core/findings';
import { parseAccountFile, Workspace, type AccountFile, type SourceText } from '../../core/model';
import { runRules } from '../../core/analysis/rules';
import { applySuppressions } from '../../core/analysis/rules/support/suppress';
import type { RulesConfig } from '../../core/analysis/config';
import { cliWorkspaceOptions } from '../workspace';
import { cliPool, yieldToWorkers } from './pool';
import type { CheckIndex, ParsedInfo } from './check-tasks';

/** The workspace and every finding `collectFindings` would return for it, computed with `workers` threads. */
export async function checkWithWorkers(sources: SourceText[], config: RulesConfig, workers: number): Promise<{ ws: Workspace; findings: Finding[] }> {
  const pool = cliPool(workers);
  try {
    // The workers parse their share, then (as soon as every file is parsed somewhere, which is before this thread
    // has parsed them all) learn the workspace's accounts and run the rules of the files they kept.
    const parsed = Promise.all(sources.map((s) => pool.run<ParsedInfo>('check.parse', s)));
    const rules = parsed.then((infos) => {
      const index: CheckIndex = {
        config,
        accounts: infos.filter((i) => !i.result.organization).map((i) => i.result.accountId),
        organizations: sources.filter((_, i) => infos[i].result.organization),
      };
      for (let w = 0; w < pool.size; w++) pool.run('check.index', index, w).catch(() => undefined); // a failure rejects the rules too
      return Promise.all(sources.map((s, i) => pool.run<Finding[]>('check.rules', { uri: s.uri }, infos[i].worker)));
    });
    // Awaited below; a failure must not count as unhandled meanwhile.
    parsed.catch(() => undefined);
    rules.catch(() => undefined);
    const files: AccountFile[] = [];
    for (const s of sources) {
      files.push(parseAccountFile(s.uri, s.text));
      await yieldToWorkers();
    }
    // Parse tasks are handed out as workers answer, which needs this thread's event loop: wait until every rules
    // task is posted (all at once, to the worker that kept the file) before the long synchronous part below.
    await parsed;
    const ws = new Workspace(files, cliWorkspaceOptions());
    const workspacePart = runRules(ws, config, { part: 'workspace', oneShot: true });
    const perFile = new Map((await rules).map((r, i) => [sources[i].uri, r.result]));
    const ruleFindings: Finding[] = [];
    for (const f of ws.files) for (const x of perFile.get(f.uri) ?? []) ruleFindings.push(x);
    for (const x of workspacePart) ruleFindings.push(x);
    const findings = ws.allFindings();
    for (const x of applySuppressions(ruleFindings, (uri) => ws.file(uri))) findings.push(x);
    return { ws, findings };
  } finally {
    await pool.close();
  }
}
