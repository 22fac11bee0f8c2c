import type { Simulation } from '../../core/engine';

/**
 * `--output table`: one row per action and resource with the decision, the layer that decided and
 * why (the evaluator's sentence), and the deciding statements.
 */
export function formatTable(sim: Simulation): string {
  const rows: string[][] = [['Action', 'Resource', 'Decision', 'Decided by', 'Why', 'Matched statements']];
  const reasons = new Map(sim.details.map((d) => [`${d.action}\u0000${d.resource}`, d.result]));
  for (const r of sim.output.EvaluationResults) {
    const per = r.ResourceSpecificResults ?? [
      { EvalResourceName: r.EvalResourceName, EvalResourceDecision: r.EvalDecision, MatchedStatements: r.MatchedStatements },
    ];
    for (const rr of per) {
      const result = reasons.get(`${r.EvalActionName}\u0000${rr.EvalResourceName}`);
      const matched = rr.MatchedStatements.map((m) => `${m.SourcePolicyId} ${m.StartPosition.Line}:${m.StartPosition.Column}`).join(', ');
      rows.push([r.EvalActionName, rr.EvalResourceName, rr.EvalResourceDecision, result?.decidedBy ?? '-', result?.reason ?? '', matched || '-']);
    }
    if (r.MissingContextValues.length) rows.push(['', '', '', '', `missing context: ${r.MissingContextValues.join(', ')}`, '']);
  }
  const widths = rows[0].map((_, i) => Math.max(...rows.map((row) => row[i].length)));
  const line = (row: string[]) => `| ${row.map((c, i) => c.padEnd(widths[i])).join(' | ')} |`;
  const rule = `+-${widths.map((w) => '-'.repeat(w)).join('-+-')}-+`;
  return [rule, line(rows[0]), rule, ...rows.slice(1).map(line), rule].join('\n') + '\n';
}
