import { parseOperator } from '../support/operators';
import { EPOCH, ISO_DATE, NUMERIC, isBase64, isIpOrCidr } from '../support/values';
import { FACT } from '../support/facts';
import { defineRule } from '../types';
import type { ParsedOperator } from '../support/operators';
import type { Span } from '../../../text/span';
import type { ReportOptions } from '../types';

/** An empty list of values: what it does depends on the operator (see the doc). */
function reportEmpty(key: string, opText: string, op: ParsedOperator, span: Span, report: (span: Span, message?: string, options?: ReportOptions) => void) {
  if (op.ifExists || op.set === 'ForAllValues') {
    const how = op.ifExists ? 'the IfExists suffix' : 'ForAllValues';
    report(span, `${key} has no values: with ${how}, ${opText} matches only when ${key} is missing from the request. If that is the intent, write "Null": {"${key}": "true"}.`, { severity: 'warning' });
  } else if (op.set !== 'ForAnyValue' && op.negated) {
    report(span, `${key} has no values: ${opText} then matches every request, so the condition has no effect.`, { severity: 'warning' });
  } else {
    report(span, `${key} has no values to compare: ${opText} never matches, so the statement never applies.`);
  }
}

export default defineRule({
  id: 'grammar/condition-value',
  severity: 'error',
  message: 'The value does not fit the condition operator.',
  doc: `Each operator family compares one kind of value: Numeric* numbers, Date* ISO 8601 dates or epoch
seconds, Bool and Null \`"true"\`/\`"false"\`, IpAddress CIDR blocks (\`203.0.113.0/24\`), BinaryEquals base-64,
Arn* ARNs. A value of another kind never matches (a Deny then never applies). **Fix:** write the value in
the operator's format, or pick the operator that fits the key.

An empty list of values (\`"aws:SourceVpc": []\`) depends on the operator, as the evaluator decides it and as
IAM Access Analyzer's suggestions "Empty array condition", "... ForAllValues", "... ForAnyValue" and "...
IfExists" say ([check reference](https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-reference-policy-checks.html)):
a plain operator or \`ForAnyValue:\` never matches (an error here); \`ForAllValues:\` and \`…IfExists\` match
exactly when the key is missing from the request, and a negated operator (\`StringNotEquals\`) always
matches (warnings: write \`"Null": {"key": "true"}\` if the missing key is what you mean, or remove the
condition).`,
  facts: FACT.conditionKeys,
  policy({ target, report }) {
    for (let i = 0, statements = target.doc.statements; i < statements.length; i++) {
      const st = statements[i];
      for (let j = 0, conditions = st.conditions; j < conditions.length; j++) {
        const c = conditions[j];
        const op = parseOperator(c.operator.value);
        if (!op) continue;
        if (c.values.length === 0) {
          reportEmpty(c.key.value, c.operator.value, op, c.valuesSpan, report);
          continue;
        }
        for (let k = 0, values = c.values; k < values.length; k++) {
          const v = values[k];
          const s = String(v.value);
          if (s.includes('${')) continue;
          let problem: string | undefined;
          switch (op.family) {
            case 'Numeric':
              if (!NUMERIC.test(s)) problem = `${op.base} compares numbers; "${s}" is not a number`;
              break;
            case 'Date':
              if (!ISO_DATE.test(s) && !EPOCH.test(s)) problem = `${op.base} compares dates (e.g. "2026-12-31T23:59:59Z" or epoch seconds); "${s}" is not one`;
              break;
            case 'Bool':
            case 'Null':
              if (!/^(true|false)$/i.test(s)) problem = `${op.base} takes "true" or "false", not "${s}"`;
              break;
            case 'IpAddress':
              if (!isIpOrCidr(s)) problem = `${op.base} takes IP addresses or CIDR blocks (e.g. "203.0.113.0/24"); "${s}" is not one`;
              break;
            case 'Binary':
              if (!isBase64(s)) problem = `BinaryEquals takes base-64 text; "${s}" is not`;
              break;
            case 'Arn':
              if (s !== '*' && !s.startsWith('arn:')) problem = `${op.base} compares ARNs; "${s}" is not an ARN (use a String operator for other values)`;
              break;
          }
          if (problem) report(v.span, problem + '.');
        }
      }
    }
  },
});
