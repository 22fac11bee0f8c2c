import { docFacts, FACT } from '../support/facts';
import { replaceValueFix } from '../support/edits';
import { keysUnderOperator } from '../support/policy';
import { parseOperator } from '../support/operators';
import { defineRule } from '../types';

export default defineRule({
  id: 'grammar/null-set-operator',
  severity: 'warning',
  message: 'Null with ForAllValues or ForAnyValue: the test is always true or always false.',
  doc: `\`Null\` asks whether a key is present; it compares no set. With \`ForAllValues:\` the test holds for every
request and with \`ForAnyValue:\` for none, whatever the key (IAM Access Analyzer's suggestion "Null with
qualifier", [check reference](https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-reference-policy-checks.html)).
**Fix:** write plain \`"Null"\` (a quick fix when the key is alone under its operator).`,
  facts: FACT.nullSet,
  policy({ target, report }) {
    if (!docFacts(target.doc, target.file.text).nullSet) return;
    for (const st of target.doc.statements) {
      for (const c of st.conditions) {
        const op = parseOperator(c.operator.value);
        if (!op || op.family !== 'Null' || !op.set) continue;
        report(c.operator.span, `${op.text}: ${op.set === 'ForAllValues' ? 'always holds' : 'never holds'}, whatever ${c.key.value} is. Write "Null".`, {
          fixes: target.pinned || keysUnderOperator(st, c.operator.span.start) > 1 ? [] : [replaceValueFix('Change to "Null"', target.doc.uri, c.operator.span, 'Null')],
        });
      }
    }
  },
});
