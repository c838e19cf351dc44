import type { DocumentRecord } from '../datasets/document';
import type { ResultExplanation } from '../ranking/run-variant';
import type { DatasetLayout } from '../store/datasets-table';

export interface SearchResult {
  rank: number;
  id: string;
  title: string;
  /** The start of the document's text, for a result line; the UI never renders it as HTML. */
  snippet: string;
  tags: string[];
  board: string;
  /** Path under the media route (`media/<folder>/<file>`), or null for text-only documents. */
  imageUrl: string | null;
  /** The last stage's score; null when browsing without a query. */
  score: number | null;
  /** Every stage's score and rank; null when browsing. */
  explanation: ResultExplanation | null;
}

export interface SearchResponse {
  dataset: string;
  layout: DatasetLayout;
  /** The variant that ranked the results; null when browsing. */
  variant: string | null;
  text: string;
  tookMs: number;
  results: SearchResult[];
}

const SNIPPET_LENGTH = 280;

export function toSearchResult(
  doc: DocumentRecord,
  rank: number,
  score: number | null,
  mediaFolder: string,
  explanation: ResultExplanation | null = null,
): SearchResult {
  const localImage = doc.image && !/^https?:\/\//i.test(doc.image) ? doc.image : null;
  return {
    rank,
    id: doc.id,
    title: doc.title,
    snippet: doc.text.length > SNIPPET_LENGTH ? `${doc.text.slice(0, SNIPPET_LENGTH).trimEnd()}…` : doc.text,
    tags: doc.tags,
    board: doc.board,
    imageUrl: localImage ? `media/${mediaFolder}/${localImage.split(/[\\/]/).map(encodeURIComponent).join('/')}` : null,
    score,
    explanation,
  };
}
