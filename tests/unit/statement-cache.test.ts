// The connection's statement cache (db/client.server.ts): one compiled statement per SQL text,
// reused without carrying a previous caller's row mode, never shared while it is being iterated,
// and still counted once per run when the benchmark counts statements.
import Database from "better-sqlite3";
import { describe, expect, it } from "vitest";
import { cacheStatementsOn } from "#db/client.server";
import { countStatementsOn, runCountingStatements } from "../../server/request-stats.js";

function memory() {
  const sqlite = new Database(":memory:");
  sqlite.exec("create table t (id integer primary key, name text); insert into t (name) values ('a'), ('b'), ('c');");
  return sqlite;
}

describe("statement cache", () => {
  it("gives back the same statement for the same SQL, in object mode whatever the last caller chose", () => {
    const sqlite = cacheStatementsOn(memory());
    const first = sqlite.prepare("select id, name from t order by id");
    expect(first.raw().all()).toEqual([[1, "a"], [2, "b"], [3, "c"]]);
    const again = sqlite.prepare("select id, name from t order by id");
    expect(again).toBe(first);
    expect(again.get()).toEqual({ id: 1, name: "a" });
    again.pluck();
    expect(sqlite.prepare("select id, name from t order by id").all()).toEqual([
      { id: 1, name: "a" },
      { id: 2, name: "b" },
      { id: 3, name: "c" },
    ]);
    // Writes reuse their statement too.
    const insert = sqlite.prepare("insert into t (name) values (?)");
    expect(sqlite.prepare("insert into t (name) values (?)")).toBe(insert);
    insert.run("d");
    expect(sqlite.prepare("select count(*) as n from t").get()).toEqual({ n: 4 });
  });

  it("prepares a fresh statement while the cached one is still being iterated", () => {
    const sqlite = cacheStatementsOn(memory());
    const seen: string[] = [];
    for (const row of sqlite.prepare("select name from t order by id").iterate() as Iterable<{ name: string }>) {
      const inner = sqlite.prepare("select name from t order by id").all() as { name: string }[];
      seen.push(`${row.name}:${inner.length}`);
    }
    expect(seen).toEqual(["a:3", "b:3", "c:3"]);
  });

  it("keeps at most the given number of statements", () => {
    const sqlite = cacheStatementsOn(memory(), 2);
    const a = sqlite.prepare("select 1");
    sqlite.prepare("select 2");
    sqlite.prepare("select 3");
    expect(sqlite.prepare("select 1")).not.toBe(a);
  });

  it("counts a cached statement once per run when statements are counted", () => {
    const sqlite = cacheStatementsOn(countStatementsOn(memory()));
    const stats = { statements: 0 };
    runCountingStatements(stats, () => {
      for (let i = 0; i < 3; i++) sqlite.prepare("select name from t where id = ?").get(1);
    });
    expect(stats.statements).toBe(3);
  });
});
