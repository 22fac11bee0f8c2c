import { getCatalog } from '../../../data/catalog';
import { hasStar, isAllow, values } from '../support/policy';
import { defineRule } from '../types';

export default defineRule({
  id: 'practice/write-on-any-resource',
  severity: 'warning',
  message: 'Write or permissions-management actions allowed on every resource.',
  doc: `Actions that change things (access level Write) or permissions (Permissions management: policies, ACLs,
grants) should name the resources they may change. On \`"Resource": "*"\` they reach every bucket, table or
role in the account, including ones created later. (Actions that only take \`*\` are not flagged.)
**Fix:** replace \`"*"\` by the ARNs of the resources, or add a condition (\`aws:ResourceTag/...\`).`,
  policy({ target, report }) {
    if (target.kind !== 'identity') return;
    const catalog = getCatalog();
    for (const st of target.doc.statements) {
      if (!isAllow(st) || st.conditions.length || !hasStar(st.resource)) continue;
      for (const a of values(st.action)) {
        const v = a.value;
        if (v === '*' || /^[^:]*:\*$/.test(v) || v.includes('$')) continue; // other rules speak
        const risky = catalog.actionsMatching(v).filter((x) => !x.wildcardOnly && x.accessLevels.some((l) => l === 'Write' || l === 'Permissions management'));
        if (risky.length === 0) continue;
        const pm = risky.some((x) => x.accessLevels.includes('Permissions management'));
        const shown = risky.length === 1 ? risky[0].id : `${risky.length} ${pm ? 'write and permissions-management' : 'write'} actions`;
        report(a.span, `${shown} allowed on every resource ("Resource": "*"); name the resources.`, { severity: pm ? 'warning' : 'info' });
      }
    }
  },
});
