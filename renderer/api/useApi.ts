import { useCallback, useEffect, useRef, useState } from 'react';
import type { ArgsOf, ChangeTopic, MethodName, ResultOf } from '../../core/api/contract';
import { errorMessage, invoke } from './client';
import { onConnectionChange, onWorkbenchEvent } from './events';

export interface ApiState<T> {
  /** The last answer; kept while a re-read runs, so the page does not flash empty. */
  data: T | undefined;
  error: string | null;
  loading: boolean;
  reload: () => void;
}

export interface ApiOptions {
  /** Re-read when the backend says one of these changed. */
  topics?: readonly ChangeTopic[];
  /** Skip the call (e.g. until a dataset is picked). */
  enabled?: boolean;
}

/**
 * Calls a read method and keeps its answer: re-reads when the arguments change (compared as JSON),
 * when a listed topic changes, and after the event stream reconnects. Only the newest answer counts.
 */
export function useApi<M extends MethodName>(method: M, args: ArgsOf<M>, options: ApiOptions = {}): ApiState<ResultOf<M>> {
  const { topics = [], enabled = true } = options;
  const key = JSON.stringify(args);
  const [state, setState] = useState<{ data: ResultOf<M> | undefined; error: string | null; loading: boolean }>({ data: undefined, error: null, loading: enabled });
  const [version, setVersion] = useState(0);
  const latest = useRef(0);
  const reload = useCallback(() => setVersion((v) => v + 1), []);

  useEffect(() => {
    if (!enabled) return;
    const request = ++latest.current;
    setState((previous) => ({ ...previous, loading: true }));
    invoke(method, JSON.parse(key) as ArgsOf<M>).then(
      (data) => request === latest.current && setState({ data, error: null, loading: false }),
      (error: unknown) => request === latest.current && setState((previous) => ({ data: previous.data, error: errorMessage(error), loading: false })),
    );
  }, [method, key, enabled, version]);

  const topicKey = topics.join(',');
  useEffect(() => {
    if (!enabled) return;
    const watched = new Set(topicKey.split(',').filter(Boolean));
    const offEvents = onWorkbenchEvent((event) => {
      if (event.type === 'changed' && watched.has(event.topic)) reload();
    });
    let wasConnected = true;
    const offConnection = onConnectionChange((connected) => {
      if (connected && !wasConnected) reload();
      wasConnected = connected;
    });
    return () => {
      offEvents();
      offConnection();
    };
  }, [topicKey, enabled, reload]);

  return { ...state, reload };
}

export interface MutationState<M extends MethodName> {
  run: (args: ArgsOf<M>) => Promise<ResultOf<M>>;
  busy: boolean;
  error: string | null;
  clearError: () => void;
}

/** A write: `run` calls the method, tracks whether it is in flight and keeps its error message; it still rejects. */
export function useMutation<M extends MethodName>(method: M): MutationState<M> {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const run = useCallback(
    async (args: ArgsOf<M>) => {
      setBusy(true);
      setError(null);
      try {
        return await invoke(method, args);
      } catch (caught) {
        setError(errorMessage(caught));
        throw caught;
      } finally {
        setBusy(false);
      }
    },
    [method],
  );
  return { run, busy, error, clearError: useCallback(() => setError(null), []) };
}
