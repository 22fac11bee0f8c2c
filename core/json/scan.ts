/** Character scanning shared by the fast JSON readers (`core/json/fast.ts`, `core/policy/parse-fast.ts`). */

const MINUS = 45, PLUS = 43, DOT = 46, ZERO = 48, NINE = 57, LOWER_E = 101, UPPER_E = 69;

export function isDigit(c: number): boolean {
  return c >= ZERO && c <= NINE;
}

/**
 * The end (exclusive) of the JSON number that starts at `start`, as RFC 8259 writes one (`-`, no leading zeros,
 * a fraction and an exponent each with at least one digit); -1 when no number starts there.
 */
export function jsonNumberEnd(text: string, start: number): number {
  let i = start;
  if (text.charCodeAt(i) === MINUS) i++;
  const first = text.charCodeAt(i);
  if (first === ZERO) i++;
  else if (isDigit(first)) while (isDigit(text.charCodeAt(i))) i++;
  else return -1;
  if (text.charCodeAt(i) === DOT) {
    i++;
    if (!isDigit(text.charCodeAt(i))) return -1;
    while (isDigit(text.charCodeAt(i))) i++;
  }
  const e = text.charCodeAt(i);
  if (e === LOWER_E || e === UPPER_E) {
    i++;
    const sign = text.charCodeAt(i);
    if (sign === PLUS || sign === MINUS) i++;
    if (!isDigit(text.charCodeAt(i))) return -1;
    while (isDigit(text.charCodeAt(i))) i++;
  }
  return i;
}
