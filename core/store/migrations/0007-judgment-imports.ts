// Released migrations are append-only: never edit this file, add the next number instead.
export const sql = `
-- Judgments that came in from a file: attributed to a named source (never to a rater of this app).
CREATE TABLE judgment_imports (
  id            INTEGER PRIMARY KEY,
  dataset_id    INTEGER NOT NULL REFERENCES datasets(id) ON DELETE CASCADE,
  source        TEXT NOT NULL,
  format        TEXT NOT NULL,
  scale_id      TEXT NOT NULL,
  -- The scale's values (JSON array): labels from an import are read without the rating layer's scale list.
  scale_values  TEXT NOT NULL,
  file_name     TEXT NOT NULL,
  sha256        TEXT NOT NULL,
  -- File level -> scale value (JSON object); {} when the file's levels are the scale's own.
  mapping       TEXT NOT NULL,
  judgments     INTEGER NOT NULL,
  imported_at   TEXT NOT NULL,
  imported_by   TEXT NOT NULL,
  UNIQUE (dataset_id, source, sha256)
);

CREATE TABLE imported_judgments (
  import_id     INTEGER NOT NULL REFERENCES judgment_imports(id) ON DELETE CASCADE,
  query_id      TEXT NOT NULL,
  doc_id        TEXT NOT NULL,
  -- The rater a row of the file names (the app's JSONL, wide CSV); '' for formats without one.
  file_rater    TEXT NOT NULL DEFAULT '',
  grade         INTEGER NOT NULL,
  line          INTEGER NOT NULL,
  PRIMARY KEY (import_id, query_id, doc_id, file_rater)
) WITHOUT ROWID;
`;
