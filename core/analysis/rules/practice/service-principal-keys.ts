import { docFacts } from '../support/facts';
import { replaceFix } from '../support/edits';
import { parseOperator } from '../support/operators';
import { defineRule } from '../types';

/**
 * Principal-side keys a service principal's request doesn't carry (lower case → why, and the source-side key
 * that says the same of the resource or account the service acts for, when there is one). From the Availability
 * of each key on the global condition keys page: aws:PrincipalArn names IAM users, roles, federated users and
 * root; the organization keys need a principal that is a member of an organization; principal tags an IAM
 * user or role with tags; aws:username an IAM user.
 */
export const UNSUPPORTED: ReadonlyMap<string, { why: string; instead?: string; fixable?: boolean }> = new Map([
  ['aws:principalarn', { why: 'a service principal has no ARN', instead: 'aws:SourceArn' }],
  ['aws:principalorgid', { why: 'a service principal is not a member of an organization', instead: 'aws:SourceOrgID', fixable: true }],
  ['aws:principalorgpaths', { why: 'a service principal is not a member of an organization', instead: 'aws:SourceOrgPaths', fixable: true }],
  ['aws:principaltag', { why: 'a service principal has no tags' }],
  ['aws:username', { why: 'only IAM users have a user name' }],
]);

/** Keys a service principal's request carries, but that say less than their source-side counterparts. */
export const RECOMMENDED: ReadonlyMap<string, string> = new Map([['aws:principalaccount', 'aws:SourceAccount']]);

const baseKey = (key: string) => {
  const lower = key.toLowerCase();
  return lower.startsWith('aws:principaltag/') ? 'aws:principaltag' : lower;
};

export default defineRule({
  id: 'practice/service-principal-keys',
  kinds: ['resource', 'trust'],
  severity: 'error',
  message: 'A condition key that a service principal\'s request does not carry.',
  doc: `When the only principals of a statement are AWS services (\`"Principal": {"Service": "..."}\`), the
request comes from the service itself, and principal-side keys are not in its request context:
\`aws:PrincipalArn\` (a service principal has no ARN), \`aws:PrincipalOrgID\` and \`aws:PrincipalOrgPaths\` (a
service is not a member of your organization), \`aws:PrincipalTag/...\` and \`aws:username\`
([global condition keys](https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html),
each key's *Availability*). An Allow on such a key never applies, and a Deny on its negation
(\`StringNotEquals\`) always does. What ties a service's request to you are the source-side keys:
\`aws:SourceArn\`, \`aws:SourceAccount\`, \`aws:SourceOrgID\`, \`aws:SourceOrgPaths\`
([confused deputy prevention](https://docs.aws.amazon.com/IAM/latest/UserGuide/confused-deputy.html)). For
\`aws:PrincipalAccount\`, which is present, a note recommends \`aws:SourceAccount\` (the account the service acts
for). Operators with \`IfExists\` and \`Null\` are not reported: they are written for the key's absence. IAM Access
Analyzer: "Unsupported condition key for service principal" (error) and "Recommended condition key for service
principal" (suggestion)
([check reference](https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-reference-policy-checks.html)).
**Fix:** use the source-side key; the quick fix renames \`aws:PrincipalOrgID\`, \`aws:PrincipalOrgPaths\` and
\`aws:PrincipalAccount\`, whose values keep their meaning (an organization id, an organization path, an account).`,
  policy({ target, report }) {
    if (target.kind !== 'resource' && target.kind !== 'trust') return;
    const { keys } = docFacts(target.doc, target.file.text);
    let any = false;
    for (const k of keys) {
      const b = baseKey(k);
      if (UNSUPPORTED.has(b) || RECOMMENDED.has(b)) any = true;
    }
    if (!any) return;
    const uri = target.file.uri;
    for (const st of target.doc.statements) {
      const p = st.principal;
      if (!p || p.wildcard || !p.entries.length || !st.conditions.length) continue;
      if (!p.entries.every((e) => e.type.value === 'Service' && e.values.length > 0)) continue;
      const services = p.entries.flatMap((e) => e.values.map((v) => v.value)).join(', ');
      for (const c of st.conditions) {
        const b = baseKey(c.key.value);
        const op = parseOperator(c.operator.value);
        if (!op || op.ifExists || op.family === 'Null') continue;
        const rename = (to: string) => (target.pinned ? undefined : [replaceFix(`Use ${to}`, uri, c.key.span, JSON.stringify(to))]);
        const u = UNSUPPORTED.get(b);
        if (u) {
          const instead = u.instead ? ` Use ${u.instead} for the resource or account the service acts for.` : '';
          const effect = op.negated ? 'applies to every request' : 'never applies';
          report(c.key.span, `${c.key.value} is not in the request context of ${services}: ${u.why}, so this condition ${effect}.${instead}`, {
            fixes: u.fixable && u.instead ? rename(u.instead) : undefined,
          });
          continue;
        }
        const r = RECOMMENDED.get(b);
        if (r) {
          report(c.key.span, `For the service principal ${services}, ${r} names the account the service acts for; we recommend it instead of ${c.key.value}.`, {
            severity: 'info',
            fixes: rename(r),
          });
        }
      }
    }
  },
});
