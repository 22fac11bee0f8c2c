import { getCatalog } from '../../../data/catalog';
import { parseOperator, type OperatorFamily } from '../support/operators';
import { FACT } from '../support/facts';
import { defineRule } from '../types';

/** Which operator families suit keys of each type (ArrayOf* keys as their element type). */
const SUITS: Record<string, OperatorFamily[]> = {
  // ARN operators on string keys are common (and work) when the string holds an ARN.
  String: ['String', 'Arn'],
  ARN: ['Arn', 'String'],
  Numeric: ['Numeric'],
  Date: ['Date'],
  // A Bool key compared as the string "true" works; only other families are wrong.
  Bool: ['Bool', 'String'],
  IPAddress: ['IpAddress'],
  Binary: ['Binary'],
};

export default defineRule({
  id: 'grammar/operator-key-type',
  severity: 'warning',
  message: 'The operator does not suit the type of the condition key.',
  doc: `Every condition key has a type (String, ARN, Numeric, Date, Bool, IPAddress, ...). An operator of another
family compares values the key never holds, so the condition never (or always, for negated operators)
matches; e.g. \`StringEquals\` on \`aws:SourceIp\`, \`NumericLessThan\` on \`aws:CurrentTime\`. **Fix:** use the
operator for the key's type (IpAddress, DateLessThan, Bool, ...).`,
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
        if (!key || key.webIdentityClaim || key.templated) continue;
        const type = key.type.replace(/^ArrayOf/, '');
        const suits = SUITS[type];
        if (!suits || suits.includes(op.family)) continue;
        report(c.key.span, `${c.key.value} is of type ${key.type}; ${op.base} compares ${op.family === 'IpAddress' ? 'IP addresses' : op.family.toLowerCase() + ' values'}. Use a ${suits[0]} operator.`);
      }
    }
  },
});
