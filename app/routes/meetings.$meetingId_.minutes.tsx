import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { useTranslation } from "~/i18n/use-translation";
import { requireMinutesPage, refuseMinutes } from "~/auth/minutes-access.server";
import { AttendanceSectorMix } from "~/components/attendance-sector-mix";
import { ErrorList, FormError } from "~/components/forms";
import { Markdown } from "~/components/markdown";
import { MinutesDownloads } from "~/components/minutes-downloads";
import { formatStamp, MinutesText, type MinutesHtml, type OwnerNames } from "~/components/minutes-text";
import { Pagination } from "~/components/pagination";
import { getLocale } from "~/i18n/i18next.server";
import { attendanceRoster, sectorMix } from "~/models/attendance.server";
import {
  addComment,
  editComment,
  findComment,
  listComments,
  memberNames,
  minutesPageContent,
  MINUTES_BODY_LIMIT,
  notifyCirculated,
  saveMinutes,
  type SaveIntent,
} from "~/models/minutes.server";
import type { MinutesSnapshot } from "~/models/minutes-snapshot";
import { appOrigin } from "~/utils/mail.server";
import { displayMemberName } from "~/utils/member-display";
import { COMMENTS_PAGE_SIZE, FIELD_LIMITS, parseMinutesForm, valuesFromSnapshot, type FieldErrors, type MinutesFormValues } from "~/utils/minutes-validation";
import { readLimitedFormData } from "~/utils/limited-form.server";
import { markdownHtml, minutesHtml } from "~/utils/markdown.server";
import { pageParam } from "~/utils/request.server";
import { formatCalendarDate, formatMeetingRange, utcToZonedParts } from "~/utils/zoned-time";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.meeting.title ?? ""} · ULG Workshop` }];

/** Blank decision and action-item rows offered under the filled ones; "add rows" offers more. */
const BLANK_ROWS = 2;
const MORE_ROWS = 3;

/** Owner names from rows the page already holds; only owners outside them are read (one statement at most). */
function ownerNamesFor(ids: number[], known: { id: number; name: string; erasedAt: Date | null }[]): OwnerNames {
  const names = new Map(known.map((k) => [k.id, { name: k.name, erasedAt: k.erasedAt }]));
  const missing = ids.filter((id) => !names.has(id));
  for (const [id, m] of memberNames(missing)) names.set(id, m);
  return Object.fromEntries(ids.filter((id) => names.has(id)).map((id) => [String(id), names.get(id)!])) as OwnerNames;
}

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { user, meeting, row, can } = await requireMinutesPage(request, params, context);
  const url = new URL(request.url);
  const locale = user.city?.language ?? (await getLocale(request, user));
  // Approved minutes are read far more often than corrected: the editor (and its owner choices and
  // form values) is made only when a correction is asked for (?correct, kept by the editor's form,
  // which posts to the page's own address, so a refused correction is shown again).
  const editing = can.write && can.held && (row?.status !== "approved" || url.searchParams.has("correct"));
  // The text, agenda, guests and owner choices in one statement.
  const { snapshot, agenda, guests, owners } = minutesPageContent(meeting, row, { owners: editing, locale });
  const ownerIds = snapshot.actionItems.map((a) => a.ownerMemberId).filter((id): id is number => id != null);
  const roster = attendanceRoster(meeting, locale);
  const showComments = row != null && row.status !== "draft";
  const page = pageParam(url);
  const comments = showComments ? listComments(row.id, page) : null;
  const editCommentId = Number(url.searchParams.get("editComment")) || null;
  return {
    meeting: {
      id: meeting.id,
      kind: meeting.kind,
      number: meeting.number,
      title: meeting.title,
      startsAt: meeting.startsAt,
      endsAt: meeting.endsAt,
      timeZone: meeting.timeZone,
      cityName: meeting.cityName,
      day: utcToZonedParts(meeting.startsAt, meeting.timeZone).date,
    },
    held: can.held,
    minutes: row
      ? {
          status: row.status,
          revision: row.revision,
          circulatedAt: row.circulatedAt,
          approvedAt: row.approvedAt,
          approvedByName: row.approvedByName,
          updatedAt: row.updatedAt,
          updatedByName: row.updatedByName,
        }
      : null,
    agenda,
    // Readers get the notes and summaries as HTML only; the Markdown source goes to the editor's
    // form values, made here so the browser needs no code to make them.
    snapshot: { decisions: snapshot.decisions, actionItems: snapshot.actionItems },
    snapshotHtml: minutesHtml(snapshot),
    editorValues: editing ? valuesFromSnapshot(snapshot) : null,
    owners,
    ownerNames: ownerNamesFor(ownerIds, [...owners.map((o) => ({ id: o.id, name: o.name, erasedAt: null })), ...roster.map((r) => ({ id: r.memberId, name: r.name, erasedAt: r.erasedAt }))]),
    attendance: {
      // Only what the list shows: sixty people's every column was a third of the page's data.
      came: roster
        .filter((r) => r.status === "present" || r.status === "remote")
        .map((r) => ({ memberId: r.memberId, name: r.name, erasedAt: r.erasedAt, organisation: r.organisation, sector: r.sector, remote: r.status === "remote" })),
      excused: roster.filter((r) => r.status === "excused").length,
      absent: roster.filter((r) => r.status === "absent").length,
      guests,
      mix: sectorMix(roster, guests),
    },
    comments: comments
      ? {
          page,
          total: comments.total,
          items: comments.rows.map((c) => ({
            id: c.id,
            // The Markdown source only for the comment being edited; the others are shown as HTML.
            body: c.id === editCommentId && c.authorUserId === user.id ? c.body : null,
            bodyHtml: markdownHtml(c.body),
            authorName: c.authorName ?? "—",
            mine: c.authorUserId === user.id,
            createdAt: c.createdAt,
            edited: c.updatedAt.getTime() - c.createdAt.getTime() > 1000,
          })),
        }
      : null,
    editCommentId,
    can: {
      write: can.write && can.held,
      comment: can.comment && row?.status === "circulated",
      revisions: can.readDrafts && row != null,
    },
  };
}

type EditorReply = {
  form: "editor";
  values: MinutesFormValues;
  errors: FieldErrors;
  formErrors: string[];
  blankRows: number;
  conflict?: { theirs: MinutesSnapshot; revision: number; updatedAt: Date; updatedByName: string | null; ownerNames: OwnerNames; html: { theirs: MinutesHtml; yours: MinutesHtml } };
};
type CommentReply = { form: "comment"; commentId: number | null; body: string; errors: FieldErrors; formErrors: string[] };

const editorReply = (r: Omit<EditorReply, "form">, status: number) => data<EditorReply>({ form: "editor", ...r }, { status });

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { user, meeting, row, can, ipAddress } = await requireMinutesPage(request, params, context, { forWrite: true });
  const actor = { id: user.id, ipAddress };
  const read = await readLimitedFormData(request, MINUTES_BODY_LIMIT);
  if (read.kind !== "ok") {
    const message = read.kind === "tooLarge" ? "minutes.errors.bodyTooLarge" : "validation.invalid";
    return data({ form: "editor" as const, formErrors: [message] }, { status: 400 });
  }
  const form = read.formData;
  const intent = String(form.get("intent") ?? "");

  if (intent === "comment" || intent === "editComment") {
    if (!can.comment) refuseMinutes(request, user, "comment:minutes:city", meeting.id, ipAddress);
    const commentId = intent === "editComment" ? Number(form.get("commentId")) || null : null;
    const body = String(form.get("body") ?? "").replace(/\r\n/g, "\n");
    const reply = (r: Partial<CommentReply>, status: number) =>
      data<CommentReply>({ form: "comment", commentId, body, errors: {}, formErrors: [], ...r }, { status });
    if (!row || row.status !== "circulated") return reply({ formErrors: ["minutes.errors.commentsClosed"] }, 400);
    if (body.trim() === "") return reply({ errors: { body: ["validation.required"] } }, 400);
    if (body.length > FIELD_LIMITS.comment) return reply({ errors: { body: [`minutes.errors.tooLong|${JSON.stringify({ max: FIELD_LIMITS.comment })}`] } }, 400);
    const ref = { id: row.id, cityId: meeting.cityId, meetingId: meeting.id };
    if (commentId == null) {
      const id = addComment(ref, body.trim(), actor);
      return redirect(`/meetings/${meeting.id}/minutes?commented=1#comment-${id}`);
    }
    const comment = findComment(row.id, commentId);
    if (!comment) return reply({ formErrors: ["minutes.errors.commentNotFound"] }, 404);
    // Only the author edits a comment.
    if (comment.authorUserId !== user.id) refuseMinutes(request, user, "edit:minutes-comment:own", meeting.id, ipAddress);
    editComment(ref, commentId, body.trim(), actor);
    return redirect(`/meetings/${meeting.id}/minutes?commentSaved=1#comment-${commentId}`);
  }

  if (!can.write) refuseMinutes(request, user, "write:minutes:city", meeting.id, ipAddress);
  const day = utcToZonedParts(meeting.startsAt, meeting.timeZone).date;
  const parsed = parseMinutesForm(form, day);
  const blankRows = Math.min(20, Math.max(BLANK_ROWS, Number(form.get("blankRows")) || BLANK_ROWS));
  const base = { values: parsed.values, errors: parsed.errors, formErrors: parsed.formErrors, blankRows };
  if (!can.held) return editorReply({ ...base, formErrors: ["minutes.errors.notHeld"] }, 400);

  // More blank rows without saving (the form works without JavaScript).
  if (intent === "addRows") return editorReply({ ...base, blankRows: blankRows + MORE_ROWS }, 200);

  const intents: Record<string, SaveIntent> = { save: "save", correct: "save", circulate: "circulate", approve: "approve" };
  const saveIntent = intents[intent];
  if (!saveIntent) return editorReply({ ...base, formErrors: ["validation.invalid"] }, 400);
  if (Object.keys(parsed.errors).length || parsed.formErrors.length) {
    return editorReply({ ...base, formErrors: parsed.formErrors.length ? parsed.formErrors : ["minutes.errors.fix"] }, 400);
  }
  const baseRevision = Number(form.get("revision"));
  if (!Number.isSafeInteger(baseRevision) || baseRevision < 0) return editorReply({ ...base, formErrors: ["validation.invalid"] }, 400);

  const result = saveMinutes(meeting, { baseRevision, snapshot: parsed.snapshot, intent: saveIntent, reason: parsed.values.reason || null }, actor);
  if (!result.ok) {
    if (result.kind === "conflict") {
      const ids = result.theirs.actionItems.map((a) => a.ownerMemberId).filter((id): id is number => id != null);
      const ownerNames = Object.fromEntries([...memberNames(ids)].map(([id, m]) => [String(id), m])) as OwnerNames;
      return editorReply(
        {
          ...base,
          formErrors: ["minutes.errors.conflict"],
          conflict: {
            theirs: result.theirs,
            revision: result.revision,
            updatedAt: result.updatedAt,
            updatedByName: result.updatedByName,
            ownerNames,
            html: { theirs: minutesHtml(result.theirs), yours: minutesHtml(snapshotOfValues(parsed.values)) },
          },
        },
        409,
      );
    }
    if (result.kind === "refused") return editorReply({ ...base, formErrors: [result.formError] }, 400);
    return editorReply({ ...base, errors: result.fieldErrors, formErrors: ["minutes.errors.fix"] }, 400);
  }
  if (result.circulated) await notifyCirculated(meeting, appOrigin(request), actor);
  const flash = intent === "correct" ? "corrected" : intent === "save" ? "saved" : intent === "circulate" ? "circulated" : "approved";
  return redirect(`/meetings/${meeting.id}/minutes?${flash}=1`);
}

