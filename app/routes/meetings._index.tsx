import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "~/i18n/use-translation";
import { MEETING_KINDS, type MeetingKind } from "#db/enums";
import { requireScope } from "~/auth/auth.server";
import { hasPermission } from "~/auth/permissions";
import { Pagination } from "~/components/pagination";
import { listMeetings, meetingState, MEETINGS_PAGE_SIZE } from "~/models/meetings.server";
import { clientAddress, pageParam } from "~/utils/request.server";
import { formatMeetingRange } from "~/utils/zoned-time";

export const meta: MetaFunction = () => [{ title: "Meetings · ULG Workshop" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { user, scope } = await requireScope(request, "read:meeting", clientAddress(context));
  const url = new URL(request.url);
  const when = url.searchParams.get("when") === "past" ? "past" : "upcoming";
  const kindParam = url.searchParams.get("kind");
  const kind = (MEETING_KINDS as readonly string[]).includes(kindParam ?? "") ? (kindParam as MeetingKind) : undefined;
  const page = pageParam(url);
  const { rows, total } = listMeetings(scope, { when, kind, page });
  return {
    rows: rows.map((r) => ({ ...r, state: meetingState(r) })),
    total,
    page,
    pageSize: MEETINGS_PAGE_SIZE,
    when,
    kind: kind ?? "",
    canCreate: hasPermission(user, "write:meeting:city") || hasPermission(user, "write:network-meeting:any"),
  };
}

export default function Meetings() {
  const { rows, total, page, pageSize, when, kind, canCreate } = useLoaderData<typeof loader>();
  const { t, i18n } = useTranslation();
  const tabClass = (active: boolean) =>
    `rounded px-3 py-2 text-sm font-medium ${active ? "bg-brand-700 text-white" : "border border-slate-300 text-slate-800 hover:bg-slate-100"}`;
  return (
    <div>
      <div className="flex flex-wrap items-center gap-3">
        <h1 className="mr-auto text-2xl font-bold">{t("meetings.title")}</h1>
        {canCreate ? (
          <Link to="/meetings/new" className="rounded bg-brand-700 px-4 py-2 font-medium text-white hover:bg-brand-800">
            {t("meetings.new")}
          </Link>
        ) : null}
      </div>
      <div className="mt-4 flex flex-wrap items-end gap-3">
        <nav aria-label={t("meetings.when")} className="flex gap-2">
          <Link to={`/meetings${kind ? `?kind=${kind}` : ""}`} aria-current={when === "upcoming" ? "page" : undefined} className={tabClass(when === "upcoming")}>
            {t("meetings.upcoming")}
          </Link>
          <Link to={`/meetings?when=past${kind ? `&kind=${kind}` : ""}`} aria-current={when === "past" ? "page" : undefined} className={tabClass(when === "past")}>
            {t("meetings.past")}
          </Link>
        </nav>
        <Form method="get" className="ml-auto flex items-end gap-2">
          {when === "past" ? <input type="hidden" name="when" value="past" /> : null}
          <div>
            <label htmlFor="kind" className="block text-sm font-medium">{t("meetingForm.kind")}</label>
            <select id="kind" name="kind" defaultValue={kind} className="mt-1 rounded border border-slate-400 bg-white px-3 py-2">
              <option value="">{t("meetings.allKinds")}</option>
              {MEETING_KINDS.map((k) => (
                <option key={k} value={k}>{t(`meetingKinds.${k}`)}</option>
              ))}
            </select>
          </div>
          <button type="submit" className="rounded border border-slate-400 px-3 py-2 hover:bg-slate-100">{t("members.filter")}</button>
        </Form>
      </div>
      {rows.length === 0 ? (
        <p className="mt-6 text-slate-700">{when === "past" ? t("meetings.noPast") : t("meetings.noUpcoming")}</p>
      ) : (
        <ul className="mt-4 space-y-3">
          {rows.map((m) => (
            <li key={m.id} className="rounded-lg border border-slate-200 bg-white p-4">
              <div className="flex flex-wrap items-baseline gap-x-3 gap-y-1">
                <h2 className="text-lg font-semibold">
                  <Link to={`/meetings/${m.id}`} className="text-brand-700 underline">
                    {t(`meetingKinds.${m.kind}`)} {m.number}: {m.title}
                  </Link>
                </h2>
                {m.state === "cancelled" ? (
                  <span className="rounded bg-red-100 px-2 py-0.5 text-sm font-medium text-red-800">{t("meetings.cancelled")}</span>
                ) : null}
                {m.cityId == null ? (
                  <span className="rounded bg-brand-100 px-2 py-0.5 text-sm text-brand-800">{t("meetings.network", { host: m.hostCityName ?? "" })}</span>
                ) : null}
              </div>
              <p className="mt-1 text-slate-700">
                <time dateTime={new Date(m.startsAt).toISOString()}>
                  {formatMeetingRange(m.startsAt, m.endsAt, i18n.language, m.timeZone)}
                </time>
                {m.place ? ` · ${m.place}` : ""}
                {!m.place && m.onlineUrl ? ` · ${t("meetings.online")}` : ""}
              </p>
              {m.cityId != null ? (
                <p className="mt-1 text-sm text-slate-700">
                  {when === "past"
                    ? t("meetings.attendedCount", { count: m.attended })
                    : t("meetings.rsvpCounts", { yes: m.rsvpYes, maybe: m.rsvpMaybe, no: m.rsvpNo })}
                </p>
              ) : null}
            </li>
          ))}
        </ul>
      )}
      <p className="mt-3 text-sm text-slate-700">{t("meetings.count", { count: total })}</p>
      <Pagination page={page} total={total} pageSize={pageSize} />
    </div>
  );
}
