interface TableStatusRowProps {
  /** The rows the table shows; undefined while they load. */
  rows: readonly unknown[] | undefined;
  columns: number;
  /** What an empty table says, e.g. how to add the first row. */
  empty: string;
}

/** The one full-width row a table shows while its rows load or when it has none; nothing otherwise. */
export function TableStatusRow({ rows, columns, empty }: TableStatusRowProps) {
  if (rows !== undefined && rows.length > 0) return null;
  return (
    <tr>
      <td colSpan={columns} className="muted">
        {rows === undefined ? 'Loading…' : empty}
      </td>
    </tr>
  );
}
