import type { z } from 'zod';
import { dashboardContract } from '../comparison/dashboard-api';
import { comparisonContract } from '../comparison/api';
import { datasetsContract } from '../datasets/api';
import { judgmentExchangeContract } from '../judgment-exchange/api';
import { variantsContract } from '../ranking/api';
import { ratingContract } from '../rating/api';
import { runsContract } from '../runs/api';
import { searchContract } from '../search/api';
import { systemContract } from '../system/api';
import { trainingContract } from '../training/api';

/**
 * The single source of truth for what a shell can ask of the backend: method name → zod schema for the
 * arguments → who may call it → result type. Each feature owns its slice; both transports (Electron
 * IPC, HTTP) serve exactly these methods. The renderer imports types from this file only.
 */
export const contract = {
  ...systemContract,
  ...datasetsContract,
  ...searchContract,
  ...variantsContract,
  ...runsContract,
  ...ratingContract,
  ...dashboardContract,
  ...comparisonContract,
  ...judgmentExchangeContract,
  ...trainingContract,
};

export type Contract = typeof contract;
export type MethodName = keyof Contract;
/** What a caller passes (defaults may be left out). */
export type ArgsOf<M extends MethodName> = z.input<Contract[M]['args']>;
/** What a handler receives after validation. */
export type ParsedArgsOf<M extends MethodName> = z.output<Contract[M]['args']>;
export type ResultOf<M extends MethodName> = NonNullable<Contract[M]['result']>;

export const isMethodName = (name: string): name is MethodName => Object.hasOwn(contract, name);

export type { Dashboard, DashboardMeasure, DashboardFiles } from '../comparison/dashboard-service';
export type { DatasetSummary } from '../datasets/service';
export type { ComparisonAggregates, ComparisonOverview, ComparisonQueryView, ComparisonSimulation, ComparisonSummary, ScreenChoice, ViewDocument } from '../comparison/comparisons-service';
export type { ResultExplanation } from '../ranking/run-variant';
export type { VariantSpec } from '../ranking/variant-schema';
export type { VariantSummary } from '../ranking/variants-service';
export type { RunComparisonReport, RunSummary } from '../runs/service';
export type { QuerySetSummary } from '../rating/query-sets-service';
export type { IssuedToken } from '../rating/raters-service';
export type { ConsensusLabel, DisagreedPairView, TaskAgreement, TaskConsensus, TaskProgress } from '../rating/agreement-service';
export type { AgreementFigures, GoldAccuracy } from '../rating/agreement-summary';
export type { RatingScale, ScaleLevel } from '../rating/scales';
export type { RatingItem, RatingQueue, TaskSummary } from '../rating/tasks-service';
export type { MeasureComparison, PairResult } from '../eval/compare-runs';
export type { SearchResponse, SearchResult } from '../search/service';
export type { SimilarityDropOff } from '../ranking/similarity-drop-off';
export type { InferenceStatus, ModelSummary, WorkbenchStatus } from '../system/service';
export type { Caller } from '../runtime/caller';
export type { SerializedError } from '../runtime/errors';
export type { FoldReport, MeasureReport, TrainingReport } from '../training/training-report';
export type { ChangeTopic, WorkbenchEvent } from '../runtime/events';
export type { JobSnapshot, JobUnit } from '../runtime/jobs';
export type { ExportReport } from '../judgment-exchange/export-service';
export type { ImportReport } from '../judgment-exchange/import-service';
export type { RunQueryRow } from '../store/run-queries-table';
export type { RunResultRow } from '../store/run-results-table';
