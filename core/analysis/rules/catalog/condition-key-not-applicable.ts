import { getCatalog, type ActionInfo } from '../../../data/catalog';
import { values } from '../support/policy';
import { defineRule } from '../types';

export default defineRule({
  id: 'catalog/condition-key-not-applicable',
  severity: 'warning',
  message: 'No action of the statement supports this condition key.',
  doc: `A service-specific condition key is only present in requests for the actions that support it. If none of
the statement's actions does, the key is always missing: the condition never matches (an Allow grants
nothing) or, with \`IfExists\` or a negated operator, always matches. Global keys (\`aws:...\`) are not
checked. **Fix:** use a key the actions support (see the action's "Condition keys" in the service
authorization reference) or move the condition to the statement whose actions support it.`,
  policy({ target, report }) {
    const catalog = getCatalog();
    for (const st of target.doc.statements) {
      if (!st.action || st.conditions.length === 0) continue;
      const patterns = values(st.action).map((a) => a.value);
      if (patterns.some((p) => p === '*' || p.includes('$'))) continue;
      let actions: ActionInfo[] | undefined;
      for (const c of st.conditions) {
        const info = catalog.conditionKey(c.key.value);
        if (!info || info.global || info.webIdentityClaim) continue;
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
