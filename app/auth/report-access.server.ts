import type { AppLoadContext } from "@remix-run/node";
import { getCity } from "~/models/cities.server";
import type { Scope } from "~/models/scope.server";
import { clientAddress } from "~/utils/request.server";
import { notFound, requireScope } from "./auth.server";
import type { SessionUser } from "./session.server";

/** Project coordinators (their city) and admins (any city) take the reporting pack; everyone else gets 403. */
export async function requireReporter(request: Request, context: AppLoadContext | undefined) {
  const ipAddress = clientAddress(context);
  const { user, scope } = await requireScope(request, "read:report", ipAddress);
  return { user, scope, ipAddress };
}

export type ReportCity = { id: number; name: string; slug: string; timeZone: string; language: string };

/**
 * The city a pack is for: a project coordinator's own (another city's id answers 404, as for any
 * record of another city), or the one an admin chose ("cityRequired" when none was, "cityUnknown"
 * for an id that is no city).
 */
export function reportCity(user: SessionUser, scope: Scope, requested: number | undefined): ReportCity | "cityRequired" | "cityUnknown" {
  if (scope.kind === "city") {
    if (requested != null && requested !== scope.cityId) throw notFound();
    const city = getCity(scope.cityId);
    if (!city) throw notFound();
    return city;
  }
  if (requested == null) return "cityRequired";
  return getCity(requested) ?? "cityUnknown";
}
