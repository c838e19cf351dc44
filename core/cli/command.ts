import type { Caller } from '../runtime/caller';
import type { DeviceSetting } from '../runtime/config';

/** What every `relwb` subcommand gets: its own argv (after the command words) and where to write. */
export interface CliContext {
  /** Folder holding the SQLite store and LanceDB tables (global `--data-dir`). */
  dataDir: string;
  /** Where models run (global `--device`): auto (the default), cpu, cuda, dml or coreml. */
  device?: DeviceSetting;
  /** Who the command acts as: the CLI user, the lead of the data folder. */
  caller: Caller;
  stdout: (text: string) => void;
  stderr: (text: string) => void;
}

export interface CliCommand {
  /** Command words, e.g. `['datasets', 'import']` or `['eval']`. */
  path: string[];
  summary: string;
  /** Full `--help` text: usage line, arguments, options. */
  help: string;
  /** Returns the process exit code: 0 ok, 1 runtime failure, 2 bad usage or bad input. */
  run(argv: string[], ctx: CliContext): Promise<number>;
}

/** A usage or input error the CLI prints without a stack trace and exits 2 on. */
export class UsageError extends Error {
  readonly exitCode = 2;
}
