import { parseWithZod } from "@conform-to/zod/v4";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "~/i18n/use-translation";
import { forbidden, notFound, requireCityUser, requirePermission } from "~/auth/auth.server";
import type { SessionUser } from "~/auth/session.server";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { IdeaForm } from "~/components/idea-form";
import { recordAudit } from "~/models/audit.server";
import { editRefusal, getIdeaForEdit, updateOwnIdea } from "~/models/ideas.server";
import { cityScope } from "~/models/scope.server";
import { IDEA_FORM_MAX_BYTES, IdeaSchema } from "~/utils/idea-validation";
import { readLimitedFormData } from "~/utils/limited-form.server";
import { clientAddress } from "~/utils/request.server";

export const meta: MetaFunction = () => [{ title: "Edit idea · ULG Workshop" }];

function refuseNonAuthor(request: Request, user: SessionUser, ideaId: number, ipAddress: string): never {
  recordAudit({
    action: "access.denied",
    actorUserId: user.id,
    cityId: user.cityId,
    entityType: "idea",
    entityId: ideaId,
    detail: { permission: "write:idea:own", method: request.method, path: new URL(request.url).pathname },
    ipAddress,
  });
  throw forbidden();
}

/**
 * The author's own idea in their city. Another city's idea answers 404; someone else's 403. Admins
 * have no city and log no ideas, so they are refused by the permission check.
 */
async function requireOwnIdea(request: Request, params: LoaderFunctionArgs["params"], ipAddress: string) {
  const user = requireCityUser(await requirePermission(request, "write:idea:own", ipAddress));
  if (!/^\d{1,9}$/.test(params.ideaId ?? "")) throw notFound();
  const scope = cityScope(user.cityId);
  const idea = getIdeaForEdit(scope, Number(params.ideaId));
  if (!idea) throw notFound();
  if (editRefusal(idea, user.id) === "notAuthor") refuseNonAuthor(request, user, idea.id, ipAddress);
  return { user, scope, idea };
}

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { idea } = await requireOwnIdea(request, params, clientAddress(context));
  const summary = { id: idea.id, title: idea.title, stage: idea.stage };
  // The author may not edit once a coordinator has moved the idea on: a 403 page that says why.
  if (idea.stage !== "proposed") return data({ idea: summary, locked: true as const, defaults: null }, { status: 403 });
  return {
    idea: summary,
    locked: false as const,
    defaults: { title: idea.title, description: idea.description, theme: idea.theme, kind: idea.kind, targetGroup: idea.targetGroup },
  };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const ipAddress = clientAddress(context);
  const { user, scope, idea } = await requireOwnIdea(request, params, ipAddress);
  const body = await readLimitedFormData(request, IDEA_FORM_MAX_BYTES);
  if (body.kind !== "ok") {
    const submission = parseWithZod(new FormData(), { schema: IdeaSchema });
    return data(submission.reply({ formErrors: ["ideaForm.tooLarge"] }), { status: body.kind === "tooLarge" ? 413 : 400 });
  }
  const submission = parseWithZod(body.formData, { schema: IdeaSchema });
  if (submission.status !== "success") return data(submission.reply(), { status: 400 });
  const result = updateOwnIdea(scope, { id: user.id, ipAddress }, idea.id, submission.value);
  if (!result.ok) {
    if (result.reason === "notFound") throw notFound();
    if (result.reason === "notAuthor") refuseNonAuthor(request, user, idea.id, ipAddress);
    // Moved on while the author was typing: refuse (403) but show the form again with their text.
    return data(submission.reply({ formErrors: ["ideaForm.movedOn"] }), { status: 403 });
  }
  return redirect(`/ideas/${idea.id}?saved=1`);
}

export default function EditIdea() {
  const { idea, locked, defaults } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const { t } = useTranslation();
  return (
    <div className="mx-auto max-w-3xl">
      <p className="text-sm">
        <Link to={`/ideas/${idea.id}`} className="text-brand-700 underline">
          {idea.title}
        </Link>
      </p>
      <h1 className="mt-2 text-2xl font-bold">{t("ideaForm.editTitle")}</h1>
      {/* After a refused save the form stays, holding what the author typed, with the reason above it. */}
      {locked && !lastResult ? (
        <p role="alert" className="mt-4 rounded border border-amber-500 bg-amber-50 px-3 py-2 text-slate-900" data-testid="idea-locked">
          {t("ideaForm.onlyProposed", { stage: t(`ideaStages.${idea.stage}`) })}
        </p>
      ) : (
        <IdeaForm lastResult={lastResult} defaultValue={defaults ?? undefined} submitLabel={t("ideaForm.save")} cancelTo={`/ideas/${idea.id}`} />
      )}
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
