import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "~/i18n/use-translation";
import { requireScope } from "~/auth/auth.server";
import { hasPermission } from "~/auth/permissions";
import { DashboardIdeas } from "~/components/dashboard-ideas";
import { MyActions } from "~/components/my-actions";
import { myActionItems } from "~/models/action-items.server";
import { RosterHealth, ROSTER_TARGET } from "~/components/roster-health";
import { dashboardFigures } from "~/models/dashboard.server";
import { nextMeetings } from "~/models/meetings.server";
import { formatMeetingRange } from "~/utils/zoned-time";
import { clientAddress, pageParam } from "~/utils/request.server";
import { numberFormat } from "~/utils/intl-cache";

export const meta: MetaFunction = () => [{ title: "ULG Workshop" }];


export async function loader({ request, context }: LoaderFunctionArgs) {
  const { user, scope } = await requireScope(request, "read:dashboard", clientAddress(context));
  const readsIdeas = hasPermission(user, "read:idea:city") || hasPermission(user, "read:idea:any");
  const { ideas, ...figures } = dashboardFigures(scope, { userId: user.id, readsIdeas, hasOwnIdeas: user.cityId != null && hasPermission(user, "write:idea:own") });
  const timeZone = user.city?.timeZone ?? "UTC";
  // Only people on a city's roster own action items; admins have none.
  const myActions = myActionItems(user, timeZone, pageParam(new URL(request.url), "actionsPage"));
  return { figures, network: scope.kind === "all", cityName: user.city?.name ?? null, upcoming: nextMeetings(scope, 3), ideas, timeZone, myActions };
}

export default function Dashboard() {
  const { figures, network, cityName, upcoming, ideas, timeZone, myActions } = useLoaderData<typeof loader>();
  const { t, i18n } = useTranslation();
  const nf = numberFormat(i18n.language);
  const { active, bySector } = figures.roster;
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
      <section aria-labelledby="next-meetings" className="rounded-lg border border-slate-200 bg-white p-4">
        <h2 id="next-meetings" className="text-lg font-semibold">{t("dashboard.nextMeetings")}</h2>
        {upcoming.length === 0 ? (
          <p className="mt-2 text-slate-700">{t("meetings.noUpcoming")}</p>
        ) : (
          <ul className="mt-2 space-y-2">
            {upcoming.map((m) => (
              <li key={m.id}>
                <Link to={`/meetings/${m.id}`} className="font-medium text-brand-700 underline">
                  {t(`meetingKinds.${m.kind}`)} {m.number}: {m.title}
                </Link>
                <span className="block text-sm text-slate-700">
                  {formatMeetingRange(m.startsAt, m.endsAt, i18n.language, m.timeZone)}
                  {m.place ? ` · ${m.place}` : ""}
                  {m.cityId == null ? ` · ${t("meetings.network", { host: m.hostCityName ?? "" })}` : ""}
                </span>
              </li>
            ))}
          </ul>
        )}
      </section>
      {myActions ? <MyActions data={myActions} /> : null}
      {ideas ? <DashboardIdeas data={ideas} showCity={network} timeZone={timeZone} /> : null}
      {network ? null : <RosterHealth active={active} bySector={bySector} />}
      <p>
        <Link to="/members" className="text-brand-700 underline">
          {t("dashboard.openRoster")}
        </Link>
      </p>
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
