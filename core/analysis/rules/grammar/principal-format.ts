import { FACT } from '../support/facts';
import { defineRule } from '../types';

const TYPES = ['AWS', 'Service', 'Federated', 'CanonicalUser'];
const ACCOUNT = /^\d{12}$/;
const AWS_ARN = /^arn:[\w-]+:(iam|sts)::(\d{12}|aws):(root|user\/.+|role\/.+|assumed-role\/.+\/.+|federated-user\/.+)$/;
const SERVICE = /^[a-z0-9][a-z0-9.-]*\.(amazonaws\.com|amazonaws\.com\.cn|amazon\.com|aws\.internal)$/;
const FEDERATED = /^(arn:[\w-]+:iam::\d{12}:(oidc-provider|saml-provider)\/.+|cognito-identity\.amazonaws\.com|www\.amazon\.com|graph\.facebook\.com|accounts\.google\.com)$/;

export default defineRule({
  id: 'grammar/principal-format',
  facts: FACT.principals,
  severity: 'error',
  message: 'Malformed principal.',
  doc: `Principals are typed: \`AWS\` takes \`"*"\`, a 12-digit account id or the ARN of an account root, user, role,
assumed-role session or federated user; \`Service\` a service principal such as \`ec2.amazonaws.com\`;
\`Federated\` an OIDC or SAML provider ARN (or cognito-identity.amazonaws.com, www.amazon.com,
graph.facebook.com, accounts.google.com); \`CanonicalUser\` an S3 canonical id. Wildcards inside a principal
ARN are not allowed (use \`"*"\` with a condition on \`aws:PrincipalArn\` instead). **Fix:** write the principal
in one of these forms.`,
  policy({ target, report }) {
    for (let i = 0, statements = target.doc.statements; i < statements.length; i++) {
      const st = statements[i];
      for (let j = 0, list = [st.principal, st.notPrincipal]; j < list.length; j++) {
        const block = list[j];
        for (let k = 0, items = block?.entries ?? []; k < items.length; k++) {
          const entry = items[k];
          const type = entry.type.value;
          if (!TYPES.includes(type)) {
            const right = TYPES.find((t) => t.toLowerCase() === type.toLowerCase());
            report(entry.type.span, right ? `Write "${right}" (principal types are case-sensitive).` : `"${type}" is not a principal type; use AWS, Service, Federated or CanonicalUser.`);
            continue;
          }
          for (let n = 0, values = entry.values; n < values.length; n++) {
            const v = values[n];
            const s = v.value;
            if (type === 'AWS') {
              if (s === '*' || ACCOUNT.test(s) || AWS_ARN.test(s)) {
                if (s !== '*' && /[*?]/.test(s)) report(v.span, `"${s}": wildcards are not allowed inside a principal ARN; use "*" with an aws:PrincipalArn condition.`);
                continue;
              }
              if (/^arn:[\w-]+:iam::[^:]*:group\//.test(s)) continue; // iam/group-as-principal speaks
              if (/^(AIDA|AROA|AIPA|ANPA|ANVA|ASIA)[A-Z0-9]{12,}$/.test(s)) {
                report(v.span, `"${s}" is a unique id, not an ARN: IAM shows this when the user or role it named was deleted. Name the principal again (or remove it).`, { severity: 'warning' });
              } else if (/[*?]/.test(s)) report(v.span, `"${s}": wildcards are not allowed inside a principal ARN; use "*" with an aws:PrincipalArn condition.`);
              else report(v.span, `"${s}" is not an AWS principal: write an account id (12 digits) or the ARN of an account, user or role.`);
            } else if (type === 'Service') {
              if (s !== '*' && !SERVICE.test(s)) report(v.span, `"${s}" is not a service principal such as "ec2.amazonaws.com".`);
            } else if (type === 'Federated') {
              if (!FEDERATED.test(s)) report(v.span, `"${s}" is not an identity provider: write the ARN of an OIDC or SAML provider.`);
            }
          }
        }
      }
    }
  },
});
