import type { SubmissionResult } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { useTranslation } from "~/i18n/use-translation";
import { requirePlanReader, requirePlanWriter } from "~/auth/action-plan-access.server";
import { notFound } from "~/auth/auth.server";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { ErrorList, FormError, SubmitButton } from "~/components/forms";
import { Markdown } from "~/components/markdown";
import { addActionFromIdea, getAction, getPlan, listActions, listCandidateIdeas, moveAction, removeAction, savePlanText, setPlanFinal } from "~/models/action-plan.server";
import { listCityOptions } from "~/models/cities.server";
import { parseId, PLAN_FORM_MAX_BYTES, PlanTextSchema } from "~/utils/action-plan-validation";
import { dateFormat } from "~/utils/intl-cache";
import { readLimitedFormData } from "~/utils/limited-form.server";
import { markdownHtml, optionalMarkdownHtml } from "~/utils/markdown.server";
import { formatEuros } from "~/utils/money";

export const meta: MetaFunction = () => [{ title: "Action plan · ULG Workshop" }];

/**
 * The city's Integrated Action Plan. Everyone in the city reads it; the project coordinator writes
 * the vision and objectives (guarded by the plan's revision), turns ideas that reached the plan into
 * actions, orders and removes them, and declares the plan final. Admins read any city's (?city=).
 */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const { city, canWrite, isAdmin } = await requirePlanReader(request, context);
  const cities = isAdmin ? listCityOptions().map((c) => ({ id: c.id, name: c.name })) : null;
  if (!city) return { cities, city: null, plan: null, actions: [], candidates: null, canWrite: false, docQuery: "" };
  const plan = getPlan(city.id);
  return {
    cities,
    city: { id: city.id, name: city.name, timeZone: city.timeZone },
    plan: plan
      ? {
          title: plan.title,
          vision: plan.vision,
          objectives: plan.objectives,
          visionHtml: optionalMarkdownHtml(plan.vision),
          objectivesHtml: optionalMarkdownHtml(plan.objectives),
          revision: plan.revision,
          updatedAt: plan.updatedAt,
          finalisedAt: plan.finalisedAt,
        }
      : null,
    // The description only as HTML: the page shows it and never edits it here.
    actions: listActions(city.id).map(({ description, ...a }) => ({ ...a, descriptionHtml: description ? markdownHtml(description) : null })),
    candidates: canWrite ? listCandidateIdeas(city.id) : null,
    canWrite,
    docQuery: isAdmin ? `?city=${city.id}` : "",
  };
}

type Conflict = { mine: { title: string | null; vision: string | null; objectives: string | null }; theirs: { title: string | null; vision: string | null; objectives: string | null; revision: number; updatedAt: Date | null } };
type ActionReply = { intent: "savePlan"; lastResult: SubmissionResult<string[]>; conflict: Conflict | null } | { intent: "other"; error: string };

export async function action({ request, context }: ActionFunctionArgs) {
  const { user, cityId, ipAddress } = await requirePlanWriter(request, context);
  const actor = { id: user.id, ipAddress };
  const body = await readLimitedFormData(request, PLAN_FORM_MAX_BYTES);
  if (body.kind !== "ok") {
    const submission = parseWithZod(new FormData(), { schema: PlanTextSchema });
    return data<ActionReply>({ intent: "savePlan", lastResult: submission.reply({ formErrors: ["actionPlan.tooLarge"] }), conflict: null }, { status: body.kind === "tooLarge" ? 413 : 400 });
  }
  const form = body.formData;
  const intent = String(form.get("intent") ?? "");
  const actionId = parseId(String(form.get("actionId") ?? ""));

  switch (intent) {
    case "savePlan": {
      const submission = parseWithZod(form, { schema: PlanTextSchema });
      if (submission.status !== "success") return data<ActionReply>({ intent: "savePlan", lastResult: submission.reply(), conflict: null }, { status: 400 });
      const { revision, ...text } = submission.value;
      const result = savePlanText(cityId, actor, text, revision);
      if (!result.ok) {
        // Someone saved in between: nothing is written; both versions are shown, the form keeps this one.
        return data<ActionReply>(
          { intent: "savePlan", lastResult: submission.reply({ formErrors: ["actionPlan.conflict"] }), conflict: { mine: text, theirs: result.current } },
          { status: 409 },
        );
      }
      return redirect("/action-plan?saved=plan");
    }
    case "addAction": {
      const ideaId = parseId(String(form.get("ideaId") ?? ""));
      const result = ideaId == null ? null : addActionFromIdea(cityId, actor, ideaId);
      if (!result?.ok) return data<ActionReply>({ intent: "other", error: "actionPlan.ideaNotAvailable" }, { status: 400 });
      return redirect(`/action-plan/actions/${result.actionId}?added=1`);
    }
    case "moveUp":
    case "moveDown": {
      if (actionId == null || !moveAction(cityId, actor, actionId, intent === "moveUp" ? "up" : "down")) throw notFound();
      return redirect(`/action-plan?moved=${actionId}#action-${actionId}`);
    }
    case "remove": {
      // The first press asks again (a form of its own, so it works without JavaScript): the action's details are lost.
      if (form.get("confirm") !== "1") {
        if (actionId == null || !getAction(cityId, actionId)) throw notFound();
        return redirect(`/action-plan?remove=${actionId}#action-${actionId}`);
      }
      if (actionId == null || !removeAction(cityId, actor, actionId)) throw notFound();
      return redirect("/action-plan?removed=1#actions");
    }
    case "finalise":
    case "reopen": {
      if (!setPlanFinal(cityId, actor, intent === "finalise")) return data<ActionReply>({ intent: "other", error: "actionPlan.noPlanYet" }, { status: 400 });
      return redirect(`/action-plan?${intent === "finalise" ? "finalised" : "reopened"}=1`);
    }
    default:
      return data<ActionReply>({ intent: "other", error: "actionPlan.unknownIntent" }, { status: 400 });
  }
}

