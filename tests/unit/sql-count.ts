// Counts the SQL statements the app runs: every execution (run/get/all/iterate) of any statement
// of better-sqlite3, whether drizzle prepared it just now, took it from the connection's statement
// cache or keeps it as a prepared query. Counting preparations instead would miss the last two.
import Database from "better-sqlite3";
import { forgetSharedSessionLookups } from "~/auth/session.server";

const METHODS = ["run", "get", "all", "iterate"] as const;

export function spyOnStatements() {
  // Tests run many requests in one turn of the event loop; each counted request looks its session up.
  forgetSharedSessionLookups();
  const probe = new Database(":memory:");
  const proto = Object.getPrototypeOf(probe.prepare("select 1")) as Record<string, (...args: unknown[]) => unknown>;
  probe.close();
  const originals = METHODS.map((m) => [m, proto[m]] as const);
  let n = 0;
  for (const [m, original] of originals) {
    proto[m] = function (this: unknown, ...args: unknown[]) {
      n += 1;
      return original.apply(this, args);
    };
  }
  return {
    count: () => n,
    restore: () => {
      for (const [m, original] of originals) proto[m] = original;
    },
  };
}
