import path from 'node:path';
import { AppError } from './errors';
import { defaultDataDir } from './paths';

export const DEVICE_SETTINGS = ['auto', 'cpu', 'cuda', 'dml', 'coreml'] as const;
/** Where models run: auto tries the platform's GPU provider and falls back to CPU. */
export type DeviceSetting = (typeof DEVICE_SETTINGS)[number];
export const DEFAULT_DEVICE: DeviceSetting = 'auto';

/** What every shell (CLI, web mode, the Electron backend) opens the workbench with. */
export interface WorkbenchConfig {
  dataDir: string;
  device: DeviceSetting;
  version: string;
  /** Row count from which vector columns get an IVF-PQ index; default ANN_MIN_ROWS. */
  annMinRows?: number;
}

const GLOBAL_OPTIONS = ['--data-dir', '--device'] as const;

/**
 * The one parser of the global options, anywhere on the command line (`--data-dir DIR`, `--device D`,
 * or `--name=value`), with the environment (RELWB_DATA_DIR, RELWB_DEVICE) as the fallback. Returns the
 * remaining arguments untouched.
 */
export function parseGlobalOptions(
  argv: readonly string[],
  env: NodeJS.ProcessEnv = process.env,
): { dataDir: string; device: DeviceSetting; rest: string[] } {
  const rest: string[] = [];
  const found: Record<(typeof GLOBAL_OPTIONS)[number], string | undefined> = { '--data-dir': undefined, '--device': env.RELWB_DEVICE || undefined };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const name = GLOBAL_OPTIONS.find((option) => arg === option || arg.startsWith(`${option}=`));
    if (!name) {
      rest.push(arg);
      continue;
    }
    const value = arg === name ? argv[++i] : arg.slice(name.length + 1);
    if (value === undefined || value === '' || value.startsWith('-')) throw new AppError('INVALID_ARGS', `${name} needs a value`, { field: name });
    found[name] = value;
  }
  return { dataDir: path.resolve(found['--data-dir'] ?? defaultDataDir(env)), device: parseDevice(found['--device'] ?? DEFAULT_DEVICE), rest };
}

export function parseDevice(value: string): DeviceSetting {
  if (!(DEVICE_SETTINGS as readonly string[]).includes(value)) {
    throw new AppError('INVALID_ARGS', `--device must be one of ${DEVICE_SETTINGS.join(', ')}, got "${value}"`, { field: 'device' });
  }
  return value as DeviceSetting;
}

/** The command-line form of a config, for handing it to a child process (the Electron backend). */
export function globalOptionArgs(config: Pick<WorkbenchConfig, 'dataDir' | 'device'>): string[] {
  return ['--data-dir', config.dataDir, '--device', config.device];
}
