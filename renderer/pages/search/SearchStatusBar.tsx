import type { DatasetSummary, InferenceStatus, SearchResponse } from '../../../core/api/contract';
import { transportKind } from '../../api/client';

interface SearchStatusBarProps {
  dataset: DatasetSummary | undefined;
  response: SearchResponse | null;
  busy: boolean;
  inference: InferenceStatus | null;
}

/** Transport, dataset counts, what the results are and how long they took, and the inference device. */
export function SearchStatusBar({ dataset, response, busy, inference }: SearchStatusBarProps) {
  return (
    <footer className="statusbar">
      <span>{transportKind === 'desktop' ? 'Desktop' : 'Web mode'}</span>
      {dataset && (
        <span>
          {dataset.name}: {dataset.docCount.toLocaleString()} documents · {dataset.queryCount.toLocaleString()} queries ·{' '}
          {dataset.qrelCount.toLocaleString()} judgments
        </span>
      )}
      {response && (
        <span data-testid="result-summary">
          {response.text ? `${response.results.length} results for “${response.text}” by ${response.variant}` : `browsing ${response.results.length}`} ·{' '}
          {response.tookMs.toFixed(1)} ms
        </span>
      )}
      {busy && <span className="muted">searching…</span>}
      <span className="statusbar-right" data-testid="inference-status" title={inference?.fallbackReason ?? undefined}>
        Models: {inference ? `${inference.provider} (device ${inference.device})` : 'unavailable'}
      </span>
    </footer>
  );
}
