import { docFacts } from '../support/facts';
import type { Fix } from '../../../findings';
import type { StringList } from '../../../policy/types';
import { removeArrayItemFix } from '../support/edits';
import { parseOperator } from '../support/operators';
import { memo } from '../support/memo';
import { defineRule } from '../types';
import type { Located } from '../../../text/span';
import { compileGlob, type GlobMatcher } from '../../../text/glob';

/** An IAM wildcard pattern as a regular expression (case-insensitive for actions, exact for ARNs), memoised. */
const globCi = memo((p: string) => glob(p, 'i'));
const globCs = memo((p: string) => glob(p, ''));
function glob(p: string, flags: string): GlobMatcher {
  return compileGlob(p, flags === 'i');
}

/** ASCII case folding of one character code. */
const fold = (c: number) => (c >= 65 && c <= 90 ? c + 32 : c);

function equal(a: string, b: string, ci: boolean): boolean {
  if (a.length !== b.length) return false;
  if (!ci) return a === b;
  for (let k = 0; k < a.length; k++) if (fold(a.charCodeAt(k)) !== fold(b.charCodeAt(k))) return false;
  return true;
}

/** `s` starts with `pattern` minus its final "*". */
function underPrefix(s: string, pattern: string, ci: boolean): boolean {
  const n = pattern.length - 1;
  if (s.length < n) return false;
  if (!ci) return s.startsWith(pattern.slice(0, n));
  for (let k = 0; k < n; k++) if (fold(s.charCodeAt(k)) !== fold(pattern.charCodeAt(k))) return false;
  return true;
}

const hasWildcard = (v: string) => v.includes('*') || v.includes('?');

/**
 * For each value, the index of another value of the list that covers it (an equal one earlier in the list, or a
 * wildcard pattern matching it), or -1; undefined when none is covered. Actions compare without case, ARNs with
 * it. Lists are short: pairwise, allocating only when something is found.
 */
function coverage(vals: Located<string>[], ci: boolean): Int32Array | undefined {
  const n = vals.length;
  let out: Int32Array | undefined;
  for (let i = 0; i < n; i++) {
    const v = vals[i].value;
    if (v.includes('$')) continue;
    for (let j = 0; j < n; j++) {
      if (j === i) continue;
      const p = vals[j].value;
      let covers: boolean;
      if (equal(p, v, ci)) covers = j < i;
      else if (!hasWildcard(p) || p.includes('$')) covers = false;
      else {
        const star = p.indexOf('*');
        covers = star === p.length - 1 && !p.includes('?') ? underPrefix(v, p, ci) : (ci ? globCi(p) : globCs(p))(v);
      }
      if (covers) {
        (out ??= new Int32Array(n).fill(-1))[i] = j;
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
    const facts = docFacts(target.doc, target.file.text);
    if (!facts.longList && !facts.multiValue) return;
    const { doc } = target;
    const fix = (title: string, span: { start: number; end: number }): Fix[] => {
      if (target.pinned) return [];
      const f = removeArrayItemFix(title, doc.uri, target.file.text, span);
      return f ? [f] : [];
    };
    const check = (list: StringList | undefined, what: string, ci: boolean) => {
      if (!list || list.values.length < 2) return;
      const vals = list.values;
      const covered = coverage(vals, ci);
      if (!covered) return;
      for (let i = 0; i < vals.length; i++) {
        const j = covered[i];
        if (j < 0) continue;
        const same = ci ? vals[j].value.toLowerCase() === vals[i].value.toLowerCase() : vals[j].value === vals[i].value;
        report(vals[i].span, same ? `"${vals[i].value}" is listed twice in ${what}.` : `"${vals[i].value}" is already covered by "${vals[j].value}" in ${what}.`, { fixes: fix(`Remove "${vals[i].value}"`, vals[i].span) });
      }
    };
    for (const st of doc.statements) {
      check(st.action, 'Action', true);
      check(st.notAction, 'NotAction', true);
      check(st.resource, 'Resource', false);
      check(st.notResource, 'NotResource', false);
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