const FLASHES = ["saved", "removed", "finalised", "reopened"] as const;

export default function ActionPlanPage() {
  const { cities, city, plan, actions, candidates, canWrite, docQuery } = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>() as ActionReply | undefined;
  const { t, i18n } = useTranslation();
  const [params] = useSearchParams();
  const locale = i18n.language;
  const editing = canWrite && (params.get("edit") === "text" || reply?.intent === "savePlan");
  const flash = FLASHES.find((f) => params.has(f));
  const when = (d: Date | string) => dateFormat(locale, { dateStyle: "long", timeStyle: "short", timeZone: city?.timeZone ?? "UTC" }).format(new Date(d));

  if (!city) {
    return (
      <div className="mx-auto max-w-3xl space-y-6">
        <h1 className="text-2xl font-bold">{t("actionPlan.title")}</h1>
        <CityChooser cities={cities ?? []} />
      </div>
    );
  }

  return (
    <div className="mx-auto max-w-4xl space-y-6">
      <header className="space-y-2">
        <p className="text-sm uppercase tracking-wide text-slate-600">{t("actionPlan.kicker", { city: city.name })}</p>
        <h1 className="text-2xl font-bold">{plan?.title || t("actionPlan.title")}</h1>
        <p className="text-sm text-slate-700" data-testid="plan-status">
          {plan?.finalisedAt ? t("actionPlan.statusFinal", { date: when(plan.finalisedAt) }) : t("actionPlan.statusDraft")}
          {plan ? ` · ${t("actionPlan.revision", { revision: plan.revision, date: when(plan.updatedAt) })}` : null}
        </p>
        <p className="flex flex-wrap gap-3">
          <a href={`/action-plan.pdf${docQuery}`} download className="rounded border border-brand-700 px-3 py-1.5 text-sm font-medium text-brand-800 hover:bg-brand-50">
            {t("actionPlan.downloadPdf")}
          </a>
          <a href={`/action-plan.docx${docQuery}`} download className="rounded border border-brand-700 px-3 py-1.5 text-sm font-medium text-brand-800 hover:bg-brand-50">
            {t("actionPlan.downloadDocx")}
          </a>
        </p>
        {cities ? <CityChooser cities={cities} current={city.id} /> : null}
      </header>

      {flash ? (
        <p role="status" className="rounded border border-green-300 bg-green-50 px-3 py-2 text-green-900">
          {t(`actionPlan.flash.${flash}`)}
        </p>
      ) : null}
      {reply?.intent === "other" ? <FormError errors={[reply.error]} /> : null}

      {editing ? (
        <PlanTextForm plan={plan} reply={reply?.intent === "savePlan" ? reply : undefined} when={when} />
      ) : (
        <>
          <section aria-labelledby="vision-heading" className="rounded-lg border border-slate-200 bg-white p-4 sm:p-6">
            <h2 id="vision-heading" className="text-lg font-semibold">{t("actionPlan.vision")}</h2>
            {plan?.visionHtml ? <Markdown className="mt-2 text-slate-900" html={plan.visionHtml} /> : <p className="mt-2 italic text-slate-600">{t("actionPlan.noVision")}</p>}
            <h2 className="mt-6 text-lg font-semibold">{t("actionPlan.objectives")}</h2>
            {plan?.objectivesHtml ? <Markdown className="mt-2 text-slate-900" html={plan.objectivesHtml} /> : <p className="mt-2 italic text-slate-600">{t("actionPlan.noObjectives")}</p>}
            {canWrite ? (
              <p className="mt-4">
                <Link to="/action-plan?edit=text" className="text-brand-700 underline" data-testid="edit-plan-text">
                  {t("actionPlan.editText")}
                </Link>
              </p>
            ) : null}
          </section>
        </>
      )}

      <section id="actions" aria-labelledby="actions-heading" className="space-y-3">
        <h2 id="actions-heading" className="text-lg font-semibold">{t("actionPlan.actions", { count: actions.length })}</h2>
        {actions.length === 0 ? <p className="italic text-slate-600">{t("actionPlan.noActions")}</p> : null}
        <ol className="space-y-3">
          {actions.map((a, i) => (
            <li key={a.id} id={`action-${a.id}`} className="rounded-lg border border-slate-200 bg-white p-4" data-testid="plan-action">
              <div className="flex flex-wrap items-start justify-between gap-2">
                <h3 className="font-semibold">
                  {i + 1}. {canWrite ? <Link to={`/action-plan/actions/${a.id}`} className="text-brand-700 underline">{a.title}</Link> : a.title}
                </h3>
                <span className="rounded bg-slate-100 px-2 py-0.5 text-sm text-slate-800">{t(`actionPlan.implementation.${a.implementationStatus}`)}</span>
              </div>
              {a.descriptionHtml ? <Markdown className="mt-2 text-sm text-slate-900" html={a.descriptionHtml} /> : null}
              <dl className="mt-2 grid grid-cols-1 gap-x-6 gap-y-1 text-sm sm:grid-cols-2">
                <Detail label={t("actionPlan.fields.timing")} value={a.timing} />
                <Detail label={t("actionPlan.fields.lead")} value={a.lead} />
                <Detail label={t("actionPlan.fields.partners")} value={a.partners} />
                <Detail label={t("actionPlan.fields.cost")} value={a.costCents == null ? null : formatEuros(a.costCents, locale)} />
                <Detail label={t("actionPlan.fields.fundingSource")} value={a.fundingSource} />
                <Detail label={t("actionPlan.fields.fundingStatus")} value={a.fundingStatus ? t(`actionPlan.funding.${a.fundingStatus}`) : null} />
                <Detail label={t("actionPlan.fields.indicators")} value={a.indicators} />
                <Detail label={t("actionPlan.fields.risks")} value={a.risks} />
              </dl>
              {a.ideaId != null && a.ideaTitle ? (
                <p className="mt-2 text-sm text-slate-700">
                  {t("actionPlan.fromIdea")}{" "}
                  <Link to={`/ideas/${a.ideaId}`} className="text-brand-700 underline">{a.ideaTitle}</Link>
                </p>
              ) : null}
              {canWrite ? (
                <Form method="post" className="mt-3 flex flex-wrap gap-2">
                  <input type="hidden" name="actionId" value={a.id} />
                  <button type="submit" name="intent" value="moveUp" disabled={i === 0} className="rounded border border-slate-300 px-3 py-1 text-sm hover:bg-slate-100 disabled:opacity-40" aria-label={t("actionPlan.moveUpLabel", { title: a.title })}>
                    <span aria-hidden="true">↑</span> {t("actionPlan.moveUp")}
                  </button>
                  <button type="submit" name="intent" value="moveDown" disabled={i === actions.length - 1} className="rounded border border-slate-300 px-3 py-1 text-sm hover:bg-slate-100 disabled:opacity-40" aria-label={t("actionPlan.moveDownLabel", { title: a.title })}>
                    <span aria-hidden="true">↓</span> {t("actionPlan.moveDown")}
                  </button>
                  <Link to={`/action-plan/actions/${a.id}`} className="rounded border border-slate-300 px-3 py-1 text-sm hover:bg-slate-100" aria-label={t("actionPlan.editActionLabel", { title: a.title })}>
                    {t("actionPlan.editAction")}
                  </Link>
                  <button type="submit" name="intent" value="remove" className="rounded border border-red-300 px-3 py-1 text-sm text-red-800 hover:bg-red-50" aria-label={t("actionPlan.removeLabel", { title: a.title })}>
                    {t("actionPlan.remove")}
                  </button>
                </Form>
              ) : null}
              {canWrite && params.get("remove") === String(a.id) ? (
                <Form method="post" className="mt-3 rounded border border-red-300 bg-red-50 p-3" data-testid="confirm-remove">
                  <p role="alert" className="text-sm text-red-900">{t("actionPlan.confirmRemove", { title: a.title })}</p>
                  <input type="hidden" name="actionId" value={a.id} />
                  <input type="hidden" name="confirm" value="1" />
                  <div className="mt-2 flex flex-wrap items-center gap-3">
                    <button type="submit" name="intent" value="remove" className="rounded bg-red-700 px-3 py-1 text-sm font-medium text-white hover:bg-red-800">
                      {t("actionPlan.removeConfirmed")}
                    </button>
                    <Link to={`/action-plan#action-${a.id}`} className="text-sm text-brand-700 underline">{t("actionPlan.cancel")}</Link>
                  </div>
                </Form>
              ) : null}
            </li>
          ))}
        </ol>
      </section>

      {candidates ? (
        <section aria-labelledby="candidates-heading" className="rounded-lg border border-slate-200 bg-white p-4 sm:p-6">
          <h2 id="candidates-heading" className="text-lg font-semibold">{t("actionPlan.candidates")}</h2>
          <p className="mt-1 text-sm text-slate-700">{t("actionPlan.candidatesIntro")}</p>
          {candidates.length === 0 ? (
            <p className="mt-2 italic text-slate-600">{t("actionPlan.noCandidates")}</p>
          ) : (
            <ul className="mt-3 space-y-2">
              {candidates.map((c) => (
                <li key={c.id} className="flex flex-wrap items-center justify-between gap-2 border-b border-slate-100 pb-2" data-testid="plan-candidate">
                  <span>
                    <Link to={`/ideas/${c.id}`} className="text-brand-700 underline">{c.title}</Link>
                    {c.hasPilot ? <span className="ml-2 text-sm text-slate-600">{t("actionPlan.piloted")}</span> : null}
                  </span>
                  <Form method="post">
                    <input type="hidden" name="ideaId" value={c.id} />
                    <button type="submit" name="intent" value="addAction" className="rounded bg-brand-700 px-3 py-1 text-sm font-medium text-white hover:bg-brand-800" aria-label={t("actionPlan.addActionLabel", { title: c.title })}>
                      {t("actionPlan.addAction")}
                    </button>
                  </Form>
                </li>
              ))}
            </ul>
          )}
        </section>
      ) : null}

      {canWrite && plan ? (
        <Form method="post" className="rounded-lg border border-slate-200 bg-white p-4 sm:p-6">
          <h2 className="text-lg font-semibold">{t("actionPlan.finalHeading")}</h2>
          <p className="mt-1 text-sm text-slate-700">{t(plan.finalisedAt ? "actionPlan.finalIsSet" : "actionPlan.finalIntro")}</p>
          <button type="submit" name="intent" value={plan.finalisedAt ? "reopen" : "finalise"} className="mt-3 rounded border border-slate-400 px-4 py-2 text-sm font-medium hover:bg-slate-100">
            {t(plan.finalisedAt ? "actionPlan.reopen" : "actionPlan.finalise")}
          </button>
        </Form>
      ) : null}
    </div>
  );
}

