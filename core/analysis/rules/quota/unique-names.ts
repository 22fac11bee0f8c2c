import { defineRule } from '../types';
import type { Span } from '../../../text/span';

export default defineRule({
  id: 'quota/unique-names',
  scope: 'names',
  // Instance profile names sit in a role's value.
  namesAlsoIn: ['roles'],
  severity: 'error',
  message: 'Names must be unique ignoring case.',
  doc: `IAM does not distinguish case in names: an account cannot have both group \`ADMINS\` and group \`admins\`
(the same holds for users, roles, policies and instance profiles). **Fix:** rename one of them.`,
  file({ file, report }) {
    const check = <E extends { name: string }>(label: string, entries: Iterable<E>, spanOf: (e: E) => Span) => {
      const seen = new Map<string, E>();
      for (const e of entries) {
        const lower = e.name.toLowerCase();
        const first = seen.get(lower);
        if (!first) seen.set(lower, e);
        else if (first.name !== e.name) {
          report(spanOf(e), `The ${label} "${e.name}" clashes with "${first.name}": IAM names ignore case.`, {
            related: [{ uri: file.uri, span: spanOf(first), message: `${label} "${first.name}"` }],
          });
        }
      }
    };
    const nameSpan = (e: { nameSpan: Span }) => e.nameSpan;
    check('user', file.users.values(), nameSpan);
    check('group', file.groups.values(), nameSpan);
    check('role', file.roles.values(), nameSpan);
    check('policy', file.policies.values(), nameSpan);
    // Instance profiles: the same name twice is quota/instance-profile-roles; here only case clashes.
    const profiles = new Map<string, { name: string; span: Span }>();
    for (const r of file.roles.values()) if (r.instanceProfile && !profiles.has(r.instanceProfile.name)) profiles.set(r.instanceProfile.name, r.instanceProfile);
    check('instance profile', profiles.values(), (e) => e.span);
  },
});
