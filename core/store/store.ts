import path from 'node:path';
import { openDatabase, type Db } from './database';
import { datasetsTable } from './datasets-table';
import { declinedDemosTable } from './declined-demos-table';
import { qrelsTable } from './qrels-table';
import { queriesTable } from './queries-table';
import { runQueriesTable } from './run-queries-table';
import { runResultsTable } from './run-results-table';
import { runsTable } from './runs-table';
import { variantsTable } from './variants-table';

export type Store = ReturnType<typeof createStore>;

export const DATABASE_FILE = 'workbench.sqlite';

export function openStore(dataDir: string): Store {
  return createStore(openDatabase(path.join(dataDir, DATABASE_FILE)));
}

export function createStore(db: Db) {
  return {
    datasets: datasetsTable(db),
    queries: queriesTable(db),
    qrels: qrelsTable(db),
    variants: variantsTable(db),
    runs: runsTable(db),
    runQueries: runQueriesTable(db),
    runResults: runResultsTable(db),
    declinedDemos: declinedDemosTable(db),
    /** Runs `work` in one transaction: all of it is written, or none. */
    transaction: <T>(work: () => T): T => db.transaction(work)(),
    close: (): void => {
      db.close();
    },
  };
}
