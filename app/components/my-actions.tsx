import { Link, useLocation } from "@remix-run/react";
import { useTranslation } from "~/i18n/use-translation";
import type { MeetingKind } from "#db/enums";
import { formatCalendarDate, formatDateShort } from "~/utils/zoned-time";
import { ActionItemButton, ActionItemFlash, useActionItemButtons } from "./action-item-button";

export type ActionItemRow = {
  id: number;
  description: string;
  dueOn: string | null;
  doneOn: string | null;
  meetingId: number;
  meetingKind: MeetingKind;
  meetingNumber: number;
  meetingTitle: string;
  meetingStartsAt: Date | string;
  timeZone: string;
};

type MyActionsData = { today: string; total: number; page: number; pageSize: number; open: ActionItemRow[]; done: ActionItemRow[] };

/** Which meeting an item came from, as a link: "ULG meeting 6: First pilot results (19 Sept 2024)". */
export function MeetingOfItem({ item }: { item: ActionItemRow }) {
  const { t, i18n } = useTranslation();
  return (
    <Link to={`/meetings/${item.meetingId}`} className="text-brand-700 underline">
      {t(`meetingKinds.${item.meetingKind}`)} {item.meetingNumber}: {item.meetingTitle} ({formatDateShort(item.meetingStartsAt, i18n.language, item.timeZone)})
    </Link>
  );
}

/** Due date, marked when it has passed and the item is still open. */
export function DueDate({ dueOn, doneOn, today }: { dueOn: string | null; doneOn: string | null; today: string }) {
  const { t, i18n } = useTranslation();
  if (!dueOn) return <span className="text-slate-700">{t("actionItems.noDue")}</span>;
  const overdue = doneOn == null && dueOn < today;
  return (
    <span className={overdue ? "font-semibold text-red-800" : undefined}>
      {t("actionItems.due", { date: formatCalendarDate(dueOn, i18n.language) })}
      {overdue ? <span className="ml-2 rounded bg-red-100 px-1.5 py-0.5 text-xs font-semibold text-red-900">{t("actionItems.overdue")}</span> : null}
    </span>
  );
}

/** The dashboard's "My actions": the signed-in user's open items with Done, and the few done lately. */
export function MyActions({ data }: { data: MyActionsData }) {
  const { t, i18n } = useTranslation();
  const location = useLocation();
  const buttons = useActionItemButtons();
  const pages = Math.max(1, Math.ceil(data.total / data.pageSize));
  const pageHref = (p: number) => {
    const params = new URLSearchParams(location.search);
    params.delete("actionItem");
    params.set("actionsPage", String(p));
    return `${location.pathname}?${params}#my-actions`;
  };
  return (
    <section id="my-actions" aria-labelledby="my-actions-heading" className="space-y-3 rounded-lg border border-slate-200 bg-white p-4">
      <h2 id="my-actions-heading" className="text-lg font-semibold">{t("actionItems.myTitle")}</h2>
      <ActionItemFlash />
      <p className="text-slate-700">{data.total === 0 ? t("actionItems.myNone") : t("actionItems.myOpenCount", { count: data.total })}</p>
      {data.open.length > 0 ? (
        <ul className="divide-y divide-slate-100" data-testid="my-open-actions">
          {data.open.map((item) => (
            <li key={item.id} className="flex flex-wrap items-start justify-between gap-2 py-2">
              <div className="min-w-0">
                <p className="font-medium">{item.description}</p>
                <p className="text-sm">
                  <DueDate dueOn={item.dueOn} doneOn={item.doneOn} today={data.today} />
                  {" · "}
                  {t("actionItems.fromLabel")}{": "}
                  <MeetingOfItem item={item} />
                </p>
              </div>
              <ActionItemButton id={item.id} description={item.description} done={false} list={buttons} />
            </li>
          ))}
        </ul>
      ) : null}
      {pages > 1 ? (
        <nav aria-label={t("pagination.label")} className="flex items-center gap-4 text-sm">
          {data.page > 1 ? <Link to={pageHref(data.page - 1)} rel="prev" className="rounded border border-slate-300 px-3 py-1 hover:bg-slate-100">{t("pagination.previous")}</Link> : null}
          <span>{t("pagination.status", { page: data.page, pages })}</span>
          {data.page < pages ? <Link to={pageHref(data.page + 1)} rel="next" className="rounded border border-slate-300 px-3 py-1 hover:bg-slate-100">{t("pagination.next")}</Link> : null}
        </nav>
      ) : null}
      {data.done.length > 0 ? (
        <div>
          <h3 className="text-base font-semibold">{t("actionItems.recentlyDone")}</h3>
          <ul className="divide-y divide-slate-100" data-testid="my-done-actions">
            {data.done.map((item) => (
              <li key={item.id} className="flex flex-wrap items-start justify-between gap-2 py-2">
                <div className="min-w-0">
                  <p className="text-slate-800">{item.description}</p>
                  <p className="text-sm text-slate-700">
                    {t("actionItems.doneOn", { date: formatCalendarDate(item.doneOn!, i18n.language) })}
                    {" · "}
                    <MeetingOfItem item={item} />
                  </p>
                </div>
                <ActionItemButton id={item.id} description={item.description} done list={buttons} />
              </li>
            ))}
          </ul>
        </div>
      ) : null}
    </section>
  );
}
