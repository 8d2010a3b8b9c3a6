/** A replacement of `[start, end)` of some text; an insertion has `start === end`. */
export interface Splice {
  start: number;
  end: number;
  text: string;
}

/**
 * Splices non-overlapping replacements into `text` in one pass from the end backwards, so that
 * earlier offsets stay valid. At one offset an insertion lands before a replacement starting there.
 */
export function splice(text: string, splices: readonly Splice[]): string {
  const ordered = [...splices].sort((a, b) => b.start - a.start || b.end - a.end);
  let result = text;
  for (const { start, end, text: replacement } of ordered) {
    result = result.slice(0, start) + replacement + result.slice(end);
  }
  return result;
}
