import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { buildWorkspace, type Workspace } from '../../core/model';

export const EXAMPLES = join(__dirname, '..', '..', 'examples');

/** The example workspace (every account file of examples/). */
export function exampleWorkspace(): Workspace {
  const sources = readdirSync(EXAMPLES)
    .filter((f) => f.endsWith('.iam.json'))
    .sort()
    .map((f) => ({ uri: `examples/${f}`, text: readFileSync(join(EXAMPLES, f), 'utf8') }));
  return buildWorkspace(sources);
}

/** A small one-account workspace for focused tests. */
export const SMALL = `{
  "account": { "id": "111122223333" },
  "policies": {
    "ReadBuckets": { "document": { "Version": "2012-10-17", "Statement": [
      { "Sid": "Read", "Effect": "Allow", "Action": ["s3:GetObject", "s3:ListBucket"], "Resource": "*" }
    ] } }
  },
  "users": {
    "pat": { "policies": ["ReadBuckets"], "inlinePolicies": { "assume": { "Version": "2012-10-17", "Statement": [
      { "Effect": "Allow", "Action": "sts:AssumeRole", "Resource": "arn:aws:iam::111122223333:role/ops" },
      { "Effect": "Allow", "Action": "sts:GetFederationToken", "Resource": "arn:aws:sts::111122223333:federated-user/pat" }
    ] } } }
  },
  "roles": {
    "ops": {
      "trustPolicy": { "Version": "2012-10-17", "Statement": [
        { "Effect": "Allow", "Principal": { "AWS": "arn:aws:iam::111122223333:user/pat" }, "Action": "sts:AssumeRole",
          "Condition": { "Bool": { "aws:MultiFactorAuthPresent": "true" } } }
      ] },
      "inlinePolicies": { "ops": { "Version": "2012-10-17", "Statement": [
        { "Sid": "Ec2", "Effect": "Allow", "Action": "ec2:*", "Resource": "*" }
      ] } }
    }
  }
}`;

export function smallWorkspace(): Workspace {
  return buildWorkspace([{ uri: 'small.iam.json', text: SMALL }]);
}

/** The text a span points at. */
export function slice(text: string, span: { start: number; end: number }): string {
  return text.slice(span.start, span.end);
}
