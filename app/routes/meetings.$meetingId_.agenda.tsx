import type { SubmissionResult } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { useTranslation } from "~/i18n/use-translation";
import { requireWritableMeeting } from "~/auth/meeting-access.server";
import { AgendaItemForm } from "~/components/agenda-item-form";
import { AgendaList } from "~/components/agenda-list";
import { FormError } from "~/components/forms";
import { OpenActionItems } from "~/components/open-action-items";
import { openActionItemsAt } from "~/models/action-items.server";
import { pageParam } from "~/utils/request.server";
import {
  addAgendaItem,
  deleteAgendaItem,
  isIdeaOfCity,
  isMemberOfCity,
  listAgendaItems,
  listIdeaOptions,
  listPresenterOptions,
  moveAgendaItem,
  reorderAgendaItems,
  runningTimes,
  updateAgendaItem,
} from "~/models/agenda.server";
import { agendaItemSchema, parseItemId, parseOrderedIds } from "~/utils/agenda-validation";
import { formatMeetingDate, formatTime } from "~/utils/zoned-time";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.meeting.title ?? ""} · Agenda · ULG Workshop` }];

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { user, meeting } = await requireWritableMeeting(request, params, context);
  const rows = listAgendaItems(meeting.id);
  const { starts, totalMinutes } = runningTimes(rows);
  const lengthMinutes = Math.round((meeting.endsAt.getTime() - meeting.startsAt.getTime()) / 60_000);
  const editId = parseItemId(new URL(request.url).searchParams.get("edit"));
  return {
    meeting: {
      id: meeting.id,
      kind: meeting.kind,
      number: meeting.number,
      title: meeting.title,
      startsAt: meeting.startsAt,
      endsAt: meeting.endsAt,
      timeZone: meeting.timeZone,
      cancelled: meeting.cancelledAt != null,
      cityName: meeting.cityName,
      hostCityName: meeting.hostCityName,
    },
    items: rows.map((r) => ({
      id: r.id,
      title: r.title,
      description: r.description,
      durationMinutes: r.durationMinutes,
      kind: r.kind,
      presenterMemberId: r.presenterMemberId,
      presenterText: r.presenterText,
      presenterName: r.presenterName,
      presenterErased: r.presenterErasedAt != null,
      ideaId: r.ideaId,
      ideaTitle: r.ideaTitle,
      ideaStage: r.ideaStage,
    })),
    presenters: meeting.cityId == null ? null : listPresenterOptions(meeting.cityId),
    ideas: meeting.cityId == null ? null : listIdeaOptions(meeting.cityId),
    times: { starts, totalMinutes, lengthMinutes, overrunMinutes: Math.max(0, totalMinutes - lengthMinutes) },
    editId: rows.some((r) => r.id === editId) ? editId : null,
    // What earlier meetings left open, to put on this agenda.
    openActions: openActionItemsAt(user, meeting, pageParam(new URL(request.url), "actionsPage")),
  };
}

type Reply = { intent: string; itemId?: number | null; result?: SubmissionResult<string[]>; formErrors?: string[]; ok?: boolean };

const refuse = (reply: Reply) => data(reply, { status: 400 });

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { user, meeting, ipAddress } = await requireWritableMeeting(request, params, context);
  const formData = await request.formData();
  const intent = String(formData.get("intent") ?? "");
  const actor = { id: user.id, ipAddress };
  const base = `/meetings/${meeting.id}/agenda`;
  if (meeting.cancelledAt) return refuse({ intent, formErrors: ["agenda.cancelledReadOnly"] });

  if (intent === "add" || intent === "edit") {
    const itemId = intent === "edit" ? parseItemId(formData.get("itemId")) : null;
    const cityId = meeting.cityId;
    const schema = agendaItemSchema(
      cityId == null
        ? { rosterless: true }
        : { isPresenterAllowed: (memberId) => isMemberOfCity(memberId, cityId), isIdeaAllowed: (ideaId) => isIdeaOfCity(ideaId, cityId) },
    );
    const submission = parseWithZod(formData, { schema });
    if (submission.status !== "success") return refuse({ intent, itemId, result: submission.reply() });
    if (intent === "add") {
      const id = addAgendaItem(meeting, submission.value, actor);
      return redirect(`${base}?added=${id}#item-${id}`);
    }
    if (itemId == null || !updateAgendaItem(meeting, itemId, submission.value, actor)) {
      return refuse({ intent, itemId, result: submission.reply({ formErrors: ["agenda.itemNotFound"] }) });
    }
    return redirect(`${base}?saved=${itemId}#item-${itemId}`);
  }

  if (intent === "up" || intent === "down" || intent === "delete") {
    const itemId = parseItemId(formData.get("itemId"));
    if (intent === "delete") {
      if (itemId == null || !deleteAgendaItem(meeting, itemId, actor)) return refuse({ intent, itemId, formErrors: ["agenda.itemNotFound"] });
      return redirect(`${base}?removed=1`);
    }
    if (itemId == null || !moveAgendaItem(meeting, itemId, intent, actor)) return refuse({ intent, itemId, formErrors: ["agenda.itemNotFound"] });
    return redirect(`${base}?moved=${itemId}#item-${itemId}`);
  }

  if (intent === "reorder") {
    // Sent by the script (drag, keyboard or buttons): the whole order, which must be exactly this agenda.
    const ids = parseOrderedIds(formData.getAll("ids"));
    if (!ids || !reorderAgendaItems(meeting, ids, actor)) return refuse({ intent, formErrors: ["agenda.badOrder"] });
    return data({ intent, ok: true } as Reply);
  }

  return refuse({ intent, formErrors: ["validation.invalid"] });
}

