import { defineRule } from '../types';

export default defineRule({
  id: 'quota/role-switch-name',
  scope: 'entity',
  severity: 'info',
  message: 'Path plus role name longer than 64 characters: the console cannot switch to this role.',
  doc: `The AWS console's "Switch role" needs the role's path and name together to fit in 64 characters. Longer
ones still work from the CLI and SDKs. **Fix:** shorten the path or the name if people switch to this role
in the console.`,
  file({ file, report }) {
    for (const r of file.roles.values()) {
      const length = (r.path === '/' ? 0 : r.path.length - 1) + r.name.length;
      if (length > 64 && r.name.length <= 64) report(r.nameSpan, `Path and name of role "${r.name}" are ${length} characters long; the console can switch only to roles within 64.`);
    }
  },
});
