import { useState, type ReactNode } from 'react';
import { downloadText, fileStem, toCsv } from './dashboard-format';

interface ChartCardProps {
  title: string;
  header: readonly string[];
  rows: readonly (readonly string[])[];
  children: ReactNode;
  /** Above the chart, e.g. a picker. */
  controls?: ReactNode;
}

/** A chart with its numbers: a Chart/Table toggle and the table as a CSV download. */
export function ChartCard({ title, header, rows, children, controls }: ChartCardProps) {
  const [asTable, setAsTable] = useState(false);
  return (
    <section className="chart-card" aria-label={title}>
      <div className="chart-card-head">
        <h4>{title}</h4>
        <div className="chart-card-actions">
          {controls}
          <button type="button" className="small-button" aria-pressed={asTable} onClick={() => setAsTable((shown) => !shown)}>
            {asTable ? 'Chart' : 'Table'}
          </button>
          <button type="button" className="small-button" onClick={() => downloadText(`${fileStem(title)}.csv`, toCsv(header, rows), 'text/csv')}>
            CSV
          </button>
        </div>
      </div>
      {asTable ? (
        <div className="table-card">
          <table className="data-table" aria-label={title}>
            <thead>
              <tr>
                {header.map((cell) => (
                  <th key={cell}>{cell}</th>
                ))}
              </tr>
            </thead>
            <tbody>
              {rows.map((row, i) => (
                <tr key={i}>
                  {row.map((cell, j) => (
                    <td key={j}>{cell}</td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : (
        <div className="chart-body">{children}</div>
      )}
    </section>
  );
}
