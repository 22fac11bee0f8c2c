import { getCatalog } from '../../../data/catalog';
import { values } from '../support/policy';
import { defineRule } from '../types';

export default defineRule({
  id: 'grammar/control-policy-actions',
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
      for (let i1_ = 0, l1_ = target.doc.statements; i1_ < l1_.length; i1_++) { const st = l1_[i1_];
        if (st.notAction) report(st.notAction.span, 'RCPs have no NotAction element: list the actions to deny in Action.');
        for (let i2_ = 0, l2_ = values(st.action); i2_ < l2_.length; i2_++) { const a = l2_[i2_];
          if (a.value === '*') continue;
          const service = a.value.slice(0, a.value.indexOf(':'));
          if (service && !/[*?$]/.test(service) && catalog.service(service) && !catalog.supportsRcp(service)) {
            report(a.span, `RCPs do not apply to ${service}: only to ${catalog.rcpServices().join(', ')}.`);
          }
        }
      }
    } else if (target.kind === 'scp') {
      for (let i3_ = 0, l3_ = target.doc.statements; i3_ < l3_.length; i3_++) { const st = l3_[i3_];
        for (let i4_ = 0, l4_ = [st.action, st.notAction]; i4_ < l4_.length; i4_++) { const list = l4_[i4_];
          for (let i5_ = 0, l5_ = values(list); i5_ < l5_.length; i5_++) { const a = l5_[i5_];
            const first = a.value.search(/[*?]/);
            if (first >= 0 && first < a.value.length - 1) report(a.span, `"${a.value}": in an SCP a wildcard may only end the action (IAM Access Analyzer rejects it elsewhere).`, { severity: 'warning' });
          }
        }
      }
    }
  },
});
