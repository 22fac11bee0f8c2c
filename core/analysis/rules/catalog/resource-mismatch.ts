import { getCatalog, type ActionInfo } from '../../../data/catalog';
import { values } from '../support/policy';
import { arnFitsTemplate, arnProblem } from '../support/values';
import { defineRule } from '../types';

export default defineRule({
  id: 'catalog/resource-mismatch',
  severity: 'warning',
  message: 'No action of the statement accepts this resource.',
  doc: `Each action works on certain resource types (an S3 object, a bucket, an IAM role...), each with an ARN
format. A resource ARN that fits none of the statement's actions is never matched: \`s3:GetObject\` on
\`arn:aws:s3:::bucket\` (a bucket, not its objects) grants nothing. Actions that take no resource type
(\`s3:ListAllMyBuckets\`, \`ec2:Describe*\`) work only with \`"Resource": "*"\`. **Fix:** write the ARN of the
resource type the action takes (e.g. \`arn:aws:s3:::bucket/*\` for objects), or split the statement.`,
  policy({ target, report }) {
    const catalog = getCatalog();
    for (const st of target.doc.statements) {
      const resources = values(st.resource).filter((r) => r.value !== '*' && !arnProblem(r.value));
      if (!st.action || resources.length === 0) continue;
      const patterns = values(st.action).map((a) => a.value);
      if (patterns.some((p) => p === '*' || p.includes('$') || /^[^:]*[*?]/.test(p))) continue;
      const actions: ActionInfo[] = [];
      for (const p of patterns) {
        const matched = catalog.actionsMatching(p);
        if (matched.length === 0) continue; // unknown action: another rule speaks
        actions.push(...matched);
      }
      if (actions.length === 0) continue;
      const typed = actions.filter((a) => !a.wildcardOnly);
      if (typed.length === 0) {
        for (const r of resources) {
          report(r.span, `${actions.length === 1 ? actions[0].id : 'The statement\'s actions'} take${actions.length === 1 ? 's' : ''} no resource ARN, only "Resource": "*"; this statement grants nothing for "${r.value}".`);
        }
        continue;
      }
      const templates = new Set<string>();
      for (const a of typed) for (const rt of a.resourceTypes) if (rt.arn) templates.add(rt.arn);
      if (templates.size === 0) continue;
      for (const r of resources) {
        let fits = false;
        for (const t of templates) if ((fits = arnFitsTemplate(r.value, t))) break;
        if (!fits) {
          const example = [...templates][0];
          report(r.span, `"${r.value}" is not a resource ${typed.length === 1 ? typed[0].id : 'any action of this statement'} works on (e.g. ${example}).`);
        }
      }
    }
  },
});
