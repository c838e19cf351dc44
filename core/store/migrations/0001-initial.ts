// Released migrations are append-only: never edit this file, add the next number instead.
export const sql = `
CREATE TABLE datasets (
  id            INTEGER PRIMARY KEY,
  name          TEXT NOT NULL UNIQUE,
  layout        TEXT NOT NULL CHECK (layout IN ('grid', 'list')),
  source        TEXT NOT NULL,
  format        TEXT NOT NULL,
  lance_table   TEXT NOT NULL UNIQUE,
  doc_count     INTEGER NOT NULL,
  created_at    TEXT NOT NULL,
  indexed_at    TEXT
);

CREATE TABLE queries (
  dataset_id    INTEGER NOT NULL REFERENCES datasets(id) ON DELETE CASCADE,
  query_id      TEXT NOT NULL,
  text          TEXT NOT NULL,
  PRIMARY KEY (dataset_id, query_id)
);

CREATE TABLE qrels (
  dataset_id    INTEGER NOT NULL REFERENCES datasets(id) ON DELETE CASCADE,
  query_id      TEXT NOT NULL,
  doc_id        TEXT NOT NULL,
  relevance     INTEGER NOT NULL,
  PRIMARY KEY (dataset_id, query_id, doc_id)
);
`;
