import { and, count, desc, eq, sql } from "drizzle-orm";
import { getDb } from "#db/client.server";
import { IDEA_STAGES, IDEA_THEMES, type IdeaStage, type IdeaTheme } from "#db/enums";
import { cities, ideas, users } from "#db/schema";
import { activeSectorsJson, sectorCountsFrom } from "./members.server";
import { jsonRows } from "./json-rows.server";
import { inScope, type Scope } from "./scope.server";

/**
 * The dashboard's head figures in one statement: the cities in scope (the network's count for admins),
 * with the active accounts and the roster's active members by sector as subqueries.
 */
export function dashboardFigures(scope: Scope) {
  const row = getDb()
    .select({
      cityCount: count(),
      accounts: sql<number>`(select count(*) from ${users} where ${and(inScope(users.cityId, scope), eq(users.active, true))})`,
      sectors: activeSectorsJson(scope),
    })
    .from(cities)
    .where(scope.kind === "all" ? undefined : eq(cities.id, scope.cityId))
    .get()!;
  return { roster: sectorCountsFrom(row.sectors), accounts: row.accounts, cityCount: row.cityCount };
}

// ---- Ideas on the dashboard: funnel by stage, themes, newest and the reader's own ----

export const DASHBOARD_NEWEST_IDEAS = 5;
export const DASHBOARD_OWN_IDEAS = 5;

const ideaCard = jsonRows({ id: ideas.id, title: ideas.title, stage: ideas.stage, theme: ideas.theme, createdAt: ideas.createdAt, cityName: cities.name });

/**
 * The ideas figures of a scope in one statement whatever the number of ideas: the count by stage and
 * theme (read from the city/stage/theme index alone) gives the funnel and the themes; the five newest,
 * and the reader's own ideas with their total (through the author index), come as JSON lists. Admins
 * (no city) have no own ideas.
 */
export function dashboardIdeas(scope: Scope, userId: number, hasOwnIdeas: boolean) {
  const db = getDb();
  const counts = db
    .select({ stage: ideas.stage, theme: ideas.theme, n: count().as("n") })
    .from(ideas)
    .where(inScope(ideas.cityId, scope))
    .groupBy(ideas.stage, ideas.theme);
  const cards = (where: ReturnType<typeof and>, limit: number) =>
    ideaCard.list(
      db
        .select({ row: ideaCard.row })
        .from(ideas)
        .innerJoin(cities, eq(cities.id, ideas.cityId))
        .where(where)
        .orderBy(desc(ideas.createdAt), desc(ideas.id))
        .limit(limit),
    );
  const own = and(eq(ideas.authorUserId, userId), inScope(ideas.cityId, scope));
  const row = db.get<{ counts: string; newest: string; own: string | null; ownTotal: number | null }>(sql`select
    (select json_group_array(json_array("stage", "theme", "n")) from ${counts}) as counts,
    ${cards(inScope(ideas.cityId, scope), DASHBOARD_NEWEST_IDEAS)} as newest,
    ${hasOwnIdeas ? cards(own, DASHBOARD_OWN_IDEAS) : sql`null`} as own,
    ${hasOwnIdeas ? sql`(select count(*) from ${ideas} where ${own})` : sql`null`} as ownTotal`);
  const byStage = Object.fromEntries(IDEA_STAGES.map((s) => [s, 0])) as Record<IdeaStage, number>;
  const byTheme = Object.fromEntries(IDEA_THEMES.map((t) => [t, 0])) as Record<IdeaTheme, number>;
  let total = 0;
  for (const [stage, theme, n] of JSON.parse(row.counts) as [IdeaStage, IdeaTheme, number][]) {
    byStage[stage] += n;
    byTheme[theme] += n;
    total += n;
  }
  return {
    total,
    byStage,
    byTheme,
    newest: ideaCard.parse(row.newest),
    own: hasOwnIdeas ? { total: row.ownTotal ?? 0, ideas: ideaCard.parse(row.own) } : null,
  };
}
