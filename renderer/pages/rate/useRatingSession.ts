import { useCallback, useEffect, useRef, useState } from 'react';
import type { RatingItem, RatingQueue } from '../../../core/api/contract';
import { errorMessage, invoke } from '../../api/client';
import { labelsFromQueue, pairsToFetch, type LabelState, type LabelValue } from './rating-state';

/** One step the rater can undo: the pairs it labelled and what each had before. */
interface UndoStep {
  pairs: { pairIndex: number; previous: LabelValue | null }[];
}

export interface RatingSession {
  queue: RatingQueue;
  position: number;
  setPosition: (position: number) => void;
  items: ReadonlyMap<number, RatingItem>;
  labels: ReadonlyMap<number, LabelState>;
  /** Notes typed for pairs not labelled yet; they go with the pair's next label. */
  draftNotes: ReadonlyMap<number, string>;
  /** Labels (or re-labels) pairs at once, optimistically; each turns "saved" only when the server acknowledges it. */
  label: (pairIndexes: readonly number[], value: LabelValue) => void;
  setNote: (pairIndex: number, note: string) => void;
  /** Takes back the last labelling step; returns the position of its first pair, or null when there is none. */
  undo: () => number | null;
  retry: (pairIndex: number) => void;
  /** Loads the items of these positions if they are not loaded (grid mode needs a whole query at once). */
  ensureItems: (from: number, to: number) => void;
  unavailable: ReadonlyMap<number, string>;
}

/**
 * A rater's session on one task. Writes go to the server one after another in the order the rater made
 * them (so a label and its undo can never arrive swapped); a pair's state only becomes "saved" from the
 * answer to its latest write.
 */
