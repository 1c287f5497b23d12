import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "~/i18n/use-translation";
import { IDEA_THEMES, type IdeaTheme } from "#db/enums";
import { requirePermission } from "~/auth/auth.server";
import { hasPermission } from "~/auth/permissions";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { plainExcerpt } from "~/components/idea-card";
import { Pagination } from "~/components/pagination";
import { getLocale } from "~/i18n/i18next.server";
import { listNetworkMeetings, listPartnerCities, listSharedIdeas, SHARED_IDEAS_PAGE_SIZE } from "~/models/network.server";
import { clientAddress, pageParam } from "~/utils/request.server";
import { formatMeetingRange } from "~/utils/zoned-time";
import { dateFormat } from "~/utils/intl-cache";
import { remember } from "~/utils/bounded-cache";

export const meta: MetaFunction = () => [{ title: "Network · ULG Workshop" }];

// Intl.DisplayNames is slow to construct, while its answers are the same on every request: one per
// language and type, kept per process.
const displayNames = new Map<string, Intl.DisplayNames | null>();

/** Display names of a country code and a language tag in the reader's language (falls back to the code). */
function displayName(locale: string, type: "region" | "language", code: string): string {
  const names = remember(displayNames, `${locale}\u0000${type}`, 100, () => {
    try {
      return new Intl.DisplayNames([locale], { type });
    } catch {
      return null;
    }
  });
  try {
    return names?.of(code) ?? code;
  } catch {
    return code;
  }
}

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "read:network:any", clientAddress(context));
  const locale = await getLocale(request, user);
  const url = new URL(request.url);
  const cities = listPartnerCities(locale);
  const themeParam = url.searchParams.get("theme") ?? "";
  const theme = (IDEA_THEMES as readonly string[]).includes(themeParam) ? (themeParam as IdeaTheme) : undefined;
  const cityParam = url.searchParams.get("city") ?? "";
  const city = cities.find((c) => String(c.id) === cityParam);
  const page = pageParam(url);
  const { rows, total } = listSharedIdeas({ theme, cityId: city?.id, page });
  const { upcoming, past } = listNetworkMeetings();
  // The time of each meeting as text, made here once for the reader's language.
  const withRange = <M extends { startsAt: Date; endsAt: Date; timeZone: string }>(m: M) => ({ ...m, range: formatMeetingRange(m.startsAt, m.endsAt, locale, m.timeZone) });
  // Every signed-in role reads the network's meetings today; the link follows the permission anyway.
  const canOpenMeetings = hasPermission(user, "read:meeting:city") || hasPermission(user, "read:meeting:any");
  const readsAllIdeas = hasPermission(user, "read:idea:any");
  return {
    cities: cities.map((c) => ({
      id: c.id,
      name: c.name,
      isLeadPartner: c.isLeadPartner,
      own: c.id === user.cityId,
      country: displayName(locale, "region", c.country),
      language: displayName(locale, "language", c.language),
    })),
    meetings: { upcoming: upcoming.map(withRange), past: past.map(withRange), canOpen: canOpenMeetings },
    ideas: rows.map((r) => ({
      id: r.id,
      title: r.title,
      theme: r.theme,
      kind: r.kind,
      stage: r.stage,
      cityName: r.cityName,
      own: r.cityId === user.cityId,
      supportCount: r.supportCount,
      createdAt: r.createdAt,
      excerpt: plainExcerpt(r.excerpt),
      // One's own city's ideas open on the city's full page; partners' on the read-only network page.
      href: r.cityId === user.cityId || readsAllIdeas ? `/ideas/${r.id}` : `/network/ideas/${r.id}`,
    })),
    total,
    page,
    pageSize: SHARED_IDEAS_PAGE_SIZE,
    filters: { theme: theme ?? "", city: city ? String(city.id) : "" },
    timeZone: user.city?.timeZone ?? "UTC",
  };
}

