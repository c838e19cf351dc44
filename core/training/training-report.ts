/** What a training run reports (the CLI prints it, the Training page draws it, a saved model keeps it). */
import type { LambdaMartParams } from './lambdamart';

export type TrainerKind = 'lambdamart' | 'linear';

export interface MeasureReport {
  /** e.g. `ndcg_cut_10`, `map`. */
  measure: string;
  base: number;
  learned: number;
  delta: number;
  confidenceInterval: [number, number];
  tTestPValue: number;
  randomizationPValue: number;
  minimumDetectableEffect: number;
  wins: number;
  ties: number;
  losses: number;
}

export interface FoldReport {
  fold: number;
  queries: number;
  trees: number | null;
  /** Mean per measure over the fold's queries, in `measures` order. */
  base: number[];
  learned: number[];
}

export interface TrainingReport {
  dataset: string;
  base: string;
  depth: number;
  trainer: TrainerKind;
  params: LambdaMartParams | null;
  featureSet: string;
  features: string[];
  judgments: string;
  queries: number;
  rows: number;
  folds: number;
  seed: number;
  measures: MeasureReport[];
  perFold: FoldReport[];
  perQuery: { queryId: string; fold: number; base: number; learned: number }[];
  /** Share of the final model's split gain (trees) or |weight × feature sd| (linear) per feature. */
  featureImportance: { feature: string; importance: number }[];
  /** Trees of the model trained on all queries (null for a linear model). */
  finalTrees: number | null;
  /** Learned nDCG@10 above base with paired t-test p < 0.05. */
  betterThanBase: boolean;
  warning: string | null;
  saved: { model: string; variant: string; dir: string } | null;
  /** The cross-validated run: each query ranked by the model not trained on it. */
  cvRun: { queryId: string; docId: string; score: number }[];
  tookMs: number;
}

/** The report without its per-document CV run: what a saved model folder and `--json` carry. */
export function withoutCvRun(report: TrainingReport): Omit<TrainingReport, 'cvRun'> {
  return Object.fromEntries(Object.entries(report).filter(([key]) => key !== 'cvRun')) as Omit<TrainingReport, 'cvRun'>;
}

