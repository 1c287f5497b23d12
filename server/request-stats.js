// Per-request SQL statement counting for the benchmark (npm run bench). Off unless ULG_BENCH=1:
// then nothing is wrapped and no middleware is installed, so normal servers pay nothing.
//
// Plain JavaScript because server.js (run by node directly) and the server build (bundled by
// Vite) both load it; they get separate module copies, so the one AsyncLocalStorage lives on
// globalThis under a registered symbol.
import { AsyncLocalStorage } from "node:async_hooks";

const storageKey = Symbol.for("ulg.requestStats");
const wrappedKey = Symbol("ulg.countedStatement");

/** @typedef {{ statements: number, sqlMs?: number }} RequestStats */

/**
 * True when the benchmark asked for statement counting.
 * @param {Record<string, string | undefined>} [env]
 */
export function statementCountingEnabled(env = process.env) {
  return env.ULG_BENCH === "1";
}

/** @returns {AsyncLocalStorage<RequestStats>} */
function storage() {
  const g = /** @type {Record<symbol, AsyncLocalStorage<RequestStats> | undefined>} */ (/** @type {unknown} */ (globalThis));
  let s = g[storageKey];
  if (!s) {
    s = new AsyncLocalStorage();
    g[storageKey] = s;
  }
  return s;
}

/**
 * Runs fn with a fresh counter that every statement executed inside it (and inside whatever it
 * awaits) adds to.
 * @template T
 * @param {RequestStats} stats
 * @param {() => T} fn
 * @returns {T}
 */
export function runCountingStatements(stats, fn) {
  return storage().run(stats, fn);
}

/**
 * Counts one statement of the current request (if any) and adds the time it took.
 * @template T
 * @param {() => T} run
 * @returns {T}
 */
function counted(run) {
  const stats = storage().getStore();
  if (!stats) return run();
  stats.statements += 1;
  const started = process.hrtime.bigint();
  try {
    return run();
  } finally {
    stats.sqlMs = (stats.sqlMs ?? 0) + Number(process.hrtime.bigint() - started) / 1e6;
  }
}

/**
 * Makes a better-sqlite3 connection count executions: every run/get/all/iterate of a prepared
 * statement, and every exec() and pragma(). drizzle prepares a statement per query, but a
 * statement prepared once and run in a loop must count once per run, so executions are counted,
 * not preparations. BEGIN/COMMIT of db.transaction() are not counted (they never reach prepare).
 * @param {import("better-sqlite3").Database} sqlite
 */
export function countStatementsOn(sqlite) {
  const prepare = sqlite.prepare;
  const exec = sqlite.exec;
  const pragma = sqlite.pragma;
  /** @type {any} */ (sqlite).prepare = function (/** @type {string} */ source) {
    const statement = prepare.call(this, source);
    // A statement handed out again (the connection's statement cache) is wrapped once only.
    if (statement[wrappedKey]) return statement;
    statement[wrappedKey] = true;
    for (const method of ["run", "get", "all", "iterate"]) {
      const original = statement[method];
      statement[method] = function (/** @type {unknown[]} */ ...args) {
        // iterate() returns a lazy iterator: its time is the first step's only.
        return counted(() => original.apply(this, args));
      };
    }
    return statement;
  };
  /** @type {any} */ (sqlite).exec = function (/** @type {string} */ source) {
    return counted(() => exec.call(this, source));
  };
  /** @type {any} */ (sqlite).pragma = function (/** @type {any[]} */ ...args) {
    return counted(() => pragma.apply(this, args));
  };
  return sqlite;
}

/**
 * Express middleware that counts the SQL statements of each request and reports them, with the
 * time they took and the time until the headers were written, in a Server-Timing header:
 *   Server-Timing: sql;desc="SQL statements";dur=7, db;desc="SQL time";dur=1.2, app;desc="server";dur=3.4
 * (`dur` carries the count for the sql metric: browsers and tools read it without a parser of
 * our own). Returns null when counting is off, so server.js installs nothing.
 * @param {Record<string, string | undefined>} [env]
 * @returns {((req: any, res: any, next: () => void) => void) | null}
 */
export function serverTimingMiddleware(env = process.env) {
  if (!statementCountingEnabled(env)) return null;
  return (req, res, next) => {
    /** @type {RequestStats} */
    const stats = { statements: 0 };
    const started = process.hrtime.bigint();
    const writeHead = res.writeHead;
    // Headers go out after the loaders ran (HTML, data and file responses alike), so the count
    // is complete for everything a request reads before it answers.
    res.writeHead = function (/** @type {any[]} */ ...args) {
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      res.setHeader(
        "Server-Timing",
        `sql;desc="SQL statements";dur=${stats.statements}, db;desc="SQL time";dur=${(stats.sqlMs ?? 0).toFixed(1)}, app;desc="server";dur=${ms.toFixed(1)}`,
      );
      return writeHead.apply(this, args);
    };
    runCountingStatements(stats, next);
  };
}

/**
 * Reads the statement count back from a Server-Timing header; null when absent.
 * @param {string | null | undefined} header
 */
export function sqlStatementsFromServerTiming(header) {
  const match = /(?:^|,)\s*sql;[^,]*?dur=(\d+)/.exec(header ?? "");
  return match ? Number(match[1]) : null;
}
