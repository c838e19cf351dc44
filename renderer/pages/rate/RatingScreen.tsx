import { useEffect, useRef, useState, type MouseEvent } from 'react';
import type { RatingQueue } from '../../../core/api/contract';
import { mediaUrl } from '../../api/client';
import { replaceRoute, routeHash } from '../../app/router';
import { useHotkeys, type HotkeyMap } from '../../hooks/useHotkeys';
import { GuidelinesPanel } from './GuidelinesPanel';
import { HelpOverlay } from './HelpOverlay';
import { preloadImage } from './image-preload';
import { NoteDialog } from './NoteDialog';
import { ProgressBar } from './ProgressBar';
import { gridColumns, RatingGrid } from './RatingGrid';
import { RatingItemView } from './RatingItemView';
import { countSaved, countSaving, nextUnlabelled, queryRun, type LabelValue } from './rating-state';
import { ScaleBar } from './ScaleBar';
import { SkipDialog } from './SkipDialog';
import { useRatingSession } from './useRatingSession';

type Overlay = 'guidelines' | 'help' | 'skip' | 'note' | null;
export type RatingView = 'single' | 'grid';

/** How many items after the current one get their images preloaded. */
const PRELOAD_AHEAD = 8;

/** Both cases of a letter key (hotkey names are `KeyboardEvent.key`, which has the case the user typed). */
const bothCases = (key: string, run: () => void): HotkeyMap => ({ [key.toLowerCase()]: run, [key.toUpperCase()]: run });

/**
 * The rating screen: one item at a time (image first), or a grid of one query's items. Every label is
 * shown at once and marked saved only when the server acknowledged it.
 */