const control = "mt-1 block w-full rounded border border-slate-400 bg-white px-3 py-2 aria-[invalid]:border-red-600";
const secondary = "rounded border border-slate-400 px-3 py-2 text-sm hover:bg-slate-100";

export default function MinutesPage() {
  const loaded = useLoaderData<typeof loader>();
  const { meeting, minutes, agenda, snapshot, ownerNames, attendance, comments, can } = loaded;
  const actionData = useActionData<typeof action>();
  const [params] = useSearchParams();
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const flash = (["saved", "circulated", "approved", "corrected", "commented", "commentSaved"] as const).find((k) => params.get(k));
  const editorData = actionData?.form === "editor" ? (actionData as EditorReply) : undefined;
  const commentData = actionData?.form === "comment" ? (actionData as CommentReply) : undefined;
  const status = minutes?.status ?? null;

  return (
    <article className="space-y-6">
      <p className="text-sm print:hidden">
        <Link to={`/meetings/${meeting.id}`} className="text-brand-700 underline">
          {t(`meetingKinds.${meeting.kind}`)} {meeting.number}: {meeting.title}
        </Link>
      </p>
      <header>
        <h1 className="text-2xl font-bold">{t("minutes.title")}</h1>
        <p className="mt-1 text-slate-700">
          <time dateTime={new Date(meeting.startsAt).toISOString()}>{formatMeetingRange(meeting.startsAt, meeting.endsAt, lang, meeting.timeZone)}</time>
          {meeting.cityName ? ` · ${meeting.cityName}` : ""}
        </p>
        <p className="mt-2" data-testid="minutes-status">
          <span className="rounded bg-slate-100 px-2 py-1 text-sm font-semibold">{t(`minutes.status.${status ?? "none"}`)}</span>
          {minutes ? <span className="ml-2 text-sm text-slate-700">{t("minutes.revisionLine", { revision: minutes.revision, by: minutes.updatedByName ?? "—", at: formatStamp(minutes.updatedAt, lang, meeting.timeZone) })}</span> : null}
        </p>
        {minutes?.approvedAt ? (
          <p className="mt-1 text-sm" data-testid="approved-by">
            {t("minutes.approvedBy", { by: minutes.approvedByName ?? "—", at: formatStamp(minutes.approvedAt, lang, meeting.timeZone) })}
          </p>
        ) : null}
        {can.revisions ? (
          <p className="mt-2 text-sm print:hidden">
            <Link to={`/meetings/${meeting.id}/minutes/revisions`} className="text-brand-700 underline">{t("minutes.revisionsLink")}</Link>
          </p>
        ) : null}
      </header>
      {flash ? <p role="status" className="rounded bg-green-50 px-3 py-2 text-green-900">{t(`minutes.flash.${flash}`)}</p> : null}
      {!loaded.held ? <p className="rounded border border-amber-500 bg-amber-50 px-3 py-2 text-amber-900">{t("minutes.notHeld")}</p> : null}

      {editorData?.conflict ? <Conflict conflict={editorData.conflict} values={editorData.values} agenda={agenda} timeZone={meeting.timeZone} /> : null}

      {can.write && status === "approved" ? (
        <section aria-labelledby="approved-text" className="rounded-lg border border-slate-200 bg-white p-4">
          <h2 id="approved-text" className="sr-only">{t("minutes.title")}</h2>
          <MinutesText snapshot={snapshot} html={loaded.snapshotHtml} agenda={agenda} owners={ownerNames} idPrefix="current" headingLevel={3} />
        </section>
      ) : null}

      {can.write ? (
        status === "approved" ? (
          // Approved minutes are read far more often than corrected: the correction form (every
          // note, decision and action with their choices) is made only when asked for.
          editorData || params.get("correct") ? (
            <section id="correct" aria-labelledby="correct-heading" className="rounded-lg border border-slate-200 bg-white p-4">
              <h2 id="correct-heading" className="text-lg font-semibold">{t("minutes.correctTitle")}</h2>
              <p className="mt-2 text-sm text-slate-700">{t("minutes.correctHelp")}</p>
              <Editor key={minutes?.revision ?? 0} reply={editorData} />
            </section>
          ) : (
            <p className="rounded-lg border border-slate-200 bg-white p-4 print:hidden">
              <Link to="?correct=1#correct" className="font-semibold text-brand-700 underline">{t("minutes.correctTitle")}</Link>
              <span className="mt-1 block text-sm text-slate-700">{t("minutes.correctHelp")}</span>
            </p>
          )
        ) : (
          <section aria-labelledby="editor-heading" className="rounded-lg border border-slate-200 bg-white p-4">
            <h2 id="editor-heading" className="text-lg font-semibold">{t("minutes.editorTitle")}</h2>
            <Editor key={editorData?.conflict?.revision ?? minutes?.revision ?? 0} reply={editorData} />
          </section>
        )
      ) : minutes ? (
        <section aria-labelledby="minutes-text" className="rounded-lg border border-slate-200 bg-white p-4">
          <h2 id="minutes-text" className="sr-only">{t("minutes.title")}</h2>
          <MinutesText snapshot={snapshot} html={loaded.snapshotHtml} agenda={agenda} owners={ownerNames} idPrefix="current" headingLevel={3} />
        </section>
      ) : null}

      <section aria-labelledby="attendance-heading" className="rounded-lg border border-slate-200 bg-white p-4">
        <h2 id="attendance-heading" className="text-lg font-semibold">{t("minutes.attendanceTitle")}</h2>
        <p className="mt-1 text-sm text-slate-700" data-testid="attendance-counts">
          {t("minutes.attendanceCounts", { came: attendance.came.length, guests: attendance.guests.length, excused: attendance.excused, absent: attendance.absent })}
        </p>
        {attendance.came.length + attendance.guests.length === 0 ? (
          <p className="mt-2 text-slate-700">{t("minutes.noAttendance")}</p>
        ) : (
          <ul className="mt-2 list-disc pl-6 text-sm">
            {attendance.came.map((r) => (
              <li key={`m${r.memberId}`}>
                {displayMemberName(r, t)}
                {r.organisation ? `, ${r.organisation}` : ""} · {t(`sectors.${r.sector}`)}
                {r.remote ? ` · ${t("attendance.status.remote")}` : ""}
              </li>
            ))}
            {attendance.guests.map((g) => (
              <li key={`g${g.id}`}>
                {g.name}
                {g.organisation ? `, ${g.organisation}` : ""} · {g.sector ? t(`sectors.${g.sector}`) : t("attendance.sectorNotGiven")} · {t("minutes.guest")}
              </li>
            ))}
          </ul>
        )}
      </section>
      <AttendanceSectorMix mix={attendance.mix} />

      {status ? <MinutesDownloads meetingId={meeting.id} status={status} /> : null}

      {comments ? (
        <section id="comments" aria-labelledby="comments-heading" className="rounded-lg border border-slate-200 bg-white p-4">
          <h2 id="comments-heading" className="text-lg font-semibold">{t("minutes.commentsTitle", { count: comments.total })}</h2>
          {comments.items.length === 0 ? <p className="mt-2 text-slate-700">{t("minutes.noComments")}</p> : null}
          <ul className="mt-3 space-y-4">
            {comments.items.map((c) => (
              <li key={c.id} id={`comment-${c.id}`} className="border-b border-slate-100 pb-3">
                <p className="text-sm text-slate-700">
                  <span className="font-medium text-slate-900">{c.authorName}</span> · {formatStamp(c.createdAt, lang, meeting.timeZone)}
                  {c.edited ? ` · ${t("minutes.edited")}` : ""}
                </p>
                {c.mine && can.comment && loaded.editCommentId === c.id ? (
                  <CommentForm commentId={c.id} initial={commentData?.commentId === c.id ? commentData.body : (c.body ?? "")} reply={commentData?.commentId === c.id ? commentData : undefined} />
                ) : (
                  <>
                    <Markdown html={c.bodyHtml} />
                    {c.mine && can.comment ? (
                      <Link to={`?editComment=${c.id}#comment-${c.id}`} className="text-sm text-brand-700 underline">{t("minutes.editComment")}</Link>
                    ) : null}
                  </>
                )}
              </li>
            ))}
          </ul>
          <Pagination page={comments.page} total={comments.total} pageSize={COMMENTS_PAGE_SIZE} />
          {can.comment ? (
            <CommentForm commentId={null} initial={commentData?.commentId == null ? (commentData?.body ?? "") : ""} reply={commentData?.commentId == null ? commentData : undefined} />
          ) : status === "approved" ? (
            <p className="mt-3 text-sm text-slate-700">{t("minutes.commentsClosedNote")}</p>
          ) : null}
        </section>
      ) : null}
    </article>
  );
}

