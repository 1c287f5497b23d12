import { eq, isNull, or, type SQL } from "drizzle-orm";
import type { SQLiteColumn } from "drizzle-orm/sqlite-core";

/**
 * Which cities' records a request may see. Every query on a city-owned table goes through
 * `inScope`, so no route has to remember to filter by city.
 */
export type Scope = { kind: "city"; cityId: number } | { kind: "all" };

export function cityScope(cityId: number): Scope {
  return { kind: "city", cityId };
}

export const allCities: Scope = { kind: "all" };

/** The condition that keeps a query inside the scope (undefined = no restriction, admins only). */
export function inScope(cityColumn: SQLiteColumn, scope: Scope): SQL | undefined {
  return scope.kind === "all" ? undefined : eq(cityColumn, scope.cityId);
}

/** City records plus the network's own (cityId null), which every signed-in city user may read. */
export function inScopeOrNetwork(cityColumn: SQLiteColumn, scope: Scope): SQL | undefined {
  return scope.kind === "all" ? undefined : or(eq(cityColumn, scope.cityId), isNull(cityColumn));
}
