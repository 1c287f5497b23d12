// `npm run db:backup [target]`: a consistent copy of the live database through SQLite's online
// backup API, checked with PRAGMA integrity_check before it is reported as good.
import Database from "better-sqlite3";
import fs from "node:fs";
import path from "node:path";
import { resolveDatabasePath } from "../db/client.server";

const source = resolveDatabasePath(process.env.DATABASE_PATH || "data/ulg.sqlite");
if (!fs.existsSync(source)) {
  console.error(`No database at ${source} (set DATABASE_PATH).`);
  process.exit(1);
}
const stamp = new Date().toISOString().replace(/[:.]/g, "-");
const target = path.resolve(process.argv[2] ?? path.join(path.dirname(source), "backups", `${path.basename(source, ".sqlite")}-${stamp}.sqlite`));
fs.mkdirSync(path.dirname(target), { recursive: true });
if (fs.existsSync(target)) {
  console.error(`Refusing to overwrite ${target}.`);
  process.exit(1);
}

const live = new Database(source, { fileMustExist: true });
live.pragma("busy_timeout = 5000");
await live.backup(target);
live.close();

const copy = new Database(target, { readonly: true });
const result = copy.pragma("integrity_check", { simple: true });
const tables = copy.prepare("select count(*) as n from sqlite_master where type = 'table'").get() as { n: number };
copy.close();
if (result !== "ok") {
  console.error(`Backup written to ${target} but integrity_check said: ${String(result)}`);
  process.exit(1);
}
console.log(`Backup written to ${target} (${tables.n} tables, integrity_check ok)`);
