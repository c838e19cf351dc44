import type { Connection, Table } from '@lancedb/lancedb';
import fs from 'node:fs';
import path from 'node:path';
import { bundledDatasets } from './datasets/bundled';
import { appendToDataset, importDataset, removeOrphanedImports, type ImportContext, type ImportRequest } from './datasets/import-dataset';
import { AppError } from './errors';
import { browseDocuments, buildIndexes, openLance } from './index/document-table';
import { createJobRegistry, type JobSnapshot } from './jobs/jobs';
import { getModel, getSession, listModels, userModelsDir, type DeviceSetting, type InstalledModel, type SessionOptions } from './models';
import { bundledModelsDir } from './paths';
import { runVariant, type RankedDocument, type RankingContext } from './ranking/run-variant';
import { variantsService } from './ranking/variants-service';
import { toSearchResult, type SearchResponse } from './search/search-service';
import type { DatasetRow } from './store/datasets-table';
import { openStore, type Store } from './store/store';

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

export interface WorkbenchStatus {
  version: string;
  dataDir: string;
  /** False while the first-start import of the demo datasets is still running. */
  ready: boolean;
  jobs: JobSnapshot[];
}

export interface ModelSummary {
  id: string;
  source: 'bundled' | 'user';
  status: 'ready' | 'error';
  kind: string | null;
  name: string | null;
  dimensions: number | null;
  error: string | null;
}

export interface InferenceStatus {
  device: DeviceSetting;
  /** The execution provider sessions actually run on, e.g. cpu or cuda. */
  provider: string;
  /** Why `auto` fell back to CPU, when it did. */
  fallbackReason: string | null;
}

export interface WorkbenchOptions {
  dataDir: string;
  version?: string;
  /** Where models run: auto tries the platform's GPU provider and falls back to CPU. */
  device?: DeviceSetting;
  /** Row count from which vector columns get an IVF-PQ index; default ANN_MIN_ROWS. */
  annMinRows?: number;
}

export interface SearchArgs {
  dataset: string;
  text: string;
  k: number;
  variant: string;
  /** Also compute the ranking features of every result. */
  features?: boolean;
}

