import { and, count, desc, eq, sql } from "drizzle-orm";
import { getDb } from "#db/client.server";
import { IDEA_STAGES, IDEA_THEMES, type IdeaStage, type IdeaTheme } from "#db/enums";
import { cities, ideas } from "#db/schema";
import { sectorCounts } from "./members.server";
import { countUsers } from "./users.server";
import { inScope, type Scope } from "./scope.server";

export function dashboardFigures(scope: Scope) {
  const roster = sectorCounts(scope);
  const accounts = countUsers(scope);
  const cityCount =
    scope.kind === "all" ? getDb().select({ n: count() }).from(cities).get()!.n : getDb().select({ n: count() }).from(cities).where(eq(cities.id, scope.cityId)).get()!.n;
  return { roster, accounts, cityCount };
}

// ---- Ideas on the dashboard: funnel by stage, themes, newest and the reader's own ----

export const DASHBOARD_NEWEST_IDEAS = 5;
export const DASHBOARD_OWN_IDEAS = 5;

/**
 * The ideas figures of a scope in three statements whatever the number of ideas: one grouped count
 * by stage and theme (through the city/stage index) gives the funnel and the themes, one the five
 * newest, one the reader's own ideas with their total (a window count). Admins (no city) have no own ideas.
 */
export function dashboardIdeas(scope: Scope, userId: number, hasOwnIdeas: boolean) {
  const db = getDb();
  const counts = db
    .select({ stage: ideas.stage, theme: ideas.theme, n: count() })
    .from(ideas)
    .where(inScope(ideas.cityId, scope))
    .groupBy(ideas.stage, ideas.theme)
    .all();
  const byStage = Object.fromEntries(IDEA_STAGES.map((s) => [s, 0])) as Record<IdeaStage, number>;
  const byTheme = Object.fromEntries(IDEA_THEMES.map((t) => [t, 0])) as Record<IdeaTheme, number>;
  for (const c of counts) {
    byStage[c.stage] += c.n;
    byTheme[c.theme] += c.n;
  }
  const card = { id: ideas.id, title: ideas.title, stage: ideas.stage, theme: ideas.theme, createdAt: ideas.createdAt, cityName: cities.name };
  const newest = db
    .select(card)
    .from(ideas)
    .innerJoin(cities, eq(cities.id, ideas.cityId))
    .where(inScope(ideas.cityId, scope))
    .orderBy(desc(ideas.createdAt), desc(ideas.id))
    .limit(DASHBOARD_NEWEST_IDEAS)
    .all();
  const ownRows = hasOwnIdeas
    ? db
        .select({ ...card, total: sql<number>`count(*) over ()` })
        .from(ideas)
        .innerJoin(cities, eq(cities.id, ideas.cityId))
        .where(and(eq(ideas.authorUserId, userId), inScope(ideas.cityId, scope)))
        .orderBy(desc(ideas.createdAt), desc(ideas.id))
        .limit(DASHBOARD_OWN_IDEAS)
        .all()
    : null;
  return {
    total: counts.reduce((sum, c) => sum + c.n, 0),
    byStage,
    byTheme,
    newest,
    own: ownRows ? { total: ownRows[0]?.total ?? 0, ideas: ownRows.map(({ total: _total, ...idea }) => idea) } : null,
  };
}
