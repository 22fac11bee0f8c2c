import { getCatalog } from '../../../data/catalog';
import { replaceValueFix } from '../support/edits';
import { memo } from '../support/memo';
import { values } from '../support/policy';
import { patternsIntersect, variablesAsWildcards } from '../support/values';
import { defineRule } from '../types';

interface Problem {
  message: string;
  /** The ARN with the service in lower case, when that is the problem. */
  fixed?: string;
}

/** The ARN templates of a service, split into fields, with the resource part as a wildcard pattern. */
const templatesOf = memo((service: string): { region: string; account: string; resource: string }[] =>
  getCatalog()
    .resourceTypesOf(service)
    .map((t) => {
      const p = t.arn.split(':');
      return { region: p[3], account: p[4], resource: variablesAsWildcards(p.slice(5).join(':')) };
    }),
);

/** What the templates of the resource types this ARN can name say: every one needs a region / an account. */
function fieldsOf(service: string, resource: string): { region: boolean; account: boolean } | undefined {
  const types = templatesOf(service).filter((t) => patternsIntersect(t.resource, variablesAsWildcards(resource)));
  if (!types.length) return undefined;
  return { region: types.every((t) => t.region === '${Region}'), account: types.every((t) => t.account === '${Account}') };
}

const check = memo((arn: string): Problem | undefined => {
  const parts = arn.split(':');
  if (parts.length < 6 || parts[0] !== 'arn') return undefined; // grammar/arn-format's
  const [, , service, region, account] = parts;
  if (!service || /[*?$]/.test(service)) return undefined;
  const lower = service.toLowerCase();
  if (service !== lower && getCatalog().service(lower)) {
    parts[2] = lower;
    return { message: `The service in an ARN is written in lower case: "${lower}", not "${service}"; as written the ARN matches no resource.`, fixed: parts.join(':') };
  }
  const fields = fieldsOf(lower, parts.slice(5).join(':'));
  if (!fields) return undefined;
  if (region === '' && fields.region) return { message: `${lower} ARNs name a region (arn:aws:${lower}:us-east-1:...); with the region empty this ARN matches no resource. Write the region, or "*".` };
  if (account === '' && fields.account) return { message: `${lower} ARNs name the owning account (arn:aws:${lower}:${region || 'REGION'}:123456789012:...); with the account empty this ARN matches no resource. Write the account id, or "*".` };
  return undefined;
});

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
 * Only an upper-case service, or an empty region or account where the service has one, can be this rule's
 * finding: found from the colons' positions, so the common ARN costs no look-up by its whole text.
 */
function worthChecking(v: string): boolean {
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

export default defineRule({
  id: 'catalog/arn-fields',
  severity: 'error',
  message: 'The resource ARN lacks a field its service needs, or spells the service in upper case.',
  doc: `An ARN is compared character by character (case-sensitively outside the wildcards): \`arn:aws:S3:::bucket\`
names no S3 bucket, and an EC2 ARN with an empty region or account (\`arn:aws:ec2::123456789012:instance/*\`)
names no instance, because every EC2 resource has both. The service's ARN formats come from the service
authorization reference (the catalogue). IAM Access Analyzer: "Invalid ARN service case", "Missing ARN
Region", "Missing ARN account"
([check reference](https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-reference-policy-checks.html)); a
region or account where the service has none ("ARN Region not allowed", "ARN account not allowed") is
\`catalog/resource-mismatch\`'s. **Fix:** write the service in lower case (a quick fix), fill in the region and
account, or use \`*\` in them.`,
  policy({ target, report }) {
    for (const st of target.doc.statements) {
      for (const list of [st.resource, st.notResource]) {
        for (const r of values(list)) {
          if (r.value === '*' || !worthChecking(r.value)) continue;
          const p = check(r.value);
          if (!p) continue;
          report(r.span, p.message, { fixes: p.fixed && !target.pinned ? [replaceValueFix(`Change to "${p.fixed}"`, target.doc.uri, r.span, p.fixed)] : [] });
        }
      }
    }
  },
});