function Detail({ label, value }: { label: string; value: string | null }) {
  if (!value) return null;
  return (
    <div>
      <dt className="font-medium text-slate-700">{label}</dt>
      <dd className="whitespace-pre-line text-slate-900">{value}</dd>
    </div>
  );
}

function CityChooser({ cities, current }: { cities: { id: number; name: string }[]; current?: number }) {
  const { t } = useTranslation();
  return (
    <Form method="get" className="flex flex-wrap items-end gap-2">
      <div>
        <label htmlFor="plan-city" className="block text-sm font-medium text-slate-800">{t("actionPlan.city")}</label>
        <select id="plan-city" name="city" defaultValue={current ?? ""} className="mt-1 rounded border border-slate-400 bg-white px-3 py-2">
          <option value="">{t("actionPlan.chooseCity")}</option>
          {cities.map((c) => (
            <option key={c.id} value={c.id}>{c.name}</option>
          ))}
        </select>
      </div>
      <button type="submit" className="rounded border border-slate-400 px-3 py-2 text-sm hover:bg-slate-100">{t("actionPlan.show")}</button>
    </Form>
  );
}

type PlanTextReply = Extract<ActionReply, { intent: "savePlan" }>;

function PlanTextForm({ plan, reply, when }: { plan: { title: string | null; vision: string | null; objectives: string | null; revision: number } | null; reply?: PlanTextReply; when: (d: Date | string) => string }) {
  const { t } = useTranslation();
  const conflict = reply?.conflict ?? null;
  // After a refused save the form keeps what was typed; on a conflict it is based on the stored revision.
  const typed = (reply?.lastResult?.initialValue ?? null) as Record<string, string> | null;
  const value = (name: "title" | "vision" | "objectives") => (typed ? (typed[name] ?? "") : (plan?.[name] ?? ""));
  const revision = conflict ? conflict.theirs.revision : (plan?.revision ?? 0);
  const errors = (reply?.lastResult?.error ?? {}) as Record<string, string[] | null>;
  const field = (name: "title" | "vision" | "objectives", rows: number) => {
    const id = `plan-${name}`;
    const fieldErrors = errors[name];
    return (
      <div>
        <label htmlFor={id} className="block text-sm font-medium text-slate-800">{t(`actionPlan.fields.${name}`)}</label>
        {name !== "title" ? <p id={`${id}-hint`} className="text-xs text-slate-600">{t("actionPlan.markdownHint")}</p> : null}
        {name === "title" ? (
          <input id={id} name={name} defaultValue={value(name)} aria-invalid={fieldErrors?.length ? true : undefined} aria-describedby={fieldErrors?.length ? `${id}-error` : undefined} className="mt-1 block w-full rounded border border-slate-400 px-3 py-2 aria-[invalid]:border-red-600" />
        ) : (
          <textarea id={id} name={name} rows={rows} defaultValue={value(name)} aria-invalid={fieldErrors?.length ? true : undefined} aria-describedby={[fieldErrors?.length ? `${id}-error` : null, `${id}-hint`].filter(Boolean).join(" ")} className="mt-1 block w-full rounded border border-slate-400 px-3 py-2 font-mono text-sm aria-[invalid]:border-red-600" />
        )}
        <ErrorList id={`${id}-error`} errors={fieldErrors} />
      </div>
    );
  };
  return (
    <section aria-labelledby="plan-form-heading" className="space-y-4 rounded-lg border border-slate-200 bg-white p-4 sm:p-6">
      <h2 id="plan-form-heading" className="text-lg font-semibold">{t("actionPlan.editText")}</h2>
      <FormError errors={(errors[""] ?? null) as string[] | null} />
      {conflict ? (
        <div className="grid grid-cols-1 gap-4 md:grid-cols-2" data-testid="plan-conflict">
          <div className="rounded border border-amber-400 bg-amber-50 p-3">
            <h3 className="font-semibold">{t("actionPlan.conflictTheirs", { revision: conflict.theirs.revision, date: conflict.theirs.updatedAt ? when(conflict.theirs.updatedAt) : "" })}</h3>
            <VersionText version={conflict.theirs} />
          </div>
          <div className="rounded border border-slate-300 bg-slate-50 p-3">
            <h3 className="font-semibold">{t("actionPlan.conflictMine")}</h3>
            <VersionText version={conflict.mine} />
          </div>
        </div>
      ) : null}
      <Form method="post" className="space-y-4">
        <input type="hidden" name="revision" value={revision} />
        {field("title", 1)}
        {field("vision", 8)}
        {field("objectives", 10)}
        <div className="flex flex-wrap items-center gap-3">
          <SubmitButton>{t(conflict ? "actionPlan.saveAnyway" : "actionPlan.save")}</SubmitButton>
          <input type="hidden" name="intent" value="savePlan" />
          <Link to="/action-plan" className="text-brand-700 underline">{t("actionPlan.cancel")}</Link>
        </div>
      </Form>
    </section>
  );
}

function VersionText({ version }: { version: { title: string | null; vision: string | null; objectives: string | null } }) {
  const { t } = useTranslation();
  return (
    <dl className="mt-2 space-y-2 text-sm">
      {(["title", "vision", "objectives"] as const).map((k) => (
        <div key={k}>
          <dt className="font-medium text-slate-700">{t(`actionPlan.fields.${k}`)}</dt>
          <dd className="whitespace-pre-wrap break-words text-slate-900">{version[k] || "—"}</dd>
        </div>
      ))}
    </dl>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
