import { getCatalog } from '../../../data/catalog';
import { closest, editDistance } from '../../../data/suggest';
import { docFacts, FACT, REGION_KEYS } from '../support/facts';
import { replaceValueFix } from '../support/edits';
import { memo } from '../support/memo';
import { parseOperator } from '../support/operators';
import { forEachResourceValue } from '../support/policy';
import { defineRule, type PolicyRuleContext, type PolicyTarget } from '../types';

// The condition keys whose value is a region name: declared with the document facts (FACT.regionKeys).
export { REGION_KEYS };

interface Problem {
  message: string;
  /** The value with the region corrected, when one known region is close. */
  fixed?: string;
}

const source = () => `${getCatalog().regionSource.package} ${getCatalog().regionSource.version}`;

/** What is wrong with a region name in a partition (undefined: any partition), or nothing. */
function regionProblem(region: string, partition: string | undefined): { message: string; suggestion?: string } | undefined {
  const catalog = getCatalog();
  const known = partition ? catalog.regionsOf(partition) : undefined;
  if (partition && !known) return undefined; // a partition the data doesn't know: grammar/arn-format's
  if (known ? known.has(region) : catalog.partitionOfRegion(region)) return undefined;
  const elsewhere = catalog.partitionOfRegion(region);
  if (elsewhere) return { message: `"${region}" is a region of the ${elsewhere} partition, not of ${partition}.` };
  const pool = known ?? [...['aws', 'aws-cn', 'aws-us-gov'].flatMap((p) => [...(catalog.regionsOf(p) ?? [])])];
  const near = closest(region, pool, 3);
  // A fix only when one region is closest (eu-west-7 is as near eu-west-1 as eu-west-2).
  const d = near.map((c) => editDistance(region, c));
  const suggestion = near.length && (near.length === 1 || d[0] < d[1]) ? near[0] : undefined;
  const hint = near.length ? ` Did you mean ${near.map((c) => `"${c}"`).join(' or ')}?` : '';
  return { message: `"${region}" is not an AWS region${partition ? ` of the ${partition} partition` : ''} (regions from ${source()}).${hint}`, suggestion };
}

/** Whether a region is one of its partition's (or the partition is unknown: not this rule's), per pair. */
const pairs = new Map<string, Map<string, boolean>>();
function pairGood(partition: string, region: string): boolean {
  let byRegion = pairs.get(partition);
  if (!byRegion) pairs.set(partition, (byRegion = new Map()));
  let good = byRegion.get(region);
  if (good === undefined) {
    good = !regionProblem(region, partition);
    if (byRegion.size < 1000) byRegion.set(region, good);
  }
  return good;
}

const arnProblem = memo((arn: string): Problem | undefined => {
  const c0 = arn.indexOf(':');
  const c1 = c0 < 0 ? -1 : arn.indexOf(':', c0 + 1);
  const c2 = c1 < 0 ? -1 : arn.indexOf(':', c1 + 1);
  const c3 = c2 < 0 ? -1 : arn.indexOf(':', c2 + 1);
  if (c3 < 0 || arn.slice(0, c0) !== 'arn') return undefined;
  const partition = arn.slice(c0 + 1, c1);
  const region = arn.slice(c2 + 1, c3);
  if (!region || /[*?$]/.test(region) || /[*?$]/.test(partition)) return undefined;
  const p = regionProblem(region, partition);
  if (!p) return undefined;
  return { message: `The region of this ARN: ${p.message} As written it matches no resource.`, fixed: p.suggestion ? arn.slice(0, c2 + 1) + p.suggestion + arn.slice(c3) : undefined };
});

const valueProblem = memo((value: string): Problem | undefined => {
  const p = regionProblem(value, undefined);
  return p && { message: p.message, fixed: p.suggestion };
});

