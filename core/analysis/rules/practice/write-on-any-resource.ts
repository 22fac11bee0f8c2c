import { getCatalog } from '../../../data/catalog';
import { memo } from '../support/memo';
import { hasStar, isAllow, values } from '../support/policy';

const risky = memo((v: string): { shown: string; pm: boolean } | undefined => {
  if (v === '*' || /^[^:]*:\*$/.test(v) || v.includes('$')) return undefined; // other rules speak
  // iam:PassRole has its own rule (practice/passrole-wildcard).
  const found = getCatalog().actionsMatching(v).filter((x) => !x.wildcardOnly && x.id !== 'iam:PassRole' && x.accessLevels.some((l) => l === 'Write' || l === 'Permissions management'));
  if (found.length === 0) return undefined;
  const pm = found.some((x) => x.accessLevels.includes('Permissions management'));
  return { shown: found.length === 1 ? found[0].id : `${found.length} ${pm ? 'write and permissions-management' : 'write'} actions`, pm };
});
import { defineRule } from '../types';

export default defineRule({
  id: 'practice/write-on-any-resource',
  kinds: ['identity'],
  severity: 'warning',
  message: 'Write or permissions-management actions allowed on every resource.',
  doc: `Actions that change things (access level Write) or permissions (Permissions management: policies, ACLs,
grants) should name the resources they may change. On \`"Resource": "*"\` they reach every bucket, table or
role in the account, including ones created later. (Actions that only take \`*\` are not flagged.)
**Fix:** replace \`"*"\` by the ARNs of the resources, or add a condition (\`aws:ResourceTag/...\`).`,
  policy({ target, report }) {
    if (target.kind !== 'identity') return;
    for (let i = 0, statements = target.doc.statements; i < statements.length; i++) {
      const st = statements[i];
      if (!isAllow(st) || st.conditions.length || !hasStar(st.resource)) continue;
      for (let j = 0, list = values(st.action); j < list.length; j++) {
        const a = list[j];
        const r = risky(a.value);
        if (r) report(a.span, `${r.shown} allowed on every resource ("Resource": "*"); name the resources.`, { severity: r.pm ? 'warning' : 'info' });
      }
    }
  },
});
