import type { SubmissionResult } from "@conform-to/react";
import { Form, Link, useFetcher, useRevalidator } from "@remix-run/react";
import { useEffect, useRef, useState } from "react";
import { useHydrated } from "~/utils/use-hydrated";
import { useTranslation } from "~/i18n/use-translation";
import type { AgendaItemKind } from "#db/enums";
import { runningTimes } from "~/utils/agenda-times";
import { displayMemberName } from "~/utils/member-display";
import { formatTime } from "~/utils/zoned-time";
import { AgendaItemForm, type IdeaOption } from "./agenda-item-form";
import { FormError } from "./forms";

export type AgendaListItem = {
  id: number;
  title: string;
  description: string | null;
  durationMinutes: number;
  kind: AgendaItemKind;
  presenterMemberId: number | null;
  presenterText: string | null;
  presenterName: string | null;
  presenterErased: boolean;
  ideaId: number | null;
  ideaTitle: string | null;
  ideaStage: IdeaOption["stage"] | null;
};

type Props = {
  meetingId: number;
  startsAt: string;
  timeZone: string;
  items: AgendaListItem[];
  presenters: { id: number; name: string }[] | null;
  ideas: IdeaOption[] | null;
  readOnly: boolean;
  editId: number | null;
  editResult: SubmissionResult<string[]> | null;
};

type ReorderReply = { intent: string; ok?: boolean; formErrors?: string[] };
type FocusTarget = { id: number; control: "handle" | "up" | "down" };

function parseIds(value: FormDataEntryValue | null | undefined): number[] | null {
  return typeof value === "string" && value ? value.split(",").map(Number) : null;
}

/**
 * The agenda items with their running start times. Without JavaScript each item has up/down buttons
 * (form posts) and an edit link; with it, the same buttons, dragging a handle, or Alt+Arrow keys on the
 * handle reorder at once and save the whole order through a fetcher, announcing the move.
 */
