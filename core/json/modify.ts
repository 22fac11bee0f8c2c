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

/**
 * `modifyFormatted` on one value of `text` (the object at `span`, with `path` relative to it) without reading the
 * rest of the text: `modify` parses the whole text on every call, 0.3 s for a 5 MB account file, and a code-action
 * request computes several edits. Undefined when the result could differ from `modifyFormatted` on the whole text:
 * the lines the formatting reads must lie strictly inside the value (not its first line, which in the whole text
 * starts before it, nor its last, which goes on after it); then every step reads the same characters.
 */
export function modifyWithin(
  text: string,
  span: { start: number; end: number },
  path: JSONPath,
  value: unknown,
  options: { formattingOptions: FormattingOptions; isArrayInsertion?: boolean },
): Edit[] | undefined {
  const sub = text.slice(span.start, span.end);
  if (sub.charCodeAt(0) !== 123 || sub.charCodeAt(sub.length - 1) !== 125) return undefined; // not an object's text
  let firstEol = -1;
  let lastEol = -1;
  for (let i = 0; i < sub.length; i++) {
    if (isEOL(sub, i)) {
      if (firstEol < 0) firstEol = i;
      lastEol = i;
    }
  }
  if (firstEol < 0) return undefined;
  const raw = modify(sub, path, value, { isArrayInsertion: options.isArrayInsertion });
  const out: Edit[] = [];
  for (const edit of raw) {
    const e = withFormatting(sub, edit, options.formattingOptions, { after: firstEol, before: lastEol });
    if (!e) return undefined;
    out.push({ offset: e.offset + span.start, length: e.length, content: e.content });
  }
  return out;
}

function isEOL(text: string, offset: number): boolean {
  const c = text.charCodeAt(offset);
  return c === 10 || c === 13;
}

/**
 * `inside`: the formatted lines must start after the line break at `after` and end before the one at `before`
 * (offsets in `text`, before the edit); undefined when they don't.
 */
function withFormatting(text: string, edit: Edit, formattingOptions: FormattingOptions): Edit;
function withFormatting(text: string, edit: Edit, formattingOptions: FormattingOptions, inside: { after: number; before: number }): Edit | undefined;
function withFormatting(text: string, edit: Edit, formattingOptions: FormattingOptions, inside?: { after: number; before: number }): Edit | undefined {
  const newText = text.slice(0, edit.offset) + edit.content + text.slice(edit.offset + edit.length);
  let begin = edit.offset;
  let end = edit.offset + edit.content.length;
  if (edit.length === 0 || edit.content.length === 0) {
    // An insertion or a removal: the whole line around it is formatted.
    while (begin > 0 && !isEOL(newText, begin - 1)) begin--;
    while (end < newText.length && !isEOL(newText, end)) end++;
  }
  if (inside) {
    // `format` reads whole lines around the range: from the line start before `begin` to the line end after `end`.
    let lineStart = begin;
    while (lineStart > 0 && !isEOL(newText, lineStart - 1)) lineStart--;
    let lineEnd = end;
    while (lineEnd < newText.length && !isEOL(newText, lineEnd)) lineEnd++;
    const delta = edit.content.length - edit.length;
    if (lineStart <= inside.after || lineEnd >= newText.length || lineEnd - delta > inside.before) return undefined;
  }
  const edits = format(newText, { offset: begin, length: end - begin }, { ...formattingOptions, keepLines: false });
  // jsonc-parser 3.3 indents from a cache of 200 levels: deeper, its edits carry no text (its own `modify` throws
  // on them; found by the fuzz tier, seed 1 #79535). The inserted value then goes in as it is, unformatted.
  if (edits.some((e) => typeof e.content !== 'string')) return inside ? undefined : edit;
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
