import { and, asc, eq, gt, lt, or } from "drizzle-orm";
import { getDb } from "#db/client.server";
import { loginFailures } from "#db/schema";

export const WINDOW_MS = 15 * 60_000;
export const MAX_FAILURES = 10;

/**
 * Minutes to wait before another sign-in attempt for this e-mail or client address is taken,
 * or 0 when it may go ahead. Only failures inside the last 15 minutes count, so the real owner
 * is never locked out for good; refused attempts are not recorded, so hammering does not extend it.
 */
export function signInWaitMinutes(email: string, ipAddress: string, now = Date.now()): number {
  const db = getDb();
  const since = new Date(now - WINDOW_MS);
  const rows = db
    .select({ email: loginFailures.email, ipAddress: loginFailures.ipAddress, at: loginFailures.at })
    .from(loginFailures)
    .where(and(gt(loginFailures.at, since), or(eq(loginFailures.email, email), eq(loginFailures.ipAddress, ipAddress))))
    .orderBy(asc(loginFailures.at))
    .all();
  let waitUntil = 0;
  for (const key of ["email", "ipAddress"] as const) {
    const value = key === "email" ? email : ipAddress;
    const mine = rows.filter((r) => r[key] === value);
    // "More than 10" failures: the 11th attempt onwards is refused until enough of them age out.
    if (mine.length >= MAX_FAILURES) {
      const freeAt = mine[mine.length - MAX_FAILURES].at.getTime() + WINDOW_MS;
      waitUntil = Math.max(waitUntil, freeAt);
    }
  }
  return waitUntil > now ? Math.max(1, Math.ceil((waitUntil - now) / 60_000)) : 0;
}

export function recordSignInFailure(email: string, ipAddress: string) {
  const db = getDb();
  db.insert(loginFailures).values({ email, ipAddress, at: new Date() }).run();
  // Keep the table small: nothing older than the window matters.
  db.delete(loginFailures).where(lt(loginFailures.at, new Date(Date.now() - WINDOW_MS))).run();
}