export function AgendaList({ meetingId, startsAt, timeZone, items, presenters, ideas, readOnly, editId, editResult }: Props) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const base = `/meetings/${meetingId}/agenda`;
  const fetcher = useFetcher<ReorderReply>({ key: `agenda-order-${meetingId}` });
  const revalidator = useRevalidator();
  const hydrated = useHydrated();
  const [announcement, setAnnouncement] = useState("");
  const [dragId, setDragId] = useState<number | null>(null);
  const [overId, setOverId] = useState<number | null>(null);
  const focusAfterMove = useRef<FocusTarget | null>(null);

  // While a new order is being saved, show it already (optimistic UI); otherwise the server's order.
  const byId = new Map(items.map((i) => [i.id, i]));
  const pending = fetcher.formData?.get("intent") === "reorder" ? parseIds(fetcher.formData.get("ids")) : null;
  const order = pending && pending.length === items.length && pending.every((id) => byId.has(id)) ? pending : items.map((i) => i.id);
  const shown = order.map((id) => byId.get(id)!);
  const orderKey = order.join(",");

  // Keep keyboard focus on the control that moved the item, wherever React placed its row.
  useEffect(() => {
    const target = focusAfterMove.current;
    if (!target) return;
    focusAfterMove.current = null;
    const el = document.getElementById(`agenda-${target.control}-${target.id}`) ?? document.getElementById(`agenda-handle-${target.id}`);
    el?.focus();
  }, [orderKey]);

  // A refused order (the agenda changed meanwhile) brings back the server's current agenda.
  const refused = fetcher.state === "idle" && fetcher.data?.formErrors?.length ? fetcher.data.formErrors : null;
  const revalidated = useRef<unknown>(null);
  useEffect(() => {
    if (refused && revalidated.current !== fetcher.data) {
      revalidated.current = fetcher.data;
      revalidator.revalidate();
    }
  }, [refused, fetcher.data, revalidator]);

  function move(id: number, to: number, control: FocusTarget["control"]) {
    const from = order.indexOf(id);
    if (from === -1 || to < 0 || to >= order.length || to === from) return;
    const next = [...order];
    next.splice(from, 1);
    next.splice(to, 0, id);
    focusAfterMove.current = { id, control };
    setAnnouncement(t("agenda.moved", { title: byId.get(id)!.title, position: to + 1, count: next.length }));
    fetcher.submit({ intent: "reorder", ids: next.join(",") }, { method: "post", action: base });
  }

  const startMs = new Date(startsAt).getTime();
  // Recomputed from the order shown, so start times follow an item while its move is being saved.
  const { starts } = runningTimes(shown);
  const count = shown.length;

  if (count === 0) return <p className="text-slate-700">{t("agenda.empty")}</p>;

  return (
    <div>
      {!readOnly && hydrated ? (
        <p id="agenda-keyboard-help" className="mb-2 text-sm text-slate-700 print:hidden">{t("agenda.keyboardHelp")}</p>
      ) : null}
      <p role="status" aria-live="polite" className="sr-only">{announcement}</p>
      <FormError errors={refused} />
      <ol aria-label={t("agenda.itemsLabel")} className="space-y-3">
        {shown.map((item, index) => {
          const presenter = item.presenterMemberId
            ? displayMemberName({ name: item.presenterName ?? "", erasedAt: item.presenterErased ? 1 : null }, t)
            : item.presenterText;
          const editing = !readOnly && editId === item.id;
          const dropTarget = overId === item.id && dragId !== null && dragId !== item.id;
          return (
            <li
              key={item.id}
              id={`item-${item.id}`}
              className={`rounded-lg border bg-white p-3 ${dropTarget ? "border-brand-700 ring-2 ring-brand-700" : "border-slate-200"} ${dragId === item.id ? "opacity-60" : ""}`}
              onDragOver={(e) => {
                if (dragId === null) return;
                e.preventDefault();
                e.dataTransfer.dropEffect = "move";
                if (overId !== item.id) setOverId(item.id);
              }}
              onDrop={(e) => {
                e.preventDefault();
                if (dragId !== null) move(dragId, index, "handle");
                setDragId(null);
                setOverId(null);
              }}
            >
              <div className="flex items-start gap-3">
                {!readOnly && hydrated ? (
                  <button
                    type="button"
                    id={`agenda-handle-${item.id}`}
                    draggable
                    aria-label={t("agenda.handle", { title: item.title, position: index + 1, count })}
                    aria-describedby="agenda-keyboard-help"
                    aria-keyshortcuts="Alt+ArrowUp Alt+ArrowDown"
                    className="-my-1 cursor-grab rounded border border-slate-300 px-2 py-1 text-lg leading-none text-slate-700 hover:bg-slate-100 active:cursor-grabbing print:hidden"
                    onKeyDown={(e) => {
                      if (!e.altKey || (e.key !== "ArrowUp" && e.key !== "ArrowDown")) return;
                      e.preventDefault();
                      move(item.id, index + (e.key === "ArrowUp" ? -1 : 1), "handle");
                    }}
                    onDragStart={(e) => {
                      setDragId(item.id);
                      e.dataTransfer.effectAllowed = "move";
                      e.dataTransfer.setData("text/plain", String(item.id));
                      const row = document.getElementById(`item-${item.id}`);
                      if (row) e.dataTransfer.setDragImage(row, 20, 20);
                    }}
                    onDragEnd={() => {
                      setDragId(null);
                      setOverId(null);
                    }}
                  >
                    <span aria-hidden="true">⠿</span>
                  </button>
                ) : null}
                <p className="w-18 shrink-0 whitespace-nowrap pt-0.5 font-mono text-sm text-slate-800">
                  <span className="sr-only">{t("agenda.startsAt")} </span>
                  {formatTime(new Date(startMs + starts[index] * 60_000), lang, timeZone)}
                </p>
                <div className="min-w-0 flex-1">
                  <h3 className="break-words font-semibold">{item.title}</h3>
                  <p className="text-sm text-slate-700">
                    {t(`agendaKinds.${item.kind}`)} · {t("meetingPage.minutes", { count: item.durationMinutes })}
                    {presenter ? ` · ${presenter}` : ""}
                  </p>
                  {item.ideaId != null && item.ideaTitle != null ? (
                    <p className="mt-1 break-words text-sm">
                      {t("agenda.ideaLinked")}{" "}
                      <Link to={`/ideas/${item.ideaId}`} className="text-brand-700 underline">{item.ideaTitle}</Link>
                    </p>
                  ) : null}
                  {item.description && !editing ? <p className="mt-1 whitespace-pre-line break-words text-sm">{item.description}</p> : null}
                </div>
              </div>
              {!readOnly && !editing ? (
                <div className="mt-2 flex flex-wrap items-center gap-2 print:hidden">
                  <Form method="post" action={base} className="flex gap-2">
                    <input type="hidden" name="itemId" value={item.id} />
                    {index > 0 ? (
                      <button
                        type="submit"
                        name="intent"
                        value="up"
                        id={`agenda-up-${item.id}`}
                        aria-label={t("agenda.moveUpItem", { title: item.title })}
                        className="rounded border border-slate-400 px-3 py-1 text-sm hover:bg-slate-100"
                        onClick={(e) => {
                          e.preventDefault();
                          move(item.id, index - 1, "up");
                        }}
                      >
                        <span aria-hidden="true">↑ </span>{t("agenda.moveUp")}
                      </button>
                    ) : null}
                    {index < count - 1 ? (
                      <button
                        type="submit"
                        name="intent"
                        value="down"
                        id={`agenda-down-${item.id}`}
                        aria-label={t("agenda.moveDownItem", { title: item.title })}
                        className="rounded border border-slate-400 px-3 py-1 text-sm hover:bg-slate-100"
                        onClick={(e) => {
                          e.preventDefault();
                          move(item.id, index + 1, "down");
                        }}
                      >
                        <span aria-hidden="true">↓ </span>{t("agenda.moveDown")}
                      </button>
                    ) : null}
                  </Form>
                  <Link
                    to={`${base}?edit=${item.id}#item-${item.id}`}
                    aria-label={t("agenda.editItem", { title: item.title })}
                    className="rounded border border-slate-400 px-3 py-1 text-sm hover:bg-slate-100"
                  >
                    {t("agenda.edit")}
                  </Link>
                  <Form
                    method="post"
                    action={base}
                    onSubmit={(e) => {
                      if (!window.confirm(t("agenda.removeConfirm", { title: item.title }))) e.preventDefault();
                    }}
                  >
                    <input type="hidden" name="itemId" value={item.id} />
                    <button
                      type="submit"
                      name="intent"
                      value="delete"
                      aria-label={t("agenda.removeItem", { title: item.title })}
                      className="rounded border border-red-700 px-3 py-1 text-sm text-red-800 hover:bg-red-50"
                    >
                      {t("agenda.remove")}
                    </button>
                  </Form>
                </div>
              ) : null}
              {editing ? (
                <section aria-labelledby={`edit-heading-${item.id}`} className="mt-3 border-t border-slate-200 pt-3">
                  <h4 id={`edit-heading-${item.id}`} className="mb-2 font-semibold">{t("agenda.editTitle", { title: item.title })}</h4>
                  <AgendaItemForm
                    formId={`agenda-item-${item.id}`}
                    action={`${base}?edit=${item.id}`}
                    itemId={item.id}
                    presenters={presentersWith(presenters, item, t)}
                    ideas={ideasWith(ideas, item)}
                    lastResult={editResult}
                    defaultValue={{
                      title: item.title,
                      description: item.description ?? "",
                      durationMinutes: String(item.durationMinutes),
                      kind: item.kind,
                      presenterMemberId: item.presenterMemberId ? String(item.presenterMemberId) : "",
                      presenterText: item.presenterText ?? "",
                      ideaId: item.ideaId != null ? String(item.ideaId) : "",
                    }}
                    submitLabel={t("agenda.save")}
                    cancelHref={`${base}#item-${item.id}`}
                  />
                </section>
              ) : null}
            </li>
          );
        })}
      </ol>
    </div>
  );
}

/** The roster choice plus the item's current presenter when they have left the roster, so an edit keeps them. */
function presentersWith(presenters: Props["presenters"], item: AgendaListItem, t: (key: string) => string) {
  if (!presenters || item.presenterMemberId == null || presenters.some((p) => p.id === item.presenterMemberId)) return presenters;
  const name = displayMemberName({ name: item.presenterName ?? "", erasedAt: item.presenterErased ? 1 : null }, t);
  return [...presenters, { id: item.presenterMemberId, name }];
}

/** The idea choice plus the item's current idea when it is no longer open (parked, rejected), so an edit keeps it. */
function ideasWith(ideas: Props["ideas"], item: AgendaListItem): Props["ideas"] {
  if (!ideas || item.ideaId == null || item.ideaTitle == null || item.ideaStage == null || ideas.some((i) => i.id === item.ideaId)) return ideas;
  return [...ideas, { id: item.ideaId, title: item.ideaTitle, stage: item.ideaStage }];
}
