import type { RuntimeContext } from '../context/runtime-context';
import { buildIndexes, KEEP_ALL_VERSIONS, pruneOldVersions, restoreVersion } from '../index/document-table';
import { resolveInsideFolder } from '../media/media-file';
import { AppError } from '../runtime/errors';
import { recordedOnJob } from '../runtime/jobs';
import type { DatasetRow } from '../store/datasets-table';
import type { QrelRow } from '../store/qrels-table';
import type { QueryRow } from '../store/queries-table';
import { bundledDatasets } from './bundled';
import { appendToDataset, checkImportRequest, importDataset, type ImportContext, type ImportRequest } from './import-dataset';
import { crashPoint, dropTableAndMedia, recoverInterruptedOperations, removeOrphanedImports, reportingCrashPoints } from './recovery';

export interface DatasetSummary {
  name: string;
  layout: DatasetRow['layout'];
  format: string;
  docCount: number;
  queryCount: number;
  qrelCount: number;
  createdAt: string;
  indexedAt: string | null;
  denseModels: string[];
  annIndex: boolean;
}

export interface DatasetsServiceOptions {
  /** Documents per LanceDB write during imports (tests make it small to get many batches). */
  importBatchSize?: number;
}

/** Datasets: import, append, re-index, delete, and what they hold (queries, qrels, media). */
export async function createDatasetsService(ctx: RuntimeContext, options: DatasetsServiceOptions = {}) {
  const { store, jobs, events } = ctx;
  const importContext: ImportContext = {
    store,
    lance: ctx.lance,
    mediaDir: ctx.mediaDir,
    loadModel: ctx.loadModel,
    inference: ctx.inference,
    annMinRows: ctx.config.annMinRows,
    batchSize: options.importBatchSize,
    now: ctx.now,
  };
  // Only the writer: in a reader, an unfinished operation or an unowned table is the writer's live work.
  if (ctx.access === 'write') {
    await recoverInterruptedOperations(importContext);
    await removeOrphanedImports(importContext);
  }
  // Writes to one dataset run one after another: a rollback to the version before one must not undo another.
  const writesByDataset = new Map<string, Promise<unknown>>();
  const serialized = <T>(name: string, work: () => Promise<T>): Promise<T> => {
    const previous = writesByDataset.get(name) ?? Promise.resolve();
    const next = previous.catch(() => undefined).then(work);
    writesByDataset.set(name, next);
    void next.catch(() => undefined).then(() => {
      if (writesByDataset.get(name) === next) writesByDataset.delete(name);
    });
    return next;
  };
  let setup: Promise<unknown> = Promise.resolve();
  let setupRunning = false;

  const require = (name: string): DatasetRow => {
    const dataset = store.datasets.findByName(name);
    if (!dataset) throw new AppError('NOT_FOUND', `no dataset named "${name}"`, { field: 'dataset' });
    return dataset;
  };
  const summarize = (row: DatasetRow): DatasetSummary => ({
    name: row.name,
    layout: row.layout,
    format: row.format,
    docCount: row.docCount,
    queryCount: store.queries.count(row.id),
    qrelCount: store.qrels.count(row.id),
    createdAt: row.createdAt,
    indexedAt: row.indexedAt,
    denseModels: row.vectorColumns.map((column) => column.model),
    annIndex: row.annIndex,
  });
  const changed = () => events.changed('datasets');

  const service = {
    list: (): DatasetSummary[] => store.datasets.list().map(summarize),
    summary: (name: string): DatasetSummary => summarize(require(name)),
    require,
    queries: (name: string): QueryRow[] => store.queries.list(require(name).id),
    qrels: (name: string): QrelRow[] => store.qrels.list(require(name).id),
    /** False while the first-start import of the demo datasets is still running. */
    ready: (): boolean => !setupRunning,

    /** Starts an import job; resolve `finished` to wait for it (the CLI does, the UI follows events). */
    startImport(request: ImportRequest) {
      // A request that cannot work fails here, before a job exists, so the form can say why at once.
      ctx.assertWritable();
      checkImportRequest(store, request);
      const started = jobs.start(`Import ${request.name}`, (report) => serialized(request.name, () => importDataset(importContext, request, report)));
      const finished = started.finished.then(() => {
        changed();
        return summarize(require(request.name));
      });
      return { job: started.job, finished: recordedOnJob(finished) };
    },

    /** Adds documents to an existing dataset (`request.name`) and updates its indexes incrementally. */
    startAppend(request: ImportRequest) {
      ctx.assertWritable();
      const started = jobs.start(`Add to ${request.name}`, (report) => serialized(request.name, () => appendToDataset(importContext, request, report)));
      const finished = started.finished
        .finally(() => {
          const table = store.datasets.findByName(request.name)?.lanceTable;
          if (table) ctx.forgetTable(table);
        })
        .then((added) => {
          changed();
          return { added, dataset: summarize(require(request.name)) };
        });
      return { job: started.job, finished: recordedOnJob(finished) };
    },

    /** Rebuilds a dataset's indexes; a failure or a crash leaves the indexes it had before. */
    startReindex(name: string) {
      ctx.assertWritable();
      const dataset = require(name);
      const started = jobs.start(`Index ${name}`, (report) =>
        serialized(name, async () => {
          const table = await ctx.lance.openTable(dataset.lanceTable);
          const versionBefore = await table.version();
          const operation = store.operations.begin({ dataset: name, kind: 'reindex', lanceTable: dataset.lanceTable, versionBefore, startedAt: ctx.now().toISOString() });
          try {
            // Fold rows added since the last build into the indexes before rebuilding them.
            await table.optimize(KEEP_ALL_VERSIONS);
            const reportStep = reportingCrashPoints('reindex', report);
            const { ann } = await buildIndexes(table, { analyzer: dataset.analyzer, vectorColumns: dataset.vectorColumns, report: reportStep, annMinRows: ctx.config.annMinRows });
            store.transaction(() => {
              store.datasets.markIndexed(dataset.id, ann);
              store.operations.finish(operation);
            });
          } catch (error) {
            await restoreVersion(table, versionBefore);
            store.operations.finish(operation);
            throw error;
          } finally {
            ctx.forgetTable(dataset.lanceTable);
          }
          // Housekeeping after the commit: failing it must not report the committed re-index as failed.
          await pruneOldVersions(table).catch(() => undefined);
          changed();
          return summarize(require(name));
        }),
      );
      return { job: started.job, finished: recordedOnJob(started.finished) };
    },

    /**
     * Deletes a dataset with everything that belongs to it. The SQLite rows go first, in one
     * transaction with the removal's recorded operation (after it, the dataset no longer exists for any
     * reader); the LanceDB table and the media folder follow, and a crash between is finished at the
     * next start.
     */
    async remove(name: string): Promise<{ deleted: string }> {
      ctx.assertWritable();
      return serialized(name, async () => {
        const dataset = require(name);
        // Judgments are people's work: deleting the dataset would cascade them away unseen.
        const rated = store.judgments.tasksOfDataset(dataset.id);
        if (rated.length > 0) {
          const tasks = rated.map((task) => `"${task.name}" (${task.judgments} judgments)`).join(', ');
          throw new AppError('CONFLICT', `dataset "${name}" is not deleted: it holds the judgments of rating task${rated.length > 1 ? 's' : ''} ${tasks}, which would be lost`, { field: 'name' });
        }
        const isDemo = bundledDatasets().some((demo) => demo.name === name);
        const operation = store.transaction(() => {
          store.datasets.remove(dataset.id);
          if (isDemo) store.declinedDemos.decline(name, ctx.now().toISOString());
          return store.operations.begin({ dataset: name, kind: 'remove', lanceTable: dataset.lanceTable, versionBefore: null, startedAt: ctx.now().toISOString() });
        });
        crashPoint('remove:after-commit');
        ctx.forgetTable(dataset.lanceTable);
        await dropTableAndMedia(importContext, dataset.lanceTable);
        store.operations.finish(operation);
        changed();
        return { deleted: name };
      });
    },

    /**
     * Imports the bundled demo datasets that are not imported yet and were never deleted by the user;
     * one failing does not stop the others.
     */
    ensureBundledDatasets(): Promise<unknown> {
      // A reader shows what the writer has; the writer imports the demos.
      if (ctx.access === 'read') return setup;
      const declined = store.declinedDemos.names();
      const missing = bundledDatasets().filter((request) => !declined.has(request.name) && !store.datasets.findByName(request.name));
      if (missing.length === 0) return setup;
      setupRunning = true;
      setup = (async () => {
        const failures: string[] = [];
        for (const request of missing) {
          await service.startImport(request).finished.catch((error: Error) => failures.push(`${request.name}: ${error.message}`));
        }
        if (failures.length > 0) throw new AppError('INTERNAL', failures.join('; '));
      })().finally(() => {
        setupRunning = false;
      });
      return setup;
    },

    /** The real path of a regular file inside the media folder for a media route path; null for `..`, symlinks out, directories. */
    resolveMediaFile(relative: string): string | null {
      return resolveInsideFolder(ctx.mediaDir, relative);
    },

    /** Waits for the first-start import, so closing never cuts it off mid-write. */
    settled: (): Promise<unknown> => setup.catch(() => undefined),
  };
  return service;
}

export type DatasetsService = Awaited<ReturnType<typeof createDatasetsService>>;

