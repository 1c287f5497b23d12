import { getDb, type DB } from "#db/client.server";

/**
 * A query built by drizzle and compiled by SQLite once per connection, then run with new values
 * (sql.placeholder) on every call. Building the SQL text and preparing it again costs more than
 * running it for the small lookups a page makes, so hot pages (the idea page) keep theirs. Held per
 * connection, so a reopened database (tests) gets fresh statements.
 */
export function preparedQuery<Q>(build: (db: DB) => Q): () => Q {
  const byConnection = new WeakMap<DB, Q>();
  return () => {
    const db = getDb();
    let query = byConnection.get(db);
    if (query === undefined) {
      query = build(db);
      byConnection.set(db, query);
    }
    return query;
  };
}
