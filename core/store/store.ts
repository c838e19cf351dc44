import path from 'node:path';
import type { AppError } from '../runtime/errors';
import { isReadOnlyError, openDatabase, type Db } from './database';
import { adjudicationsTable } from './adjudications-table';
import { datasetsTable } from './datasets-table';
import { declinedDemosTable } from './declined-demos-table';
import { operationsTable } from './operations-table';
import { qrelsTable } from './qrels-table';
import { queriesTable } from './queries-table';
import { runQueriesTable } from './run-queries-table';
import { runResultsTable } from './run-results-table';
import { runsTable } from './runs-table';
import { variantsTable } from './variants-table';
import { judgmentsTable } from './judgments-table';
import { judgmentImportsTable } from './judgment-imports-table';
import { importedJudgmentsTable } from './imported-judgments-table';
import { querySetsTable } from './query-sets-table';
import { ratersTable } from './raters-table';
import { ratingTasksTable } from './rating-tasks-table';
import { comparisonsTable } from './comparisons-table';
import { comparisonPreferencesTable } from './comparison-preferences-table';
import { interleavingClicksTable } from './interleaving-clicks-table';

export type Store = ReturnType<typeof createStore>;

export const DATABASE_FILE = 'workbench.sqlite';

/** `readOnly`: another process writes this data dir; every write is refused with `readOnly.refusal()`. */
export function openStore(dataDir: string, options: { readOnly?: { refusal: () => AppError } } = {}): Store {
  return createStore(openDatabase(path.join(dataDir, DATABASE_FILE), options), options.readOnly?.refusal);
}

export function createStore(db: Db, refusal?: () => AppError) {
  const table = <T extends object>(methods: T): T => (refusal ? refusingWrites(methods, refusal) : methods);
  return {
    datasets: table(datasetsTable(db)),
    queries: table(queriesTable(db)),
    qrels: table(qrelsTable(db)),
    variants: table(variantsTable(db)),
    runs: table(runsTable(db)),
    runQueries: table(runQueriesTable(db)),
    runResults: table(runResultsTable(db)),
    declinedDemos: table(declinedDemosTable(db)),
    operations: table(operationsTable(db)),
    raters: table(ratersTable(db)),
    querySets: table(querySetsTable(db)),
    ratingTasks: table(ratingTasksTable(db)),
    judgments: table(judgmentsTable(db)),
    adjudications: table(adjudicationsTable(db)),
    comparisons: table(comparisonsTable(db)),
    comparisonPreferences: table(comparisonPreferencesTable(db)),
    interleavingClicks: table(interleavingClicksTable(db)),
    judgmentImports: table(judgmentImportsTable(db)),
    importedJudgments: table(importedJudgmentsTable(db)),
    /** Runs `work` in one transaction: all of it is written, or none. */
    transaction: <T>(work: () => T): T => db.transaction(work)(),
    close: (): void => {
      db.close();
    },
  };
}

/** A read-only connection fails writes with SQLite's "readonly database"; users get the reason instead. */
function refusingWrites<T extends object>(methods: T, refusal: () => AppError): T {
  const wrapped = Object.entries(methods).map(([name, method]: [string, (...args: unknown[]) => unknown]) => [
    name,
    (...args: unknown[]) => {
      try {
        return method(...args);
      } catch (error) {
        throw isReadOnlyError(error) ? refusal() : error;
      }
    },
  ]);
  return Object.fromEntries(wrapped) as T;
}
