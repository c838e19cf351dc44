import fs from 'node:fs';
import path from 'node:path';
import { restoreVersion } from '../index/document-table';
import type { ProgressReporter } from '../runtime/jobs';
import type { OperationRow } from '../store/operations-table';
import type { ImportContext } from './import-dataset';

type RecoveryContext = Pick<ImportContext, 'store' | 'lance' | 'mediaDir'>;

/**
 * Finishes what a killed process left: each operation still recorded is rolled back (an import's
 * table dropped, an append's or re-index's table restored to its version before) or, for a removal
 * that already committed in SQLite, carried forward. Only the data dir's writer may run this.
 */
export async function recoverInterruptedOperations(ctx: RecoveryContext): Promise<OperationRow[]> {
  const interrupted = ctx.store.operations.list();
  for (const operation of interrupted) {
    if (operation.kind === 'import' || operation.kind === 'remove') {
      await dropTableAndMedia(ctx, operation.lanceTable);
    } else if (operation.versionBefore !== null && (await ctx.lance.tableNames()).includes(operation.lanceTable)) {
      await restoreVersion(await ctx.lance.openTable(operation.lanceTable), operation.versionBefore);
    }
    ctx.store.operations.finish(operation.id);
  }
  return interrupted;
}

export async function dropTableAndMedia(ctx: RecoveryContext, lanceTable: string): Promise<void> {
  if ((await ctx.lance.tableNames()).includes(lanceTable)) await ctx.lance.dropTable(lanceTable);
  fs.rmSync(path.join(ctx.mediaDir, lanceTable), { recursive: true, force: true });
}

/**
 * Drops LanceDB tables and media folders that no dataset row owns: what a crash left before operations
 * were recorded (databases older than migration 5). Only the writer may run this: a reader cannot tell
 * leftovers from the live import of the process that writes.
 */
export async function removeOrphanedImports(ctx: RecoveryContext): Promise<void> {
  const owned = new Set(ctx.store.datasets.list().map((dataset) => dataset.lanceTable));
  for (const table of await ctx.lance.tableNames()) {
    if (table.startsWith('ds_') && !owned.has(table)) await ctx.lance.dropTable(table);
  }
  if (fs.existsSync(ctx.mediaDir)) {
    for (const folder of fs.readdirSync(ctx.mediaDir)) {
      if (!owned.has(folder)) fs.rmSync(path.join(ctx.mediaDir, folder), { recursive: true, force: true });
    }
  }
}

/**
 * Test hook for crash and concurrency tests: at the named point the process kills itself
 * (RELWB_TEST_CRASH_AT, SIGKILL: like a power cut) or stops until SIGCONT (RELWB_TEST_PAUSE_AT), saying
 * so on stderr first.
 */
export function crashPoint(name: string): void {
  const signal = process.env.RELWB_TEST_CRASH_AT === name ? 'SIGKILL' : process.env.RELWB_TEST_PAUSE_AT === name ? 'SIGSTOP' : null;
  if (!signal) return;
  process.stderr.write(`${signal} at ${name}\n`);
  process.kill(process.pid, signal);
}

/** A reporter that also passes `<operation>:<phase>` crash points, so a test can kill inside any reported step. */
export function reportingCrashPoints(operation: string, report: ProgressReporter): ProgressReporter {
  return (phase, done, total, unit) => {
    report(phase, done, total, unit);
    crashPoint(`${operation}:${phase}`);
  };
}
