import { docFacts, FACT } from '../support/facts';
import type { Fix } from '../../../findings';
import type { PolicyDocument, StringList } from '../../../policy/types';
import { removeArrayItemFix } from '../support/edits';
import { parseOperator } from '../support/operators';
import { memo } from '../support/memo';
import { defineRule, type PolicyRuleContext, type PolicyTarget } from '../types';
import type { Located, Span } from '../../../text/span';
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

/**
 * For each value, the index of another value of the list that covers it (an equal one earlier in the list, or a
 * wildcard pattern matching it), or -1; undefined when none is covered. Actions compare without case, ARNs with
 * it. Lists are short: pairwise, but each value is scanned once for its wildcards (the values are slices of a
 * large file text, whose characters are costly to reach), and equal lengths are compared before characters.
 */
function coverage(vals: Located<string>[], ci: boolean): Int32Array | undefined {
  const n = vals.length;
  // Per value: -1 holds "$" (a variable: left alone), 0 no wildcard, 1 a prefix ("s3:Get*"), 2 another pattern.
  let kinds: Int8Array | undefined;
  for (let i = 0; i < n; i++) {
    const v = vals[i].value;
    const star = v.indexOf('*');
    const q = v.indexOf('?');
    const kind = v.indexOf('$') >= 0 ? -1 : star < 0 && q < 0 ? 0 : star === v.length - 1 && q < 0 ? 1 : 2;
    if (kind !== 0) (kinds ??= new Int8Array(n))[i] = kind;
  }
  let out: Int32Array | undefined;
  for (let i = 0; i < n; i++) {
    if (kinds && kinds[i] === -1) continue;
    const v = vals[i].value;
    for (let j = 0; j < n; j++) {
      if (j === i) continue;
      const p = vals[j].value;
      const kind = kinds ? kinds[j] : 0;
      let covers: boolean;
      if (p.length === v.length && equal(p, v, ci)) covers = j < i;
      else if (kind <= 0) covers = false;
      else covers = kind === 1 ? underPrefix(v, p, ci) : (ci ? globCi(p) : globCs(p))(v);
      if (covers) {
        (out ??= new Int32Array(n).fill(-1))[i] = j;
        break;
      }
    }
  }
  return out;
}

/** The quick fix removing a list element (none in a document written as a JSON string). */
function removeFix(target: PolicyTarget, title: string, span: Span): Fix[] {
  if (target.pinned) return [];
  const f = removeArrayItemFix(title, target.doc.uri, target.file.text, span);
  return f ? [f] : [];
}

const quietDocs = new WeakMap<PolicyDocument, boolean>();

/**
 * No list of the document has a covered value and no condition has two numeric values: the rule has nothing to
 * say. Worked out once per document (documents never change), so that a run asks the pairs only of the few
 * documents that have something to report.
 */
function quiet(doc: PolicyDocument): boolean {
  let q = quietDocs.get(doc);
  if (q === undefined) {
    q = true;
    for (let i = 0, statements = doc.statements; i < statements.length; i++) {
      const st = statements[i];
      if (st.action && st.action.values.length >= 2 && coverage(st.action.values, true)) q = false;
      else if (st.notAction && st.notAction.values.length >= 2 && coverage(st.notAction.values, true)) q = false;
      else if (st.resource && st.resource.values.length >= 2 && coverage(st.resource.values, false)) q = false;
      else if (st.notResource && st.notResource.values.length >= 2 && coverage(st.notResource.values, false)) q = false;
      else for (let j = 0, conditions = st.conditions; j < conditions.length; j++) {
        const c = conditions[j];
        if (c.values.length >= 2 && parseOperator(c.operator.value)?.family === 'Numeric') q = false;
      }
      if (!q) break;
    }
    quietDocs.set(doc, q);
  }
  return q;
}

/** Reports the values of a list covered by another value of it. (Module-level, not a closure per document.) */
function checkList(target: PolicyTarget, report: PolicyRuleContext['report'], list: StringList, what: string, ci: boolean): void {
  const vals = list.values;
  if (vals.length < 2) return;
  const covered = coverage(vals, ci);
  if (!covered) return;
  for (let i = 0; i < vals.length; i++) {
    const j = covered[i];
    if (j < 0) continue;
    const same = ci ? vals[j].value.toLowerCase() === vals[i].value.toLowerCase() : vals[j].value === vals[i].value;
    report(vals[i].span, same ? `"${vals[i].value}" is listed twice in ${what}.` : `"${vals[i].value}" is already covered by "${vals[j].value}" in ${what}.`, { fixes: removeFix(target, `Remove "${vals[i].value}"`, vals[i].span) });
  }
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
  facts: FACT.longList | FACT.multiValue,
  policy({ target, report }) {
    const facts = docFacts(target.doc, target.file.text);
    if (!facts.longList && !facts.multiValue) return;
    const { doc } = target;
    if (quiet(doc)) return;
    for (let j = 0, statements = doc.statements; j < statements.length; j++) {
      const st = statements[j];
      if (st.action) checkList(target, report, st.action, 'Action', true);
      if (st.notAction) checkList(target, report, st.notAction, 'NotAction', true);
      if (st.resource) checkList(target, report, st.resource, 'Resource', false);
      if (st.notResource) checkList(target, report, st.notResource, 'NotResource', false);
      for (let k = 0, conditions = st.conditions; k < conditions.length; k++) {
        const c = conditions[k];
        if (c.values.length < 2) continue;
        const op = parseOperator(c.operator.value);
        if (!op || op.family !== 'Numeric' || op.set || !/^Numeric(Less|Greater)Than/.test(op.base)) continue;
        const nums = c.values.map((v) => Number(v.value));
        if (nums.some((n) => Number.isNaN(n))) continue;
        const less = op.base.startsWith('NumericLess');
        const loosest = less ? Math.max(...nums) : Math.min(...nums);
        const keep = nums.indexOf(loosest);
        c.values.forEach((v, i) => {
          if (i !== keep) report(v.span, `${op.text} holds if any value does: ${String(v.value)} adds nothing next to ${loosest}.`, { fixes: removeFix(target, `Remove ${String(v.value)}`, v.span) });
        });
      }
    }
  },
});
