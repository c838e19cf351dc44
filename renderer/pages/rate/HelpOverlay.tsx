import type { Scale } from './rating-state';

/** Every key of the rating screen, with the current scale's own keys. */
export function HelpOverlay({ scale, gridKey, zoomKey, onClose }: { scale: Scale; gridKey: string | null; zoomKey: string | null; onClose: () => void }) {
  const keys: [string, string][] = [
    [scale.levels.map((level) => level.key).join(' '), `Label (${scale.levels.map((level) => `${level.key} ${level.label}`).join(', ')}) and go to the next item`],
    ['← →', 'Previous / next item'],
    ['U', 'Undo the last label'],
    ['S', 'Skip: can’t judge, with a reason'],
    ['N', 'Write a note on this item'],
    ['G', 'Show or hide the guidelines'],
    ...(gridKey ? ([[gridKey, 'Grid mode: label many images of one query at once']] as [string, string][]) : []),
    ...(zoomKey ? ([[zoomKey, 'Zoom the image (or click it)']] as [string, string][]) : []),
    ['?', 'This help'],
    ['Esc', 'Close a panel or dialog'],
  ];
  const gridKeys: [string, string][] = [
    ['← → ↑ ↓', 'Move between images'],
    ['Space', 'Select or unselect an image (click, Shift+click, Ctrl+click work too)'],
    ['Ctrl+A', 'Select every image not labelled yet'],
    ['a scale key', 'Label every selected image (or the one under the cursor)'],
    ['PgDn PgUp', 'Next / previous query'],
    ['Enter', 'Open the image under the cursor on its own'],
  ];
  return (
    <div className="rate-modal-backdrop" onClick={onClose}>
      <div className="rate-modal" role="dialog" aria-modal="true" aria-label="Keyboard shortcuts" data-testid="rate-help" onClick={(event) => event.stopPropagation()}>
        <h2>Keyboard shortcuts</h2>
        <KeyTable rows={keys} />
        <h3>In grid mode</h3>
        <KeyTable rows={gridKeys} />
        <div className="actions">
          <button type="button" className="primary-button" onClick={onClose}>
            Close
          </button>
        </div>
      </div>
    </div>
  );
}

function KeyTable({ rows }: { rows: [string, string][] }) {
  return (
    <table className="rate-keys">
      <tbody>
        {rows.map(([key, what]) => (
          <tr key={key}>
            <th>
              <kbd>{key}</kbd>
            </th>
            <td>{what}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
