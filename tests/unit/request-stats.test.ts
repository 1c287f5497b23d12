// The benchmark's statement counter (server/request-stats.js): counts what one request runs,
// keeps concurrent requests apart, and is entirely absent unless ULG_BENCH=1.
import Database from "better-sqlite3";
import express from "express";
import type { AddressInfo } from "node:net";
import { describe, expect, it, vi } from "vitest";
import { getConnection } from "#db/client.server";
import { loader as membersLoader } from "~/routes/members._index";
import { loader as bareLoader } from "~/routes/bench.bare";
import {
  countStatementsOn,
  runCountingStatements,
  serverTimingMiddleware,
  sqlStatementsFromServerTiming,
  statementCountingEnabled,
} from "../../server/request-stats.js";
import { context, cookieFor, makeCity, makeMember, makeUser, request, settle } from "./factories";

const tick = () => new Promise((resolve) => setTimeout(resolve, 1));

async function serve(app: express.Express, fn: (base: string) => Promise<void>) {
  const server = app.listen(0, "127.0.0.1");
  await new Promise((resolve) => server.once("listening", resolve));
  try {
    await fn(`http://127.0.0.1:${(server.address() as AddressInfo).port}`);
  } finally {
    await new Promise((resolve) => server.close(resolve));
  }
}

function appWith(sqlite: Database.Database, env: Record<string, string | undefined>) {
  const app = express();
  const timing = serverTimingMiddleware(env);
  if (timing) app.use(timing);
  app.get("/three", async (_req, res) => {
    sqlite.prepare("select 1").get();
    await tick();
    const stmt = sqlite.prepare("select ? as n");
    stmt.get(1);
    await tick();
    stmt.all(2);
    res.type("text/plain").send("ok");
  });
  return app;
}

describe("SQL statement counting", () => {
  it("is off by default: nothing wrapped, no middleware, no header", async () => {
    expect(process.env.ULG_BENCH).toBeUndefined();
    expect(statementCountingEnabled()).toBe(false);
    expect(statementCountingEnabled({ ULG_BENCH: "0" })).toBe(false);
    expect(serverTimingMiddleware({})).toBeNull();
    // The app's own connection caches statements (db/client.server.ts) but never counts them:
    // its statements run through better-sqlite3's own methods.
    const { sqlite } = getConnection();
    const statement = sqlite.prepare("select 1");
    expect(statement.get).toBe(Object.getPrototypeOf(statement).get);
    expect(Object.prototype.hasOwnProperty.call(statement, "get")).toBe(false);
    expect(sqlite.exec).toBe(Database.prototype.exec);

    const plain = new Database(":memory:");
    await serve(appWith(plain, {}), async (base) => {
      const res = await fetch(`${base}/three`);
      expect(await res.text()).toBe("ok");
      expect(res.headers.get("server-timing")).toBeNull();
    });
    plain.close();
  });

  it("counts executions per request, across awaits, keeping concurrent requests apart", async () => {
    const sqlite = countStatementsOn(new Database(":memory:"));
    sqlite.exec("create table t (n integer)");
    const insert = sqlite.prepare("insert into t values (?)");
    // Outside a request nothing is counted and nothing breaks.
    insert.run(1);

    const a = { statements: 0 };
    const b = { statements: 0 };
    await Promise.all([
      runCountingStatements(a, async () => {
        for (let i = 0; i < 3; i++) {
          insert.run(i); // prepared once, run three times: three statements
          await tick();
        }
      }),
      runCountingStatements(b, async () => {
        await tick();
        sqlite.prepare("select count(*) from t").get();
        sqlite.pragma("user_version");
      }),
    ]);
    expect(a.statements).toBe(3);
    expect(b.statements).toBe(2);
    // drizzle's raw() mode still goes through the counted methods.
    const c = { statements: 0 };
    runCountingStatements(c, () => sqlite.prepare("select n from t").raw().all());
    expect(c.statements).toBe(1);
    sqlite.close();
  });

  it("reports the count of one HTTP request in Server-Timing when on", async () => {
    const sqlite = countStatementsOn(new Database(":memory:"));
    await serve(appWith(sqlite, { ULG_BENCH: "1" }), async (base) => {
      const [one, two] = await Promise.all([fetch(`${base}/three`), fetch(`${base}/three`)]);
      for (const res of [one, two]) {
        const header = res.headers.get("server-timing");
        expect(header).toMatch(/^sql;desc="SQL statements";dur=3, db;desc="SQL time";dur=\d+\.\d, app;desc="server";dur=\d+\.\d$/);
        expect(sqlStatementsFromServerTiming(header)).toBe(3);
      }
    });
    sqlite.close();
    expect(sqlStatementsFromServerTiming(null)).toBeNull();
  });

  it("counts a real loader's statements, session lookup included, as the prepare spy sees them", async () => {
    const city = makeCity();
    const coordinator = await makeUser("ulg_coordinator", city.id);
    for (let i = 0; i < 5; i++) makeMember(city.id);
    const cookie = await cookieFor(coordinator.id);
    const { sqlite } = getConnection();
    countStatementsOn(sqlite);
    try {
      const spy = vi.spyOn(sqlite, "prepare");
      const stats = { statements: 0 };
      const page = await runCountingStatements(stats, () =>
        membersLoader({ request: request("/members", { cookie }), context: context(), params: {} }),
      );
      expect(page.rows).toHaveLength(5);
      // drizzle prepares once per query, so here executions and preparations agree; the first
      // of them is the session lookup.
      expect(stats.statements).toBe(spy.mock.calls.length);
      expect(stats.statements).toBeGreaterThan(1);
      expect(String(spy.mock.calls[0][0])).toMatch(/from "sessions"/);
    } finally {
      // The wrappers are own properties over the prototype's methods: removing them restores the connection.
      delete (sqlite as unknown as Record<string, unknown>).prepare;
      delete (sqlite as unknown as Record<string, unknown>).exec;
      delete (sqlite as unknown as Record<string, unknown>).pragma;
    }
  });

  it("serves the bare page only when the bench is on, and it reads nothing", async () => {
    const off = (await settle(() => bareLoader({ request: request("/bench/bare"), context: context(), params: {} }))) as Response;
    expect(off.status).toBe(404);
    vi.stubEnv("ULG_BENCH", "1");
    try {
      const spy = vi.spyOn(getConnection().sqlite, "prepare");
      expect(await bareLoader({ request: request("/bench/bare"), context: context(), params: {} })).toEqual({ ok: true });
      expect(spy).not.toHaveBeenCalled();
    } finally {
      vi.unstubAllEnvs();
    }
  });
});
