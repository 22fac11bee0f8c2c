import assert from 'node:assert/strict';
import type { Finding } from '../../core/findings';
import { buildWorkspace } from '../../core/model';
import { bundledAwsPolicy } from '../../core/model/aws-policies';
import type { Workspace } from '../../core/model/workspace';
import type { RulesConfig } from '../../core/analysis/config';
import { runRules } from '../../core/analysis/rules';

/**
 * Data-driven rule tests. Mark the expected spans of a rule's findings in the file text with ⟦ and ⟧;
 * `expectRule(id, text)` strips the marks, runs the one rule and compares the spans (and nothing else
 * fires for that rule). A text without marks expects no finding.
 */
export function marked(text: string): { text: string; spans: { start: number; end: number }[] } {
  const spans: { start: number; end: number }[] = [];
  let out = '';
  const open: number[] = [];
  for (const ch of text) {
    if (ch === '⟦') open.push(out.length);
    else if (ch === '⟧') spans.push({ start: open.pop()!, end: out.length });
    else out += ch;
  }
  spans.sort((a, b) => a.start - b.start || a.end - b.end);
  return { text: out, spans };
}

export const URI = 'test.iam.json';

export function workspaceOf(text: string, extra: { uri: string; text: string }[] = []): Workspace {
  return buildWorkspace([{ uri: URI, text }, ...extra], { policies: bundledAwsPolicy });
}

export function run(id: string | string[], text: string, config: RulesConfig = {}, extra: { uri: string; text: string }[] = []): Finding[] {
  return runRules(workspaceOf(text, extra), config, { only: Array.isArray(id) ? id : [id] });
}

export function expectRule(id: string, markedText: string, config: RulesConfig = {}): Finding[] {
  const { text, spans } = marked(markedText);
  const findings = run(id, text, config).filter((f) => f.code === id && f.uri === URI);
  const got = findings.map((f) => f.span).sort((a, b) => a.start - b.start || a.end - b.end);
  const show = (ss: { start: number; end: number }[]) => ss.map((s) => JSON.stringify(text.slice(s.start, s.end))).join(', ');
  assert.deepEqual(
    got,
    spans,
    `${id}: expected [${show(spans)}], got [${show(got)}]\n${findings.map((f) => `  ${f.severity} ${f.message}`).join('\n')}`,
  );
  return findings;
}

/** An account file holding one document as a customer policy, a role's trust policy or a bucket policy. */
export function inFile(doc: string, kind: 'identity' | 'trust' | 'resource' = 'identity'): string {
  const head = '{\n  "account": { "id": "123456789012" },\n';
  if (kind === 'trust') return `${head}  "roles": { "R": { "trustPolicy": ${doc} } }\n}\n`;
  if (kind === 'resource') return `${head}  "resources": { "arn:aws:s3:::bucket": { "policy": ${doc} } }\n}\n`;
  return `${head}  "policies": { "P": { "document": ${doc} } },\n  "groups": { "G": { "policies": ["P"] } },\n  "users": { "u": { "groups": ["G"] } }\n}\n`;
}

/** A one-statement document in the 2012-10-17 language. */
export function stmt(body: string): string {
  return `{ "Version": "2012-10-17", "Statement": [ { ${body} } ] }`;
}
