import { quietBit, unlessQuiet } from '../support/quiet';
import { getCatalog } from '../../../data/catalog';
import { memo } from '../support/memo';
import { isAllow, values } from '../support/policy';
import type { Statement } from '../../../policy/types';
import { defineRule, type PolicyRuleContext } from '../types';

/** The action pattern covers iam:CreateServiceLinkedRole ("*", "iam:*", "iam:Create*" included). */
const coversCreateSlr = memo((v: string) => v === '*' || (/^iam:/i.test(v) && getCatalog().actionsMatching(v).some((x) => x.id === 'iam:CreateServiceLinkedRole')));

/** A resource pattern that names every role, or every service-linked role, of some (or every) account. */
const EVERY_SLR = /^arn:[^:]*:iam::[^:]*:role\/(aws-service-role\/)?\*$/;
const everySlr = (v: string) => v === '*' || (v.endsWith('/*') && EVERY_SLR.test(v));

/** A NotResource list that leaves no service-linked role in: it lists "*" or every (service-linked) role. */
function notResourceExcludesSlrs(st: Statement): boolean {
  return values(st.notResource).some((r) => everySlr(r.value));
}

export default defineRule({
  id: 'practice/create-slr-wildcard',
  kinds: ['identity'],
  severity: 'warning',
  message: 'iam:CreateServiceLinkedRole on every role without iam:AWSServiceName.',
  doc: `\`iam:CreateServiceLinkedRole\` creates a role that an AWS service assumes to act in the account, with
permissions the service defines. Allowed on \`"Resource": "*"\` (or every role), it lets the holder create the
service-linked role of any service, including services the account doesn't mean to use. The grant also hides
in \`NotAction\` (every action but those listed) and in \`NotResource\` (every resource but those listed). IAM
Access Analyzer reports the six shapes as the general warnings "Create SLR with star in resource",
"... with star in action and resource", "... with star in resource and NotAction", "... with NotResource",
"... with star in action and NotResource" and "... with NotAction and NotResource"
([policy validation check reference](https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-reference-policy-checks.html));
a statement that names the services with the \`iam:AWSServiceName\` condition key is not reported.
**Fix:** name the service-linked roles in \`Resource\`
(\`arn:aws:iam::*:role/aws-service-role/elasticbeanstalk.amazonaws.com/*\`) or add
\`"StringEquals": {"iam:AWSServiceName": "elasticbeanstalk.amazonaws.com"}\`
([service-linked role permissions](https://docs.aws.amazon.com/IAM/latest/UserGuide/using-service-linked-roles.html#service-linked-role-permissions)).`,
  policy(ctx) {
    if (ctx.target.kind === 'identity') unlessQuiet(quiet, ctx, check);
  },
});

/** The rule's findings depend on the document alone: documents it found nothing in are not walked again. */
const quiet = quietBit();

function check({ target, report }: PolicyRuleContext): void {
  for (let i = 0, statements = target.doc.statements; i < statements.length; i++) {
    const st = statements[i];
    if (!isAllow(st) || (!st.action && !st.notAction)) continue;
    const viaNotResource = st.notResource !== undefined && !notResourceExcludesSlrs(st);
    let anyRole = false;
    for (let j = 0, list = values(st.resource); j < list.length; j++) {
      const r = list[j];
      if (everySlr(r.value)) anyRole = true;
    }
    if (!viaNotResource && !anyRole) continue;
    let named = false;
    for (let k = 0, conditions = st.conditions; k < conditions.length; k++) {
      const c = conditions[k];
      if (c.key.value.toLowerCase() === 'iam:awsservicename') named = true;
    }
    if (named) continue;
    const where = viaNotResource ? 'every role but those NotResource lists' : 'any role';
    if (st.action) {
      for (let n = 0, items = values(st.action); n < items.length; n++) {
        const a = items[n];
        if (coversCreateSlr(a.value)) report(a.span, `"${a.value}" lets the holder create the service-linked role of any service (${where}); name the roles in Resource or add an iam:AWSServiceName condition.`);
      }
    } else if (st.notAction && !values(st.notAction).some((a) => coversCreateSlr(a.value))) {
      report(st.notAction.span, `NotAction allows iam:CreateServiceLinkedRole (it is not listed) on ${where}, so the holder can create the service-linked role of any service; list it in NotAction or grant it in its own statement on named roles.`);
    }
  }
}
