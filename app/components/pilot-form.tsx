import { getFormProps, getInputProps, getSelectProps, getTextareaProps, useForm, type FieldMetadata, type SubmissionResult } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { Form, Link } from "@remix-run/react";
import { useTranslation } from "~/i18n/use-translation";
import { PILOT_DECISIONS } from "#db/enums";
import { pilotSchema } from "~/utils/pilot-validation";
import { ErrorList, Field, FormError, SubmitButton, withoutKey } from "./forms";

export type PilotFormDefaults = {
  objective: string;
  targetGroup: string;
  startsOn: string;
  endsOn: string;
  budget: string;
  responsible: string;
  partners: string;
  indicators: { name: string; target: string; result: string }[];
  results: string;
  lessonsLearned: string;
  decision: string;
};

const inputClass = "mt-1 block w-full rounded border border-slate-400 bg-white px-3 py-2 text-base aria-[invalid]:border-red-600";
const describedBy = (id: string, errors: string[] | undefined, hint?: boolean) =>
  [errors?.length ? `${id}-error` : null, hint ? `${id}-hint` : null].filter(Boolean).join(" ") || undefined;

function TextArea({ field, label, hint, rows = 5 }: { field: FieldMetadata<string | null | undefined>; label: string; hint?: string; rows?: number }) {
  return (
    <div>
      <label htmlFor={field.id} className="block text-sm font-medium text-slate-800">
        {label}
      </label>
      {hint ? (
        <p id={`${field.id}-hint`} className="text-xs text-slate-600">
          {hint}
        </p>
      ) : null}
      <textarea {...withoutKey(getTextareaProps(field))} aria-describedby={describedBy(field.id, field.errors, Boolean(hint))} rows={rows} className={inputClass} />
      <ErrorList id={`${field.id}-error`} errors={field.errors} />
    </div>
  );
}

/**
 * The coordinator's pilot-action form: one plain POST that saves everything. Indicator rows are
 * added and removed with Conform's intent buttons, which the server answers when JavaScript is off
 * (the page comes back with one row more or less and nothing saved) and the browser handles
 * at once when it is on.
 */
export function PilotForm({ ideaId, lastResult, defaultValue, locale }: { ideaId: number; lastResult?: SubmissionResult<string[]> | null; defaultValue: PilotFormDefaults; locale: string }) {
  const { t } = useTranslation();
  const [form, fields] = useForm({
    id: "pilot",
    lastResult,
    defaultValue,
    shouldValidate: "onSubmit",
    shouldRevalidate: "onBlur",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: pilotSchema(locale) }),
  });
  const rows = fields.indicators.getFieldList();
  const example = new Intl.NumberFormat(locale, { minimumFractionDigits: 2 }).format(1200.5).replace(/[\u00a0\u202f]/g, " ");
  return (
    <Form method="post" action={`/ideas/${ideaId}/pilot`} {...getFormProps(form)} className="space-y-4">
      {/* Enter in a text field submits with the form's first button: make that one Save, not "Remove indicator 1". */}
      <button type="submit" hidden tabIndex={-1} />
      <FormError errors={form.errors} />
      <TextArea field={fields.objective} label={t("pilot.objective")} hint={t("pilot.objectiveHint")} />
      <Field label={t("pilot.targetGroup")} inputProps={getInputProps(fields.targetGroup, { type: "text" })} errors={fields.targetGroup.errors} />
      <div className="grid grid-cols-1 gap-4 sm:grid-cols-2">
        <Field label={t("pilot.startsOn")} inputProps={getInputProps(fields.startsOn, { type: "date" })} errors={fields.startsOn.errors} />
        <Field label={t("pilot.endsOn")} inputProps={getInputProps(fields.endsOn, { type: "date" })} errors={fields.endsOn.errors} />
      </div>
      <div className="grid grid-cols-1 gap-4 sm:grid-cols-2">
        <Field
          label={t("pilot.budgetLabel")}
          hint={t("pilot.budgetHint", { example })}
          inputProps={{ ...getInputProps(fields.budget, { type: "text" }), inputMode: "decimal", autoComplete: "off" }}
          errors={fields.budget.errors}
        />
        <Field label={t("pilot.responsible")} inputProps={getInputProps(fields.responsible, { type: "text" })} errors={fields.responsible.errors} />
      </div>
      <TextArea field={fields.partners} label={t("pilot.partners")} rows={2} />

      <fieldset className="rounded border border-slate-300 p-3">
        <legend className="px-1 font-semibold">{t("pilot.indicators")}</legend>
        <p className="text-sm text-slate-700">{t("pilot.indicatorsHint")}</p>
        <ErrorList id={`${fields.indicators.id}-error`} errors={fields.indicators.errors} />
        <ol className="mt-2 space-y-3" data-testid="indicator-rows">
          {rows.map((row, index) => {
            const cells = row.getFieldset();
            const n = index + 1;
            return (
              <li key={row.key} className="rounded border border-slate-200 p-3">
                <div className="grid grid-cols-1 gap-3 sm:grid-cols-3">
                  <Field label={`${t("pilot.indicatorName")} ${n}`} inputProps={getInputProps(cells.name, { type: "text" })} errors={cells.name.errors} />
                  <Field label={`${t("pilot.indicatorTarget")} ${n}`} inputProps={getInputProps(cells.target, { type: "text" })} errors={cells.target.errors} />
                  <Field label={`${t("pilot.indicatorResult")} ${n}`} inputProps={getInputProps(cells.result, { type: "text" })} errors={cells.result.errors} />
                </div>
                <button
                  {...form.remove.getButtonProps({ name: fields.indicators.name, index })}
                  className="mt-2 rounded border border-slate-400 px-3 py-1 text-sm hover:bg-slate-100"
                >
                  {t("pilot.removeIndicator", { n })}
                </button>
              </li>
            );
          })}
        </ol>
        <button
          {...form.insert.getButtonProps({ name: fields.indicators.name, defaultValue: { name: "", target: "", result: "" } })}
          className="mt-3 rounded border border-slate-400 px-3 py-1 text-sm font-medium hover:bg-slate-100"
        >
          {t("pilot.addIndicator")}
        </button>
      </fieldset>

      <TextArea field={fields.results} label={t("pilot.results")} />
      <TextArea field={fields.lessonsLearned} label={t("pilot.lessonsLearned")} />
      <div>
        <label htmlFor={fields.decision.id} className="block text-sm font-medium text-slate-800">
          {t("pilot.decision")}
        </label>
        <select {...withoutKey(getSelectProps(fields.decision))} aria-describedby={describedBy(fields.decision.id, fields.decision.errors)} className={inputClass}>
          <option value="">{t("pilot.decisionNone")}</option>
          {PILOT_DECISIONS.map((d) => (
            <option key={d} value={d}>
              {t(`pilot.decisions.${d}`)}
            </option>
          ))}
        </select>
        <ErrorList id={`${fields.decision.id}-error`} errors={fields.decision.errors} />
      </div>
      <div className="flex flex-wrap items-center gap-4">
        <SubmitButton>{t("pilot.save")}</SubmitButton>
        <Link to={`/ideas/${ideaId}`} className="text-brand-700 underline">
          {t("pilot.cancel")}
        </Link>
      </div>
    </Form>
  );
}
