import { replaceValueFix } from '../support/edits';
import { FACT } from '../support/facts';
import { defineRule } from '../types';

export default defineRule({
  id: 'grammar/null-ifexists',
  severity: 'error',
  message: '"Null" has no IfExists form: it already tests whether the key exists.',
  doc: `\`Null\` checks whether a condition key is present (\`"true"\`: absent). \`NullIfExists\` is not an operator
and IAM rejects it. **Fix:** write \`Null\`.`,
  facts: FACT.conditionKeys,
  policy({ target, report }) {
    const seen = new Set<number>();
    for (let i = 0, statements = target.doc.statements; i < statements.length; i++) {
      const st = statements[i];
      for (let j = 0, conditions = st.conditions; j < conditions.length; j++) {
        const c = conditions[j];
        const op = c.operator;
        if (seen.has(op.span.start) || !/^(For(AllValues|AnyValue):)?NullIfExists$/.test(op.value)) continue;
        seen.add(op.span.start);
        const fixed = op.value.replace('NullIfExists', 'Null');
        report(op.span, undefined, { fixes: target.pinned ? [] : [replaceValueFix(`Change to "${fixed}"`, target.doc.uri, op.span, fixed)] });
      }
    }
  },
});
