import { defineRule } from '../types';

export default defineRule({
  id: 'iam/group-in-group',
  scope: 'entity',
  severity: 'error',
  message: 'IAM groups cannot contain other groups.',
  doc: `IAM groups hold users only; there is no nesting, so a group listed inside a group gives its members
nothing. **Fix:** add the users to each group they need, or attach the other group's policies to this one.`,
  file({ file, report }) {
    for (const g of file.groups.values()) {
      for (const n of g.nestedGroups ?? []) {
        report(n.span, `Group "${g.name}" lists group "${n.name}": IAM groups cannot contain groups. Add the users to "${n.name}" directly, or attach its policies here.`);
      }
    }
  },
});
