import { docFacts } from '../support/facts';
import { removePropertyFix } from '../support/edits';
import { defineRule } from '../types';
import type { Span } from '../../../text/span';
import type { Fix } from '../../../findings';
import type { PrincipalBlock, StringList } from '../../../policy/types';

/** The raw JSON of statement `index` (the parsed statement keeps no trace of an empty operator block). */
function rawStatement(json: unknown, index: number): Record<string, unknown> | undefined {
  if (!json || typeof json !== 'object') return undefined;
  const s = (json as Record<string, unknown>).Statement;
  const raw = Array.isArray(s) ? s[index] : index === 0 ? s : undefined;
  return raw && typeof raw === 'object' && !Array.isArray(raw) ? (raw as Record<string, unknown>) : undefined;
}

/** Whether every operator of the statement's Condition holds a key (as many operators as entries at most). */
function allOperatorsHaveKeys(json: unknown, index: number, entries: number): boolean {
  const raw = rawStatement(json, index)?.Condition;
  if (!raw || typeof raw !== 'object') return true;
  let ops = 0;
  for (const k in raw as object) {
    ops++;
    const keys = (raw as Record<string, unknown>)[k];
    if (keys && typeof keys === 'object' && !Array.isArray(keys)) {
      let any = false;
      for (const _ in keys as object) {
        any = true;
        break;
      }
      if (!any) return false;
    }
  }
  return ops <= entries;
}

/** Text [start, end) holds "{" then only whitespace then "}": maybe an empty object (a string may hold one too: the JSON decides). */
function hasEmptyBraces(text: string, start: number, end: number): boolean {
  for (let i = text.indexOf('{', start); i >= 0 && i < end; i = text.indexOf('{', i + 1)) {
    let j = i + 1;
    while (j < end && (text.charCodeAt(j) === 32 || text.charCodeAt(j) === 10 || text.charCodeAt(j) === 13 || text.charCodeAt(j) === 9)) j++;
    if (text.charCodeAt(j) === 125) return true;
  }
  return false;
}

export default defineRule({
  id: 'grammar/empty-element',
  severity: 'warning',
  message: 'An empty element: it has no effect.',
  doc: `An empty \`Action\`, \`NotAction\`, \`Resource\` or \`NotResource\` array, a \`Principal\` of \`{}\` or with an
empty list (\`{"AWS": []}\`), an empty \`Condition\` block or operator (\`"StringEquals": {}\`) and an empty
\`Sid\` are accepted but say nothing: a statement with no actions, resources or principals never applies,
and an empty condition block tests nothing. Usually something was lost in an edit or a template. These are
IAM Access Analyzer's suggestions "Empty array action", "Empty array resource", "Empty array principal",
"Empty object principal", "Empty object condition" and "Empty Sid value"
([check reference](https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-reference-policy-checks.html));
empty lists of condition values are \`grammar/condition-value\`'s. **Fix:** fill the element in, or remove it
(a quick fix removes an empty \`Sid\` or \`Condition\`).`,
  policy({ target, report }) {
    if (!target.pinned && !docFacts(target.doc, target.file.text).maybeEmpty) return;
    const { doc } = target;
    const text = target.file.text;
    const remove = (title: string, span: Span) => (target.pinned ? [] : [removePropertyFix(title, doc.uri, text, span)].filter((f): f is Fix => f !== undefined));
    const emptyList = (name: string, list: StringList | undefined) => {
      if (list && list.values.length === 0 && !list.single) report(list.span, `"${name}": [] lists nothing: the statement never applies.`);
    };
    const emptyBlock = (name: string, block: PrincipalBlock | undefined) => {
      if (!block || block.wildcard) return;
      if (block.entries.length === 0) report(block.span, `"${name}": {} names nobody: the statement never applies.`);
      else for (const e of block.entries) { if (e.values.length === 0) report(e.type.span, `"${e.type.value}": [] in ${name} names nobody.`); }
    };
    for (const st of doc.statements) {
      emptyList('Action', st.action);
      emptyList('NotAction', st.notAction);
      emptyList('Resource', st.resource);
      emptyList('NotResource', st.notResource);
      emptyBlock('Principal', st.principal);
      emptyBlock('NotPrincipal', st.notPrincipal);
      if (st.sid && st.sid.value === '') report(st.sid.span, 'An empty Sid: give the statement a name or remove the Sid.', { fixes: remove('Remove the empty Sid', st.sid.span) });
      // A condition block with an entry has a key under an operator: only a block without entries can be empty.
      if (st.conditionSpan && (st.conditions.length === 0 || (target.pinned ? !allOperatorsHaveKeys(doc.json, st.index, st.conditions.length) : hasEmptyBraces(text, st.conditionSpan.start, st.conditionSpan.end)))) {
        const raw = rawStatement(doc.json, st.index)?.Condition;
        if (raw && typeof raw === 'object' && !Array.isArray(raw)) {
          const ops = Object.entries(raw as Record<string, unknown>);
          if (ops.length === 0) report(st.conditionSpan, 'An empty Condition block tests nothing.', { fixes: remove('Remove the empty Condition', st.conditionSpan) });
          else {
            for (const [op, keys] of ops) {
              if (keys && typeof keys === 'object' && !Array.isArray(keys) && Object.keys(keys).length === 0) {
                report(st.conditionSpan, `The condition operator "${op}" has no keys: it tests nothing.`);
              }
            }
          }
        }
      }
    }
  },
});
