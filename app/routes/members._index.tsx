import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "~/i18n/use-translation";
import { requireScope } from "~/auth/auth.server";
import { SECTORS, type Sector } from "#db/enums";
import { Pagination } from "~/components/pagination";
import { getLocale } from "~/i18n/i18next.server";
import { listMembers, MEMBERS_PAGE_SIZE, sectorCounts, type MemberStatus } from "~/models/members.server";
import { hasPermission } from "~/auth/permissions";
import { RosterHealth } from "~/components/roster-health";
import { displayMemberName } from "~/utils/member-display";
import { ErasureRequestsNotice } from "~/components/erasure-requests";
import { MembersImportNotice } from "~/components/members-import-notice";
import { pendingErasureRequests } from "~/models/erasure.server";
import { clientAddress, pageParam } from "~/utils/request.server";

export const meta: MetaFunction = () => [{ title: "Members · ULG Workshop" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { user, scope } = await requireScope(request, "read:member", clientAddress(context));
  const url = new URL(request.url);
  const q = (url.searchParams.get("q") ?? "").trim().slice(0, 200);
  const sectorParam = url.searchParams.get("sector");
  const sector = (SECTORS as readonly string[]).includes(sectorParam ?? "") ? (sectorParam as Sector) : undefined;
  const statusParam = url.searchParams.get("status");
  const status: MemberStatus = statusParam === "left" || statusParam === "all" ? statusParam : "active";
  const page = pageParam(url);
  // Names sort by the city's language (Finnish: Ä and Ö after Z); admins see every city, sorted in their own.
  const locale = user.city?.language ?? (await getLocale(request, user));
  const { rows, total } = listMembers(scope, { q: q || undefined, sector, status, page }, locale);
  return {
    rows,
    total,
    pageSize: MEMBERS_PAGE_SIZE,
    page,
    q,
    sector: sector ?? "",
    status,
    allCities: scope.kind === "all",
    health: scope.kind === "city" ? sectorCounts(scope) : null,
    canWrite: hasPermission(user, "write:member:city"),
    canExport: hasPermission(user, "export:member:city") || hasPermission(user, "export:member:any"),
    erasureRequests: hasPermission(user, "erase:member:city") ? pendingErasureRequests(scope) : [],
  };
}

export default function Members() {
  const { rows, total, pageSize, page, q, sector, status, allCities, health, canWrite, canExport, erasureRequests } = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  return (
    <div>
      <div className="flex flex-wrap items-center gap-3">
        <h1 className="mr-auto text-2xl font-bold">{t("members.title")}</h1>
        {canWrite ? (
          <>
            <Link to="/members/new" className="rounded bg-brand-700 px-4 py-2 font-medium text-white hover:bg-brand-800">
              {t("roster.add")}
            </Link>
            <Link to="/members/import" className="rounded border border-slate-400 px-4 py-2 hover:bg-slate-100">
              {t("roster.import")}
            </Link>
          </>
        ) : null}
        {canExport ? (
          <a href="/members/export.csv" className="rounded border border-slate-400 px-4 py-2 hover:bg-slate-100">
            {t("roster.export")}
          </a>
        ) : null}
      </div>
      <MembersImportNotice />
      <ErasureRequestsNotice requests={erasureRequests} />
      {health ? (
        <div className="mt-4">
          <RosterHealth active={health.active} bySector={health.bySector} />
        </div>
      ) : null}
      <Form method="get" className="mt-4 flex flex-wrap items-end gap-3 rounded-lg border border-slate-200 bg-white p-4" role="search">
        <div>
          <label htmlFor="q" className="block text-sm font-medium">{t("members.search")}</label>
          <input id="q" name="q" type="search" defaultValue={q} className="mt-1 rounded border border-slate-400 px-3 py-2" />
        </div>
        <div>
          <label htmlFor="sector" className="block text-sm font-medium">{t("members.sector")}</label>
          <select id="sector" name="sector" defaultValue={sector} className="mt-1 rounded border border-slate-400 bg-white px-3 py-2">
            <option value="">{t("members.allSectors")}</option>
            {SECTORS.map((s) => (
              <option key={s} value={s}>{t(`sectors.${s}`)}</option>
            ))}
          </select>
        </div>
        <div>
          <label htmlFor="status" className="block text-sm font-medium">{t("members.status")}</label>
          <select id="status" name="status" defaultValue={status} className="mt-1 rounded border border-slate-400 bg-white px-3 py-2">
            <option value="active">{t("members.statusActive")}</option>
            <option value="left">{t("members.statusLeft")}</option>
            <option value="all">{t("members.statusAll")}</option>
          </select>
        </div>
        <button type="submit" className="rounded bg-brand-700 px-4 py-2 font-medium text-white hover:bg-brand-800">
          {t("members.filter")}
        </button>
      </Form>
      <p className="mt-4 text-sm text-slate-700" aria-live="polite">{t("members.count", { count: total })}</p>
      {rows.length === 0 ? (
        <p className="mt-4 text-slate-700">{t("members.empty")}</p>
      ) : (
        <div className="mt-2 overflow-x-auto rounded-lg border border-slate-200 bg-white">
          <table className="min-w-full text-left text-sm">
            <caption className="sr-only">{t("members.title")}</caption>
            <thead className="bg-slate-100">
              <tr>
                <th scope="col" className="px-3 py-2">{t("members.name")}</th>
                <th scope="col" className="px-3 py-2">{t("members.organisation")}</th>
                <th scope="col" className="px-3 py-2">{t("members.sector")}</th>
                <th scope="col" className="hidden px-3 py-2 sm:table-cell">{t("members.position")}</th>
                {allCities ? <th scope="col" className="px-3 py-2">{t("members.city")}</th> : null}
                <th scope="col" className="px-3 py-2">{t("members.status")}</th>
                <th scope="col" className="hidden px-3 py-2 sm:table-cell">{t("members.account")}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((m) => (
                <tr key={m.id} className="border-t border-slate-100">
                  <td className="px-3 py-2">
                    <Link to={`/members/${m.id}`} className="font-medium text-brand-700 underline">{displayMemberName(m, t)}</Link>
                  </td>
                  <td className="px-3 py-2">{m.organisation}</td>
                  <td className="px-3 py-2">{t(`sectors.${m.sector}`)}</td>
                  <td className="hidden px-3 py-2 sm:table-cell">{m.position}</td>
                  {allCities ? <td className="px-3 py-2">{m.cityName}</td> : null}
                  <td className="px-3 py-2">{m.leftOn ? t("members.statusLeft") : t("members.statusActive")}</td>
                  <td className="hidden px-3 py-2 sm:table-cell">{m.hasAccount ? t("common.yes") : t("common.no")}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <Pagination page={page} total={total} pageSize={pageSize} />
    </div>
  );
}
