import type { LoaderFunctionArgs } from "@remix-run/node";
import { notFound, requireScope } from "~/auth/auth.server";
import { getLocale, getT } from "~/i18n/i18next.server";
import { recordAudit } from "~/models/audit.server";
import { findCityBySlug, membersForExport, rosterCsv } from "~/models/member-export.server";
import { cityScope } from "~/models/scope.server";
import { clientAddress } from "~/utils/request.server";

/** Today's date in a time zone, as YYYY-MM-DD (en-CA formats dates that way). */
function today(timeZone: string): string {
  return new Intl.DateTimeFormat("en-CA", { timeZone, year: "numeric", month: "2-digit", day: "2-digit" }).format(new Date());
}

export async function loader({ request, context }: LoaderFunctionArgs) {
  const ipAddress = clientAddress(context);
  const { user, scope } = await requireScope(request, "export:member", ipAddress);
  const url = new URL(request.url);
  let exportScope = scope;
  let slug = user.city?.slug ?? "all-cities";
  let timeZone = user.city?.timeZone ?? "UTC";
  // The admin exports every city (with a City column), or one city with ?city=<slug>.
  const citySlug = url.searchParams.get("city");
  if (scope.kind === "all" && citySlug) {
    const city = findCityBySlug(citySlug);
    if (!city) throw notFound();
    exportScope = cityScope(city.id);
    slug = city.slug;
    timeZone = city.timeZone;
  }
  const locale = await getLocale(request, user);
  const t = await getT(request, user);
  // Excel splits on the list separator of its locale: ";" wherever the decimal separator is a comma,
  // which is every partner country; ?sep=comma serves the others. LibreOffice asks either way.
  const delimiter = url.searchParams.get("sep") === "comma" ? "," : ";";
  const rows = membersForExport(exportScope, user.city?.language ?? locale);
  const csv = rosterCsv(rows, { t: (key) => t(key), withCity: scope.kind === "all", delimiter });
  recordAudit({
    action: "member.export",
    actorUserId: user.id,
    cityId: exportScope.kind === "city" ? exportScope.cityId : null,
    detail: { count: rows.length },
    ipAddress,
  });
  const fileName = `${slug.replace(/[^A-Za-z0-9-]/g, "")}-ulg-members-${today(timeZone)}.csv`;
  return new Response(csv, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="${fileName}"`,
      "Cache-Control": "no-store",
    },
  });
}
