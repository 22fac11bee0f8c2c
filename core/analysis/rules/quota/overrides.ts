import { closest } from '../../../data/suggest';
import { QUOTAS, type QuotaName } from '../support/quotas';
import { defineRule } from '../types';

export default defineRule({
  id: 'quota/overrides',
  // Reads no description, and tags only through policy evaluation (support/neutral.ts).
  unaffectedBy: ['description', 'tag'],
  severity: 'warning',
  message: 'Unknown quota name, or a value AWS does not grant.',
  doc: `\`account.quotas\` records quotas AWS raised for the account, by name: ${Object.keys(QUOTAS).map((q) => `\`${q}\``).join(', ')}.
An unknown name is ignored; a value above what AWS grants (or a change to a fixed quota) does not reflect a
real account. **Fix:** use one of these names and the value the account's Service Quotas console shows.`,
  file({ file, report }) {
    const quotas = file.account.quotas;
    if (quotas.size === 0) return;
    const names = Object.keys(QUOTAS);
    // The quota key spans are not in the model; the value span is the closest place.
    for (const [name, v] of quotas) {
      const q = QUOTAS[name as QuotaName];
      if (!q) {
        const hint = closest(name, names, 1)[0];
        report(v.span, `"${name}" is not a quota this tool knows${hint ? `; did you mean "${hint}"?` : ''} Known: ${names.join(', ')}.`);
      } else if (v.value > q.max) {
        report(v.span, q.max === q.default ? `${q.what} is a fixed quota (${q.default}); AWS does not raise it.` : `AWS raises ${q.what} to at most ${q.max}.`);
      } else if (v.value < 1 || !Number.isInteger(v.value)) {
        report(v.span, `A quota is a whole number of at least 1, not ${v.value}.`, { severity: 'error' });
      }
    }
  },
});
