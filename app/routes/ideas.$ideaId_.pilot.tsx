import type { SubmissionResult } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { data, redirect, type ActionFunctionArgs, type AppLoadContext, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { useTranslation } from "~/i18n/use-translation";
import { notFound, requireScope } from "~/auth/auth.server";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { Markdown, type MarkdownHtml } from "~/components/markdown";
import { PilotForm, type PilotFormDefaults } from "~/components/pilot-form";
import { getLocale } from "~/i18n/i18next.server";
import { refuseIdeaWrite } from "~/models/idea-page.server";
import { canKeepPilot, getPilotPage, isPilotStage, savePilot, type PilotPage } from "~/models/pilots.server";
import { parseId } from "~/utils/idea-page-validation";
import { dateFormat, numberFormat } from "~/utils/intl-cache";
import { readLimitedFormData } from "~/utils/limited-form.server";
import { optionalMarkdownHtml } from "~/utils/markdown.server";
import { budgetInputValue, PILOT_FORM_MAX_BYTES, pilotSchema } from "~/utils/pilot-validation";
import { clientAddress } from "~/utils/request.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.idea.title ?? "Idea"} · Pilot action · ULG Workshop` }];

/**
 * The idea and its pilot for a reader of the idea's city (every city for admins). Another city's
 * idea answers 404 whether shared or not: sharing shows partners the idea, not the pilot records.
 */
async function loadPilot(request: Request, params: { ideaId?: string }, context: AppLoadContext | undefined) {
  const ipAddress = clientAddress(context);
  const { user, scope } = await requireScope(request, "read:idea", ipAddress);
  const id = parseId(params.ideaId);
  const page = id == null ? null : getPilotPage(scope, id);
  if (!page) throw notFound();
  return { user, page, ipAddress, locale: await getLocale(request, user) };
}

/**
 * What the page shows: before piloting there is nothing to keep (404 with the reason); after a move
 * back out of the pilot stages an existing record stays readable but is no longer edited.
 */
function pageState(page: PilotPage): "open" | "readOnly" | "notYet" {
  if (isPilotStage(page.idea.stage)) return "open";
  return page.pilot ? "readOnly" : "notYet";
}

function defaultsOf(page: PilotPage, locale: string): PilotFormDefaults {
  const p = page.pilot;
  return {
    objective: p?.objective ?? "",
    targetGroup: p?.targetGroup ?? "",
    startsOn: p?.startsOn ?? "",
    endsOn: p?.endsOn ?? "",
    budget: budgetInputValue(p?.budgetCents, locale),
    responsible: p?.responsible ?? "",
    partners: p?.partners ?? "",
    // One empty row to start from, so a first indicator needs no extra click.
    indicators: page.indicators.length ? page.indicators.map((i) => ({ name: i.name, target: i.target ?? "", result: i.result ?? "" })) : [{ name: "", target: "", result: "" }],
    results: p?.results ?? "",
    lessonsLearned: p?.lessonsLearned ?? "",
    decision: p?.decision ?? "",
  };
}

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { user, page, locale } = await loadPilot(request, params, context);
  const state = pageState(page);
  const canEdit = state === "open" && canKeepPilot(user, page.idea);
  const body = {
    idea: { id: page.idea.id, title: page.idea.title, stage: page.idea.stage },
    state,
    pilot: page.pilot
      ? {
          ...page.pilot,
          updatedAt: page.pilot.updatedAt.toISOString(),
          indicators: page.indicators,
          // The Markdown fields as HTML made here, so the browser needs no Markdown parser.
          html: { objective: optionalMarkdownHtml(page.pilot.objective), results: optionalMarkdownHtml(page.pilot.results), lessonsLearned: optionalMarkdownHtml(page.pilot.lessonsLearned) },
        }
      : null,
    timeZone: page.idea.timeZone,
    locale,
    canEdit,
    defaults: canEdit ? defaultsOf(page, locale) : null,
  };
  return state === "notYet" ? data(body, { status: 404 }) : body;
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { user, page, ipAddress, locale } = await loadPilot(request, params, context);
  // Members, admins and anyone else who may read but not keep the pilot: 403 with an audit entry.
  if (!canKeepPilot(user, page.idea)) refuseIdeaWrite(user, "moderate:idea:city", page.idea.id, request, ipAddress);
  if (pageState(page) === "notYet") throw notFound();
  const schema = pilotSchema(locale);
  const body = await readLimitedFormData(request, PILOT_FORM_MAX_BYTES);
  if (body.kind !== "ok") {
    const empty = parseWithZod(new FormData(), { schema });
    return data(empty.reply({ formErrors: ["pilot.tooLarge"] }), { status: body.kind === "tooLarge" ? 413 : 400 });
  }
  const parse = () => parseWithZod(body.formData, { schema });
  let submission: ReturnType<typeof parse>;
  try {
    submission = parse();
  } catch {
    // A hand-made form-control intent Conform cannot read (the browser never sends one).
    return data(parseWithZod(new FormData(), { schema }).reply({ formErrors: ["validation.invalid"] }), { status: 400 });
  }
  // "Add an indicator" or "Remove indicator n" without JavaScript: the form comes back changed, nothing saved.
  if (submission.status === undefined) return data(submission.reply());
  if (submission.status !== "success") return data(submission.reply(), { status: 400 });
  if (pageState(page) !== "open" || !savePilot(page.idea, submission.value, { id: user.id, ipAddress })) {
    return data(submission.reply({ formErrors: ["pilot.stageChanged"] }), { status: 403 });
  }
  return redirect(`/ideas/${page.idea.id}/pilot?saved=1`);
}

