import { and, count, eq, isNull } from "drizzle-orm";
import { getDb } from "#db/client.server";
import { setupTokens, users } from "#db/schema";
import { sha256 } from "~/utils/crypto.server";

export function setupTokenIsValid(token: string): boolean {
  if (!token) return false;
  const db = getDb();
  const row = db.select({ usedAt: setupTokens.usedAt }).from(setupTokens).where(eq(setupTokens.tokenHash, sha256(token))).get();
  if (!row || row.usedAt) return false;
  return db.select({ n: count() }).from(users).get()!.n === 0;
}

/** Uses the token and creates the admin in one transaction; null when the token was used meanwhile. */
export function createFirstAdmin(token: string, values: { name: string; email: string; passwordHash: string }): number | null {
  const db = getDb();
  return db.transaction(() => {
    const used = db
      .update(setupTokens)
      .set({ usedAt: new Date() })
      .where(and(eq(setupTokens.tokenHash, sha256(token)), isNull(setupTokens.usedAt)))
      .run();
    if (used.changes !== 1) return null;
    if (db.select({ n: count() }).from(users).get()!.n > 0) return null;
    const row = db
      .insert(users)
      .values({ ...values, role: "admin", cityId: null, language: "en", active: true })
      .returning({ id: users.id })
      .get();
    return row.id;
  });
}
