import { getCatalog } from '../../../data/catalog';
import { replaceValueFix } from '../support/edits';
import { FACT } from '../support/facts';
import { defineRule } from '../types';

export default defineRule({
  id: 'catalog/unknown-condition-key',
  severity: 'error',
  message: 'Unknown condition key.',
  doc: `The key is neither a global condition key (\`aws:...\`) nor one a service defines. An unknown key is absent
from every request, so the condition never matches (and an \`IfExists\` or negated operator always does).
Condition keys are case-insensitive, but a misspelt one is simply missing. **Fix:** use a key from the
service authorization reference; the quick fix offers the closest ones.`,
  facts: FACT.conditionKeys,
  policy({ target, report }) {
    const catalog = getCatalog();
    for (let i = 0, statements = target.doc.statements; i < statements.length; i++) {
      const st = statements[i];
      for (let j = 0, conditions = st.conditions; j < conditions.length; j++) {
        const c = conditions[j];
        const key = c.key.value;
        if (catalog.conditionKey(key)) continue;
        const colon = key.indexOf(':');
        const prefix = colon > 0 ? key.slice(0, colon) : '';
        const hints = catalog.suggest(key, 'conditionKey', 3);
        const known = prefix.toLowerCase() === 'aws' || catalog.service(prefix);
        const message = !prefix
          ? `"${key}" is not a condition key: keys are written "service:Name" (e.g. "aws:SourceIp").`
          : `${known ? `"${key}" is not a condition key of ${prefix.toLowerCase() === 'aws' ? 'the global keys' : catalog.service(prefix)!.name}` : `"${key}" is an unknown condition key`}${hints.length ? `; did you mean ${hints.map((h) => `"${h}"`).join(', ')}?` : '.'}`;
        const fixes = target.pinned ? [] : hints.filter((h) => !h.includes('${')).map((h) => replaceValueFix(`Change to "${h}"`, target.doc.uri, c.key.span, h));
        report(c.key.span, message, { fixes, severity: known || !prefix ? 'error' : 'warning' });
      }
    }
  },
});
