import { defineRule } from '../types';
import type { NamingKind } from '../../config';

export default defineRule({
  id: 'practice/naming',
  scope: 'entity',
  severity: 'warning',
  message: 'The name does not follow the workspace\'s naming convention.',
  doc: `Consistent names make an account readable and let policies match families of resources
(\`arn:aws:iam::*:role/app-*\`). Set a pattern per entity kind in iam-workbench.json, e.g.
\`"naming": { "role": "^[a-z][a-z0-9-]*$", "group": "^[A-Z][A-Za-z]+$" }\`; this rule is silent without one.
**Fix:** rename the entity (and its references).`,
  file({ file, report, config }) {
    const naming = config.naming;
    if (!naming) return;
    const kinds: [NamingKind, Iterable<{ name: string; nameSpan: { start: number; end: number } }>][] = [
      ['user', file.users.values()],
      ['group', file.groups.values()],
      ['role', file.roles.values()],
      ['policy', file.policies.values()],
    ];
    for (const [kind, entities] of kinds) {
      const pattern = naming[kind];
      if (!pattern) continue;
      let re: RegExp;
      try {
        re = new RegExp(pattern, 'u');
      } catch {
        continue; // the configuration reader reports bad patterns
      }
      for (const e of entities) {
        if (!re.test(e.name)) report(e.nameSpan, `The ${kind} name "${e.name}" does not match the naming convention /${pattern}/.`);
      }
    }
  },
});
