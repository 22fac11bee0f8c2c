/**
 * Text from files (names, ARNs, messages quoting values) shown somewhere else: a terminal, XML (SVG, JUnit), DOT,
 * HTML. Characters that change how the text around them is shown or that the format cannot hold become visible
 * escapes `\uXXXX`: C0 and C1 controls and DEL, the bidirectional controls (U+061C, U+200E, U+200F, U+202A–U+202E,
 * U+2066–U+2069: "Trojan Source"), the line and paragraph separators, the byte-order mark, and unpaired surrogates.
 * XML 1.0 cannot hold most C0 controls even as character references, so a visible escape is the only faithful form.
 */

/** Whether a code unit is one the output must show as an escape (`keep` excepted), ignoring surrogate pairing. */
function hidden(c: number): boolean {
  return (
    c < 0x20 ||
    (c >= 0x7f && c <= 0x9f) ||
    c === 0x061c ||
    c === 0x200e ||
    c === 0x200f ||
    (c >= 0x2028 && c <= 0x202e) ||
    (c >= 0x2066 && c <= 0x2069) ||
    c === 0xfeff ||
    c === 0xfffe ||
    c === 0xffff
  );
}

/** Every code unit `hidden` is true for but the line feed, and every surrogate. */
const MAYBE_HIDDEN = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069\ufeff\ufffe\uffff\ud800-\udfff]/;

const hex = (c: number) => `\\u${c.toString(16).padStart(4, '0')}`;

/**
 * The text with every hidden character (see above) written as `\uXXXX`, except those in `keep` (by default the
 * line feed, so that multi-line output stays multi-line). Unpaired surrogates are escaped too.
 */
export function showHidden(s: string, keep = '\n'): string {
  // Most text has nothing to escape: one scan by the regular expression engine answers that for the usual `keep`
  // (the CLI passes every output through here, 30 MB for a large simulation batch). Any surrogate takes the loop,
  // which tells pairs from unpaired ones.
  if (keep === '\n' && !MAYBE_HIDDEN.test(s)) return s;
  let out = '';
  let from = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    let escape = false;
    if (c >= 0xd800 && c <= 0xdbff) {
      const next = i + 1 < s.length ? s.charCodeAt(i + 1) : 0;
      if (next >= 0xdc00 && next <= 0xdfff) {
        i++; // a pair: one character, shown as it is
        continue;
      }
      escape = true;
    } else if (c >= 0xdc00 && c <= 0xdfff) escape = true;
    else escape = hidden(c) && !keep.includes(s[i]);
    if (escape) {
      out += s.slice(from, i) + hex(c);
      from = i + 1;
    }
  }
  return from === 0 ? s : out + s.slice(from);
}

/** Text for XML 1.0 content and attribute values: hidden characters shown as escapes (tab and line feed kept), markup escaped. */
export function xmlText(s: string): string {
  return showHidden(s, '\t\n')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}
