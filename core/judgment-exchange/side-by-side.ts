/**
 * Document preferences from side-by-side comparisons. A rater who prefers side A's list for a query
 * says something about the documents that differ between the two lists they were shown: each document
 * only in A's top k is preferred over each document only in B's. Shared documents, and "about the
 * same", say nothing. Preferences come from the stored answers and their stored rater ids only.
 */
import type { RuntimeContext } from '../context/runtime-context';
import { AppError } from '../runtime/errors';
import type { ComparisonRow } from '../store/comparisons-table';
import type { PreferenceRecord } from './formats/writers';

export interface SideBySideAnswer {
  comparisonId: number;
  queryId: string;
  rater: string;
  /** In A/B terms: 2 = A much better … -2 = B much better. */
  preference: number;
  updatedAt: string;
}

/** The document preferences one answer implies, given the two lists as shown (each side's top `depth`). */
export function documentPreferences(answer: SideBySideAnswer, listA: readonly string[], listB: readonly string[], depth: number): PreferenceRecord[] {
  if (answer.preference === 0) return [];
  const shownA = listA.slice(0, depth);
  const shownB = listB.slice(0, depth);
  const [winner, loser] = answer.preference > 0 ? [shownA, shownB] : [shownB, shownA];
  const preferred = winner.filter((docId) => !loser.includes(docId));
  const other = loser.filter((docId) => !winner.includes(docId));
  const strength = Math.abs(answer.preference);
  return preferred.flatMap((docId) => other.map((otherId) => ({ queryId: answer.queryId, preferred: docId, other: otherId, rater: answer.rater, comparisonId: answer.comparisonId, strength })));
}

export interface SideBySideFilters {
  /** Only this comparison's answers. */
  comparison?: number;
  /** Only comparisons whose hidden rating task is this one. */
  task?: number;
  rater?: string;
  from?: string;
  to?: string;
}

/** The dataset's side-by-side comparisons an export covers (one, with `comparison`). */
export function sideBySideComparisons(ctx: RuntimeContext, datasetId: number, datasetName: string, filters: Pick<SideBySideFilters, 'comparison' | 'task'>): ComparisonRow[] {
  const { store } = ctx;
  if (filters.comparison !== undefined) {
    const row = store.comparisons.find(filters.comparison);
    if (!row || row.datasetId !== datasetId) throw new AppError('NOT_FOUND', `dataset "${datasetName}" has no comparison ${filters.comparison}`, { field: 'comparison' });
    if ((row.spec as { mode: string }).mode !== 'side-by-side') {
      throw new AppError('INVALID_ARGS', `comparison "${row.name}" is an interleaving comparison: it has no side-by-side preferences`, { field: 'comparison' });
    }
    if (filters.task !== undefined && row.taskId !== filters.task) {
      throw new AppError('INVALID_ARGS', `comparison ${row.id}'s rating task is ${row.taskId ?? 'deleted'}, not task ${filters.task}`, { field: 'comparison' });
    }
    return [row];
  }
  return store.comparisons
    .list()
    .filter((row) => row.datasetId === datasetId && (row.spec as { mode: string }).mode === 'side-by-side' && (filters.task === undefined || row.taskId === filters.task));
}

/** Every document preference the stored side-by-side answers of these comparisons imply, after the filters. */
export function sideBySidePreferences(ctx: RuntimeContext, comparisons: readonly ComparisonRow[], filters: SideBySideFilters): PreferenceRecord[] {
  const { store } = ctx;
  const raters = new Map(store.raters.list().map((rater) => [rater.id, rater.name]));
  return comparisons.flatMap((row) => {
    const depth = (row.spec as { depth: number }).depth;
    const lists = new Map(store.comparisons.queries(row.id).map((query) => [query.queryId, query]));
    return store.comparisonPreferences.forComparison(row.id).flatMap((stored) => {
      const answer: SideBySideAnswer = { comparisonId: row.id, queryId: stored.queryId, rater: raters.get(stored.raterId) ?? `rater ${stored.raterId}`, preference: stored.preference, updatedAt: stored.updatedAt };
      if (filters.rater !== undefined && answer.rater !== filters.rater) return [];
      if (filters.from !== undefined && answer.updatedAt < filters.from) return [];
      if (filters.to !== undefined && answer.updatedAt.slice(0, filters.to.length) > filters.to) return [];
      const query = lists.get(stored.queryId);
      return query ? documentPreferences(answer, query.listA, query.listB, depth) : [];
    });
  });
}
