import { getCatalog } from '../../../data/catalog';
import { replaceValueFix } from '../support/edits';
import { values } from '../support/policy';
import { defineRule } from '../types';

export default defineRule({
  id: 'catalog/unknown-service',
  severity: 'error',
  message: 'Unknown service prefix.',
  doc: `The part before the colon must be a service prefix AWS defines (\`s3\`, \`ec2\`, \`dynamodb\`, ...; not the
service's name, e.g. \`cloudwatch\` vs \`logs\`). An unknown prefix matches no request. **Fix:** use the prefix
from the service authorization reference; the quick fix offers the closest ones.`,
  policy({ target, report }) {
    const catalog = getCatalog();
    for (const st of target.doc.statements) {
      for (const a of [...values(st.action), ...values(st.notAction)]) {
        const v = a.value;
        const colon = v.indexOf(':');
        if (colon <= 0) continue;
        const service = v.slice(0, colon);
        if (/[*?$]/.test(service) || !/^[a-z0-9-]+$/i.test(service) || catalog.service(service)) continue;
        const hints = catalog.suggest(service, 'service', 3);
        const fixes = target.pinned ? [] : hints.map((h) => `${h}:${v.slice(colon + 1)}`).map((h) => replaceValueFix(`Change to "${h}"`, target.doc.uri, a.span, h));
        report(a.span, `"${service}" is not an AWS service prefix${hints.length ? `; did you mean ${hints.map((h) => `"${h}"`).join(', ')}?` : '.'}`, { fixes });
      }
    }
  },
});
