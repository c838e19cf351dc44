import type { RuntimeContext } from '../context/runtime-context';
import { readQuerySet } from '../datasets/query-set-format';
import type { DatasetsService } from '../datasets/service';
import type { Caller } from '../runtime/caller';
import { AppError } from '../runtime/errors';
import type { DatasetRow } from '../store/datasets-table';
import type { QuerySetQueryRow, QuerySetRow } from '../store/query-sets-table';
import { querySetHash } from './query-set-hash';

/** Where a query set's queries come from. */
export type QuerySetSource =
  | { kind: 'dataset' }
  | { kind: 'list'; lines: string[] }
  | { kind: 'file'; path: string };

export interface QuerySetSummary {
  id: number;
  dataset: string;
  name: string;
  origin: unknown;
  contentHash: string;
  queryCount: number;
  /** Used by a rating task: then it never changes (copy it to change it). */
  locked: boolean;
  createdAt: string;
  createdBy: string;
}

export const QUERY_SET_NAME_PATTERN = /^\S(?:.{0,78}\S)?$/u;

type NewQuery = Omit<QuerySetQueryRow, 'position'>;

/** Pasted lines: `id<TAB>text`, or just the text (then the id is its line number). */
function queriesFromLines(lines: readonly string[]): NewQuery[] {
  const queries: NewQuery[] = [];
  lines.forEach((line, index) => {
    if (line.trim() === '') return;
    const tab = line.indexOf('\t');
    const [queryId, text] = tab > 0 ? [line.slice(0, tab).trim(), line.slice(tab + 1).trim()] : [String(index + 1), line.trim()];
    if (text === '') throw new AppError('INVALID_ARGS', `line ${index + 1}: query text is empty`, { line: index + 1, field: 'text' });
    queries.push({ queryId, text, stratum: null });
  });
  return queries;
}

/**
 * Query sets: the queries a rating task (or a run) covers. Seeded samples and pasted lists are recorded
 * with how they were made and a content hash; nothing edits a set in place.
 */
export function createQuerySetsService(ctx: RuntimeContext, { datasets }: { datasets: DatasetsService }) {
  const { store } = ctx;
  const summarize = (row: QuerySetRow, dataset: DatasetRow): QuerySetSummary => ({
    id: row.id,
    dataset: dataset.name,
    name: row.name,
    origin: row.origin,
    contentHash: row.contentHash,
    queryCount: store.querySets.queries(row.id).length,
    locked: store.ratingTasks.querySetInUse(row.id),
    createdAt: row.createdAt,
    createdBy: row.createdBy,
  });
  const requireSet = (id: number): QuerySetRow => {
    const row = store.querySets.find(id);
    if (!row) throw new AppError('NOT_FOUND', `no query set with id ${id}`, { field: 'querySet' });
    return row;
  };
  const datasetOf = (row: QuerySetRow): DatasetRow => store.datasets.list().find((dataset) => dataset.id === row.datasetId)!;

  const resolveSource = async (dataset: DatasetRow, source: QuerySetSource): Promise<NewQuery[]> => {
    if (source.kind === 'dataset') return store.queries.list(dataset.id).map((query) => ({ queryId: query.queryId, text: query.text, stratum: null }));
    if (source.kind === 'list') return queriesFromLines(source.lines);
    return (await readQuerySet(source.path)).map((entry) => ({ queryId: entry.queryId, text: entry.text, stratum: entry.segment }));
  };

  const service = {
    list: (datasetName: string): QuerySetSummary[] => {
      const dataset = datasets.require(datasetName);
      return store.querySets.list(dataset.id).map((row) => summarize(row, dataset));
    },
    get: (id: number): QuerySetSummary => {
      const row = requireSet(id);
      return summarize(row, datasetOf(row));
    },
    queries: (id: number): QuerySetQueryRow[] => store.querySets.queries(requireSet(id).id),
    require: requireSet,

    /** Stores a set of queries with how it was made; `origin` records the source (and a sample's method and seed). */
    save(
      { dataset: datasetName, name, queries, origin }: { dataset: string; name: string; queries: readonly NewQuery[]; origin: unknown },
      caller: Caller,
    ): QuerySetSummary {
      const dataset = datasets.require(datasetName);
      if (!QUERY_SET_NAME_PATTERN.test(name)) throw new AppError('INVALID_ARGS', `query set name "${name}" must be 1-80 characters`, { field: 'name' });
      if (store.querySets.findByName(dataset.id, name)) throw new AppError('ALREADY_EXISTS', `dataset "${dataset.name}" already has a query set named "${name}"`, { field: 'name' });
      if (queries.length === 0) throw new AppError('INVALID_ARGS', 'a query set needs at least one query', { field: 'queries' });
      const seen = new Set<string>();
      for (const query of queries) {
        if (seen.has(query.queryId)) throw new AppError('INVALID_ARGS', `query id "${query.queryId}" appears twice`, { field: 'queries' });
        seen.add(query.queryId);
      }
      const id = store.transaction(() =>
        store.querySets.insert({ datasetId: dataset.id, name, origin, contentHash: querySetHash(queries.map((query) => query.text)), createdBy: caller.name }, queries, ctx.now().toISOString()),
      );
      ctx.events.changed('query-sets');
      return summarize(requireSet(id), dataset);
    },

    async create({ dataset: datasetName, name, source }: { dataset: string; name: string; source: QuerySetSource }, caller: Caller): Promise<QuerySetSummary> {
      const dataset = datasets.require(datasetName);
      const queries = await resolveSource(dataset, source);
      const origin = source.kind === 'list' ? { kind: 'list' } : source;
      return service.save({ dataset: dataset.name, name, queries, origin }, caller);
    },

    /** A copy under a new name (the way to change a locked set): same queries unless new ones are given. */
    copy({ id, name, lines }: { id: number; name: string; lines?: string[] }, caller: Caller): QuerySetSummary {
      const source = requireSet(id);
      const queries = lines ? queriesFromLines(lines) : store.querySets.queries(id).map(({ queryId, text, stratum }) => ({ queryId, text, stratum }));
      return service.save({ dataset: datasetOf(source).name, name, queries, origin: { kind: 'copy', of: source.id, ofHash: source.contentHash } }, caller);
    },

    remove(id: number): { deleted: number } {
      const row = requireSet(id);
      if (store.ratingTasks.querySetInUse(row.id)) throw new AppError('CONFLICT', `query set "${row.name}" is used by a rating task`, { field: 'querySet' });
      store.querySets.remove(row.id);
      ctx.events.changed('query-sets');
      return { deleted: 1 };
    },
  };
  return service;
}

export type QuerySetsService = ReturnType<typeof createQuerySetsService>;
