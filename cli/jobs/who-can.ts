/**
 * `who-can --jobs N`, main side. The costly part of a query is asking the evaluator, for every principal, whether
 * it may make the last request itself; that is a pure function of the principal, so N worker threads ask it, one
 * account file per task (who-can-tasks.ts; each worker builds the whole workspace, as the resource side reads
 * other accounts), while this thread builds the workspace and explores the "can become" graph. The shortest-path
 * search then runs here, over the whole graph in its one order, with the workers' answers: the same paths, ties
 * included, as `--jobs 1`, whatever N.
 */
import type { ContextInput } from '../../core/engine/types';
import { buildWorkspace, type SourceText, type Workspace } from '../../core/model';
import { whoCan, type WhoCanAnswer, type WhoCanMark, type WhoCanQuery } from '../../core/analysis/escalation/who-can';
import { escalationGraph } from '../../core/analysis/escalation/graph';
import { nodeId, BASE } from '../../core/analysis/escalation/nodes';
import { cliWorkspaceOptions } from '../workspace';
import { cliPool, yieldToWorkers } from './pool';

/** What `whoCan` answers for each query (in order), computed with `workers` threads. */
export async function whoCanWithWorkers(sources: SourceText[], queries: WhoCanQuery[], context: ContextInput | undefined, workers: number): Promise<{ ws: Workspace; answers: WhoCanAnswer[] }> {
  const pool = cliPool(workers);
  try {
    const loads = Array.from({ length: pool.size }, (_, w) => pool.run('whoCan.load', { sources, context }, w));
    // Pinned round robin: pinned tasks are posted at once, so the workers carry on while this thread is busy.
    const marks = Promise.all(loads).then(() => Promise.all(sources.map((s, i) => pool.run<WhoCanMark[][]>('whoCan.marks', { uri: s.uri, queries }, i % pool.size))));
    marks.catch(() => undefined); // awaited below
    const ws = buildWorkspace(sources, cliWorkspaceOptions());
    await yieldToWorkers();
    const graph = escalationGraph(ws, { context });
    let i = 0;
    for (const _ of graph.exploreSteps()) if (++i % 500 === 0) await yieldToWorkers();
    const answered = await marks;
    const asked = new Set(graph.principals.map((p) => nodeId(p, BASE)));
    const answers = queries.map((q, k) => {
      const byId = new Map<string, WhoCanMark>();
      for (const r of answered) for (const m of r.result[k]) byId.set(m.id, m);
      return whoCan(ws, q, graph, { asked, marks: byId });
    });
    return { ws, answers };
  } finally {
    await pool.close();
  }
}
