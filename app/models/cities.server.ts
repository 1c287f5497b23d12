import { asc, count, eq, sql } from "drizzle-orm";
import { getDb } from "#db/client.server";
import { cities, members, users } from "#db/schema";

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