function CommentForm({ commentId, initial, reply }: { commentId: number | null; initial: string; reply?: CommentReply }) {
  const { t } = useTranslation();
  const id = commentId == null ? "comment-body" : `comment-body-${commentId}`;
  const errorId = reply?.errors.body?.length ? `${id}-error` : undefined;
  return (
    <Form method="post" className="mt-3 space-y-2" noValidate>
      <FormError errors={reply?.formErrors} />
      <input type="hidden" name="intent" value={commentId == null ? "comment" : "editComment"} />
      {commentId != null ? <input type="hidden" name="commentId" value={commentId} /> : null}
      <label htmlFor={id} className="block text-sm font-medium">{commentId == null ? t("minutes.addComment") : t("minutes.editComment")}</label>
      <textarea id={id} name="body" rows={4} defaultValue={initial} maxLength={FIELD_LIMITS.comment} aria-invalid={errorId ? true : undefined} aria-describedby={errorId} className={control} />
      <ErrorList id={errorId} errors={reply?.errors.body} />
      <button type="submit" className="rounded bg-brand-700 px-4 py-2 font-medium text-white hover:bg-brand-800">
        {commentId == null ? t("minutes.sendComment") : t("minutes.saveComment")}
      </button>
    </Form>
  );
}

/** The typed form values as minutes, to show beside the other revision after a conflict. */
function snapshotOfValues(values: MinutesFormValues): MinutesSnapshot {
  return {
    summary: values.summary || null,
    summaryEn: values.summaryEn || null,
    notes: Object.entries(values.notes).filter(([, n]) => n.trim()).map(([id, notes]) => ({ agendaItemId: Number(id), notes })),
    decisions: values.decisions.map((d) => ({ text: d.text, agendaItemId: Number(d.agendaItemId) || null })),
    actionItems: values.actions.map((a) => ({ description: a.description, ownerMemberId: Number(a.ownerMemberId) || null, dueOn: a.dueOn || null, agendaItemId: Number(a.agendaItemId) || null })),
  };
}

