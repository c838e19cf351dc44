import { useEffect, useMemo, useRef, useState } from 'react';
import type { ComparisonOverview, ComparisonQueryView, ScreenChoice, ViewDocument } from '../../../core/api/contract';
import { errorMessage, invoke } from '../../api/client';
import { useApi } from '../../api/useApi';
import { replaceRoute, routeHash } from '../../app/router';
import { useHotkeys, type HotkeyMap } from '../../hooks/useHotkeys';
import { AggregatesPanel } from './AggregatesPanel';
import { moveFocus, PREFERENCE_KEYS, toggleEngaged, type Column, type Focus } from './comparison-keys';
import { DocumentCard, isLabelable, type InlineLabel } from './DocumentCard';
import { PreferenceBar, type SaveState } from './PreferenceBar';

/** `#/side-by-side?comparison=ID[&query=QID]`: one comparison, one query at a time. */
export function ComparisonScreen({ comparison, queryParam }: { comparison: number; queryParam: string | null }) {
  const overview = useApi('comparisons.overview', { comparison }, { topics: ['preferences'] });
  const isLead = useApi('raters.me', {}).data?.role === 'lead';
  const data = overview.data;
  if (overview.error && !data) {
    return (
      <div className="page">
        <div className="banner banner-error" role="alert">
          {overview.error}
        </div>
        <a href={routeHash('side-by-side')}>All comparisons</a>
      </div>
    );
  }
  if (!data) return <p className="empty">Loading the comparison…</p>;
  const known = data.queries.some((query) => query.queryId === queryParam);
  const firstOpen = data.queries.find((query) => !query.answered) ?? data.queries[0];
  const queryId = known ? queryParam! : firstOpen?.queryId;
  if (!queryId) return <p className="empty">This comparison has no queries.</p>;
  // Raters' event streams carry no preference events, so the screen re-reads the overview after its own answers.
  return <QueryScreen key={queryId} overview={data} queryId={queryId} isLead={isLead} onAnswered={overview.reload} />;
}

