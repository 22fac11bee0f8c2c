import { parseOperator } from '../support/operators';
import { replaceValueFix } from '../support/edits';
import { isAllow, isDeny, keysUnderOperator } from '../support/policy';
import { FACT } from '../support/facts';
import { defineRule } from '../types';

export default defineRule({
  id: 'practice/mfa-condition',
  severity: 'warning',
  message: 'This aws:MultiFactorAuthPresent condition does not do what it seems.',
  doc: `\`aws:MultiFactorAuthPresent\` is *absent* (not false) in requests signed with long-term access keys. So:
a Deny with \`"Bool": {"aws:MultiFactorAuthPresent": "false"}\` does not stop access keys without MFA (use
\`BoolIfExists\`); an Allow with \`BoolIfExists ... "true"\` also allows access keys without MFA (use \`Bool\`);
an Allow with \`"false"\` never matches the cases it seems to. **Fix:** Deny with
\`"BoolIfExists": {"aws:MultiFactorAuthPresent": "false"}\`, or Allow with \`"Bool": {... "true"}\`.`,
  facts: FACT.conditionKeys,
  policy({ target, report }) {
    for (let i = 0, statements = target.doc.statements; i < statements.length; i++) {
      const st = statements[i];
      for (let j = 0, conditions = st.conditions; j < conditions.length; j++) {
        const c = conditions[j];
        if (c.key.value.toLowerCase() !== 'aws:multifactorauthpresent') continue;
        const op = parseOperator(c.operator.value);
        if (!op || op.family !== 'Bool') continue;
        const vals = c.values.map((v) => String(v.value).toLowerCase());
        const fix = (to: string) =>
          target.pinned || keysUnderOperator(st, c.operator.span.start) > 1 ? [] : [replaceValueFix(`Change to "${to}"`, target.doc.uri, c.operator.span, to)];
        if (isDeny(st) && !op.ifExists && vals.includes('false')) {
          report(c.operator.span, 'Deny with Bool aws:MultiFactorAuthPresent "false" does not apply to access keys (the key is absent there); use BoolIfExists.', {
            fixes: fix(c.operator.value.replace(/Bool$/, 'BoolIfExists')),
          });
        } else if (isAllow(st) && op.ifExists && vals.includes('true')) {
          report(c.operator.span, 'Allow with BoolIfExists aws:MultiFactorAuthPresent "true" also allows requests without MFA made with access keys; use Bool.', {
            fixes: fix(c.operator.value.replace(/BoolIfExists$/, 'Bool')),
          });
        } else if (isAllow(st) && vals.includes('false')) {
          report(c.valuesSpan, 'Allow when aws:MultiFactorAuthPresent is "false" matches only temporary credentials without MFA, not access keys; this is rarely what is meant.');
        }
      }
    }
  },
});
