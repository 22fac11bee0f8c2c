import { mergePolicySets, principalPolicies, workspaceResourceSide } from '../../core/analysis/principal-policies';
import { buildPolicySet, policySetDuplicateKeyError, runSimulation } from '../../core/engine';
import { buildWorkspace } from '../../core/model';
import { oneOf, parseArgs } from '../args';
import { findAccountFiles, readSources, reportSkipped, type Skipped } from '../files';
import { UsageError, type CliIO } from '../io';
import { COMMON_OPTIONS, inputsFromArgs, SimulationApiError } from '../simulate/input';
import { answerItem, printOutputs, prepareInput } from '../simulate/run';
import { unreadableFiles } from '../unreadable';
import { cliWorkspaceOptions } from '../workspace';

const HELP = `usage: iam-workbench simulate-principal-policy --policy-source-arn ARN --action-names ACTION [ACTION ...]
         [--workspace DIR] [options]

Simulates the policies of a user, group or role described by the iam.json files under DIR (default:
the current folder): its own and its groups' policies, its permissions boundary, its organization's
SCPs, and the resource-based policies, trust policies and RCPs the workspace holds for the resources.
Options and output follow \`aws iam simulate-principal-policy\`; statement positions refer to the
files the statements are in.

  --policy-source-arn ARN                       the user, group or role
  --workspace DIR                               where to look for iam.json / *.iam.json files
  --policy-input-list P ...                     extra identity-based policies to add
  --permissions-boundary-policy-input-list P    a boundary to use instead of the principal's
  --action-names, --resource-arns, --resource-policy, --resource-owner, --caller-arn,
  --context-entries, --session-policy, --cli-input-json, --output json|table
                                                as for simulate-custom-policy

Exit status: 0 simulated; 1 a batch item failed (its place holds {"Error": {"Code", "Message"}}); 2 usage
error, unknown principal (NoSuchEntity) or malformed input (InvalidInput, MalformedPolicyDocument).
`;

export async function simulatePrincipalPolicy(args: string[], io: CliIO): Promise<number> {
  const parsed = parseArgs(args, {
    ...COMMON_OPTIONS,
    'policy-input-list': { list: true },
    'policy-source-arn': { value: true },
    workspace: { value: true },
  });
  if (parsed.help) {
    io.out(HELP);
    return 0;
  }
  if (parsed.positional.length) throw new UsageError(`unexpected argument '${parsed.positional[0]}'`);
  const format = oneOf(parsed.options.get('output')?.[0], ['json', 'table'] as const, 'output', 'json');
  const { inputs, batch } = await inputsFromArgs(parsed, io);
  const dir = parsed.options.get('workspace')?.[0] ?? '.';
  const skipped: Skipped[] = [];
  const ws = buildWorkspace(readSources(findAccountFiles([dir], io.cwd, undefined, skipped), io.cwd), cliWorkspaceOptions());
  reportSkipped(io, 'simulate-principal-policy', skipped);
  const sourceArnOption = parsed.options.get('policy-source-arn')?.[0];

  const outputs = inputs.map((item, i) =>
    answerItem(item, i, batch, 'simulate-principal-policy', io, (raw) => {
      const arn = sourceArnOption ?? raw.policySourceArn;
      if (!arn) throw new SimulationApiError('InvalidInput', '--policy-source-arn (PolicySourceArn) is required');
      const found = principalPolicies(ws, arn);
      if ('problem' in found) throw new SimulationApiError('NoSuchEntity', [found.problem, ...unreadableFiles(ws).map((l) => `  could not read ${l}`)].join('\n'));
      const input = prepareInput(raw);
      const extra = buildPolicySet(input);
      if ('error' in extra) throw new SimulationApiError(extra.code, extra.error.slice(extra.code.length + 2));
      const set = mergePolicySets(found.policies, extra.set);
      const lines = (uri: string) => extra.lines(uri) ?? ws.file(uri)?.lines;
      const twice = policySetDuplicateKeyError(found.policies, lines);
      if (twice) throw new SimulationApiError('MalformedPolicyDocument', twice.error.replace(/^MalformedPolicyDocument: /, ''));
      return runSimulation(
        set,
        { ...input, callerArn: input.callerArn ?? found.principal.arn, caller: input.callerArn ? undefined : found.principal },
        lines,
        undefined,
        (action, resource) => workspaceResourceSide(ws, action, resource),
      );
    }),
  );
  printOutputs(outputs, batch, format, io);
  return outputs.some((o) => o instanceof SimulationApiError) ? 1 : 0;
}
