import { getCatalog } from '../../../data/catalog';
import { values } from '../support/policy';
import { defineRule } from '../types';

export default defineRule({
  id: 'catalog/wildcard-matches-nothing',
  severity: 'error',
  message: 'This action pattern matches no action.',
  doc: `A pattern such as \`"s3:Gett*"\` that matches no action of the service grants or denies nothing. Usually a
typo in the fixed part. **Fix:** correct the pattern so it matches the actions you meant.`,
  policy({ target, report }) {
    const catalog = getCatalog();
    for (const st of target.doc.statements) {
      for (const a of [...values(st.action), ...values(st.notAction)]) {
        const v = a.value;
        const colon = v.indexOf(':');
        if (colon <= 0 || !/[*?]/.test(v.slice(colon + 1)) || /[*?$]/.test(v.slice(0, colon))) continue;
        const service = catalog.service(v.slice(0, colon));
        if (!service) continue;
        if (catalog.actionsMatching(v).length === 0) report(a.span, `"${v}" matches no action of ${service.name}.`);
      }
    }
  },
});
