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
        for (let i = 0, list = [node.policies, ...node.accounts.map((a) => a.policies)]; i < list.length; i++) {
          const refs = list[i];
          for (let j = 0; j < refs.length; j++) {
            const r = refs[j];
            if (r.target?.kind === 'organization') attached.add(r.target.policy.name);
          }
        }
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
    for (let k = 0, items = [file.users, file.groups, file.roles]; k < items.length; k++) {
      const map = items[k];
      for (const e of map.values()) {
        for (let n = 0, policies = e.policies; n < policies.length; n++) {
          const r = policies[n];
          mark(r.target);
        }
        if (e.kind !== 'group') mark(e.permissionsBoundary?.target);
      }
    }
    const org = file.account.organization;
    for (const levels of [org?.serviceControlPolicies ?? [], org?.resourceControlPolicies ?? []]) {
      for (let q = 0; q < levels.length; q++) {
        const level = levels[q];
        for (let k = 0; k < level.length; k++) mark(level[k].target);
      }
    }
    for (const p of file.policies.values()) if (!used.has(p.name)) report(p.nameSpan, `Policy "${p.name}" is attached to nothing.`);
  },
});
