import { defineRule } from '../types';
import type { Span } from '../../../text/span';

export default defineRule({
  id: 'quota/unique-names',
  severity: 'error',
  message: 'Names must be unique ignoring case.',
  doc: `IAM does not distinguish case in names: an account cannot have both group \`ADMINS\` and group \`admins\`
(the same holds for users, roles, policies and instance profiles). **Fix:** rename one of them.`,
  file({ file, report }) {
    const check = (label: string, entries: { name: string; span: Span }[]) => {
      const seen = new Map<string, { name: string; span: Span }>();
      for (const e of entries) {
        const lower = e.name.toLowerCase();
        const first = seen.get(lower);
        if (!first) seen.set(lower, e);
        else if (first.name !== e.name) {
          report(e.span, `The ${label} "${e.name}" clashes with "${first.name}": IAM names ignore case.`, {
            related: [{ uri: file.uri, span: first.span, message: `${label} "${first.name}"` }],
          });
        }
      }
    };
    check('user', [...file.users.values()].map((e) => ({ name: e.name, span: e.nameSpan })));
    check('group', [...file.groups.values()].map((e) => ({ name: e.name, span: e.nameSpan })));
    check('role', [...file.roles.values()].map((e) => ({ name: e.name, span: e.nameSpan })));
    check('policy', [...file.policies.values()].map((e) => ({ name: e.name, span: e.nameSpan })));
    // Instance profiles: the same name twice is quota/instance-profile-roles; here only case clashes.
    const profiles = new Map<string, { name: string; span: Span }>();
    for (const r of file.roles.values()) if (r.instanceProfile && !profiles.has(r.instanceProfile.name)) profiles.set(r.instanceProfile.name, r.instanceProfile);
    check('instance profile', [...profiles.values()]);
  },
});
