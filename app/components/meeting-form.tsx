import { getFormProps, getInputProps, getSelectProps, getTextareaProps, useForm, type SubmissionResult } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod/v4";
import { Form } from "@remix-run/react";
import { useTranslation } from "~/i18n/use-translation";
import type { MeetingKind } from "#db/enums";
import { MeetingSchema } from "~/utils/meeting-validation";
import { ErrorList, Field, FormError, SubmitButton, withoutKey } from "./forms";

type Defaults = Partial<Record<"kind" | "title" | "purpose" | "date" | "startTime" | "endTime" | "place" | "onlineUrl" | "hostCityId", string | null>>;

export function MeetingForm({
  lastResult,
  defaultValue,
  kinds,
  hostCities,
  kindLocked,
  askTimeConfirmation,
  timeZone,
  submitLabel,
}: {
  lastResult?: SubmissionResult<string[]> | null;
  defaultValue?: Defaults;
  kinds: MeetingKind[];
  hostCities: { id: number; name: string }[] | null;
  kindLocked?: boolean;
  askTimeConfirmation?: boolean;
  timeZone: string;
  submitLabel: string;
}) {
  const { t } = useTranslation();
  const [form, fields] = useForm({
    id: "meeting",
    lastResult,
    defaultValue: defaultValue ? Object.fromEntries(Object.entries(defaultValue).map(([k, v]) => [k, v ?? undefined])) : undefined,
    constraint: getZodConstraint(MeetingSchema),
    // Errors update while the field is corrected: revalidating on blur instead would remove a
    // message (and move the submit button up) between the mouse press and release on that
    // button, and the click would be lost.
    shouldRevalidate: "onInput",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: MeetingSchema }),
  });
  const selectClass = "mt-1 block w-full rounded border border-slate-400 bg-white px-3 py-2";
  return (
    <Form method="post" {...getFormProps(form)} className="mt-6 space-y-4 rounded-lg border border-slate-200 bg-white p-6">
      <FormError errors={form.errors} />
      <div className="grid grid-cols-1 gap-4 sm:grid-cols-2">
        <div>
          <label htmlFor={fields.kind.id} className="block text-sm font-medium">{t("meetingForm.kind")}</label>
          {kindLocked ? (
            <>
              <input type="hidden" name="kind" value={defaultValue?.kind ?? ""} />
              <p id={fields.kind.id} className="mt-1 py-2">{t(`meetingKinds.${defaultValue?.kind}`)}</p>
            </>
          ) : (
            <select {...withoutKey(getSelectProps(fields.kind))} className={selectClass}>
              {kinds.map((k) => (
                <option key={k} value={k}>{t(`meetingKinds.${k}`)}</option>
              ))}
            </select>
          )}
          <ErrorList errors={fields.kind.errors} />
        </div>
        {hostCities ? (
          <div>
            <label htmlFor={fields.hostCityId.id} className="block text-sm font-medium">{t("meetingForm.hostCity")}</label>
            <select {...withoutKey(getSelectProps(fields.hostCityId))} aria-describedby={`${fields.hostCityId.id}-hint`} className={selectClass}>
              <option value="">—</option>
              {hostCities.map((c) => (
                <option key={c.id} value={c.id}>{c.name}</option>
              ))}
            </select>
            <p id={`${fields.hostCityId.id}-hint`} className="text-xs text-slate-600">{t("meetingForm.hostCityHint")}</p>
            <ErrorList errors={fields.hostCityId.errors} />
          </div>
        ) : null}
      </div>
      <Field label={t("meetingForm.title")} inputProps={getInputProps(fields.title, { type: "text" })} errors={fields.title.errors} />
      <div>
        <label htmlFor={fields.purpose.id} className="block text-sm font-medium">{t("meetingForm.purpose")}</label>
        <textarea {...withoutKey(getTextareaProps(fields.purpose))} rows={4} className="mt-1 block w-full rounded border border-slate-400 px-3 py-2" />
        <ErrorList errors={fields.purpose.errors} />
      </div>
      <div className="grid grid-cols-1 gap-4 sm:grid-cols-3">
        <Field label={t("meetingForm.date")} inputProps={getInputProps(fields.date, { type: "date" })} errors={fields.date.errors} />
        <Field label={t("meetingForm.startTime")} inputProps={getInputProps(fields.startTime, { type: "time" })} errors={fields.startTime.errors} />
        <Field label={t("meetingForm.endTime")} inputProps={getInputProps(fields.endTime, { type: "time" })} errors={fields.endTime.errors} />
      </div>
      <p className="text-sm text-slate-700">{t("meetingForm.timeZoneNote", { timeZone })}</p>
      <div className="grid grid-cols-1 gap-4 sm:grid-cols-2">
        <Field label={t("meetingForm.place")} inputProps={getInputProps(fields.place, { type: "text" })} errors={fields.place.errors} />
        <Field label={t("meetingForm.onlineUrl")} inputProps={getInputProps(fields.onlineUrl, { type: "url" })} errors={fields.onlineUrl.errors} />
      </div>
      {askTimeConfirmation ? (
        <div className="rounded border border-amber-500 bg-amber-50 p-3">
          <div className="flex items-start gap-2">
            <input {...withoutKey(getInputProps(fields.confirmTimeChange, { type: "checkbox" }))} className="mt-1 h-4 w-4" />
            <label htmlFor={fields.confirmTimeChange.id} className="text-sm">{t("meetingForm.confirmTimeChange")}</label>
          </div>
          <ErrorList errors={fields.confirmTimeChange.errors} />
        </div>
      ) : null}
      <SubmitButton>{submitLabel}</SubmitButton>
    </Form>
  );
}
