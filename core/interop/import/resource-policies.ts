/**
 * Resource-based policies from what the AWS CLI prints, for teams without AWS Config:
 * - `aws s3api get-bucket-policy --bucket B` → `{ "Policy": "<JSON text>" }`
 * - `aws kms get-key-policy --key-id K` → `{ "Policy": "<JSON text>", "PolicyName": "default" }`
 * - `aws sqs get-queue-attributes --attribute-names Policy QueueArn` → `{ "Attributes": { "Policy", "QueueArn" } }`
 * - `aws sns get-topic-attributes --topic-arn T` → `{ "Attributes": { "Policy", "TopicArn", ... } }`
 * - `aws lambda get-policy --function-name F` → `{ "Policy": "<JSON text>", "RevisionId" }`
 * The resource's ARN comes from the output when it holds one (QueueArn, TopicArn), or from the input's
 * name written `ARN=FILE`, or else from the policy's statements when they all name one resource (a
 * bucket and its objects; a function). A KMS key policy names `"Resource": "*"`: give its ARN.
 */
import type { Node } from 'jsonc-parser';
import { JsonInput, Notes } from './input';
import type { ImportError, ImportNote, ImportSource } from './types';

export interface ResourcePoliciesResult {
  resources: Record<string, { policy: unknown }>;
  errors: ImportError[];
  notes: ImportNote[];
}

/** An input named `ARN=FILE`: the ARN and the file's own name. */
export function splitArnPrefix(name: string): { arn?: string; file: string } {
  const m = /^(arn:[^=]+)=(.+)$/.exec(name);
  return m ? { arn: m[1], file: m[2] } : { file: name };
}

/** The one resource the statements name, for a bucket policy or a Lambda function policy. */
function resourceFromStatements(policy: Record<string, unknown>): string | undefined {
  const statements = Array.isArray(policy.Statement) ? policy.Statement : [policy.Statement];
  const found = new Set<string>();
  for (const s of statements) {
    if (!s || typeof s !== 'object') continue;
    const r = (s as Record<string, unknown>).Resource;
    for (const v of Array.isArray(r) ? r : [r]) {
      if (typeof v !== 'string') continue;
      const bucket = /^arn:([^:]+):s3:::([^/]+)(\/.*)?$/.exec(v);
      if (bucket) found.add(`arn:${bucket[1]}:s3:::${bucket[2]}`);
      else if (/^arn:[^:]+:lambda:[^:]+:\d{12}:function:[^:]+/.test(v)) found.add(v.replace(/^(arn:[^:]+:lambda:[^:]+:\d{12}:function:[^:]+).*$/, '$1'));
      else found.add(v);
    }
  }
  const [only] = found;
  // "*" (a key policy) or a pattern names no one resource.
  return found.size === 1 && only.startsWith('arn:') && !/[*?]/.test(only) ? only : undefined;
}

function parsePolicy(input: JsonInput, node: Node, what: string): Record<string, unknown> | undefined {
  if (node.type !== 'string') {
    input.error(node, `${what} should be the policy as JSON text, as the AWS CLI prints it`);
    return undefined;
  }
  try {
    const v = JSON.parse(node.value as string);
    if (v && typeof v === 'object' && !Array.isArray(v)) return v;
    input.error(node, `${what} is not a JSON object`);
  } catch (e) {
    input.error(node, `${what} is not JSON (${(e as Error).message})`);
  }
  return undefined;
}

export function readResourcePolicies(sources: ImportSource[]): ResourcePoliciesResult {
  const errors: ImportError[] = [];
  const notes = new Notes();
  const resources: Record<string, { policy: unknown }> = {};
  for (const source of sources) {
    const { arn: given } = splitArnPrefix(source.name);
    const input = new JsonInput(source.name, source.text, errors, notes);
    if (!input.root) continue;
    const top = input.object(input.root, 'the output');
    if (!top) continue;
    let policyNode: Node | undefined;
    let arn = given;
    let command = '';
    const attributes = top.get('Attributes');
    if (attributes) {
      const attrs = input.object(attributes, '"Attributes"');
      if (!attrs) continue;
      policyNode = attrs.get('Policy');
      const own = attrs.get('QueueArn') ?? attrs.get('TopicArn');
      command = attrs.has('TopicArn') ? 'sns get-topic-attributes' : 'sqs get-queue-attributes';
      if (own?.type === 'string') {
        if (arn && arn !== own.value) input.error(own, `the output is about ${own.value as string}, not ${arn}`);
        arn = own.value as string;
      }
      if (!policyNode) {
        notes.add(arn ?? source.name, `no "Policy" attribute: the ${command.startsWith('sns') ? 'topic' : 'queue'} has no policy (or it was not asked for: --attribute-names Policy QueueArn)`);
        continue;
      }
    } else if (top.has('Policy')) {
      policyNode = top.get('Policy');
      command = top.has('PolicyName') ? 'kms get-key-policy' : top.has('RevisionId') ? 'lambda get-policy' : 's3api get-bucket-policy';
    } else {
      input.error(input.root, 'this is not the output of s3api get-bucket-policy, kms get-key-policy, sqs get-queue-attributes, sns get-topic-attributes or lambda get-policy (no "Policy" or "Attributes")');
      continue;
    }
    const policy = parsePolicy(input, policyNode!, `the "Policy" of ${source.name}`);
    if (!policy) continue;
    arn ??= resourceFromStatements(policy);
    if (!arn) {
      input.error(input.root, `the ${command} output does not say which resource it belongs to${command.startsWith('kms') ? ' (a key policy names "Resource": "*")' : ''}: give the input as ARN=FILE, e.g. arn:aws:kms:eu-west-1:111122223333:key/KEY-ID=${source.name}`);
      continue;
    }
    if (resources[arn]) {
      notes.add(`resource ${arn}`, `given twice (again in ${source.name}); the first is kept`);
      continue;
    }
    resources[arn] = { policy };
    for (const k of top.keys()) if (!['Policy', 'Attributes', 'PolicyName', 'RevisionId'].includes(k)) notes.add(source.name, `field "${k}" is not part of the ${command} output this tool knows; not imported`);
    if (attributes) notes.add(command, 'attributes other than the policy and the ARN are not imported (the format holds the policy)');
  }
  return { resources, errors, notes: notes.list };
}

/** Adds resource policies to an imported account file's text (JSON from the importer, no comments). */
export function withResources(text: string, resources: Record<string, { policy: unknown }>, notes: ImportNote[]): string {
  const file = JSON.parse(text) as Record<string, unknown>;
  const account = (file.account as { id?: string } | undefined)?.id;
  const merged = { ...((file.resources as Record<string, unknown>) ?? {}) };
  for (const [arn, entry] of Object.entries(resources)) {
    const owner = /^arn:[^:]+:[^:]*:[^:]*:(\d{12}):/.exec(arn)?.[1];
    if (account && owner && owner !== account) notes.push({ subject: `resource ${arn}`, message: `belongs to account ${owner}, not ${account}; kept in this file (move it to its account's file)` });
    merged[arn] = entry;
  }
  file.resources = Object.fromEntries(Object.entries(merged).sort((a, b) => (a[0] < b[0] ? -1 : 1)));
  return JSON.stringify(file, null, 2) + '\n';
}
