import { and, desc, eq, isNull } from "drizzle-orm";
import { getDb } from "#db/client.server";
import { auditLog, authTokens, cities, members, sessions, users, type Language } from "#db/schema";
import { recordAudit } from "./audit.server";

/**
 * The signed-in person's own account: settings, password, erasure request and data export.
 * Every function here acts on one user id that comes from the session, never from the form.
 */

type Actor = { id: number; cityId: number | null; ipAddress?: string };

export function getAccount(userId: number) {
  return (
    getDb()
      .select({
        id: users.id,
        name: users.name,
        email: users.email,
        language: users.language,
        cityId: users.cityId,
        erasureRequestedAt: users.erasureRequestedAt,
      })
      .from(users)
      .where(eq(users.id, userId))
      .get() ?? null
  );
}

export function getPasswordHash(userId: number): string | null {
  return getDb().select({ passwordHash: users.passwordHash }).from(users).where(eq(users.id, userId)).get()?.passwordHash ?? null;
}

export function saveProfile(actor: Actor, values: { name: string; language: Language }) {
  getDb().transaction((tx) => {
    tx.update(users).set(values).where(eq(users.id, actor.id)).run();
    recordAudit({ action: "user.update_settings", actorUserId: actor.id, cityId: actor.cityId, entityType: "user", entityId: actor.id, ipAddress: actor.ipAddress });
  });
}

/**
 * Stores a new password hash (hashed by the caller, outside the transaction). Unused reset links
 * stop working too: a link mailed before the change must not undo it. The caller ends the other sessions.
 */
export function changePassword(actor: Actor, passwordHash: string) {
  getDb().transaction((tx) => {
    tx.update(users).set({ passwordHash }).where(eq(users.id, actor.id)).run();
    tx.update(authTokens)
      .set({ usedAt: new Date() })
      .where(and(eq(authTokens.userId, actor.id), eq(authTokens.kind, "reset"), isNull(authTokens.usedAt)))
      .run();
    recordAudit({ action: "user.change_password", actorUserId: actor.id, cityId: actor.cityId, entityType: "user", entityId: actor.id, ipAddress: actor.ipAddress });
  });
}

/** Records the request (keeping the first date when asked twice); a coordinator carries it out. */
export function requestErasure(actor: Actor) {
  getDb().transaction((tx) => {
    const res = tx
      .update(users)
      .set({ erasureRequestedAt: new Date() })
      .where(and(eq(users.id, actor.id), isNull(users.erasureRequestedAt)))
      .run();
    if (res.changes === 1) {
      recordAudit({ action: "user.request_erasure", actorUserId: actor.id, cityId: actor.cityId, entityType: "user", entityId: actor.id, ipAddress: actor.ipAddress });
    }
  });
}

export function withdrawErasure(actor: Actor) {
  getDb().transaction((tx) => {
    const before = tx.select({ at: users.erasureRequestedAt }).from(users).where(eq(users.id, actor.id)).get();
    if (!before?.at) return;
    tx.update(users).set({ erasureRequestedAt: null }).where(eq(users.id, actor.id)).run();
    recordAudit({ action: "user.withdraw_erasure", actorUserId: actor.id, cityId: actor.cityId, entityType: "user", entityId: actor.id, ipAddress: actor.ipAddress });
  });
}

export const MY_DATA_AUDIT_LIMIT = 1000;

function parseDetail(detail: string | null): unknown {
  if (detail == null) return null;
  try {
    return JSON.parse(detail);
  } catch {
    return detail;
  }
}

/**
 * Everything the app holds about one person, for /settings/my-data.json. Each capability adds its
 * own top-level key (rsvps, attendance, ideas, comments…) next to these. Never the password hash,
 * session ids or token hashes.
 */
export function collectMyData(userId: number) {
  const db = getDb();
  const profile = db
    .select({
      id: users.id,
      name: users.name,
      email: users.email,
      role: users.role,
      language: users.language,
      active: users.active,
      createdAt: users.createdAt,
      erasureRequestedAt: users.erasureRequestedAt,
      city: { id: cities.id, name: cities.name, country: cities.country },
    })
    .from(users)
    .leftJoin(cities, eq(cities.id, users.cityId))
    .where(eq(users.id, userId))
    .get();
  if (!profile) return null;

  const rosterEntry =
    db
      .select({
        id: members.id,
        name: members.name,
        email: members.email,
        phone: members.phone,
        organisation: members.organisation,
        sector: members.sector,
        position: members.position,
        joinedOn: members.joinedOn,
        leftOn: members.leftOn,
        consentContact: members.consentContact,
        consentPhotos: members.consentPhotos,
        createdAt: members.createdAt,
      })
      .from(members)
      // The roster entry linked to this account, and only inside the account's own city.
      .where(and(eq(members.userId, userId), profile.city?.id != null ? eq(members.cityId, profile.city.id) : undefined))
      .get() ?? null;

  const signIns = db
    .select({ createdAt: sessions.createdAt, lastSeenAt: sessions.lastSeenAt, expiresAt: sessions.expiresAt, ipAddress: sessions.ipAddress, userAgent: sessions.userAgent })
    .from(sessions)
    .where(eq(sessions.userId, userId))
    .orderBy(desc(sessions.createdAt))
    .all();

  const activity = db
    .select({ at: auditLog.at, action: auditLog.action, entityType: auditLog.entityType, entityId: auditLog.entityId, detail: auditLog.detail, ipAddress: auditLog.ipAddress })
    .from(auditLog)
    .where(eq(auditLog.actorUserId, userId))
    .orderBy(desc(auditLog.at), desc(auditLog.id))
    .limit(MY_DATA_AUDIT_LIMIT)
    .all()
    .map((a) => ({ ...a, detail: parseDetail(a.detail) }));

  return {
    exportedAt: new Date(),
    profile: { ...profile, city: profile.city?.id != null ? profile.city : null },
    rosterEntry,
    sessions: signIns,
    activity: { limit: MY_DATA_AUDIT_LIMIT, entries: activity },
  };
}

export type MyData = NonNullable<ReturnType<typeof collectMyData>>;
