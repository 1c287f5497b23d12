import { asc, count, eq, sql } from "drizzle-orm";
import { getDb } from "#db/client.server";
import { cities, members, users } from "#db/schema";
import { recordAudit } from "./audit.server";

/** Every partner city with its counts, in one query (the network is ten cities). */
export function listCitiesWithCounts() {
  const db = getDb();
  const memberCounts = db
    .select({ cityId: members.cityId, n: count().as("member_n") })
    .from(members)
    .where(sql`${members.leftOn} is null`)
    .groupBy(members.cityId)
    .as("mc");
  const userCounts = db
    .select({ cityId: users.cityId, n: count().as("user_n") })
    .from(users)
    .where(eq(users.active, true))
    .groupBy(users.cityId)
    .as("uc");
  return db
    .select({
      id: cities.id,
      name: cities.name,
      country: cities.country,
      isLeadPartner: cities.isLeadPartner,
      language: cities.language,
      timeZone: cities.timeZone,
      activeMembers: sql<number>`coalesce(${memberCounts.n}, 0)`,
      accounts: sql<number>`coalesce(${userCounts.n}, 0)`,
    })
    .from(cities)
    .leftJoin(memberCounts, eq(memberCounts.cityId, cities.id))
    .leftJoin(userCounts, eq(userCounts.cityId, cities.id))
    .orderBy(asc(cities.name))
    .all();
}

export function listCityOptions() {
  return getDb().select({ id: cities.id, name: cities.name, language: cities.language }).from(cities).orderBy(asc(cities.name)).all();
}

export function getCity(id: number) {
  return getDb().select().from(cities).where(eq(cities.id, id)).get() ?? null;
}

export function citySlugTaken(slug: string, exceptId?: number) {
  const row = getDb().select({ id: cities.id }).from(cities).where(eq(cities.slug, slug)).get();
  return Boolean(row && row.id !== exceptId);
}

type CityValues = { name: string; slug: string; country: string; language: string; timeZone: string; isLeadPartner: boolean };

/** Creates or updates a city; only one lead partner at a time. */
export function saveCity(id: number | null, values: CityValues, actor: { id: number; ipAddress?: string }): number {
  const db = getDb();
  return db.transaction((tx) => {
    if (values.isLeadPartner) tx.update(cities).set({ isLeadPartner: false }).run();
    const cityId =
      id == null
        ? tx.insert(cities).values(values).returning({ id: cities.id }).get().id
        : (tx.update(cities).set(values).where(eq(cities.id, id)).run(), id);
    recordAudit({ action: id == null ? "city.create" : "city.update", actorUserId: actor.id, cityId, entityType: "city", entityId: cityId, ipAddress: actor.ipAddress });
    return cityId;
  });
}
