import { parseWithZod } from "@conform-to/zod/v4";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { useTranslation } from "~/i18n/use-translation";
import { FUNDING_STATUSES, IMPLEMENTATION_STATUSES } from "#db/enums";
import { requirePlanWriter } from "~/auth/action-plan-access.server";
import { notFound } from "~/auth/auth.server";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { ErrorList, FormError, SubmitButton } from "~/components/forms";
import { getLocale } from "~/i18n/i18next.server";
import { getAction, updateAction } from "~/models/action-plan.server";
import { actionSchema, parseId, PLAN_FORM_MAX_BYTES } from "~/utils/action-plan-validation";
import { readLimitedFormData } from "~/utils/limited-form.server";
import { euroInputValue } from "~/utils/money";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.action.title ?? "Action"} · ULG Workshop` }];

/** One action of the plan, for the project coordinator of its city; another city's action answers 404. */
async function loadAction(request: Request, params: { actionId?: string }, context: LoaderFunctionArgs["context"]) {
  const writer = await requirePlanWriter(request, context);
  const id = parseId(params.actionId);
  const found = id == null ? null : getAction(writer.cityId, id);
  if (!found) throw notFound();
  return { ...writer, found };
}

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { found, user } = await loadAction(request, params, context);
  const locale = await getLocale(request, user);
  return { action: { ...found, cost: euroInputValue(found.costCents, locale) } };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { found, user, cityId, ipAddress } = await loadAction(request, params, context);
  const locale = await getLocale(request, user);
  const schema = actionSchema(locale);
  const body = await readLimitedFormData(request, PLAN_FORM_MAX_BYTES);
  if (body.kind !== "ok") {
    return data(parseWithZod(new FormData(), { schema }).reply({ formErrors: ["actionPlan.tooLarge"] }), { status: body.kind === "tooLarge" ? 413 : 400 });
  }
  const submission = parseWithZod(body.formData, { schema });
  if (submission.status !== "success") return data(submission.reply(), { status: 400 });
  if (!updateAction(cityId, { id: user.id, ipAddress }, found.id, submission.value)) throw notFound();
  return redirect(`/action-plan?saved=action#action-${found.id}`);
}

const TEXT_FIELDS = [
  ["title", "input"],
  ["description", "textarea"],
  ["timing", "input"],
  ["lead", "input"],
  ["partners", "textarea"],
  ["cost", "input"],
  ["fundingSource", "input"],
] as const;

export default function EditAction() {
  const { action: a } = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>();
  const { t, i18n } = useTranslation();
  const [params] = useSearchParams();
  const typed = (reply?.initialValue ?? null) as Record<string, string> | null;
  const errors = (reply?.error ?? {}) as Record<string, string[] | null>;
  const value = (name: string): string => (typed ? (typed[name] ?? "") : String((a as Record<string, unknown>)[name] ?? ""));
  const describedBy = (id: string, name: string, hint: boolean) => [errors[name]?.length ? `${id}-error` : null, hint ? `${id}-hint` : null].filter(Boolean).join(" ") || undefined;
  const inputClass = "mt-1 block w-full rounded border border-slate-400 bg-white px-3 py-2 text-base aria-[invalid]:border-red-600";

  const field = (name: string, kind: "input" | "textarea", rows = 4) => {
    const id = `action-${name}`;
    const hint = name === "cost" ? t("actionPlan.costHint", { example: euroInputValue(120_050, i18n.language) }) : name === "indicators" || name === "risks" ? t("actionPlan.linesHint") : null;
    const common = {
      id,
      name,
      defaultValue: value(name),
      "aria-invalid": errors[name]?.length ? true : undefined,
      "aria-describedby": describedBy(id, name, Boolean(hint)),
      className: inputClass,
    };
    return (
      <div key={name}>
        <label htmlFor={id} className="block text-sm font-medium text-slate-800">{t(`actionPlan.fields.${name}`)}</label>
        {hint ? <p id={`${id}-hint`} className="text-xs text-slate-600">{hint}</p> : null}
        {kind === "input" ? <input {...common} inputMode={name === "cost" ? "decimal" : undefined} required={name === "title"} /> : <textarea {...common} rows={rows} />}
        <ErrorList id={`${id}-error`} errors={errors[name]} />
      </div>
    );
  };
  const select = (name: "fundingStatus" | "implementationStatus", options: readonly string[], labelKey: string, allowEmpty: boolean) => {
    const id = `action-${name}`;
    return (
      <div>
        <label htmlFor={id} className="block text-sm font-medium text-slate-800">{t(`actionPlan.fields.${name}`)}</label>
        <select id={id} name={name} defaultValue={value(name)} aria-invalid={errors[name]?.length ? true : undefined} aria-describedby={describedBy(id, name, false)} className={inputClass}>
          {allowEmpty ? <option value="">{t("actionPlan.notSet")}</option> : null}
          {options.map((o) => (
            <option key={o} value={o}>{t(`${labelKey}.${o}`)}</option>
          ))}
        </select>
        <ErrorList id={`${id}-error`} errors={errors[name]} />
      </div>
    );
  };

  return (
    <div className="mx-auto max-w-3xl space-y-4">
      <p className="text-sm">
        <Link to={`/action-plan#action-${a.id}`} className="text-brand-700 underline">{t("actionPlan.backToPlan")}</Link>
      </p>
      <h1 className="text-2xl font-bold">{t("actionPlan.editActionTitle", { title: a.title })}</h1>
      {a.ideaId != null && a.ideaTitle ? (
        <p className="text-sm text-slate-700">
          {t("actionPlan.fromIdea")} <Link to={`/ideas/${a.ideaId}`} className="text-brand-700 underline">{a.ideaTitle}</Link>
        </p>
      ) : null}
      {params.has("added") ? (
        <p role="status" className="rounded border border-green-300 bg-green-50 px-3 py-2 text-green-900">{t("actionPlan.flash.added")}</p>
      ) : null}
      <Form method="post" className="space-y-4 rounded-lg border border-slate-200 bg-white p-4 sm:p-6" noValidate>
        <FormError errors={errors[""] ?? null} />
        {TEXT_FIELDS.map(([name, kind]) => field(name, kind))}
        <div className="grid grid-cols-1 gap-4 sm:grid-cols-2">
          {select("fundingStatus", FUNDING_STATUSES, "actionPlan.funding", true)}
          {select("implementationStatus", IMPLEMENTATION_STATUSES, "actionPlan.implementation", false)}
        </div>
        {field("indicators", "textarea")}
        {field("risks", "textarea")}
        <div className="flex flex-wrap items-center gap-3">
          <SubmitButton>{t("actionPlan.saveAction")}</SubmitButton>
          <Link to={`/action-plan#action-${a.id}`} className="text-brand-700 underline">{t("actionPlan.cancel")}</Link>
        </div>
      </Form>
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
