import { compileSafeRegex } from '../../../text/regex';
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
**Fix:** rename the entity (and its references).

The patterns are JavaScript regular expressions (as with the \`u\` flag), matched anywhere in the name unless
anchored with \`^\` and \`$\`, by an engine that takes time linear in the pattern's size times the name's length
(a Thompson automaton run breadth-first): a pattern such as \`^(a+)+$\`, which makes JavaScript's own engine
backtrack for minutes on a long name, can't hang \`check\` here. Everything but what needs backtracking is
supported: character classes, \`\\d\` \`\\w\` \`\\s\` \`\\p{...}\` and other escapes, groups (plain, \`(?:...)\`, named),
alternation, \`* + ? {n} {n,} {n,m}\` (lazy or not), \`^\`, \`$\`, \`\\b\`, \`\\B\`. Refused, with an error on the
pattern in iam-workbench.json saying where: backreferences (\`\\1\`, \`\\k<name>\`), lookahead and lookbehind
(\`(?=\`, \`(?!\`, \`(?<=\`, \`(?<!\`), patterns over 1,000 characters, and patterns whose counted repetitions
write out to over 2,000 steps (\`(a{100}){100}\`).`,
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
      const re = compiled(pattern);
      if (!re) continue; // the configuration reader reports patterns it can't use
      for (const e of entities) {
        if (!re.test(e.name)) report(e.nameSpan, `The ${kind} name "${e.name}" does not match the naming convention /${pattern}/.`);
      }
    }
  },
});

/** One compiled matcher per pattern (undefined: not usable; the configuration reader says why). */
const cache = new Map<string, ReturnType<typeof compileSafeRegex>['regex']>();
function compiled(pattern: string) {
  if (!cache.has(pattern)) {
    if (cache.size > 64) cache.clear();
    cache.set(pattern, compileSafeRegex(pattern).regex);
  }
  return cache.get(pattern);
}
