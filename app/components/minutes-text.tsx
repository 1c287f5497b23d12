import { useTranslation } from "~/i18n/use-translation";
import type { MinutesSnapshot } from "~/models/minutes-snapshot";
import { displayMemberName } from "~/utils/member-display";
import { dateFormat } from "~/utils/intl-cache";
import { formatCalendarDate } from "~/utils/zoned-time";
import { Markdown, type MarkdownHtml } from "./markdown";

/** The Markdown parts of minutes as HTML made on the server (minutesHtml in app/utils/markdown.server.tsx). */
export type MinutesHtml = { summary: MarkdownHtml | null; summaryEn: MarkdownHtml | null; notes: Record<string, MarkdownHtml> };

export type OwnerNames = Record<string, { name: string; erasedAt: string | Date | null }>;

/**
 * The text of minutes as a reader sees it: summary, notes under each agenda item, decisions and
 * action items. Summaries and notes come as `html`, Markdown the loader rendered safely (no raw
 * HTML); decisions and action items are plain text.
 */
export function MinutesText({
  snapshot,
  html,
  agenda,
  owners,
  headingLevel = 2,
  idPrefix,
}: {
  snapshot: Pick<MinutesSnapshot, "decisions" | "actionItems">;
  html: MinutesHtml;
  agenda: { id: number; title: string }[];
  owners: OwnerNames;
  headingLevel?: 2 | 3 | 4;
  idPrefix: string;
}) {
  const { t, i18n } = useTranslation();
  const H = (["h2", "h3", "h4"] as const)[headingLevel - 2];
  const Sub = (["h3", "h4", "h5"] as const)[headingLevel - 2];
  const agendaTitle = new Map(agenda.map((a) => [a.id, a.title]));
  const ownerName = (id: number | null) => {
    if (id == null) return t("minutes.noOwner");
    const o = owners[String(id)];
    return o ? displayMemberName(o, t) : t("minutes.unknownOwner");
  };
  return (
    <div className="space-y-4">
      <section aria-labelledby={`${idPrefix}-summary`}>
        <H id={`${idPrefix}-summary`} className="text-lg font-semibold">{t("minutes.summary")}</H>
        {html.summary ? <Markdown html={html.summary} /> : <p className="text-slate-700">{t("minutes.none")}</p>}
        {html.summaryEn ? (
          <div lang="en" className="mt-2">
            <Sub className="font-semibold">{t("minutes.summaryEn")}</Sub>
            <Markdown html={html.summaryEn} />
          </div>
        ) : null}
      </section>
      <section aria-labelledby={`${idPrefix}-notes`}>
        <H id={`${idPrefix}-notes`} className="text-lg font-semibold">{t("minutes.notesTitle")}</H>
        {agenda.length === 0 ? <p className="text-slate-700">{t("minutes.noAgenda")}</p> : null}
        <ol className="mt-2 space-y-3">
          {agenda.map((a, i) => (
            <li key={a.id}>
              <Sub className="font-semibold">{i + 1}. {a.title}</Sub>
              {html.notes[String(a.id)] ? <Markdown html={html.notes[String(a.id)]} /> : <p className="text-sm text-slate-700">{t("minutes.noNotes")}</p>}
            </li>
          ))}
        </ol>
      </section>
      <section aria-labelledby={`${idPrefix}-decisions`}>
        <H id={`${idPrefix}-decisions`} className="text-lg font-semibold">{t("minutes.decisionsTitle")}</H>
        {snapshot.decisions.length === 0 ? (
          <p className="text-slate-700">{t("minutes.none")}</p>
        ) : (
          <ol className="mt-2 list-decimal space-y-1 pl-6">
            {snapshot.decisions.map((d, i) => (
              <li key={i}>
                <span className="whitespace-pre-line">{d.text}</span>
                {d.agendaItemId != null && agendaTitle.has(d.agendaItemId) ? (
                  <span className="text-sm text-slate-700"> ({agendaTitle.get(d.agendaItemId)})</span>
                ) : null}
              </li>
            ))}
          </ol>
        )}
      </section>
      <section aria-labelledby={`${idPrefix}-actions`}>
        <H id={`${idPrefix}-actions`} className="text-lg font-semibold">{t("minutes.actionsTitle")}</H>
        {snapshot.actionItems.length === 0 ? (
          <p className="text-slate-700">{t("minutes.none")}</p>
        ) : (
          <div className="overflow-x-auto">
            <table className="mt-2 min-w-full text-left text-sm">
              <thead>
                <tr className="border-b border-slate-200">
                  <th scope="col" className="py-1 pr-3">{t("minutes.action.description")}</th>
                  <th scope="col" className="py-1 pr-3">{t("minutes.action.owner")}</th>
                  <th scope="col" className="py-1 pr-3">{t("minutes.action.dueOn")}</th>
                  <th scope="col" className="py-1">{t("minutes.action.state")}</th>
                </tr>
              </thead>
              <tbody>
                {snapshot.actionItems.map((a, i) => (
                  <tr key={a.id ?? `new-${i}`} className="border-b border-slate-100 align-top">
                    <td className="py-1 pr-3 whitespace-pre-line">{a.description}</td>
                    <td className="py-1 pr-3">{ownerName(a.ownerMemberId)}</td>
                    <td className="py-1 pr-3">{a.dueOn ? formatCalendarDate(a.dueOn, i18n.language) : "—"}</td>
                    <td className="py-1">{a.doneOn ? t("minutes.action.doneOn", { date: formatCalendarDate(a.doneOn, i18n.language) }) : t("minutes.action.open")}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </div>
  );
}

/** "5 Dec 2024, 17:05" in the reader's language and the meeting's zone: when a revision or comment was saved. */
export function formatStamp(instant: Date | string, locale: string, timeZone: string): string {
  return dateFormat(locale, { dateStyle: "medium", timeStyle: "short", timeZone }).format(new Date(instant));
}
