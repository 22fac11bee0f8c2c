import { whoCan, type WhoCanAnswer } from '../../core/analysis/escalation';
import { escalationGraph } from '../../core/analysis/escalation/graph';
import { stepText } from '../../core/analysis/escalation/describe';
import { buildWorkspace } from '../../core/model';
import { oneOf, parseArgs } from '../args';
import { findAccountFiles, readSources } from '../files';
import { UsageError, type CliIO } from '../io';
import { contextFromArgs } from '../simulate/input';
import { cliWorkspaceOptions } from '../workspace';
import { JOBS_OPTION, jobsOption, workersFor } from '../jobs/options';
import { whoCanWithWorkers } from '../jobs/who-can';

const HELP = `usage: iam-workbench who-can --action-names ACTION [ACTION ...] [--resource-arns ARN [ARN ...]]
         [--context-entries ENTRY ...] [--workspace DIR] [--include-possible] [--output json|table] [--jobs N]

Lists every user and role of the iam.json files under DIR (default: the current folder) that can perform
each action on each resource: directly, or at the end of a privilege-escalation path (assuming roles,
taking another user's credentials, rewriting permissions, passing a role to a service that runs its
code), with the shortest path for each. Every step and the last request are decided by the evaluator
with the principal's policies, groups, boundary and SCPs, and the resource's own policy. See
docs/escalation.md.

  --action-names A ...      actions to ask about (service:Action)
  --resource-arns R ...     resources (default: *)
  --context-entries E ...   context every request carries, as for simulate-principal-policy
                            (ContextKeyName=aws:MultiFactorAuthPresent,ContextKeyValues=true,ContextKeyType=boolean)
  --workspace DIR           where to look for iam.json / *.iam.json files
  --include-possible        also paths that need a resource the files don't describe (an existing Lambda
                            function or instance running as a role) or condition keys the request lacks;
                            their principals carry "Confidence": "possible"
  --output json|table       json (default): {"Results": [{"EvalActionName", "EvalResourceName",
                            "Principals": [{"PrincipalArn", "Path": [{"From", "To", "Technique", "Actions"}]}]}]}
  --jobs N                  worker threads (default 1: all in this thread); they ask which
                            principals can make the last request, one account file per task;
                            the same output whatever N

Exit status: 0 answered, 2 usage error or unreadable files.
`;

interface JsonStep {
  From: string;
  To: string;
  Technique: string;
  Actions: string[];
  Note?: string;
}

function toJson(answer: WhoCanAnswer, possible: boolean) {
  return {
    EvalActionName: answer.action,
    EvalResourceName: answer.resource,
    Principals: answer.principals.map((p) => ({
      PrincipalArn: p.principal.arn,
      ...(possible ? { Confidence: p.confidence } : {}),
      Path: p.steps.map((s): JsonStep => ({
        From: s.from.arn,
        To: s.to.arn,
        Technique: s.technique,
        Actions: s.actions,
        ...(s.note ? { Note: s.note } : {}),
      })),
    })),
  };
}

function table(answers: WhoCanAnswer[]): string {
  const out: string[] = [];
  for (const a of answers) {
    out.push(`${a.action} on ${a.resource}: ${a.principals.length} principal${a.principals.length === 1 ? '' : 's'}`);
    const rows = a.principals.map((p) => [
      p.principal.arn,
      p.confidence === 'possible' ? 'possible' : '',
      p.steps.length ? p.steps.map((s) => `${s.technique}: ${stepText(s)}`).join('; then ') : 'directly',
    ]);
    const w0 = Math.max(9, ...rows.map((r) => r[0].length));
    out.push(`  ${'PRINCIPAL'.padEnd(w0)}  PATH`);
    for (const r of rows) out.push(`  ${r[0].padEnd(w0)}  ${r[1] ? `(${r[1]}) ` : ''}${r[2]}`);
    out.push('');
  }
  return out.join('\n');
}

export async function whoCanCommand(args: string[], io: CliIO): Promise<number> {
  const parsed = parseArgs(args, {
    'action-names': { list: true },
    'resource-arns': { list: true },
    'context-entries': { list: true },
    workspace: { value: true },
    'include-possible': {},
    output: { value: true },
    ...JOBS_OPTION,
  });
  if (parsed.help) {
    io.out(HELP);
    return 0;
  }
  if (parsed.positional.length) throw new UsageError(`unexpected argument '${parsed.positional[0]}'`);
  const format = oneOf(parsed.options.get('output')?.[0], ['json', 'table'] as const, 'output', 'json');
  const actions = parsed.options.get('action-names') ?? [];
  if (!actions.length) throw new UsageError('--action-names is required');
  for (const a of actions) if (!/^[A-Za-z0-9-]+:[A-Za-z0-9*?]+$/.test(a)) throw new UsageError(`--action-names: '${a}' is not an action name (service:Action)`);
  const resources = parsed.options.get('resource-arns') ?? ['*'];
  const context = contextFromArgs(parsed.options.get('context-entries') ?? []);
  const possible = parsed.options.has('include-possible');
  const dir = parsed.options.get('workspace')?.[0] ?? '.';
  const jobs = jobsOption(parsed);
  const sources = readSources(findAccountFiles([dir], io.cwd), io.cwd);
  const queries = actions.flatMap((action) => resources.map((resource) => ({ action, resource, context, includePossible: possible })));
  const workers = workersFor(jobs, sources.length, sources.reduce((n, s) => n + s.text.length, 0));
  let answers: WhoCanAnswer[];
  if (workers) answers = (await whoCanWithWorkers(sources, queries, context, workers)).answers;
  else {
    const ws = buildWorkspace(sources, cliWorkspaceOptions());
    const graph = escalationGraph(ws, { context });
    answers = queries.map((q) => whoCan(ws, q, graph));
  }
  if (format === 'table') io.out(table(answers));
  else io.out(JSON.stringify({ Results: answers.map((a) => toJson(a, possible)) }, null, 2) + '\n');
  return 0;
}
