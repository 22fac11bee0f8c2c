import { getCatalog } from '../../../data/catalog';
import { docFacts, FACT } from '../support/facts';
import { memo } from '../support/memo';
import { forEachActionValue } from '../support/policy';

const matchesNothing = memo((v: string) => {
  const colon = v.indexOf(':');
  if (colon <= 0 || !/[*?]/.test(v.slice(colon + 1)) || /[*?$]/.test(v.slice(0, colon))) return undefined;
  const service = getCatalog().service(v.slice(0, colon));
  if (!service) return undefined;
  return getCatalog().actionsMatching(v).length === 0 ? service.name : undefined;
});
import { defineRule } from '../types';

export default defineRule({
  id: 'catalog/wildcard-matches-nothing',
  severity: 'error',
  message: 'This action pattern matches no action.',
  doc: `A pattern such as \`"s3:Gett*"\` that matches no action of the service grants or denies nothing. Usually a
typo in the fixed part. **Fix:** correct the pattern so it matches the actions you meant.`,
  facts: FACT.notPlainActions,
  policy({ target, report }) {
    // Only "*" and known actions written in full: nothing to report (see DocFacts.plainActions).
    if (docFacts(target.doc, target.file.text).plainActions) return;
    forEachActionValue(target.doc, (a) => {
      const service = matchesNothing(a.value);
      if (service) report(a.span, `"${a.value}" matches no action of ${service}.`);
    });
  },
});
