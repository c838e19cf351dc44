import type { Connection, Table } from '@lancedb/lancedb';
import fs from 'node:fs';
import path from 'node:path';
import { openLance } from '../index/document-table';
import { getModel, userModelsDir, type InstalledModel, type ModelFolders, type SessionOptions } from '../models';
import type { WorkbenchConfig } from '../runtime/config';
import { AppError } from '../runtime/errors';
import { createEventBus, type EventBus } from '../runtime/events';
import { createJobRegistry, type JobRegistry } from '../runtime/jobs';
import { createPromiseCache } from '../runtime/memo';
import { bundledModelsDir } from '../runtime/paths';
import { openStore, type Store } from '../store/store';
import { claimDataDir, dataDirBusyError, type DataDirAccess } from '../store/writer-lock';

/**
 * What every feature service is built on: the stores, the caches over them, jobs, events and the clock.
 * Built once per process by the composition root (core/workbench.ts) and handed to each service.
 */
export interface RuntimeContext {
  config: WorkbenchConfig;
  store: Store;
  lance: Connection;
  /**
   * 'write' when this process holds the data dir's writer lock; 'read' while another process does. A
   * reader lists, searches and evaluates, never writes, and never cleans up (it could be live work).
   */
  access: DataDirAccess['mode'];
  /** Throws the "app is running" error in a reader; call it before a write starts. */
  assertWritable(): void;
  /** Where copied, sanitized dataset images live: `<mediaDir>/<lance table>/<image path>`. */
  mediaDir: string;
  modelFolders: ModelFolders;
  /** Device for model inference. */
  inference: SessionOptions;
  events: EventBus;
  jobs: JobRegistry;
  now: () => Date;
  /** A model found once is reused; `forgetModels` makes the next lookup re-read the folders. */
  loadModel(id: string): Promise<InstalledModel>;
  forgetModels(): void;
  /**
   * One LanceDB handle per table for reads (opening one reads its manifest). Writers use their own
   * handles, so a table's read handle is dropped after each write to make the next read see it.
   */
  openTable(name: string): Promise<Table>;
  forgetTable(name: string): void;
  close(): Promise<void>;
}

export async function openRuntimeContext(config: WorkbenchConfig, now: () => Date = () => new Date()): Promise<RuntimeContext> {
  fs.mkdirSync(config.dataDir, { recursive: true });
  const access = claimDataDir(config.dataDir);
  const refusal = () => dataDirBusyError(access.mode === 'read' ? access.writerPid : null);
  const release = () => (access.mode === 'write' ? access.release() : undefined);
  let store: Store;
  try {
    store = openStore(config.dataDir, access.mode === 'read' ? { readOnly: { refusal } } : {});
  } catch (error) {
    release();
    throw error;
  }
  const lance = await openLance(config.dataDir).catch((error: unknown) => {
    store.close();
    release();
    throw error;
  });
  const modelFolders: ModelFolders = { bundledModelsDir: bundledModelsDir(), userModelsDir: userModelsDir(config.dataDir) };
  const models = createPromiseCache<string, InstalledModel>();
  const tables = createPromiseCache<string, Table>();
  const events = createEventBus();
  return {
    config,
    store,
    lance,
    access: access.mode,
    assertWritable() {
      if (access.mode === 'read') throw refusal();
    },
    mediaDir: path.join(config.dataDir, 'media'),
    modelFolders,
    inference: { device: config.device },
    events,
    jobs: createJobRegistry(events, now),
    now,
    loadModel: (id) =>
      models.get(id, () =>
        getModel(id, modelFolders).catch((error: Error) => {
          throw error instanceof AppError ? error : new AppError('MODEL_INVALID', error.message, { field: 'model' });
        }),
      ),
    forgetModels: () => void models.clear(),
    openTable: (name) => tables.get(name, () => lance.openTable(name)),
    forgetTable: (name) => tables.forget(name),
    async close() {
      lance.close();
      store.close();
      release();
    },
  };
}
