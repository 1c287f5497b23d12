import { and, count, eq, isNotNull, isNull, sql } from "drizzle-orm";
import { getDb, type DB } from "#db/client.server";
import { cities, members, users, SECTORS, type Sector } from "#db/schema";
import type { MemberInput } from "~/utils/member-validation";
import { recordAudit } from "./audit.server";
import { inScopeParam, prepared, scopeValues } from "./prepared.server";
import { inScope, type Scope } from "./scope.server";
import { sharedCollator } from "~/utils/intl-cache";

export const MEMBERS_PAGE_SIZE = 25;
export type MemberStatus = "active" | "left" | "all";

export type MemberFilters = { q?: string; sector?: Sector; status: MemberStatus; page: number };

/**
 * Case-insensitive for every letter, not only ASCII: SQLite's LIKE folds only A–Z, so a search for
 * "örjan" would miss "Örjan". NFC so that a decomposed "ö" (typed on some systems) matches too.
 */
function searchKey(s: string | null) {
  return (s ?? "").normalize("NFC").toLowerCase();
}

/**
 * One page of the roster. Names sort with the city's language rules (Finnish puts Å, Ä, Ö after Z),
 * which SQLite cannot do, so the matching rows' ids and names are sorted here and one page fetched.
 */
export function listMembers(scope: Scope, filters: MemberFilters, locale: string) {
  const keysQuery = prepared(`memberKeys:${scope.kind}:${filters.status}:${filters.sector ? "sector" : "all"}`, (db) =>
    db
      .select({ id: members.id, name: members.name, organisation: members.organisation })
      .from(members)
      .where(
        and(
          inScopeParam(members.cityId, scope.kind),
          filters.status === "active" ? isNull(members.leftOn) : filters.status === "left" ? isNotNull(members.leftOn) : undefined,
          filters.sector ? eq(members.sector, sql.placeholder("sector")) : undefined,
        ),
      )
      .prepare(),
  );
  // The search runs here rather than in SQL (see searchKey); rosters are small, and these rows are
  // read for sorting anyway.
  let keys = keysQuery.all({ ...scopeValues(scope), sector: filters.sector ?? null });
  if (filters.q) {
    const q = searchKey(filters.q);
    keys = keys.filter((k) => searchKey(k.name).includes(q) || searchKey(k.organisation).includes(q));
  }
  const collator = sharedCollator(locale, { sensitivity: "base", numeric: true });
  keys.sort((a, b) => collator.compare(a.name, b.name) || a.id - b.id);
  const start = (filters.page - 1) * MEMBERS_PAGE_SIZE;
  const pageIds = keys.slice(start, start + MEMBERS_PAGE_SIZE).map((k) => k.id);
  const rowsQuery = prepared("memberRows", (db) =>
    db
      .select({
        id: members.id,
        name: members.name,
        organisation: members.organisation,
        sector: members.sector,
        position: members.position,
        leftOn: members.leftOn,
        erasedAt: members.erasedAt,
        hasAccount: sql<number>`${members.userId} is not null`,
        cityName: cities.name,
      })
      .from(members)
      .innerJoin(cities, eq(cities.id, members.cityId))
      .where(sql`${members.id} in (select value from json_each(${sql.placeholder("ids")}))`)
      .prepare(),
  );
  const rows = pageIds.length ? rowsQuery.all({ ids: JSON.stringify(pageIds) }) : [];
  const order = new Map(pageIds.map((id, i) => [id, i]));
  rows.sort((a, b) => order.get(a.id)! - order.get(b.id)!);
  return { rows: rows.map((r) => ({ ...r, hasAccount: Boolean(r.hasAccount) })), total: keys.length };
}

export function getMember(scope: Scope, id: number) {
  return (
    getDb()
      .select({
        id: members.id,
        cityId: members.cityId,
        userId: members.userId,
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
        erasedAt: members.erasedAt,
        cityName: cities.name,
        account: {
          active: users.active,
          hasPassword: sql<number>`${users.passwordHash} is not null`,
          erasureRequestedAt: users.erasureRequestedAt,
        },
      })
      .from(members)
      .innerJoin(cities, eq(cities.id, members.cityId))
      .leftJoin(users, eq(users.id, members.userId))
      .where(and(eq(members.id, id), inScope(members.cityId, scope)))
      .get() ?? null
  );
}

