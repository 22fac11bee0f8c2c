import { getCatalog } from '../../../data/catalog';
import { memo } from './memo';
import { arnProblem } from './values';
import { variablesAsWildcards } from './values';

/**
 * What the three ARN rules (`grammar/arn-format`, `catalog/arn-fields`, `catalog/unknown-region`) ask of one
 * resource value, shared so that `docFacts` can answer "could this rule report anything in this document?" in
 * its one pass per document: a rule then walks a document's ARNs only when the answer is yes (rarely).
 */

/** The ARN templates of a service, split into fields, with the resource part as a wildcard pattern. */
export const templatesOf = memo((service: string): { region: string; account: string; resource: string }[] =>
  getCatalog()
    .resourceTypesOf(service)
    .map((t) => {
      const p = t.arn.split(':');
      return { region: p[3], account: p[4], resource: variablesAsWildcards(p.slice(5).join(':')) };
    }),
);

/** The service part (between the second and third colons) holds an upper-case letter. */
function upperInService(v: string): boolean {
  const start = v.indexOf(':', 4) + 1;
  if (start <= 0) return false;
  for (let i = start; i < v.length; i++) {
    const c = v.charCodeAt(i);
    if (c === 58) return false;
    if (c >= 65 && c <= 90) return true;
  }
  return false;
}

/** Whether some resource type of the service has a region / an account in its ARN (memoised per service). */
const someNeed = memo((service: string) => {
  const ts = templatesOf(service.toLowerCase());
  return { region: ts.some((t) => t.region === '${Region}'), account: ts.some((t) => t.account === '${Account}') };
});

/**
 * `catalog/arn-fields`: only an upper-case service, or an empty region or account where the service has one,
 * can be a finding: found from the colons' positions, so the common ARN costs no look-up by its whole text.
 */
export function arnFieldsWorthChecking(v: string): boolean {
  const c1 = v.indexOf(':', 4);
  const c2 = c1 < 0 ? -1 : v.indexOf(':', c1 + 1);
  const c3 = c2 < 0 ? -1 : v.indexOf(':', c2 + 1);
  if (c3 < 0) return false;
  if (upperInService(v)) return true;
  const regionEmpty = c3 === c2 + 1;
  const accountEmpty = v.charCodeAt(c3 + 1) === 58;
  if (!regionEmpty && !accountEmpty) return false;
  const need = someNeed(v.slice(c1 + 1, c2));
  return (regionEmpty && need.region) || (accountEmpty && need.account);
}

/**
 * True when `arnFormatCheck(v)` is certainly undefined, found without allocating or memoising: an `arn:aws:` ARN
 * with a service free of wildcards, an empty or 12-digit account and a resource part. False: ask `arnFormatCheck`.
 * An account's values are mostly such ARNs, most of them unique: the memo would store each one for nothing.
 */
export function arnFormatFine(v: string): boolean {
  if (!v.startsWith('arn:aws:')) return false;
  const c2 = v.indexOf(':', 8);
  const c3 = c2 < 0 ? -1 : v.indexOf(':', c2 + 1);
  const c4 = c3 < 0 ? -1 : v.indexOf(':', c3 + 1);
  if (c4 < 0 || c2 === 8 || c4 === v.length - 1) return false;
  for (let i = 8; i < c2; i++) {
    const c = v.charCodeAt(i);
    if (c === 42 || c === 63) return false; // * ?
  }
  const account = c4 - c3 - 1;
  if (account !== 0 && account !== 12) return false;
  for (let i = c3 + 1; i < c4; i++) {
    const c = v.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return true;
}

/** `grammar/arn-format`'s answer for a resource value other than "*" (memoised per value). */
export const arnFormatCheck = memo((v: string): { message: string; warning: boolean } | undefined => {
  const problem = arnProblem(v);
  if (problem) return { message: `"${v}": ${problem}.`, warning: false };
  // The service part (the value is a well-formed ARN here: five colons at least), found in place.
  const c1 = v.indexOf(':', 4);
  const service = v.slice(c1 + 1, v.indexOf(':', c1 + 1));
  if (service && /[*?]/.test(service)) return { message: `"${v}": a wildcard in the service part of an ARN; name the service.`, warning: true };
  return undefined;
});

/**
 * A REST API's resource policy is keyed by the API's `apigateway` ARN (`arn:aws:apigateway:REGION::/restapis/API-ID`)
 * but names the API's methods as `execute-api` ARNs (`arn:aws:execute-api:REGION:ACCOUNT:API-ID/STAGE/VERB/PATH`), or
 * in API Gateway's shorthand `execute-api:/STAGE/VERB/PATH`, which it expands with the API's region, account and id
 * when the policy is saved ("API Gateway resource policy examples", API Gateway Developer Guide:
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-resource-policies-examples.html).
 * The pattern of the API's own methods, or undefined when `own` is no REST API's ARN.
 */
export function executeApiOf(own: string, account: string): string | undefined {
  const m = /^arn:([^:]+):apigateway:([^:]+)::\/restapis\/([^/]+)$/.exec(own);
  return m ? `arn:${m[1]}:execute-api:${m[2]}:${account}:${m[3]}/*` : undefined;
}

/** The REST API's own ARN when the target is the resource policy of one (the API Gateway shorthand is allowed there). */
export function restApiPolicy(target: { kind: string; doc: object; file: { resources: { policy?: object; arn: string }[] } }): boolean {
  if (target.kind !== 'resource') return false;
  const own = target.file.resources.find((r) => r.policy === target.doc)?.arn;
  return !!own && /^arn:[^:]+:apigateway:[^:]+::\/restapis\/[^/]+$/.test(own);
}
