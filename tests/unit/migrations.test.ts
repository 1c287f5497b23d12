import Database from "better-sqlite3";
import { drizzle } from "drizzle-orm/better-sqlite3";
import { migrate } from "drizzle-orm/better-sqlite3/migrator";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { applyMigrations, migrationsFolder, openSqlite } from "#db/client.server";

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "ulg-migrate-"));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

type Journal = { entries: { idx: number; tag: string }[] };
const journal = JSON.parse(fs.readFileSync(path.join(migrationsFolder(), "meta/_journal.json"), "utf8")) as Journal;

/** A copy of the migrations folder holding only the first `n` migrations. */
function firstMigrations(n: number): string {
  const dir = path.join(tmp, `first-${n}`);
  fs.mkdirSync(path.join(dir, "meta"), { recursive: true });
  const entries = journal.entries.slice(0, n);
  for (const e of entries) fs.copyFileSync(path.join(migrationsFolder(), `${e.tag}.sql`), path.join(dir, `${e.tag}.sql`));
  fs.writeFileSync(path.join(dir, "meta/_journal.json"), JSON.stringify({ ...journal, entries }));
  return dir;
}

// Rows written against the first schema; every later migration must keep them.
function fillFirstSchema(sqlite: Database.Database) {
  const now = Date.now();
  sqlite.exec(`
    insert into cities (id, slug, name, country, is_lead_partner, language, time_zone, created_at)
      values (1, 'iisalmi', 'Iisalmi', 'FI', 0, 'fi', 'Europe/Helsinki', ${now}),
             (2, 'sibenik', 'Šibenik', 'HR', 1, 'hr', 'Europe/Zagreb', ${now});
    insert into users (id, email, name, password_hash, role, city_id, language, active, created_at)
      values (1, 'a@example.org', 'Ä Ö', 'x', 'ulg_coordinator', 1, 'fi', 1, ${now}),
             (2, 'admin@example.org', 'Admin', 'x', 'admin', null, 'en', 1, ${now});
    insert into sessions (id_hash, user_id, created_at, last_seen_at, expires_at) values ('h1', 1, ${now}, ${now}, ${now + 1e9});
    insert into members (id, city_id, user_id, name, email, sector, consent_contact, consent_photos, created_at)
      values (1, 1, 1, 'Ä Ö', 'a@example.org', 'public', 1, 0, ${now}), (2, 1, null, 'Örjan', null, 'civic', 0, 0, ${now});
    insert into audit_log (at, actor_user_id, city_id, action) values (${now}, 1, 1, 'auth.sign_in');
  `);
}

const TABLES = ["cities", "users", "sessions", "members", "audit_log"];
const counts = (sqlite: Database.Database) =>
  Object.fromEntries(TABLES.map((t) => [t, (sqlite.prepare(`select count(*) as n from ${t}`).get() as { n: number }).n]));

describe("migrations", () => {
  it("apply to an empty database and again without change", () => {
    const sqlite = openSqlite(path.join(tmp, "empty.sqlite"));
    const db = drizzle(sqlite);
    applyMigrations(sqlite, db);
    applyMigrations(sqlite, db);
    const tables = sqlite.prepare("select name from sqlite_master where type='table'").all() as { name: string }[];
    for (const t of TABLES) expect(tables.map((r) => r.name)).toContain(t);
    expect(sqlite.pragma("foreign_keys", { simple: true })).toBe(1);
    expect(sqlite.pragma("journal_mode", { simple: true })).toBe("wal");
    sqlite.close();
  });

  it("keep every row of a database that already holds data", () => {
    const sqlite = openSqlite(path.join(tmp, "data.sqlite"));
    const db = drizzle(sqlite);
    migrate(db, { migrationsFolder: firstMigrations(1) });
    fillFirstSchema(sqlite);
    const before = counts(sqlite);
    const names = sqlite.prepare("select name from members order by id").all();
    applyMigrations(sqlite, db);
    expect(counts(sqlite)).toEqual(before);
    expect(sqlite.prepare("select name from members order by id").all()).toEqual(names);
    expect(sqlite.pragma("foreign_key_check")).toEqual([]);
    sqlite.close();
  });
});
