import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { useTranslation } from "~/i18n/use-translation";
import { RSVP_RESPONSES, type RsvpResponse } from "#db/enums";
import { forbidden } from "~/auth/auth.server";
import { canWriteMeeting, requireMeeting } from "~/auth/meeting-access.server";
import { hasPermission } from "~/auth/permissions";
import { FormError } from "~/components/forms";
import { MinutesDownloads } from "~/components/minutes-downloads";
import { OpenActionItems } from "~/components/open-action-items";
import { openActionItemsAt } from "~/models/action-items.server";
import { pageParam } from "~/utils/request.server";
import { listAgendaItems } from "~/models/agenda.server";
import { runningTimes } from "~/utils/agenda-times";
import { recordAudit } from "~/models/audit.server";
import { meetingPageFacts, meetingState, memberOfUser, setRsvp } from "~/models/meetings.server";
import { minutesStatusFor } from "~/models/minutes-document.server";
import { displayMemberName } from "~/utils/member-display";
import { formatMeetingRange, formatTime } from "~/utils/zoned-time";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.meeting.title ?? ""} · ULG Workshop` }];

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { user, meeting } = await requireMeeting(request, params, context);
  const state = meetingState(meeting);
  const canWrite = canWriteMeeting(user, meeting);
  const isCityMeeting = meeting.cityId != null;
  const seesAnswers = isCityMeeting && (canWrite || hasPermission(user, "read:attendance:any"));
  // RSVPs, the reader's roster entry and answer, and the minutes' status: one statement.
  const facts = meetingPageFacts(meeting, {
    rsvps: isCityMeeting,
    withNames: seesAnswers,
    userId: isCityMeeting && hasPermission(user, "rsvp:meeting:own") ? user.id : null,
  });
  const myMember = facts.me && facts.me.cityId === meeting.cityId ? facts.me : null;
  const agenda = listAgendaItems(meeting.id);
  const minutesStatus = minutesStatusFor(user, meeting, facts.minutesStatus);
  return {
    meeting,
    state,
    agenda,
    rsvps: facts.rsvps,
    myRsvp: myMember ? facts.myRsvp : null,
    canRsvp: Boolean(myMember) && state === "planned" && meeting.startsAt.getTime() > Date.now(),
    minutesStatus,
    openActions: openActionItemsAt(user, meeting, pageParam(new URL(request.url), "actionsPage")),
    can: {
      edit: canWrite && state !== "cancelled",
      agenda: canWrite,
      attendance: isCityMeeting && canWrite && hasPermission(user, "write:attendance:city"),
      // Readable minutes, or a held meeting whose minutes this user writes.
      minutes: isCityMeeting && (minutesStatus != null || (canWrite && hasPermission(user, "write:minutes:city") && state === "held")),
      attendanceList: isCityMeeting && (hasPermission(user, "read:attendance:city") || hasPermission(user, "read:attendance:any")),
    },
  };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { user, meeting, ipAddress } = await requireMeeting(request, params, context);
  const form = await request.formData();
  if (form.get("intent") !== "rsvp") return data({ formErrors: ["validation.invalid"] }, { status: 400 });
  const me = meeting.cityId != null && hasPermission(user, "rsvp:meeting:own") ? memberOfUser(user.id) : null;
  if (!me || me.cityId !== meeting.cityId) {
    recordAudit({ action: "access.denied", actorUserId: user.id, cityId: user.cityId, detail: { permission: "rsvp:meeting:own", meetingId: meeting.id }, ipAddress });
    throw forbidden();
  }
  const response = form.get("response");
  if (!(RSVP_RESPONSES as readonly unknown[]).includes(response)) return data({ formErrors: ["validation.invalid"] }, { status: 400 });
  // Answers can change until the meeting starts.
  if (meetingState(meeting) !== "planned" || meeting.startsAt.getTime() <= Date.now()) {
    return data({ formErrors: ["meetingPage.rsvpClosed"] }, { status: 400 });
  }
  setRsvp(meeting.id, me, response as RsvpResponse, { id: user.id, ipAddress });
  return redirect(`/meetings/${meeting.id}?rsvp=1#rsvp`);
}

