import type { RuntimeContext } from '../context/runtime-context';
import type { QrelInput } from '../eval';
import type { SearchResult, SearchService } from '../search/service';
import type { Caller } from '../runtime/caller';
import { AppError } from '../runtime/errors';
import type { AdjudicationRow } from '../store/adjudications-table';
import type { JudgmentRow } from '../store/judgments-table';
import type { RatingTaskRow, TaskPairRow } from '../store/rating-tasks-table';
import {
  goldAccuracy,
  summarizeAgreement,
  type AgreementFigures,
  type GoldAccuracy,
  type GoldPair,
  type RawLabel,
} from './agreement-summary';
import { consensus, type Consensus, type ConsensusRule } from './consensus';
import type { TaskSpec } from './tasks-service';

export interface RaterRef {
  id: number;
  name: string;
}

export interface QueryProgress {
  queryId: string;
  query: string;
  /** Pooled pairs of the query (gold pairs counted apart). */
  pairs: number;
  /** Pooled pairs with at least `overlap` grades (skips are not grades). */
  complete: number;
  skips: number;
  goldPairs: number;
}

export interface RaterProgress extends RaterRef {
  /** Pairs the rater graded, gold pairs included. */
  labelled: number;
  skipped: number;
  /** Accuracy on the gold pairs the rater graded; null before they graded any. */
  gold: GoldAccuracy | null;
}

export interface TaskProgress {
  task: { id: number; name: string; overlap: number };
  totals: Omit<QueryProgress, 'queryId' | 'query'>;
  perQuery: QueryProgress[];
  perRater: RaterProgress[];
}

/** How a pair's final label came about, recorded with the label. */
export interface ConsensusLabel {
  pairIndex: number;
  queryId: string;
  docId: string;
  /** Null when nothing decides yet (no grades, or raters disagree under 'adjudicated-wins'). */
  label: number | null;
  /** The task's rule. */
  rule: ConsensusRule;
  /** What decided this label: the rule, 'unanimous', 'adjudicated', or 'gold' (a gold pair's known label). */
  decidedBy: Consensus['decidedBy'] | 'gold';
  /** Grades the label was computed from (skips are not grades). */
  ratings: number;
  /** Share of those grades equal to the label (1 when there are none, e.g. a gold pair nobody rated). */
  agreement: number;
  adjudicated: boolean;
  adjudication: Omit<AdjudicationRow, 'taskId' | 'pairIndex'> | null;
  gold: boolean;
  tie: boolean;
  awaitingAdjudication: boolean;
}

/** Which consensus labels of a task count: pairs whose raters agree with the label at least this often, gold pairs or not. */
export interface ConsensusFilters {
  minAgreement?: number;
  excludeGold?: boolean;
}

export interface TaskConsensus {
  task: { id: number; name: string; rule: ConsensusRule };
  labels: ConsensusLabel[];
}

export interface DisagreedPairView {
  pairIndex: number;
  queryId: string;
  query: string;
  docId: string;
  /** The document as a result card; null when it is no longer in the dataset. */
  document: SearchResult | null;
  grades: (RaterRef & { grade: number })[];
  variance: number;
  range: number;
  consensus: ConsensusLabel;
}

export interface TaskAgreement {
  task: { id: number; name: string; scale: TaskSpec['scale']; rule: ConsensusRule; overlap: number };
  /** Gold pairs are left out of every figure here (they count for gold accuracy only). */
  goldPairsExcluded: number;
  overall: AgreementFigures;
  perQuery: ({ queryId: string; query: string } & AgreementFigures)[];
  perRaterPair: {
    raterA: RaterRef;
    raterB: RaterRef;
    shared: number;
    kappa: number | null;
    exactMatch: number | null;
    withinOneLevel: number | null;
  }[];
  /** Bias: mean of (the rater's grade − the consensus of the other raters) over pairs others graded too. */
  perRater: (RaterRef & { ratings: number; bias: number | null; biasItems: number; gold: GoldAccuracy | null })[];
  mostDisagreed: DisagreedPairView[];
}

