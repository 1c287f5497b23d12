import { getFormProps, getInputProps, getSelectProps, useForm, type SubmissionResult } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod/v4";
import { Form } from "@remix-run/react";
import { useTranslation } from "~/i18n/use-translation";
import { SECTORS } from "#db/enums";
import { MemberSchema } from "~/utils/member-validation";
import { ErrorList, Field, FormError, SubmitButton, withoutKey } from "./forms";

type Defaults = Partial<Record<"name" | "email" | "phone" | "organisation" | "sector" | "position" | "joinedOn", string | null>> & {
  consentContact?: boolean;
  consentPhotos?: boolean;
};

/** Add and edit share one form: same fields, same validation in the browser and on the server. */
export function MemberForm({ lastResult, defaultValue, submitLabel }: { lastResult?: SubmissionResult<string[]> | null; defaultValue?: Defaults; submitLabel: string }) {
  const { t } = useTranslation();
  const [form, fields] = useForm({
    id: "member",
    lastResult,
    defaultValue: defaultValue
      ? Object.fromEntries(
          Object.entries(defaultValue).map(([k, v]) => [k, typeof v === "boolean" ? (v ? "on" : undefined) : v ?? undefined]),
        )
      : undefined,
    constraint: getZodConstraint(MemberSchema),
    // Errors update while the field is corrected: revalidating on blur instead would remove a
    // message (and move the submit button up) between the mouse press and release on that
    // button, and the click would be lost.
    shouldRevalidate: "onInput",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: MemberSchema }),
  });
  return (
    <Form method="post" {...getFormProps(form)} className="mt-6 space-y-4 rounded-lg border border-slate-200 bg-white p-6">
      <FormError errors={form.errors} />
      <p className="text-sm text-slate-700">{t("memberForm.requiredNote")}</p>
      <div className="grid grid-cols-1 gap-4 sm:grid-cols-2">
        <Field label={t("memberForm.name")} inputProps={{ ...getInputProps(fields.name, { type: "text" }), autoComplete: "off" }} errors={fields.name.errors} />
        <div>
          <label htmlFor={fields.sector.id} className="block text-sm font-medium text-slate-800">
            {t("memberForm.sector")}
          </label>
          <select
            {...withoutKey(getSelectProps(fields.sector))}
            aria-invalid={fields.sector.errors ? true : undefined}
            aria-describedby={fields.sector.errors ? `${fields.sector.id}-error` : undefined}
            className="mt-1 block w-full rounded border border-slate-400 bg-white px-3 py-2"
          >
            <option value="">{t("memberForm.chooseSector")}</option>
            {SECTORS.map((s) => (
              <option key={s} value={s}>
                {t(`sectors.${s}`)}
              </option>
            ))}
          </select>
          <ErrorList id={`${fields.sector.id}-error`} errors={fields.sector.errors} />
        </div>
        <Field label={t("memberForm.organisation")} inputProps={getInputProps(fields.organisation, { type: "text" })} errors={fields.organisation.errors} />
        <Field label={t("memberForm.position")} inputProps={getInputProps(fields.position, { type: "text" })} errors={fields.position.errors} />
        <Field label={t("memberForm.email")} inputProps={{ ...getInputProps(fields.email, { type: "email" }), autoComplete: "off" }} errors={fields.email.errors} />
        <Field label={t("memberForm.phone")} inputProps={{ ...getInputProps(fields.phone, { type: "tel" }), autoComplete: "off" }} errors={fields.phone.errors} />
        <Field label={t("memberForm.joinedOn")} inputProps={getInputProps(fields.joinedOn, { type: "date" })} errors={fields.joinedOn.errors} />
      </div>
      <fieldset className="space-y-2">
        <legend className="text-sm font-medium text-slate-800">{t("memberForm.consents")}</legend>
        {(["consentContact", "consentPhotos"] as const).map((name) => (
          <div key={name} className="flex items-start gap-2">
            <input {...withoutKey(getInputProps(fields[name], { type: "checkbox" }))} className="mt-1 h-4 w-4" />
            <label htmlFor={fields[name].id} className="text-sm">
              {t(`memberForm.${name}`)}
            </label>
          </div>
        ))}
      </fieldset>
      <SubmitButton>{submitLabel}</SubmitButton>
    </Form>
  );
}
