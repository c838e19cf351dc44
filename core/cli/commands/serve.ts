import { createHandlers } from '../../api/handlers';
import { startHttpServer } from '../../host/http';
import { rendererBuildDir } from '../../paths';
import { type CliCommand } from '../command';
import { parseCommandArgs, parsePositiveInt } from '../options';
import { openWorkbench } from '../../workbench';
import { appVersion } from '../../version';

const usage = 'relwb serve [--host HOST] [--port PORT] [--no-demo]';
const DEFAULT_PORT = 5178;

export const serveCommand: CliCommand = {
  path: ['serve'],
  summary: 'Serve the UI and API in web mode (http://127.0.0.1:PORT)',
  help:
    `usage: ${usage}\n\nServes the Relevance Workbench UI and its HTTP API. On first start it imports the bundled demo\n` +
    'datasets (pins, cranfield), showing progress in the UI.\n\noptions:\n' +
    '  --host HOST  address to bind (default 127.0.0.1; anything else exposes your data to the network)\n' +
    '  --port PORT  port (default 5178, or a free one when that is taken; 0 picks a free one)\n' +
    '  --no-demo    do not import the bundled demo datasets',
  async run(argv, ctx) {
    const { values } = parseCommandArgs(
      argv,
      { host: { type: 'string' }, port: { type: 'string' }, 'no-demo': { type: 'boolean' } },
      usage,
    );
    const port = values.port === '0' ? 0 : parsePositiveInt(values.port, '--port', DEFAULT_PORT);
    const workbench = await openWorkbench({ dataDir: ctx.dataDir, device: ctx.device, version: appVersion() });
    const serve = (onPort: number) =>
      startHttpServer({
        handlers: createHandlers(workbench),
        subscribe: workbench.jobs.subscribe,
        resolveMediaFile: workbench.resolveMediaFile,
        staticDir: rendererBuildDir(),
        host: values.host ?? '127.0.0.1',
        port: onPort,
      });
    // The default port may be taken by another copy; an explicit --port must be honoured or fail.
    const host = await serve(port).catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'EADDRINUSE' && values.port === undefined) return serve(0);
      throw error;
    });
    const reason = process.env.RELWB_WEB_REASON ? ` (${process.env.RELWB_WEB_REASON})` : '';
    ctx.stdout(`Relevance Workbench web mode${reason}: open ${host.url}  (data: ${ctx.dataDir}; Ctrl+C stops)\n`);
    if (!values['no-demo']) {
      workbench.ensureBundledDatasets().catch((error: Error) => ctx.stderr(`demo datasets could not be imported: ${error.message}\n`));
    }
    await new Promise<void>((resolve) => {
      const stop = () => resolve();
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    });
    await host.close();
    await workbench.close();
    return 0;
  },
};
