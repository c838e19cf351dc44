import { openWorkbench, type Workbench } from '../workbench';
import { appVersion } from '../version';
import type { CliContext } from './command';

export async function withWorkbench<T>(ctx: CliContext, work: (workbench: Workbench) => Promise<T>): Promise<T> {
  const workbench = await openWorkbench({ dataDir: ctx.dataDir, device: ctx.device, version: appVersion() });
  try {
    return await work(workbench);
  } finally {
    await workbench.close();
  }
}

/** Progress on stderr: one rewritten line on a terminal, a line per phase otherwise (logs, CI). */
export function progressPrinter(ctx: CliContext, interactive = Boolean(process.stderr.isTTY)) {
  let lastPhase = '';
  return (phase: string, done: number, total: number): void => {
    const percent = total > 0 ? Math.floor((100 * done) / total) : 0;
    if (interactive) ctx.stderr(`\r${phase}: ${percent}%   `);
    else if (phase !== lastPhase) ctx.stderr(`${phase}…\n`);
    lastPhase = phase;
  };
}
