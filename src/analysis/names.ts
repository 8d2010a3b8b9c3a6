/**
 * The first of `candidates` that is not taken, else the first free of `numbered(2)`, `numbered(3)`, …:
 * how every name a fix introduces (a controller, a hoisted handler) stays clear of the code's own.
 */
export function freeName(
  candidates: readonly string[],
  numbered: (suffix: number) => string,
  isTaken: (name: string) => boolean,
): string {
  const free = candidates.find((name) => !isTaken(name));
  if (free !== undefined) return free;
  let suffix = 2;
  while (isTaken(numbered(suffix))) suffix++;
  return numbered(suffix);
}
