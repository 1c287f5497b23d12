import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData, useSearchParams } from "@remix-run/react";
import { useTranslation } from "~/i18n/use-translation";
import { requirePermission } from "~/auth/auth.server";
import { AdminNav } from "~/components/admin-nav";
import { listCitiesWithCounts } from "~/models/cities.server";
import { clientAddress } from "~/utils/request.server";

export const meta: MetaFunction = () => [{ title: "Cities · ULG Workshop" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requirePermission(request, "manage:city:any", clientAddress(context));
  return { cities: listCitiesWithCounts() };
}

export default function AdminCities() {
  const { cities } = useLoaderData<typeof loader>();
  const [params] = useSearchParams();
  const { t, i18n } = useTranslation();
  const regionNames = new Intl.DisplayNames([i18n.language], { type: "region" });
  const languageNames = new Intl.DisplayNames([i18n.language], { type: "language" });
  return (
    <div>
      <AdminNav />
      <div className="mt-4 flex flex-wrap items-center gap-3">
        <h1 className="mr-auto text-2xl font-bold">{t("cities.title")}</h1>
        <Link to="/admin/cities/new" className="rounded bg-brand-700 px-4 py-2 font-medium text-white hover:bg-brand-800">
          {t("citiesAdmin.add")}
        </Link>
      </div>
      {params.get("saved") ? <p role="status" className="mt-3 rounded bg-green-50 px-3 py-2 text-green-900">{t("citiesAdmin.saved")}</p> : null}
      <div className="mt-4 overflow-x-auto rounded-lg border border-slate-200 bg-white">
        <table className="min-w-full text-left text-sm">
          <caption className="sr-only">{t("cities.title")}</caption>
          <thead className="bg-slate-100">
            <tr>
              <th scope="col" className="px-3 py-2">{t("cities.name")}</th>
              <th scope="col" className="px-3 py-2">{t("cities.country")}</th>
              <th scope="col" className="px-3 py-2">{t("cities.language")}</th>
              <th scope="col" className="hidden px-3 py-2 sm:table-cell">{t("cities.timeZone")}</th>
              <th scope="col" className="px-3 py-2">{t("dashboard.activeMembers")}</th>
              <th scope="col" className="px-3 py-2">{t("dashboard.accounts")}</th>
              <th scope="col" className="px-3 py-2"><span className="sr-only">{t("accounts.actions")}</span></th>
            </tr>
          </thead>
          <tbody>
            {cities.map((c) => (
              <tr key={c.id} className="border-t border-slate-100">
                <td className="px-3 py-2 font-medium">
                  {c.name}
                  {c.isLeadPartner ? <span className="ml-2 rounded bg-brand-100 px-2 py-0.5 text-xs text-brand-800">{t("cities.lead")}</span> : null}
                </td>
                <td className="px-3 py-2">{regionNames.of(c.country) ?? c.country}</td>
                <td className="px-3 py-2">{languageNames.of(c.language) ?? c.language}</td>
                <td className="hidden px-3 py-2 sm:table-cell">{c.timeZone}</td>
                <td className="px-3 py-2">{c.activeMembers}</td>
                <td className="px-3 py-2">{c.accounts}</td>
                <td className="px-3 py-2">
                  <Link to={`/admin/cities/${c.id}`} className="text-brand-700 underline">
                    {t("citiesAdmin.edit")}<span className="sr-only"> {c.name}</span>
                  </Link>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}