function Text({ value }: { value: string | null }) {
  const { t } = useTranslation();
  if (!value) return <span className="text-slate-700">{t("pilot.notGiven")}</span>;
  return <span className="whitespace-pre-line break-words">{value}</span>;
}

/** A Markdown field, as HTML the loader made (null when nothing was written). */
function MarkdownText({ html }: { html: MarkdownHtml | null }) {
  const { t } = useTranslation();
  return html ? <Markdown html={html} /> : <span className="text-slate-700">{t("pilot.notGiven")}</span>;
}

export default function PilotAction() {
  const { idea, state, pilot, timeZone, locale, canEdit, defaults } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>() as SubmissionResult<string[]> | undefined;
  const [params] = useSearchParams();
  const { t } = useTranslation();
  const day = (d: string) => dateFormat(locale, { dateStyle: "medium", timeZone: "UTC" }).format(new Date(`${d}T00:00:00Z`));
  const money = (cents: number) => numberFormat(locale, { style: "currency", currency: "EUR" }).format(cents / 100);
  const stage = t(`ideaStages.${idea.stage}`);
  const dd = "mt-0.5 text-slate-900";
  const dt = "text-sm font-medium text-slate-700";

  return (
    <article className="mx-auto max-w-4xl space-y-6">
      <p className="text-sm">
        <Link to={`/ideas/${idea.id}`} className="text-brand-700 underline">
          {t("pilot.backToIdea")}
        </Link>
      </p>
      {params.get("saved") && !lastResult ? (
        <p role="status" className="rounded bg-green-50 px-3 py-2 text-green-900">
          {t("pilot.saved")}
        </p>
      ) : null}
      <header>
        <p className="text-sm font-medium text-slate-700">
          {t("pilot.title")} · {stage}
        </p>
        <h1 className="text-2xl font-bold break-words">{idea.title}</h1>
      </header>

      {state === "notYet" ? (
        <p role="alert" className="rounded border border-amber-500 bg-amber-50 px-3 py-2 text-slate-900" data-testid="pilot-not-yet">
          {t("pilot.notYet", { stage })}
        </p>
      ) : null}
      {state === "readOnly" ? (
        <p className="rounded border border-slate-300 bg-slate-100 px-3 py-2 text-slate-800" data-testid="pilot-read-only">
          {t("pilot.keptReadOnly", { stage })}
        </p>
      ) : null}

      {state !== "notYet" ? (
        <section aria-labelledby="pilot-summary-heading" className="rounded-lg border border-slate-200 bg-white p-4" data-testid="pilot-summary">
          <h2 id="pilot-summary-heading" className="text-lg font-semibold">
            {t("pilot.title")}
          </h2>
          {!pilot ? (
            <p className="mt-2 text-slate-800">{canEdit ? t("pilot.emptyCoordinator") : t("pilot.empty")}</p>
          ) : (
            <dl className="mt-3 grid grid-cols-1 gap-x-6 gap-y-3 sm:grid-cols-2">
              <div className="sm:col-span-2">
                <dt className={dt}>{t("pilot.objective")}</dt>
                <dd className={dd}><MarkdownText html={pilot.html.objective} /></dd>
              </div>
              <div>
                <dt className={dt}>{t("pilot.targetGroup")}</dt>
                <dd className={dd}><Text value={pilot.targetGroup} /></dd>
              </div>
              <div>
                <dt className={dt}>{t("pilot.period")}</dt>
                <dd className={dd} data-testid="pilot-period">
                  {pilot.startsOn || pilot.endsOn ? (
                    <>
                      {pilot.startsOn ? <time dateTime={pilot.startsOn}>{day(pilot.startsOn)}</time> : "…"}
                      {" – "}
                      {pilot.endsOn ? <time dateTime={pilot.endsOn}>{day(pilot.endsOn)}</time> : "…"}
                    </>
                  ) : (
                    <Text value={null} />
                  )}
                </dd>
              </div>
              <div>
                <dt className={dt}>{t("pilot.budgetShown")}</dt>
                <dd className={dd} data-testid="pilot-budget">{pilot.budgetCents != null ? money(pilot.budgetCents) : <Text value={null} />}</dd>
              </div>
              <div>
                <dt className={dt}>{t("pilot.responsible")}</dt>
                <dd className={dd}><Text value={pilot.responsible} /></dd>
              </div>
              <div className="sm:col-span-2">
                <dt className={dt}>{t("pilot.partners")}</dt>
                <dd className={dd}><Text value={pilot.partners} /></dd>
              </div>
              <div className="sm:col-span-2">
                <dt className={dt}>{t("pilot.indicators")}</dt>
                <dd className={dd}>
                  {pilot.indicators.length === 0 ? (
                    <Text value={null} />
                  ) : (
                    <div className="overflow-x-auto">
                      <table className="mt-1 w-full text-left text-sm" data-testid="pilot-indicators">
                        <thead>
                          <tr className="border-b border-slate-300">
                            <th scope="col" className="py-1 pr-4">{t("pilot.indicatorName")}</th>
                            <th scope="col" className="py-1 pr-4">{t("pilot.indicatorTarget")}</th>
                            <th scope="col" className="py-1 pr-4">{t("pilot.indicatorResult")}</th>
                          </tr>
                        </thead>
                        <tbody>
                          {pilot.indicators.map((row, i) => (
                            <tr key={i} className="border-b border-slate-100">
                              <th scope="row" className="py-1 pr-4 font-medium break-words">{row.name}</th>
                              <td className="py-1 pr-4 break-words">{row.target ?? "–"}</td>
                              <td className="py-1 pr-4 break-words">{row.result ?? "–"}</td>
                            </tr>
                          ))}
                        </tbody>
                      </table>
                    </div>
                  )}
                </dd>
              </div>
              <div className="sm:col-span-2">
                <dt className={dt}>{t("pilot.results")}</dt>
                <dd className={dd}><MarkdownText html={pilot.html.results} /></dd>
              </div>
              <div className="sm:col-span-2">
                <dt className={dt}>{t("pilot.lessonsLearned")}</dt>
                <dd className={dd}><MarkdownText html={pilot.html.lessonsLearned} /></dd>
              </div>
              <div>
                <dt className={dt}>{t("pilot.decision")}</dt>
                <dd className={dd} data-testid="pilot-decision">{pilot.decision ? t(`pilot.decisions.${pilot.decision}`) : t("pilot.decisionNone")}</dd>
              </div>
              <div>
                <dt className={dt}>{t("pilot.updated")}</dt>
                <dd className={dd}>
                  <time dateTime={pilot.updatedAt}>{dateFormat(locale, { dateStyle: "medium", timeStyle: "short", timeZone }).format(new Date(pilot.updatedAt))}</time>
                </dd>
              </div>
            </dl>
          )}
          {!canEdit && state === "open" ? <p className="mt-3 text-sm text-slate-700">{t("pilot.readOnlyHint")}</p> : null}
        </section>
      ) : null}

      {canEdit && defaults ? (
        <section aria-labelledby="pilot-edit-heading" className="rounded-lg border border-slate-200 bg-white p-4 sm:p-6">
          <h2 id="pilot-edit-heading" className="mb-4 text-lg font-semibold">
            {t("pilot.editTitle")}
          </h2>
          <PilotForm key={pilot?.updatedAt ?? "new"} ideaId={idea.id} lastResult={lastResult ?? null} defaultValue={defaults} locale={locale} />
        </section>
      ) : null}
    </article>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
