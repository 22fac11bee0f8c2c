import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runRules } from '../../core/analysis/rules';
import type { Finding } from '../../core/findings';
import { AnalysisHost } from '../../core/ide/host';

/**
 * The escalation rules keep their answer while their signature (core/analysis/rules/escalation/shared.ts) is the
 * same: a group's documents are listed once with the group. An edit of a managed policy that a group holds (the
 * group object stays, its reference now points at the new document) must change the answer for the group's users,
 * here while the user stays one the signature lists (its own policy allows an action that starts an edge).
 */

const URI = 'file:///big.iam.json';

function account(action: string): string {
  // Past the incremental threshold (256 KB): 1,100 users in a group that grants nothing of interest, each with a
  // 200-character tag (the threshold asks for bytes; the analysis costs per user).
  const note = 'padding '.repeat(25).trim();
  const pad = Array.from({ length: 1100 }, (_, i) => `"pad-user-${i}": { "groups": ["Readers"], "tags": { "note": "${note}", "team": "padding team number ${i}" } }`).join(',\n    ');
  return `{
  "account": { "id": "123456789012", "alias": "sig" },
  "policies": {
    "OpsKeys": { "document": { "Version": "2012-10-17", "Statement": [{ "Effect": "Allow", "Action": "${action}", "Resource": "*" }] } },
    "ReadBuckets": { "document": { "Version": "2012-10-17", "Statement": [{ "Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::readers/*" }] } }
  },
  "groups": {
    "Ops": { "policies": ["OpsKeys"] },
    "Readers": { "policies": ["ReadBuckets"] }
  },
  "users": {
    "dan": { "groups": ["Ops"], "inlinePolicies": { "pass": { "Version": "2012-10-17", "Statement": [{ "Effect": "Allow", "Action": "iam:PassRole", "Resource": "arn:aws:iam::123456789012:role/none" }] } } },
    "boss": { "policies": ["arn:aws:iam::aws:policy/AdministratorAccess"] },
    ${pad}
  },
  "roles": {}
}`;
}

const plain = (list: readonly Finding[]) => list.map((f) => JSON.stringify([f.code, f.span, f.message])).sort();
const dan = (list: readonly Finding[]) => list.filter((f) => f.code.startsWith('escalation/') && f.message.includes('"dan"'));

function fresh(text: string): Finding[] {
  const host = new AnalysisHost({ rules: (w) => runRules(w) });
  host.setFile(URI, text, 1);
  return host.snapshot().findings.get(URI)!;
}

test("an edit of a group's managed policy changes its users' escalation findings (the group object stays)", () => {
  let text = account('iam:CreateAccessKey');
  const host = new AnalysisHost({ rules: (w) => runRules(w) });
  host.setFile(URI, text, 1);
  assert.equal(dan(host.snapshot().findings.get(URI)!).length, 1, 'dan can create an access key for boss');
  host.prepareEdits();
  const steps: [string, string, number][] = [
    ['iam:CreateAccessKey', 'iam:ListAccessKeys', 0],
    ['iam:ListAccessKeys', 'iam:CreateAccessKey', 1],
  ];
  let version = 2;
  for (const [from, to, expected] of steps) {
    const at = text.indexOf(from);
    text = text.slice(0, at) + to + text.slice(at + from.length);
    host.setFile(URI, text, version++, { start: at, oldEnd: at + from.length, newEnd: at + to.length });
    const analysis = host.snapshot();
    assert.equal(host.lastParse(URI), 'incremental', 'the policy entity parsed again alone');
    const findings = analysis.findings.get(URI)!;
    assert.equal(dan(findings).length, expected, `${from} → ${to}: dan's findings`);
    assert.deepEqual(plain(findings), plain(fresh(text)), `${from} → ${to}: the same as a fresh analysis`);
  }
});
