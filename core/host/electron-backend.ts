import { dispatch } from '../api/dispatch';
import { localCaller } from '../runtime/caller';
import { parseGlobalOptions } from '../runtime/config';
import { serializeError } from '../runtime/errors';
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
  const { dataDir, device } = parseGlobalOptions(process.argv.slice(2));
  const workbench = await openWorkbench({ dataDir, device });
  // The window belongs to the person at this computer: the lead of this data folder.
  const caller = localCaller('electron');
  workbench.subscribe((event) => parentPort.postMessage({ type: 'event', event }));
  parentPort.on('message', ({ data: request }) => {
    dispatch(workbench.handlers, request.method, request.args, caller).then(
      (result) => parentPort.postMessage({ type: 'reply', id: request.id, result }),
      (error: unknown) => parentPort.postMessage({ type: 'reply', id: request.id, error: serializeError(error) }),
    );
  });
  parentPort.postMessage({ type: 'ready', mediaDir: workbench.ctx.mediaDir });
  workbench.datasets.ensureBundledDatasets().catch((error: Error) => console.error(`demo datasets could not be imported: ${error.message}`));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
