/** A half-open range of character offsets into a file's text: [start, end). */
export interface Span {
  start: number;
  end: number;
}

/** A value together with the span of the JSON token (or node) it was read from. */
export interface Located<T> {
  value: T;
  span: Span;
}

/** Zero-based line and character, as LSP counts them (UTF-16 code units). */
export interface Position {
  line: number;
  character: number;
}

export const EMPTY_SPAN: Span = Object.freeze({ start: 0, end: 0 });

export function span(start: number, end: number): Span {
  return { start, end };
}

export function contains(outer: Span, offset: number): boolean {
  return offset >= outer.start && offset <= outer.end;
}
