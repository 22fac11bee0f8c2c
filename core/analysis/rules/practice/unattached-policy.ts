import { defineRule } from '../types';

export default defineRule({
  id: 'practice/unattached-policy',
  severity: 'info',
  message: 'The customer managed policy is attached to nothing.',
  doc: `A policy that no user, group or role uses, and that is neither a permissions boundary nor an SCP/RCP,
grants nothing. It may be left over, or waiting to be attached. **Fix:** attach it or delete it.`,
  file({ file, report }) {
    const used = new Set<string>();
    const mark = (t: { kind: string; policy?: { name: string } } | undefined) => {
      if (t?.kind === 'customer' && t.policy) used.add(t.policy.name);
    };
    for (const map of [file.users, file.groups, file.roles]) {
      for (const e of map.values()) {
        for (const r of e.policies) mark(r.target);
        if (e.kind !== 'group') mark(e.permissionsBoundary?.target);
      }
    }
    const org = file.account.organization;
    for (const levels of [org?.serviceControlPolicies ?? [], org?.resourceControlPolicies ?? []]) for (const level of levels) for (const r of level) mark(r.target);
    for (const p of file.policies.values()) if (!used.has(p.name)) report(p.nameSpan, `Policy "${p.name}" is attached to nothing.`);
  },
});
