import { Link } from "@remix-run/react";
import { useTranslation } from "~/i18n/use-translation";
import { IDEA_STAGES, IDEA_THEMES, type IdeaStage, type IdeaTheme } from "#db/enums";
import { dateFormat, numberFormat } from "~/utils/intl-cache";

type IdeaRow = { id: number; title: string; stage: IdeaStage; theme: IdeaTheme; createdAt: string | Date; cityName: string };

export type DashboardIdeasData = {
  total: number;
  byStage: Record<IdeaStage, number>;
  byTheme: Record<IdeaTheme, number>;
  newest: IdeaRow[];
  own: { total: number; ideas: IdeaRow[] } | null;
};

/** The pipeline in order (the funnel) and the two side exits shown beside it. */
const PIPELINE = IDEA_STAGES.filter((s) => s !== "parked" && s !== "rejected");
const EXITS = ["parked", "rejected"] as const;

/**
 * The dashboard's ideas: a funnel of the pipeline stages (HTML bars centred like a funnel, every bar
 * with its number in text and a link to the stage's ideas), the themes, the newest ideas and the
 * reader's own. Works without JavaScript.
 */
export function DashboardIdeas({ data, showCity, timeZone }: { data: DashboardIdeasData; showCity: boolean; timeZone: string }) {
  const { t, i18n } = useTranslation();
  const nf = numberFormat(i18n.language);
  const maxStage = Math.max(1, ...PIPELINE.map((s) => data.byStage[s]));
  const maxTheme = Math.max(1, ...IDEA_THEMES.map((th) => data.byTheme[th]));
  const day = (d: string | Date) => dateFormat(i18n.language, { timeZone, day: "numeric", month: "numeric", year: "numeric" }).format(new Date(d));
  // Bar lengths in hundredths of the track; a non-zero count always shows a sliver.
  const share = (n: number, max: number) => Math.max(n > 0 ? 2 : 0, Math.round((n / max) * 100));

  const ideaList = (rows: IdeaRow[], testId: string) => (
    <ul className="mt-2 space-y-2" data-testid={testId}>
      {rows.map((idea) => (
        <li key={idea.id}>
          <Link to={`/ideas/${idea.id}`} className="font-medium break-words text-brand-700 underline">{idea.title}</Link>
          <span className="block text-sm text-slate-700">
            <span className="rounded bg-brand-100 px-1.5 text-brand-800">{t(`ideaStages.${idea.stage}`)}</span> · {t(`ideaThemes.${idea.theme}`)}
            {showCity ? ` · ${idea.cityName}` : ""} · <time dateTime={new Date(idea.createdAt).toISOString()}>{day(idea.createdAt)}</time>
          </span>
        </li>
      ))}
    </ul>
  );

  return (
    <div className="grid grid-cols-1 gap-4 lg:grid-cols-2">
      <section aria-labelledby="ideas-funnel-heading" className="rounded-lg border border-slate-200 bg-white p-4 lg:col-span-2">
        <h2 id="ideas-funnel-heading" className="text-lg font-semibold">{t("dashboardIdeas.funnel")}</h2>
        <p className="text-sm text-slate-700">{t("dashboardIdeas.funnelIntro", { count: data.total })}</p>
        <ol className="mt-3 space-y-1.5" data-testid="ideas-funnel">
          {PIPELINE.map((stage, i) => (
            <li key={stage} className="grid grid-cols-[8.5rem_1fr_3rem] items-center gap-2 sm:grid-cols-[11rem_1fr_3rem]">
              <Link to={`/ideas?stage=${stage}`} className="text-sm text-brand-700 underline">
                <span className="sr-only">{t("dashboardIdeas.step", { step: i + 1, steps: PIPELINE.length })} </span>
                {t(`ideaStages.${stage}`)}
              </Link>
              <Bar value={share(data.byStage[stage], maxStage)} centred className="h-6 fill-brand-700" />
              <span className="text-right font-mono font-semibold" data-testid={`funnel-${stage}`}>{nf.format(data.byStage[stage])}</span>
            </li>
          ))}
        </ol>
        <p className="mt-3 text-sm text-slate-800" data-testid="ideas-exits">
          {t("dashboardIdeas.exits")}{" "}
          {EXITS.map((stage, i) => (
            <span key={stage}>
              {i > 0 ? " · " : ""}
              <Link to={`/ideas?stage=${stage}`} className="text-brand-700 underline">{t(`ideaStages.${stage}`)}</Link>{" "}
              <span className="font-semibold" data-testid={`funnel-${stage}`}>{nf.format(data.byStage[stage])}</span>
            </span>
          ))}
        </p>
      </section>

      <section aria-labelledby="ideas-themes-heading" className="rounded-lg border border-slate-200 bg-white p-4">
        <h2 id="ideas-themes-heading" className="text-lg font-semibold">{t("dashboardIdeas.themes")}</h2>
        <ul className="mt-3 space-y-2" data-testid="ideas-themes">
          {IDEA_THEMES.map((theme) => (
            <li key={theme}>
              <div className="flex items-baseline justify-between gap-2 text-sm">
                <Link to={`/ideas?theme=${theme}`} className="text-brand-700 underline">{t(`ideaThemes.${theme}`)}</Link>
                <span className="font-mono font-semibold" data-testid={`theme-${theme}`}>{nf.format(data.byTheme[theme])}</span>
              </div>
              <Bar value={share(data.byTheme[theme], maxTheme)} className="mt-1 h-3 fill-emerald-700" />
            </li>
          ))}
        </ul>
      </section>

      <section aria-labelledby="ideas-newest-heading" className="rounded-lg border border-slate-200 bg-white p-4">
        <h2 id="ideas-newest-heading" className="text-lg font-semibold">{t("dashboardIdeas.newest")}</h2>
        {data.newest.length === 0 ? <p className="mt-2 text-slate-700">{t("dashboardIdeas.none")}</p> : ideaList(data.newest, "newest-ideas")}
        <p className="mt-3 text-sm">
          <Link to="/ideas" className="text-brand-700 underline">{t("dashboardIdeas.allIdeas")}</Link>
        </p>
      </section>

      {data.own ? (
        <section aria-labelledby="ideas-own-heading" className="rounded-lg border border-slate-200 bg-white p-4 lg:col-span-2">
          <h2 id="ideas-own-heading" className="text-lg font-semibold">{t("dashboardIdeas.own")}</h2>
          {data.own.total === 0 ? (
            <p className="mt-2 text-slate-700">
              {t("dashboardIdeas.ownNone")}{" "}
              <Link to="/ideas/new" className="text-brand-700 underline">{t("dashboardIdeas.logIdea")}</Link>
            </p>
          ) : (
            <>
              {ideaList(data.own.ideas, "own-ideas")}
              {data.own.total > data.own.ideas.length ? (
                <p className="mt-3 text-sm">
                  <Link to="/ideas?author=me" className="text-brand-700 underline">{t("dashboardIdeas.allOwn", { count: data.own.total })}</Link>
                </p>
              ) : null}
            </>
          )}
        </section>
      ) : null}
    </div>
  );
}

/**
 * One bar as SVG: its length is an attribute, not an inline style (the Content-Security-Policy allows
 * no inline styles). Decorative: the number beside it carries the value.
 */
function Bar({ value, centred = false, className }: { value: number; centred?: boolean; className: string }) {
  return (
    <svg viewBox="0 0 100 10" preserveAspectRatio="none" aria-hidden="true" focusable="false" className={`block w-full ${className}`}>
      <rect x={0} y={0} width={100} height={10} className="fill-slate-100" />
      <rect x={centred ? (100 - value) / 2 : 0} y={0} width={value} height={10} />
    </svg>
  );
}
