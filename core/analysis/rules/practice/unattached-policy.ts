import { orgNodes } from '../../../model/parse-organization';
import { defineRule } from '../types';

export default defineRule({
  id: 'practice/unattached-policy',
  // Reads no description, and tags only through policy evaluation (support/neutral.ts).
  unaffectedBy: ['description', 'tag'],
  severity: 'info',
  message: 'The customer managed policy is attached to nothing.',
  doc: `A policy that no user, group or role uses, and that is neither a permissions boundary nor an SCP/RCP,
grants nothing. It may be left over, or waiting to be attached. In an organization file, an SCP or RCP attached to no
root, OU or account restricts nothing. **Fix:** attach it or delete it.`,
  file({ file, report }) {
    if (file.organization) {
      // An organization file: an SCP or RCP attached to no root, OU or account restricts nothing.
      const attached = new Set<string>();
      for (const node of orgNodes(file.organization.root)) {
        for (let i1_ = 0, l1_ = [node.policies, ...node.accounts.map((a) => a.policies)]; i1_ < l1_.length; i1_++) { const refs = l1_[i1_]; for (let i2_ = 0, l2_ = refs; i2_ < l2_.length; i2_++) { const r = l2_[i2_]; if (r.target?.kind === 'organization') attached.add(r.target.policy.name); } }
      }
      for (const p of file.organization.policies.values()) {
        if (!attached.has(p.name)) report(p.nameSpan, `${p.type === 'SERVICE_CONTROL_POLICY' ? 'SCP' : 'RCP'} "${p.name}" is attached to no root, OU or account.`);
      }
      return;
    }
    const used = new Set<string>();
    const mark = (t: { kind: string; policy?: { name: string } } | undefined) => {
      if (t?.kind === 'customer' && t.policy) used.add(t.policy.name);
    };
    for (let i3_ = 0, l3_ = [file.users, file.groups, file.roles]; i3_ < l3_.length; i3_++) { const map = l3_[i3_];
      for (const e of map.values()) {
        for (let i4_ = 0, l4_ = e.policies; i4_ < l4_.length; i4_++) { const r = l4_[i4_]; mark(r.target); }
        if (e.kind !== 'group') mark(e.permissionsBoundary?.target);
      }
    }
    const org = file.account.organization;
    for (let i5_ = 0, l5_ = [org?.serviceControlPolicies ?? [], org?.resourceControlPolicies ?? []]; i5_ < l5_.length; i5_++) { const levels = l5_[i5_]; for (let i6_ = 0, l6_ = levels; i6_ < l6_.length; i6_++) { const level = l6_[i6_]; for (let i7_ = 0, l7_ = level; i7_ < l7_.length; i7_++) { const r = l7_[i7_]; mark(r.target); } } }
    for (const p of file.policies.values()) if (!used.has(p.name)) report(p.nameSpan, `Policy "${p.name}" is attached to nothing.`);
  },
});
