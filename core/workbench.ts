import type { Connection } from '@lancedb/lancedb';
import fs from 'node:fs';
import path from 'node:path';
import { bundledDatasets } from './datasets/bundled';
import { importDataset, removeOrphanedImports, type ImportContext, type ImportRequest } from './datasets/import-dataset';
import { AppError } from './errors';
import { browseDocuments, buildTextIndex, openLance, searchText } from './index/document-table';
import { createJobRegistry, type JobSnapshot } from './jobs/jobs';
import { rankByScore, toSearchResult, type SearchResponse } from './search/search-service';
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
}

export interface WorkbenchStatus {
  version: string;
  dataDir: string;
  /** False while the first-start import of the demo datasets is still running. */
  ready: boolean;
  jobs: JobSnapshot[];
}

export interface WorkbenchOptions {
  dataDir: string;
  version?: string;
}

/** The core services behind every shell (Electron backend, HTTP server, CLI). */
export async function openWorkbench({ dataDir, version = '0.0.0' }: WorkbenchOptions) {
  fs.mkdirSync(dataDir, { recursive: true });
  const store: Store = openStore(dataDir);
  const lance: Connection = await openLance(dataDir);
  const importContext: ImportContext = { store, lance, mediaDir: path.join(dataDir, 'media') };
  await removeOrphanedImports(importContext);
  const jobs = createJobRegistry();
  let setup: Promise<unknown> = Promise.resolve();
  let setupRunning = false;

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
  });

  const workbench = {
    dataDir,
    mediaDir: importContext.mediaDir,
    jobs,
    status: (): WorkbenchStatus => ({ version, dataDir, ready: !setupRunning, jobs: jobs.list() }),
    listDatasets: (): DatasetSummary[] => store.datasets.list().map(summarize),
    getDataset: (name: string) => requireDataset(name),

    /** Starts an import job; resolve `finished` to wait for it (the CLI does, the UI follows events). */
    startImport(request: ImportRequest) {
      const started = jobs.start(`Import ${request.name}`, (report) => importDataset(importContext, request, report));
      return {
        job: started.job,
        finished: started.finished.then(() => {
          jobs.emit({ type: 'datasets-changed' });
          return summarize(requireDataset(request.name));
        }),
      };
    },

    startReindex(name: string) {
      const dataset = requireDataset(name);
      return jobs.start(`Index ${name}`, async (report) => {
        report('building BM25 index', 0, 1);
        await buildTextIndex(await lance.openTable(dataset.lanceTable));
        store.datasets.markIndexed(dataset.id);
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

    async search({ dataset: name, text, k }: { dataset: string; text: string; k: number }): Promise<SearchResponse> {
      const dataset = requireDataset(name);
      const started = performance.now();
      const table = await lance.openTable(dataset.lanceTable);
      const hits = rankByScore(await searchText(table, text, k));
      return {
        dataset: name,
        layout: dataset.layout,
        text,
        tookMs: performance.now() - started,
        results: hits.map((hit, index) => toSearchResult(hit, index + 1, hit.score, dataset.lanceTable)),
      };
    },

    async browse({ dataset: name, limit, offset }: { dataset: string; limit: number; offset: number }): Promise<SearchResponse> {
      const dataset = requireDataset(name);
      const started = performance.now();
      const docs = await browseDocuments(await lance.openTable(dataset.lanceTable), limit, offset);
      return {
        dataset: name,
        layout: dataset.layout,
        text: '',
        tookMs: performance.now() - started,
        results: docs.map((doc, index) => toSearchResult(doc, offset + index + 1, null, dataset.lanceTable)),
      };
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
