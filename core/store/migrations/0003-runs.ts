// Released migrations are append-only: never edit this file, add the next number instead.
export const sql = `
CREATE TABLE runs (
  id            INTEGER PRIMARY KEY,
  dataset_id    INTEGER NOT NULL REFERENCES datasets(id) ON DELETE CASCADE,
  name          TEXT NOT NULL,
  source        TEXT NOT NULL CHECK (source IN ('variant', 'import')),
  variant       TEXT,
  variant_spec  TEXT,
  depth         INTEGER NOT NULL,
  query_count   INTEGER NOT NULL,
  origin        TEXT NOT NULL,
  created_at    TEXT NOT NULL,
  created_by    TEXT NOT NULL,
  UNIQUE (dataset_id, name)
);

CREATE TABLE run_queries (
  run_id        INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
  query_id      TEXT NOT NULL,
  text          TEXT NOT NULL,
  PRIMARY KEY (run_id, query_id)
);

CREATE TABLE run_results (
  run_id        INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
  query_id      TEXT NOT NULL,
  rank          INTEGER NOT NULL,
  doc_id        TEXT NOT NULL,
  score         REAL NOT NULL,
  PRIMARY KEY (run_id, query_id, rank)
) WITHOUT ROWID;
`;
