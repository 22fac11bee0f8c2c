import { docFacts, FAMILY, FACT } from '../support/facts';
import { replaceValueFix } from '../support/edits';
import { parseOperator } from '../support/operators';
import { isDeny, keysUnderOperator } from '../support/policy';
import { defineRule } from '../types';

/** `*` or `?` outside the special variables `${*}` and `${?}`. */
const WILDCARD = /[*?]/;
const hasWildcard = (s: string) => WILDCARD.test(s.replace(/\$\{[*?$]\}/g, ''));

export default defineRule({
  id: 'grammar/wildcard-without-like',
  severity: 'warning',
  message: 'A wildcard in a value compared with StringEquals is a literal "*": use StringLike.',
  doc: `\`StringEquals\` and \`StringNotEquals\` compare characters: \`*\` and \`?\` in their values are plain characters,
not wildcards. \`"StringNotEquals": {"aws:PrincipalArn": "arn:aws:iam::*:role/breakglass-*"}\` in a Deny
exempts no real role, so the Deny hits everyone, break-glass included; under an Allow, \`StringEquals\` with a
pattern lets nobody in. IAM Access Analyzer: "Wildcard without like operator"
([check reference](https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-reference-policy-checks.html)).
(\`ArnEquals\` does take wildcards, like \`ArnLike\`.) **Fix:** write \`StringLike\` / \`StringNotLike\` (a quick fix
when the key is alone under its operator).`,
  facts: FACT.wildcardString,
  policy({ target, report }) {
    const f = docFacts(target.doc, target.file.text);
    if (!f.conditionWildcards || !(f.families & FAMILY.String)) return;
    for (const st of target.doc.statements) {
      for (const c of st.conditions) {
        const op = parseOperator(c.operator.value);
        if (!op || op.family !== 'String' || /Like$/i.test(op.base)) continue;
        const v = c.values.find((x) => typeof x.value === 'string' && hasWildcard(x.value));
        if (!v) continue;
        const like = op.base === 'StringEquals' ? 'StringLike' : op.base === 'StringNotEquals' ? 'StringNotLike' : undefined;
        const fixed = like && `${op.set ? op.set + ':' : ''}${like}${op.ifExists ? 'IfExists' : ''}`;
        const effect = op.negated && isDeny(st) ? ' The exception then matches nothing, so the Deny applies to everyone.' : '';
        report(v.span, `${op.text} compares "${v.value}" character by character: "*" and "?" are not wildcards here.${like ? ` Write ${fixed}.` : ' There is no IgnoreCase form of StringLike: list the values.'}${effect}`, {
          fixes: fixed && !target.pinned && keysUnderOperator(st, c.operator.span.start) === 1 ? [replaceValueFix(`Change to "${fixed}"`, target.doc.uri, c.operator.span, fixed)] : [],
        });
      }
    }
  },
});
