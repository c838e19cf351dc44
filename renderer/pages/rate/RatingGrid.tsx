import { useEffect, useRef, type MouseEvent } from 'react';
import type { RatingItem } from '../../../core/api/contract';
import { mediaUrl } from '../../api/client';
import { labelText, type LabelState, type QueueEntry, type Scale } from './rating-state';

/** How many tiles the first row of the grid holds (for ↑ ↓). */
export function gridColumns(list: HTMLElement | null): number {
  const tiles = list ? [...list.children] as HTMLElement[] : [];
  if (tiles.length === 0) return 1;
  const top = tiles[0]!.offsetTop;
  return Math.max(1, tiles.filter((tile) => tile.offsetTop === top).length);
}

/** One query's pooled items as a grid of images: the rater selects several and labels them with one key. */
export function RatingGrid({ entries, start, items, labels, scale, cursor, selected, onTile, listRef }: {
  entries: readonly QueueEntry[];
  /** Queue position of the first entry. */
  start: number;
  items: ReadonlyMap<number, RatingItem>;
  labels: ReadonlyMap<number, LabelState>;
  scale: Scale;
  /** Queue position of the tile under the keyboard cursor. */
  cursor: number;
  selected: ReadonlySet<number>;
  onTile: (position: number, event: MouseEvent) => void;
  listRef: React.RefObject<HTMLOListElement | null>;
}) {
  const cursorTile = useRef<HTMLLIElement>(null);
  useEffect(() => {
    // A block body: newer Chromium returns a promise from scrollIntoView, which React would call as a cleanup.
    cursorTile.current?.scrollIntoView({ block: 'nearest' });
  }, [cursor]);
  return (
    <ol className="rate-grid" ref={listRef} aria-label="Items of this query" data-testid="rating-grid">
      {entries.map((entry, i) => {
        const position = start + i;
        const item = items.get(entry.pairIndex);
        const state = labels.get(entry.pairIndex);
        const level = state?.value?.grade !== undefined ? scale.levels.find((candidate) => candidate.value === state.value!.grade) : undefined;
        const isSelected = selected.has(entry.pairIndex);
        const classes = ['rate-tile', position === cursor && 'rate-tile-cursor', isSelected && 'rate-tile-selected', state?.value && 'rate-tile-labelled'].filter(Boolean).join(' ');
        return (
          <li
            key={entry.pairIndex}
            ref={position === cursor ? cursorTile : undefined}
            className={classes}
            data-testid="grid-tile"
            data-pair-index={entry.pairIndex}
            aria-selected={isSelected}
            onClick={(event) => onTile(position, event)}
          >
            <div className="rate-tile-image">
              {item?.document.imageUrl ? (
                <img src={mediaUrl(item.document.imageUrl)} alt={item.document.title} loading="lazy" decoding="async" draggable={false} />
              ) : (
                <p className="rate-tile-text">{item ? item.document.snippet || item.document.title : 'Loading…'}</p>
              )}
              {isSelected && (
                <span className="rate-tile-check" aria-hidden="true">
                  ✓
                </span>
              )}
            </div>
            <div className="rate-tile-body">
              <span className="rate-tile-title">{item?.document.title ?? ''}</span>
              {state && (state.value || state.status !== 'saved') && (
                <span
                  className={`rate-tile-label rate-tile-label-${state.status}`}
                  style={level ? ({ '--level-color': level.color } as React.CSSProperties) : undefined}
                  data-testid="tile-label"
                  data-status={state.status}
                >
                  {state.status === 'saving' ? 'Saving… ' : state.status === 'error' ? 'Not saved: ' : '✓ '}
                  {state.value ? labelText(scale, state.value) : 'label removed'}
                </span>
              )}
            </div>
          </li>
        );
      })}
    </ol>
  );
}
