import { getCatalog } from '../../../data/catalog';
import { arnFieldsWorthChecking as worthChecking, templatesOf } from '../support/arns';
import { docFacts, FACT } from '../support/facts';
import { replaceValueFix } from '../support/edits';
import { memo } from '../support/memo';
import { forEachResourceValue } from '../support/policy';
import { patternsIntersect, variablesAsWildcards } from '../support/values';
import { defineRule } from '../types';

interface Problem {
  message: string;
  /** The ARN with the service in lower case, when that is the problem. */
  fixed?: string;
}

/**
 * What the templates of the resource types this ARN can name say: every one needs a region / an account. Templates
 * without a region or an account come first (`freeFirst`), and the search stops at the first one that meets the ARN
 * and needs neither: an S3 ARN (empty region and account, ~800 distinct ones in a max-quota account) meets the
 * bucket's template at once instead of being compared with every S3 resource type.
 */
function fieldsOf(service: string, resource: string): { region: boolean; account: boolean } | undefined {
  const pattern = variablesAsWildcards(resource);
  let met = false;
  let region = true;
  let account = true;
  for (let i = 0, list = freeFirst(service); i < list.length; i++) {
    const t = list[i];
    if (!patternsIntersect(t.resource, pattern)) continue;
    met = true;
    if (t.region !== '${Region}') region = false;
    if (t.account !== '${Account}') account = false;
    if (!region && !account) break;
  }
  return met ? { region, account } : undefined;
}

/** A service's templates (`templatesOf`), those that need neither a region nor an account first. */
const freeFirst = memo((service: string) => {
  const needs = (t: { region: string; account: string }) => (t.region === '${Region}' ? 1 : 0) + (t.account === '${Account}' ? 1 : 0);
  return [...templatesOf(service)].sort((a, b) => needs(a) - needs(b));
});

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
  facts: FACT.arnFields,
  policy({ target, report }) {
    // One pass per document (docFacts) knows whether any resource value is worth checking.
    if (!docFacts(target.doc, target.file.text).arnFields) return;
    forEachResourceValue(target.doc, (r) => {
      if (r.value === '*' || !worthChecking(r.value)) return;
      const p = check(r.value);
      if (!p) return;
      report(r.span, p.message, { fixes: p.fixed && !target.pinned ? [replaceValueFix(`Change to "${p.fixed}"`, target.doc.uri, r.span, p.fixed)] : [] });
    });
  },
});