export default defineRule({
  id: 'catalog/unknown-region',
  // An ARN with a region written, or a region condition key: 1,660 documents of a max-quota account instead of the
  // 1,966 with such an ARN or any condition key.
  facts: FACT.arnRegions | FACT.regionKeys,
  severity: 'error',
  message: 'Not an AWS region.',
  doc: `The region of a resource ARN (\`arn:aws:ec2:REGION:...\`) and the value of a condition key that holds a
region (\`aws:RequestedRegion\`, \`ec2:Region\`, \`kms:PrimaryRegion\`, \`kms:ReplicaRegion\`) must be a region of
AWS: a misspelt one (\`us-east1\`, \`eu-west-7\`) or one of another partition (\`cn-north-1\` in an \`arn:aws:\` ARN)
matches nothing, so an Allow grants nothing and a Deny on \`StringNotEquals\` \`aws:RequestedRegion\` denies
every region. The regions are those of the AWS SDK for JavaScript's endpoint partition data (\`@aws-sdk/core\`,
extracted at build time): a region AWS opened after that version is reported until the data is updated.
Wildcards, policy variables and an empty region are left to other rules. IAM Access Analyzer: "Invalid ARN
Region", "Invalid Region"
([check reference](https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-reference-policy-checks.html)).
**Fix:** write the region's code as the
[Regions and Zones](https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/using-regions-availability-zones.html)
page lists it; the quick fix offers the closest one.`,
  policy({ target, report }) {
    const uri = target.file.uri;
    const facts = docFacts(target.doc, target.file.text);
    // The document's (partition, region) pairs, gathered once per document: the ARNs are read one by one only
    // when one of them is not a region of its partition.
    let bad = facts.arnRegionBad;
    if (bad === undefined) {
      bad = false;
      for (let i = 0, arnRegions = facts.arnRegions; i < arnRegions.length; i++) {
        const r = arnRegions[i];
        if (!pairGood(r.partition, r.region)) bad = true;
      }
      facts.arnRegionBad = bad;
    }
    if (bad) checkArns(target, report, uri);
    checkKeys(target, report, uri, facts.keys);
  },
});

/** Reports the Resource and NotResource ARNs whose region is not one of their partition's. */
function checkArns(target: PolicyTarget, report: PolicyRuleContext['report'], uri: string): void {
  forEachResourceValue(target.doc, (r) => {
    const v = r.value;
    if (!v.startsWith('arn:')) return;
    const c1 = v.indexOf(':', 4);
    const c2 = c1 < 0 ? -1 : v.indexOf(':', c1 + 1);
    const c3 = c2 < 0 ? -1 : v.indexOf(':', c2 + 1);
    if (c3 < 0 || c3 === c2 + 1) return;
    const p = arnProblem(v);
    if (!p) return;
    const fixes = p.fixed && !target.pinned ? [replaceValueFix(`Change to "${p.fixed}"`, uri, r.span, p.fixed)] : undefined;
    report(r.span, p.message, { fixes });
  });
}

/** Reports the values of the region condition keys that are not regions. */
function checkKeys(target: PolicyTarget, report: PolicyRuleContext['report'], uri: string, keys: Set<string>): void {
  let any = false;
  for (const k of REGION_KEYS) if (keys.has(k)) any = true;
  if (!any) return;
  for (let i = 0, statements = target.doc.statements; i < statements.length; i++) {
    const st = statements[i];
    for (let j = 0, conditions = st.conditions; j < conditions.length; j++) {
      const c = conditions[j];
      if (!REGION_KEYS.has(c.key.value.toLowerCase())) continue;
      const op = parseOperator(c.operator.value);
      if (!op || op.family !== 'String') continue;
      const like = /Like$/i.test(op.base);
      for (let n = 0, values = c.values; n < values.length; n++) {
        const v = values[n];
        if (typeof v.value !== 'string' || v.value.includes('${') || (like && /[*?]/.test(v.value))) continue;
        const p = valueProblem(v.value);
        if (!p) continue;
        const fixes = p.fixed && !target.pinned ? [replaceValueFix(`Change to "${p.fixed}"`, uri, v.span, p.fixed)] : undefined;
        report(v.span, `${c.key.value}: ${p.message}`, { fixes });
      }
    }
  }
}
