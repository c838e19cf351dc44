import { spawn } from 'node:child_process';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '../..');

export interface CliProcessResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs the CLI from source in its own process (a crash test must kill a real process, not the test's).
 * `onStderr` sees stderr as it arrives, with the child's pid, so a test can act while it runs.
 */
export function runCliProcess(
  args: string[],
  options: { env?: Record<string, string>; onStderr?: (text: string, pid: number) => void } = {},
): Promise<CliProcessResult> {
  // One process (tsx as a loader, not its launcher), so a signal the CLI sends itself ends this very process.
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'core', 'cli', 'main.ts'), ...args], {
    cwd: ROOT,
    env: { ...process.env, ...options.env },
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
    options.onStderr?.(stderr, child.pid!);
  });
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
}