/** Active members by sector: the roster-health numbers. */
export function sectorCounts(scope: Scope) {
  const query = prepared(`sectorCounts:${scope.kind}`, (db) => activeBySector(db, scope.kind).prepare());
  return sectorCountsFrom(query.all(scopeValues(scope)));
}

/** Active members by sector as (sector, n) rows, for a prepared query (the city is the "cityId" value). */
export function activeBySector(db: DB, kind: Scope["kind"]) {
  return db
    .select({ sector: members.sector, n: count().as("n") })
    .from(members)
    .where(and(inScopeParam(members.cityId, kind), isNull(members.leftOn)))
    .groupBy(members.sector);
}

/** The roster-health numbers from activeBySector's rows: every sector (0 when none) and the total. */
export function sectorCountsFrom(rows: { sector: Sector; n: number }[]) {
  const bySector = Object.fromEntries(SECTORS.map((s) => [s, 0])) as Record<Sector, number>;
  for (const r of rows) bySector[r.sector] = r.n;
  const active = rows.reduce((sum, r) => sum + r.n, 0);
  return { active, bySector };
}

export function memberEmailTaken(cityId: number, email: string, exceptId?: number): boolean {
  const row = getDb()
    .select({ id: members.id })
    .from(members)
    .where(and(eq(members.cityId, cityId), eq(members.email, email)))
    .get();
  return Boolean(row && row.id !== exceptId);
}

export function createMember(cityId: number, values: MemberInput, actor: { id: number; ipAddress?: string }) {
  const db = getDb();
  return db.transaction((tx) => {
    const row = tx.insert(members).values({ ...values, cityId }).returning({ id: members.id }).get();
    recordAudit({ action: "member.create", actorUserId: actor.id, cityId, entityType: "member", entityId: row.id, ipAddress: actor.ipAddress });
    return row.id;
  });
}

/** Updates a member inside the scope; false when it is not there (another city's or unknown). */
export function updateMember(scope: Scope, id: number, values: MemberInput, actor: { id: number; ipAddress?: string }): boolean {
  const db = getDb();
  return db.transaction((tx) => {
    const res = tx.update(members).set(values).where(and(eq(members.id, id), inScope(members.cityId, scope))).run();
    if (res.changes !== 1) return false;
    const changed = Object.keys(values);
    const cityId = tx.select({ cityId: members.cityId }).from(members).where(eq(members.id, id)).get()!.cityId;
    recordAudit({ action: "member.update", actorUserId: actor.id, cityId, entityType: "member", entityId: id, detail: { fields: changed }, ipAddress: actor.ipAddress });
    return true;
  });
}

/**
 * Ends a membership: the row and its history stay; the person's account (if any) is deactivated.
 * The caller ends the sessions (returned user id) — outside the transaction it is a separate write.
 */
export function endMembership(scope: Scope, id: number, leftOn: string, actor: { id: number; ipAddress?: string }) {
  const db = getDb();
  return db.transaction((tx) => {
    const member = tx
      .select({ id: members.id, cityId: members.cityId, userId: members.userId, leftOn: members.leftOn })
      .from(members)
      .where(and(eq(members.id, id), inScope(members.cityId, scope)))
      .get();
    if (!member) return { status: "not_found" as const };
    if (member.leftOn) return { status: "already_left" as const };
    tx.update(members).set({ leftOn }).where(eq(members.id, id)).run();
    if (member.userId) tx.update(users).set({ active: false }).where(eq(users.id, member.userId)).run();
    recordAudit({ action: "member.end", actorUserId: actor.id, cityId: member.cityId, entityType: "member", entityId: id, detail: { leftOn }, ipAddress: actor.ipAddress });
    return { status: "ended" as const, userId: member.userId };
  });
}

/** Brings a member who left back onto the roster (their account stays deactivated until re-invited). */
export function rejoinMember(scope: Scope, id: number, actor: { id: number; ipAddress?: string }): boolean {
  const db = getDb();
  return db.transaction((tx) => {
    const member = tx.select({ cityId: members.cityId, erasedAt: members.erasedAt }).from(members).where(and(eq(members.id, id), inScope(members.cityId, scope))).get();
    if (!member || member.erasedAt) return false;
    tx.update(members).set({ leftOn: null }).where(eq(members.id, id)).run();
    recordAudit({ action: "member.rejoin", actorUserId: actor.id, cityId: member.cityId, entityType: "member", entityId: id, ipAddress: actor.ipAddress });
    return true;
  });
}
