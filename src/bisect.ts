/**
 * The items whose presence makes `trial` fail, each with the failure it caused, found by halving:
 * a half that passes is cleared whole, so one culprit among n costs about 2·log2(n) trials. When
 * neither half fails alone but both together do, the second half is taken, with the failure of the whole.
 */
export async function culpritsAmong<T, Failure>(
  items: readonly T[],
  failure: Failure,
  trial: (subset: readonly T[]) => Promise<Failure | undefined>,
): Promise<Map<T, Failure>> {
  if (items.length <= 1) return new Map(items.map((item) => [item, failure]));
  const middle = Math.ceil(items.length / 2);
  const halves = [items.slice(0, middle), items.slice(middle)];
  const found = new Map<T, Failure>();
  for (const half of halves) {
    const halfFailure = await trial(half);
    if (halfFailure !== undefined)
      for (const entry of await culpritsAmong(half, halfFailure, trial)) found.set(...entry);
  }
  if (found.size === 0) for (const item of halves[1]!) found.set(item, failure);
  return found;
}
