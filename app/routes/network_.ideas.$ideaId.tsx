import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "~/i18n/use-translation";
import { notFound, requirePermission } from "~/auth/auth.server";
import { hasPermission } from "~/auth/permissions";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { IdeaStageHistory } from "~/components/idea-page-pipeline";
import { Markdown } from "~/components/markdown";
import { getSharedIdea, listSharedStageChanges } from "~/models/network.server";
import { parseId } from "~/utils/idea-page-validation";
import { markdownHtml } from "~/utils/markdown.server";
import { clientAddress } from "~/utils/request.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.idea.title ?? "Idea"} · Network · ULG Workshop` }];

/**
 * A shared idea, read-only, for everyone signed in: what the city chose to show the network (no
 * names, comments or the city's meetings; decision 005). An unshared idea answers 404 here, whichever
 * city it belongs to.
 */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "read:network:any", clientAddress(context));
  const id = parseId(params.ideaId);
  const idea = id == null ? null : getSharedIdea(id);
  if (!idea) throw notFound();
  const history = listSharedStageChanges(idea.id);
  const { description, ...rest } = idea;
  return {
    idea: { ...rest, descriptionHtml: markdownHtml(description) },
    history: history.map((h) => ({ ...h, byName: null, meeting: null })),
    // The city's own members (and admins) also have the full page with the discussion.
    fullPage: (user.cityId === idea.cityId && hasPermission(user, "read:idea:city")) || hasPermission(user, "read:idea:any") ? `/ideas/${idea.id}` : null,
  };
}

export default function NetworkIdea() {
  const { idea, history, fullPage } = useLoaderData<typeof loader>();
  const { t, i18n } = useTranslation();
  const day = new Intl.DateTimeFormat(i18n.language, { dateStyle: "medium", timeZone: idea.timeZone }).format(new Date(idea.createdAt));
  return (
    <article className="mx-auto max-w-4xl space-y-6">
      <p className="text-sm">
        <Link to="/network#shared-ideas-heading" className="text-brand-700 underline">{t("networkPage.backToNetwork")}</Link>
      </p>
      <header>
        <p className="text-sm font-medium text-slate-700">
          {idea.cityName} · {t(`ideaThemes.${idea.theme}`)}
        </p>
        <h1 className="text-2xl font-bold break-words">{idea.title}</h1>
        <p className="mt-2 rounded border border-slate-300 bg-slate-100 px-3 py-2 text-slate-800">{t("ideaPage.sharedReadOnly", { city: idea.cityName })}</p>
        {fullPage ? (
          <p className="mt-2">
            <Link to={fullPage} className="text-brand-700 underline">{t("networkPage.openFullPage")}</Link>
          </p>
        ) : null}
        <dl className="mt-3 grid grid-cols-1 gap-x-6 gap-y-2 sm:grid-cols-2">
          <div>
            <dt className="text-sm text-slate-600">{t("ideaPage.city")}</dt>
            <dd className="font-medium">{idea.cityName}</dd>
          </div>
          <div>
            <dt className="text-sm text-slate-600">{t("ideaPage.stage")}</dt>
            <dd className="font-medium" data-testid="idea-stage">{t(`ideaStages.${idea.stage}`)}</dd>
          </div>
          <div>
            <dt className="text-sm text-slate-600">{t("ideaPage.theme")}</dt>
            <dd className="font-medium">{t(`ideaThemes.${idea.theme}`)}</dd>
          </div>
          <div>
            <dt className="text-sm text-slate-600">{t("ideaPage.kind")}</dt>
            <dd className="font-medium">{t(`ideaKinds.${idea.kind}`)}</dd>
          </div>
          <div>
            <dt className="text-sm text-slate-600">{t("ideaPage.targetGroup")}</dt>
            <dd className="font-medium break-words">{idea.targetGroup || t("ideaPage.noTargetGroup")}</dd>
          </div>
          <div>
            <dt className="text-sm text-slate-600">{t("ideaPage.created")}</dt>
            <dd className="font-medium">
              <time dateTime={new Date(idea.createdAt).toISOString()}>{day}</time>
            </dd>
          </div>
          <div>
            <dt className="text-sm text-slate-600">{t("networkPage.supporters")}</dt>
            <dd className="font-medium">{t("ideas.supports", { count: idea.supportCount })}</dd>
          </div>
        </dl>
      </header>
      <section aria-labelledby="description-heading" className="rounded-lg border border-slate-200 bg-white p-4">
        <h2 id="description-heading" className="text-lg font-semibold">{t("ideaPage.description")}</h2>
        <div className="mt-2">
          <Markdown html={idea.descriptionHtml} />
        </div>
      </section>
      <IdeaStageHistory history={history} timeZone={idea.timeZone} />
    </article>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
