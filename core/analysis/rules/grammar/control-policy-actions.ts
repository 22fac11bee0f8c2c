import { getCatalog } from '../../../data/catalog';
import { values } from '../support/policy';
import { defineRule } from '../types';

export default defineRule({
  id: 'grammar/control-policy-actions',
  kinds: ['scp', 'rcp'],
  severity: 'error',
  message: 'An action form that service or resource control policies do not accept.',
  doc: `Organizations checks the actions of its policies more strictly than IAM does:
- an RCP has no \`NotAction\` element, and its actions must belong to a service that supports RCPs (S3, STS, KMS,
  SQS, Secrets Manager, ... as the catalogue lists them); \`"*"\` is accepted
  ([RCP syntax](https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_rcps_syntax.html));
- in an SCP, IAM Access Analyzer accepts a wildcard only at the end of an action (\`s3:Get*\`, not \`s3:*Object\`;
  reported as a warning here).

IAM Access Analyzer: "RCP syntax error NotAction", "RCP syntax error action", "SCP syntax error action wildcard"
([check reference](https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-reference-policy-checks.html)).
**Fix:** list the actions of the supported services (an RCP Deny on \`s3:*\` with conditions), and end SCP
action patterns with the wildcard.`,
  policy({ target, report }) {
    if (target.kind === 'rcp') {
      const catalog = getCatalog();
      for (const st of target.doc.statements) {
        if (st.notAction) report(st.notAction.span, 'RCPs have no NotAction element: list the actions to deny in Action.');
        for (const a of values(st.action)) {
          if (a.value === '*') continue;
          const service = a.value.slice(0, a.value.indexOf(':'));
          if (service && !/[*?$]/.test(service) && catalog.service(service) && !catalog.supportsRcp(service)) {
            report(a.span, `RCPs do not apply to ${service}: only to ${catalog.rcpServices().join(', ')}.`);
          }
        }
      }
    } else if (target.kind === 'scp') {
      for (const st of target.doc.statements) {
        for (const list of [st.action, st.notAction]) {
          for (const a of values(list)) {
            const first = a.value.search(/[*?]/);
            if (first >= 0 && first < a.value.length - 1) report(a.span, `"${a.value}": in an SCP a wildcard may only end the action (IAM Access Analyzer rejects it elsewhere).`, { severity: 'warning' });
          }
        }
      }
    }
  },
});
