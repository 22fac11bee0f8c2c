import { replaceValueFix } from '../support/edits';
import { head } from '../support/policy';
import { defineRule } from '../types';

export default defineRule({
  id: 'grammar/effect',
  severity: 'error',
  message: 'Every statement needs "Effect": "Allow" or "Deny".',
  doc: `\`Effect\` is required and must be exactly \`"Allow"\` or \`"Deny"\` (case matters). IAM rejects the policy
otherwise. **Fix:** write the effect with that spelling.`,
  policy({ target, report }) {
    for (let i = 0, statements = target.doc.statements; i < statements.length; i++) {
      const st = statements[i];
      const e = st.effect;
      if (!e) {
        // The parser already reported an Effect of the wrong JSON type.
        if (!target.doc.findings.some((f) => f.span.start >= st.span.start && f.span.end <= st.span.end && /Effect/.test(f.message))) {
          report(head(st.span), `Statement ${st.sid ? `"${st.sid.value}"` : st.index + 1} has no "Effect"; write "Allow" or "Deny".`);
        }
        continue;
      }
      if (e.value === 'Allow' || e.value === 'Deny') continue;
      const lower = e.value.trim().toLowerCase();
      const right = lower === 'allow' ? 'Allow' : lower === 'deny' ? 'Deny' : undefined;
      report(e.span, right ? `Write "${right}" (the effect is case-sensitive), not "${e.value}".` : `"${e.value}" is not an effect; write "Allow" or "Deny".`, {
        fixes: right && !target.pinned ? [replaceValueFix(`Change to "${right}"`, target.doc.uri, e.span, right)] : [],
      });
    }
  },
});
