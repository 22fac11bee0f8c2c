import { docFacts, FACT } from '../support/facts';
import { parseOperator } from '../support/operators';
import { defineRule } from '../types';

/** Condition keys holding a VPC or VPC endpoint id, and the id's prefix. */
const ID_KEYS: Record<string, string> = { 'aws:sourcevpc': 'vpc', 'aws:sourcevpce': 'vpce' };

const VPC_ID = /^vpc-([0-9a-f]{8}|[0-9a-f]{17})$/i;
const VPCE_ID = /^vpce-([0-9a-f]{8}|[0-9a-f]{17})$/i;

export default defineRule({
  id: 'grammar/vpc-id-format',
  severity: 'error',
  message: 'Not a VPC (vpc-…) or VPC endpoint (vpce-…) id.',
  doc: `\`aws:SourceVpc\` holds a VPC id (\`vpc-\` and 8 or 17 hexadecimal characters) and \`aws:SourceVpce\` a VPC
endpoint id (\`vpce-\` and 8 or 17). A name, an ARN or the other kind of id never matches, so an allow-list
lets nobody in and a Deny \`StringNotEquals\` on it denies everyone. IAM Access Analyzer: "Invalid vpc format",
"Invalid vpce format" ([check reference](https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-reference-policy-checks.html)).
**Fix:** copy the id from the VPC console or \`aws ec2 describe-vpcs\` / \`describe-vpc-endpoints\`.`,
  facts: FACT.sourceVpc,
  policy({ target, report }) {
    const { keys } = docFacts(target.doc, target.file.text);
    if (!keys.has('aws:sourcevpc') && !keys.has('aws:sourcevpce')) return;
    for (const st of target.doc.statements) {
      for (const c of st.conditions) {
        if (!/^aws:sourcevpce?$/i.test(c.key.value)) continue;
        const prefix = ID_KEYS[c.key.value.toLowerCase()];
        if (!prefix) continue;
        const op = parseOperator(c.operator.value);
        if (!op || op.family !== 'String') continue;
        const like = /Like$/i.test(op.base);
        const pattern = prefix === 'vpc' ? VPC_ID : VPCE_ID;
        for (const v of c.values) {
          const s = String(v.value);
          if (s.includes('${') || (like && /[*?]/.test(s))) continue;
          if (!pattern.test(s)) {
            const other = prefix === 'vpc' && /^vpce-/i.test(s) ? ' (a VPC endpoint id: that is aws:SourceVpce)' : prefix === 'vpce' && /^vpc-/i.test(s) ? ' (a VPC id: that is aws:SourceVpc)' : '';
            report(v.span, `"${s}" is not a ${prefix === 'vpc' ? 'VPC' : 'VPC endpoint'} id ("${prefix}-" and 8 or 17 hexadecimal characters)${other}.`);
          }
        }
      }
    }
  },
});
