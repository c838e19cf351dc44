/**
 * Where a dense retriever's similarity drops off. A vector search always returns `depth` hits, however far
 * the later ones are from the query, so a page of 60 fills with unrelated images. The deepest hit's score
 * stands in for "similarity of an unrelated document"; a hit is past the drop-off when its score is nearer
 * that background than the best hit's.
 */

/** Fewer hits than this say nothing about the background, so no drop-off is reported. */
export const MIN_HITS_FOR_DROP_OFF = 20;
/** The threshold's place between the background (0) and the best hit (1). */
export const DROP_OFF_FRACTION = 0.5;

/** The similarity below which a dense leg's hits are background; null when the leg is too short to tell. */
export function similarityThreshold(scoresBestFirst: readonly number[]): number | null {
  if (scoresBestFirst.length < MIN_HITS_FOR_DROP_OFF) return null;
  const best = scoresBestFirst[0]!;
  const background = scoresBestFirst[scoresBestFirst.length - 1]!;
  if (!(best > background)) return null;
  return background + DROP_OFF_FRACTION * (best - background);
}

export interface LegScores {
  /** Has a lexical (BM25) retriever matched this result? */
  lexicalMatch: boolean;
  /** This result's score in each dense leg it came from, by retriever key. */
  dense: Readonly<Record<string, number>>;
}

export interface SimilarityDropOff {
  /** The first rank from which every result is past the drop-off. */
  rank: number;
  /** Each dense leg's threshold, by retriever key. */
  thresholds: Record<string, number>;
  /** Did a lexical leg run (so "no keyword match" is part of being weak)? */
  lexicalLeg: boolean;
}

/**
 * The rank from which every result is weak: no lexical match, and below the threshold in every dense leg
 * it came from. Null when nothing is weak, when no dense leg has a threshold, or when even the first
 * result is weak (a divider above everything says nothing).
 */
export function findDropOff(
  resultsInRankOrder: readonly LegScores[],
  thresholds: Readonly<Record<string, number>>,
  lexicalLeg: boolean,
): SimilarityDropOff | null {
  if (Object.keys(thresholds).length === 0) return null;
  const isWeak = (result: LegScores) =>
    !result.lexicalMatch &&
    Object.entries(result.dense).every(([key, score]) => thresholds[key] !== undefined && score < thresholds[key]!);
  let firstWeak = resultsInRankOrder.length;
  while (firstWeak > 0 && isWeak(resultsInRankOrder[firstWeak - 1]!)) firstWeak -= 1;
  if (firstWeak === resultsInRankOrder.length || firstWeak === 0) return null;
  return { rank: firstWeak + 1, thresholds: { ...thresholds }, lexicalLeg };
}
