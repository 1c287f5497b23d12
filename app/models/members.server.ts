import { and, count, eq, isNotNull, isNull, like, or, sql } from "drizzle-orm";
import { getDb } from "#db/client.server";
import { cities, members, SECTORS, type Sector } from "#db/schema";
import { inScope, type Scope } from "./scope.server";

export const MEMBERS_PAGE_SIZE = 25;
export type MemberStatus = "active" | "left" | "all";

export type MemberFilters = { q?: string; sector?: Sector; status: MemberStatus; page: number };

function escapeLike(q: string) {
  return `%${q.replace(/[%_\\]/g, (c) => `\\${c}`)}%`;
}

/**
 * One page of the roster. Names sort with the city's language rules (Finnish puts Å, Ä, Ö after Z),
 * which SQLite cannot do, so the matching rows' ids and names are sorted here and one page fetched.
 */
export function listMembers(scope: Scope, filters: MemberFilters, locale: string) {
  const db = getDb();
  const conditions = [inScope(members.cityId, scope)];
  if (filters.status === "active") conditions.push(isNull(members.leftOn));
  if (filters.status === "left") conditions.push(isNotNull(members.leftOn));
  if (filters.sector) conditions.push(eq(members.sector, filters.sector));
  if (filters.q) {
    const p = escapeLike(filters.q);
    conditions.push(or(sql`${members.name} like ${p} escape '\\'`, sql`${members.organisation} like ${p} escape '\\'`));
  }
  const where = and(...conditions);
  const keys = db.select({ id: members.id, name: members.name }).from(members).where(where).all();
  const collator = new Intl.Collator(locale, { sensitivity: "base", numeric: true });
  keys.sort((a, b) => collator.compare(a.name, b.name) || a.id - b.id);
  const start = (filters.page - 1) * MEMBERS_PAGE_SIZE;
  const pageIds = keys.slice(start, start + MEMBERS_PAGE_SIZE).map((k) => k.id);
  const rows = pageIds.length
    ? db
        .select({
          id: members.id,
          name: members.name,
          organisation: members.organisation,
          sector: members.sector,
          position: members.position,
          leftOn: members.leftOn,
          hasAccount: sql<number>`${members.userId} is not null`,
          cityName: cities.name,
        })
        .from(members)
        .innerJoin(cities, eq(cities.id, members.cityId))
        .where(sql`${members.id} in (select value from json_each(${JSON.stringify(pageIds)}))`)
        .all()
    : [];
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
        cityName: cities.name,
      })
      .from(members)
      .innerJoin(cities, eq(cities.id, members.cityId))
      .where(and(eq(members.id, id), inScope(members.cityId, scope)))
      .get() ?? null
  );
}

/** Active members by sector: the roster-health numbers. */
export function sectorCounts(scope: Scope) {
  const rows = getDb()
    .select({ sector: members.sector, n: count() })
    .from(members)
    .where(and(inScope(members.cityId, scope), isNull(members.leftOn)))
    .groupBy(members.sector)
    .all();
  const bySector = Object.fromEntries(SECTORS.map((s) => [s, 0])) as Record<Sector, number>;
  for (const r of rows) bySector[r.sector] = r.n;
  const active = rows.reduce((sum, r) => sum + r.n, 0);
  return { active, bySector };
}
