import type { RuntimeContext } from '../context/runtime-context';
import type { DatasetsService } from '../datasets/service';
import { FEATURE_SET_VERSION } from '../ranking/features';
import type { VariantsService } from '../ranking/variants-service';
import type { SearchResult, SearchService } from '../search/service';
import type { Caller } from '../runtime/caller';
import { AppError } from '../runtime/errors';
import type { JudgmentRow } from '../store/judgments-table';
import type { RaterRow } from '../store/raters-table';
import type { RatingTaskRow, TaskPairRow } from '../store/rating-tasks-table';
import type { QuerySetsService } from './query-sets-service';
import type { RatersService } from './raters-service';
import { judgmentKey, orderForRater, poolPairs, type VariantRanking } from './pooling';
import { BUILT_IN_SCALES, parseScale, type RatingScale } from './scales';

export type ConsensusRule = 'median' | 'mean' | 'majority' | 'adjudicated-wins';

export interface TaskSpec {
  variants: string[];
  depth: number;
  scale: RatingScale;
  overlap: number;
  blind: boolean;
  reuse: boolean;
  consensus: ConsensusRule;
  /** Raters assigned to the task (profile ids); empty: every rater. Leads may always rate. */
  raters: number[];
  /** Pairs left out of the pool because they were already judged on this scale. */
  reusedPairs: number;
}

export interface CreateTaskArgs {
  name: string;
  dataset: string;
  querySet: number;
  variants: string[];
  depth: number;
  /** A built-in scale's id, or a custom scale. */
  scale: string | Record<string, unknown>;
  overlap: number;
  guidelines: string;
  blind: boolean;
  reuse: boolean;
  consensus: ConsensusRule;
  raters: number[];
  gold: { queryId: string; docId: string; grade: number }[];
  seed?: number;
}

export interface TaskSummary {
  id: number;
  name: string;
  dataset: string;
  querySet: number;
  spec: TaskSpec;
  guidelines: string;
  seed: number;
  pairCount: number;
  createdAt: string;
  createdBy: string;
}

export interface QueueEntry {
  pairIndex: number;
  queryId: string;
  /** The caller's own label, or null when they have not labelled it. */
  grade: number | null;
  skipped: boolean;
}

export interface RatingQueue {
  task: TaskSummary;
  rater: { id: number; name: string };
  entries: QueueEntry[];
  /** The first entry the caller has not labelled: where they resume; entries.length when done. */
  resumeAt: number;
}

export interface RatingItem {
  pairIndex: number;
  queryId: string;
  query: string;
  document: SearchResult;
  /** The rank each pooled variant gave the document; null in a blind task. */
  sources: Record<string, number> | null;
  /** The caller's saved label, if any. */
  saved: Pick<JudgmentRow, 'grade' | 'skipReason' | 'note' | 'updatedAt'> | null;
}

export interface LabelArgs {
  task: number;
  pairIndex: number;
  grade?: number;
  skip?: string;
  note?: string;
}

/**
 * Rating tasks: pool each variant's top k for every query of a set, then hand raters the pairs one at a
 * time in an order shuffled per rater (queries shuffled, documents shuffled within a query, from the task's
 * seed and the rater's id), until every pair has `overlap` labels from different raters.
 */
