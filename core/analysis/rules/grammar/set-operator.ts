import { getCatalog } from '../../../data/catalog';
import { replaceValueFix } from '../support/edits';
import { parseOperator } from '../support/operators';
import { keysUnderOperator } from '../support/policy';
import { FACT } from '../support/facts';
import { defineRule } from '../types';

export default defineRule({
  id: 'grammar/set-operator',
  severity: 'warning',
  message: 'ForAllValues/ForAnyValue are for multivalued keys; plain operators for single-valued ones.',
  doc: `\`ForAllValues:\` and \`ForAnyValue:\` compare *sets* of values and belong on multivalued keys
(\`aws:TagKeys\`, \`aws:CalledVia\`, ...). On a single-valued key they mislead: \`ForAllValues\` is also true
when the key is absent, so an Allow with it can grant more than it seems. Conversely a plain operator on a
multivalued key compares the whole set in ways that are rarely meant. **Fix:** drop the prefix for
single-valued keys; add \`ForAnyValue:\` or \`ForAllValues:\` for multivalued keys.`,
  facts: FACT.conditionKeys,
  policy({ target, report }) {
    const catalog = getCatalog();
    for (let i = 0, statements = target.doc.statements; i < statements.length; i++) {
      const st = statements[i];
      for (let j = 0, conditions = st.conditions; j < conditions.length; j++) {
        const c = conditions[j];
        const op = parseOperator(c.operator.value);
        if (!op || op.family === 'Null') continue;
        const key = catalog.conditionKey(c.key.value);
        if (!key || key.webIdentityClaim) continue;
        const multi = key.type.startsWith('ArrayOf');
        if (op.set && !multi) {
          report(
            c.operator.span,
            `${c.key.value} is single-valued: ${op.set}:${op.base} ${op.set === 'ForAllValues' ? 'is also true when the key is missing' : 'works like a plain operator here'}; write ${op.base}${op.ifExists ? 'IfExists' : ''}.`,
            {
              severity: op.set === 'ForAllValues' ? 'warning' : 'info',
              // The operator is shared by every key under it: fix it only when this key is alone there.
              fixes:
                target.pinned || keysUnderOperator(st, c.operator.span.start) > 1
                  ? []
                  : [replaceValueFix(`Change to "${op.base}${op.ifExists ? 'IfExists' : ''}"`, target.doc.uri, c.operator.span, `${op.base}${op.ifExists ? 'IfExists' : ''}`)],
            },
          );
        } else if (!op.set && multi) {
          report(c.key.span, `${c.key.value} is multivalued: ${op.base} compares the whole set; write ForAnyValue:${op.text} or ForAllValues:${op.text}.`);
        }
      }
    }
  },
});