export default function AgendaBuilder() {
  const { meeting, items, presenters, ideas, times, editId, openActions } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>() as Reply | undefined;
  const [params] = useSearchParams();
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const tz = meeting.timeZone;
  const heading = `${t(`meetingKinds.${meeting.kind}`)} ${meeting.number}: ${meeting.title}`;
  const agendaEnd = new Date(new Date(meeting.startsAt).getTime() + times.totalMinutes * 60_000);

  const flash = (["added", "saved", "moved", "removed"] as const).find((k) => params.get(k));
  const movedItem = flash === "moved" ? items.findIndex((i) => String(i.id) === params.get("moved")) : -1;
  const flashText =
    movedItem >= 0 ? t("agenda.moved", { title: items[movedItem].title, position: movedItem + 1, count: items.length }) : flash ? t(`agenda.flash.${flash}`) : null;
  // Page-level errors (moves, removals, a cancelled meeting); form errors show inside their form.
  const pageErrors = actionData?.formErrors ?? (actionData?.intent === "edit" && editId == null ? actionData.result?.error?.[""] : undefined);

  return (
    <article className="mx-auto max-w-4xl space-y-6">
      <p className="text-sm">
        <Link to={`/meetings/${meeting.id}`} className="text-brand-700 underline">{t("agenda.viewMeeting")}</Link>
      </p>
      <header>
        <p className="text-sm font-medium text-slate-700">
          {heading}
          {meeting.cityName ? ` · ${meeting.cityName}` : ` · ${t("meetings.network", { host: meeting.hostCityName ?? "" })}`}
        </p>
        <h1 className="text-2xl font-bold">{t("agenda.title")}</h1>
        <p className="mt-1 text-slate-800">
          <time dateTime={new Date(meeting.startsAt).toISOString()}>
            {formatMeetingDate(meeting.startsAt, lang, tz)}, {formatTime(meeting.startsAt, lang, tz)}–{formatTime(meeting.endsAt, lang, tz)}
          </time>{" "}
          <span className="text-sm text-slate-600">({tz})</span>
        </p>
        <p className="mt-2 text-sm text-slate-700">{t("agenda.intro")}</p>
        <p className="mt-2">
          <a href={`/meetings/${meeting.id}/agenda.pdf`} className="text-brand-700 underline">{t("agenda.pdf")}</a>
        </p>
      </header>

      {flashText ? <p role="status" className="rounded bg-green-50 px-3 py-2 text-green-900">{flashText}</p> : null}
      <FormError errors={pageErrors} />
      {meeting.cancelled ? (
        <p role="status" className="rounded border border-red-300 bg-red-50 px-3 py-2 text-red-900">{t("agenda.readOnly")}</p>
      ) : null}

      <section aria-labelledby="agenda-items-heading" className="space-y-3">
        <h2 id="agenda-items-heading" className="text-lg font-semibold">{t("agenda.itemsLabel")}</h2>
        <div
          data-testid="agenda-total"
          className={`rounded border px-3 py-2 text-sm ${times.overrunMinutes > 0 ? "border-red-300 bg-red-50 text-red-900" : "border-slate-200 bg-white text-slate-800"}`}
        >
          <p>
            {t("agenda.total", {
              total: times.totalMinutes,
              length: times.lengthMinutes,
              start: formatTime(meeting.startsAt, lang, tz),
              end: formatTime(meeting.endsAt, lang, tz),
            })}{" "}
            {items.length > 0 ? t("agenda.agendaEnds", { end: formatTime(agendaEnd, lang, tz) }) : null}
          </p>
          {times.overrunMinutes > 0 ? (
            <p className="mt-1 font-semibold">
              <span aria-hidden="true">⚠ </span>
              {t("agenda.overrun", { over: times.overrunMinutes })}
            </p>
          ) : items.length > 0 ? (
            <p className="mt-1">{t("agenda.spare", { spare: times.lengthMinutes - times.totalMinutes })}</p>
          ) : null}
        </div>
        <AgendaList
          meetingId={meeting.id}
          startsAt={new Date(meeting.startsAt).toISOString()}
          timeZone={tz}
          items={items}
          presenters={presenters}
          ideas={ideas}
          readOnly={meeting.cancelled}
          editId={editId}
          editResult={actionData?.intent === "edit" && actionData.itemId === editId ? (actionData.result ?? null) : null}
        />
      </section>

      {openActions ? <OpenActionItems data={openActions} /> : null}

      {meeting.cancelled ? null : (
        <section aria-labelledby="add-item-heading" className="rounded-lg border border-slate-200 bg-white p-4 sm:p-6">
          <h2 id="add-item-heading" className="mb-3 text-lg font-semibold">{t("agenda.addTitle")}</h2>
          <AgendaItemForm
            // A new key after each added item empties the form; a refused one keeps what was typed.
            key={params.get("added") ?? "new"}
            formId="agenda-item-new"
            action={`/meetings/${meeting.id}/agenda`}
            presenters={presenters}
            ideas={ideas}
            lastResult={actionData?.intent === "add" ? (actionData.result ?? null) : null}
            defaultValue={{ kind: "discussion" }}
            submitLabel={t("agenda.add")}
          />
        </section>
      )}
    </article>
  );
}
