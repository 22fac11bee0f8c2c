import { format, modify, type Edit, type FormattingOptions, type JSONPath } from 'jsonc-parser';

/**
 * jsonc-parser's `modify` with `formattingOptions`, the same edits in time linear in the text.
 *
 * jsonc-parser formats what it inserts (or the line it removes from) and applies each formatting edit to the
 * whole text, one string copy per edit: a line of 100,000 tokens in a 150 KB file (a statement written on one
 * line, a long list) made one quick fix take seconds and a code-action request half a minute (found by the fuzz
 * tier). Here the unformatted edit comes from `modify`, the formatting edits from `format` over the same range,
 * and they are applied in one pass; the rest is jsonc-parser's own arithmetic (`withFormatting`, 3.3), so the
 * result is the edit `modify` returns (test/json/modify.test.ts compares them).
 */
export function modifyFormatted(
  text: string,
  path: JSONPath,
  value: unknown,
  options: { formattingOptions: FormattingOptions; isArrayInsertion?: boolean },
): Edit[] {
  const raw = modify(text, path, value, { isArrayInsertion: options.isArrayInsertion });
  return raw.map((edit) => withFormatting(text, edit, options.formattingOptions));
}

function isEOL(text: string, offset: number): boolean {
  const c = text.charCodeAt(offset);
  return c === 10 || c === 13;
}

function withFormatting(text: string, edit: Edit, formattingOptions: FormattingOptions): Edit {
  const newText = text.slice(0, edit.offset) + edit.content + text.slice(edit.offset + edit.length);
  let begin = edit.offset;
  let end = edit.offset + edit.content.length;
  if (edit.length === 0 || edit.content.length === 0) {
    // An insertion or a removal: the whole line around it is formatted.
    while (begin > 0 && !isEOL(newText, begin - 1)) begin--;
    while (end < newText.length && !isEOL(newText, end)) end++;
  }
  const edits = format(newText, { offset: begin, length: end - begin }, { ...formattingOptions, keepLines: false });
  // jsonc-parser applies these from the last to the first, so each one's offset is in `newText`'s terms; the
  // span they touch grows as it does there.
  for (let i = edits.length - 1; i >= 0; i--) {
    const e = edits[i];
    begin = Math.min(begin, e.offset);
    end = Math.max(end, e.offset + e.length);
    end += e.content.length - e.length;
  }
  const formatted = applyInOnePass(newText, edits);
  const length = text.length - (formatted.length - end) - begin;
  return { offset: begin, length, content: formatted.substring(begin, end) };
}

/** Applies non-overlapping edits (offsets in `text`'s terms) by joining the kept pieces once. */
function applyInOnePass(text: string, edits: Edit[]): string {
  const sorted = [...edits].sort((a, b) => a.offset - b.offset);
  const parts: string[] = [];
  let at = 0;
  for (const e of sorted) {
    parts.push(text.slice(at, e.offset), e.content);
    at = e.offset + e.length;
  }
  parts.push(text.slice(at));
  return parts.join('');
}
