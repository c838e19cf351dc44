import { dispatch } from '../api/dispatch';
import { createHandlers } from '../api/handlers';
import { serializeError } from '../errors';
import { appVersion } from '../version';
import { openWorkbench } from '../workbench';
import type { BackendMessage, BackendRequest } from './backend-protocol';

/**
 * Entry point of the backend that Electron's main process runs in a utilityProcess: SQLite, LanceDB and
 * model inference happen here, so the main process (and with it every window) never blocks on them.
 */
interface ParentPort {
  on(event: 'message', listener: (message: { data: BackendRequest }) => void): void;
  postMessage(message: BackendMessage): void;
}

async function main(): Promise<void> {
  const parentPort = (process as unknown as { parentPort?: ParentPort }).parentPort;
  if (!parentPort) throw new Error('electron-backend must run in an Electron utilityProcess');
  const dataDirFlag = process.argv.indexOf('--data-dir');
  const dataDir = process.argv[dataDirFlag + 1];
  if (dataDirFlag < 0 || !dataDir) throw new Error('electron-backend needs --data-dir');

  const workbench = await openWorkbench({ dataDir, version: appVersion() });
  const handlers = createHandlers(workbench);
  workbench.jobs.subscribe((event) => parentPort.postMessage({ type: 'event', event }));
  parentPort.on('message', ({ data: request }) => {
    dispatch(handlers, request.method, request.args).then(
      (result) => parentPort.postMessage({ type: 'reply', id: request.id, result }),
      (error: unknown) => parentPort.postMessage({ type: 'reply', id: request.id, error: serializeError(error) }),
    );
  });
  parentPort.postMessage({ type: 'ready', mediaDir: workbench.mediaDir });
  workbench.ensureBundledDatasets().catch((error: Error) => console.error(`demo datasets could not be imported: ${error.message}`));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
