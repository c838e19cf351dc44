/**
 * Learning to rank over a dataset's judged queries: feature rows of a base variant's top K, k-fold
 * cross-validation by query (each query scored by the model that never saw it), a report from the
 * evaluation engine (base vs learned, paired tests, CI, MDE), and saving the model as an `ltr` model
 * folder plus a variant that reranks the base's top K with it.
 */
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { RuntimeContext } from '../context/runtime-context';
import type { DatasetsService } from '../datasets/service';
import { compareEvaluations, evaluateRun, qrelsFromRows, resolveMeasures, runFromRows, type QrelInput } from '../eval';
import { listModels, userModelsDir } from '../models';
import { FEATURE_NAMES, FEATURE_SET_VERSION } from '../ranking/features';
import type { VariantSpec } from '../ranking/variant-schema';
import type { VariantsService } from '../ranking/variants-service';
import type { RunLabelSource, RunsService } from '../runs/service';
import type { Caller } from '../runtime/caller';
import { AppError } from '../runtime/errors';
import { jobsWithResults, type JobSnapshot, type ProgressReporter } from '../runtime/jobs';
import type { FeatureRow, SearchService } from '../search/service';
import { assignFolds, validationSplit } from './folds';
import { createLambdaMartTrainer, resolveLambdaMartParams, type LambdaMartParams } from './lambdamart';
import { trainLinearRanker } from './linear-ranker';
import { rankingModelOnnx } from './onnx-export';
import { rankingDataFromRows, selectQueries, type RankingData } from './ranking-data';
import { scoreRows, type RankingModel } from './ranking-model';
import { importLightgbmText, importXgboostJson } from './tree-import';
import { withoutCvRun, type FoldReport, type MeasureReport, type TrainerKind, type TrainingReport } from './training-report';

export interface TrainArgs {
  dataset: string;
  /** The variant whose top `depth` is reranked; it must not rerank itself. */
  base: string;
  depth?: number;
  folds?: number;
  seed?: number;
  labels?: RunLabelSource;
  trainer?: TrainerKind;
  params?: Partial<LambdaMartParams>;
  /** Model and variant name to save under; nothing is saved without it. */
  save?: string;
}

export interface ImportModelArgs {
  format: 'xgboost' | 'lightgbm';
  path: string;
  name: string;
  /** Column id of the first feature in the file the model was trained on (1 for LETOR files). */
  indexBase?: number;
  /** XGBoost dumps only: the base score (XGBoost's default 0.5 otherwise). */
  baseScore?: number;
  /** Also create a variant: this base's top `depth` reranked by the model. */
  base?: string;
  depth?: number;
}

const MEASURES = ['ndcg_cut.10', 'map'];
const HEADLINE = 'ndcg_cut_10';
const SIGNIFICANCE = 0.05;
export const TRAINING_DEFAULTS = { depth: 100, folds: 5, seed: 42, trainer: 'lambdamart' as TrainerKind, validationFraction: 0.2 };
const MODEL_NAME = /^[a-z0-9][a-z0-9-_.]{0,63}$/;
/** Trees between yields to the event loop, so progress reaches the UI and requests are served while training. */
const TREES_PER_YIELD = 5;
const PHASE_EVERY_TREES = 25;

const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

interface TrainedModel {
  model: RankingModel;
  importance: Float64Array;
  trees: number | null;
}

/** Fits a model on `train` (early stopping on a seeded share of its queries), reporting each tree. */
async function fitModel(train: RankingData, trainer: TrainerKind, params: LambdaMartParams, seed: number, onTree: (trees: number, validationNdcg: number | null) => void): Promise<TrainedModel> {
  if (trainer === 'linear') {
    const { model } = trainLinearRanker(train, { ndcgAt: params.ndcgAt });
    const importance = Float64Array.from(model.weights, (weight, f) => Math.abs(weight) * standardDeviation(train, f));
    return { model, importance, trees: null };
  }
  const all = Array.from({ length: train.queryIds.length }, (_, q) => q);
  const split = validationSplit(all, TRAINING_DEFAULTS.validationFraction, seed);
  const lambdaMart = createLambdaMartTrainer(selectQueries(train, split.train), params, split.validation.length > 0 ? selectQueries(train, split.validation) : undefined);
  while (!lambdaMart.done) {
    const progress = lambdaMart.step();
    onTree(progress.trees, progress.validationNdcg);
    if (progress.trees % TREES_PER_YIELD === 0) await yieldToEventLoop();
  }
  const result = lambdaMart.result();
  return { model: result.model, importance: result.featureGains, trees: result.model.trees.length };
}

