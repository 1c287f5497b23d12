import { getFormProps, getInputProps, useForm, type SubmissionResult } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod/v4";
import { Form } from "@remix-run/react";
import { useTranslation } from "~/i18n/use-translation";
import { CitySchema } from "~/utils/city-validation";
import { Field, FormError, SubmitButton, withoutKey } from "./forms";

type CityDefaults = { name?: string; slug?: string; country?: string; language?: string; timeZone?: string; isLeadPartner?: boolean };

export function CityForm({ lastResult, defaultValue }: { lastResult?: SubmissionResult<string[]> | null; defaultValue?: CityDefaults }) {
  const { t } = useTranslation();
  const [form, fields] = useForm({
    id: "city",
    lastResult,
    defaultValue: defaultValue ? { ...defaultValue, isLeadPartner: defaultValue.isLeadPartner ? "on" : undefined } : undefined,
    constraint: getZodConstraint(CitySchema),
    onValidate: ({ formData }) => parseWithZod(formData, { schema: CitySchema }),
  });
  return (
    <Form method="post" {...getFormProps(form)} className="mt-6 space-y-4 rounded-lg border border-slate-200 bg-white p-6">
      <FormError errors={form.errors} />
      <Field label={t("cities.name")} inputProps={getInputProps(fields.name, { type: "text" })} errors={fields.name.errors} />
      <Field label={t("citiesAdmin.slug")} hint={t("citiesAdmin.slugHint")} inputProps={getInputProps(fields.slug, { type: "text" })} errors={fields.slug.errors} />
      <div className="grid grid-cols-1 gap-4 sm:grid-cols-3">
        <Field label={t("citiesAdmin.countryCode")} hint={t("citiesAdmin.countryHint")} inputProps={getInputProps(fields.country, { type: "text" })} errors={fields.country.errors} />
        <Field label={t("citiesAdmin.languageCode")} hint={t("citiesAdmin.languageHint")} inputProps={getInputProps(fields.language, { type: "text" })} errors={fields.language.errors} />
        <Field label={t("cities.timeZone")} hint={t("citiesAdmin.timeZoneHint")} inputProps={getInputProps(fields.timeZone, { type: "text" })} errors={fields.timeZone.errors} />
      </div>
      <div className="flex items-center gap-2">
        <input {...withoutKey(getInputProps(fields.isLeadPartner, { type: "checkbox" }))} className="h-4 w-4" />
        <label htmlFor={fields.isLeadPartner.id}>{t("citiesAdmin.lead")}</label>
      </div>
      <SubmitButton>{t("citiesAdmin.save")}</SubmitButton>
    </Form>
  );
}
