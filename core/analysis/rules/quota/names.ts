import { NAME_LIMITS, nameCharsOk } from '../support/quotas';
import { defineRule } from '../types';
import type { Span } from '../../../text/span';

export default defineRule({
  id: 'quota/names',
  scope: 'entity',
  severity: 'error',
  message: 'IAM names are limited in length and characters.',
  doc: `Names of users and roles may be 64 characters long, of groups, policies and instance profiles 128; all
may use only letters, digits and \`+ = , . @ _ -\` (no spaces, no slashes). IAM refuses anything else.
**Fix:** rename the entity (and its references).`,
  file({ file, report }) {
    const check = (kind: keyof typeof NAME_LIMITS, label: string, name: string, span: Span) => {
      if (name.length > NAME_LIMITS[kind]) report(span, `The ${label} name "${name.slice(0, 40)}…" is ${name.length} characters long; IAM allows ${NAME_LIMITS[kind]}.`);
      if (!nameCharsOk(name)) {
        const bad = [...new Set(name.replace(/[\w+=,.@-]/g, ''))].map((c) => (c === ' ' ? 'space' : JSON.stringify(c))).join(', ') || 'empty';
        report(span, name === '' ? `A ${label} needs a name.` : `The ${label} name "${name}" has characters IAM does not allow (${bad}); use letters, digits and + = , . @ _ -.`);
      }
    };
    for (const u of file.users.values()) check('user', 'user', u.name, u.nameSpan);
    for (const g of file.groups.values()) check('group', 'group', g.name, g.nameSpan);
    for (const r of file.roles.values()) {
      check('role', 'role', r.name, r.nameSpan);
      if (r.instanceProfile) check('instanceProfile', 'instance profile', r.instanceProfile.name, r.instanceProfile.span);
    }
    for (const p of file.policies.values()) check('policy', 'policy', p.name, p.nameSpan);
  },
});
