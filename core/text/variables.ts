/**
 * The `${...}` of policy variables in a text, found by a scan that takes linear time: the regular expression
 * `/\$\{[^}]*\}/g` it replaces tries every `${` anew and reads to the end of the text each time when no `}`
 * follows, quadratic in a value of many `${`.
 */

/** One `${...}`: from `start` (the `$`) to `end` (after the `}`), and the text between the braces. */
export interface VariableRange {
  start: number;
  end: number;
  inner: string;
}

/** Each `${...}` of the text, left to right, as `/\$\{([^}]*)\}/g` would match them. */
export function variableRanges(text: string): VariableRange[] {
  const out: VariableRange[] = [];
  let pos = 0;
  for (;;) {
    const start = text.indexOf('${', pos);
    if (start < 0) break;
    const close = text.indexOf('}', start + 2);
    if (close < 0) break; // no `}` after this one, so none after any later `${` either
    out.push({ start, end: close + 1, inner: text.slice(start + 2, close) });
    pos = close + 1;
  }
  return out;
}

/** The text with each `${...}` replaced by what `replace` gives for its inner text. */
export function replaceVariables(text: string, replace: (inner: string) => string): string {
  let out = '';
  let pos = 0;
  for (let i = 0, list = variableRanges(text); i < list.length; i++) {
    const r = list[i];
    out += text.slice(pos, r.start) + replace(r.inner);
    pos = r.end;
  }
  return pos === 0 ? text : out + text.slice(pos);
}
