import { AnalysisHost } from '../../core/ide/host';

/** A two-account workspace; `|` markers are not used: tests find offsets with `at(text, needle)`. */
export const PROD_URI = 'file:///ws/prod.iam.json';
export const PARTNER_URI = 'file:///ws/partner.iam.json';

export const PROD = `{
  // the production account
  "account": { "id": "111111111111", "alias": "acme-prod" },
  "policies": {
    "S3Read": {
      "description": "read the logs bucket",
      "document": { "Version": "2012-10-17", "Statement": [
        { "Sid": "Read", "Effect": "Allow", "Action": ["s3:GetObject", "s3:ListBucket"], "Resource": ["arn:aws:s3:::logs", "arn:aws:s3:::logs/*"] }
      ] }
    },
    "Passer": {
      "document": { "Version": "2012-10-17", "Statement": [
        { "Effect": "Allow", "Action": "iam:PassRole", "Resource": "*" }
      ] }
    },
    "NoIam": {
      "document": { "Version": "2012-10-17", "Statement": [
        { "Effect": "Deny", "Action": "iam:*", "Resource": "*" }
      ] }
    }
  },
  "groups": {
    "Devs": { "policies": ["S3Read", "arn:aws:iam::aws:policy/ReadOnlyAccess"] },
    "Ops": { "policies": [] }
  },
  "users": {
    "alice": { "groups": ["Devs"], "policies": ["Passer"] },
    "bob": { "groups": ["Devs", "Ops"], "policies": ["arn:aws:iam::111111111111:policy/S3Read"], "permissionsBoundary": "NoIam" }
  },
  "roles": {
    "app": {
      "trustPolicy": { "Version": "2012-10-17", "Statement": [
        { "Effect": "Allow", "Principal": { "Service": "ec2.amazonaws.com" }, "Action": "sts:AssumeRole" }
      ] },
      "policies": ["S3Read"]
    },
    "partner-access": {
      "trustPolicy": { "Version": "2012-10-17", "Statement": [
        { "Effect": "Allow", "Principal": { "AWS": "arn:aws:iam::222222222222:root" }, "Action": "sts:AssumeRole" }
      ] },
      "policies": ["arn:aws:iam::aws:policy/AdministratorAccess"]
    }
  }
}
`;

export const PARTNER = `{
  "account": { "id": "222222222222" },
  "policies": {
    "AssumeProd": { "document": { "Version": "2012-10-17", "Statement": [
      { "Effect": "Allow", "Action": "sts:AssumeRole", "Resource": "arn:aws:iam::111111111111:role/partner-access" }
    ] } }
  },
  "users": {
    "carol": { "policies": ["AssumeProd"] },
    "dave": { "policies": [] }
  }
}
`;

export function makeHost(extra: Record<string, string> = {}): AnalysisHost {
  const host = new AnalysisHost();
  host.setFile(PROD_URI, PROD, 1);
  host.setFile(PARTNER_URI, PARTNER, 1);
  for (const [uri, text] of Object.entries(extra)) host.setFile(uri, text, 1);
  return host;
}

/** Offset of `needle` in `text` (+ delta); the n-th occurrence when `nth` is given. */
export function at(text: string, needle: string, delta = 1, nth = 0): number {
  let i = -1;
  for (let k = 0; k <= nth; k++) {
    i = text.indexOf(needle, i + 1);
    if (i < 0) throw new Error(`"${needle}" (#${nth}) not in text`);
  }
  return i + delta;
}

/** Applies non-overlapping edits of one file. */
export function apply(text: string, edits: { span: { start: number; end: number }; newText: string }[]): string {
  let out = text;
  for (const e of [...edits].sort((a, b) => b.span.start - a.span.start)) out = out.slice(0, e.span.start) + e.newText + out.slice(e.span.end);
  return out;
}
