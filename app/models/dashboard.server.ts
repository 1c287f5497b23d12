import { count, eq } from "drizzle-orm";
import { getDb } from "#db/client.server";
import { cities } from "#db/schema";
import { sectorCounts } from "./members.server";
import { countUsers } from "./users.server";
import type { Scope } from "./scope.server";

export function dashboardFigures(scope: Scope) {
  const roster = sectorCounts(scope);
  const accounts = countUsers(scope);
  const cityCount =
    scope.kind === "all" ? getDb().select({ n: count() }).from(cities).get()!.n : getDb().select({ n: count() }).from(cities).where(eq(cities.id, scope.cityId)).get()!.n;
  return { roster, accounts, cityCount };
}