export default function Network() {
  const { cities, meetings, ideas, total, page, pageSize, filters, timeZone } = useLoaderData<typeof loader>();
  const { t, i18n } = useTranslation();
  const day = dateFormat(i18n.language, { timeZone, day: "numeric", month: "numeric", year: "numeric" });
  const labelClass = "block text-sm font-medium text-slate-800";
  const selectClass = "mt-1 block w-full rounded border border-slate-400 bg-white px-3 py-2";
  const filtered = Boolean(filters.theme || filters.city);
  return (
    <div className="space-y-8">
      <header>
        <h1 className="text-2xl font-bold">{t("networkPage.title")}</h1>
        <p className="mt-1 text-slate-800">{t("networkPage.intro")}</p>
      </header>

      <section aria-labelledby="partners-heading" className="rounded-lg border border-slate-200 bg-white p-4">
        <h2 id="partners-heading" className="text-lg font-semibold">{t("networkPage.partners", { count: cities.length })}</h2>
        <div className="mt-3 overflow-x-auto">
          <table className="w-full text-left text-sm" data-testid="partner-cities">
            <thead>
              <tr className="border-b border-slate-300">
                <th scope="col" className="py-2 pr-4">{t("networkPage.city")}</th>
                <th scope="col" className="py-2 pr-4">{t("networkPage.country")}</th>
                <th scope="col" className="py-2 pr-4">{t("networkPage.language")}</th>
              </tr>
            </thead>
            <tbody>
              {cities.map((c) => (
                <tr key={c.id} className="border-b border-slate-100">
                  <th scope="row" className="py-2 pr-4 font-medium">
                    {c.name}
                    {/* The real space keeps screen readers from reading "ŠibenikLead partner" as one word. */}
                    {c.isLeadPartner ? (
                      <>
                        {" "}
                        <span className="ml-1 rounded bg-brand-100 px-2 py-0.5 text-xs font-semibold text-brand-800">{t("networkPage.leadPartner")}</span>
                      </>
                    ) : null}
                    {c.own ? (
                      <>
                        {" "}
                        <span className="ml-1 text-xs font-normal text-slate-700">({t("networkPage.yourCity")})</span>
                      </>
                    ) : null}
                  </th>
                  <td className="py-2 pr-4">{c.country}</td>
                  <td className="py-2 pr-4">{c.language}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>

      <section aria-labelledby="network-meetings-heading" className="rounded-lg border border-slate-200 bg-white p-4">
        <h2 id="network-meetings-heading" className="text-lg font-semibold">{t("networkPage.meetings")}</h2>
        <div className="mt-3 grid grid-cols-1 gap-6 md:grid-cols-2">
          {(["upcoming", "past"] as const).map((when) => (
            <div key={when}>
              <h3 className="font-semibold">{t(`networkPage.${when}`)}</h3>
              {meetings[when].length === 0 ? (
                <p className="mt-1 text-slate-700">{t(`networkPage.no_${when}`)}</p>
              ) : (
                <ul className="mt-2 space-y-2" data-testid={`network-meetings-${when}`}>
                  {meetings[when].map((m) => {
                    const label = `${t(`meetingKinds.${m.kind}`)} ${m.number}: ${m.title}`;
                    return (
                      <li key={m.id}>
                        {meetings.canOpen ? (
                          <Link to={`/meetings/${m.id}`} className="font-medium text-brand-700 underline">{label}</Link>
                        ) : (
                          <span className="font-medium">{label}</span>
                        )}
                        <span className="block text-sm text-slate-700">
                          {m.range}
                          {m.hostCityName ? ` · ${t("networkPage.host", { city: m.hostCityName })}` : ""}
                          {m.place ? ` · ${m.place}` : ""}
                          {m.cancelledAt ? ` · ${t("meetings.cancelled")}` : ""}
                        </span>
                      </li>
                    );
                  })}
                </ul>
              )}
            </div>
          ))}
        </div>
      </section>

      <section aria-labelledby="shared-ideas-heading">
        <h2 id="shared-ideas-heading" className="text-lg font-semibold">{t("networkPage.sharedIdeas")}</h2>
        <p className="text-sm text-slate-700">{t("networkPage.sharedIntro")}</p>
        <Form method="get" role="search" aria-label={t("networkPage.filters")} className="mt-3 rounded-lg border border-slate-200 bg-white p-4">
          <div className="grid grid-cols-1 gap-3 sm:grid-cols-3 sm:items-end">
            <div>
              <label htmlFor="network-theme" className={labelClass}>{t("ideas.theme")}</label>
              <select id="network-theme" name="theme" defaultValue={filters.theme} className={selectClass}>
                <option value="">{t("ideas.allThemes")}</option>
                {IDEA_THEMES.map((theme) => (
                  <option key={theme} value={theme}>{t(`ideaThemes.${theme}`)}</option>
                ))}
              </select>
            </div>
            <div>
              <label htmlFor="network-city" className={labelClass}>{t("networkPage.city")}</label>
              <select id="network-city" name="city" defaultValue={filters.city} className={selectClass}>
                <option value="">{t("networkPage.allCities")}</option>
                {cities.map((c) => (
                  <option key={c.id} value={c.id}>{c.name}</option>
                ))}
              </select>
            </div>
            <div className="flex flex-wrap items-center gap-3">
              <button type="submit" className="rounded bg-brand-700 px-4 py-2 font-medium text-white hover:bg-brand-800">{t("networkPage.filter")}</button>
              {filtered ? <Link to="/network#shared-ideas-heading" className="text-brand-700 underline">{t("networkPage.clear")}</Link> : null}
            </div>
          </div>
        </Form>
        <p role="status" className="mt-3 text-sm text-slate-700" data-testid="shared-count">{t("networkPage.count", { count: total })}</p>
        {ideas.length === 0 ? (
          <p className="mt-2 text-slate-700">{filtered ? t("networkPage.noneFiltered") : t("networkPage.none")}</p>
        ) : (
          <ul className="mt-3 grid grid-cols-1 gap-3 md:grid-cols-2" data-testid="shared-ideas">
            {ideas.map((idea) => {
              const created = new Date(idea.createdAt);
              return (
                <li key={idea.id}>
                  <article className="h-full rounded-lg border border-slate-200 bg-white p-4">
                    <p className="text-sm font-medium text-slate-700">
                      {idea.cityName}
                      {idea.own ? ` (${t("networkPage.yourCity")})` : ""}
                    </p>
                    <h3 className="text-lg font-semibold break-words">
                      <Link to={idea.href} className="text-brand-700 underline">{idea.title}</Link>
                    </h3>
                    <p className="mt-1 text-sm text-slate-700">
                      <span className="rounded bg-brand-100 px-2 py-0.5 text-brand-800">{t(`ideaStages.${idea.stage}`)}</span>{" "}
                      {t(`ideaThemes.${idea.theme}`)} · {t(`ideaKinds.${idea.kind}`)}
                    </p>
                    {idea.excerpt ? <p className="mt-2 break-words text-slate-800">{idea.excerpt}</p> : null}
                    <p className="mt-2 text-sm text-slate-700">
                      {t("ideas.supports", { count: idea.supportCount })} ·{" "}
                      <time dateTime={created.toISOString()}>{day.format(created)}</time>
                    </p>
                  </article>
                </li>
              );
            })}
          </ul>
        )}
        <Pagination page={page} total={total} pageSize={pageSize} />
      </section>
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
