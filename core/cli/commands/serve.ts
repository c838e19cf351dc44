import { rendererBuildDir } from '../../runtime/paths';
import { type CliCommand } from '../command';
import { parseCommandArgs, parsePositiveInt } from '../options';

const usage = 'relwb serve [--host HOST] [--port PORT] [--allow-host NAME]... [--no-demo]';
const DEFAULT_PORT = 5178;

export const serveCommand: CliCommand = {
  path: ['serve'],
  summary: 'Serve the UI and API in web mode (http://127.0.0.1:PORT)',
  help:
    `usage: ${usage}\n\nServes the Relevance Workbench UI and its HTTP API. It prints a link with this launch's key: only a\n` +
    'browser that opened it (or a rater with their own link) can use the API. On first start it imports the\n' +
    'bundled demo datasets (pins, cranfield), showing progress in the UI. The UI must be built: `npm start`\n' +
    'or `npm run web` build it and then run this.\n\noptions:\n' +
    '  --host HOST        address to bind (default 127.0.0.1; 0.0.0.0 lets raters on the network reach it)\n' +
    '  --port PORT        port (default 5178, or a free one when that is taken; 0 picks a free one)\n' +
    '  --allow-host NAME  another Host name to answer to, e.g. this machine\'s DNS name (repeatable)\n' +
    '  --no-demo          do not import the bundled demo datasets',
  async run(argv, ctx) {
    const { values } = parseCommandArgs(
      argv,
      { host: { type: 'string' }, port: { type: 'string' }, 'allow-host': { type: 'string', multiple: true }, 'no-demo': { type: 'boolean' } },
      usage,
    );
    const port = values.port === '0' ? 0 : parsePositiveInt(values.port, '--port', DEFAULT_PORT);
    const boundHost = values.host ?? '127.0.0.1';
    // Loaded here, not at the top, so other commands start without the server and the workbench.
    const [{ openWorkbench }, { startHttpServer }, { createWebAccess }, { judgmentExchangeDownloads }] = await Promise.all([
      import('../../workbench'),
      import('../../host/http'),
      import('../../host/web-access'),
      import('../../judgment-exchange/api'),
    ]);
    const workbench = await openWorkbench({ dataDir: ctx.dataDir, device: ctx.device });
    const access = createWebAccess({ boundHost, allowedHosts: values['allow-host'], resolveToken: workbench.raters.resolveToken });
    const serve = (onPort: number) =>
      startHttpServer({
        handlers: workbench.handlers,
        subscribe: workbench.subscribe,
        resolveMediaFile: workbench.datasets.resolveMediaFile,
        staticDir: rendererBuildDir(),
        access,
        host: boundHost,
        port: onPort,
        downloads: judgmentExchangeDownloads(workbench),
      });
    // The default port may be taken by another copy; an explicit --port must be honoured or fail.
    const host = await serve(port).catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'EADDRINUSE' && values.port === undefined) return serve(0);
      throw error;
    });
    const reason = process.env.RELWB_WEB_REASON ? ` (${process.env.RELWB_WEB_REASON})` : '';
    ctx.stdout(`Relevance Workbench web mode${reason}: open ${host.loginUrl}  (data: ${ctx.dataDir}; Ctrl+C stops)\n`);
    if (!values['no-demo']) {
      workbench.datasets.ensureBundledDatasets().catch((error: Error) => ctx.stderr(`demo datasets could not be imported: ${error.message}\n`));
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
