import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { requireScope } from "~/auth/auth.server";
import { SECTORS } from "#db/enums";
import { dashboardFigures } from "~/models/dashboard.server";
import { clientAddress } from "~/utils/request.server";

export const meta: MetaFunction = () => [{ title: "ULG Workshop" }];

const ROSTER_TARGET = { min: 10, max: 20 } as const;

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { user, scope } = await requireScope(request, "read:dashboard", clientAddress(context));
  const figures = dashboardFigures(scope);
  return { figures, network: scope.kind === "all", cityName: user.city?.name ?? null };
}

export default function Dashboard() {
  const { figures, network, cityName } = useLoaderData<typeof loader>();
  const { t, i18n } = useTranslation();
  const nf = new Intl.NumberFormat(i18n.language);
  const { active, bySector } = figures.roster;
  const missing = SECTORS.filter((s) => bySector[s] === 0);
  const outside = !network && (active < ROSTER_TARGET.min || active > ROSTER_TARGET.max);
  return (
    <div className="space-y-6">
      <h1 className="text-2xl font-bold">
        {network ? t("dashboard.titleNetwork") : t("dashboard.title", { city: cityName })}
      </h1>
      <dl className="grid grid-cols-1 gap-4 sm:grid-cols-3">
        {network ? (
          <Stat label={t("dashboard.cities")} value={nf.format(figures.cityCount)} />
        ) : null}
        <Stat label={t("dashboard.activeMembers")} value={nf.format(active)} hint={network ? undefined : t("dashboard.target", { min: ROSTER_TARGET.min, max: ROSTER_TARGET.max })} />
        <Stat label={t("dashboard.accounts")} value={nf.format(figures.accounts)} />
      </dl>
      <section aria-labelledby="sector-mix" className="rounded-lg border border-slate-200 bg-white p-4">
        <h2 id="sector-mix" className="text-lg font-semibold">
          {t("dashboard.sectorMix")}
        </h2>
        <ul className="mt-3 grid grid-cols-2 gap-2 sm:grid-cols-4">
          {SECTORS.map((s) => (
            <li key={s} className="rounded bg-slate-50 px-3 py-2">
              <span className="block text-sm text-slate-700">{t(`sectors.${s}`)}</span>
              <span className="text-xl font-semibold" data-testid={`sector-${s}`}>{nf.format(bySector[s])}</span>
            </li>
          ))}
        </ul>
        {!network && (missing.length > 0 || outside) ? (
          <div role="status" className="mt-3 rounded border border-amber-400 bg-amber-50 px-3 py-2 text-sm text-amber-900">
            {outside ? <p>{t("dashboard.sizeWarning", { count: active, min: ROSTER_TARGET.min, max: ROSTER_TARGET.max })}</p> : null}
            {missing.length > 0 ? (
              <p>{t("dashboard.missingSectors", { sectors: missing.map((s) => t(`sectors.${s}`)).join(", ") })}</p>
            ) : null}
          </div>
        ) : null}
        <p className="mt-3">
          <Link to="/members" className="text-brand-700 underline">
            {t("dashboard.openRoster")}
          </Link>
        </p>
      </section>
    </div>
  );
}

function Stat({ label, value, hint }: { label: string; value: string; hint?: string }) {
  return (
    <div className="rounded-lg border border-slate-200 bg-white p-4">
      <dt className="text-sm text-slate-700">{label}</dt>
      <dd className="mt-1 text-3xl font-bold">{value}</dd>
      {hint ? <dd className="text-xs text-slate-600">{hint}</dd> : null}
    </div>
  );
}
