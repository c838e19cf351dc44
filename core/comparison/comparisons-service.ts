import type { RuntimeContext } from '../context/runtime-context';
import type { DatasetsService } from '../datasets/service';
import { createRng } from '../eval/statistics';
import type { VariantsService } from '../ranking/variants-service';
import type { AgreementService } from '../rating/agreement-service';
import type { VariantRanking } from '../rating/pooling';
import { deriveSeed } from '../rating/random';
import type { QuerySetsService } from '../rating/query-sets-service';
import type { RatersService } from '../rating/raters-service';
import { FIVE_LEVEL_SCALE, type RatingScale } from '../rating/scales';
import type { TaskSpec, TasksService } from '../rating/tasks-service';
import type { RunsService } from '../runs/service';
import type { Caller } from '../runtime/caller';
import { AppError } from '../runtime/errors';
import type { SearchResult, SearchService } from '../search/service';
import type { ComparisonQueryRow, ComparisonRow, Side } from '../store/comparisons-table';
import type { RaterRow } from '../store/raters-table';
import { informationalClickModel, simulateInterleaving, type CascadeClickModel, type InterleavingSimulation } from './click-simulation';
import { comparisonLabels, metricVerdict, type MetricVerdict } from './comparison-labels';
import { creditClicks, teamDraftInterleave } from './interleaving';
import { aggregateInterleaving, aggregatePreferences, type InterleavingAggregates, type PreferenceAggregates, type QueryPreference } from './preference-aggregates';

export type SideSource = { kind: 'variant'; variant: string } | { kind: 'run'; run: number };
export type ComparisonMode = 'side-by-side' | 'interleaving';

export interface ComparisonSpec {
  /** Each side's source and the name it is shown under once revealed. */
  a: SideSource & { name: string };
  b: SideSource & { name: string };
  depth: number;
  mode: ComparisonMode;
  blind: boolean;
  /** Raters assigned (profile ids); empty: every rater. Leads may always take part. */
  raters: number[];
  scaleId: string;
}

export interface CreateComparisonArgs {
  name: string;
  dataset: string;
  querySet: number;
  a: SideSource;
  b: SideSource;
  depth: number;
  mode: ComparisonMode;
  blind: boolean;
  /** A built-in scale's id, for the inline labels of the task behind the comparison. */
  scale: string;
  raters: number[];
  overlap: number;
  guidelines: string;
  seed?: number;
}

export interface ComparisonSummary {
  id: number;
  name: string;
  dataset: string;
  querySet: number;
  taskId: number | null;
  mode: ComparisonMode;
  blind: boolean;
  depth: number;
  seed: number;
  queryCount: number;
  /** Side names; null for a rater while the comparison is blind (names are revealed per query). */
  sides: { a: string; b: string } | null;
  createdAt: string;
  createdBy: string;
}

export interface ComparisonOverview {
  comparison: ComparisonSummary;
  scale: RatingScale;
  /** The queries in order, and whether the caller answered each (a preference, or marked engagement). */
  queries: { queryId: string; query: string; answered: boolean }[];
}

/** A screen-side preference: what the rater pressed, before it is turned into A/B terms. */
export const SCREEN_CHOICES = ['left-much-better', 'left-better', 'same', 'right-better', 'right-much-better'] as const;
export type ScreenChoice = (typeof SCREEN_CHOICES)[number];
const LEFT_SCORE: Record<ScreenChoice, number> = { 'left-much-better': 2, 'left-better': 1, same: 0, 'right-better': -1, 'right-much-better': -2 };

export interface ViewDocument {
  rank: number;
  docId: string;
  /** The document as a result card; null when it is no longer in the dataset. */
  document: SearchResult | null;
  /** Its rank in the other side's list; null when only this side has it (side-by-side only). */
  otherRank: number | null;
  /** The existing consensus label on the comparison's scale; null while unjudged. */
  consensus: number | null;
  /** The pair of the comparison's rating task, when the document can be labelled inline there. */
  pairIndex: number | null;
  /** The caller's own grade of the pair in that task. */
  myGrade: number | null;
}

export interface ComparisonQueryView {
  comparison: { id: number; name: string; mode: ComparisonMode; blind: boolean; taskId: number | null };
  queryId: string;
  query: string;
  position: number;
  scale: RatingScale;
  /** Side names as shown left and right; null while blind and not revealed (and always in interleaving mode). */
  names: { left: string; right: string } | null;
  /** Side-by-side mode: the two lists, in screen order. */
  columns: { left: ViewDocument[]; right: ViewDocument[] } | null;
  /** Interleaving mode: the merged list, teams hidden. */
  merged: ViewDocument[] | null;
  preference: { choice: ScreenChoice; note: string | null; updatedAt: string } | null;
  clicked: string[] | null;
}

