import { sql, type SQL, type SQLWrapper } from "drizzle-orm";
import type { SQLiteColumn } from "drizzle-orm/sqlite-core";

type Columns = Record<string, SQLiteColumn>;

/** A row as drizzle would have returned the columns (Dates for timestamps, booleans for flags). */
export type JsonRow<F extends Columns> = {
  [K in keyof F]: F[K]["_"]["notNull"] extends true ? F[K]["_"]["data"] : F[K]["_"]["data"] | null;
};

/**
 * Short lists carried as JSON inside one statement, so a page that shows several of them (the
 * dashboard's newest ideas, own ideas, open and done actions) asks SQLite once instead of once per
 * list. `row` is the inner select's only field; `list(inner)` folds the inner query's rows, in its
 * ORDER BY order and within its LIMIT, into one JSON array; `parse` turns that text back into rows
 * through each column's own driver mapping.
 */
export function jsonRows<F extends Columns>(fields: F) {
  const entries = Object.entries(fields);
  for (const [key] of entries) if (!/^\w+$/.test(key)) throw new Error(`jsonRows: bad key ${key}`);
  const object = sql.join(
    entries.map(([key, column]) => sql`${sql.raw(`'${key}'`)}, ${column}`),
    sql`, `,
  );
  return {
    row: sql<string>`json_object(${object})`.as("row"),
    /** A scalar subquery: the JSON array of the inner query's rows ('[]' when none). */
    list(inner: SQLWrapper): SQL<string> {
      // json(): the text loses its JSON subtype on the way out of the subquery; without it the
      // objects would be added as strings.
      return sql<string>`(select json_group_array(json("row")) from ${inner})`;
    },
    parse(text: string | null): JsonRow<F>[] {
      if (!text) return [];
      return (JSON.parse(text) as Record<string, unknown>[]).map((object) => {
        const row: Record<string, unknown> = {};
        for (const [key, column] of entries) {
          const value = object[key];
          row[key] = value == null ? null : column.mapFromDriverValue(value);
        }
        return row as JsonRow<F>;
      });
    },
  };
}
