import { getCatalog, type ActionInfo } from '../../../data/catalog';
import type { Located } from '../../../text/span';
import { memo } from '../support/memo';
import { arnFitsTemplate, arnProblem, templatesOf } from '../support/values';
import { defineRule } from '../types';

export default defineRule({
  id: 'catalog/resource-mismatch',
  severity: 'warning',
  message: 'No action of the statement accepts this resource.',
  doc: `Each action works on certain resource types (an S3 object, a bucket, an IAM role...), each with an ARN
format. A resource ARN that fits none of the statement's actions is never matched: \`s3:GetObject\` on
\`arn:aws:s3:::bucket\` (a bucket, not its objects) grants nothing. Actions that take no resource type
(\`s3:ListAllMyBuckets\`, \`ec2:Describe*\`) work only with \`"Resource": "*"\`. **Fix:** write the ARN of the
resource type the action takes (e.g. \`arn:aws:s3:::bucket/*\` for objects), or split the statement.

The rule knows what the catalogue knows. It leaves alone ARNs of a resource type that the service defines but
lists for none of its actions, and ARNs under the other prefix of a renamed service (\`codestar-connections\`
and \`codeconnections\`). Known gaps in the data, where a correct ARN is reported:

- Where AWS's reference puts two services under one prefix, the catalogue merges them, and an action both
  define keeps the resource types of one: \`elasticloadbalancing\` (Classic and v2: \`elasticloadbalancing:AddTags\`
  lists only Classic load balancers, not target groups, listeners or v2 load balancers), \`apigateway\` (V1 and V2)
  and \`aws-marketplace\` (Marketplace Catalog and the other Marketplace services: \`aws-marketplace:TagResource\`
  lists only deployment parameters).
- Resources the reference gives no ARN format for: CloudFormation transforms
  (\`arn:aws:cloudformation:*:aws:transform/...\`), WAF Classic change tokens, Application Auto Scaling
  scaling policies (\`arn:aws:autoscaling:...:scalingPolicy:...\`).
- Actions whose resource list in the reference is shorter than what the service accepts.

Silence such a finding with \`// iam-workbench-disable-next-line catalog/resource-mismatch\`.`,
  policy({ target, report }) {
    for (let i = 0, statements = target.doc.statements; i < statements.length; i++) {
      const st = statements[i];
      if (!st.action || !st.resource) continue;
      const resources = st.resource.values.filter((r) => r.value !== '*' && !arnProblem(r.value));
      if (resources.length === 0) continue;
      const info = actionInfo(st.action.values);
      if (!info || info.actions.length === 0) continue;
      const { actions, typed, templates } = info;
      if (typed.length === 0) {
        // Only specific ARNs: "arn:aws:s3:::*" next to a list-all action reads as "everything" (AWS's own policies do it).
        for (let j = 0, list = resources.filter((x) => !x.value.includes('*')); j < list.length; j++) {
          const r = list[j];
          report(r.span, `${actions.length === 1 ? actions[0].id : 'The statement\'s actions'} take${actions.length === 1 ? 's' : ''} no resource ARN, only "Resource": "*"; this statement grants nothing for "${r.value}".`);
        }
        continue;
      }
      if (templates.length === 0) continue;
      for (let k = 0; k < resources.length; k++) {
        const r = resources[k];
        if (!fitsAny(r.value, info) && !fitsRenamedService(r.value, info)) {
          const example = closestTemplate(r.value, templates);
          report(r.span, `"${r.value}" is not a resource ${typed.length === 1 ? typed[0].id : 'any action of this statement'} works on (e.g. ${example}).`);
        }
      }
    }
  },
});

/**
 * The template most like an ARN, to show as the example: the most ARN fields that fit (region, account...
 * empty where the template's are empty, filled where it has a variable), then the longest fixed start of the
 * resource part in common. `arn:aws:s3:::bucket` for `s3:GetObject` gets `arn:${Partition}:s3:::${BucketName}/${ObjectName}`,
 * not the access point form.
 */
