import { head, isAllow, isDeny } from '../support/policy';
import { statementCovers } from '../support/subsume';
import { defineRule } from '../types';

export default defineRule({
  id: 'practice/deny-overrides',
  severity: 'warning',
  message: 'A Deny in the same policy always overrides this Allow: it grants nothing.',
  doc: `An explicit Deny wins over any Allow. When an unconditional Deny statement covers all the actions and
resources of an Allow statement in the same policy, the Allow never takes effect. Usually one of the two
is too broad. **Fix:** narrow the Deny (or add its condition), or remove the dead Allow.`,
  policy({ target, report }) {
    const sts = target.doc.statements;
    for (const allow of sts) {
      if (!isAllow(allow)) continue;
      const deny = sts.find((d) => isDeny(d) && statementCovers(d, allow));
      if (deny) {
        report(allow.action?.span ?? head(allow.span), `Statement ${allow.sid ? `"${allow.sid.value}"` : allow.index + 1} is always overridden by the Deny in statement ${deny.sid ? `"${deny.sid.value}"` : deny.index + 1}.`, {
          related: [{ uri: target.doc.uri, span: deny.span, message: 'the Deny statement' }],
        });
      }
    }
  },
});
