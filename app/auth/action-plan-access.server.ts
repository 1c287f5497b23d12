import type { AppLoadContext } from "@remix-run/node";
import { getCity } from "~/models/cities.server";
import { clientAddress } from "~/utils/request.server";
import { hasPermission } from "./permissions";
import { notFound, requireCityUser, requirePermission, requireScope } from "./auth.server";

export type PlanCity = { id: number; name: string; slug: string; language: string; timeZone: string };

/**
 * A reader of an action plan: a city user reads their own city's (another city named in ?city=
 * answers 404), an admin the city named in ?city= (null when none is named yet; an unknown id is 404).
 */
export async function requirePlanReader(request: Request, context: AppLoadContext | undefined) {
  const ipAddress = clientAddress(context);
  const { user, scope } = await requireScope(request, "read:action-plan", ipAddress);
  const raw = new URL(request.url).searchParams.get("city");
  const requested = raw && /^\d{1,9}$/.test(raw) ? Number(raw) : raw ? -1 : null;
  let city: PlanCity | null;
  if (scope.kind === "city") {
    if (requested != null && requested !== scope.cityId) throw notFound();
    city = getCity(scope.cityId);
    if (!city) throw notFound();
  } else {
    city = requested == null ? null : getCity(requested);
    if (requested != null && !city) throw notFound();
  }
  const canWrite = scope.kind === "city" && hasPermission(user, "write:action-plan:city");
  return { user, scope, city, canWrite, ipAddress, isAdmin: scope.kind === "all" };
}

/** The project coordinator of a city, who alone writes its plan; everyone else gets 403 (and an audit entry). */
export async function requirePlanWriter(request: Request, context: AppLoadContext | undefined) {
  const ipAddress = clientAddress(context);
  const user = requireCityUser(await requirePermission(request, "write:action-plan:city", ipAddress));
  return { user, cityId: user.cityId, ipAddress };
}