export function closestTemplate(arn: string, templates: string[]): string {
  const fields = arnFields(arn);
  let best = templates[0];
  let bestScore = -1;
  for (let j = 0; j < templates.length; j++) {
    const t = templates[j];
    const tf = arnFields(t);
    let score = 0;
    for (let i = 1; i < 5; i++) {
      const a = fields[i] ?? '';
      const b = tf[i] ?? '';
      if (b.startsWith('${') ? a !== '' : a.toLowerCase() === b.toLowerCase()) score += 1000;
    }
    const fixed = (tf[5] ?? '').split('${')[0].toLowerCase();
    const resource = (fields[5] ?? '').toLowerCase();
    let common = 0;
    while (common < fixed.length && common < resource.length && fixed[common] === resource[common]) common++;
    score += common;
    if (score > bestScore) {
      best = t;
      bestScore = score;
    }
  }
  return best;
}

/** An ARN's six fields (the resource part may hold colons). */
function arnFields(arn: string): string[] {
  const parts = arn.split(':');
  return parts.length <= 6 ? parts : [...parts.slice(0, 5), parts.slice(5).join(':')];
}

interface ActionSet {
  actions: ActionInfo[];
  typed: ActionInfo[];
  templates: string[];
  /** Templates of resource types that the typed actions' services define but list for no action (see unclaimedTemplates). */
  unclaimed: string[];
  /** Per ARN: fits some template (a prototype-less object, see support/memo.ts). */
  fits: Record<string, boolean>;
  fitsCount: number;
}

/** An action pattern the rule leaves alone: "*", a policy variable, a wildcard in the service prefix. */
const skipped = memo((p: string) => p === '*' || p.includes('$') || /^[^:]*[*?]/.test(p));

// The same action lists and ARNs recur across an account's policies: remember what was worked out.
// One action (the common case) is its own key; longer lists are joined.
let sets: Record<string, ActionSet> = Object.create(null);
let setCount = 0;

/** The actions, typed actions and ARN templates of a statement's action list; undefined when the rule skips it. */
function actionInfo(list: Located<string>[]): ActionSet | undefined {
  let key: string;
  if (list.length === 1) {
    key = list[0].value;
    if (skipped(key)) return undefined;
  } else {
    const patterns: string[] = [];
    for (let i = 0; i < list.length; i++) {
      const a = list[i];
      if (skipped(a.value)) return undefined;
      patterns.push(a.value);
    }
    key = patterns.join('\u0000');
  }
  let set = sets[key];
  if (!set) {
    const catalog = getCatalog();
    const actions = list.flatMap((a) => catalog.actionsMatching(a.value));
    const typed = actions.filter((a) => !a.wildcardOnly);
    const templates = new Set<string>();
    for (let j = 0; j < typed.length; j++) {
      const a = typed[j];
      for (let k = 0, resourceTypes = a.resourceTypes; k < resourceTypes.length; k++) {
        const rt = resourceTypes[k];
        if (rt.arn) {
          for (let n = 0, items = templatesOf(rt.arn); n < items.length; n++) {
            const t = items[n];
            templates.add(t);
          }
        }
      }
    }
    const unclaimed = [...new Set(typed.map((a) => a.service))].flatMap(unclaimedTemplates);
    set = { actions, typed, templates: [...templates], unclaimed, fits: Object.create(null), fitsCount: 0 };
    if (setCount > 20000) {
      sets = Object.create(null);
      setCount = 0;
    }
    sets[key] = set;
    setCount++;
  }
  return set;
}

function fitsAny(arn: string, set: ActionSet): boolean {
  let fits = set.fits[arn];
  if (fits === undefined) {
    fits = fitsSome(arn, set.templates) || fitsSome(arn, set.unclaimed);
    if (set.fitsCount > 5000) {
      set.fits = Object.create(null);
      set.fitsCount = 0;
    }
    set.fits[arn] = fits;
    set.fitsCount++;
  }
  return fits;
}

