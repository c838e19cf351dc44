import type { ArgsOf, MethodName, ResultOf, SerializedError, WorkbenchEvent } from '../../core/api/contract';

type Envelope = { result: unknown } | { error: SerializedError };

/** What the Electron preload exposes; absent in web mode. */
interface DesktopBridge {
  invoke(method: string, args: unknown): Promise<Envelope>;
  on(listener: (event: WorkbenchEvent) => void): () => void;
}

interface Transport {
  kind: 'desktop' | 'web';
  call(method: string, args: unknown): Promise<Envelope>;
  subscribe(listener: (event: WorkbenchEvent) => void): () => void;
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
      const response = await fetch(`/api/${encodeURIComponent(method)}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(args ?? {}),
      });
      return (await response.json()) as Envelope;
    },
    subscribe(listener) {
      const source = new EventSource('/api/events');
      source.onmessage = (message) => listener(JSON.parse(message.data) as WorkbenchEvent);
      return () => source.close();
    },
    mediaUrl: (path) => `/${path}`,
  };
}

const bridge = (window as unknown as { relwb?: DesktopBridge }).relwb;
const transport: Transport = bridge ? desktopTransport(bridge) : webTransport();

export const transportKind = transport.kind;
export const mediaUrl = transport.mediaUrl;
export const subscribe = transport.subscribe;

export async function invoke<M extends MethodName>(method: M, args: ArgsOf<M>): Promise<ResultOf<M>> {
  const envelope = await transport.call(method, args);
  if ('error' in envelope) throw new ApiError(envelope.error);
  return envelope.result as ResultOf<M>;
}
