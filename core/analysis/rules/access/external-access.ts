import { externalAccess, externalAccessInSteps, type ExternalAccess } from '../../external';
import { defineRule } from '../types';

const WORDS: Record<ExternalAccess['scope'], string> = {
  organization: 'another account of the organization',
  'outside-organization': 'outside the organization',
  public: 'anyone',
  federated: 'identities of a federated provider',
};

function listActions(actions: string[]): string {
  return actions.length > 3 ? `${actions.slice(0, 3).join(', ')} and ${actions.length - 3} more` : actions.join(', ');
}

export default defineRule({
  id: 'access/external-access',
  // Reads no description, and tags only through policy evaluation (support/neutral.ts).
  unaffectedBy: ['description', 'tag'],
  severity: 'warning',
  message: 'Principals outside the account can assume this role or use this resource, under no condition.',
  doc: `What IAM Access Analyzer's external access analyzer reports, offline: a role whose trust policy lets principals
of other accounts (or federated identities) assume it, and a resource whose policy lets them use it. Every principal a
statement names is asked about with the evaluator (the policy's own Deny statements and, for resources, the owning
account's RCPs hold it back; the outside principal's own policies, which the workspace cannot see, are taken to allow
everything). One finding per role or resource, naming each outside principal, how far outside it is and the actions.
Access with no condition to meet is reported: a warning from outside the organization or for federated identities,
information when only other accounts of the organization (accounts whose files declare \`account.organization\`) have
it. Access under conditions (\`sts:ExternalId\`, \`aws:PrincipalOrgID\`, an OIDC \`aud\`/\`sub\`...) is taken as
deliberate and not reported; \`iam-workbench diff\` shows every change of it, and \`accessChecks.neverExternal\` pins what
must never have it. Public access without conditions is left to
\`trust/principal-wildcard\` and \`practice/public-resource\`; whether an outside account is described by the workspace,
to \`trust/unknown-account\`. AWS: "Using AWS Identity and Access Management Access Analyzer", IAM User Guide.
**Fix:** if the access is not intended, remove the principal or narrow it with conditions (\`aws:PrincipalOrgID\`,
\`sts:ExternalId\`); to pin what must never be external, list it under \`accessChecks.neverExternal\` in iam-workbench.json.`,
  prepare: (ws) => externalAccessInSteps(ws),
  workspace({ workspace, report }) {
    const byTarget = new Map<string, ExternalAccess[]>();
    for (const a of externalAccess(workspace)) {
      // Public: trust/principal-wildcard and practice/public-resource. Under conditions: deliberate (below).
      if (a.scope === 'public' || a.conditions.length) continue;
      const key = `${a.kind}|${a.arn}`;
      const list = byTarget.get(key);
      if (list) list.push(a);
      else byTarget.set(key, [a]);
    }
    for (const list of byTarget.values()) {
      const first = list[0];
      const file = workspace.files.find((f) => f.uri === first.uri);
      if (!file) continue;
      const role = first.kind === 'role' ? [...file.roles.values()].find((r) => r.arn === first.arn) : undefined;
      const resource = first.kind === 'resource' ? file.resources.find((r) => r.arn === first.arn) : undefined;
      const at = role ? role.trustPolicyKeySpan ?? role.nameSpan : resource?.arnSpan;
      if (!at) continue;
      const who = list.map((a) => `${a.principal} (${WORDS[a.scope]}; ${listActions(a.actions)}${a.conditions.length ? `; only if conditions on ${a.conditions.join(', ')} hold` : ''})`);
      const what = role ? `Role "${role.name}" can be assumed from outside account ${file.accountId}` : `${first.arn} can be used from outside account ${file.accountId}`;
      const wide = list.some((a) => a.scope !== 'organization');
      report(at, `${what} by ${who.join('; ')}.`, {
        uri: first.uri,
        severity: wide ? 'warning' : 'info',
        related: list.map((a) => ({ uri: a.uri, span: a.span, message: `${a.principal}: ${WORDS[a.scope]}` })),
      });
    }
  },
});
