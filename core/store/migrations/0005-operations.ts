// Released migrations are append-only: never edit this file, add the next number instead.
export const sql = `
CREATE TABLE operations (
  id             INTEGER PRIMARY KEY,
  dataset        TEXT NOT NULL,
  kind           TEXT NOT NULL CHECK (kind IN ('import', 'append', 'reindex', 'remove')),
  lance_table    TEXT NOT NULL,
  version_before INTEGER,
  started_at     TEXT NOT NULL
);
`;
