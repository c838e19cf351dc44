import type { Workbench } from '../workbench';
import type { CliContext } from './command';

/**
 * Opens the workbench for one command. Loaded on first use, so commands that need no workbench (`eval`,
 * `compare`, `--version`) start without loading LanceDB, onnxruntime and SQLite.
 */
export async function withWorkbench<T>(ctx: CliContext, work: (workbench: Workbench) => Promise<T>): Promise<T> {
  const { openWorkbench } = await import('../workbench');
  const workbench = await openWorkbench({ dataDir: ctx.dataDir, device: ctx.device });
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
    // A count with no known end (rows written so far) is shown as the count, not as 0%.
    const amount = total > 0 ? `${Math.floor((100 * done) / total)}%` : done > 0 ? done.toLocaleString('en-US') : '0%';
    if (interactive) ctx.stderr(`\r${phase}: ${amount}   `);
    else if (phase !== lastPhase) ctx.stderr(`${phase}…\n`);
    lastPhase = phase;
  };
}

/** Runs a job with its progress on stderr, ending the progress line when it finishes. */
export async function withJobProgress<T>(ctx: CliContext, start: (workbench: Workbench) => Promise<T>): Promise<T> {
  const print = progressPrinter(ctx);
  try {
    return await withWorkbench(ctx, async (workbench) => {
      const unsubscribe = workbench.subscribe((event) => {
        if (event.type === 'job' && event.job.state === 'running') print(event.job.phase, event.job.done, event.job.total);
      });
      try {
        return await start(workbench);
      } finally {
        unsubscribe();
      }
    });
  } finally {
    ctx.stderr('\n');
  }
}
