import { defineRule } from '../types';

export default defineRule({
  id: 'practice/two-active-keys',
  scope: 'entity',
  severity: 'warning',
  message: 'Two active access keys.',
  doc: `The second key slot is for rotation: create the new key, switch over, delete the old one. Two keys active
for good doubles what can leak and usually means a rotation was never finished. **Fix:** deactivate and
delete the key no longer in use.`,
  file({ file, report }) {
    for (const u of file.users.values()) {
      if (u.accessKeys.length < 2) continue;
      const active = u.accessKeys.filter((k) => k.status === 'Active');
      if (active.length >= 2) report(active[1].statusSpan ?? active[1].span, `User "${u.name}" has ${active.length} active access keys; finish the rotation and delete the old one.`);
    }
  },
});
