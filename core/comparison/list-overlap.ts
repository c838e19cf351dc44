/** Share of documents two top-k lists have in common: |A∩B| / |A∪B| of their first k. 1 for two empty lists. */
export function jaccardAtK(a: readonly string[], b: readonly string[], k: number): number {
  const left = new Set(a.slice(0, k));
  const right = new Set(b.slice(0, k));
  const union = new Set([...left, ...right]).size;
  if (union === 0) return 1;
  let shared = 0;
  for (const doc of left) if (right.has(doc)) shared++;
  return shared / union;
}

/**
 * Extrapolated rank-biased overlap (Webber, Moffat and Zobel, TOIS 2010, eq. 32), for two rankings of
 * possibly different lengths: agreement at every depth d, weighted by p^d, with the agreement seen at the
 * deepest depth assumed to continue. 1 for identical lists, 0 for disjoint ones; p = 0.9 gives the top 10
 * about 86% of the weight.
 */
export function rankBiasedOverlap(a: readonly string[], b: readonly string[], p = 0.9): number {
  if (!(p > 0 && p < 1)) throw new RangeError(`RBO's p must be in (0, 1), got ${p}`);
  const [short, long] = a.length <= b.length ? [a, b] : [b, a];
  const s = short.length;
  const l = long.length;
  if (l === 0) return 1;
  if (s === 0) return 0;
  const seenShort = new Set<string>();
  const seenLong = new Set<string>();
  let overlap = 0;
  let overlapAtS = 0;
  let sum = 0;
  for (let d = 1; d <= l; d++) {
    const fromLong = long[d - 1]!;
    if (d <= s) {
      const fromShort = short[d - 1]!;
      if (fromShort === fromLong) overlap++;
      else {
        if (seenLong.has(fromShort)) overlap++;
        if (seenShort.has(fromLong)) overlap++;
      }
      seenShort.add(fromShort);
      seenLong.add(fromLong);
      if (d === s) overlapAtS = overlap;
    } else {
      if (seenShort.has(fromLong)) overlap++;
      seenLong.add(fromLong);
      // Beyond the short list's end, its unseen part is assumed to agree as much as its seen part did.
      sum += ((overlapAtS * (d - s)) / (s * d)) * p ** d;
    }
    sum += (overlap / d) * p ** d;
  }
  return ((1 - p) / p) * sum + ((overlap - overlapAtS) / l + overlapAtS / s) * p ** l;
}
