import { and, eq, isNull } from "drizzle-orm";
import { getDb } from "#db/client.server";
import { authTokens, users } from "#db/schema";
import { randomToken, sha256 } from "~/utils/crypto.server";

export type TokenKind = (typeof authTokens.$inferSelect)["kind"];

export const TOKEN_TTL_MS: Record<TokenKind, number> = {
  invite: 7 * 86_400_000,
  reset: 60 * 60_000,
};

/** A new single-use token for the user; earlier unused tokens of the same kind stop working. Returns the raw token (only ever sent, never stored). */
export function issueToken(kind: TokenKind, userId: number, createdByUserId: number | null = null): string {
  const db = getDb();
  const token = randomToken();
  const now = Date.now();
  db.transaction((tx) => {
    tx.update(authTokens)
      .set({ usedAt: new Date(now) })
      .where(and(eq(authTokens.userId, userId), eq(authTokens.kind, kind), isNull(authTokens.usedAt)))
      .run();
    tx.insert(authTokens)
      .values({ tokenHash: sha256(token), kind, userId, createdByUserId, createdAt: new Date(now), expiresAt: new Date(now + TOKEN_TTL_MS[kind]) })
      .run();
  });
  return token;
}

export type TokenLookup =
  | { status: "valid"; tokenId: number; user: { id: number; email: string; name: string; language: string; cityId: number | null; active: boolean } }
  | { status: "unknown" | "used" | "expired" };

export function lookupToken(kind: TokenKind, token: string): TokenLookup {
  if (!token || token.length > 200) return { status: "unknown" };
  const row = getDb()
    .select({
      id: authTokens.id,
      usedAt: authTokens.usedAt,
      expiresAt: authTokens.expiresAt,
      user: { id: users.id, email: users.email, name: users.name, language: users.language, cityId: users.cityId, active: users.active },
    })
    .from(authTokens)
    .innerJoin(users, eq(users.id, authTokens.userId))
    .where(and(eq(authTokens.tokenHash, sha256(token)), eq(authTokens.kind, kind)))
    .get();
  if (!row) return { status: "unknown" };
  if (row.usedAt) return { status: "used" };
  if (row.expiresAt.getTime() <= Date.now()) return { status: "expired" };
  return { status: "valid", tokenId: row.id, user: row.user };
}

/** Marks the token used; false when someone used it meanwhile. Call inside the transaction that acts on it. */
export function consumeToken(tokenId: number): boolean {
  const res = getDb()
    .update(authTokens)
    .set({ usedAt: new Date() })
    .where(and(eq(authTokens.id, tokenId), isNull(authTokens.usedAt)))
    .run();
  return res.changes === 1;
}
