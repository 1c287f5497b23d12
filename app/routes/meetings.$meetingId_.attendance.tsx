import { getFormProps, getInputProps, getSelectProps, useForm, type SubmissionResult } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod/v4";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { useTranslation } from "~/i18n/use-translation";
import { z } from "zod";
import { ATTENDANCE_STATUSES, SECTORS, type AttendanceStatus } from "#db/enums";
import { requireAttendanceWriter } from "~/auth/attendance-access.server";
import { notFound } from "~/auth/auth.server";
import { AttendanceFiles } from "~/components/attendance-files";
import { AttendanceSectorMix } from "~/components/attendance-sector-mix";
import { ErrorList, Field, FormError, SubmitButton, withoutKey } from "~/components/forms";
import { getLocale } from "~/i18n/i18next.server";
import { addGuest, attendanceRoster, listGuests, removeGuest, saveAttendance, sectorMix } from "~/models/attendance.server";
import { listMeetingFiles, MAX_MEETING_FILE_BYTES, ACCEPTED_EXTENSIONS } from "~/models/meeting-files.server";
import { meetingState } from "~/models/meetings.server";
import { displayMemberName } from "~/utils/member-display";
import { formatCalendarDate, formatMeetingDate, formatTime } from "~/utils/zoned-time";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.meeting.title ?? ""} · ULG Workshop` }];

// "none" is the "not recorded" choice: it clears a status set by mistake (a radio cannot be unticked).
const STATUS_CHOICES = [...ATTENDANCE_STATUSES, "none"] as const;
type StatusChoice = (typeof STATUS_CHOICES)[number];

// Each person's radio group is named status.m<memberId>, which Conform reads as one object.
const SaveSchema = z.object({
  intent: z.literal("save"),
  status: z
    .record(z.string().regex(/^m[1-9]\d{0,9}$/, "validation.invalid"), z.enum(STATUS_CHOICES, { error: "attendance.errors.status" }))
    .optional()
    .default({}),
});

const GuestSchema = z.object({
  intent: z.literal("addGuest"),
  name: z.string({ error: "validation.required" }).trim().min(1, "validation.required").max(120, "validation.tooLong"),
  organisation: z
    .string()
    .trim()
    .max(200, "validation.tooLong")
    .optional()
    .transform((v) => v || null),
  sector: z.enum(SECTORS, { error: "validation.sector" }).optional(),
});

const RemoveGuestSchema = z.object({ intent: z.literal("removeGuest"), guestId: z.coerce.number().int().positive() });

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { user, meeting } = await requireAttendanceWriter(request, params, context);
  const locale = user.city?.language ?? (await getLocale(request, user));
  const roster = attendanceRoster(meeting, locale);
  const guests = listGuests(meeting.id);
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
    },
    state: meetingState(meeting),
    started: meeting.startsAt.getTime() <= Date.now(),
    roster,
    guests,
    mix: sectorMix(roster, guests),
    files: listMeetingFiles(meeting.id),
    upload: { maxMegabytes: MAX_MEETING_FILE_BYTES / (1024 * 1024), accept: ACCEPTED_EXTENSIONS.join(",") },
  };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { user, meeting, ipAddress } = await requireAttendanceWriter(request, params, context);
  const actor = { id: user.id, ipAddress };
  const formData = await request.formData();
  const intent = formData.get("intent");

  if (intent === "addGuest") {
    const submission = parseWithZod(formData, { schema: GuestSchema });
    if (submission.status !== "success") return data({ form: "guest" as const, result: submission.reply() }, { status: 400 });
    if (meeting.cancelledAt) {
      return data({ form: "guest" as const, result: submission.reply({ formErrors: ["attendance.errors.cancelled"] }) }, { status: 400 });
    }
    const { name, organisation, sector } = submission.value;
    addGuest(meeting, { name, organisation, sector: sector ?? null }, actor);
    return redirect(`/meetings/${meeting.id}/attendance?guestAdded=1#guests`);
  }

  if (intent === "removeGuest") {
    const submission = parseWithZod(formData, { schema: RemoveGuestSchema });
    if (submission.status !== "success") return data({ form: "removeGuest" as const, result: submission.reply() }, { status: 400 });
    if (!removeGuest(meeting, submission.value.guestId, actor)) throw notFound();
    return redirect(`/meetings/${meeting.id}/attendance?guestRemoved=1#guests`);
  }

  const submission = parseWithZod(formData, { schema: SaveSchema });
  if (submission.status !== "success") return data({ form: "attendance" as const, result: submission.reply() }, { status: 400 });
  if (meeting.cancelledAt) {
    return data({ form: "attendance" as const, result: submission.reply({ formErrors: ["attendance.errors.cancelled"] }) }, { status: 400 });
  }
  const entries = Object.entries(submission.value.status).map(([key, choice]) => ({
    memberId: Number(key.slice(1)),
    status: choice === "none" ? null : (choice as AttendanceStatus),
  }));
  const saved = saveAttendance(meeting, entries, actor);
  if (!saved.ok) {
    const fieldErrors = Object.fromEntries(saved.unknownMemberIds.map((id) => [`status.m${id}`, ["attendance.errors.unknownMember"]]));
    return data(
      { form: "attendance" as const, result: submission.reply({ formErrors: ["attendance.errors.unknownMember"], fieldErrors }) },
      { status: 400 },
    );
  }
  return redirect(`/meetings/${meeting.id}/attendance?saved=1`);
}

