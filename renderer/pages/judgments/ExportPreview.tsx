import type { ResultOf } from '../../../core/api/contract';

/** Counts and the first labels of what an export would hold, and what its format drops. */
export function ExportPreview({ preview, error }: { preview: ResultOf<'judgments.exportPreview'> | undefined; error: string | null }) {
  if (error) {
    return (
      <div className="banner banner-error" role="alert">
        {error}
      </div>
    );
  }
  if (!preview) return <p className="muted">Loading the preview…</p>;
  return (
    <div className="judgments-preview" data-testid="export-preview">
      <p>
        <strong>{preview.judgments}</strong> judgments, <strong>{preview.pairs}</strong> labelled pairs, <strong>{preview.queries}</strong> queries
        {preview.preferences > 0 && (
          <>
            , <strong>{preview.preferences}</strong> side-by-side document preferences
          </>
        )}
        {preview.raters.length > 0 && ` · raters: ${preview.raters.join(', ')}`}
      </p>
      <p className="muted">This format {preview.drops}.</p>
      {preview.sample.length > 0 && (
        <table className="judgments-sample">
          <thead>
            <tr>
              <th>query</th>
              <th>document</th>
              <th>gain</th>
            </tr>
          </thead>
          <tbody>
            {preview.sample.map((pair) => (
              <tr key={`${pair.queryId}\t${pair.docId}`}>
                <td title={pair.queryId}>{pair.queryText}</td>
                <td>{pair.docId}</td>
                <td>{pair.gain}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
