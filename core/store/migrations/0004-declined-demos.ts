// Released migrations are append-only: never edit this file, add the next number instead.
export const sql = `
CREATE TABLE declined_demos (
  name        TEXT PRIMARY KEY,
  declined_at TEXT NOT NULL
);
`;
