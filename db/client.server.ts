import Database from "better-sqlite3";
import { drizzle, type BetterSQLite3Database } from "drizzle-orm/better-sqlite3";
import { migrate } from "drizzle-orm/better-sqlite3/migrator";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import * as schema from "./schema";
import { countStatementsOn, statementCountingEnabled } from "../server/request-stats.js";

export type DB = BetterSQLite3Database<typeof schema>;

/** The project root: the nearest folder above this module that holds package.json (works from source and from build/). */
export function projectRoot(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (;;) {
    if (fs.existsSync(path.join(dir, "package.json"))) return dir;
    const parent = path.dirname(dir);
    if (parent === dir) return process.cwd();
    dir = parent;
  }
}

export function migrationsFolder(): string {
  return path.join(projectRoot(), "db", "migrations");
}

export function resolveDatabasePath(p: string): string {
  return path.isAbsolute(p) ? p : path.join(projectRoot(), p);
}

/** Opens a connection with the pragmas every connection needs. */
export function openSqlite(file: string): Database.Database {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const sqlite = new Database(file);
  sqlite.pragma("journal_mode = WAL");
  sqlite.pragma("synchronous = FULL");
  sqlite.pragma("foreign_keys = ON");
  sqlite.pragma("busy_timeout = 5000");
  // Sorts and counts that need a temporary b-tree (count(*) over (), ORDER BY without an index)
  // build it in memory rather than in a temporary file: 0.3 ms became 0.07 ms for a page's comments.
  sqlite.pragma("temp_store = MEMORY");
  return sqlite;
}

/**
 * Applies pending migrations. Foreign keys are off around migrate() because a table rebuild
 * inside a migration would otherwise cascade-delete child rows; the check afterwards refuses
 * to start on a database whose references broke.
 */
export function applyMigrations(sqlite: Database.Database, db: Parameters<typeof migrate>[0]) {
  sqlite.pragma("foreign_keys = OFF");
  try {
    migrate(db, { migrationsFolder: migrationsFolder() });
    const problems = sqlite.pragma("foreign_key_check") as unknown[];
    if (problems.length > 0) {
      throw new Error(`Migration left ${problems.length} broken foreign key reference(s)`);
    }
  } finally {
    sqlite.pragma("foreign_keys = ON");
  }
}

/**
 * Keeps compiled statements by their SQL text. drizzle prepares a statement for every query it
 * runs, and compiling the SQL again each time was about a millisecond of every page. Statements of
 * better-sqlite3 are reusable once a call has returned; one still being iterated (busy) is not
 * shared, and a reused one is put back in plain object mode, since drizzle reads some queries as
 * raw rows and others as objects.
 */
export function cacheStatementsOn(sqlite: Database.Database, max = 500): Database.Database {
  const prepare = sqlite.prepare;
  const cache = new Map<string, Database.Statement>();
  (sqlite as { prepare: (source: string) => Database.Statement }).prepare = function (this: Database.Database, source: string) {
    const hit = cache.get(source);
    if (hit && !hit.busy) {
      if (hit.reader) hit.raw(false).pluck(false).expand(false);
      return hit;
    }
    const statement = prepare.call(this, source) as Database.Statement;
    if (!hit) {
      if (cache.size >= max) cache.delete(cache.keys().next().value!);
      cache.set(source, statement);
    }
    return statement;
  };
  return sqlite;
}

type Connection = { sqlite: Database.Database; db: DB; file: string };

const globalKey = Symbol.for("ulg.db");
type G = typeof globalThis & { [globalKey]?: Connection };

function connect(): Connection {
  const file = resolveDatabasePath(process.env.DATABASE_PATH || "data/ulg.sqlite");
  const sqlite = openSqlite(file);
  const db = drizzle(sqlite, { schema });
  applyMigrations(sqlite, db);
  // Only the benchmark counts statements per request (server/request-stats.js); otherwise the
  // connection stays untouched.
  if (statementCountingEnabled()) countStatementsOn(sqlite);
  // After the counting wrapper, so a statement is wrapped once and counted on every run.
  cacheStatementsOn(sqlite);
  return { sqlite, db, file };
}

/** The one connection of this process, opened and migrated on first use. */
export function getConnection(): Connection {
  const g = globalThis as G;
  if (!g[globalKey]) g[globalKey] = connect();
  return g[globalKey];
}

export function getDb(): DB {
  return getConnection().db;
}

export function closeConnection() {
  const g = globalThis as G;
  g[globalKey]?.sqlite.close();
  g[globalKey] = undefined;
}
