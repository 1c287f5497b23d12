import Database from "better-sqlite3";
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { getConnection, projectRoot } from "#db/client.server";
import { makeCity } from "./factories";

describe("npm run db:backup", () => {
  it("writes a consistent, checked copy of a live database", () => {
    const { file, sqlite } = getConnection();
    makeCity({ name: "Saldus" });
    // The live connection stays open (WAL) while the backup runs, as on a running server.
    const target = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "ulg-backup-")), "copy.sqlite");
    const out = execFileSync(path.join(projectRoot(), "node_modules/.bin/tsx"), ["scripts/backup.ts", target], {
      cwd: projectRoot(),
      env: { ...process.env, DATABASE_PATH: file },
      encoding: "utf8",
    });
    expect(out).toMatch(/integrity_check ok/);
    const copy = new Database(target, { readonly: true });
    const names = copy.prepare("select name from cities").all() as { name: string }[];
    expect(names.map((n) => n.name)).toContain("Saldus");
    expect(copy.pragma("integrity_check", { simple: true })).toBe("ok");
    copy.close();
    expect(sqlite.open).toBe(true);
    fs.rmSync(path.dirname(target), { recursive: true, force: true });
  });
});
