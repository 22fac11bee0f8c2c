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
    for (const st of target.doc.statements) {
      const resources = values(st.resource).filter((r) => r.value !== '*' && !arnProblem(r.value));
      if (!st.action || resources.length === 0) continue;
      const patterns = values(st.action).map((a) => a.value);
      if (patterns.some((p) => p === '*' || p.includes('$') || /^[^:]*[*?]/.test(p))) continue;
      const info = actionInfo(patterns);
      if (info.actions.length === 0) continue;
      const { actions, typed, templates } = info;
      if (typed.length === 0) {
        // Only specific ARNs: "arn:aws:s3:::*" next to a list-all action reads as "everything" (AWS's own policies do it).
        for (const r of resources.filter((x) => !x.value.includes('*'))) {
          report(r.span, `${actions.length === 1 ? actions[0].id : 'The statement\'s actions'} take${actions.length === 1 ? 's' : ''} no resource ARN, only "Resource": "*"; this statement grants nothing for "${r.value}".`);
        }
        continue;
      }
      if (templates.length === 0) continue;
      for (const r of resources) {
        if (!fitsAny(r.value, info)) {
          const example = templates[0];
          report(r.span, `"${r.value}" is not a resource ${typed.length === 1 ? typed[0].id : 'any action of this statement'} works on (e.g. ${example}).`);
        }
      }
    }
  },
});

interface ActionSet {
  actions: ActionInfo[];
  typed: ActionInfo[];
  templates: string[];
  fits: Map<string, boolean>;
}

// The same action lists and ARNs recur across an account's policies: remember what was worked out.
const sets = new Map<string, ActionSet>();

function actionInfo(patterns: string[]): ActionSet {
  const key = patterns.join('\u0000');
  let set = sets.get(key);
  if (!set) {
    const catalog = getCatalog();
    const actions = patterns.flatMap((p) => catalog.actionsMatching(p));
    const typed = actions.filter((a) => !a.wildcardOnly);
    const templates = new Set<string>();
    for (const a of typed) for (const rt of a.resourceTypes) if (rt.arn) templates.add(rt.arn);
    set = { actions, typed, templates: [...templates], fits: new Map() };
    if (sets.size > 20000) sets.clear();
    sets.set(key, set);
  }
  return set;
}

function fitsAny(arn: string, set: ActionSet): boolean {
  let fits = set.fits.get(arn);
  if (fits === undefined) {
    fits = set.templates.some((t) => fitsTemplate(arn, t));
    if (set.fits.size > 5000) set.fits.clear();
    set.fits.set(arn, fits);
  }
  return fits;
}

const templateFits = new Map<string, boolean>();

function fitsTemplate(arn: string, template: string): boolean {
  const key = template + '\n' + arn;
  let v = templateFits.get(key);
  if (v === undefined) {
    v = arnFitsTemplate(arn, template);
    if (templateFits.size > 100000) templateFits.clear();
    templateFits.set(key, v);
  }
  return v;
}