function standardDeviation(data: RankingData, feature: number): number {
  const n = data.labels.length;
  let sum = 0;
  let squares = 0;
  for (let r = 0; r < n; r++) {
    const x = data.features[r * data.featureCount + feature]!;
    sum += x;
    squares += x * x;
  }
  return n > 0 ? Math.sqrt(Math.max(0, squares / n - (sum / n) ** 2)) : 0;
}

/** Run rows with scores that reproduce an order exactly (trec_eval sorts by score, ties by docno). */
function orderedRunRows(queryId: string, docIds: readonly string[]): { queryId: string; docId: string; score: number }[] {
  return docIds.map((docId, position) => ({ queryId, docId, score: docIds.length - position }));
}

export function createTrainingService(
  ctx: RuntimeContext,
  { datasets, variants, search, runs }: { datasets: DatasetsService; variants: VariantsService; search: SearchService; runs: RunsService },
) {
  const trainingJobs = jobsWithResults<TrainingReport>(ctx.jobs, 'training');

  const requireName = (name: string): void => {
    if (!MODEL_NAME.test(name)) throw new AppError('INVALID_ARGS', `name "${name}" must match ${MODEL_NAME.source} (it names both the model folder and the variant)`, { field: 'save' });
  };
  const rerankableBase = (base: string): VariantSpec => {
    const spec = variants.get(base);
    if (spec.rerank) throw new AppError('INVALID_ARGS', `base variant "${base}" already reranks (${spec.rerank.kind}); pick one without a rerank stage`, { field: 'base' });
    return spec;
  };
  /** Refuses a name a model or variant already has, before any work is done. */
  const assertNameFree = async (name: string): Promise<void> => {
    requireName(name);
    const taken = (await listModels(ctx.modelFolders)).find((listing) => listing.id === name);
    if (taken) throw new AppError('ALREADY_EXISTS', `a model named "${name}" already exists (${taken.dir})`, { field: 'save' });
    if (variants.list().some((variant) => variant.name === name)) throw new AppError('ALREADY_EXISTS', `a variant named "${name}" already exists`, { field: 'save' });
  };

  /** Writes model.onnx, a model.json of kind `ltr` naming the feature set and order, and any extra JSON files. */
  const writeModelFolder = async (name: string, model: RankingModel, description: string, extraFiles: Record<string, object> = {}): Promise<string> => {
    ctx.assertWritable();
    const dir = path.join(userModelsDir(ctx.config.dataDir), name);
    await mkdir(dir, { recursive: true });
    await writeFile(path.join(dir, 'model.onnx'), rankingModelOnnx(model, description));
    const manifest = { kind: 'ltr', name, description, featureSet: FEATURE_SET_VERSION, features: [...FEATURE_NAMES], inputs: { features: 'features' }, outputs: { score: 'score' } };
    await writeFile(path.join(dir, 'model.json'), `${JSON.stringify(manifest, null, 2)}\n`);
    for (const [file, content] of Object.entries(extraFiles)) await writeFile(path.join(dir, file), `${JSON.stringify(content, null, 2)}\n`);
    ctx.forgetModels();
    return dir;
  };

  /** The model folder plus a variant reranking the base's top `depth` with it; no folder is left behind if the variant fails. */
  const saveModel = async (name: string, model: RankingModel, base: VariantSpec, depth: number, description: string, extraFiles: Record<string, object> = {}) => {
    const dir = await writeModelFolder(name, model, description, extraFiles);
    try {
      variants.save({
        ...base,
        name,
        description,
        depth: Math.max(base.depth, depth),
        rerank: { kind: 'ltr', model: name, topN: depth, featureSet: FEATURE_SET_VERSION },
      });
    } catch (error) {
      await rm(dir, { recursive: true, force: true });
      throw error;
    }
    return { model: name, variant: name, dir };
  };

  const collectRows = async (dataset: string, base: string, depth: number, queries: { queryId: string; text: string }[], report: ProgressReporter): Promise<FeatureRow[]> => {
    const rows: FeatureRow[] = [];
    const chunk = 10;
    for (let start = 0; start < queries.length; start += chunk) {
      report('collecting features', start, queries.length, 'queries');
      const batch = await search.featureRows({ dataset, variant: base, queries: queries.slice(start, start + chunk), depth });
      if (batch.featureNames.join(',') !== FEATURE_NAMES.join(',')) throw new AppError('INTERNAL', `feature rows carry [${batch.featureNames.join(', ')}], not ${FEATURE_SET_VERSION}`);
      rows.push(...batch.rows);
    }
    report('collecting features', queries.length, queries.length, 'queries');
    return rows;
  };

  /**
   * The rows a ranker is trained on: each query with a relevant judgment, its base top `depth` with
   * features, labelled from the judgments (unjudged candidates count as not relevant, as in nDCG).
   */
  async function trainingRows(
    args: { dataset: string; base: string; depth: number; labels?: RunLabelSource; minQueries?: number },
    report: ProgressReporter = () => undefined,
  ): Promise<{ data: RankingData; docIds: string[]; labelRows: QrelInput[]; judgments: string }> {
    const dataset = datasets.require(args.dataset);
    const { rows: labelRows, label: judgments } = runs.labelRows(dataset.name, args.labels ?? { kind: 'qrels' });
    const relevant = new Set(labelRows.filter((row) => row.relevance > 0).map((row) => row.queryId));
    const queries = ctx.store.queries.list(dataset.id).filter((query) => relevant.has(query.queryId)).map(({ queryId, text }) => ({ queryId, text }));
    const needed = args.minQueries ?? 1;
    if (queries.length < needed) {
      throw new AppError('INVALID_ARGS', `dataset "${dataset.name}" has ${queries.length} queries with a relevant judgment (${judgments}); ${needed}-fold cross-validation needs at least ${needed}`, { field: 'dataset' });
    }
    const featureRows = await collectRows(dataset.name, args.base, args.depth, queries, report);
    const labelOf = new Map(labelRows.map((row) => [`${row.queryId}\u0000${row.docId}`, row.relevance]));
    const data = rankingDataFromRows(
      featureRows.map((row) => ({ queryId: row.queryId, features: row.features, label: Math.max(0, labelOf.get(`${row.queryId}\u0000${row.docId}`) ?? 0) })),
      FEATURE_NAMES.length,
    );
    return { data, docIds: featureRows.map((row) => row.docId), labelRows, judgments };
  }

  async function train(args: TrainArgs, report: ProgressReporter): Promise<TrainingReport> {
    const started = performance.now();
    const depth = args.depth ?? TRAINING_DEFAULTS.depth;
    const folds = args.folds ?? TRAINING_DEFAULTS.folds;
    const seed = args.seed ?? TRAINING_DEFAULTS.seed;
    const trainer = args.trainer ?? TRAINING_DEFAULTS.trainer;
    const params = resolveLambdaMartParams({ ...args.params, seed: args.params?.seed ?? seed });
    const dataset = datasets.require(args.dataset);
    const baseSpec = rerankableBase(args.base);
    if (args.save !== undefined) await assertNameFree(args.save);

    const { data, docIds, labelRows, judgments } = await trainingRows({ dataset: dataset.name, base: args.base, depth, labels: args.labels, minQueries: folds }, report);
    const rowsOf = (q: number) => ({ start: data.queryStarts[q]!, end: data.queryStarts[q + 1]! });

    const queryFold = assignFolds(data.queryIds.length, folds, seed);
    const treesPlanned = (folds + 1) * (trainer === 'lambdamart' ? params.trees : 1);
    let treesDone = 0;
    const cvRun: TrainingReport['cvRun'] = [];
    const baseRun: TrainingReport['cvRun'] = [];
    const foldTrees: (number | null)[] = [];
    for (let fold = 0; fold < folds; fold++) {
      const trainQueries = [...queryFold.keys()].filter((q) => queryFold[q] !== fold);
      const testQueries = [...queryFold.keys()].filter((q) => queryFold[q] === fold);
      const treesBefore = treesDone;
      let phase = `fold ${fold + 1}/${folds}`;
      const fitted = await fitModel(selectQueries(data, trainQueries), trainer, params, seed + fold, (trees, validationNdcg) => {
        treesDone = treesBefore + trees;
        // The phase text changes every few trees only: a log gets a line per change, not per tree.
        if (trees % PHASE_EVERY_TREES === 0 && validationNdcg !== null) phase = `fold ${fold + 1}/${folds}: ${trees} trees, validation nDCG@${params.ndcgAt} ${validationNdcg.toFixed(4)}`;
        report(phase, treesDone, treesPlanned, 'trees');
      });
      treesDone = treesBefore + (trainer === 'lambdamart' ? params.trees : 1);
      foldTrees.push(fitted.trees);
      for (const q of testQueries) {
        const { start, end } = rowsOf(q);
        const scores = scoreRows(fitted.model, data.features.subarray(start * data.featureCount, end * data.featureCount), data.featureCount);
        // Ties keep the base order, as the ltr rerank breaks them by fused rank.
        const order = Array.from({ length: end - start }, (_, i) => i).sort((a, b) => scores[b]! - scores[a]! || a - b);
        cvRun.push(...orderedRunRows(data.queryIds[q]!, order.map((i) => docIds[start + i]!)));
        baseRun.push(...orderedRunRows(data.queryIds[q]!, docIds.slice(start, end)));
      }
    }
    report('training the final model on all queries', treesDone, treesPlanned, 'trees');
    const final = await fitModel(data, trainer, params, seed + folds, (trees) => report('training the final model on all queries', treesDone + trees, treesPlanned, 'trees'));

    // The report's numbers come from the evaluation engine, over every trained query's judgments.
    const trained = new Set(data.queryIds);
    const qrels = qrelsFromRows(labelRows.filter((row) => trained.has(row.queryId)), judgments);
    const options = { measures: resolveMeasures(MEASURES), averageOverAllJudgedQueries: true };
    const compared = compareEvaluations([evaluateRun(qrels, runFromRows(baseRun, args.base), options), evaluateRun(qrels, runFromRows(cvRun, 'cv'), options)], { seed });
    // The headline measure first, whatever order the evaluator lists its columns in.
    const comparison = { ...compared, measures: [...compared.measures].sort((a, b) => Number(b.measure === HEADLINE) - Number(a.measure === HEADLINE)) };
    const foldOf = new Map(data.queryIds.map((queryId, q) => [queryId, queryFold[q]!]));
    const measures: MeasureReport[] = comparison.measures.map((m) => {
      const pair = m.pairs[0]!;
      return {
        measure: m.measure,
        base: m.means[0]!,
        learned: m.means[1]!,
        delta: pair.delta,
        confidenceInterval: pair.confidenceInterval,
        tTestPValue: pair.tTest.pValue,
        randomizationPValue: pair.randomizationPValue,
        minimumDetectableEffect: pair.minimumDetectableEffect,
        wins: pair.winTieLoss.wins,
        ties: pair.winTieLoss.ties,
        losses: pair.winTieLoss.losses,
      };
    });
    const perFold: FoldReport[] = foldTrees.map((trees, fold) => {
      const inFold = comparison.queryIds.map((queryId, i) => [queryId, i] as const).filter(([queryId]) => foldOf.get(queryId) === fold);
      const meanOf = (values: number[]) => inFold.reduce((sum, [, i]) => sum + values[i]!, 0) / Math.max(1, inFold.length);
      return { fold: fold + 1, queries: inFold.length, trees, base: comparison.measures.map((m) => meanOf(m.perQuery[0]!)), learned: comparison.measures.map((m) => meanOf(m.perQuery[1]!)) };
    });
    const headline = comparison.measures.find((m) => m.measure === HEADLINE)!;
    const perQuery = comparison.queryIds.map((queryId, i) => ({ queryId, fold: (foldOf.get(queryId) ?? -1) + 1, base: headline.perQuery[0]![i]!, learned: headline.perQuery[1]![i]! }));
    const ndcg = measures.find((m) => m.measure === HEADLINE)!;
    const betterThanBase = ndcg.delta > 0 && ndcg.tTestPValue < SIGNIFICANCE;
    const fewQueries = data.queryIds.length <= 80 ? ` With only ${data.queryIds.length} judged queries boosted trees often lose to BM25; judge more queries or try the linear trainer.` : '';
    const warning = betterThanBase
      ? null
      : `Not better than ${args.base}: nDCG@10 ${ndcg.learned.toFixed(4)} vs ${ndcg.base.toFixed(4)} (Δ ${ndcg.delta >= 0 ? '+' : ''}${ndcg.delta.toFixed(4)}, paired t p = ${ndcg.tTestPValue.toFixed(3)}; needs Δ > 0 with p < ${SIGNIFICANCE}).${fewQueries}`;
    const totalImportance = final.importance.reduce((sum, value) => sum + value, 0) || 1;
    const featureImportance = FEATURE_NAMES.map((feature, f) => ({ feature, importance: final.importance[f]! / totalImportance })).sort((a, b) => b.importance - a.importance);

    const result: TrainingReport = {
      dataset: dataset.name,
      base: args.base,
      depth,
      trainer,
      params: trainer === 'lambdamart' ? params : null,
      featureSet: FEATURE_SET_VERSION,
      features: [...FEATURE_NAMES],
      judgments,
      queries: data.queryIds.length,
      rows: data.labels.length,
      folds,
      seed,
      measures,
      perFold,
      perQuery,
      featureImportance,
      finalTrees: final.trees,
      betterThanBase,
      warning,
      saved: null,
      cvRun,
      tookMs: 0,
    };
    if (args.save !== undefined) {
      report('saving the model and its variant', treesPlanned, treesPlanned, 'trees');
      const verdict = betterThanBase ? `CV nDCG@10 ${ndcg.learned.toFixed(4)} vs ${ndcg.base.toFixed(4)}, p = ${ndcg.tTestPValue.toFixed(3)}` : 'WARNING: not significantly better than its base in cross-validation';
      const description = `${trainer === 'lambdamart' ? 'LambdaMART' : 'Linear'} rerank of ${args.base}'s top ${depth} on ${dataset.name} (${verdict})`;
      result.saved = await saveModel(args.save, final.model, baseSpec, depth, description, { 'training-report.json': withoutCvRun(result) });
    }
    result.tookMs = performance.now() - started;
    return result;
  }

  return {
    trainingRows,
    /** Cross-validates (and, with `save`, saves) as a job; the report is also kept for `report(job)`. */
    start(args: TrainArgs, _caller: Caller): { job: JobSnapshot; finished: Promise<TrainingReport> } {
      datasets.require(args.dataset);
      rerankableBase(args.base);
      if (args.save !== undefined) requireName(args.save);
      return trainingJobs.start(`Train ${args.trainer ?? TRAINING_DEFAULTS.trainer} on ${args.dataset} over ${args.base}`, (report) => train(args, report));
    },
    /** The report of a finished training job of this session. */
    report: trainingJobs.result,
    /** Converts an XGBoost JSON or LightGBM text model to ONNX in the user models folder (and a variant, given a base). */
    async importModel(args: ImportModelArgs): Promise<{ model: string; variant: string | null; dir: string; trees: number }> {
      await assertNameFree(args.name);
      const text = await readFile(args.path, 'utf8');
      const options = { featureCount: FEATURE_NAMES.length, indexBase: args.indexBase, file: args.path };
      const model = args.format === 'xgboost' ? importXgboostJson(text, { ...options, baseScore: args.baseScore }) : importLightgbmText(text, options);
      const description = `${args.format === 'xgboost' ? 'XGBoost' : 'LightGBM'} model imported from ${path.basename(args.path)}`;
      if (args.base === undefined) return { model: args.name, variant: null, dir: await writeModelFolder(args.name, model, description), trees: model.trees.length };
      const saved = await saveModel(args.name, model, rerankableBase(args.base), args.depth ?? TRAINING_DEFAULTS.depth, description);
      return { ...saved, trees: model.trees.length };
    },
  };
}

export type TrainingService = ReturnType<typeof createTrainingService>;
