/**
 * `diff --jobs N`, main side: every worker builds both sides' workspaces (diff-tasks.ts), then the diff is computed
 * one account file per task in two phases (principals; then roles and resources, once every part has said whether
 * a change reaches who may assume roles), and merged by lower-cased ARN, the order of an in-process `diffAccess`.
 */
import type { AccessDiff } from '../../core/analysis/diff';
import type { SourceText } from '../../core/model';
import { cliPool } from './pool';
import type { DIFF_TASKS } from './diff-tasks';

type Principals = ReturnType<(typeof DIFF_TASKS)['diff.principals']>;
type Rest = ReturnType<(typeof DIFF_TASKS)['diff.rest']>;

const byArn = <T extends { arn: string }>(list: T[]): T[] => {
  const keyed = list.map((x) => ({ key: x.arn.toLowerCase(), x }));
  keyed.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  return keyed.map((k) => k.x);
};

/** What `diffAccess` returns for the two sides, and the files with JSON errors (base's, then head's). */
export async function diffWithWorkers(base: SourceText[], head: SourceText[], workers: number): Promise<{ result: AccessDiff; broken: string[] }> {
  const pool = cliPool(workers);
  try {
    const loads = await Promise.all(Array.from({ length: pool.size }, (_, w) => pool.run<string[]>('diff.load', { base, head }, w)));
    const uris = [...new Set([...base.map((s) => s.uri), ...head.map((s) => s.uri)])].sort();
    const first = await Promise.all(uris.map((uri) => pool.run<Principals>('diff.principals', { uri })));
    const assumeTouched = first.some((p) => p.result.assumeTouched);
    const second = await Promise.all(uris.map((uri) => pool.run<Rest>('diff.rest', { uri, assumeTouched })));
    const sum = <T>(list: { result: T }[], n: (t: T) => number) => list.reduce((a, r) => a + n(r.result), 0);
    const result: AccessDiff = {
      principals: byArn(first.flatMap((p) => p.result.principals)),
      roles: byArn(second.flatMap((r) => r.result.roles)),
      resources: byArn(second.flatMap((r) => r.result.resources)),
      stats: {
        principals: sum(first, (p) => p.total),
        recomputed: sum(first, (p) => p.recomputed),
        roles: sum(second, (r) => r.roleStats.total),
        rolesRecomputed: sum(second, (r) => r.roleStats.recomputed),
        resources: sum(second, (r) => r.resourceStats.total),
        resourcesRecomputed: sum(second, (r) => r.resourceStats.recomputed),
      },
    };
    return { result, broken: loads[0].result };
  } finally {
    await pool.close();
  }
}
