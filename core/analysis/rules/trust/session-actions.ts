import { getCatalog } from '../../../data/catalog';
import { setValueFix } from '../support/edits';
import { values } from '../support/policy';
import { allowsAction } from '../support/trust';
import type { Statement } from '../../../policy/types';
import type { Located } from '../../../text/span';
import type { Fix } from '../../../findings';
import { defineRule, type PolicyTarget } from '../types';

/** Condition keys that only a session action's request carries, and that action (from the catalogue). */
const SESSION_KEYS: [RegExp, string][] = [
  [/^sts:sourceidentity$/i, 'sts:SetSourceIdentity'],
  [/^aws:requesttag\/|^aws:tagkeys$|^sts:transitivetagkeys$/i, 'sts:TagSession'],
];

/** The actions IAM Roles Anywhere needs in the trust policy of the roles it hands out. */
const ROLES_ANYWHERE = ['sts:AssumeRole', 'sts:SetSourceIdentity', 'sts:TagSession'];

/** The quick fix adding the missing actions to the statement's Action (module-level: not a closure per document). */
function addActionsFix(target: PolicyTarget, st: Statement, missing: string[]): Fix[] {
  if (target.pinned || !st.action) return [];
  const f = setValueFix(`Add ${missing.join(', ')}`, target.doc.uri, target.file.text, st.action.span, [...values(st.action).map((a) => a.value), ...missing]);
  return f ? [f] : [];
}

export default defineRule({
  id: 'trust/session-actions',
  kinds: ['trust'],
  severity: 'error',
  message: 'The trust policy lacks an action its principal or condition needs.',
  doc: `Two of IAM Access Analyzer's errors
([check reference](https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-reference-policy-checks.html)):
- "Missing action for condition key": \`sts:SourceIdentity\` is set by \`sts:SetSourceIdentity\`, and session tags
  (\`aws:RequestTag/…\`, \`aws:TagKeys\`, \`sts:TransitiveTagKeys\`) by \`sts:TagSession\`. A trust statement that
  conditions on those keys without allowing the action that sets them never lets the caller set them, so
  the assume call that passes them is denied.
- "Missing action for roles anywhere trust policy": \`rolesanywhere.amazonaws.com\` assumes a role with
  \`sts:AssumeRole\`, \`sts:SetSourceIdentity\` and \`sts:TagSession\` together; without all three, IAM Roles
  Anywhere cannot create sessions.

**Fix:** add the missing actions to the statement's \`Action\` (a quick fix).`,
  policy({ target, report }) {
    if (target.kind !== 'trust') return;
    const catalog = getCatalog();
    for (let i = 0, statements = target.doc.statements; i < statements.length; i++) {
      const st = statements[i];
      if (st.effect?.value !== 'Allow' || (!st.action && !st.notAction)) continue;
      let anywhere: Located<string> | undefined;
      for (let j = 0, list = st.principal?.entries ?? []; j < list.length; j++) {
        const e = list[j];
        if (e.type.value === 'Service') anywhere ??= e.values.find((v) => /^rolesanywhere\.amazonaws\.com$/i.test(v.value));
      }
      if (anywhere) {
        const missing = ROLES_ANYWHERE.filter((a) => !allowsAction(st, a));
        if (missing.length) {
          const span = st.action?.span ?? anywhere.span;
          report(span, `IAM Roles Anywhere needs ${missing.join(', ')} as well: it assumes the role with ${ROLES_ANYWHERE.join(', ')}.`, { fixes: addActionsFix(target, st, missing) });
        }
        continue;
      }
      if (st.conditions.length === 0) continue;
      const reported = new Set<string>();
      for (let k = 0, conditions = st.conditions; k < conditions.length; k++) {
        const c = conditions[k];
        const needed = SESSION_KEYS.find(([re]) => re.test(c.key.value))?.[1];
        if (!needed || reported.has(needed) || allowsAction(st, needed) || !catalog.action(needed)) continue;
        reported.add(needed);
        report(c.key.span, `${c.key.value} is set by ${needed}, which this statement does not allow: callers cannot pass it when they assume the role, so the condition only ever sees it missing.`, { fixes: addActionsFix(target, st, [needed]) });
      }
    }
  },
});
