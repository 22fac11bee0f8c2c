import { closest } from '../../../data/suggest';
import { replaceValueFix } from '../support/edits';
import { allOperatorNames, canonicalOperator, parseOperator } from '../support/operators';
import { FACT } from '../support/facts';
import { defineRule } from '../types';

export default defineRule({
  id: 'grammar/condition-operator',
  severity: 'error',
  message: 'Unknown condition operator.',
  doc: `Condition operators are a fixed, case-sensitive set: String*, Numeric*, Date*, Bool, BinaryEquals,
IpAddress/NotIpAddress, Arn*, Null, each (but Null) optionally with the \`IfExists\` suffix and the
\`ForAllValues:\`/\`ForAnyValue:\` prefix. IAM rejects any other name. **Fix:** use the operator's exact
spelling (the quick fix corrects the case or a typo).`,
  facts: FACT.conditionKeys,
  policy({ target, report }) {
    const seen = new Set<number>();
    for (let i = 0, statements = target.doc.statements; i < statements.length; i++) {
      const st = statements[i];
      for (let j = 0, conditions = st.conditions; j < conditions.length; j++) {
        const c = conditions[j];
        const op = c.operator;
        if (seen.has(op.span.start)) continue;
        seen.add(op.span.start);
        if (parseOperator(op.value)) continue;
        if (/^Null(IfExists)$/.test(op.value.replace(/^For(All|Any)Values?:/, ''))) continue; // grammar/null-ifexists
        const right = canonicalOperator(op.value);
        const guess = right ?? closest(op.value.replace(/^.*:/, ''), allOperatorNames(), 1)[0];
        const fixed = right ?? (guess ? op.value.replace(/[^:]*$/, guess) : undefined);
        report(
          op.span,
          right ? `Write "${right}": condition operators are case-sensitive.` : `"${op.value}" is not a condition operator${fixed ? `; did you mean "${fixed}"?` : '.'}`,
          { fixes: fixed && !target.pinned ? [replaceValueFix(`Change to "${fixed}"`, target.doc.uri, op.span, fixed)] : [] },
        );
      }
    }
  },
});