function QueryScreen({ overview, queryId, isLead, onAnswered }: { overview: ComparisonOverview; queryId: string; isLead: boolean; onAnswered: () => void }) {
  const { comparison, queries } = overview;
  const position = queries.findIndex((query) => query.queryId === queryId);
  const [reveal, setReveal] = useState(false);
  const view = useApi('comparisons.query', { comparison: comparison.id, queryId, reveal }, { topics: ['judgments'] });
  const [focus, setFocus] = useState<Focus>({ column: 'left', row: 0 });
  const [hovered, setHovered] = useState<string | null>(null);
  const [labels, setLabels] = useState<ReadonlyMap<string, InlineLabel>>(new Map());
  const [preference, setPreference] = useState<SaveState<ScreenChoice> | null>(null);
  const [note, setNote] = useState<string | null>(null);
  const [engaged, setEngaged] = useState<SaveState<string[]> | null>(null);
  const [showResults, setShowResults] = useState(false);
  // Writes go one at a time in the rater's order, so a later answer never lands before an earlier one.
  const writes = useRef<Promise<unknown>>(Promise.resolve());
  const inOrder = (write: () => Promise<void>) => {
    writes.current = writes.current.then(write);
    return writes.current;
  };

  useEffect(() => replaceRoute('side-by-side', { comparison: String(comparison.id), query: queryId }), [comparison.id, queryId]);
  const current = view.data;
  const interleaving = comparison.mode === 'interleaving';
  const lists: Record<Column, ViewDocument[]> = useMemo(
    () => (current?.columns ? current.columns : { left: current?.merged ?? [], right: [] }),
    [current],
  );
  const focusedDoc = lists[focus.column][focus.row];
  const savedPreference = preference ?? (current?.preference ? { value: current.preference.choice, status: 'saved' as const } : null);
  const savedEngaged = engaged ?? (current ? { value: current.clicked ?? [], status: current.clicked ? ('saved' as const) : ('none' as const) } : null);

  const go = (offset: number) => {
    const next = queries[position + offset];
    if (next) window.location.hash = routeHash('side-by-side', { comparison: String(comparison.id), query: next.queryId });
  };
  const label = (doc: ViewDocument, grade: number) => {
    const task = comparison.taskId;
    if (task === null || !isLabelable(doc, labels.get(doc.docId))) return;
    const set = (state: InlineLabel) => setLabels((previous) => new Map(previous).set(doc.docId, state));
    set({ grade, status: 'saving' });
    return inOrder(async () => {
      try {
        await invoke('tasks.label', { task, pairIndex: doc.pairIndex!, grade });
        set({ grade, status: 'saved' });
      } catch (error) {
        set({ grade, status: 'error', error: errorMessage(error) });
      }
    });
  };
  const prefer = (choice: ScreenChoice) => {
    setPreference({ value: choice, status: 'saving' });
    const text = (note ?? current?.preference?.note ?? '').trim();
    return inOrder(async () => {
      try {
        const saved = await invoke('comparisons.prefer', { comparison: comparison.id, queryId, choice, ...(text === '' ? {} : { note: text }) });
        setPreference({ value: saved.choice, status: 'saved' });
        onAnswered();
      } catch (error) {
        setPreference({ value: choice, status: 'error', error: errorMessage(error) });
      }
    });
  };
  const toggle = (doc: ViewDocument) => {
    const clicked = toggleEngaged(savedEngaged?.value ?? [], doc.docId);
    setEngaged({ value: clicked, status: 'saving' });
    return inOrder(async () => {
      try {
        const saved = await invoke('comparisons.click', { comparison: comparison.id, queryId, clicked });
        setEngaged({ value: saved.clicked, status: 'saved' });
        onAnswered();
      } catch (error) {
        setEngaged({ value: clicked, status: 'error', error: errorMessage(error) });
      }
    });
  };

  const lengths = { left: lists.left.length, right: lists.right.length };
  const labelKeys: HotkeyMap = Object.fromEntries(
    (current?.scale.levels ?? []).map((level) => [level.key.toLowerCase(), () => focusedDoc && void label(focusedDoc, level.value)]),
  );
  const modeKeys: HotkeyMap = interleaving
    ? { ' ': () => focusedDoc && void toggle(focusedDoc), Enter: () => focusedDoc && void toggle(focusedDoc) }
    : { v: () => setReveal(true), ...Object.fromEntries(PREFERENCE_KEYS.map(({ key, choice }) => [key, () => void prefer(choice)])) };
  // The screen's own keys win wherever a custom scale reuses a letter.
  const keys: HotkeyMap = {
    ...labelKeys,
    ...modeKeys,
    n: () => go(1),
    p: () => go(-1),
    PageDown: () => go(1),
    PageUp: () => go(-1),
    ArrowUp: () => setFocus((previous) => moveFocus(previous, 'up', lengths)),
    ArrowDown: () => setFocus((previous) => moveFocus(previous, 'down', lengths)),
    ArrowLeft: () => setFocus((previous) => moveFocus(previous, 'left', lengths)),
    ArrowRight: () => setFocus((previous) => moveFocus(previous, 'right', lengths)),
  };
  useHotkeys(keys);

  const card = (doc: ViewDocument, column: Column, row: number, view: ComparisonQueryView) => (
    <DocumentCard
      key={doc.docId}
      doc={doc}
      scale={view.scale}
      focused={focus.column === column && focus.row === row}
      linked={!interleaving && doc.otherRank !== null && (hovered === doc.docId || focusedDoc?.docId === doc.docId) && !(focus.column === column && focus.row === row)}
      engaged={interleaving ? savedEngaged?.value.includes(doc.docId) : undefined}
      showOtherRank={!interleaving}
      label={labels.get(doc.docId)}
      onFocus={() => setFocus({ column, row })}
      onHover={(on) => setHovered(on ? doc.docId : null)}
      onLabel={(grade) => void label(doc, grade)}
      onClick={interleaving ? () => void toggle(doc) : undefined}
    />
  );

  return (
    <main className="sbs" data-testid="sbs-screen" data-mode={comparison.mode}>
      <header className="sbs-top">
        <div className="sbs-top-row">
          <a className="sbs-name" href={routeHash('side-by-side')} title="All comparisons">
            {comparison.name}
          </a>
          <span className="muted">
            Query {position + 1} of {queries.length} · <span data-testid="answered-count">{queries.filter((query) => query.answered).length} answered</span>
          </span>
          <div className="sbs-top-actions">
            <button type="button" className="small-button" onClick={() => go(-1)} disabled={position === 0}>
              <kbd>P</kbd> Previous
            </button>
            <button type="button" className="small-button" onClick={() => go(1)} disabled={position === queries.length - 1}>
              Next <kbd>N</kbd>
            </button>
            {isLead && (
              <button type="button" className="small-button" aria-expanded={showResults} onClick={() => setShowResults((open) => !open)}>
                {showResults ? 'Hide results' : 'Results'}
              </button>
            )}
          </div>
        </div>
        <h2 className="sbs-query">
          <span className="rate-query-label">Query</span>
          {queries[position]?.query}
        </h2>
      </header>
      {view.error && (
        <div className="banner banner-error" role="alert">
          {view.error}
        </div>
      )}
      {current && !interleaving && current.columns && (
        <>
          <div className="sbs-columns">
            {(['left', 'right'] as const).map((column) => (
              <section key={column} className="sbs-column" aria-label={`${column === 'left' ? 'Left' : 'Right'} list`} data-testid={`sbs-${column}`}>
                <h3 className="sbs-side-name" data-testid={`side-name-${column}`}>
                  {current.names ? current.names[column] : column === 'left' ? 'Left list' : 'Right list'}
                </h3>
                <ol className="sbs-list">{current.columns![column].map((doc, row) => card(doc, column, row, current))}</ol>
                {current.columns![column].length === 0 && <p className="muted">No results for this query.</p>}
              </section>
            ))}
          </div>
          <PreferenceBar
            state={savedPreference}
            note={note ?? current.preference?.note ?? ''}
            onNote={setNote}
            blind={comparison.blind}
            revealed={current.names !== null}
            onChoose={(choice) => void prefer(choice)}
            onReveal={() => setReveal(true)}
          />
        </>
      )}
      {current && interleaving && (
        <div className="sbs-merged">
          <p className="muted sbs-merged-hint">
            Mark every result you would click or save: click it, or move with <kbd>↑</kbd> <kbd>↓</kbd> and press <kbd>Space</kbd>. Which ranker placed a result stays hidden.
          </p>
          <ol className="sbs-list sbs-list-merged" aria-label="Merged results">
            {lists.left.map((doc, row) => card(doc, 'left', row, current))}
          </ol>
          <p className="sbs-engaged-status" data-testid="engaged-status" data-status={savedEngaged?.status ?? 'none'} role={savedEngaged?.status === 'error' ? 'alert' : undefined}>
            {savedEngaged?.status === 'saving' && 'Saving…'}
            {savedEngaged?.status === 'saved' && `Saved ✓ ${savedEngaged.value.length} marked`}
            {savedEngaged?.status === 'error' && `Not saved: ${savedEngaged.error}`}
            {(!savedEngaged || savedEngaged.status === 'none') && 'Nothing marked yet'}
          </p>
        </div>
      )}
      <p className="sbs-keys muted">
        <kbd>↑</kbd> <kbd>↓</kbd> {interleaving ? '' : <><kbd>←</kbd> <kbd>→</kbd> </>}move · {current?.scale.levels.map((level) => level.key).join(' ')} label the focused document ·{' '}
        {interleaving ? (
          <>
            <kbd>Space</kbd> would engage ·{' '}
          </>
        ) : (
          <>
            <kbd>Q</kbd>–<kbd>T</kbd> preference · <kbd>V</kbd> reveal ·{' '}
          </>
        )}
        <kbd>N</kbd> <kbd>P</kbd> next / previous query
      </p>
      {isLead && showResults && <AggregatesPanel comparison={comparison.id} focusQuery={queryId} />}
    </main>
  );
}
