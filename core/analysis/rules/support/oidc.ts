import type { ConditionEntry, Statement } from '../../../policy/types';
import type { Located } from '../../../text/span';
import { allowsAction, conditionsOn, oidcHost } from './trust';

export interface OidcTrust {
  /** The provider's host (and path), e.g. token.actions.githubusercontent.com. */
  host: string;
  /** GitHub's provider (or GitHub Enterprise Cloud's): a missing subject is an error there. */
  github: boolean;
  principal: Located<string>;
  sub: ConditionEntry[];
  aud: ConditionEntry[];
}

/** The OIDC providers an Allow statement lets assume the role with a web identity token. */
export function oidcTrusts(st: Statement): OidcTrust[] {
  if (!allowsAction(st, 'sts:AssumeRoleWithWebIdentity')) return [];
  const out: OidcTrust[] = [];
  for (const e of st.principal?.entries ?? []) {
    if (e.type.value !== 'Federated') continue;
    for (const v of e.values) {
      const host = oidcHost(v.value);
      if (!host) continue;
      const github = host === 'token.actions.githubusercontent.com' || host.endsWith('.ghe.com');
      out.push({ host, github, principal: v, sub: conditionsOn(st, `${host}:sub`), aud: conditionsOn(st, `${host}:aud`) });
    }
  }
  return out;
}

export const OIDC_DOC_FIX = `**Fix:** add
\`"StringEquals": {"token.actions.githubusercontent.com:aud": "sts.amazonaws.com"}\` and
\`"StringLike": {"token.actions.githubusercontent.com:sub": "repo:ORG/REPO:ref:refs/heads/main"}\` (for
GitHub; other providers name their claims the same way).`;
