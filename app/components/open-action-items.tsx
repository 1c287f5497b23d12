import { Link, useLocation } from "@remix-run/react";
import { useTranslation } from "~/i18n/use-translation";
import { displayMemberName } from "~/utils/member-display";
import { formatCalendarDate } from "~/utils/zoned-time";
import { ActionItemButton, ActionItemFlash, useActionItemButtons } from "./action-item-button";
import { DueDate, MeetingOfItem, type ActionItemRow } from "./my-actions";

type Row = ActionItemRow & { ownerMemberId: number | null; ownerName: string | null; ownerErasedAt: Date | string | null; canUpdate: boolean };
type Data = { today: string; total: number; page: number; pageSize: number; items: Row[] };

/** Action items of the city's earlier meetings still open at this one: "shown on the next meeting until done". */
export function OpenActionItems({ data }: { data: Data }) {
  const { t, i18n } = useTranslation();
  const location = useLocation();
  const buttons = useActionItemButtons();
  const pages = Math.max(1, Math.ceil(data.total / data.pageSize));
  const pageHref = (p: number) => {
    const params = new URLSearchParams(location.search);
    params.delete("actionItem");
    params.set("actionsPage", String(p));
    return `${location.pathname}?${params}#open-actions`;
  };
  return (
    <section id="open-actions" aria-labelledby="open-actions-heading" className="space-y-3 rounded-lg border border-slate-200 bg-white p-4">
      <h2 id="open-actions-heading" className="text-lg font-semibold">{t("actionItems.atMeetingTitle")}</h2>
      <ActionItemFlash />
      {data.total === 0 ? (
        <p className="text-slate-700">{t("actionItems.atMeetingNone")}</p>
      ) : (
        <>
          <p className="text-sm text-slate-700">{t("actionItems.atMeetingIntro")}</p>
          <ul className="divide-y divide-slate-100" data-testid="open-action-items">
            {data.items.map((item) => (
              <li key={item.id} className="flex flex-wrap items-start justify-between gap-2 py-2">
                <div className="min-w-0">
                  <p className="font-medium">{item.description}</p>
                  <p className="text-sm">
                    {t("actionItems.owner")}:{" "}
                    {item.ownerMemberId != null ? displayMemberName({ name: item.ownerName ?? "", erasedAt: item.ownerErasedAt }, t) : t("actionItems.noOwner")}
                    {" · "}
                    {item.doneOn ? (
                      <span className="text-green-900">{t("actionItems.doneOn", { date: formatCalendarDate(item.doneOn, i18n.language) })}</span>
                    ) : (
                      <DueDate dueOn={item.dueOn} doneOn={item.doneOn} today={data.today} />
                    )}
                  </p>
                  <p className="text-sm">
                    {t("actionItems.fromLabel")}: <MeetingOfItem item={item} />
                  </p>
                </div>
                {item.canUpdate ? <ActionItemButton id={item.id} description={item.description} done={false} list={buttons} /> : null}
              </li>
            ))}
          </ul>
          {pages > 1 ? (
            <nav aria-label={t("pagination.label")} className="flex items-center gap-4 text-sm">
              {data.page > 1 ? <Link to={pageHref(data.page - 1)} rel="prev" className="rounded border border-slate-300 px-3 py-1 hover:bg-slate-100">{t("pagination.previous")}</Link> : null}
              <span>{t("pagination.status", { page: data.page, pages })}</span>
              {data.page < pages ? <Link to={pageHref(data.page + 1)} rel="next" className="rounded border border-slate-300 px-3 py-1 hover:bg-slate-100">{t("pagination.next")}</Link> : null}
            </nav>
          ) : null}
        </>
      )}
    </section>
  );
}
