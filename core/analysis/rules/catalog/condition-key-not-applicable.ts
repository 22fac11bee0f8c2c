import { getCatalog, type ActionInfo } from '../../../data/catalog';
import { memo } from '../support/memo';
import { values } from '../support/policy';
import { FACT } from '../support/facts';
import { defineRule } from '../types';

export default defineRule({
  id: 'catalog/condition-key-not-applicable',
  severity: 'warning',
  message: 'No action of the statement supports this condition key.',
  doc: `A service-specific condition key is only present in requests for the actions that support it. If none of
the statement's actions does, the key is always missing: the condition never matches (an Allow grants
nothing) or, with \`IfExists\` or a negated operator, always matches. Global keys (\`aws:...\`) are not
checked, nor are service keys that no action of their service lists (such as \`codebuild:buildArn\`, which CodeBuild
puts in the requests a build makes to other services): the catalogue does not say which requests carry them.
**Fix:** use a key the actions support (see the action's "Condition keys" in the service authorization
reference) or move the condition to the statement whose actions support it.

Known gap in the data: where AWS's reference puts two services under one prefix (\`aws-marketplace\`,
\`elasticloadbalancing\`, \`apigateway\`), the catalogue merges them and an action both define keeps one service's
keys, so \`aws-marketplace:ProductId\` is reported on \`aws-marketplace:Subscribe\`, which supports it.`,
  facts: FACT.conditionKeys,
  policy({ target, report }) {
    const catalog = getCatalog();
    for (let i = 0, statements = target.doc.statements; i < statements.length; i++) {
      const st = statements[i];
      if (!st.action || st.conditions.length === 0) continue;
      const patterns = values(st.action).map((a) => a.value);
      if (patterns.some((p) => p === '*' || p.includes('$'))) continue;
      let actions: ActionInfo[] | undefined;
      for (let j = 0, conditions = st.conditions; j < conditions.length; j++) {
        const c = conditions[j];
        const info = catalog.conditionKey(c.key.value);
        if (!info || info.global || info.webIdentityClaim || !claimedKeys(info.service).has(info.key.toLowerCase())) continue;
        actions ??= patterns.flatMap((p) => catalog.actionsMatching(p));
        if (actions.length === 0) break;
        if (actions.some((a) => catalog.actionSupportsConditionKey(a, c.key.value))) continue;
        if (target.kind === 'trust' && info.service === 'sts') continue;
        const shown = actions.length === 1 ? actions[0].id : `${actions.length} actions of the statement`;
        report(c.key.span, `${c.key.value} is not available for ${shown}: the key is never in the request.`);
      }
    }
  },
});

/**
 * The condition keys (lower case, as the catalogue writes them) that some action or resource type of a service
 * lists. A key of the service outside this set is one the catalogue attaches to no action: often a key the
 * service sets on requests it makes elsewhere (codebuild:buildArn, iottwinmaker:linkedServices).
 */
const claimedKeys = memo((service: string): Set<string> => {
  const catalog = getCatalog();
  const out = new Set<string>();
  for (let i = 0, list = catalog.actionsOf(service); i < list.length; i++) {
    const a = list[i];
    for (let j = 0, items = catalog.conditionKeysFor(a); j < items.length; j++) {
      const k = items[j];
      out.add(k.toLowerCase());
    }
  }
  for (let n = 0, elements = catalog.resourceTypesOf(service); n < elements.length; n++) {
    const rt = elements[n];
    for (let m = 0, conditionKeys = rt.conditionKeys; m < conditionKeys.length; m++) {
      const k = conditionKeys[m];
      out.add(k.toLowerCase());
    }
  }
  return out;
});
