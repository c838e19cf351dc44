import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { AppError } from '../runtime/errors';

export const WRITER_LOCK_FILE = 'writer.lock';
export const WRITER_PID_FILE = 'writer.pid';

/** How this process holds a data dir: as its one writer, or as a reader while another process writes. */
export type DataDirAccess = { mode: 'write'; release(): void } | { mode: 'read'; writerPid: number | null };

/**
 * One process at a time writes a data dir: the one holding an exclusive SQLite lock on `writer.lock`.
 * The OS drops that lock when the process ends, however it ends (kill -9 included), so it is never
 * stale and needs no pid check. The holder writes its pid next to it, for the message readers show.
 */
export function claimDataDir(dataDir: string): DataDirAccess {
  const pidFile = path.join(dataDir, WRITER_PID_FILE);
  const lock = new Database(path.join(dataDir, WRITER_LOCK_FILE), { timeout: 0 });
  try {
    lock.pragma('journal_mode = MEMORY');
    // Never committed: the lock lasts as long as the connection.
    lock.exec('BEGIN EXCLUSIVE');
  } catch (error) {
    lock.close();
    if ((error as { code?: string }).code !== 'SQLITE_BUSY') throw error;
    return { mode: 'read', writerPid: readPid(pidFile) };
  }
  fs.writeFileSync(pidFile, String(process.pid));
  return {
    mode: 'write',
    release() {
      // The pid goes while the lock is still held, so it can never erase the next writer's.
      fs.rmSync(pidFile, { force: true });
      lock.close();
    },
  };
}

/** Null while the writer has not written it yet. */
function readPid(file: string): number | null {
  const pid = Number.parseInt(fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '', 10);
  return Number.isNaN(pid) ? null : pid;
}

/** What a reader answers any write with. */
export function dataDirBusyError(writerPid: number | null): AppError {
  return new AppError(
    'DATA_DIR_BUSY',
    `the app is running${writerPid === null ? '' : ` (pid ${writerPid})`} — close it or use its window; this process can only read its data`,
  );
}
