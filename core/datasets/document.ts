import type { DocumentRecord } from '../index/document-record';

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
