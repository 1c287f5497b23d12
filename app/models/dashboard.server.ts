import { and, count, desc, eq, sql } from "drizzle-orm";
import { IDEA_STAGES, IDEA_THEMES, type IdeaStage, type IdeaTheme, type Sector } from "#db/enums";
import { cities, ideas, users } from "#db/schema";
import { activeBySector, sectorCountsFrom } from "./members.server";
import { jsonRows } from "./json-rows.server";
import { inScopeParam, prepared, scopeValues } from "./prepared.server";
import type { Scope } from "./scope.server";

export const DASHBOARD_NEWEST_IDEAS = 5;
export const DASHBOARD_OWN_IDEAS = 5;

/** Who reads the dashboard: ideas figures only for those who read ideas, own ideas only for city authors. */
export type DashboardReader = { userId: number; readsIdeas: boolean; hasOwnIdeas: boolean };

const ideaCard = jsonRows({ id: ideas.id, title: ideas.title, stage: ideas.stage, theme: ideas.theme, createdAt: ideas.createdAt, cityName: cities.name });

/**
 * The dashboard's figures in one prepared statement whatever the amount of data: the cities in scope
 * (the network's count for admins), with subqueries for the active accounts, the roster's active
 * members by sector and the ideas: the count by stage and theme (read from the city/stage/theme index
 * alone) for the funnel and the themes, and as JSON lists the five newest and the reader's own ideas
 * with their total (through the author index). Admins (no city) have no own ideas.
 */
export function dashboardFigures(scope: Scope, reader: DashboardReader) {
  const { readsIdeas, hasOwnIdeas } = reader;
  const query = prepared(`dashboardFigures:${scope.kind}:${readsIdeas}:${hasOwnIdeas}`, (db) => {
    const ideasInScope = inScopeParam(ideas.cityId, scope.kind);
    const own = and(eq(ideas.authorUserId, sql.placeholder("userId")), ideasInScope);
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
    const ideaCounts = db
      .select({ stage: ideas.stage, theme: ideas.theme, n: count().as("n") })
      .from(ideas)
      .where(ideasInScope)
      .groupBy(ideas.stage, ideas.theme);
    const none = sql<null>`null`;
    return db
      .select({
        cityCount: count(),
        accounts: sql<number>`(select count(*) from ${users} where ${and(inScopeParam(users.cityId, scope.kind), eq(users.active, true))})`,
        sectors: sql<string>`(select json_group_object("sector", "n") from ${activeBySector(db, scope.kind)})`,
        ideaCounts: readsIdeas ? sql<string>`(select json_group_array(json_array("stage", "theme", "n")) from ${ideaCounts})` : none,
        newest: readsIdeas ? cards(ideasInScope, DASHBOARD_NEWEST_IDEAS) : none,
        own: readsIdeas && hasOwnIdeas ? cards(own, DASHBOARD_OWN_IDEAS) : none,
        ownTotal: readsIdeas && hasOwnIdeas ? sql<number>`(select count(*) from ${ideas} where ${own})` : none,
      })
      .from(cities)
      .where(inScopeParam(cities.id, scope.kind))
      .prepare();
  });
  const row = query.get({ ...scopeValues(scope), userId: reader.userId })!;
  const sectors = Object.entries(JSON.parse(row.sectors) as Record<Sector, number>).map(([sector, n]) => ({ sector: sector as Sector, n }));
  return {
    roster: sectorCountsFrom(sectors),
    accounts: row.accounts,
    cityCount: row.cityCount,
    ideas: row.ideaCounts == null ? null : ideasFigures(row.ideaCounts, row.newest, row.own, row.ownTotal, hasOwnIdeas),
  };
}

function ideasFigures(counts: string, newest: string | null, own: string | null, ownTotal: number | null, hasOwnIdeas: boolean) {
  const byStage = Object.fromEntries(IDEA_STAGES.map((s) => [s, 0])) as Record<IdeaStage, number>;
  const byTheme = Object.fromEntries(IDEA_THEMES.map((t) => [t, 0])) as Record<IdeaTheme, number>;
  let total = 0;
  for (const [stage, theme, n] of JSON.parse(counts) as [IdeaStage, IdeaTheme, number][]) {
    byStage[stage] += n;
    byTheme[theme] += n;
    total += n;
  }
  return {
    total,
    byStage,
    byTheme,
    newest: ideaCard.parse(newest),
    own: hasOwnIdeas ? { total: ownTotal ?? 0, ideas: ideaCard.parse(own) } : null,
  };
}
