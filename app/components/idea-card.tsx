import { Link } from "@remix-run/react";
import { useTranslation } from "~/i18n/use-translation";
import type { IdeaKind, IdeaStage, IdeaTheme } from "#db/enums";
import { dateFormat } from "~/utils/intl-cache";
import type { ListT } from "~/utils/memo-t";

export type IdeaCardData = {
  id: number;
  title: string;
  theme: IdeaTheme;
  kind: IdeaKind;
  stage: IdeaStage;
  cityName: string;
  supportCount: number;
  commentCount: number;
  createdAt: Date | string;
  authorName: string;
  /** Plain text already (plainExcerpt, made by the loader). */
  excerpt?: string;
};

/** What every card of a list shares: labels translated once and one date formatter. */
export type IdeaCardText = { t: ListT; day: Intl.DateTimeFormat };

/** Call once per list and hand the result to each card. */
export function useIdeaCardText(timeZone: string): IdeaCardText {
  const { t, i18n } = useTranslation();
  return { t, day: dateFormat(i18n.language, { timeZone, day: "numeric", month: "numeric", year: "numeric" }) };
}

/** The start of a Markdown description as one line of plain text (cards show no formatting). */
export function plainExcerpt(markdown: string, max = 200): string {
  const text = markdown
    .replace(/!?\[([^\]]*)\]\([^)]*\)/g, "$1")
    .replace(/^\s*(#{1,6}|>+|[-+*]|\d+\.)\s+/gm, "")
    .replace(/(\*\*|__|\*|`+|~~)/g, "")
    .replace(/\s+/g, " ")
    .trim();
  return text.length > max ? `${text.slice(0, max - 1).trimEnd()}…` : text;
}

/**
 * An idea in the list (with excerpt and theme) or, compact, on the board. `text` comes from
 * useIdeaCardText with the viewer's city's zone, so the date is the local day the idea was logged.
 */
export function IdeaCard({
  idea,
  text,
  compact = false,
  showCity = false,
}: {
  idea: IdeaCardData;
  text: IdeaCardText;
  compact?: boolean;
  showCity?: boolean;
}) {
  const { t } = text;
  const author = idea.authorName === "" ? t("ideas.formerMember") : idea.authorName;
  const created = new Date(idea.createdAt);
  const Heading = compact ? "h3" : "h2";
  return (
    <article className={`rounded-lg border border-slate-200 bg-white ${compact ? "p-3" : "p-4"}`}>
      <Heading className={compact ? "font-semibold" : "text-lg font-semibold"}>
        <Link to={`/ideas/${idea.id}`} className="text-brand-700 underline">
          {idea.title}
        </Link>
      </Heading>
      <p className="mt-1 text-sm text-slate-700">
        {compact ? null : (
          <>
            <span className="rounded bg-brand-100 px-2 py-0.5 text-brand-800">{t(`ideaStages.${idea.stage}`)}</span>{" "}
          </>
        )}
        {t(`ideaThemes.${idea.theme}`)} · {t(`ideaKinds.${idea.kind}`)}
      </p>
      {!compact && idea.excerpt ? <p className="mt-2 text-slate-800">{idea.excerpt}</p> : null}
      <p className="mt-2 text-sm text-slate-700">
        {t("ideas.by", { name: author })}
        {showCity ? ` · ${idea.cityName}` : ""}
        {" · "}
        <time dateTime={created.toISOString()}>{text.day.format(created)}</time>
      </p>
      <p className="mt-1 text-sm text-slate-700">
        {t("ideas.supports", { count: idea.supportCount })} · {t("ideas.comments", { count: idea.commentCount })}
      </p>
    </article>
  );
}