export default function MeetingPage() {
  const { meeting, state, agenda, rsvps, myRsvp, canRsvp, can, minutesStatus, openActions } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [params] = useSearchParams();
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const tz = meeting.timeZone;
  const { starts, totalMinutes } = runningTimes(agenda);
  const startMs = new Date(meeting.startsAt).getTime();
  const lengthMinutes = Math.round((new Date(meeting.endsAt).getTime() - startMs) / 60000);
  const flash = (["created", "saved", "cancelled", "rsvp"] as const).find((k) => params.get(k));
  return (
    <article className="space-y-6">
      <p className="text-sm print:hidden">
        <Link to="/meetings" className="text-brand-700 underline">{t("meetings.back")}</Link>
      </p>
      {flash ? (
        <p role="status" className="rounded bg-green-50 px-3 py-2 text-green-900 print:hidden">{t(`meetingPage.flash.${flash}`)}</p>
      ) : null}
      <header>
        <p className="text-sm font-medium text-slate-700">
          {t(`meetingKinds.${meeting.kind}`)} {meeting.number}
          {meeting.cityId == null ? ` · ${t("meetings.network", { host: meeting.hostCityName ?? "" })}` : ` · ${meeting.cityName}`}
        </p>
        <h1 className="text-2xl font-bold">{meeting.title}</h1>
        {state === "cancelled" ? (
          <div role="status" className="mt-2 rounded border border-red-300 bg-red-50 px-3 py-2 text-red-900">
            <p className="font-semibold">{t("meetings.cancelled")}</p>
            {meeting.cancelReason ? <p>{t("meetingPage.cancelReason", { reason: meeting.cancelReason })}</p> : null}
          </div>
        ) : null}
        <dl className="mt-3 grid grid-cols-1 gap-2 sm:grid-cols-2">
          <div>
            <dt className="text-sm text-slate-600">{t("meetingPage.when")}</dt>
            <dd className="font-medium">
              <time dateTime={new Date(meeting.startsAt).toISOString()}>
                {formatMeetingRange(meeting.startsAt, meeting.endsAt, lang, tz, "full")}
              </time>{" "}
              <span className="text-sm font-normal text-slate-600">({tz})</span>
            </dd>
          </div>
          <div>
            <dt className="text-sm text-slate-600">{t("meetingPage.where")}</dt>
            <dd className="font-medium">
              {meeting.place ?? (meeting.onlineUrl ? t("meetings.online") : "—")}
              {meeting.onlineUrl ? (
                <>
                  {" · "}
                  <a href={meeting.onlineUrl} className="text-brand-700 underline" rel="noopener noreferrer">{t("meetingPage.joinOnline")}</a>
                </>
              ) : null}
            </dd>
          </div>
        </dl>
        {meeting.purpose ? <p className="mt-3 whitespace-pre-line">{meeting.purpose}</p> : null}
        <div className="mt-4 flex flex-wrap gap-2 print:hidden">
          {can.edit ? <Link to={`/meetings/${meeting.id}/edit`} className="rounded bg-brand-700 px-3 py-2 text-sm font-medium text-white hover:bg-brand-800">{t("meetingPage.edit")}</Link> : null}
          {can.agenda && meeting.cityId != null ? <Link to={`/meetings/${meeting.id}/notify`} className="rounded border border-slate-400 px-3 py-2 text-sm hover:bg-slate-100">{t("notices.button")}</Link> : null}
          {can.agenda ? <Link to={`/meetings/${meeting.id}/agenda`} className="rounded border border-slate-400 px-3 py-2 text-sm hover:bg-slate-100">{t("meetingPage.buildAgenda")}</Link> : null}
          {can.attendance ? <Link to={`/meetings/${meeting.id}/attendance`} className="rounded border border-slate-400 px-3 py-2 text-sm hover:bg-slate-100">{t("meetingPage.attendance")}</Link> : null}
          {can.minutes ? <Link to={`/meetings/${meeting.id}/minutes`} className="rounded border border-slate-400 px-3 py-2 text-sm hover:bg-slate-100">{t(minutesStatus || !can.agenda ? "minutes.link" : "minutes.linkWrite")}</Link> : null}
          {can.attendanceList ? <a href={`/meetings/${meeting.id}/sign-in-sheet.pdf`} className="rounded border border-slate-400 px-3 py-2 text-sm hover:bg-slate-100">{t("meetingPage.signInSheet")}</a> : null}
          {can.attendanceList ? <a href={`/meetings/${meeting.id}/attendance.csv`} className="rounded border border-slate-400 px-3 py-2 text-sm hover:bg-slate-100">{t("attendance.csvLink")}</a> : null}
          {meeting.cityId != null ? <Link to={`/meetings/${meeting.id}/files`} className="rounded border border-slate-400 px-3 py-2 text-sm hover:bg-slate-100">{t("meetingFiles.link")}</Link> : null}
          <a href={`/meetings/${meeting.id}/event.ics`} className="rounded border border-slate-400 px-3 py-2 text-sm hover:bg-slate-100">{t("meetingPage.addToCalendar")}</a>
          <a href={`/meetings/${meeting.id}/agenda.pdf`} className="rounded border border-slate-400 px-3 py-2 text-sm hover:bg-slate-100">{t("meetingPage.agendaPdf")}</a>
        </div>
      </header>

      <section aria-labelledby="agenda-heading" className="rounded-lg border border-slate-200 bg-white p-4">
        <h2 id="agenda-heading" className="text-lg font-semibold">{t("meetingPage.agenda")}</h2>
        {agenda.length === 0 ? (
          <p className="mt-2 text-slate-700">{t("meetingPage.noAgenda")}</p>
        ) : (
          <>
            <ol className="mt-3 space-y-3">
              {agenda.map((item, i) => (
                <li key={item.id} className="grid grid-cols-[5rem_1fr] gap-3">
                  <span className="font-mono text-sm text-slate-700">{formatTime(new Date(startMs + starts[i] * 60000), lang, tz)}</span>
                  <div>
                    <p className="font-medium">{item.title}</p>
                    <p className="text-sm text-slate-700">
                      {t(`agendaKinds.${item.kind}`)} · {t("meetingPage.minutes", { count: item.durationMinutes })}
                      {item.presenterMemberId || item.presenterText
                        ? ` · ${item.presenterMemberId ? displayMemberName({ name: item.presenterName ?? "", erasedAt: item.presenterErasedAt }, t) : item.presenterText}`
                        : ""}
                    </p>
                    {item.ideaId != null && item.ideaTitle != null ? (
                      <p className="mt-1 text-sm">
                        {t("agenda.ideaLinked")}{" "}
                        <Link to={`/ideas/${item.ideaId}`} className="text-brand-700 underline">{item.ideaTitle}</Link>
                      </p>
                    ) : null}
                    {item.description ? <p className="mt-1 whitespace-pre-line text-sm">{item.description}</p> : null}
                  </div>
                </li>
              ))}
            </ol>
            <p className={`mt-3 text-sm ${totalMinutes > lengthMinutes ? "font-semibold text-red-800" : "text-slate-700"}`}>
              {t("meetingPage.agendaTotal", { total: totalMinutes, length: lengthMinutes })}
            </p>
          </>
        )}
      </section>

      {minutesStatus ? <MinutesDownloads meetingId={meeting.id} status={minutesStatus} /> : null}

      {openActions ? <OpenActionItems data={openActions} /> : null}

      {rsvps ? (
        <section id="rsvp" aria-labelledby="rsvp-heading" className="rounded-lg border border-slate-200 bg-white p-4 print:hidden">
          <h2 id="rsvp-heading" className="text-lg font-semibold">{t("meetingPage.rsvpTitle")}</h2>
          <p className="mt-1 text-slate-700" data-testid="rsvp-counts">
            {t("meetings.rsvpCounts", { yes: rsvps.counts.yes, maybe: rsvps.counts.maybe, no: rsvps.counts.no })}
          </p>
          {canRsvp ? (
            <Form method="post" className="mt-3">
              <FormError errors={actionData?.formErrors} />
              <input type="hidden" name="intent" value="rsvp" />
              <fieldset>
                <legend className="text-sm font-medium">{myRsvp ? t("meetingPage.yourAnswer", { answer: t(`rsvp.${myRsvp}`) }) : t("meetingPage.willYouCome")}</legend>
                <div className="mt-2 flex flex-wrap gap-2">
                  {RSVP_RESPONSES.map((r) => (
                    <button
                      key={r}
                      type="submit"
                      name="response"
                      value={r}
                      aria-pressed={myRsvp === r}
                      className={`rounded px-4 py-2 font-medium ${myRsvp === r ? "bg-brand-700 text-white" : "border border-slate-400 hover:bg-slate-100"}`}
                    >
                      {t(`rsvp.${r}`)}
                    </button>
                  ))}
                </div>
              </fieldset>
            </Form>
          ) : myRsvp ? (
            <p className="mt-2">{t("meetingPage.yourAnswer", { answer: t(`rsvp.${myRsvp}`) })}</p>
          ) : null}
          {rsvps.answers.length > 0 ? (
            <table className="mt-4 min-w-full text-left text-sm">
              <caption className="text-left font-medium">{t("meetingPage.whoAnswered")}</caption>
              <thead>
                <tr className="border-b border-slate-200">
                  <th scope="col" className="py-1 pr-3">{t("members.name")}</th>
                  <th scope="col" className="py-1">{t("meetingPage.answer")}</th>
                </tr>
              </thead>
              <tbody>
                {rsvps.answers.map((a) => (
                  <tr key={a.memberId} className="border-b border-slate-100">
                    <td className="py-1 pr-3">{displayMemberName(a, t)}</td>
                    <td className="py-1">{t(`rsvp.${a.response}`)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          ) : null}
        </section>
      ) : null}
    </article>
  );
}
