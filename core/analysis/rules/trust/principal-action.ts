import { quietBit, unlessQuiet } from '../support/quiet';
import { principalValues, values } from '../support/policy';
import { isSamlProvider, oidcHost } from '../support/trust';
import { defineRule, type PolicyRuleContext } from '../types';

/** Web identity providers named by their domain in "Federated" (no provider ARN). */
const WEB_IDENTITY_DOMAINS = new Set(['cognito-identity.amazonaws.com', 'accounts.google.com', 'graph.facebook.com', 'www.amazon.com']);

type Kind = 'aws' | 'service' | 'saml' | 'oidc' | 'other';

function kindOf(type: string, value: string): Kind {
  if (type === 'AWS') return 'aws';
  if (type === 'Service') return 'service';
  if (type === 'Federated') return isSamlProvider(value) ? 'saml' : oidcHost(value) || WEB_IDENTITY_DOMAINS.has(value.toLowerCase()) ? 'oidc' : 'other';
  return 'other';
}

/** The principal kinds that can call each assume action. */
const CALLERS: Record<string, Kind[]> = {
  'sts:assumerole': ['aws', 'service'],
  'sts:assumerolewithsaml': ['saml'],
  'sts:assumerolewithwebidentity': ['oidc'],
};
const NAMES: Record<Kind, string> = { aws: 'AWS principals', service: 'services', saml: 'a SAML provider', oidc: 'an OIDC provider', other: '' };

export default defineRule({
  id: 'trust/principal-action',
  kinds: ['trust'],
  severity: 'error',
  message: 'The assume action does not match the trusted principal.',
  doc: `Each way of assuming a role has its caller: \`sts:AssumeRole\` is called by AWS principals (accounts, users,
roles) and services, \`sts:AssumeRoleWithSAML\` with a SAML provider's assertion, \`sts:AssumeRoleWithWebIdentity\`
with an OIDC provider's token (GitHub, EKS, Cognito, Google...). A statement that trusts an OIDC provider but
allows \`sts:AssumeRoleWithSAML\` (or the reverse, or \`sts:AssumeRole\` for a federated provider) lets nobody in.
IAM Access Analyzer: "Mismatched action for principal"
([check reference](https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-reference-policy-checks.html)).
**Fix:** use the action that goes with the principal.`,
  policy(ctx) {
    if (ctx.target.kind === 'trust') unlessQuiet(quiet, ctx, check);
  },
});

/** The rule's findings depend on the document alone: documents it found nothing in are not walked again. */
const quiet = quietBit();

function check({ target, report }: PolicyRuleContext): void {
  for (let i = 0, statements = target.doc.statements; i < statements.length; i++) {
    const st = statements[i];
    if (!st.action || !st.principal || st.principal.wildcard) continue;
    const kinds = new Set(principalValues(st.principal).map((p) => kindOf(p.type, p.value.value)));
    if (kinds.size === 0 || kinds.has('other')) continue;
    for (let j = 0, list = values(st.action); j < list.length; j++) {
      const a = list[j];
      const callers = CALLERS[a.value.toLowerCase()];
      if (!callers || callers.some((k) => kinds.has(k))) continue;
      const have = [...kinds].map((k) => NAMES[k]).join(' and ');
      const want = kinds.has('saml') ? 'sts:AssumeRoleWithSAML' : kinds.has('oidc') ? 'sts:AssumeRoleWithWebIdentity' : 'sts:AssumeRole';
      report(a.span, `${a.value} is not how ${have} assume${kinds.size === 1 && !have.endsWith('s') ? 's' : ''} a role: this statement trusts only ${have}, which use${kinds.size === 1 && !have.endsWith('s') ? 's' : ''} ${want}.`);
    }
  }
}
