import { quota, QUOTAS, type QuotaName } from '../support/quotas';
import { defineRule } from '../types';
import type { Span } from '../../../text/span';

export default defineRule({
  id: 'quota/entities-per-account',
  // Reads no description, and tags only through policy evaluation (support/neutral.ts).
  unaffectedBy: ['description', 'tag'],
  severity: 'error',
  message: 'More entities than the account quota allows.',
  doc: `An account holds at most 5,000 users (fixed), 300 groups (raisable to 500), 1,000 roles (5,000), 1,500
customer managed policies (5,000), 1,000 instance profiles (5,000), 100 OIDC providers (700) and 100 SAML
providers. Creating more fails. If AWS raised a quota for the account, record it in \`account.quotas\`
(e.g. \`"rolesPerAccount": 2000\`). **Fix:** remove unused entities, or request a quota increase and record it.`,
  file({ file, report }) {
    const check = (name: QuotaName, spans: { size: number; at(i: number): Span }) => {
      const limit = quota(file, name);
      if (spans.size > limit) {
        report(spans.at(limit), `${spans.size} ${QUOTAS[name].what}; the quota is ${limit}${limit < QUOTAS[name].max ? ` (AWS can raise it to ${QUOTAS[name].max})` : ''}. This is number ${limit + 1}.`);
      }
    };
    // The name spans of a map's entities, read only when the quota is exceeded.
    const names = (map: Map<string, { nameSpan: Span }>) => ({
      size: map.size,
      at(i: number) {
        let n = 0;
        for (const e of map.values()) if (n++ === i) return e.nameSpan;
        throw new Error('out of range');
      },
    });
    const list = (spans: Span[]) => ({ size: spans.length, at: (i: number) => spans[i] });
    check('usersPerAccount', names(file.users));
    check('groupsPerAccount', names(file.groups));
    check('rolesPerAccount', names(file.roles));
    check('customerPoliciesPerAccount', names(file.policies));
    const profiles = new Map<string, Span>();
    for (const r of file.roles.values()) if (r.instanceProfile && !profiles.has(r.instanceProfile.name)) profiles.set(r.instanceProfile.name, r.instanceProfile.span);
    check('instanceProfilesPerAccount', list([...profiles.values()]));
    const idps = [...file.identityProviders.values()];
    check('oidcProvidersPerAccount', list(idps.filter((p) => p.type === 'oidc').map((p) => p.nameSpan)));
    check('samlProvidersPerAccount', list(idps.filter((p) => p.type === 'saml').map((p) => p.nameSpan)));
  },
});
