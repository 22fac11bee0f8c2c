import { head, isAllow, isDeny } from '../support/policy';
import { preparedCovers, PreparedStatement } from '../support/subsume';
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
    if (!sts.some(isDeny)) return;
    const prepared: (PreparedStatement | undefined)[] = new Array(sts.length);
    const prep = (i: number) => (prepared[i] ??= new PreparedStatement(sts[i]));
    for (let i = 0; i < sts.length; i++) {
      const allow = sts[i];
      if (!isAllow(allow)) continue;
      let deny: (typeof sts)[number] | undefined;
      for (let j = 0; j < sts.length; j++) {
        if (isDeny(sts[j]) && preparedCovers(prep(j), prep(i))) {
          deny = sts[j];
          break;
        }
      }
      if (deny) {
        report(allow.action?.span ?? head(allow.span), `Statement ${allow.sid ? `"${allow.sid.value}"` : allow.index + 1} is always overridden by the Deny in statement ${deny.sid ? `"${deny.sid.value}"` : deny.index + 1}.`, {
          related: [{ uri: target.doc.uri, span: deny.span, message: 'the Deny statement' }],
        });
      }
    }
  },
});
