import { useEffect, useLayoutEffect, useRef } from 'react';

/** Key (as `KeyboardEvent.key`, with an optional `Ctrl+` / `Shift+` prefix) → what it does. */
export type HotkeyMap = Record<string, (event: KeyboardEvent) => void>;

export interface HotkeyOptions {
  enabled?: boolean;
  /** Also fire while the user types in a field (default false: typing is typing). */
  inFields?: boolean;
}

const isField = (target: EventTarget | null): boolean => {
  const element = target as HTMLElement | null;
  return Boolean(element && (element.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(element.tagName)));
};

/** The name a key press is looked up by: `Ctrl+s`, `Shift+ArrowRight`, `?`, `5`. */
export function hotkeyName(event: Pick<KeyboardEvent, 'key' | 'ctrlKey' | 'metaKey' | 'altKey' | 'shiftKey'>): string {
  const printable = event.key.length === 1;
  return [event.ctrlKey || event.metaKey ? 'Ctrl+' : '', event.altKey ? 'Alt+' : '', event.shiftKey && !printable ? 'Shift+' : '', event.key].join('');
}

/** Window-wide keyboard shortcuts for one screen; the latest handlers always run without re-subscribing. */
export function useHotkeys(keys: HotkeyMap, { enabled = true, inFields = false }: HotkeyOptions = {}): void {
  const current = useRef(keys);
  // A layout effect runs before the browser handles the next event: a key pressed right after the screen
  // shows the next item must reach that item's handlers, not the previous item's (which would relabel it).
  useLayoutEffect(() => {
    current.current = keys;
  });
  useEffect(() => {
    if (!enabled) return;
    const onKey = (event: KeyboardEvent) => {
      if (event.defaultPrevented || event.isComposing || (!inFields && isField(event.target))) return;
      const handler = current.current[hotkeyName(event)];
      if (!handler) return;
      event.preventDefault();
      handler(event);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [enabled, inFields]);
}
