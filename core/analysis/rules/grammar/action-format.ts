import { values } from '../support/policy';
import { defineRule } from '../types';

const SERVICE = /^[a-z0-9][a-z0-9-]*$/i;
const ACTION = /^[A-Za-z0-9*?_-]+$/;

export default defineRule({
  id: 'grammar/action-format',
  severity: 'error',
  message: 'Actions are written "service:Action" (e.g. "s3:GetObject"), or "*".',
  doc: `An action is a service prefix, a colon and an action name; \`*\` and \`?\` may stand for part of the action
name. IAM does not match wildcards in the service prefix (\`"s*:GetObject"\`), and policy variables are not
substituted in actions. **Fix:** write the service prefix in full, e.g. \`"s3:Get*"\`.`,
  policy({ target, report }) {
    for (const st of target.doc.statements) {
      for (const a of [...values(st.action), ...values(st.notAction)]) {
        const v = a.value;
        if (v === '*') continue;
        const colon = v.indexOf(':');
        if (v.includes('${')) report(a.span, `Policy variables are not allowed in actions: "${v}".`);
        else if (colon < 0) report(a.span, `"${v}" is not an action; write "service:Action", e.g. "s3:GetObject".`);
        else {
          const service = v.slice(0, colon);
          const name = v.slice(colon + 1);
          if (/[*?]/.test(service)) report(a.span, `"${v}": wildcards are not allowed in the service prefix; name the service.`);
          else if (!SERVICE.test(service)) report(a.span, `"${service}" is not a service prefix.`);
          else if (!name) report(a.span, `"${v}" has no action name after the colon; write "${service}:*" for every action.`);
          else if (!ACTION.test(name)) report(a.span, `"${name}" is not an action name (letters, digits, * and ?).`);
        }
      }
    }
  },
});
