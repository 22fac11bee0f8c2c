import { externalAccess, type ExternalAccess } from '../../external';
import type { Rule } from '../types';
import { defineRule } from '../types';
import { glob } from './support';

function exposureRule(kind: 'neverPublic' | 'neverExternal'): Rule {
  const pub = kind === 'neverPublic';
  return defineRule({
    id: pub ? 'access/no-public-access' : 'access/no-external-access',
    // Reads no description, and tags only through policy evaluation (support/neutral.ts).
    unaffectedBy: ['description', 'tag'],
    severity: 'error',
    message: pub
      ? 'A role or resource the team pinned as never public is public (accessChecks.neverPublic).'
      : 'A role or resource the team pinned as never external is reachable from outside its account (accessChecks.neverExternal).',
    doc: `${pub ? "The offline counterpart of IAM Access Analyzer's CheckNoPublicAccess, for the whole workspace." : 'Access Analyzer\'s external access findings turned into a gate.'}
List in iam-workbench.json the ARN patterns (\`*\`, \`?\`) of roles and resources that must ${pub ? 'never be public' : 'never be reachable from outside their account'}:

\`\`\`json
{ "accessChecks": { "${kind}": ["arn:aws:s3:::prod-*", "arn:aws:iam::*:role/deploy-*"] } }
\`\`\`

${
  pub
    ? 'Public means anyone (`"Principal": "*"`) is let in under no condition, as the evaluator decides with the policy (its Deny statements and the owning account\'s RCPs count).'
    : 'Reachable from outside means any principal of another account (of the organization or not), a federated identity or anyone, even under conditions, as the evaluator decides with the policy (its Deny statements and the owning account\'s RCPs count).'
} The finding is on the principal the policy names. **Fix:** remove the statement or the principal, or take the ARN out of \`${kind}\` if the access is meant.`,
    workspace({ workspace, config, report }) {
      const patterns = config.accessChecks?.[kind] ?? [];
      if (!patterns.length) return;
      const hits = externalAccess(workspace).filter((a: ExternalAccess) => (pub ? a.scope === 'public' : true) && patterns.some((p) => glob(p, a.arn)));
      for (const a of hits) {
        const what = a.kind === 'role' ? `role ${a.arn} can be assumed` : `${a.arn} can be used`;
        const by = a.principal === '*' ? 'anyone' : a.principal;
        report(
          a.span,
          `${pub ? 'Public: ' : ''}${what} by ${by} (${a.scope}; ${a.actions.slice(0, 3).join(', ')}${a.actions.length > 3 ? ` and ${a.actions.length - 3} more` : ''}${a.conditions.length ? `; only if conditions on ${a.conditions.join(', ')} hold` : ''}), pinned as ${pub ? 'never public' : 'never external'} in iam-workbench.json.`,
          { uri: a.uri },
        );
      }
    },
  });
}

export const noPublicAccess = exposureRule('neverPublic');
export const noExternalAccess = exposureRule('neverExternal');
