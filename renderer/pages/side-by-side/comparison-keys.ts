/**
 * The side-by-side screen's keys and focus rules, kept pure so they can be tested without a browser.
 * Preference keys sit in one row, left to right like the choices: Q (left much better) … T (right much
 * better), so they never clash with a scale's label keys (digits on the built-in scales).
 */
import type { ScreenChoice } from '../../../core/api/contract';

export const PREFERENCE_KEYS: readonly { key: string; choice: ScreenChoice; label: string }[] = [
  { key: 'q', choice: 'left-much-better', label: 'Left much better' },
  { key: 'w', choice: 'left-better', label: 'Left better' },
  { key: 'e', choice: 'same', label: 'About the same' },
  { key: 'r', choice: 'right-better', label: 'Right better' },
  { key: 't', choice: 'right-much-better', label: 'Right much better' },
];

export const choiceLabel = (choice: ScreenChoice) => PREFERENCE_KEYS.find((entry) => entry.choice === choice)!.label;

export type Column = 'left' | 'right';

/** Which document has the keyboard focus: a column (always "left" in the merged list) and a 0-based row. */
export interface Focus {
  column: Column;
  row: number;
}

/** Moves the focus by a key; rows clamp to the column's length, switching column keeps the row where it can. */
export function moveFocus(focus: Focus, key: 'up' | 'down' | 'left' | 'right', lengths: Record<Column, number>): Focus {
  const clamp = (row: number, column: Column) => Math.max(0, Math.min(row, lengths[column] - 1));
  switch (key) {
    case 'up':
      return { ...focus, row: clamp(focus.row - 1, focus.column) };
    case 'down':
      return { ...focus, row: clamp(focus.row + 1, focus.column) };
    case 'left':
    case 'right': {
      const column: Column = key;
      return lengths[column] > 0 ? { column, row: clamp(focus.row, column) } : focus;
    }
  }
}

/** Toggles a document in the set of those the rater would engage with, keeping the order they were marked in. */
export function toggleEngaged(engaged: readonly string[], docId: string): string[] {
  return engaged.includes(docId) ? engaged.filter((id) => id !== docId) : [...engaged, docId];
}