/**
 * ARN templates of the resource types a service defines that none of its actions lists. The catalogue is
 * silent on which actions take them (where AWS's reference puts two services under one prefix, as API
 * Gateway V1 and V2, the merged data keeps one service's list for the actions they share), so an ARN of
 * such a type is not reported.
 */
const unclaimedTemplates = memo((service: string): string[] => {
  const catalog = getCatalog();
  const claimed = new Set<string>();
  for (let i = 0, list = catalog.actionsOf(service); i < list.length; i++) {
    const a = list[i];
    for (let j = 0, resourceTypes = a.resourceTypes; j < resourceTypes.length; j++) {
      const rt = resourceTypes[j];
      claimed.add(rt.name.toLowerCase());
    }
  }
  return catalog
    .resourceTypesOf(service)
    .filter((rt) => rt.arn && !claimed.has(rt.name.toLowerCase()))
    .flatMap((rt) => templatesOf(rt.arn));
});

/**
 * Whether the ARN names a resource of another service prefix that is the same service renamed (see
 * sameService), of a resource type one of the actions takes: CodeStar Connections became CodeConnections, and a
 * connection's ARN carries either prefix. Asked only for ARNs that fit no template of the actions.
 */
function fitsRenamedService(arn: string, set: ActionSet): boolean {
  const service = arn.split(':')[2];
  if (!service || /[*?$]/.test(service)) return false;
  const catalog = getCatalog();
  for (let i = 0, typed = set.typed; i < typed.length; i++) {
    const a = typed[i];
    if (a.service.toLowerCase() === service.toLowerCase() || !sameService(a.service, service)) continue;
    for (let j = 0, resourceTypes = a.resourceTypes; j < resourceTypes.length; j++) {
      const rt = resourceTypes[j];
      const twin = catalog.resourceType(service, rt.name);
      if (twin?.arn && templatesOf(twin.arn).some((t) => fitsTemplate(arn, t))) return true;
    }
  }
  return false;
}

/** Two prefixes of one service: the catalogue gives them the same actions and the same resource types. */
const sameServicePairs = memo((pair: string): boolean => {
  const [a, b] = pair.split(' ');
  const catalog = getCatalog();
  const names = (list: { name: string }[]) => list.map((x) => x.name.toLowerCase()).sort().join(',');
  const actions = names(catalog.actionsOf(a));
  const types = names(catalog.resourceTypesOf(a));
  return actions !== '' && actions === names(catalog.actionsOf(b)) && types === names(catalog.resourceTypesOf(b));
});
function sameService(a: string, b: string): boolean {
  const x = a.toLowerCase();
  const y = b.toLowerCase();
  return sameServicePairs(x < y ? `${x} ${y}` : `${y} ${x}`);
}

/** Whether the ARN fits one of the templates (an indexed loop: no closure per call in the first, unoptimised run). */
function fitsSome(arn: string, templates: string[]): boolean {
  for (let i = 0; i < templates.length; i++) if (fitsTemplate(arn, templates[i])) return true;
  return false;
}

/**
 * Per template, per ARN: whether it fits. Two levels of prototype-less objects (see support/memo.ts) rather than
 * one map keyed by template and ARN joined: no key string is built and hashed per question.
 */
let templateFits: Record<string, Record<string, boolean>> = Object.create(null);
let templateFitsCount = 0;

function fitsTemplate(arn: string, template: string): boolean {
  let byArn: Record<string, boolean> | undefined = templateFits[template];
  let v = byArn?.[arn];
  if (v === undefined) {
    v = arnFitsTemplate(arn, template);
    if (templateFitsCount > 100000) {
      templateFits = Object.create(null);
      templateFitsCount = 0;
      byArn = undefined;
    }
    if (byArn === undefined) templateFits[template] = byArn = Object.create(null) as Record<string, boolean>;
    byArn[arn] = v;
    templateFitsCount++;
  }
  return v;
}
