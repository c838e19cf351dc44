import type { Evaluation } from './evaluate';
import { comparePaired, holmAdjust, type PairedComparison } from './statistics';

export const COMPARISON_DEFAULTS = { seed: 42, resamples: 10_000, permutations: 10_000 } as const;

export interface PairResult extends PairedComparison {
  /** Index of the earlier run; the delta is contender − baseline. */
  readonly baseline: number;
  readonly contender: number;
  /** Holm-adjusted over all pairs of the measure (equal to the raw p-values with two runs). */
  readonly tTestPValueHolm: number;
  readonly randomizationPValueHolm: number;
}

export interface MeasureComparison {
  readonly measure: string;
  readonly means: number[];
  /** Per run, the per-query values in the evaluation's query order. */
  readonly perQuery: number[][];
  readonly pairs: PairResult[];
}

export interface RunComparison {
  readonly queryIds: string[];
  readonly seed: number;
  readonly measures: MeasureComparison[];
}

/**
 * Every pair of runs (later minus earlier) on every per-query measure: means, paired tests, CI, effect
 * size and power, Holm-corrected over the pairs of a measure. The evaluations must come from the same
 * qrels and options (so they share the query list); `relwb compare` and the app both call this.
 */
export function compareEvaluations(evaluations: readonly Evaluation[], options: { seed?: number; resamples?: number; permutations?: number } = {}): RunComparison {
  const testOptions = { ...COMPARISON_DEFAULTS, ...options };
  const first = evaluations[0];
  if (!first) return { queryIds: [], seed: testOptions.seed, measures: [] };
  const measures = first.columns
    .map((column, index) => ({ column, index }))
    .filter(({ column }) => column.measure.definition.aggregation === 'mean')
    .map(({ column, index }): MeasureComparison => {
      const perRun = evaluations.map((evaluation) => [...evaluation.columns[index]!.values]);
      const pairs: Omit<PairResult, 'tTestPValueHolm' | 'randomizationPValueHolm'>[] = [];
      for (let baseline = 0; baseline < perRun.length; baseline++) {
        for (let contender = baseline + 1; contender < perRun.length; contender++) {
          pairs.push({ baseline, contender, ...comparePaired(perRun[contender]!, perRun[baseline]!, testOptions) });
        }
      }
      const tHolm = holmAdjust(pairs.map((pair) => pair.tTest.pValue));
      const randomizationHolm = holmAdjust(pairs.map((pair) => pair.randomizationPValue));
      return {
        measure: column.name,
        means: evaluations.map((evaluation) => evaluation.columns[index]!.summary as number),
        perQuery: perRun,
        pairs: pairs.map((pair, i) => ({ ...pair, tTestPValueHolm: tHolm[i]!, randomizationPValueHolm: randomizationHolm[i]! })),
      };
    });
  return { queryIds: [...first.queryIds], seed: testOptions.seed, measures };
}
