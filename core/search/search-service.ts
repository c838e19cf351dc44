import type { DocumentRecord } from '../datasets/document';
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
  /** BM25 score; null when browsing without a query. */
  score: number | null;
}

export interface SearchResponse {
  dataset: string;
  layout: DatasetLayout;
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
): SearchResult {
  return {
    rank,
    id: doc.id,
    title: doc.title,
    snippet: doc.text.length > SNIPPET_LENGTH ? `${doc.text.slice(0, SNIPPET_LENGTH).trimEnd()}…` : doc.text,
    tags: doc.tags,
    board: doc.board,
    imageUrl: doc.image ? `media/${mediaFolder}/${doc.image.split(/[\\/]/).map(encodeURIComponent).join('/')}` : null,
    score,
  };
}

/** Orders by score, highest first, and breaks ties by document id so result pages are reproducible. */
export function rankByScore<T extends { id: string; score: number }>(docs: T[]): T[] {
  return [...docs].sort((a, b) => b.score - a.score || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}