export function useRatingSession(queue: RatingQueue, startAt: number): RatingSession {
  const [position, setPosition] = useState(startAt);
  const [items, setItems] = useState<ReadonlyMap<number, RatingItem>>(new Map());
  const [initialLabels] = useState<ReadonlyMap<number, LabelState>>(() => labelsFromQueue(queue.entries));
  const [labels, setLabels] = useState(initialLabels);
  /** The same labels, readable from callbacks at once (the next key may come before React re-renders). */
  const labelsRef = useRef(initialLabels);
  const [draftNotes, setDraftNotes] = useState<ReadonlyMap<number, string>>(new Map());
  /** Pairs whose item could not be loaded, with the server's reason. */
  const [unavailable, setUnavailable] = useState<ReadonlyMap<number, string>>(new Map());
  const requested = useRef(new Set<number>());
  const writes = useRef<Promise<unknown>>(Promise.resolve());
  /** The latest write per pair: an older write's answer must not overwrite a newer label's state. */
  const writeVersion = useRef(new Map<number, number>());
  const undoSteps = useRef<UndoStep[]>([]);
  const task = queue.task.id;
  const updateLabels = useCallback((change: (previous: ReadonlyMap<number, LabelState>) => ReadonlyMap<number, LabelState>) => {
    labelsRef.current = change(labelsRef.current);
    setLabels(labelsRef.current);
  }, []);

  /** The latest fetchItems, for its own retries one pair at a time. */
  const fetchItemsRef = useRef<(pairs: number[]) => void>(() => undefined);
  const fetchItems = useCallback(
    (pairs: number[]) => {
      for (const pair of pairs) requested.current.add(pair);
      invoke('tasks.items', { task, pairs }).then(
        (loaded) => {
          setItems((previous) => {
            const next = new Map(previous);
            for (const item of loaded) next.set(item.pairIndex, item);
            return next;
          });
          // The queue says only "skipped"; the item brings the reason and note.
          updateLabels((previous) => {
            let next: Map<number, LabelState> | null = null;
            for (const item of loaded) {
              const current = previous.get(item.pairIndex);
              if (!item.saved || current?.status !== 'saved') continue;
              next ??= new Map(previous);
              const note = item.saved.note ?? undefined;
              next.set(item.pairIndex, { status: 'saved', value: item.saved.skipReason !== null ? { skip: item.saved.skipReason, note } : { grade: item.saved.grade!, note } });
            }
            return next ?? previous;
          });
        },
        (error: unknown) => {
          // One pair the server no longer gives this rater (others finished it meanwhile) fails the whole batch:
          // ask for each pair alone, so only that one is missing.
          if (pairs.length > 1) {
            for (const pair of pairs) fetchItemsRef.current([pair]);
            return;
          }
          setUnavailable((previous) => new Map(previous).set(pairs[0]!, errorMessage(error)));
        },
      );
    },
    [task, updateLabels],
  );

  useEffect(() => {
    fetchItemsRef.current = fetchItems;
  }, [fetchItems]);

  useEffect(() => {
    for (const batch of pairsToFetch(queue.entries, position, requested.current)) fetchItems(batch);
  }, [queue.entries, position, fetchItems]);

  const ensureItems = useCallback(
    (from: number, to: number) => {
      const missing = queue.entries.slice(from, to).map((entry) => entry.pairIndex).filter((pair) => !requested.current.has(pair));
      for (let i = 0; i < missing.length; i += 50) fetchItems(missing.slice(i, i + 50));
    },
    [queue.entries, fetchItems],
  );

  /** Sends one pair's new value (null: take the label back) after every earlier write. */
  const write = useCallback(
    (pairIndex: number, value: LabelValue | null) => {
      const version = (writeVersion.current.get(pairIndex) ?? 0) + 1;
      writeVersion.current.set(pairIndex, version);
      const settle = (state: LabelState) => {
        if (writeVersion.current.get(pairIndex) !== version) return;
        updateLabels((previous) => new Map(previous).set(pairIndex, state));
      };
      updateLabels((previous) => new Map(previous).set(pairIndex, { value, status: 'saving' }));
      const send = (): Promise<unknown> =>
        value === null
          ? invoke('tasks.unlabel', { task, pairIndex })
          : invoke('tasks.label', { task, pairIndex, ...(value.skip !== undefined ? { skip: value.skip } : { grade: value.grade }), ...(value.note ? { note: value.note } : {}) });
      writes.current = writes.current.then(send).then(
        () => settle({ value, status: 'saved' }),
        (error: unknown) => settle({ value, status: 'error', error: errorMessage(error) }),
      );
    },
    [task, updateLabels],
  );

  const label = useCallback(
    (pairIndexes: readonly number[], value: LabelValue) => {
      const step: UndoStep = { pairs: [] };
      for (const pairIndex of pairIndexes) {
        const previous = labelsRef.current.get(pairIndex)?.value ?? null;
        // A value that names its note (even as undefined: the note was cleared) keeps it; otherwise the draft or earlier note stays.
        const note = 'note' in value ? value.note : (draftNotes.get(pairIndex) ?? previous?.note);
        step.pairs.push({ pairIndex, previous });
        write(pairIndex, note ? { ...value, note } : value);
      }
      if (step.pairs.length > 0) undoSteps.current.push(step);
    },
    [write, draftNotes],
  );

  const setNote = useCallback(
    (pairIndex: number, note: string) => {
      const current = labelsRef.current.get(pairIndex)?.value;
      if (current) label([pairIndex], { ...current, note: note || undefined } as LabelValue);
      else setDraftNotes((previous) => new Map(previous).set(pairIndex, note));
    },
    [label],
  );

  const undo = useCallback((): number | null => {
    const step = undoSteps.current.pop();
    if (!step) return null;
    for (const { pairIndex, previous } of step.pairs) write(pairIndex, previous);
    return queue.entries.findIndex((entry) => entry.pairIndex === step.pairs[0]!.pairIndex);
  }, [write, queue.entries]);

  const retry = useCallback(
    (pairIndex: number) => {
      const state = labelsRef.current.get(pairIndex);
      if (state?.status === 'error') write(pairIndex, state.value);
    },
    [write],
  );

  return { queue, position, setPosition, items, labels, draftNotes, label, setNote, undo, retry, ensureItems, unavailable };
}
