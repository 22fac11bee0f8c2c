import { docFacts, FACT } from '../support/facts';
import { isAllow } from '../support/policy';
import { defineRule } from '../types';

/** Keys that are safe only next to one of their partners (IAM Access Analyzer's "Missing paired condition keys"). */
const PAIRS: Record<string, string[]> = {
  'aws:vpcsourceip': ['aws:SourceVpc', 'aws:SourceVpce'],
};

export default defineRule({
  id: 'practice/paired-condition-keys',
  facts: FACT.conditionKeys,
  severity: 'warning',
  message: 'This condition key needs a companion key to mean what it seems.',
  doc: `\`aws:VpcSourceIp\` is the private address a request comes from through a VPC endpoint, and private ranges
repeat from one VPC to the next: \`10.0.0.0/16\` matches requests from any VPC using that range, including
other accounts' VPCs reaching your resource through their own endpoints. Pair it with \`aws:SourceVpc\` or
\`aws:SourceVpce\` in the same statement. IAM Access Analyzer: "Missing paired condition keys"
([check reference](https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-reference-policy-checks.html)).
**Fix:** add \`"StringEquals": {"aws:SourceVpc": "vpc-…"}\` next to the address condition.`,
  policy({ target, report }) {
    const { keys } = docFacts(target.doc, target.file.text);
    if (!Object.keys(PAIRS).some((k) => keys.has(k))) return;
    for (const st of target.doc.statements) {
      if (!isAllow(st) || st.conditions.length === 0) continue;
      for (const c of st.conditions) {
        const partners = Object.hasOwn(PAIRS, c.key.value.toLowerCase()) ? PAIRS[c.key.value.toLowerCase()] : undefined;
        if (!partners) continue;
        const lower = partners.map((p) => p.toLowerCase());
        if (st.conditions.some((o) => lower.includes(o.key.value.toLowerCase()))) continue;
        report(c.key.span, `${c.key.value} alone matches the same private addresses in any VPC; add ${partners.join(' or ')} to the statement.`);
      }
    }
  },
});
