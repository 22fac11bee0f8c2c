import { quietBit, unlessQuiet } from '../support/quiet';
import { docFacts, FACT } from '../support/facts';
import { getCatalog, type ActionInfo } from '../../../data/catalog';
import { memo } from '../support/memo';
import { parseOperator } from '../support/operators';
import { isDeny, values } from '../support/policy';
import { defineRule, type PolicyRuleContext } from '../types';

/** The global tag keys, which only some actions carry (the catalogue lists them per action). */
const TAG_KEY = /^aws:(resourcetag|requesttag)\/|^aws:tagkeys$/i;
const tagTemplate = (key: string) => {
  const l = key.toLowerCase();
  return l.startsWith('aws:resourcetag/') ? 'aws:resourcetag/${tagkey}' : l.startsWith('aws:requesttag/') ? 'aws:requesttag/${tagkey}' : 'aws:tagkeys';
};

/** Whether the action's requests carry the key (a global tag key, or a service-specific one). */
function supports(a: ActionInfo, key: string): boolean {
  const catalog = getCatalog();
  if (TAG_KEY.test(key)) {
    const t = tagTemplate(key);
    return catalog.conditionKeysFor(a).some((k) => k.toLowerCase() === t);
  }
  return catalog.actionSupportsConditionKey(a, key);
}

/** The key is one this rule judges: a tag key, or a service key some action of its service lists. */
const judged = memo((key: string): boolean | undefined => {
  if (TAG_KEY.test(key)) return true;
  const info = getCatalog().conditionKey(key);
  if (!info || info.global || info.webIdentityClaim) return undefined;
  return getCatalog().actionsOf(info.service).some((a) => getCatalog().actionSupportsConditionKey(a, key)) || undefined;
});

/** "pattern\nkey" → the ids of the actions the pattern matches and whose requests lack the key, and how many it matches. */
const lacking = memo((pk: string): { ids: string[]; of: number } => {
  const [pattern, key] = pk.split('\n');
  const actions = getCatalog().actionsMatching(pattern);
  return { ids: actions.filter((a) => !supports(a, key)).map((a) => a.id), of: actions.length };
});

/** The services none of whose actions carry the tag key. */
const servicesWithout = memo((key: string): Set<string> => {
  const catalog = getCatalog();
  const out = new Set<string>();
  for (let i = 0, list = catalog.prefixes(); i < list.length; i++) {
    const s = list[i];
    if (!catalog.actionsOf(s).some((a) => supports(a, key))) out.add(s);
  }
  return out;
});

const list = (ids: string[]) => (ids.length <= 3 ? ids.join(', ') : `${ids.slice(0, 3).join(', ')} and ${ids.length - 3} more`);

export default defineRule({
  id: 'catalog/condition-key-some-actions',
  severity: 'warning',
  message: 'Some actions of the statement never carry this condition key.',
  doc: `A condition key is in a request only for the actions that support it; the tag keys (\`aws:ResourceTag/…\`,
\`aws:RequestTag/…\`, \`aws:TagKeys\`) too, though they are global, are carried only by the actions the service
authorization reference lists them for. For the other actions of the statement the key is missing, so:
- in a **Deny** with a plain operator the condition fails and those actions are **not denied** (the
  dangerous case: "deny deleting anything tagged prod" silently skips the services without tag support);
- in an **Allow** with \`…IfExists\`, a negated operator or \`ForAllValues:\`, the condition holds and those
  actions are **allowed without the check**;
- in an Allow with a plain operator the statement never applies to them (reported as information); a Deny
  that holds when the key is missing denies them anyway (not reported).

IAM Access Analyzer reports these as "Unsupported action for condition key" (error), "Deny with unsupported tag
condition key for service", "Deny NotAction with unsupported tag condition key for service" (security warnings)
and their Allow suggestions ([check reference](https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-reference-policy-checks.html)).
When no action supports a service key, \`catalog/condition-key-not-applicable\` reports it instead.
**Fix:** move the actions that lack the key to a statement of their own, with a condition they support or
with named resources.`,
  facts: FACT.conditionKeys,
  policy(ctx) {
    if (docFacts(ctx.target.doc, ctx.target.file.text).keys.size !== 0) unlessQuiet(quiet, ctx, check);
  },
});

/** The rule's findings depend on the document and the catalogue alone: documents it found nothing in are not walked again. */
const quiet = quietBit();

function check({ target, report }: PolicyRuleContext): void {
  for (let i = 0, statements = target.doc.statements; i < statements.length; i++) {
    const st = statements[i];
    if (st.conditions.length === 0 || (!st.action && !st.notAction)) continue;
    const deny = isDeny(st);
    for (let j = 0, conditions = st.conditions; j < conditions.length; j++) {
      const c = conditions[j];
      if (!judged(c.key.value)) continue;
      const op = parseOperator(c.operator.value);
      if (!op || op.family === 'Null') continue;
      const matchesWhenMissing = op.ifExists || op.set === 'ForAllValues' || (op.negated && !op.set);
      const harmful = deny ? !matchesWhenMissing : matchesWhenMissing;
      // A Deny that applies when the key is missing denies those actions anyway: nothing to say.
      if (deny && !harmful) continue;
      const effect = deny ? 'not denied by this statement' : harmful ? 'allowed without the check' : 'never allowed by this statement';
      if (st.notAction || values(st.action).some((a) => a.value === '*')) {
        // Every action but a few: name the services without the key (tag keys only, where that is the catalogue's answer).
        if (!TAG_KEY.test(c.key.value) || !harmful) continue;
        const services = [...servicesWithout(c.key.value)];
        if (!services.length) continue;
        report(c.key.span, `${c.key.value} is not carried by any action of ${services.length} services (${list(services)}): with ${st.notAction ? 'NotAction' : '"Action": "*"'}, their actions are ${effect}.`);
        continue;
      }
      const missing: string[] = [];
      let total = 0;
      for (let k = 0, items = values(st.action); k < items.length; k++) {
        const a = items[k];
        if (a.value.includes('$')) continue;
        const r = lacking(`${a.value}\n${c.key.value}`);
        total += r.of;
        for (let n = 0, ids = r.ids; n < ids.length; n++) {
          const id = ids[n];
          if (!missing.includes(id)) missing.push(id);
        }
      }
      if (!missing.length) continue;
      // None supports a service key: catalog/condition-key-not-applicable's finding.
      if (missing.length >= total && !TAG_KEY.test(c.key.value)) continue;
      report(c.key.span, `${c.key.value} is never in requests for ${list(missing)}: ${missing.length === 1 ? 'it is' : 'they are'} ${effect}.`, { severity: harmful ? 'warning' : 'info' });
    }
  }
}
