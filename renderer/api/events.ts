import type { WorkbenchEvent } from '../../core/api/contract';
import { subscribe } from './client';

type Listener = (event: WorkbenchEvent) => void;
type ConnectionListener = (connected: boolean) => void;

const listeners = new Set<Listener>();
const connectionListeners = new Set<ConnectionListener>();
let unsubscribe: (() => void) | null = null;

/** One event stream for the whole page, shared by every hook that listens (EventSource is per connection). */
function ensureStream(): void {
  if (unsubscribe) return;
  unsubscribe = subscribe(
    (event) => listeners.forEach((listener) => listener(event)),
    (connected) => connectionListeners.forEach((listener) => listener(connected)),
  );
}

export function onWorkbenchEvent(listener: Listener): () => void {
  ensureStream();
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** Hears when the stream drops and comes back, so views can re-read what they missed. */
export function onConnectionChange(listener: ConnectionListener): () => void {
  ensureStream();
  connectionListeners.add(listener);
  return () => connectionListeners.delete(listener);
}
