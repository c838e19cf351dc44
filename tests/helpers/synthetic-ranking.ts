/** Seeded synthetic learning-to-rank rows: the label is a noisy, non-linear function of the features. */
import { createRng } from '../../core/eval/statistics';
import { rankingDataFromRows, type LabelledRow, type RankingData } from '../../core/training/ranking-data';

export function syntheticRows(queries: number, docsPerQuery: number, featureCount: number, seed = 7): LabelledRow[] {
  const random = createRng(seed);
  const rows: LabelledRow[] = [];
  for (let q = 0; q < queries; q++) {
    for (let d = 0; d < docsPerQuery; d++) {
      const features = Array.from({ length: featureCount }, () => random() * 4);
      // Relevance rises with feature 0, falls with feature 1 above 2, and feature 2 is a coarse flag.
      const signal = features[0]! - (features[1]! > 2 ? 1.5 : 0) + (features[2]! > 3 ? 1 : 0) + random();
      rows.push({ queryId: `q${q}`, features, label: signal > 3.5 ? 2 : signal > 2.5 ? 1 : 0 });
    }
  }
  return rows;
}

export function syntheticData(queries: number, docsPerQuery: number, featureCount: number, seed = 7): RankingData {
  return rankingDataFromRows(syntheticRows(queries, docsPerQuery, featureCount, seed), featureCount);
}