export function createTasksService(
  ctx: RuntimeContext,
  deps: { datasets: DatasetsService; variants: VariantsService; search: SearchService; querySets: QuerySetsService; raters: RatersService },
) {
  const { store } = ctx;
  const datasetName = (task: RatingTaskRow) => store.datasets.list().find((dataset) => dataset.id === task.datasetId)!.name;
  const summarize = (task: RatingTaskRow): TaskSummary => ({
    id: task.id,
    name: task.name,
    dataset: datasetName(task),
    querySet: task.querySetId,
    spec: task.spec as TaskSpec,
    guidelines: task.guidelines,
    seed: task.seed,
    pairCount: store.ratingTasks.pairs(task.id).length,
    createdAt: task.createdAt,
    createdBy: task.createdBy,
  });
  const requireTask = (id: number): RatingTaskRow => {
    const task = store.ratingTasks.find(id);
    if (!task) throw new AppError('NOT_FOUND', `no rating task with id ${id}`, { field: 'task' });
    return task;
  };
  /** The task and the caller's rater profile, if the caller may rate it. */
  const rateable = (id: number, caller: Caller): { task: RatingTaskRow; spec: TaskSpec; rater: RaterRow } => {
    const task = requireTask(id);
    const spec = task.spec as TaskSpec;
    const rater = deps.raters.profileOf(caller);
    if (rater.role !== 'lead' && spec.raters.length > 0 && !spec.raters.includes(rater.id)) {
      throw new AppError('FORBIDDEN', `rater "${rater.name}" is not assigned to task "${task.name}"`, { field: 'task' });
    }
    return { task, spec, rater };
  };

  /** Everything about the arguments that can be checked before any ranking runs. */
  const checkTaskArgs = (args: Omit<CreateTaskArgs, 'variants'>) => {
    const dataset = deps.datasets.require(args.dataset);
    if (store.ratingTasks.findByName(args.name)) throw new AppError('ALREADY_EXISTS', `there is already a rating task named "${args.name}"`, { field: 'name' });
    const querySet = deps.querySets.require(args.querySet);
    if (querySet.datasetId !== dataset.id) throw new AppError('INVALID_ARGS', `query set ${querySet.id} belongs to another dataset`, { field: 'querySet' });
    const scale = typeof args.scale === 'string' ? BUILT_IN_SCALES.find((candidate) => candidate.id === args.scale) : parseScale(args.scale);
    if (!scale) throw new AppError('INVALID_ARGS', `unknown scale "${String(args.scale)}" (have: ${BUILT_IN_SCALES.map((candidate) => candidate.id).join(', ')})`, { field: 'scale' });
    // Judgments are reused across tasks by scale id, so one id must always mean the same levels.
    const sameId = [...BUILT_IN_SCALES, ...store.ratingTasks.list().map((task) => (task.spec as TaskSpec).scale)].find((other) => other.id === scale.id);
    if (typeof args.scale !== 'string' && sameId && JSON.stringify(sameId.levels.map((level) => level.value)) !== JSON.stringify(scale.levels.map((level) => level.value))) {
      throw new AppError('INVALID_ARGS', `scale id "${scale.id}" already names a scale with other levels; give this scale another id`, { field: 'scale.id' });
    }
    const grades = new Set(scale.levels.map((level) => level.value));
    for (const [index, gold] of args.gold.entries()) {
      if (!grades.has(gold.grade)) throw new AppError('INVALID_ARGS', `gold[${index}]: grade ${gold.grade} is not on scale ${scale.id}`, { field: 'gold' });
    }
    for (const rater of args.raters) if (!store.raters.find(rater)) throw new AppError('NOT_FOUND', `no rater with id ${rater}`, { field: 'raters' });
    return { dataset, querySet, scale, queries: deps.querySets.queries(querySet.id) };
  };

  const insertPooledTask = (
    args: CreateTaskArgs,
    { dataset, querySet, scale, queries }: ReturnType<typeof checkTaskArgs>,
    rankings: readonly VariantRanking[],
    features: ReadonlyMap<string, number[]>,
    caller: Caller,
  ): TaskSummary => {
    const judged = new Set([...store.judgments.judgedPairs(dataset.id, scale.id)].map((key) => judgmentKey(...(key.split('\t') as [string, string]), scale.id)));
    const pooled = poolPairs(rankings, { depth: args.depth, scaleId: scale.id, judged, reuseJudgments: args.reuse });
    const reusedPairs = pooled.filter((pair) => pair.alreadyJudged).length;
    const pool = new Map<string, Omit<TaskPairRow, 'pairIndex'>>();
    for (const pair of pooled) {
      if (pair.alreadyJudged) continue;
      const key = `${pair.queryId}\t${pair.docId}`;
      const vector = features.get(key) ?? null;
      pool.set(key, {
        queryId: pair.queryId,
        docId: pair.docId,
        goldGrade: null,
        sources: Object.fromEntries(pair.contributors.map((contributor) => [contributor.variant, contributor.rank])),
        features: vector,
        featureVersion: vector ? FEATURE_SET_VERSION : null,
      });
    }
    const queryIds = new Set(queries.map((query) => query.queryId));
    for (const [index, gold] of args.gold.entries()) {
      if (!queryIds.has(gold.queryId)) throw new AppError('INVALID_ARGS', `gold[${index}]: query "${gold.queryId}" is not in the query set`, { field: 'gold' });
      const key = `${gold.queryId}\t${gold.docId}`;
      const pair = pool.get(key) ?? { queryId: gold.queryId, docId: gold.docId, goldGrade: null, sources: {}, features: null, featureVersion: null };
      pool.set(key, { ...pair, goldGrade: gold.grade });
    }
    const spec: TaskSpec = {
      variants: args.variants,
      depth: args.depth,
      scale,
      overlap: args.overlap,
      blind: args.blind,
      reuse: args.reuse,
      consensus: args.consensus,
      raters: args.raters,
      reusedPairs,
    };
    const seed = args.seed ?? Math.floor(Math.random() * 0xffffffff);
    const id = store.transaction(() =>
      store.ratingTasks.insert(
        { name: args.name, datasetId: dataset.id, querySetId: querySet.id, spec, guidelines: args.guidelines, seed, createdBy: caller.name },
        [...pool.values()],
        ctx.now().toISOString(),
      ),
    );
    ctx.events.changed('tasks');
    return summarize(requireTask(id));
  };

  const queueFor = (task: RatingTaskRow, spec: TaskSpec, rater: RaterRow) => {
    const pairs = store.ratingTasks.pairs(task.id);
    const judgments = store.judgments.forTask(task.id);
    const labelCount = new Map<number, number>();
    const mine = new Map<number, JudgmentRow>();
    for (const judgment of judgments) {
      if (judgment.raterId === rater.id) mine.set(judgment.pairIndex, judgment);
      else if (judgment.grade !== null) labelCount.set(judgment.pairIndex, (labelCount.get(judgment.pairIndex) ?? 0) + 1);
    }
    // A pair stays in a rater's queue once they labelled it (so they can go back); otherwise only while it needs labels.
    const entries = orderForRater(pairs, task.seed, String(rater.id)).items.filter(
      (pair) => mine.has(pair.pairIndex) || pair.goldGrade !== null || (labelCount.get(pair.pairIndex) ?? 0) < spec.overlap,
    );
    return { pairs, entries, mine };
  };

  const service = {
    list: (): TaskSummary[] => store.ratingTasks.list().map(summarize),
    get: (id: number): TaskSummary => summarize(requireTask(id)),

    async create(args: CreateTaskArgs, caller: Caller): Promise<TaskSummary> {
      const checked = checkTaskArgs(args);
      for (const variant of args.variants) deps.variants.get(variant);
      // Features per pair from the first variant that ranked it with them: what a judgment of the pair logs.
      const features = new Map<string, number[]>();
      const rankings: VariantRanking[] = [];
      for (const variant of args.variants) {
        const byQuery = new Map<string, string[]>();
        for (const query of checked.queries) {
          const { ranked } = await deps.search.rank({ dataset: checked.dataset.name, text: query.text, k: args.depth, variant, features: true });
          byQuery.set(query.queryId, ranked.map((result) => result.doc.id));
          for (const result of ranked) {
            const key = `${query.queryId}\t${result.doc.id}`;
            if (!features.has(key) && result.explanation.features) features.set(key, result.explanation.features.values);
          }
        }
        rankings.push({ variant, rankings: byQuery });
      }
      return insertPooledTask(args, checked, rankings, features, caller);
    },

    /**
     * A task pooled from rankings the caller already has (a comparison's frozen lists, stored runs): the
     * same validation, pooling, reuse and feature logging as `create`. `features` is keyed `query\tdoc`;
     * pairs without a vector log none. Synchronous, so it can join the caller's transaction.
     */
    createPooled(args: Omit<CreateTaskArgs, 'variants'>, rankings: readonly VariantRanking[], features: ReadonlyMap<string, number[]>, caller: Caller): TaskSummary {
      return insertPooledTask({ ...args, variants: rankings.map((ranking) => ranking.variant) }, checkTaskArgs(args), rankings, features, caller);
    },

    /** The caller's items in their order, with their own labels, and where to resume. */
    queue(id: number, caller: Caller): RatingQueue {
      const { task, spec, rater } = rateable(id, caller);
      const { entries, mine } = queueFor(task, spec, rater);
      const queueEntries = entries.map((pair) => {
        const judgment = mine.get(pair.pairIndex);
        return { pairIndex: pair.pairIndex, queryId: pair.queryId, grade: judgment?.grade ?? null, skipped: judgment?.skipReason != null };
      });
      const resumeAt = queueEntries.findIndex((entry) => entry.grade === null && !entry.skipped);
      return { task: summarize(task), rater: { id: rater.id, name: rater.name }, entries: queueEntries, resumeAt: resumeAt === -1 ? queueEntries.length : resumeAt };
    },

    /** One item to rate, with its document; a rater only gets pairs of their queue. */
    async items(id: number, pairIndexes: readonly number[], caller: Caller): Promise<RatingItem[]> {
      const { task, spec, rater } = rateable(id, caller);
      const { entries, mine } = queueFor(task, spec, rater);
      const inQueue = new Map(entries.map((pair) => [pair.pairIndex, pair]));
      const pairs = pairIndexes.map((pairIndex) => {
        const pair = inQueue.get(pairIndex);
        if (!pair) throw new AppError('FORBIDDEN', `pair ${pairIndex} is not in your queue for task "${task.name}"`, { field: 'pairIndex' });
        return pair;
      });
      const queryText = new Map(deps.querySets.queries(task.querySetId).map((query) => [query.queryId, query.text]));
      const documents = await deps.search.documents(datasetName(task), pairs.map((pair) => pair.docId));
      return pairs.map((pair) => {
        const document = documents.get(pair.docId);
        if (!document) throw new AppError('NOT_FOUND', `document "${pair.docId}" is no longer in the dataset`, { field: 'pairIndex' });
        const saved = mine.get(pair.pairIndex);
        return {
          pairIndex: pair.pairIndex,
          queryId: pair.queryId,
          query: queryText.get(pair.queryId) ?? '',
          document,
          sources: spec.blind ? null : pair.sources,
          saved: saved ? { grade: saved.grade, skipReason: saved.skipReason, note: saved.note, updatedAt: saved.updatedAt } : null,
        };
      });
    },

    /** Saves the caller's label (or skip) durably before answering; relabelling replaces it. */
    label({ task: id, pairIndex, grade, skip, note }: LabelArgs, caller: Caller): JudgmentRow {
      const { task, spec, rater } = rateable(id, caller);
      if ((grade === undefined) === (skip === undefined)) throw new AppError('INVALID_ARGS', 'give either a grade or a skip reason', { field: 'grade' });
      if (grade !== undefined && !spec.scale.levels.some((level) => level.value === grade)) {
        throw new AppError('INVALID_ARGS', `grade ${grade} is not on scale ${spec.scale.id} (${spec.scale.levels.map((level) => level.value).join(', ')})`, { field: 'grade' });
      }
      // The queue's rule for this one pair (reading the whole queue per label would make labelling O(task)):
      // a rater may label a pair they labelled before, a gold pair, or one that still needs labels.
      const pair = store.ratingTasks.pair(task.id, pairIndex);
      const mayLabel =
        pair !== undefined &&
        (pair.goldGrade !== null || store.judgments.find(task.id, pairIndex, rater.id) !== undefined || store.judgments.gradesFromOthers(task.id, pairIndex, rater.id) < spec.overlap);
      if (!mayLabel) throw new AppError('FORBIDDEN', `pair ${pairIndex} is not in your queue for task "${task.name}"`, { field: 'pairIndex' });
      const saved = store.judgments.upsert(
        {
          taskId: task.id,
          pairIndex,
          datasetId: task.datasetId,
          queryId: pair.queryId,
          docId: pair.docId,
          raterId: rater.id,
          scaleId: spec.scale.id,
          grade: grade ?? null,
          skipReason: skip ?? null,
          note: note ?? null,
          features: pair.features,
          featureVersion: pair.featureVersion,
        },
        ctx.now().toISOString(),
      );
      ctx.events.changed('judgments');
      return saved;
    },

    /** Takes back the caller's label of a pair; the pair goes back to needing a label. */
    unlabel({ task: id, pairIndex }: { task: number; pairIndex: number }, caller: Caller): { removed: boolean } {
      const { task, rater } = rateable(id, caller);
      const removed = store.judgments.remove(task.id, pairIndex, rater.id);
      if (removed) ctx.events.changed('judgments');
      return { removed };
    },
  };
  return service;
}

export type TasksService = ReturnType<typeof createTasksService>;
