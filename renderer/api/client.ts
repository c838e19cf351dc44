import type { ArgsOf, MethodName, ResultOf, SerializedError, WorkbenchEvent } from '../../core/api/contract';
import { saveBlob } from './save-blob';

type Envelope = { result: unknown } | { error: SerializedError };

/** What the Electron preload exposes; absent in web mode. */
interface DesktopBridge {
  invoke(method: string, args: unknown): Promise<Envelope>;
  on(listener: (event: WorkbenchEvent) => void): () => void;
  pickPath(kind: 'file' | 'folder'): Promise<string | null>;
}

interface Transport {
  kind: 'desktop' | 'web';
  call(method: string, args: unknown): Promise<Envelope>;
  /** `onConnection` hears when the event stream drops and comes back (web mode; the desktop bridge never drops). */
  subscribe(listener: (event: WorkbenchEvent) => void, onConnection?: (connected: boolean) => void): () => void;
  mediaUrl(path: string): string;
}

export class ApiError extends Error {
  constructor(readonly detail: SerializedError) {
    super(detail.message);
  }
}

function desktopTransport(bridge: DesktopBridge): Transport {
  return {
    kind: 'desktop',
    call: (method, args) => bridge.invoke(method, args),
    subscribe: (listener) => bridge.on(listener),
    mediaUrl: (path) => `relwb-media://local/${path.replace(/^media\//, '')}`,
  };
}

function webTransport(): Transport {
  return {
    kind: 'web',
    async call(method, args) {
      let response: Response;
      try {
        response = await fetch(`/api/${encodeURIComponent(method)}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(args ?? {}),
        });
      } catch {
        throw new Error('the backend is not reachable (is `relwb serve` still running?)');
      }
      try {
        return (await response.json()) as Envelope;
      } catch {
        throw new Error(`the backend answered ${response.status} ${response.statusText} without a result`);
      }
    },
    subscribe(listener, onConnection) {
      const source = new EventSource('/api/events');
      source.onmessage = (message) => listener(JSON.parse(message.data) as WorkbenchEvent);
      // EventSource reconnects by itself; report the gap so the UI can say that the backend is gone.
      source.onerror = () => onConnection?.(false);
      source.onopen = () => onConnection?.(true);
      return () => source.close();
    },
    mediaUrl: (path) => `/${path}`,
  };
}

const bridge = (window as unknown as { relwb?: DesktopBridge }).relwb;
const transport: Transport = bridge ? desktopTransport(bridge) : webTransport();

export const transportKind = transport.kind;
/** The desktop app's native file or folder dialog; null in web mode, where the path is typed. */
export const pickPath = bridge ? (kind: 'file' | 'folder') => bridge.pickPath(kind) : null;
export const mediaUrl = transport.mediaUrl;

/**
 * Web mode: fetches `GET /api/download/<name>?args=…` (the session cookie goes along; only the local
 * lead's is accepted) and has the browser save it under the server's file name. Null on the desktop,
 * where exports are written to a chosen path.
 */
export const downloadFile = bridge
  ? null
  : async (name: string, args: unknown): Promise<string> => {
      let response: Response;
      try {
        response = await fetch(`/api/download/${encodeURIComponent(name)}?args=${encodeURIComponent(JSON.stringify(args ?? {}))}`);
      } catch {
        throw new Error('the backend is not reachable (is `relwb serve` still running?)');
      }
      if (!response.ok) {
        const envelope = (await response.json().catch(() => null)) as { error?: SerializedError } | null;
        if (envelope?.error) throw new ApiError(envelope.error);
        throw new Error(`the download failed: ${response.status} ${response.statusText}`);
      }
      const fileName = /filename="([^"]+)"/.exec(response.headers.get('content-disposition') ?? '')?.[1] ?? `${name}.download`;
      saveBlob(fileName, await response.blob());
      return fileName;
    };
export const subscribe = transport.subscribe;

export async function invoke<M extends MethodName>(method: M, args: ArgsOf<M>): Promise<ResultOf<M>> {
  const envelope = await transport.call(method, args);
  if ('error' in envelope) throw new ApiError(envelope.error);
  return envelope.result as ResultOf<M>;
}

/** The message to show for anything a call can throw. */
export function errorMessage(error: unknown): string {
  if (error instanceof ApiError) return error.detail.message;
  return error instanceof Error ? error.message : String(error);
}
