import { count } from "drizzle-orm";
import { getConnection, getDb } from "#db/client.server";
import { setupTokens, users } from "#db/schema";
import { purgeExpiredSessions } from "~/auth/session.server";
import { startReminderJob } from "~/models/meeting-notices.server";
import { randomToken, sha256 } from "~/utils/crypto.server";
import { getEnv } from "~/utils/env.server";

const globalKey = Symbol.for("ulg.started");

/**
 * Runs once when the server loads the app: checks the configuration (a clear message and exit
 * when it is wrong), opens and migrates the database, and on an empty database prints a
 * one-time link to create the first admin.
 */
export function startup() {
  const g = globalThis as { [globalKey]?: boolean };
  if (g[globalKey]) return;
  g[globalKey] = true;
  const env = getEnv();
  const { file } = getConnection();
  if (env.NODE_ENV !== "test") console.log(`Database: ${file}`);
  purgeExpiredSessions();
  const link = createSetupLinkIfEmpty();
  if (link) {
    const base = `http://${env.HOST === "0.0.0.0" ? "localhost" : env.HOST}:${env.PORT}`;
    console.log(`\nNo accounts yet. Create the first admin account here (the link works once):\n  ${base}${link}\n`);
  }
  // Sessions that ran out are swept daily so the table stays small.
  setInterval(purgeExpiredSessions, 86_400_000).unref();
  startReminderJob();
}

/** A fresh one-time setup token when nobody can sign in yet; null otherwise. */
export function createSetupLinkIfEmpty(): string | null {
  const db = getDb();
  const userCount = db.select({ n: count() }).from(users).get()!.n;
  if (userCount > 0) return null;
  const token = randomToken();
  db.insert(setupTokens).values({ tokenHash: sha256(token) }).run();
  return `/setup?token=${token}`;
}
