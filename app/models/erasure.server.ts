import { and, asc, eq, inArray, isNotNull, isNull, sql } from "drizzle-orm";
import { getDb } from "#db/client.server";
import { auditLog, authTokens, cities, loginFailures, members, outbox, sessions, users } from "#db/schema";
import { ERASED_MEMBER_NAME } from "~/utils/member-display";
import { recordAudit } from "./audit.server";
import { inScopeParam, prepared, scopeValues } from "./prepared.server";
import { inScope, type Scope } from "./scope.server";

/** The address an erased account gets: unique (users.email is unique) and never deliverable (RFC 2606 `.invalid`). */
export function erasedEmail(userId: number): string {
  return `erased-${userId}@invalid`;
}

/** Today's date (YYYY-MM-DD) in a time zone; en-CA formats dates that way. */
function todayIn(timeZone: string, now = new Date()): string {
  return new Intl.DateTimeFormat("en-CA", { timeZone, year: "numeric", month: "2-digit", day: "2-digit" }).format(now);
}

/** What the erase page shows: the roster entry inside the scope, its linked account and whether the person asked. */
export function getErasureTarget(scope: Scope, memberId: number) {
  return (
    getDb()
      .select({
        id: members.id,
        cityId: members.cityId,
        userId: members.userId,
        name: members.name,
        organisation: members.organisation,
        sector: members.sector,
        leftOn: members.leftOn,
        erasedAt: members.erasedAt,
        erasureRequestedAt: users.erasureRequestedAt,
        accountActive: users.active,
      })
      .from(members)
      .leftJoin(users, eq(users.id, members.userId))
      .where(and(eq(members.id, memberId), inScope(members.cityId, scope)))
      .get() ?? null
  );
}

export type EraseResult = { status: "not_found" } | { status: "already_erased"; erasedAt: Date } | { status: "self" } | { status: "erased"; userId: number | null };

/**
 * Removes a person's personal data in one transaction. The roster row stays (attendance, minutes and
 * ideas keep pointing at it) with an empty name that the UI shows as "Former member"; organisation
 * and sector stay because they describe the group, not the person (docs/decisions/004-erasure.md).
 * The linked account is emptied and deactivated, and every session of it ends here, in the same transaction.
 */
export function eraseMember(scope: Scope, memberId: number, actor: { id: number; ipAddress?: string }): EraseResult {
  const db = getDb();
  return db.transaction((tx) => {
    const member = tx
      .select({ id: members.id, cityId: members.cityId, userId: members.userId, email: members.email, leftOn: members.leftOn, erasedAt: members.erasedAt, timeZone: cities.timeZone })
      .from(members)
      .innerJoin(cities, eq(cities.id, members.cityId))
      .where(and(eq(members.id, memberId), inScope(members.cityId, scope)))
      .get();
    if (!member) return { status: "not_found" };
    if (member.erasedAt) return { status: "already_erased", erasedAt: member.erasedAt };
    if (member.userId === actor.id) return { status: "self" };

    const now = new Date();
    tx.update(members)
      .set({
        name: ERASED_MEMBER_NAME,
        email: null,
        phone: null,
        position: null,
        consentContact: false,
        consentPhotos: false,
        erasedAt: now,
        leftOn: member.leftOn ?? todayIn(member.timeZone, now),
      })
      .where(eq(members.id, member.id))
      .run();

    const addresses = new Set<string>();
    if (member.email) addresses.add(member.email.toLowerCase());
    let requested = false;
    if (member.userId != null) {
      const user = tx.select({ email: users.email, erasureRequestedAt: users.erasureRequestedAt }).from(users).where(eq(users.id, member.userId)).get();
      if (user) {
        addresses.add(user.email.toLowerCase());
        requested = user.erasureRequestedAt != null;
      }
      tx.update(users)
        .set({ active: false, email: erasedEmail(member.userId), name: "", passwordHash: null, erasureRequestedAt: null })
        .where(eq(users.id, member.userId))
        .run();
      tx.delete(sessions).where(eq(sessions.userId, member.userId)).run();
      tx.delete(authTokens).where(eq(authTokens.userId, member.userId)).run();
    }

    if (addresses.size > 0) {
      const list = [...addresses];
      // Mail still waiting for the person carries their name, address and sign-in links.
      tx.delete(outbox).where(inArray(sql`lower(${outbox.toAddress})`, list)).run();
      // Audit rows stay (with their actor ids); only the e-mail typed at sign-in is removed from them.
      tx.update(auditLog).set({ actorLabel: null }).where(inArray(sql`lower(${auditLog.actorLabel})`, list)).run();
      tx.delete(loginFailures).where(inArray(loginFailures.email, list)).run();
    }

    recordAudit({
      action: "member.erase",
      actorUserId: actor.id,
      cityId: member.cityId,
      entityType: "member",
      entityId: member.id,
      detail: { userId: member.userId, requested },
      ipAddress: actor.ipAddress,
    });
    return { status: "erased", userId: member.userId };
  });
}

/** Roster entries whose person asked for erasure and is not erased yet, oldest request first. */
export function pendingErasureRequests(scope: Scope) {
  const query = prepared(`pendingErasureRequests:${scope.kind}`, (db) =>
    db
      .select({ memberId: members.id, name: members.name, requestedAt: users.erasureRequestedAt, timeZone: cities.timeZone })
      .from(members)
      .innerJoin(users, eq(users.id, members.userId))
      .innerJoin(cities, eq(cities.id, members.cityId))
      .where(and(inScopeParam(members.cityId, scope.kind), isNotNull(users.erasureRequestedAt), isNull(members.erasedAt)))
      .orderBy(asc(users.erasureRequestedAt), asc(members.id))
      .limit(100)
      .prepare(),
  );
  return query.all(scopeValues(scope));
}