/** The core services behind every shell (Electron backend, HTTP server, CLI). */
export async function openWorkbench({ dataDir, version = '0.0.0', device = 'auto', annMinRows }: WorkbenchOptions) {
  fs.mkdirSync(dataDir, { recursive: true });
  const store: Store = openStore(dataDir);
  const lance: Connection = await openLance(dataDir);
  const modelFolders = { bundledModelsDir: bundledModelsDir(), userModelsDir: userModelsDir(dataDir) };
  const inferenceLog: string[] = [];
  const inference: SessionOptions = { device, log: (message) => inferenceLog.push(message) };
  // The registry re-checks a model folder on every lookup (~1 ms of file system calls); searches use the
  // model found first. A new folder is found at once; listing models re-reads changed ones.
  const loadedModels = new Map<string, Promise<InstalledModel>>();
  const loadModel = (id: string): Promise<InstalledModel> => {
    let model = loadedModels.get(id);
    if (!model) {
      model = getModel(id, modelFolders).catch((error: Error) => {
        loadedModels.delete(id);
        throw new AppError('NOT_FOUND', error.message, { field: 'model' });
      });
      loadedModels.set(id, model);
    }
    return model;
  };
  const importContext: ImportContext = { store, lance, mediaDir: path.join(dataDir, 'media'), loadModel, inference, annMinRows };
  await removeOrphanedImports(importContext);
  const jobs = createJobRegistry();
  const variants = variantsService(store);
  let setup: Promise<unknown> = Promise.resolve();
  let setupRunning = false;

  // Opening a LanceDB table reads its manifest; searches reuse one handle per table. Writers use their
  // own handles, so a dataset's handle is dropped after each write to make the next read see it.
  const openTables = new Map<string, Promise<Table>>();
  const openTable = (name: string): Promise<Table> => {
    let table = openTables.get(name);
    if (!table) {
      table = lance.openTable(name);
      openTables.set(name, table);
      table.catch(() => openTables.delete(name));
    }
    return table;
  };
  const forgetTable = (name: string | undefined): void => {
    if (name) openTables.delete(name);
  };

  const requireDataset = (name: string): DatasetRow => {
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
  const rankingContext = async (dataset: DatasetRow): Promise<RankingContext> => ({
    table: await openTable(dataset.lanceTable),
    datasetName: dataset.name,
    vectorColumns: dataset.vectorColumns,
    loadModel,
    inference,
    nowMs: Date.now(),
  });

  const workbench = {
    dataDir,
    mediaDir: importContext.mediaDir,
    jobs,
    variants,
    status: (): WorkbenchStatus => ({ version, dataDir, ready: !setupRunning, jobs: jobs.list() }),
    listDatasets: (): DatasetSummary[] => store.datasets.list().map(summarize),
    getDataset: (name: string) => requireDataset(name),
    listQueries: (name: string) => store.queries.list(requireDataset(name).id),
    listQrels: (name: string) => store.qrels.list(requireDataset(name).id),

    /** Starts an import job; resolve `finished` to wait for it (the CLI does, the UI follows events). */
    startImport(request: ImportRequest) {
      const started = jobs.start(`Import ${request.name}`, (report) => importDataset(importContext, request, report));
      const finished = started.finished.then(() => {
        jobs.emit({ type: 'datasets-changed' });
        return summarize(requireDataset(request.name));
      });
      return { job: started.job, finished: recordedOnJob(finished) };
    },

    /** Adds documents to an existing dataset (`request.name`) and updates its indexes incrementally. */
    startAppend(request: ImportRequest) {
      const started = jobs.start(`Add to ${request.name}`, (report) => appendToDataset(importContext, request, report));
      const finished = started.finished.finally(() => forgetTable(store.datasets.findByName(request.name)?.lanceTable)).then((added) => {
        jobs.emit({ type: 'datasets-changed' });
        return { added, dataset: summarize(requireDataset(request.name)) };
      });
      return { job: started.job, finished: recordedOnJob(finished) };
    },

    startReindex(name: string) {
      const dataset = requireDataset(name);
      return jobs.start(`Index ${name}`, async (report) => {
        const table = await lance.openTable(dataset.lanceTable);
        // Fold rows added since the last build into the indexes before rebuilding them.
        await table.optimize();
        const { ann } = await buildIndexes(table, { analyzer: dataset.analyzer, vectorColumns: dataset.vectorColumns, report, annMinRows });
        store.datasets.markIndexed(dataset.id, ann);
        forgetTable(dataset.lanceTable);
        jobs.emit({ type: 'datasets-changed' });
        return summarize(requireDataset(name));
      });
    },

    /** Imports the bundled demo datasets that are not imported yet; one failing does not stop the others. */
    ensureBundledDatasets(): Promise<unknown> {
      const missing = bundledDatasets().filter((request) => !store.datasets.findByName(request.name));
      if (missing.length === 0) return setup;
      setupRunning = true;
      setup = (async () => {
        const failures: string[] = [];
        for (const request of missing) {
          await workbench.startImport(request).finished.catch((error: Error) => failures.push(`${request.name}: ${error.message}`));
        }
        if (failures.length > 0) throw new Error(failures.join('; '));
      })().finally(() => {
        setupRunning = false;
      });
      return setup;
    },

    /** Runs a variant for one query, every result with its per-stage explanation. */
    async rank({ dataset: name, text, k, variant: variantName, features }: SearchArgs): Promise<{ dataset: DatasetRow; ranked: RankedDocument[] }> {
      const dataset = requireDataset(name);
      const variant = variants.get(variantName);
      const ranked = await runVariant(await rankingContext(dataset), variant, text, { k, withFeatures: features });
      return { dataset, ranked };
    },

    async search(args: SearchArgs): Promise<SearchResponse> {
      const started = performance.now();
      const { dataset, ranked } = await workbench.rank(args);
      return {
        dataset: dataset.name,
        layout: dataset.layout,
        variant: args.variant,
        text: args.text,
        tookMs: performance.now() - started,
        results: ranked.map((result) => toSearchResult(result.doc, result.rank, result.score, dataset.lanceTable, result.explanation)),
      };
    },

    async browse({ dataset: name, limit, offset }: { dataset: string; limit: number; offset: number }): Promise<SearchResponse> {
      const dataset = requireDataset(name);
      const started = performance.now();
      const docs = await browseDocuments(await openTable(dataset.lanceTable), limit, offset);
      return {
        dataset: name,
        layout: dataset.layout,
        variant: null,
        text: '',
        tookMs: performance.now() - started,
        results: docs.map((doc, index) => toSearchResult(doc, offset + index + 1, null, dataset.lanceTable)),
      };
    },

    async listModels(): Promise<ModelSummary[]> {
      loadedModels.clear();
      return (await listModels(modelFolders)).map((listing) => ({
        id: listing.id,
        source: listing.source,
        status: listing.status,
        kind: listing.status === 'ready' ? listing.model.manifest.kind : null,
        name: listing.status === 'ready' ? (listing.model.manifest.name ?? null) : null,
        dimensions: listing.status === 'ready' && listing.model.manifest.kind === 'bi-encoder' ? listing.model.manifest.dimensions : null,
        error: listing.status === 'error' ? listing.error : null,
      }));
    },

    /** Which execution provider models run on, found by opening the bundled encoder's session. */
    async inferenceStatus(): Promise<InferenceStatus> {
      const session = await getSession(await loadModel('glove-100d'), inference);
      return { device, provider: session.provider, fallbackReason: session.fallbackReason ?? null };
    },

    /** Resolves a media route path to a file inside the media folder, refusing anything that escapes it. */
    resolveMediaFile(relative: string): string | null {
      const file = path.resolve(importContext.mediaDir, relative);
      if (!file.startsWith(importContext.mediaDir + path.sep) || !fs.existsSync(file) || !fs.statSync(file).isFile()) return null;
      return file;
    },

    async close(): Promise<void> {
      await setup.catch(() => undefined);
      lance.close();
      store.close();
    },
  };
  return workbench;
}

export type Workbench = Awaited<ReturnType<typeof openWorkbench>>;

/**
 * A job's failure is already recorded on the job (and sent to the UI); callers that start a job and
 * never wait for it, like the API handlers, must not turn it into an unhandled rejection that ends the process.
 */
function recordedOnJob<T>(finished: Promise<T>): Promise<T> {
  finished.catch(() => undefined);
  return finished;
}