type Result = SubmissionResult<string[]>;

export default function AttendancePage() {
  const { meeting, state, started, roster, guests, mix, files, upload } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [params] = useSearchParams();
  const navigation = useNavigation();
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const tz = meeting.timeZone;
  const cancelled = state === "cancelled";
  const attendanceResult = actionData?.form === "attendance" ? (actionData.result as Result) : undefined;
  const posted = (attendanceResult?.initialValue?.status ?? null) as Record<string, string> | null;
  const errors = (attendanceResult?.error ?? {}) as Record<string, string[] | null>;
  const counts = Object.fromEntries(STATUS_CHOICES.map((s) => [s, 0])) as Record<StatusChoice, number>;
  for (const r of roster) counts[r.status ?? "none"] += 1;
  const flash = (["saved", "guestAdded", "guestRemoved", "uploaded", "deleted"] as const).find((k) => params.get(k));
  const saving = navigation.state === "submitting" && navigation.formData?.get("intent") === "save";

  return (
    <article className="space-y-6">
      <p className="text-sm">
        <Link to={`/meetings/${meeting.id}`} className="text-brand-700 underline">
          {t(`meetingKinds.${meeting.kind}`)} {meeting.number}: {meeting.title}
        </Link>
      </p>
      <header>
        <h1 className="text-2xl font-bold">{t("attendance.title")}</h1>
        <p className="mt-1 text-slate-700">
          <time dateTime={new Date(meeting.startsAt).toISOString()}>
            {formatMeetingDate(meeting.startsAt, lang, tz)}, {formatTime(meeting.startsAt, lang, tz)}–{formatTime(meeting.endsAt, lang, tz)}
          </time>
          {meeting.cityName ? ` · ${meeting.cityName}` : ""}
        </p>
        <div className="mt-3 flex flex-wrap gap-2">
          <a href={`/meetings/${meeting.id}/attendance.csv`} className="rounded border border-slate-400 px-3 py-2 text-sm hover:bg-slate-100">
            {t("attendance.csvLink")}
          </a>
          <a href={`/meetings/${meeting.id}/sign-in-sheet.pdf`} className="rounded border border-slate-400 px-3 py-2 text-sm hover:bg-slate-100">
            {t("attendance.sheetLink")}
          </a>
        </div>
      </header>
      {flash ? (
        <p role="status" className="rounded bg-green-50 px-3 py-2 text-green-900">{t(`attendance.flash.${flash}`)}</p>
      ) : null}
      {cancelled ? (
        <p role="status" className="rounded border border-red-300 bg-red-50 px-3 py-2 text-red-900">{t("attendance.cancelledNote")}</p>
      ) : !started ? (
        <p className="rounded border border-amber-500 bg-amber-50 px-3 py-2 text-sm text-amber-900">{t("attendance.notStartedNote")}</p>
      ) : null}

      <section aria-labelledby="members-heading" className="rounded-lg border border-slate-200 bg-white p-4">
        <h2 id="members-heading" className="text-lg font-semibold">{t("attendance.membersTitle")}</h2>
        <p className="mt-1 text-sm text-slate-700" data-testid="status-counts">
          {t("attendance.counts", { present: counts.present, remote: counts.remote, excused: counts.excused, absent: counts.absent, none: counts.none })}
        </p>
        {roster.length === 0 ? (
          <p className="mt-3 text-slate-700">{t("attendance.noMembers")}</p>
        ) : (
          <Form method="post" className="mt-3" noValidate>
            <FormError errors={attendanceResult?.error ? (errors[""] ?? ["attendance.errors.fix"]) : undefined} />
            <input type="hidden" name="intent" value="save" />
            <ul className="divide-y divide-slate-200">
              {roster.map((r) => {
                const field = `status.m${r.memberId}`;
                const chosen = posted?.[`m${r.memberId}`] ?? r.status ?? "none";
                const fieldErrors = errors[field] ?? undefined;
                const hintId = `rsvp-${r.memberId}`;
                const errorId = fieldErrors?.length ? `${field}-error` : undefined;
                const name = displayMemberName(r, t);
                return (
                  <li key={r.memberId} className="py-3">
                    <fieldset disabled={cancelled} aria-describedby={[hintId, errorId].filter(Boolean).join(" ")}>
                      <legend className="font-medium">
                        {name}
                        {r.organisation ? <span className="font-normal text-slate-700"> · {r.organisation}</span> : null}
                      </legend>
                      <p id={hintId} className="text-sm text-slate-700">
                        {t(`sectors.${r.sector}`)} · {r.rsvp ? t("attendance.rsvpHint", { answer: t(`rsvp.${r.rsvp}`) }) : t("attendance.noRsvp")}
                        {r.leftOn ? ` · ${t("attendance.leftOn", { date: formatCalendarDate(r.leftOn, i18n.language) })}` : ""}
                      </p>
                      <div className="mt-2 flex flex-wrap gap-x-4 gap-y-2">
                        {STATUS_CHOICES.map((s) => (
                          <label key={s} className="inline-flex min-h-6 items-center gap-1.5 text-sm">
                            <input type="radio" name={field} value={s} defaultChecked={chosen === s} className="h-4 w-4" />
                            {t(`attendance.status.${s}`)}
                          </label>
                        ))}
                      </div>
                      <ErrorList id={errorId} errors={fieldErrors} />
                    </fieldset>
                  </li>
                );
              })}
            </ul>
            {cancelled ? null : (
              <div className="mt-4 flex flex-wrap items-center gap-3">
                <SubmitButton>{t("attendance.save")}</SubmitButton>
                {saving ? <span role="status" className="text-sm text-slate-700">{t("attendance.saving")}</span> : null}
              </div>
            )}
          </Form>
        )}
      </section>

      <Guests
        guests={guests}
        cancelled={cancelled}
        lastResult={actionData?.form === "guest" ? (actionData.result as Result) : undefined}
        removeErrors={actionData?.form === "removeGuest" ? ((actionData.result as Result).error?.guestId ?? undefined) : undefined}
      />

      <AttendanceSectorMix mix={mix} />

      <AttendanceFiles meetingId={meeting.id} files={files} canWrite returnTo="attendance" upload={upload} />
    </article>
  );
}