export interface ComparisonAggregates {
  comparison: ComparisonSummary;
  pairwise: PreferenceAggregates & { raters: Record<number, string> };
  interleaving: InterleavingAggregates;
  /** nDCG@depth of each side from the consensus labels, and which side it prefers per query; null without labels. */
  metric: MetricVerdict | null;
  perQuery: {
    queryId: string;
    query: string;
    pairwise: QueryPreference | null;
    interleaving: InterleavingAggregates['perQuery'][number] | null;
    /** nDCG(A) − nDCG(B); null when the query has no labels. */
    metricDifference: number | null;
  }[];
}

export interface ComparisonSimulation extends InterleavingSimulation {
  model: CascadeClickModel;
  impressions: number;
  seed: number;
  /** Where the grades came from. */
  labels: string;
}

const sideOf = (spec: ComparisonSpec, side: Side) => (side === 'A' ? spec.a : spec.b);
const otherSide = (side: Side): Side => (side === 'A' ? 'B' : 'A');

/**
 * Side-by-side and interleaving comparisons of two variants or stored runs over a query set. At creation
 * each query's two lists, its screen mapping (seeded) and, for interleaving, its team-draft list are frozen,
 * and a rating task is pooled from both sides' top k so inline labels are ordinary judgments.
 */
export function createComparisonsService(
  ctx: RuntimeContext,
  deps: {
    datasets: DatasetsService;
    variants: VariantsService;
    search: SearchService;
    runs: RunsService;
    querySets: QuerySetsService;
    raters: RatersService;
    tasks: TasksService;
    agreement: AgreementService;
  },
) {
  const { store } = ctx;
  const datasetName = (row: ComparisonRow) => store.datasets.list().find((dataset) => dataset.id === row.datasetId)!.name;
  const requireComparison = (id: number): ComparisonRow => {
    const row = store.comparisons.find(id);
    if (!row) throw new AppError('NOT_FOUND', `no comparison with id ${id}`, { field: 'comparison' });
    return row;
  };
  const requireQuery = (row: ComparisonRow, queryId: string): ComparisonQueryRow => {
    const query = store.comparisons.query(row.id, queryId);
    if (!query) throw new AppError('NOT_FOUND', `comparison "${row.name}" has no query "${queryId}"`, { field: 'queryId' });
    return query;
  };
  const scaleOf = (row: ComparisonRow): RatingScale => {
    const task = row.taskId === null ? undefined : store.ratingTasks.find(row.taskId);
    return task ? (task.spec as TaskSpec).scale : FIVE_LEVEL_SCALE;
  };
  const summarize = (row: ComparisonRow, caller: Caller): ComparisonSummary => {
    const spec = row.spec as ComparisonSpec;
    return {
      id: row.id,
      name: row.name,
      dataset: datasetName(row),
      querySet: row.querySetId,
      taskId: row.taskId,
      mode: spec.mode,
      blind: spec.blind,
      depth: spec.depth,
      seed: row.seed,
      queryCount: store.comparisons.queries(row.id).length,
      sides: spec.blind && caller.role !== 'lead' ? null : { a: spec.a.name, b: spec.b.name },
      createdAt: row.createdAt,
      createdBy: row.createdBy,
    };
  };
  const mayView = (row: ComparisonRow, rater: RaterRow) => {
    const { raters } = row.spec as ComparisonSpec;
    return rater.role === 'lead' || raters.length === 0 || raters.includes(rater.id);
  };
  /** The comparison and the caller's rater profile, if the caller takes part in it. */
  const participant = (id: number, caller: Caller) => {
    const row = requireComparison(id);
    const rater = deps.raters.profileOf(caller);
    if (!mayView(row, rater)) throw new AppError('FORBIDDEN', `rater "${rater.name}" is not assigned to comparison "${row.name}"`, { field: 'comparison' });
    return { row, spec: row.spec as ComparisonSpec, rater };
  };

  /** A side's name and, per query, its ranked ids (with feature vectors where a variant computed them). */
  const resolveSide = (datasetId: number, source: SideSource, field: string) => {
    if (source.kind === 'variant') {
      deps.variants.get(source.variant);
      return { ...source, name: source.variant };
    }
    const run = deps.runs.get(source.run);
    if (store.runs.find(run.id)!.datasetId !== datasetId) throw new AppError('INVALID_ARGS', `run ${run.id} belongs to another dataset`, { field });
    return { ...source, name: `${run.name} (run ${run.id})` };
  };
  const rankSide = async (dataset: string, source: SideSource, query: { queryId: string; text: string }, depth: number, features: Map<string, number[]>) => {
    if (source.kind === 'run') return deps.runs.results(source.run, query.queryId).slice(0, depth).map((result) => result.docId);
    const { ranked } = await deps.search.rank({ dataset, text: query.text, k: depth, variant: source.variant, features: true });
    for (const result of ranked) {
      const key = `${query.queryId}\t${result.doc.id}`;
      if (!features.has(key) && result.explanation.features) features.set(key, result.explanation.features.values);
    }
    return ranked.map((result) => result.doc.id);
  };

  const labelsOf = (row: ComparisonRow) => comparisonLabels(store, deps.agreement, row.datasetId, scaleOf(row));

  const viewDocuments = (
    ids: readonly string[],
    other: readonly string[] | null,
    cards: Map<string, SearchResult>,
    context: { queryId: string; labels: ReadonlyMap<string, number>; pairs: ReadonlyMap<string, number>; mine: ReadonlyMap<number, number> },
  ): ViewDocument[] =>
    ids.map((docId, index) => {
      const pairIndex = context.pairs.get(docId) ?? null;
      const otherIndex = other ? other.indexOf(docId) : -1;
      return {
        rank: index + 1,
        docId,
        document: cards.get(docId) ?? null,
        otherRank: otherIndex >= 0 ? otherIndex + 1 : null,
        consensus: context.labels.get(`${context.queryId}\t${docId}`) ?? null,
        pairIndex,
        myGrade: pairIndex === null ? null : (context.mine.get(pairIndex) ?? null),
      };
    });

  const service = {
    /** The comparisons the caller takes part in (a lead: all). */
    list(caller: Caller): ComparisonSummary[] {
      const rater = deps.raters.profileOf(caller);
      return store.comparisons
        .list()
        .filter((row) => mayView(row, rater))
        .map((row) => summarize(row, caller));
    },

    async create(args: CreateComparisonArgs, caller: Caller): Promise<ComparisonSummary> {
      if (caller.role !== 'lead') throw new AppError('FORBIDDEN', 'only a lead may create a comparison');
      const dataset = deps.datasets.require(args.dataset);
      if (store.comparisons.findByName(args.name)) throw new AppError('ALREADY_EXISTS', `there is already a comparison named "${args.name}"`, { field: 'name' });
      const querySet = deps.querySets.require(args.querySet);
      if (querySet.datasetId !== dataset.id) throw new AppError('INVALID_ARGS', `query set ${querySet.id} belongs to another dataset`, { field: 'querySet' });
      if (JSON.stringify(args.a) === JSON.stringify(args.b)) throw new AppError('INVALID_ARGS', 'sides A and B are the same; pick two different variants or runs', { field: 'b' });
      const a = resolveSide(dataset.id, args.a, 'a');
      const b = resolveSide(dataset.id, args.b, 'b');
      const seed = args.seed ?? Math.floor(Math.random() * 0xffffffff);
      const features = new Map<string, number[]>();
      const queries: Omit<ComparisonQueryRow, 'position'>[] = [];
      for (const query of deps.querySets.queries(querySet.id)) {
        const listA = await rankSide(dataset.name, a, query, args.depth, features);
        const listB = await rankSide(dataset.name, b, query, args.depth, features);
        // One seed per query, from the comparison's seed and the query id alone: adding a query reshuffles no other.
        const sideSeed = deriveSeed(seed, `query:${query.queryId}`);
        const leftSide: Side = args.blind && createRng(sideSeed)() < 0.5 ? 'B' : 'A';
        const interleaved = args.mode === 'interleaving' ? teamDraftInterleave(listA, listB, args.depth, sideSeed) : null;
        queries.push({ queryId: query.queryId, text: query.text, listA, listB, leftSide, sideSeed, interleaved });
      }
      const rankings: VariantRanking[] = [
        { variant: `A: ${a.name}`, rankings: new Map(queries.map((query) => [query.queryId, query.listA])) },
        { variant: `B: ${b.name}`, rankings: new Map(queries.map((query) => [query.queryId, query.listB])) },
      ];
      const spec: ComparisonSpec = { a, b, depth: args.depth, mode: args.mode, blind: args.blind, raters: args.raters, scaleId: args.scale };
      const id = store.transaction(() => {
        const task = deps.tasks.createPooled(
          {
            name: `comparison: ${args.name}`,
            dataset: dataset.name,
            querySet: querySet.id,
            depth: args.depth,
            scale: args.scale,
            overlap: args.overlap,
            guidelines: args.guidelines,
            blind: args.blind,
            reuse: true,
            consensus: 'median',
            raters: args.raters,
            gold: [],
            seed,
          },
          rankings,
          features,
          caller,
        );
        return store.comparisons.insert(
          { name: args.name, datasetId: dataset.id, querySetId: querySet.id, taskId: task.id, spec, seed, createdBy: caller.name },
          queries,
          ctx.now().toISOString(),
        );
      });
      ctx.events.changed('comparisons');
      return summarize(requireComparison(id), caller);
    },

    overview(id: number, caller: Caller): ComparisonOverview {
      const { row, spec, rater } = participant(id, caller);
      const answered = new Set(
        (spec.mode === 'interleaving' ? store.interleavingClicks.forComparison(row.id) : store.comparisonPreferences.forComparison(row.id))
          .filter((answer) => answer.raterId === rater.id)
          .map((answer) => answer.queryId),
      );
      return {
        comparison: summarize(row, caller),
        scale: scaleOf(row),
        queries: store.comparisons.queries(row.id).map((query) => ({ queryId: query.queryId, query: query.text, answered: answered.has(query.queryId) })),
      };
    },

    /** One query as the caller sees it: both lists in screen order (or the merged list), labels, their own answer. */
    async query({ comparison: id, queryId, reveal }: { comparison: number; queryId: string; reveal: boolean }, caller: Caller): Promise<ComparisonQueryView> {
      const { row, spec, rater } = participant(id, caller);
      const query = requireQuery(row, queryId);
      const labels = labelsOf(row);
      const pairs = new Map<string, number>();
      const mine = new Map<number, number>();
      if (row.taskId !== null) {
        for (const pair of store.ratingTasks.pairs(row.taskId)) if (pair.queryId === queryId) pairs.set(pair.docId, pair.pairIndex);
        for (const judgment of store.judgments.forRater(row.taskId, rater.id)) if (judgment.grade !== null) mine.set(judgment.pairIndex, judgment.grade);
      }
      const cards = await deps.search.documents(datasetName(row), [...new Set([...query.listA, ...query.listB])]);
      const context = { queryId, labels: labels.grades, pairs, mine };
      const left = query.leftSide;
      const right = otherSide(left);
      const listOf = (side: Side) => (side === 'A' ? query.listA : query.listB);
      const names = spec.mode === 'side-by-side' && (!spec.blind || reveal) ? { left: sideOf(spec, left).name, right: sideOf(spec, right).name } : null;
      const preference = store.comparisonPreferences.find(row.id, queryId, rater.id);
      const clicks = store.interleavingClicks.find(row.id, queryId, rater.id);
      const leftScore = preference && (preference.leftSide === 'A' ? preference.preference : -preference.preference);
      return {
        comparison: { id: row.id, name: row.name, mode: spec.mode, blind: spec.blind, taskId: row.taskId },
        queryId,
        query: query.text,
        position: query.position,
        scale: scaleOf(row),
        names,
        columns:
          spec.mode === 'side-by-side'
            ? { left: viewDocuments(listOf(left), listOf(right), cards, context), right: viewDocuments(listOf(right), listOf(left), cards, context) }
            : null,
        merged: query.interleaved ? viewDocuments(query.interleaved.map((item) => item.docId), null, cards, context) : null,
        preference: preference ? { choice: SCREEN_CHOICES[2 - leftScore!]!, note: preference.note, updatedAt: preference.updatedAt } : null,
        clicked: clicks ? clicks.clicked : null,
      };
    },

    /** Saves the caller's preference for a query in A/B terms, with the screen mapping they saw; answering again replaces it. */
    prefer({ comparison: id, queryId, choice, note }: { comparison: number; queryId: string; choice: ScreenChoice; note?: string }, caller: Caller) {
      const { row, spec, rater } = participant(id, caller);
      if (spec.mode !== 'side-by-side') throw new AppError('INVALID_ARGS', `comparison "${row.name}" is an interleaving comparison: mark engagement instead`, { field: 'comparison' });
      const query = requireQuery(row, queryId);
      const leftScore = LEFT_SCORE[choice];
      const saved = store.comparisonPreferences.upsert(
        {
          comparisonId: row.id,
          queryId,
          raterId: rater.id,
          preference: query.leftSide === 'A' ? leftScore : -leftScore,
          leftSide: query.leftSide,
          sideSeed: query.sideSeed,
          note: note ?? null,
        },
        ctx.now().toISOString(),
      );
      ctx.events.changed('preferences');
      // The answer goes back in screen terms: A/B terms would tell a blind rater which side is which.
      return { queryId, choice, note: saved.note, updatedAt: saved.updatedAt };
    },

    /** Saves what the caller would engage with in a query's merged list and credits each click to the team that placed it. */
    click({ comparison: id, queryId, clicked }: { comparison: number; queryId: string; clicked: string[] }, caller: Caller) {
      const { row, spec, rater } = participant(id, caller);
      if (spec.mode !== 'interleaving') throw new AppError('INVALID_ARGS', `comparison "${row.name}" is a side-by-side comparison: give a preference instead`, { field: 'comparison' });
      const query = requireQuery(row, queryId);
      const merged = query.interleaved ?? [];
      const shown = new Set(merged.map((item) => item.docId));
      const stranger = clicked.find((docId) => !shown.has(docId));
      if (stranger !== undefined) throw new AppError('INVALID_ARGS', `document "${stranger}" is not in the merged list of query "${queryId}"`, { field: 'clicked' });
      const unique = [...new Set(clicked)];
      const credit = creditClicks(merged, unique);
      const saved = store.interleavingClicks.upsert({ comparisonId: row.id, queryId, raterId: rater.id, clicked: unique, ...credit }, ctx.now().toISOString());
      ctx.events.changed('preferences');
      return { queryId, clicked: saved.clicked, updatedAt: saved.updatedAt };
    },

    /** Win rates with Wilson CIs and sign tests from preferences and interleaving, beside the metric's verdict. */
    aggregates(id: number, caller: Caller): ComparisonAggregates {
      const row = requireComparison(id);
      const spec = row.spec as ComparisonSpec;
      const queries = store.comparisons.queries(row.id);
      const pairwise = aggregatePreferences(store.comparisonPreferences.forComparison(row.id));
      const interleaving = aggregateInterleaving(store.interleavingClicks.forComparison(row.id));
      const metric = metricVerdict(queries, labelsOf(row), spec.depth);
      const names = new Map(store.raters.list().map((rater) => [rater.id, rater.name]));
      const byQuery = <T extends { queryId: string }>(items: readonly T[]) => new Map(items.map((item) => [item.queryId, item]));
      const pairwiseOf = byQuery(pairwise.perQuery);
      const interleavingOf = byQuery(interleaving.perQuery);
      const metricOf = byQuery(metric?.perQuery ?? []);
      return {
        comparison: summarize(row, caller),
        pairwise: { ...pairwise, raters: Object.fromEntries(pairwise.perRater.map((rater) => [rater.raterId, names.get(rater.raterId) ?? '?'])) },
        interleaving,
        metric,
        perQuery: queries.map((query) => {
          const measured = metricOf.get(query.queryId);
          return {
            queryId: query.queryId,
            query: query.text,
            pairwise: pairwiseOf.get(query.queryId) ?? null,
            interleaving: interleavingOf.get(query.queryId) ?? null,
            metricDifference: measured ? measured.a - measured.b : null,
          };
        }),
      };
    },

    /**
     * Offline check of interleaving against nDCG: simulated cascade users (grade-dependent click and stop
     * probabilities) see `impressions` fresh team-draft interleavings of each query's frozen lists.
     */
    simulate({ comparison: id, impressions, seed }: { comparison: number; impressions: number; seed: number }): ComparisonSimulation {
      const row = requireComparison(id);
      const spec = row.spec as ComparisonSpec;
      const labels = labelsOf(row);
      const queries = store.comparisons.queries(row.id);
      const metric = metricVerdict(queries, labels, spec.depth);
      const differences = new Map((metric?.perQuery ?? []).map((query) => [query.queryId, query.a - query.b]));
      const model = informationalClickModel(labels.levelCount);
      const simulated = queries.map((query) => ({
        queryId: query.queryId,
        a: query.listA,
        b: query.listB,
        levels: new Map(
          [...new Set([...query.listA, ...query.listB])].flatMap((docId) => {
            const level = labels.levels.get(`${query.queryId}\t${docId}`);
            return level === undefined ? [] : [[docId, level] as const];
          }),
        ),
        metricDifference: differences.get(query.queryId) ?? 0,
      }));
      return { ...simulateInterleaving(simulated, { depth: spec.depth, impressions, seed, model }), model, impressions, seed, labels: labels.source };
    },
  };
  return service;
}

export type ComparisonsService = ReturnType<typeof createComparisonsService>;
