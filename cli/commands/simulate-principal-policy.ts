import { mergePolicySets, principalPolicies, workspaceResourceSide } from '../../core/analysis/principal-policies';
import { buildPolicySet, policySetDuplicateKeyError, runSimulation, type Simulation } from '../../core/engine';
import { buildWorkspace } from '../../core/model';
import { oneOf, parseArgs } from '../args';
import { findAccountFiles, readSources, reportSkipped, type Skipped } from '../files';
import { UsageError, type CliIO } from '../io';
import { COMMON_OPTIONS, inputsFromArgs } from '../simulate/input';
import { printOutputs, prepareInput } from '../simulate/run';
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

Exit status: 0 simulated, 2 usage error, unknown principal or malformed input.
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

  const outputs: Simulation[] = [];
  for (const [i, raw] of inputs.entries()) {
    const where = batch ? `input ${i + 1}: ` : '';
    const arn = sourceArnOption ?? raw.policySourceArn;
    if (!arn) throw new UsageError(`${where}--policy-source-arn (PolicySourceArn) is required`);
    const found = principalPolicies(ws, arn);
    if ('problem' in found) throw new UsageError(where + found.problem);
    const input = prepareInput(raw);
    const extra = buildPolicySet(input);
    if ('error' in extra) throw new UsageError(where + extra.error);
    const set = mergePolicySets(found.policies, extra.set);
    const lines = (uri: string) => extra.lines(uri) ?? ws.file(uri)?.lines;
    const twice = policySetDuplicateKeyError(found.policies, lines);
    if (twice) throw new UsageError(where + twice.error);
    const sim = runSimulation(
      set,
      { ...input, callerArn: input.callerArn ?? found.principal.arn, caller: input.callerArn ? undefined : found.principal },
      lines,
      undefined,
      (action, resource) => workspaceResourceSide(ws, action, resource),
    );
    outputs.push(sim);
  }
  printOutputs(outputs, batch, format, io);
  return 0;
}
