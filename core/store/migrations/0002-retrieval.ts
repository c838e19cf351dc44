// Released migrations are append-only: never edit this file, add the next number instead.
export const sql = `
ALTER TABLE datasets ADD COLUMN analyzer TEXT NOT NULL DEFAULT '{"language":"English","stem":true,"removeStopWords":true,"asciiFolding":true}';
ALTER TABLE datasets ADD COLUMN vector_columns TEXT NOT NULL DEFAULT '[]';
ALTER TABLE datasets ADD COLUMN ann_index INTEGER NOT NULL DEFAULT 0;
ALTER TABLE queries ADD COLUMN frequency REAL;
ALTER TABLE queries ADD COLUMN segment TEXT;

CREATE TABLE variants (
  name        TEXT PRIMARY KEY,
  spec        TEXT NOT NULL,
  created_at  TEXT NOT NULL,
  updated_at  TEXT NOT NULL
);
`;
