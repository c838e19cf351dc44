/** One searchable item, whatever format it was imported from. */
export interface DocumentRecord {
  id: string;
  title: string;
  text: string;
  tags: string[];
  /** Board or category the item was pinned to; empty when the format has none. */
  board: string;
  /** Path of the item's image relative to the dataset's media folder, or null for text-only items. */
  image: string | null;
}

export interface QueryRecord {
  queryId: string;
  text: string;
}

export interface QrelRecord {
  queryId: string;
  docId: string;
  relevance: number;
}

/** A document as read from a file, with where it came from for error messages and progress. */
export interface SourcedDocument {
  doc: DocumentRecord;
  line: number;
  bytesRead: number;
}
