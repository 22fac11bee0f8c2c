import { oneOf, parseArgs } from '../args';
import { UsageError, type CliIO } from '../io';
import { COMMON_OPTIONS, itemsFromArgs } from '../simulate/input';
import { runSimulations } from '../simulate/run';

const HELP = `usage: iam-workbench simulate-custom-policy --policy-input-list POLICY [POLICY ...]
         --action-names ACTION [ACTION ...] [options]
       iam-workbench simulate-custom-policy --cli-input-json file://input.json

Simulates IAM policies given as JSON (text, file://PATH, or - for standard input) against actions
and resources, deciding as AWS does. Options and output follow \`aws iam simulate-custom-policy\`.

  --policy-input-list P ...                     identity-based policies
  --permissions-boundary-policy-input-list P    permissions boundary
  --action-names A ...                          actions such as s3:GetObject (wildcards expand from the catalogue)
  --resource-arns ARN ...                       resources (default "*")
  --resource-policy P                           resource-based policy of the resources
  --resource-owner ACCOUNT|ARN                  account owning resources whose ARN names none
  --caller-arn ARN                              user, role, session ARN, service principal or "anonymous"
  --context-entries E ...                       ContextKeyName=k,ContextKeyValues=v1,v2,ContextKeyType=string, or JSON
  --session-policy P ...                        session policies (extension)
  --vpc-endpoint-policy-input-list P ...        VPC endpoint policies (extension)
  --cli-input-json JSON|file://F|-              the API's JSON; an array runs a batch and prints an array
                                                (extensions: SessionPolicy, ServiceControlPolicyLevels,
                                                ResourceControlPolicyLevels, VpcEndpointPolicyInputList)
  --output json|table                           output format (default json)

Exit status: 0 simulated; 1 a batch item failed (its place holds {"Error": {"Code", "Message"}}); 2 usage
error or malformed input (AWS's error names: InvalidInput, MalformedPolicyDocument).
Unknown actions are answered with a warning (stderr, and "Warnings" in the result).
`;

export async function simulateCustomPolicy(args: string[], io: CliIO): Promise<number> {
  const parsed = parseArgs(args, { ...COMMON_OPTIONS, 'policy-input-list': { list: true } });
  if (parsed.help) {
    io.out(HELP);
    return 0;
  }
  if (parsed.positional.length) {
    throw new UsageError(`unexpected argument '${parsed.positional[0]}'`);
  }
  const format = oneOf(parsed.options.get('output')?.[0], ['json', 'table'] as const, 'output', 'json');
  const { items, batch } = await itemsFromArgs(parsed, io);
  return runSimulations(items, batch, format, io);
}
