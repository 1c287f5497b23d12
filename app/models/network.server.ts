import { and, asc, count, desc, eq, isNull, sql, type SQL } from "drizzle-orm";
import { getDb } from "#db/client.server";
import { cities, ideas, ideaStageChanges, meetings, type IdeaTheme } from "#db/schema";
import { sharedCollator } from "~/utils/intl-cache";
import { meetingListColumns } from "./meetings.server";

/** Shared ideas per page of /network. */
export const SHARED_IDEAS_PAGE_SIZE = 12;
/** The network holds 2–3 transnational meetings a year; this bounds the list whatever is stored. */
export const NETWORK_MEETINGS_LIMIT = 100;

/** The partner cities, lead partner first, then by name in the reader's language (ten rows, one query). */
export function listPartnerCities(locale: string) {
  const rows = getDb()
    .select({ id: cities.id, name: cities.name, country: cities.country, isLeadPartner: cities.isLeadPartner, language: cities.language })
    .from(cities)
    .all();
  const collator = sharedCollator(locale, { sensitivity: "base" });
  return rows.sort((a, b) => Number(b.isLeadPartner) - Number(a.isLeadPartner) || collator.compare(a.name, b.name) || a.id - b.id);
}

/**
 * The network's own meetings (no city: transnational meetings and the like) with their host city,
 * split into upcoming (soonest first) and past (newest first), from one query.
 */
export function listNetworkMeetings(now = new Date()) {
  const rows = getDb()
    .select({
      ...meetingListColumns,
      cancelledAt: meetings.cancelledAt,
      hostCityName: cities.name,
    })
    .from(meetings)
    .leftJoin(cities, eq(cities.id, meetings.hostCityId))
    .where(isNull(meetings.cityId))
    .orderBy(desc(meetings.startsAt), desc(meetings.id))
    .limit(NETWORK_MEETINGS_LIMIT)
    .all();
  const upcoming = rows.filter((m) => m.endsAt.getTime() >= now.getTime()).reverse();
  const past = rows.filter((m) => m.endsAt.getTime() < now.getTime());
  return { upcoming, past };
}

export type SharedIdeaFilters = { theme?: IdeaTheme; cityId?: number; page: number };

/**
 * One page of the ideas partner cities shared with the network, newest first, with the city: two
 * statements (page, total) through the (shared, created) index, whatever the number of ideas.
 * Author names stay out: sharing is the city's choice, not each member's (decision 005).
 */
export function listSharedIdeas(filters: SharedIdeaFilters) {
  const db = getDb();
  const conditions: SQL[] = [eq(ideas.sharedWithNetwork, true)];
  if (filters.theme) conditions.push(eq(ideas.theme, filters.theme));
  if (filters.cityId != null) conditions.push(eq(ideas.cityId, filters.cityId));
  const where = and(...conditions);
  const rows = db
    .select({
      id: ideas.id,
      cityId: ideas.cityId,
      cityName: cities.name,
      title: ideas.title,
      theme: ideas.theme,
      kind: ideas.kind,
      stage: ideas.stage,
      supportCount: ideas.supportCount,
      createdAt: ideas.createdAt,
      excerpt: sql<string>`substr(${ideas.description}, 1, 240)`,
    })
    .from(ideas)
    .innerJoin(cities, eq(cities.id, ideas.cityId))
    .where(where)
    .orderBy(desc(ideas.createdAt), desc(ideas.id))
    .limit(SHARED_IDEAS_PAGE_SIZE)
    .offset((filters.page - 1) * SHARED_IDEAS_PAGE_SIZE)
    .all();
  const total = db.select({ n: count() }).from(ideas).where(where).get()!.n;
  return { rows, total };
}

/** A shared idea with its city, or null: an unshared idea (of any city) is not on the network (→ 404). */
export function getSharedIdea(id: number) {
  return (
    getDb()
      .select({
        id: ideas.id,
        cityId: ideas.cityId,
        cityName: cities.name,
        cityCountry: cities.country,
        timeZone: cities.timeZone,
        title: ideas.title,
        description: ideas.description,
        theme: ideas.theme,
        kind: ideas.kind,
        targetGroup: ideas.targetGroup,
        stage: ideas.stage,
        supportCount: ideas.supportCount,
        createdAt: ideas.createdAt,
      })
      .from(ideas)
      .innerJoin(cities, eq(cities.id, ideas.cityId))
      .where(and(eq(ideas.id, id), eq(ideas.sharedWithNetwork, true)))
      .get() ?? null
  );
}

/**
 * A shared idea's moves as partners see them: when, from → to and why; not who moved it nor the
 * city's meetings (decision 005). Oldest first, one query.
 */
export function listSharedStageChanges(ideaId: number) {
  return getDb()
    .select({ id: ideaStageChanges.id, fromStage: ideaStageChanges.fromStage, toStage: ideaStageChanges.toStage, reason: ideaStageChanges.reason, at: ideaStageChanges.at })
    .from(ideaStageChanges)
    .where(eq(ideaStageChanges.ideaId, ideaId))
    .orderBy(asc(ideaStageChanges.at), asc(ideaStageChanges.id))
    .all();
}
