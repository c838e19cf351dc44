import type { SerializedError } from '../runtime/errors';
import type { WorkbenchEvent } from '../runtime/events';

/** Messages between Electron's main process and the backend utility process. */
export interface BackendRequest {
  id: number;
  method: string;
  args: unknown;
}

/** Calls answer with the same envelope as HTTP: `{ result }` or `{ error }`. */
export type Envelope = { result: unknown } | { error: SerializedError };

export type BackendMessage =
  | ({ type: 'reply'; id: number } & Envelope)
  | { type: 'event'; event: WorkbenchEvent }
  | { type: 'ready'; mediaDir: string };