function Conflict({
  conflict,
  values,
  agenda,
  timeZone,
}: {
  conflict: NonNullable<EditorReply["conflict"]>;
  values: MinutesFormValues;
  agenda: { id: number; title: string }[];
  timeZone: string;
}) {
  const { t, i18n } = useTranslation();
  const { ownerNames: loadedOwners } = useLoaderData<typeof loader>();
  // Yours as the reader would see it: the typed values, with owner names from either version.
  const yours = snapshotOfValues(values);
  const { owners } = useLoaderData<typeof loader>();
  const names: OwnerNames = { ...loadedOwners, ...conflict.ownerNames, ...Object.fromEntries(owners.map((o) => [String(o.id), { name: o.name, erasedAt: null }])) };
  return (
    <section aria-labelledby="conflict-heading" className="rounded-lg border-2 border-amber-600 bg-amber-50 p-4" data-testid="conflict">
      <h2 id="conflict-heading" className="text-lg font-semibold">{t("minutes.conflict.title")}</h2>
      <p className="mt-1">{t("minutes.conflict.body", { by: conflict.updatedByName ?? "—", at: formatStamp(conflict.updatedAt, i18n.language, timeZone), revision: conflict.revision })}</p>
      <div className="mt-4 grid gap-4 lg:grid-cols-2">
        <div className="rounded border border-slate-300 bg-white p-3" data-testid="conflict-theirs">
          <h3 className="font-semibold">{t("minutes.conflict.theirs", { revision: conflict.revision })}</h3>
          <MinutesText snapshot={conflict.theirs} html={conflict.html.theirs} agenda={agenda} owners={names} idPrefix="theirs" headingLevel={4} />
        </div>
        <div className="rounded border border-slate-300 bg-white p-3" data-testid="conflict-yours">
          <h3 className="font-semibold">{t("minutes.conflict.yours")}</h3>
          <MinutesText snapshot={yours} html={conflict.html.yours} agenda={agenda} owners={names} idPrefix="yours" headingLevel={4} />
        </div>
      </div>
    </section>
  );
}

