import { defineRule } from '../types';

export default defineRule({
  id: 'practice/empty-group',
  // Reads no description, and tags only through policy evaluation (support/neutral.ts).
  unaffectedBy: ['description', 'tag'],
  severity: 'info',
  message: 'The group has no members.',
  doc: `A group nobody belongs to grants nothing; it is either left over or waiting for users. **Fix:** delete it,
or add its users.`,
  file({ file, report }) {
    for (const g of file.groups.values()) if (g.members.length === 0) report(g.nameSpan, `Group "${g.name}" has no members.`);
  },
});
