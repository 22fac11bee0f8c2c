import type { Fix } from '../../../findings';
import type { StringList } from '../../../policy/types';
import { removeArrayItemFix } from '../support/edits';
import { parseOperator } from '../support/operators';
import { memo } from '../support/memo';
import { patternCovers } from '../support/subsume';
import { defineRule } from '../types';
import type { Located } from '../../../text/span';

/** `outer` (a pattern) covers `inner` and is not the same value in another case; memoised per pair. */
const covers = memo((pair: string) => {
  const cut = pair.indexOf('\n');
  const outer = pair.slice(0, cut);
  const inner = pair.slice(cut + 1);
  return outer.toLowerCase() !== inner.toLowerCase() && patternCovers(outer, inner);
});
const coversPair = (outer: string, inner: string) => covers(`${outer}\n${inner}`);

/**
 * For each value, the index of another value of the list that covers it (an equal one earlier in the list, or a
 * wildcard pattern matching it), or -1. Only patterns with a wildcard can cover other values: O(n × patterns).
 */
function coverage(vals: Located<string>[]): Int32Array | undefined {
  // The common list: no wildcard pattern and no value twice (as written): nothing to look at.
  let wild = false;
  for (const v of vals) if (v.value.includes('*') || v.value.includes('?')) wild = true;
  if (!wild && new Set(vals.map((v) => v.value.toLowerCase())).size === vals.length) return undefined;
  const out = new Int32Array(vals.length).fill(-1);
  const first = new Map<string, number>();
  const patterns: number[] = [];
  for (let i = 0; i < vals.length; i++) {
    const v = vals[i].value;
    if (v.includes('$')) continue;
    const lower = v.toLowerCase();
    const seen = first.get(lower);
    if (seen !== undefined) out[i] = seen;
    else first.set(lower, i);
    if (v.includes('*') || v.includes('?')) patterns.push(i);
  }
  if (!patterns.length) return out;
  for (let i = 0; i < vals.length; i++) {
    if (out[i] >= 0 || vals[i].value.includes('$')) continue;
    for (const j of patterns) {
      if (j !== i && coversPair(vals[j].value, vals[i].value)) {
        out[i] = j;
        break;
      }
    }
  }
  return out;
}

export default defineRule({
  id: 'practice/redundant-values',
  severity: 'info',
  message: 'A value already covered by another value of the same list.',
  doc: `Within one statement, an action matched by another pattern of the same \`Action\` list (\`s3:GetObject\` next
to \`s3:Get*\`), a resource ARN inside another (\`arn:aws:s3:::b/k\` next to \`arn:aws:s3:::b/*\`), or a numeric
bound weaker than another one under \`NumericLessThan\` / \`NumericGreaterThan\` (only the loosest counts) adds
nothing, and makes the policy longer against its size quota. IAM Access Analyzer's suggestions "Redundant
action", "Redundant resource" and "Redundant condition value num"
([check reference](https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-reference-policy-checks.html)).
**Fix:** remove the covered value (a quick fix); check that the broader pattern is what you meant.`,
  policy({ target, report }) {
    const { doc } = target;
    const fix = (title: string, span: { start: number; end: number }): Fix[] => {
      if (target.pinned) return [];
      const f = removeArrayItemFix(title, doc.uri, target.file.text, span);
      return f ? [f] : [];
    };
    const check = (list: StringList | undefined, what: string) => {
      if (!list || list.values.length < 2) return;
      const vals = list.values;
      const covered = coverage(vals);
      if (!covered) return;
      for (let i = 0; i < vals.length; i++) {
        const j = covered[i];
        if (j < 0) continue;
        const same = vals[j].value.toLowerCase() === vals[i].value.toLowerCase();
        report(vals[i].span, same ? `"${vals[i].value}" is listed twice in ${what}.` : `"${vals[i].value}" is already covered by "${vals[j].value}" in ${what}.`, { fixes: fix(`Remove "${vals[i].value}"`, vals[i].span) });
      }
    };
    for (const st of doc.statements) {
      check(st.action, 'Action');
      check(st.notAction, 'NotAction');
      check(st.resource, 'Resource');
      check(st.notResource, 'NotResource');
      for (const c of st.conditions) {
        if (c.values.length < 2) continue;
        const op = parseOperator(c.operator.value);
        if (!op || op.family !== 'Numeric' || op.set || !/^Numeric(Less|Greater)Than/.test(op.base)) continue;
        const nums = c.values.map((v) => Number(v.value));
        if (nums.some((n) => Number.isNaN(n))) continue;
        const less = op.base.startsWith('NumericLess');
        const loosest = less ? Math.max(...nums) : Math.min(...nums);
        const keep = nums.indexOf(loosest);
        c.values.forEach((v, i) => {
          if (i !== keep) report(v.span, `${op.text} holds if any value does: ${String(v.value)} adds nothing next to ${loosest}.`, { fixes: fix(`Remove ${String(v.value)}`, v.span) });
        });
      }
    }
  },
});