function Editor({ reply }: { reply?: EditorReply }) {
  const { meeting, minutes, agenda, editorValues, owners, ownerNames } = useLoaderData<typeof loader>();
  const navigation = useNavigation();
  const { t, i18n } = useTranslation();
  // The editor is only rendered for those who may write, whose loader data carries the values.
  const values = reply?.values ?? editorValues!;
  const errors = reply?.errors ?? {};
  const blankRows = reply?.blankRows ?? BLANK_ROWS;
  const status = minutes?.status ?? "draft";
  // After a conflict the form carries your text on top of their revision: saving again is a deliberate choice.
  const revision = reply?.conflict?.revision ?? minutes?.revision ?? 0;
  const decisions = [...values.decisions, ...Array.from({ length: blankRows }, () => ({ text: "", agendaItemId: "" }))];
  const actions = [...values.actions, ...Array.from({ length: blankRows }, () => ({ id: "", description: "", ownerMemberId: "", dueOn: "", agendaItemId: "", doneOn: "" }))];
  const ownerOptions = [...owners];
  // An owner who has left since keeps their row in the choices, so saving does not silently drop them.
  for (const a of values.actions) {
    const id = Number(a.ownerMemberId);
    if (id && !owners.some((o) => o.id === id) && ownerNames[String(id)]) ownerOptions.push({ id, name: displayMemberName(ownerNames[String(id)], t), organisation: null });
  }
  // Every decision and action row offers the same choices: the option elements are made once, each
  // label as one string (one text node, not three, in the server's HTML).
  const agendaOptions = agenda.map((a, n) => <option key={a.id} value={a.id}>{`${n + 1}. ${a.title}`}</option>);
  const ownerOptionElements = ownerOptions.map((o) => <option key={o.id} value={o.id}>{o.organisation ? `${o.name} (${o.organisation})` : o.name}</option>);
  const err = (key: string) => errors[key] ?? undefined;
  const described = (key: string) => (errors[key]?.length ? `${key.replace(/\./g, "-")}-error` : undefined);
  const busy = navigation.state === "submitting";

  return (
    <Form method="post" className="mt-3 space-y-6" noValidate>
      <FormError errors={reply?.formErrors} />
      <input type="hidden" name="revision" value={revision} />
      <input type="hidden" name="blankRows" value={blankRows} />

      <fieldset className="space-y-4">
        <legend className="font-semibold">{t("minutes.notesTitle")}</legend>
        {agenda.length === 0 ? <p className="text-sm text-slate-700">{t("minutes.noAgenda")}</p> : null}
        {agenda.map((a, i) => {
          const key = `note.${a.id}`;
          return (
            <div key={a.id}>
              <label htmlFor={`note-${a.id}`} className="block font-medium">{`${i + 1}. ${a.title}`}</label>
              <p id={`note-${a.id}-hint`} className="text-xs text-slate-600">{t(`agendaKinds.${a.kind}`)} · {t("minutes.markdownHint")}</p>
              <textarea
                id={`note-${a.id}`}
                name={key}
                rows={5}
                defaultValue={values.notes[String(a.id)] ?? ""}
                aria-invalid={err(key) ? true : undefined}
                aria-describedby={[`note-${a.id}-hint`, described(key)].filter(Boolean).join(" ")}
                className={control}
              />
              <ErrorList id={described(key)} errors={err(key)} />
            </div>
          );
        })}
      </fieldset>

      <fieldset className="space-y-3">
        <legend className="font-semibold">{t("minutes.decisionsTitle")}</legend>
        <p className="text-xs text-slate-600">{t("minutes.rowsHint")}</p>
        {decisions.map((d, i) => (
          <div key={i} className="grid gap-2 rounded border border-slate-200 p-2 sm:grid-cols-[1fr_14rem]" data-testid="decision-row">
            <div>
              <label htmlFor={`decision-${i}-text`} className="block text-sm font-medium">{t("minutes.decisionLabel", { n: i + 1 })}</label>
              <textarea id={`decision-${i}-text`} name={`decision.${i}.text`} rows={2} defaultValue={d.text} aria-invalid={err(`decision.${i}.text`) ? true : undefined} aria-describedby={described(`decision.${i}.text`)} className={control} />
              <ErrorList id={described(`decision.${i}.text`)} errors={err(`decision.${i}.text`)} />
            </div>
            <div>
              <label htmlFor={`decision-${i}-agenda`} className="block text-sm font-medium">{t("minutes.underItem")}<span className="sr-only"> ({t("minutes.decisionN", { n: i + 1 })})</span></label>
              <select id={`decision-${i}-agenda`} name={`decision.${i}.agendaItemId`} defaultValue={d.agendaItemId} className={control}>
                <option value="">{t("minutes.general")}</option>
                {agendaOptions}
              </select>
              <ErrorList errors={err(`decision.${i}.agendaItemId`)} />
              {i < values.decisions.length ? (
                <label className="mt-1 inline-flex items-center gap-1.5 text-sm">
                  <input type="checkbox" name={`decision.${i}.remove`} className="h-4 w-4" /> {t("minutes.remove")}<span className="sr-only"> ({t("minutes.decisionN", { n: i + 1 })})</span>
                </label>
              ) : null}
            </div>
          </div>
        ))}
      </fieldset>

      <fieldset className="space-y-3">
        <legend className="font-semibold">{t("minutes.actionsTitle")}</legend>
        <p className="text-xs text-slate-600">{t("minutes.rowsHint")}</p>
        {actions.map((a, i) => (
          <div key={a.id || `new-${i}`} className="grid gap-2 rounded border border-slate-200 p-2 sm:grid-cols-2" data-testid="action-row">
            {a.id ? <input type="hidden" name={`action.${i}.id`} value={a.id} /> : null}
            <div className="sm:col-span-2">
              <label htmlFor={`action-${i}-description`} className="block text-sm font-medium">{t("minutes.actionLabel", { n: i + 1 })}</label>
              <input id={`action-${i}-description`} name={`action.${i}.description`} defaultValue={a.description} maxLength={FIELD_LIMITS.action} aria-invalid={err(`action.${i}.description`) ? true : undefined} aria-describedby={described(`action.${i}.description`)} className={control} />
              <ErrorList id={described(`action.${i}.description`)} errors={err(`action.${i}.description`)} />
              {a.doneOn ? <p className="text-sm text-green-800">{t("minutes.action.doneOn", { date: formatCalendarDate(a.doneOn, i18n.language) })}</p> : null}
            </div>
            <div>
              <label htmlFor={`action-${i}-owner`} className="block text-sm font-medium">{t("minutes.action.owner")}<span className="sr-only"> ({t("minutes.actionN", { n: i + 1 })})</span></label>
              <select id={`action-${i}-owner`} name={`action.${i}.ownerMemberId`} defaultValue={a.ownerMemberId} aria-invalid={err(`action.${i}.ownerMemberId`) ? true : undefined} aria-describedby={described(`action.${i}.ownerMemberId`)} className={control}>
                <option value="">{t("minutes.noOwner")}</option>
                {ownerOptionElements}
              </select>
              <ErrorList id={described(`action.${i}.ownerMemberId`)} errors={err(`action.${i}.ownerMemberId`)} />
            </div>
            <div>
              <label htmlFor={`action-${i}-due`} className="block text-sm font-medium">{t("minutes.action.dueOn")}<span className="sr-only"> ({t("minutes.actionN", { n: i + 1 })})</span></label>
              <input id={`action-${i}-due`} type="date" name={`action.${i}.dueOn`} min={meeting.day} defaultValue={a.dueOn} aria-invalid={err(`action.${i}.dueOn`) ? true : undefined} aria-describedby={described(`action.${i}.dueOn`)} className={control} />
              <ErrorList id={described(`action.${i}.dueOn`)} errors={err(`action.${i}.dueOn`)} />
            </div>
            <div>
              <label htmlFor={`action-${i}-agenda`} className="block text-sm font-medium">{t("minutes.underItem")}<span className="sr-only"> ({t("minutes.actionN", { n: i + 1 })})</span></label>
              <select id={`action-${i}-agenda`} name={`action.${i}.agendaItemId`} defaultValue={a.agendaItemId} className={control}>
                <option value="">{t("minutes.general")}</option>
                {agendaOptions}
              </select>
              <ErrorList errors={err(`action.${i}.agendaItemId`)} />
            </div>
            {i < values.actions.length ? (
              <label className="inline-flex items-center gap-1.5 self-end text-sm">
                <input type="checkbox" name={`action.${i}.remove`} className="h-4 w-4" /> {t("minutes.remove")}<span className="sr-only"> ({t("minutes.actionN", { n: i + 1 })})</span>
              </label>
            ) : null}
          </div>
        ))}
        <button type="submit" name="intent" value="addRows" formNoValidate className={secondary}>{t("minutes.addRows")}</button>
      </fieldset>

      <div>
        <label htmlFor="summary" className="block font-semibold">{t("minutes.summary")}</label>
        <p id="summary-hint" className="text-xs text-slate-600">{t("minutes.markdownHint")}</p>
        <textarea id="summary" name="summary" rows={5} defaultValue={values.summary} aria-invalid={err("summary") ? true : undefined} aria-describedby={["summary-hint", described("summary")].filter(Boolean).join(" ")} className={control} />
        <ErrorList id={described("summary")} errors={err("summary")} />
      </div>
      <div>
        <label htmlFor="summaryEn" className="block font-semibold">{t("minutes.summaryEn")}</label>
        <p id="summaryEn-hint" className="text-xs text-slate-600">{t("minutes.summaryEnHint")}</p>
        <textarea id="summaryEn" name="summaryEn" lang="en" rows={4} defaultValue={values.summaryEn} aria-invalid={err("summaryEn") ? true : undefined} aria-describedby={["summaryEn-hint", described("summaryEn")].filter(Boolean).join(" ")} className={control} />
        <ErrorList id={described("summaryEn")} errors={err("summaryEn")} />
      </div>

      {status === "approved" ? (
        <div>
          <label htmlFor="reason" className="block font-semibold">{t("minutes.reason")}</label>
          <textarea id="reason" name="reason" rows={2} defaultValue={values.reason} aria-invalid={err("reason") ? true : undefined} aria-describedby={described("reason")} className={control} />
          <ErrorList id={described("reason")} errors={err("reason")} />
        </div>
      ) : null}

      <div className="flex flex-wrap items-center gap-3">
        {status === "approved" ? (
          <button type="submit" name="intent" value="correct" className="rounded bg-brand-700 px-4 py-2 font-medium text-white hover:bg-brand-800">{t("minutes.correct")}</button>
        ) : (
          <>
            <button type="submit" name="intent" value="save" className="rounded bg-brand-700 px-4 py-2 font-medium text-white hover:bg-brand-800">{t("minutes.save")}</button>
            {status === "draft" ? <button type="submit" name="intent" value="circulate" className={secondary}>{t("minutes.circulate")}</button> : null}
            {status === "circulated" ? <button type="submit" name="intent" value="approve" className={secondary}>{t("minutes.approve")}</button> : null}
          </>
        )}
        {busy ? <span role="status" className="text-sm text-slate-700">{t("minutes.saving")}</span> : null}
      </div>
      <p className="text-xs text-slate-600">{t(status === "draft" ? "minutes.circulateHint" : status === "circulated" ? "minutes.approveHint" : "minutes.correctHint")}</p>
    </Form>
  );
}
