/**
 * `npm run bench:engine`: the same 20,000 requests over a realistic account through our evaluator and
 * through @cloud-copilot/iam-simulate (AGPL, a dev dependency used only as a black-box oracle), in
 * one run. Prints both throughputs, the ratio, the decisions that differ, and memory.
 */
import { runSimulation } from '@cloud-copilot/iam-simulate';
import { cpus } from 'node:os';
import { getManagedPolicy } from '../core/data/managed-policies';
import { evaluate, type Decision, type PolicySet, type PolicySource } from '../core/engine';
import { parsePolicyText } from '../core/policy/parse';
import type { PolicyKind } from '../core/policy/types';
import { rng } from '../test/support/random';

const N = Number(process.env.BENCH_REQUESTS ?? 20000);
const ME = '123456789012';

// --- A realistic account: a developer with AWS managed and customer policies, a boundary-free
// user in an organization with two SCP levels, resources with resource-based policies.
const managed = ['AmazonS3ReadOnlyAccess', 'AmazonDynamoDBReadOnlyAccess', 'AWSLambda_ReadOnlyAccess', 'AmazonSQSFullAccess', 'IAMReadOnlyAccess', 'CloudWatchLogsReadOnlyAccess'];
const customer = [
  {
    Version: '2012-10-17',
    Statement: [
      { Sid: 'AppData', Effect: 'Allow', Action: ['s3:PutObject', 's3:DeleteObject'], Resource: ['arn:aws:s3:::acme-app-data/*', 'arn:aws:s3:::acme-app-data/home/${aws:username}/*'] },
      { Sid: 'Tables', Effect: 'Allow', Action: ['dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem'], Resource: `arn:aws:dynamodb:*:${ME}:table/app-*`, Condition: { StringEquals: { 'aws:RequestedRegion': ['eu-west-1', 'us-east-1'] } } },
      { Sid: 'Invoke', Effect: 'Allow', Action: 'lambda:InvokeFunction', Resource: `arn:aws:lambda:*:${ME}:function:app-*` },
      { Sid: 'Keys', Effect: 'Allow', Action: ['kms:Decrypt', 'kms:GenerateDataKey'], Resource: `arn:aws:kms:eu-west-1:${ME}:key/*`, Condition: { 'ForAnyValue:StringEquals': { 'aws:TagKeys': ['app'] } } },
    ],
  },
  {
    Version: '2012-10-17',
    Statement: [
      { Sid: 'NoProdDeletes', Effect: 'Deny', Action: ['s3:DeleteObject', 'dynamodb:DeleteItem'], Resource: '*', Condition: { StringEquals: { 'aws:PrincipalTag/stage': 'prod' } } },
      { Sid: 'RequireMfaForIam', Effect: 'Deny', NotAction: ['iam:Get*', 'iam:List*'], Resource: `arn:aws:iam::${ME}:*`, Condition: { BoolIfExists: { 'aws:MultiFactorAuthPresent': 'false' } } },
      { Sid: 'Network', Effect: 'Deny', Action: '*', Resource: '*', Condition: { NotIpAddress: { 'aws:SourceIp': ['10.0.0.0/8', '192.168.0.0/16', '2001:db8::/32'] }, Bool: { 'aws:ViaAWSService': 'false' } } },
    ],
  },
];
const scps = [
  [{ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] }],
  [
    {
      Version: '2012-10-17',
      Statement: [
        { Effect: 'Allow', Action: '*', Resource: '*' },
        { Effect: 'Deny', Action: ['cloudtrail:StopLogging', 'cloudtrail:DeleteTrail', 'guardduty:Delete*'], Resource: '*' },
        { Effect: 'Deny', NotAction: ['iam:*', 'sts:*', 'support:*'], Resource: '*', Condition: { StringNotEquals: { 'aws:RequestedRegion': ['eu-west-1', 'us-east-1'] } } },
      ],
    },
  ],
];
const bucketPolicy = {
  Version: '2012-10-17',
  Statement: [
    { Sid: 'TLS', Effect: 'Deny', Principal: '*', Action: 's3:*', Resource: ['arn:aws:s3:::acme-app-data', 'arn:aws:s3:::acme-app-data/*'], Condition: { Bool: { 'aws:SecureTransport': 'false' } } },
    { Sid: 'Partner', Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::210987654321:root' }, Action: 's3:GetObject', Resource: 'arn:aws:s3:::acme-app-data/shared/*' },
  ],
};

const TARGETS: [string, string][] = [
  ['s3:GetObject', 'arn:aws:s3:::acme-app-data/reports/2024.csv'],
  ['s3:PutObject', 'arn:aws:s3:::acme-app-data/home/alice/notes.txt'],
  ['s3:DeleteObject', 'arn:aws:s3:::acme-app-data/tmp/x'],
  ['s3:ListBucket', 'arn:aws:s3:::acme-app-data'],
  ['dynamodb:GetItem', `arn:aws:dynamodb:eu-west-1:${ME}:table/app-orders`],
  ['dynamodb:PutItem', `arn:aws:dynamodb:eu-west-1:${ME}:table/app-orders`],
  ['dynamodb:DeleteItem', `arn:aws:dynamodb:us-east-1:${ME}:table/billing`],
  ['lambda:InvokeFunction', `arn:aws:lambda:eu-west-1:${ME}:function:app-worker`],
  ['lambda:GetFunction', `arn:aws:lambda:eu-west-1:${ME}:function:app-worker`],
  ['sqs:SendMessage', `arn:aws:sqs:eu-west-1:${ME}:jobs`],
  ['iam:GetUser', `arn:aws:iam::${ME}:user/alice`],
  ['iam:CreateUser', `arn:aws:iam::${ME}:user/mallory`],
  ['kms:Decrypt', `arn:aws:kms:eu-west-1:${ME}:key/1234abcd-12ab-34cd-56ef-1234567890ab`],
  ['logs:GetLogEvents', `arn:aws:logs:eu-west-1:${ME}:log-group:app:log-stream:x`],
  ['cloudtrail:StopLogging', `arn:aws:cloudtrail:eu-west-1:${ME}:trail/main`],
];

interface Req {
  action: string;
  resource: string;
  context: Record<string, string | string[]>;
}

function requests(): Req[] {
  const r = rng(42);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(r() * xs.length)];
  return Array.from({ length: N }, () => {
    const [action, resource] = pick(TARGETS);
    const context: Record<string, string | string[]> = {
      'aws:username': 'alice',
      'aws:PrincipalArn': `arn:aws:iam::${ME}:user/alice`,
      'aws:PrincipalAccount': ME,
      'aws:CurrentTime': '2026-01-01T00:00:00Z',
      'aws:SourceIp': pick(['10.1.2.3', '192.168.7.1', '8.8.8.8', '2001:db8::7']),
      'aws:RequestedRegion': pick(['eu-west-1', 'us-east-1', 'ap-south-1']),
      'aws:SecureTransport': pick(['true', 'true', 'false']),
      'aws:ViaAWSService': 'false',
      'aws:MultiFactorAuthPresent': pick(['true', 'false']),
      'aws:PrincipalTag/stage': pick(['dev', 'prod']),
    };
    if (r() < 0.5) context['aws:TagKeys'] = pick([['app'], ['app', 'team'], ['owner']]);
    return { action, resource, context };
  });
}

let n = 0;
const src = (doc: unknown, kind: PolicyKind): PolicySource => ({ doc: parsePolicyText(JSON.stringify(doc), `bench:${++n}`, kind), id: `p${n}` });
const managedDocs = managed.map((name) => {
  const p = getManagedPolicy(name);
  if (!p) throw new Error(`AWS managed policy ${name} not in the bundled data (run npm run build)`);
  return p.document;
});
const identityDocs = [...managedDocs, ...customer];

async function main(): Promise<void> {
  const reqs = requests();
  const principal = `arn:aws:iam::${ME}:user/alice`;
  const gc = (globalThis as { gc?: () => void }).gc;
  gc?.();
  const heap0 = process.memoryUsage().heapUsed;

  // Ours: build the policy set once (as the editor does), then evaluate.
  const t0 = performance.now();
  const set: PolicySet = {
    identity: identityDocs.map((d) => src(d, 'identity')),
    scpLevels: scps.map((l) => l.map((d) => src(d, 'scp'))),
    resource: src(bucketPolicy, 'resource'),
  };
  const oursDecisions: Decision[] = [];
  for (const q of reqs) {
    const s3 = q.resource.startsWith('arn:aws:s3:::');
    oursDecisions.push(
      evaluate({ principal, action: q.action, resource: q.resource, resourceAccount: ME, context: q.context }, s3 ? set : { ...set, resource: undefined }).decision,
    );
  }
  const oursMs = performance.now() - t0;
  const heapPeak = process.memoryUsage().heapUsed - heap0;
  gc?.();
  const heapOurs = process.memoryUsage().heapUsed - heap0;

  if (process.env.BENCH_OURS_ONLY) {
    console.log(`ours: ${oursMs.toFixed(0)} ms, ${((N / oursMs) * 1000).toFixed(0)} requests/s`);
    return;
  }
  // Then both engines over the same requests in interleaved blocks, so that the load of a shared
  // machine weighs on both alike. iam-simulate through its documented runSimulation.
  const MAP: Record<string, Decision> = { Allowed: 'allowed', ExplicitlyDenied: 'explicitDeny', ImplicitlyDenied: 'implicitDeny' };
  const identityPolicies = identityDocs.map((policy, i) => ({ name: `p${i}`, policy }));
  const serviceControlPolicies = scps.map((level, i) => ({ orgIdentifier: i ? 'ou-workloads' : 'r-root', policies: level.map((policy, j) => ({ name: `scp${i}${j}`, policy })) }));
  const theirs: (Decision | undefined)[] = [];
  let oursBlocksMs = 0;
  let theirsMs = 0;
  const BLOCK = 500;
  for (let start = 0; start < N; start += BLOCK) {
    const block = reqs.slice(start, start + BLOCK);
    const ta = performance.now();
    for (const [i, q] of block.entries()) {
      const s3 = q.resource.startsWith('arn:aws:s3:::');
      const d = evaluate({ principal, action: q.action, resource: q.resource, resourceAccount: ME, context: q.context }, s3 ? set : { ...set, resource: undefined }).decision;
      if (d !== oursDecisions[start + i]) throw new Error('the evaluator is not deterministic');
    }
    const tb = performance.now();
    oursBlocksMs += tb - ta;
    for (const q of block) {
      const s3 = q.resource.startsWith('arn:aws:s3:::');
      const res = (await runSimulation(
        {
          identityPolicies,
          serviceControlPolicies,
          resourceControlPolicies: [],
          resourcePolicy: s3 ? bucketPolicy : undefined,
          request: { action: q.action, principal, resource: { resource: q.resource, accountId: ME }, contextVariables: q.context },
        } as never,
        {},
      )) as { resultType: string; overallResult?: string };
      theirs.push(res.resultType === 'error' ? undefined : MAP[res.overallResult ?? '']);
    }
    theirsMs += performance.now() - tb;
  }

  let same = 0;
  let rejected = 0;
  const differ: string[] = [];
  for (let i = 0; i < N; i++) {
    if (theirs[i] === undefined) rejected++;
    else if (theirs[i] === oursDecisions[i]) same++;
    else if (differ.length < 5) differ.push(`${reqs[i].action} ${reqs[i].resource}: ours ${oursDecisions[i]}, iam-simulate ${theirs[i]}`);
  }
  const counts = oursDecisions.reduce<Record<string, number>>((m, d) => ((m[d] = (m[d] ?? 0) + 1), m), {});
  const oursRate = (N / oursBlocksMs) * 1000;
  const coldRate = (N / oursMs) * 1000;
  const theirsRate = (N / theirsMs) * 1000;
  const mb = (b: number) => `${(b / 1048576).toFixed(1)} MB`;
  console.log(`machine: ${cpus()[0]?.model ?? 'unknown'} × ${cpus().length}, node ${process.version}, ${new Date().toISOString()}`);
  console.log(`account: ${identityDocs.length} identity policies (${managed.length} AWS managed), 2 SCP levels, a bucket policy; ${N} requests`);
  console.log(`ours, first pass (parse + compile included): ${oursMs.toFixed(0)} ms, ${coldRate.toFixed(0)} requests/s (decisions: ${JSON.stringify(counts)})`);
  console.log(`ours, interleaved:         ${oursBlocksMs.toFixed(0)} ms, ${oursRate.toFixed(0)} requests/s`);
  console.log(`iam-simulate, interleaved: ${theirsMs.toFixed(0)} ms, ${theirsRate.toFixed(0)} requests/s`);
  console.log(`ratio:        ${(oursRate / theirsRate).toFixed(1)}× interleaved, ${(coldRate / theirsRate).toFixed(1)}× counting our first pass (goal ≥ 20×)`);
  console.log(`decisions:    ${same} identical, ${N - same - rejected} different, ${rejected} rejected by iam-simulate`);
  for (const d of differ) console.log(`  ${d}`);
  console.log(
    `memory:       ours: heap +${mb(heapPeak)} during the run, +${mb(heapOurs)} retained${gc ? ' after GC' : ' (run with --expose-gc for retained)'} ` +
      `(compiled policies, caches, 20,000 results); process RSS ${mb(process.memoryUsage().rss)} after both`,
  );
}

main().catch((e) => {
  console.error(e);
  process.exitCode = 1;
});
