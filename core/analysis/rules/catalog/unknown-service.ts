import { getCatalog } from '../../../data/catalog';
import { replaceValueFix } from '../support/edits';
import { docFacts, FACT } from '../support/facts';
import { memo } from '../support/memo';
import { forEachActionValue } from '../support/policy';

const problem = memo((v: string): { service: string; hints: string[] } | undefined => {
  const colon = v.indexOf(':');
  if (colon <= 0) return undefined;
  const service = v.slice(0, colon);
  if (/[*?$]/.test(service) || !/^[a-z0-9-]+$/i.test(service) || getCatalog().service(service)) return undefined;
  return { service, hints: getCatalog().suggest(service, 'service', 3) };
});
import { defineRule } from '../types';

export default defineRule({
  id: 'catalog/unknown-service',
  severity: 'error',
  message: 'Unknown service prefix.',
  doc: `The part before the colon must be a service prefix AWS defines (\`s3\`, \`ec2\`, \`dynamodb\`, ...; not the
service's name, e.g. \`cloudwatch\` vs \`logs\`). An unknown prefix matches no request. **Fix:** use the prefix
from the service authorization reference; the quick fix offers the closest ones.`,
  facts: FACT.notPlainActions,
  policy({ target, report }) {
    // Only "*" and known actions written in full: nothing to report (see DocFacts.plainActions).
    if (docFacts(target.doc, target.file.text).plainActions) return;
    forEachActionValue(target.doc, (a) => {
      const p = problem(a.value);
      if (!p) return;
      const v = a.value;
      const rest = v.slice(v.indexOf(':') + 1);
      const fixes = target.pinned ? [] : p.hints.map((h) => `${h}:${rest}`).map((h) => replaceValueFix(`Change to "${h}"`, target.doc.uri, a.span, h));
      report(a.span, `"${p.service}" is not an AWS service prefix${p.hints.length ? `; did you mean ${p.hints.map((h) => `"${h}"`).join(', ')}?` : '.'}`, { fixes });
    });
  },
});
