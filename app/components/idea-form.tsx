import { getFormProps, getInputProps, getSelectProps, getTextareaProps, useForm, type SubmissionResult } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod/v4";
import { Form, Link } from "@remix-run/react";
import { useTranslation } from "~/i18n/use-translation";
import { IDEA_KINDS, IDEA_THEMES } from "#db/enums";
import { IdeaSchema } from "~/utils/idea-validation";
import { ErrorList, Field, FormError, SubmitButton, withoutKey } from "./forms";

type Defaults = Partial<Record<"title" | "description" | "theme" | "kind" | "targetGroup", string | null>>;

/** Log-an-idea and edit-idea form: a plain POST that works without JavaScript; Conform checks on blur when it runs. */
export function IdeaForm({
  lastResult,
  defaultValue,
  submitLabel,
  cancelTo,
}: {
  lastResult?: SubmissionResult<string[]> | null;
  defaultValue?: Defaults;
  submitLabel: string;
  cancelTo: string;
}) {
  const { t } = useTranslation();
  const [form, fields] = useForm({
    id: "idea",
    lastResult,
    defaultValue: defaultValue ? Object.fromEntries(Object.entries(defaultValue).map(([k, v]) => [k, v ?? undefined])) : undefined,
    constraint: getZodConstraint(IdeaSchema),
    shouldRevalidate: "onBlur",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: IdeaSchema }),
  });
  const selectClass = "mt-1 block w-full rounded border border-slate-400 bg-white px-3 py-2 aria-[invalid]:border-red-600";
  const describedBy = (id: string, errors: string[] | undefined, hint?: boolean) =>
    [errors?.length ? `${id}-error` : null, hint ? `${id}-hint` : null].filter(Boolean).join(" ") || undefined;
  return (
    <Form method="post" {...getFormProps(form)} className="mt-6 space-y-4 rounded-lg border border-slate-200 bg-white p-4 sm:p-6">
      <FormError errors={form.errors} />
      <Field label={t("ideaForm.title")} inputProps={getInputProps(fields.title, { type: "text" })} errors={fields.title.errors} />
      <div>
        <label htmlFor={fields.description.id} className="block text-sm font-medium text-slate-800">
          {t("ideaForm.description")}
        </label>
        <p id={`${fields.description.id}-hint`} className="text-xs text-slate-600">
          {t("ideaForm.descriptionHint")}
        </p>
        <textarea
          {...withoutKey(getTextareaProps(fields.description))}
          aria-describedby={describedBy(fields.description.id, fields.description.errors, true)}
          rows={10}
          className="mt-1 block w-full rounded border border-slate-400 px-3 py-2 aria-[invalid]:border-red-600"
        />
        <ErrorList id={`${fields.description.id}-error`} errors={fields.description.errors} />
      </div>
      <div className="grid grid-cols-1 gap-4 sm:grid-cols-2">
        <div>
          <label htmlFor={fields.theme.id} className="block text-sm font-medium text-slate-800">
            {t("ideaForm.theme")}
          </label>
          <select
            {...withoutKey(getSelectProps(fields.theme))}
            aria-describedby={describedBy(fields.theme.id, fields.theme.errors)}
            className={selectClass}
          >
            <option value="">{t("ideaForm.choose")}</option>
            {IDEA_THEMES.map((theme) => (
              <option key={theme} value={theme}>
                {t(`ideaThemes.${theme}`)}
              </option>
            ))}
          </select>
          <ErrorList id={`${fields.theme.id}-error`} errors={fields.theme.errors} />
        </div>
        <div>
          <label htmlFor={fields.kind.id} className="block text-sm font-medium text-slate-800">
            {t("ideaForm.kind")}
          </label>
          <select
            {...withoutKey(getSelectProps(fields.kind))}
            aria-describedby={describedBy(fields.kind.id, fields.kind.errors)}
            className={selectClass}
          >
            <option value="">{t("ideaForm.choose")}</option>
            {IDEA_KINDS.map((kind) => (
              <option key={kind} value={kind}>
                {t(`ideaKinds.${kind}`)}
              </option>
            ))}
          </select>
          <ErrorList id={`${fields.kind.id}-error`} errors={fields.kind.errors} />
        </div>
      </div>
      <Field
        label={t("ideaForm.targetGroup")}
        hint={t("ideaForm.targetGroupHint")}
        inputProps={getInputProps(fields.targetGroup, { type: "text" })}
        errors={fields.targetGroup.errors}
      />
      <div className="flex flex-wrap items-center gap-4">
        <SubmitButton>{submitLabel}</SubmitButton>
        <Link to={cancelTo} className="text-brand-700 underline">
          {t("ideaForm.cancel")}
        </Link>
      </div>
    </Form>
  );
}