export function RatingScreen({ queue, startAt, initialView }: { queue: RatingQueue; startAt: number; initialView: RatingView }) {
  const session = useRatingSession(queue, startAt);
  const { position, setPosition, items, labels } = session;
  const { entries } = queue;
  const scale = queue.task.spec.scale;
  const [view, setView] = useState<RatingView>(initialView);
  const [overlay, setOverlay] = useState<Overlay>(null);
  const [zoomed, setZoomed] = useState(false);
  const [cursor, setCursor] = useState(Math.min(position, entries.length - 1));
  const [selected, setSelected] = useState<ReadonlySet<number>>(new Set());
  const anchor = useRef<number | null>(null);
  const gridList = useRef<HTMLOListElement>(null);

  const current = view === 'single' ? entries[position] : undefined;
  const item = current && items.get(current.pairIndex);
  const run = queryRun(entries, view === 'grid' ? cursor : position);
  const queryIds = [...new Set(entries.map((entry) => entry.queryId))];
  const runQuery = entries[run.start] && items.get(entries[run.start]!.pairIndex)?.query;
  const usedKeys = new Set(scale.levels.map((level) => level.key.toLowerCase()));
  const gridKey = usedKeys.has('m') ? null : 'M';
  const zoomKey = usedKeys.has('z') ? null : 'Z';

  useEffect(() => {
    for (let i = position + 1; i <= position + PRELOAD_AHEAD && i < entries.length; i++) {
      const url = items.get(entries[i]!.pairIndex)?.document.imageUrl;
      if (url) preloadImage(mediaUrl(url));
    }
  }, [position, items, entries]);

  const { ensureItems } = session;
  useEffect(() => {
    if (view === 'grid') ensureItems(run.start, run.end);
  }, [view, run.start, run.end, ensureItems]);

  const go = (to: number) => {
    setPosition(Math.min(Math.max(to, 0), entries.length));
    setZoomed(false);
  };
  const switchView = (next: RatingView) => {
    if (next === 'grid') {
      setCursor(Math.min(position, entries.length - 1));
      setSelected(new Set());
    } else go(cursor);
    setView(next);
    replaceRoute('rate', { task: String(queue.task.id), view: next === 'grid' ? 'grid' : null });
  };

  /** The pairs a grid key acts on: the selection, or the tile under the cursor. */
  const gridTargets = () => (selected.size > 0 ? [...selected] : entries[cursor] ? [entries[cursor]!.pairIndex] : []);
  const labelInGrid = (value: LabelValue) => {
    const targets = gridTargets();
    session.label(targets, value);
    setSelected(new Set());
    const done = new Set(targets);
    const isOpen = (i: number) => !done.has(entries[i]!.pairIndex) && !labels.get(entries[i]!.pairIndex)?.value;
    const after = [...Array(run.end - run.start).keys()].map((i) => run.start + ((cursor - run.start + 1 + i) % (run.end - run.start)));
    setCursor(after.find(isOpen) ?? cursor);
  };
  const labelCurrent = (value: LabelValue) => {
    if (!current || !item) return; // nothing to judge until the item is on screen
    session.label([current.pairIndex], value);
    go(position + 1);
  };
  const onLabel = (value: LabelValue) => (view === 'grid' ? labelInGrid(value) : labelCurrent(value));
  const undo = () => {
    const at = session.undo();
    if (at === null || at < 0) return;
    if (view === 'grid') setCursor(at);
    else go(at);
  };
  const moveCursor = (to: number) => {
    setCursor(Math.min(Math.max(to, 0), entries.length - 1));
    anchor.current = null;
  };
  const toggle = (pairIndex: number) =>
    setSelected((previous) => {
      const next = new Set(previous);
      if (!next.delete(pairIndex)) next.add(pairIndex);
      return next;
    });
  const onTile = (at: number, event: MouseEvent) => {
    const pairIndex = entries[at]!.pairIndex;
    if (event.shiftKey) {
      const from = anchor.current ?? cursor;
      const range = entries.slice(Math.min(from, at), Math.max(from, at) + 1).map((entry) => entry.pairIndex);
      setSelected((previous) => new Set([...previous, ...range]));
    } else if (event.ctrlKey || event.metaKey) {
      toggle(pairIndex);
      anchor.current = at;
    } else {
      setSelected((previous) => (previous.size === 1 && previous.has(pairIndex) ? new Set() : new Set([pairIndex])));
      anchor.current = at;
    }
    setCursor(at);
  };

  const levelKeys: HotkeyMap = Object.assign({}, ...scale.levels.map((level) => bothCases(level.key, () => onLabel({ grade: level.value }))));
  const common: HotkeyMap = {
    ...bothCases('u', undo),
    ...bothCases('s', () => (view === 'grid' || (current && item)) && setOverlay('skip')),
    ...bothCases('g', () => setOverlay(overlay === 'guidelines' ? null : 'guidelines')),
    '?': () => setOverlay('help'),
    ...(gridKey ? bothCases(gridKey, () => switchView(view === 'grid' ? 'single' : 'grid')) : {}),
    Escape: () => (overlay ? setOverlay(null) : setSelected(new Set())),
  };
  const single: HotkeyMap = {
    ArrowLeft: () => go(position - 1),
    ArrowRight: () => go(position + 1),
    ...bothCases('n', () => current && setOverlay('note')),
    ...(zoomKey && item?.document.imageUrl ? bothCases(zoomKey, () => setZoomed(!zoomed)) : {}),
  };
  const columns = () => gridColumns(gridList.current);
  const grid: HotkeyMap = {
    ArrowLeft: () => moveCursor(Math.max(cursor - 1, run.start)),
    ArrowRight: () => moveCursor(Math.min(cursor + 1, run.end - 1)),
    ArrowUp: () => moveCursor(Math.max(cursor - columns(), run.start)),
    ArrowDown: () => moveCursor(Math.min(cursor + columns(), run.end - 1)),
    ' ': () => entries[cursor] && toggle(entries[cursor]!.pairIndex),
    'Ctrl+a': () => setSelected(new Set(entries.slice(run.start, run.end).filter((entry) => !labels.get(entry.pairIndex)?.value).map((entry) => entry.pairIndex))),
    PageDown: () => run.end < entries.length && (moveCursor(run.end), setSelected(new Set())),
    PageUp: () => run.start > 0 && (moveCursor(queryRun(entries, run.start - 1).start), setSelected(new Set())),
    Enter: () => switchView('single'),
  };
  const modal = overlay !== null && overlay !== 'guidelines';
  useHotkeys({ ...levelKeys, ...common, ...(view === 'grid' ? grid : single) }, { enabled: !modal });
  // While a dialog is open only Escape (and ? for the help) reach the screen; the dialog has its own keys.
  useHotkeys({ Escape: () => setOverlay(null), ...(overlay === 'help' ? { '?': () => setOverlay(null) } : {}) }, { enabled: modal });

  const saved = countSaved(labels);
  const queryText = view === 'grid' ? runQuery : item?.query;
  const queryNumber = queryIds.indexOf(entries[run.start]?.queryId ?? '') + 1;
  const done = view === 'single' && position >= entries.length;
  const firstOpen = nextUnlabelled(entries, labels, 0);
  const failed = [...labels.values()].filter((state) => state.status === 'error').length;

  return (
    <div className="rate" data-view={view}>
      <header className="rate-top">
        <div className="rate-top-row">
          <a className="rate-task" href={routeHash('rate')}>
            {queue.task.name}
          </a>
          <span className="muted">
            rating as <strong>{queue.rater.name}</strong>
          </span>
          <ProgressBar saved={saved} pending={countSaving(labels)} total={entries.length} />
          <div className="rate-top-actions">
            <button type="button" className="small-button" aria-pressed={view === 'grid'} onClick={() => switchView(view === 'grid' ? 'single' : 'grid')}>
              {view === 'grid' ? 'One at a time' : 'Grid'} {gridKey && <kbd>{gridKey}</kbd>}
            </button>
            <button type="button" className="small-button" aria-pressed={overlay === 'guidelines'} onClick={() => setOverlay(overlay === 'guidelines' ? null : 'guidelines')}>
              Guidelines <kbd>G</kbd>
            </button>
            <button type="button" className="small-button" onClick={() => setOverlay('help')}>
              Keys <kbd>?</kbd>
            </button>
          </div>
        </div>
        {!done && (
          <h1 className="rate-query" data-testid="rate-query">
            <span className="rate-query-label">Query {queryNumber > 0 ? `${queryNumber} of ${queryIds.length}` : ''}</span>
            {queryText ?? '…'}
          </h1>
        )}
      </header>
      {failed > 0 && (
        <div className="banner banner-error banner-app" role="alert" data-testid="unsaved-banner">
          {failed === 1 ? '1 label was' : `${failed} labels were`} not saved; each shows why, with a Retry.
        </div>
      )}
      {view === 'grid' ? (
        <main className="rate-grid-stage">
          <p className="muted rate-grid-hint">
            {run.end - run.start} items of this query · click, Shift+click or arrows and Space to select · a scale key labels the selection ({selected.size} selected) ·
            PgDn next query
          </p>
          <RatingGrid entries={entries.slice(run.start, run.end)} start={run.start} items={items} labels={labels} scale={scale} cursor={cursor} selected={selected} onTile={onTile} listRef={gridList} />
        </main>
      ) : done ? (
        <main className="rate-done" data-testid="rate-done">
          <h2>{firstOpen === -1 ? `All ${entries.length} items labelled. Thank you!` : `${saved} of ${entries.length} labelled`}</h2>
          <div className="actions">
            {firstOpen !== -1 && (
              <button type="button" className="primary-button" onClick={() => go(firstOpen)}>
                Go to the first one not labelled
              </button>
            )}
            <button type="button" className="small-button" onClick={() => go(entries.length - 1)}>
              ← Back to the last item
            </button>
          </div>
        </main>
      ) : item && current ? (
        <RatingItemView
          key={current.pairIndex}
          item={item}
          state={labels.get(current.pairIndex)}
          draftNote={session.draftNotes.get(current.pairIndex)}
          scale={scale}
          zoomed={zoomed}
          onZoomedChange={setZoomed}
          onRetry={() => session.retry(current.pairIndex)}
          place={`Item ${position + 1} of ${entries.length}`}
        />
      ) : current && session.unavailable.has(current.pairIndex) ? (
        <main className="rate-stage rate-loading" data-testid="item-unavailable">
          <p className="banner banner-warn">
            This item cannot be shown: {session.unavailable.get(current.pairIndex)}. Press → to go on.
          </p>
        </main>
      ) : (
        <main className="rate-stage rate-loading muted">Loading item…</main>
      )}
      {!done && (
        <footer className="rate-bottom">
          {view === 'single' && (
            <button type="button" className="rate-nav" aria-label="Previous item" aria-keyshortcuts="ArrowLeft" disabled={position === 0} onClick={() => go(position - 1)}>
              ←
            </button>
          )}
          <ScaleBar
            scale={scale}
            current={view === 'single' && current ? (labels.get(current.pairIndex)?.value ?? null) : null}
            onGrade={(grade) => onLabel({ grade })}
            onSkip={() => setOverlay('skip')}
            onNote={() => setOverlay('note')}
          />
          {view === 'single' && (
            <button type="button" className="rate-nav" aria-label="Next item" aria-keyshortcuts="ArrowRight" onClick={() => go(position + 1)}>
              →
            </button>
          )}
        </footer>
      )}
      {overlay === 'guidelines' && <GuidelinesPanel guidelines={queue.task.guidelines} scale={scale} onClose={() => setOverlay(null)} />}
      {overlay === 'help' && <HelpOverlay scale={scale} gridKey={gridKey} zoomKey={zoomKey} onClose={() => setOverlay(null)} />}
      {overlay === 'skip' && (
        <SkipDialog
          count={view === 'grid' ? gridTargets().length : 1}
          onClose={() => setOverlay(null)}
          onSkip={(reason, note) => {
            setOverlay(null);
            onLabel(note ? { skip: reason, note } : { skip: reason });
          }}
        />
      )}
      {overlay === 'note' && current && (
        <NoteDialog
          initial={labels.get(current.pairIndex)?.value?.note ?? session.draftNotes.get(current.pairIndex) ?? ''}
          onClose={() => setOverlay(null)}
          onSave={(note) => {
            setOverlay(null);
            session.setNote(current.pairIndex, note);
          }}
        />
      )}
    </div>
  );
}
