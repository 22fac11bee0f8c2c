import type { PolicyDocument } from '../../../policy/types';
import { compactJson } from '../support/quotas';
import { defineRule } from '../types';

/**
 * Each service's limits on the policy of one of its resources, from its own documentation (cited in the
 * rule's doc). `bytes`: the policy's text; the other counts where the service states them.
 */
interface ServiceLimits {
  what: string;
  /** Which ARNs of the service carry such a policy. */
  applies(resource: string): boolean;
  bytes: number;
  unit: 'bytes' | 'characters';
  statements?: number;
  principals?: number;
  conditions?: number;
  actionsPerStatement?: number;
}

export const RESOURCE_POLICY_LIMITS: Record<string, ServiceLimits> = {
  s3: { what: 'an S3 bucket policy', applies: (r) => !r.includes('/'), bytes: 20 * 1024, unit: 'bytes' },
  kms: { what: 'a KMS key policy', applies: (r) => r.startsWith('key/'), bytes: 32 * 1024, unit: 'bytes' },
  lambda: { what: 'a Lambda function policy', applies: (r) => r.startsWith('function:'), bytes: 20 * 1024, unit: 'bytes' },
  sqs: { what: 'an SQS queue policy', applies: () => true, bytes: 8192, unit: 'bytes', statements: 20, principals: 50, conditions: 10, actionsPerStatement: 7 },
  sns: { what: 'an SNS topic policy', applies: () => true, bytes: 30 * 1024, unit: 'bytes', statements: 100, principals: 200 },
  secretsmanager: { what: 'a Secrets Manager secret policy', applies: (r) => r.startsWith('secret:'), bytes: 20480, unit: 'characters' },
  ecr: { what: 'an ECR repository policy', applies: (r) => r.startsWith('repository/'), bytes: 10240, unit: 'characters' },
};

/** UTF-8 length of a string, without encoding it. */
function utf8Length(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdbff) {
      n += 4;
      i++;
    } else n += 3;
  }
  return n;
}

/** The service and the limits for a resource ARN (arn:PARTITION:SERVICE:REGION:ACCOUNT:RESOURCE), if any. */
export function limitsFor(arn: string): ServiceLimits | undefined {
  const parts = arn.split(':');
  if (parts.length < 6 || parts[0] !== 'arn') return undefined;
  const limits = RESOURCE_POLICY_LIMITS[parts[2]];
  return limits && limits.applies(parts.slice(5).join(':')) ? limits : undefined;
}

function counts(doc: PolicyDocument): { statements: number; principals: number; conditions: number; maxActions: number } {
  let principals = 0;
  let conditions = 0;
  let maxActions = 0;
  for (const st of doc.statements) {
    for (const b of [st.principal, st.notPrincipal]) {
      if (!b) continue;
      if (b.wildcard) principals++;
      for (const e of b.entries) { principals += e.values.length; }
    }
    conditions += st.conditions.length;
    maxActions = Math.max(maxActions, st.action?.values.length ?? 0, st.notAction?.values.length ?? 0);
  }
  return { statements: doc.statements.length, principals, conditions, maxActions };
}

const fmt = (n: number) => n.toLocaleString('en-US');

export default defineRule({
  id: 'quota/resource-policy-size',
  // Reads no description, and tags only through policy evaluation (support/neutral.ts).
  unaffectedBy: ['description', 'tag'],
  severity: 'error',
  message: 'The resource policy is larger than its service allows.',
  doc: `Each service limits the policies of its resources, and refuses a larger one when it is set:
- S3 bucket policy: 20 KB ([Bucket policies and user policies](https://docs.aws.amazon.com/AmazonS3/latest/userguide/using-iam-policies.html));
- KMS key policy: 32 KB, 32,768 bytes ([PutKeyPolicy](https://docs.aws.amazon.com/kms/latest/APIReference/API_PutKeyPolicy.html));
- Lambda function policy: 20 KB ([Lambda quotas](https://docs.aws.amazon.com/lambda/latest/dg/gettingstarted-limits.html));
- SQS queue policy: 8,192 bytes, 20 statements, 50 principals, 10 conditions, 7 actions per statement
  ([Amazon SQS policy quotas](https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/quotas-policies.html));
- SNS topic policy: 30 KB, 100 statements, 200 principals
  ([Amazon SNS API permissions](https://docs.aws.amazon.com/sns/latest/dg/sns-access-policy-language-api-permissions-reference.html#sns-policy-quotas));
- Secrets Manager secret policy: 20,480 characters ([PutResourcePolicy](https://docs.aws.amazon.com/secretsmanager/latest/apireference/API_PutResourcePolicy.html));
- ECR repository policy: 10,240 characters ([SetRepositoryPolicy](https://docs.aws.amazon.com/AmazonECR/latest/APIReference/API_SetRepositoryPolicy.html)).

The size counted is that of the policy written compactly (no whitespace between JSON tokens), the smallest
text that can be sent: a larger one can't be set however it is formatted. (IAM's own policies are counted
differently, without any whitespace: \`quota/managed-policy-size\`, \`quota/trust-policy-size\`.) IAM Access
Analyzer: "Policy size exceeds resource policy quota"
([check reference](https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-reference-policy-checks.html)).
**Fix:** merge statements that differ only in one element, name principals by account or organization
(\`aws:PrincipalOrgID\`) rather than one by one, and use wildcards in resource paths.`,
  file({ file, report }) {
    for (const r of file.resources) {
      if (!r.policy) continue;
      const limits = limitsFor(r.arn);
      if (!limits) continue;
      const text = compactJson(r.policy.json);
      const size = limits.unit === 'bytes' ? utf8Length(text) : text.length;
      if (size > limits.bytes) {
        report(r.arnSpan, `The policy of ${r.arn} is ${fmt(size)} ${limits.unit} written compactly; ${limits.what} may hold ${fmt(limits.bytes)} ${limits.unit}.`);
      }
      if (!limits.statements) continue;
      const c = counts(r.policy);
      const over: string[] = [];
      if (c.statements > limits.statements) over.push(`${c.statements} statements (at most ${limits.statements})`);
      if (limits.principals && c.principals > limits.principals) over.push(`${c.principals} principals (at most ${limits.principals})`);
      if (limits.conditions && c.conditions > limits.conditions) over.push(`${c.conditions} conditions (at most ${limits.conditions})`);
      if (limits.actionsPerStatement && c.maxActions > limits.actionsPerStatement) over.push(`a statement with ${c.maxActions} actions (at most ${limits.actionsPerStatement})`);
      if (over.length) report(r.arnSpan, `The policy of ${r.arn} has ${over.join(', ')}: more than ${limits.what} may hold.`);
    }
  },
});