function Guests({
  guests,
  cancelled,
  lastResult,
  removeErrors,
}: {
  guests: { id: number; name: string; organisation: string | null; sector: (typeof SECTORS)[number] | null }[];
  cancelled: boolean;
  lastResult?: Result;
  removeErrors?: string[];
}) {
  const { t } = useTranslation();
  const [form, fields] = useForm({
    id: "add-guest",
    lastResult: lastResult as never,
    constraint: getZodConstraint(GuestSchema),
    shouldValidate: "onBlur",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: GuestSchema }),
  });
  const sectorErrorId = fields.sector.errors?.length ? `${fields.sector.id}-error` : undefined;
  return (
    <section id="guests" aria-labelledby="guests-heading" className="rounded-lg border border-slate-200 bg-white p-4">
      <h2 id="guests-heading" className="text-lg font-semibold">{t("attendance.guestsTitle")}</h2>
      <p className="mt-1 text-sm text-slate-700">{t("attendance.guestsHelp")}</p>
      <ErrorList errors={removeErrors} />
      {guests.length === 0 ? (
        <p className="mt-3 text-slate-700">{t("attendance.noGuests")}</p>
      ) : (
        <ul className="mt-3 divide-y divide-slate-200" data-testid="guest-list">
          {guests.map((g) => (
            <li key={g.id} className="flex flex-wrap items-center justify-between gap-2 py-2">
              <span>
                <span className="font-medium">{g.name}</span>
                <span className="text-slate-700">
                  {g.organisation ? ` · ${g.organisation}` : ""} · {g.sector ? t(`sectors.${g.sector}`) : t("attendance.sectorNotGiven")}
                </span>
              </span>
              {cancelled ? null : (
                <Form method="post">
                  <input type="hidden" name="intent" value="removeGuest" />
                  <input type="hidden" name="guestId" value={g.id} />
                  <button type="submit" className="rounded border border-slate-400 px-3 py-1 text-sm hover:bg-slate-100">
                    {t("attendance.removeGuest")}
                    <span className="sr-only">: {g.name}</span>
                  </button>
                </Form>
              )}
            </li>
          ))}
        </ul>
      )}
      {cancelled ? null : (
        <Form method="post" {...getFormProps(form)} className="mt-4 grid grid-cols-1 gap-3 sm:grid-cols-3">
          <div className="sm:col-span-3">
            <h3 className="font-medium">{t("attendance.addGuest")}</h3>
            <FormError errors={form.errors} />
          </div>
          <input type="hidden" name="intent" value="addGuest" />
          <Field label={t("attendance.guestName")} inputProps={{ ...getInputProps(fields.name, { type: "text" }), autoComplete: "off" }} errors={fields.name.errors} />
          <Field label={t("members.organisation")} inputProps={{ ...getInputProps(fields.organisation, { type: "text" }), autoComplete: "off" }} errors={fields.organisation.errors} />
          <div>
            <label htmlFor={fields.sector.id} className="block text-sm font-medium text-slate-800">{t("attendance.guestSector")}</label>
            <select
              {...withoutKey(getSelectProps(fields.sector))}
              aria-describedby={sectorErrorId}
              className="mt-1 block w-full rounded border border-slate-400 bg-white px-3 py-2 text-base"
            >
              <option value="">{t("attendance.sectorNotGiven")}</option>
              {SECTORS.map((s) => (
                <option key={s} value={s}>{t(`sectors.${s}`)}</option>
              ))}
            </select>
            <ErrorList id={sectorErrorId} errors={fields.sector.errors} />
          </div>
          <div className="sm:col-span-3">
            <SubmitButton>{t("attendance.addGuestButton")}</SubmitButton>
          </div>
        </Form>
      )}
    </section>
  );
}
