import { getCatalog } from '../../../data/catalog';
import type { PolicyDocument } from '../../../policy/types';
import type { AccountFile } from '../../../model/types';
import { removeArrayItemFix } from '../support/edits';
import { memo } from '../support/memo';
import { values } from '../support/policy';
import { arnFitsTemplate, patternsIntersect } from '../support/values';
import { defineRule } from '../types';

/** Each file's resource policies → the ARN of the resource they are attached to (files never change). */
const ownArns = new WeakMap<AccountFile, Map<PolicyDocument, string>>();

function ownArn(file: AccountFile, doc: PolicyDocument): string | undefined {
  let map = ownArns.get(file);
  if (!map) {
    map = new Map();
    for (const r of file.resources) { if (r.policy) map.set(r.policy, r.arn); }
    ownArns.set(file, map);
  }
  return map.get(doc);
}

/** Whether a policy's Resource value can name the resource `own` or something inside it (its objects). */
function namesOwn(value: string, own: string): boolean {
  return value === '*' || value.includes('${') || patternsIntersect(value, own) || patternsIntersect(value, `${own}/*`) || patternsIntersect(value, `${own}:*`);
}

/**
 * Why an action pattern can do nothing to the resource `own` ("PATTERN\0OWN"), or nothing: none of the actions
 * it matches takes a resource type whose ARN can be `own` or lie inside it. Patterns the rule leaves alone
 * ("*", variables, a wildcard in the service prefix, actions the catalogue doesn't know) have nothing.
 */
const unsupported = memo((key: string): string | undefined => {
  const [pattern, own] = key.split('\u0000');
  const colon = pattern.indexOf(':');
  if (colon <= 0 || /[*?$]/.test(pattern.slice(0, colon))) return undefined;
  const actions = getCatalog().actionsMatching(pattern);
  if (actions.length === 0) return undefined;
  for (const a of actions) {
    for (const rt of a.resourceTypes) {
      if (!rt.arn) return undefined; // a resource type without an ARN format: the catalogue can't tell
      // Field by field (a star in one field does not reach into the next): the resource, or inside it.
      if (arnFitsTemplate(own, rt.arn) || arnFitsTemplate(`${own}/*`, rt.arn) || arnFitsTemplate(`${own}:*`, rt.arn)) return undefined;
    }
  }
  const service = own.split(':')[2] ?? '';
  const one = actions.length === 1 ? actions[0] : undefined;
  const cannot = `a policy attached to ${own} can't grant ${one ? 'it' : 'them'}.`;
  if (!actions.some((a) => a.service.toLowerCase() === service.toLowerCase())) {
    return one
      ? `${one.id} is an action of ${one.service}, not of ${service}: ${cannot}`
      : `"${pattern}" matches only actions of ${actions[0].service}, not of ${service}: ${cannot}`;
  }
  if (one?.wildcardOnly) return `${one.id} acts on no resource: ${cannot}`;
  return one
    ? `${one.id} does not act on ${own} nor on anything inside it: ${cannot}`
    : `No action that "${pattern}" matches acts on ${own} or on anything inside it: ${cannot}`;
});

export default defineRule({
  id: 'catalog/unsupported-action',
  kinds: ['resource'],
  severity: 'error',
  message: 'An action the resource a resource policy is attached to does not support.',
  doc: `A resource-based policy (a bucket, key, queue, topic or function policy) grants access to the resource it
is attached to, so its actions must be ones that act on that resource or on what it holds: \`kms:Decrypt\` in a
bucket policy, or \`s3:CreateAccessPoint\` and \`s3:ListAllMyBuckets\` (which act on access points and on no
resource) in a bucket policy of \`arn:aws:s3:::my-bucket\`, grant nothing; S3 refuses such a policy ("Action does
not apply to any resource(s) in statement"). The resource types each action acts on and their ARN formats come
from the catalogue (the Service Authorization Reference): an action is reported when no resource type it takes
can be the policy's resource (as the file names it under \`resources\`) or lie inside it (\`arn:aws:s3:::my-bucket/*\`).
Patterns (\`s3:Get*\`) are reported when no action they match can; \`"*"\`, a wildcard in the service prefix,
\`NotAction\` and actions the catalogue doesn't know (\`catalog/unknown-action\`'s) are left alone, and so is a
statement whose every \`Resource\` names another resource (\`catalog/foreign-resource\` reports those). IAM Access
Analyzer: "Unsupported action in policy"
([check reference](https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-reference-policy-checks.html)).
**Fix:** remove the action (the quick fix, when the list holds others), or grant it in an identity policy or in the
other resource's own policy.`,
  policy({ target, report }) {
    if (target.kind !== 'resource') return;
    const own = ownArn(target.file, target.doc);
    if (!own || /[*?$]/.test(own) || own.split(':').length < 6) return;
    for (const st of target.doc.statements) {
      if (!st.action) continue;
      // Resources that all lie elsewhere are foreign-resource's finding, not a question about the actions.
      const resources = values(st.resource);
      if (resources.length && !resources.some((r) => namesOwn(r.value, own))) continue;
      const list = st.action.values;
      for (const a of list) {
        if (a.value === '*') continue;
        const problem = unsupported(`${a.value}\u0000${own}`);
        if (!problem) continue;
        const fix = list.length > 1 && !target.pinned ? removeArrayItemFix(`Remove "${a.value}"`, target.doc.uri, target.file.text, a.span) : undefined;
        report(a.span, problem, { fixes: fix ? [fix] : undefined });
      }
    }
  },
});
