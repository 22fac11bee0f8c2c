import { docFacts } from '../support/facts';
import { defineRule } from '../types';

/**
 * Resource-side keys (lower case) whose value, in a policy attached to the resource, is always the resource's
 * own owner: the resource of a bucket, key, queue or topic policy is that resource, and of a trust policy the
 * role. They decide something in identity policies, SCPs, RCPs and VPC endpoint policies.
 */
export const OWN_RESOURCE_KEYS: ReadonlyMap<string, string> = new Map([
  ['aws:resourceaccount', 'the account that owns the resource'],
  ['aws:resourceorgid', 'the organization of the account that owns the resource'],
  ['aws:resourceorgpaths', 'the organization path of the account that owns the resource'],
  ['s3:resourceaccount', 'the account that owns the bucket'],
]);

/**
 * Keys whose value is always the organization's own in an organization policy: an SCP limits only the principals
 * of the organization's member accounts, an RCP only the resources in them
 * ([RCPs](https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_rcps.html)).
 */
export const OWN_ORGANIZATION_KEYS: Readonly<Record<'scp' | 'rcp', readonly [key: string, what: string]>> = {
  scp: ['aws:principalorgid', 'the organization of the principal, which an SCP only ever governs in its own organization'],
  rcp: ['aws:resourceorgid', 'the organization of the resource, which an RCP only ever governs in its own organization'],
};

export default defineRule({
  id: 'practice/irrelevant-condition-key',
  kinds: ['scp', 'rcp', 'resource', 'trust'],
  severity: 'info',
  message: 'A condition key that decides nothing in this kind of policy.',
  doc: `Some condition keys have one value for every request a policy can see. In a resource policy (a bucket,
key, queue or topic policy) or a role's trust policy, the resource is the policy's own, so \`aws:ResourceAccount\`,
\`aws:ResourceOrgID\`, \`aws:ResourceOrgPaths\` and \`s3:ResourceAccount\` always hold the owner's account and
organization: the condition is always true or always false, which is rarely what was meant (often a
principal-side key such as \`aws:PrincipalAccount\` or \`aws:PrincipalOrgID\` was). These keys belong in identity
policies, SCPs, RCPs and VPC endpoint policies, where the resource varies
([aws:ResourceAccount](https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-resourceaccount)).
Likewise an SCP limits only the principals of the organization's member accounts and an RCP only the resources in
them ([SCPs and RCPs](https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_rcps.html)):
\`aws:PrincipalOrgID\` in an SCP and \`aws:ResourceOrgID\` in an RCP always hold the organization's own id (the
data-perimeter pairs are the other way round: \`aws:ResourceOrgID\` in an SCP, \`aws:PrincipalOrgID\` in an RCP).
Keys that none of the statement's actions can carry are \`catalog/condition-key-not-applicable\`'s. IAM Access
Analyzer: "Irrelevant condition key in policy" (a suggestion)
([check reference](https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-reference-policy-checks.html)).
**Fix:** remove the condition, or use the principal-side key you meant.`,
  policy({ target, report }) {
    if (target.kind === 'scp' || target.kind === 'rcp') {
      const [key, what] = OWN_ORGANIZATION_KEYS[target.kind];
      if (!docFacts(target.doc, target.file.text).keys.has(key)) return;
      const other = target.kind === 'scp' ? 'aws:ResourceOrgID' : 'aws:PrincipalOrgID';
      for (let i = 0, statements = target.doc.statements; i < statements.length; i++) {
        const st = statements[i];
        for (let j = 0, conditions = st.conditions; j < conditions.length; j++) {
          const c = conditions[j];
          if (c.key.value.toLowerCase() === key) report(c.key.span, `${c.key.value} is always ${what}: this condition decides nothing per request. A perimeter in ${target.kind === 'scp' ? 'an SCP' : 'an RCP'} compares ${other}.`);
        }
      }
      return;
    }
    if (target.kind !== 'resource' && target.kind !== 'trust') return;
    const { keys } = docFacts(target.doc, target.file.text);
    let any = false;
    for (const k of OWN_RESOURCE_KEYS.keys()) if (keys.has(k)) any = true;
    if (!any) return;
    const policy = target.kind === 'trust' ? 'a role trust policy (the resource is the role)' : 'a resource policy (the resource is the policy\'s own)';
    for (let n = 0, list = target.doc.statements; n < list.length; n++) {
      const st = list[n];
      for (let m = 0, items = st.conditions; m < items.length; m++) {
        const c = items[m];
        const what = OWN_RESOURCE_KEYS.get(c.key.value.toLowerCase());
        if (what) report(c.key.span, `${c.key.value} is always ${what} in ${policy}: this condition decides nothing per request. It belongs in identity policies, SCPs, RCPs or VPC endpoint policies.`);
      }
    }
  },
});