export interface AdjudicateArgs {
  task: number;
  pairIndex: number;
  grade: number;
  note?: string;
}

/** Where evaluation labels come from when they are a task's consensus. */
export interface ConsensusQrels {
  rows: QrelInput[];
  label: string;
}

/** Bias is measured against a rule that always gives a label: 'adjudicated-wins' falls back to the median. */
const biasRule = (rule: ConsensusRule) => (rule === 'adjudicated-wins' ? 'median' : rule);

/**
 * What many raters' labels add up to: progress, agreement (from the evaluation engine's agreement
 * functions, via summarizeAgreement), a lead's adjudications, and one consensus label per pair. Raw
 * judgments are never changed; consensus is computed from them (and adjudications) on every read.
 */
export function createAgreementService(ctx: RuntimeContext, deps: { search: SearchService }) {
  const { store } = ctx;
  const requireTask = (id: number): { task: RatingTaskRow; spec: TaskSpec } => {
    const task = store.ratingTasks.find(id);
    if (!task) throw new AppError('NOT_FOUND', `no rating task with id ${id}`, { field: 'task' });
    return { task, spec: task.spec as TaskSpec };
  };
  const raterNames = () => new Map(store.raters.list().map((rater) => [rater.id, rater.name]));
  const queryTexts = (task: RatingTaskRow) => new Map(store.querySets.queries(task.querySetId).map((query) => [query.queryId, query.text]));
  const levelsOf = (spec: TaskSpec) => spec.scale.levels.map((level) => level.value);
  const goldPairs = (pairs: readonly TaskPairRow[]): GoldPair[] =>
    pairs.flatMap((pair) => (pair.goldGrade === null ? [] : [{ queryId: pair.queryId, docId: pair.docId, grade: pair.goldGrade }]));
  const rawLabels = (judgments: readonly JudgmentRow[]): RawLabel[] =>
    judgments.flatMap((judgment) => (judgment.grade === null ? [] : [{ raterId: String(judgment.raterId), queryId: judgment.queryId, docId: judgment.docId, grade: judgment.grade }]));

  const consensusLabels = (task: RatingTaskRow, spec: TaskSpec): ConsensusLabel[] => {
    const grades = new Map<number, number[]>();
    for (const judgment of store.judgments.forTask(task.id)) {
      if (judgment.grade !== null) grades.set(judgment.pairIndex, [...(grades.get(judgment.pairIndex) ?? []), judgment.grade]);
    }
    const adjudications = new Map(store.adjudications.forTask(task.id).map((row) => [row.pairIndex, row]));
    return store.ratingTasks.pairs(task.id).map((pair): ConsensusLabel => {
      const pairGrades = grades.get(pair.pairIndex) ?? [];
      const adjudication = adjudications.get(pair.pairIndex);
      const base = {
        pairIndex: pair.pairIndex,
        queryId: pair.queryId,
        docId: pair.docId,
        rule: spec.consensus,
        ratings: pairGrades.length,
        adjudicated: adjudication !== undefined,
        adjudication: adjudication ? { grade: adjudication.grade, note: adjudication.note, decidedBy: adjudication.decidedBy, decidedAt: adjudication.decidedAt } : null,
        gold: pair.goldGrade !== null,
      };
      // A gold pair's label is known; only an adjudication (a lead correcting the gold) overrides it.
      const agreementWith = (label: number | null) => (pairGrades.length === 0 ? 1 : pairGrades.filter((grade) => grade === label).length / pairGrades.length);
      if (pair.goldGrade !== null && !adjudication) return { ...base, label: pair.goldGrade, agreement: agreementWith(pair.goldGrade), decidedBy: 'gold', tie: false, awaitingAdjudication: false };
      const decided = consensus(pairGrades, spec.consensus, { levels: levelsOf(spec), adjudicated: adjudication?.grade });
      return { ...base, ...decided, agreement: agreementWith(decided.label) };
    });
  };

  return {
    /** Per query and per rater: how far the task is, and each rater's accuracy on gold pairs. */
    progress(id: number): TaskProgress {
      const { task, spec } = requireTask(id);
      const pairs = store.ratingTasks.pairs(task.id);
      const judgments = store.judgments.forTask(task.id);
      const texts = queryTexts(task);
      const gradesPerPair = new Map<number, number>();
      const skipsPerPair = new Map<number, number>();
      for (const judgment of judgments) {
        const counts = judgment.grade === null ? skipsPerPair : gradesPerPair;
        counts.set(judgment.pairIndex, (counts.get(judgment.pairIndex) ?? 0) + 1);
      }
      const perQuery = new Map<string, QueryProgress>();
      for (const pair of pairs) {
        const row = perQuery.get(pair.queryId) ?? { queryId: pair.queryId, query: texts.get(pair.queryId) ?? '', pairs: 0, complete: 0, skips: 0, goldPairs: 0 };
        perQuery.set(pair.queryId, row);
        row.skips += skipsPerPair.get(pair.pairIndex) ?? 0;
        if (pair.goldGrade !== null) {
          row.goldPairs++;
          continue;
        }
        row.pairs++;
        if ((gradesPerPair.get(pair.pairIndex) ?? 0) >= spec.overlap) row.complete++;
      }
      const gold = goldAccuracy(rawLabels(judgments), goldPairs(pairs), levelsOf(spec));
      const names = raterNames();
      const perRater = new Map<number, RaterProgress>();
      const rowOf = (raterId: number): RaterProgress => {
        const row = perRater.get(raterId) ?? { id: raterId, name: names.get(raterId) ?? '?', labelled: 0, skipped: 0, gold: gold.get(String(raterId)) ?? null };
        perRater.set(raterId, row);
        return row;
      };
      // Raters assigned by name show up before their first label, so a lead sees who has not started.
      for (const raterId of spec.raters) rowOf(raterId);
      for (const judgment of judgments) {
        const row = rowOf(judgment.raterId);
        if (judgment.grade === null) row.skipped++;
        else row.labelled++;
      }
      const queries = [...perQuery.values()];
      const sum = (field: 'pairs' | 'complete' | 'skips' | 'goldPairs') => queries.reduce((total, row) => total + row[field], 0);
      return {
        task: { id: task.id, name: task.name, overlap: spec.overlap },
        totals: { pairs: sum('pairs'), complete: sum('complete'), skips: sum('skips'), goldPairs: sum('goldPairs') },
        perQuery: queries,
        perRater: [...perRater.values()].sort((a, b) => a.id - b.id),
      };
    },

    /** Agreement among the raters of a task, from raw grades (skips are not grades; gold pairs are left out). */
    async agreement(id: number, options: { mostDisagreed?: number } = {}): Promise<TaskAgreement> {
      const { task, spec } = requireTask(id);
      const pairs = store.ratingTasks.pairs(task.id);
      const gold = goldPairs(pairs);
      const summary = summarizeAgreement(rawLabels(store.judgments.forTask(task.id)), {
        levels: levelsOf(spec),
        consensusRule: biasRule(spec.consensus),
        gold,
        mostDisagreed: options.mostDisagreed ?? 20,
      });
      const names = raterNames();
      const rater = (raterId: string): RaterRef => ({ id: Number(raterId), name: names.get(Number(raterId)) ?? '?' });
      const texts = queryTexts(task);
      const pairIndex = new Map(pairs.map((pair) => [`${pair.queryId}\t${pair.docId}`, pair.pairIndex]));
      const labels = new Map(consensusLabels(task, spec).map((label) => [label.pairIndex, label]));
      const dataset = store.datasets.list().find((row) => row.id === task.datasetId)!;
      const documents = await deps.search.documents(dataset.name, summary.mostDisagreed.map((pair) => pair.docId));
      return {
        task: { id: task.id, name: task.name, scale: spec.scale, rule: spec.consensus, overlap: spec.overlap },
        goldPairsExcluded: gold.length,
        overall: summary.overall,
        perQuery: summary.perQuery.map((row) => ({ ...row, query: texts.get(row.queryId) ?? '' })),
        perRaterPair: summary.perRaterPair.map(({ raterA, raterB, ...figures }) => ({ raterA: rater(raterA), raterB: rater(raterB), ...figures })),
        perRater: summary.perRater.map(({ raterId, ...figures }) => ({ ...rater(raterId), ...figures })),
        mostDisagreed: summary.mostDisagreed.map((pair) => {
          const index = pairIndex.get(`${pair.queryId}\t${pair.docId}`)!;
          return {
            pairIndex: index,
            queryId: pair.queryId,
            query: texts.get(pair.queryId) ?? '',
            docId: pair.docId,
            document: documents.get(pair.docId) ?? null,
            grades: pair.grades.map(({ raterId, grade }) => ({ ...rater(raterId), grade })),
            variance: pair.variance,
            range: pair.range,
            consensus: labels.get(index)!,
          };
        }),
      };
    },

    /** One consensus label per pair of the task, with the rule, the number of grades and whether a lead adjudicated. */
    consensus(id: number): TaskConsensus {
      const { task, spec } = requireTask(id);
      return { task: { id: task.id, name: task.name, rule: spec.consensus }, labels: consensusLabels(task, spec) };
    },

    /** A lead sets a pair's final label; the raters' own labels stay as they were. Deciding again replaces it. */
    adjudicate({ task: id, pairIndex, grade, note }: AdjudicateArgs, caller: Caller): ConsensusLabel {
      const { task, spec } = requireTask(id);
      if (caller.role !== 'lead') throw new AppError('FORBIDDEN', 'only a lead may adjudicate', { field: 'task' });
      if (!store.ratingTasks.pairs(task.id).some((pair) => pair.pairIndex === pairIndex)) {
        throw new AppError('NOT_FOUND', `task "${task.name}" has no pair ${pairIndex}`, { field: 'pairIndex' });
      }
      if (!levelsOf(spec).includes(grade)) {
        throw new AppError('INVALID_ARGS', `grade ${grade} is not on scale ${spec.scale.id} (${levelsOf(spec).join(', ')})`, { field: 'grade' });
      }
      store.adjudications.set({ taskId: task.id, pairIndex, grade, note: note ?? null, decidedBy: caller.name, decidedAt: ctx.now().toISOString() });
      ctx.events.changed('judgments');
      return consensusLabels(task, spec).find((label) => label.pairIndex === pairIndex)!;
    },

    /**
     * A task's consensus labels as relevance labels for evaluation. Gains start at 0 on the scale's
     * lowest level (on the 5-level scale, 1 "Highly irrelevant" is gain 0), so the lowest level never
     * counts as relevant; pairs without a consensus label are left out (unjudged).
     */
    consensusQrels(datasetId: number, id: number, filters: ConsensusFilters = {}): ConsensusQrels {
      const { task, spec } = requireTask(id);
      if (task.datasetId !== datasetId) throw new AppError('INVALID_ARGS', `rating task "${task.name}" rates another dataset`, { field: 'labels.task' });
      const lowest = Math.min(...levelsOf(spec));
      const kept = consensusLabels(task, spec).filter(
        (label) => label.label !== null && !(filters.excludeGold && label.gold) && (filters.minAgreement === undefined || label.agreement >= filters.minAgreement),
      );
      const rows = kept.map((label) => ({ queryId: label.queryId, docId: label.docId, relevance: label.label! - lowest }));
      const conditions = [filters.minAgreement === undefined ? null : `agreement ≥ ${filters.minAgreement}`, filters.excludeGold ? 'no gold pairs' : null].filter(Boolean);
      return { rows, label: `consensus of task "${task.name}" (${spec.consensus}${conditions.map((condition) => `, ${condition}`).join('')}, ${rows.length} labels)` };
    },
  };
}

export type AgreementService = ReturnType<typeof createAgreementService>;
