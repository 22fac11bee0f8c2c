import { getCatalog } from '../../../data/catalog';
import type { Role, User } from '../../../model/types';
import type { Span } from '../../../text/span';
import { grantsFor, principalContext, resourcePoliciesNaming } from '../../diff/access';
import type { NeverGranted } from '../../config';
import { defineRule } from '../types';
import { glob, overlaps } from './support';

/** The entry's actions, lower case, wildcards expanded through the catalogue (unknown literal names kept). */
function actionSet(entry: NeverGranted): Set<string> {
  const catalog = getCatalog();
  const out = new Set<string>();
  for (const a of entry.actions) {
    const hits = catalog.actionsMatching(a);
    for (const h of hits) { out.add(h.id.toLowerCase()); }
    if (!hits.length && !/[*?]/.test(a)) out.add(a.toLowerCase());
  }
  return out;
}

export default defineRule({
  id: 'access/not-granted',
  // Reads no description, and tags only through policy evaluation (support/neutral.ts).
  unaffectedBy: ['description', 'tag'],
  severity: 'error',
  message: 'A user or role has access the team pinned as never granted (accessChecks.neverGranted).',
  doc: `The offline, whole-workspace counterpart of IAM Access Analyzer's CheckAccessNotGranted. List in iam-workbench.json
the accesses no one may have, with the principals allowed to have them anyway:

\`\`\`json
{ "accessChecks": { "neverGranted": [
  { "actions": ["s3:DeleteBucket"], "resources": ["arn:aws:s3:::prod-*"], "except": ["arn:aws:iam::*:role/break-glass"] }
] } }
\`\`\`

Every user and role is checked through every path (its own policies, its groups', managed policies incl. AWS managed
ones, resource policies that name it), and the evaluator decides each grant with its boundary and SCPs, so a Deny,
a boundary or an SCP that takes the access away keeps the check quiet; access that depends on request context
(conditions) counts. \`actions\` may be wildcards (\`iam:*\`); \`resources\` and \`except\` are ARN patterns with \`*\` and
\`?\` (default resource: anywhere). The finding is on the statement that grants the access, naming the principals.
**Fix:** remove the action or narrow the statement's resources, or add the principal to \`except\` if it is meant to
have it.`,
  workspace({ workspace, config, report }) {
    const entries = config.accessChecks?.neverGranted ?? [];
    if (!entries.length) return;
    const naming = resourcePoliciesNaming(workspace);
    const principals: (User | Role)[] = [...workspace.users(), ...workspace.roles()];
    // One finding per statement (and entry): the principals it reaches and the actions.
    const found = new Map<string, { uri: string; span: Span; policy: string; who: Set<string>; actions: Set<string>; entry: NeverGranted; via?: User | Role }>();
    entries.forEach((entry, n) => {
      const actions = actionSet(entry);
      if (!actions.size) return;
      for (const p of principals) {
        if (entry.except.some((e) => glob(e, p.arn, true))) continue;
        const ctx = principalContext(workspace, p, naming);
        for (const g of grantsFor(ctx, actions)) {
          if (!entry.resources.some((r) => overlaps(r, g.resource))) continue;
          // A statement of an AWS managed policy is not in the files: the finding goes on the principal.
          const inFiles = !!workspace.file(g.source.uri);
          const key = inFiles ? `${n}|${g.source.uri}|${g.source.span.start}` : `${n}|${p.arn}|${g.source.policy}`;
          let f = found.get(key);
          if (!f) {
            f = inFiles
              ? { uri: g.source.uri, span: g.source.span, policy: g.source.policy, who: new Set(), actions: new Set(), entry }
              : { uri: p.uri, span: p.nameSpan, policy: g.source.policy, who: new Set(), actions: new Set(), entry, via: p };
            found.set(key, f);
          }
          f.who.add(`${p.kind} ${p.name}`);
          f.actions.add(`${g.action} on ${g.resource}`);
        }
      }
    });
    for (const f of found.values()) {
      const who = [...f.who].sort();
      const what = [...f.actions].sort();
      const pinned = `${f.entry.actions.join(', ')} on ${f.entry.resources.join(', ')}`;
      const list = (xs: string[], n: number) => (xs.length > n ? `${xs.slice(0, n).join(', ')} and ${xs.length - n} more` : xs.join(', '));
      report(
        f.span,
        `${f.via ? `${f.policy} gives` : 'This statement gives'} ${list(who, 5)} ${list(what, 3)}, pinned as never granted (${pinned}) in iam-workbench.json.`,
        { uri: f.uri },
      );
    }
  },
});
