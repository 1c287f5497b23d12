import { and, asc, desc, eq, isNull, max, notInArray, sql } from "drizzle-orm";
import { getDb, type DB } from "#db/client.server";
import { preparedQuery } from "./prepared.server";
import { agendaItems, cities, ideas, members, type AgendaItemKind, type IdeaStage } from "#db/schema";
import { recordAudit } from "./audit.server";
import { sharedCollator } from "~/utils/intl-cache";

/**
 * A meeting's agenda in order, with presenter names and the linked idea's title, in one query.
 * idea_id has no foreign key: the join also requires the idea to be of the item's city, so a stale
 * or foreign id shows nothing.
 */
// Read on every meeting page and agenda: built and compiled once per connection.
const agendaQuery = preparedQuery((db) =>
  db
    .select({
      id: agendaItems.id,
      position: agendaItems.position,
      title: agendaItems.title,
      description: agendaItems.description,
      durationMinutes: agendaItems.durationMinutes,
      kind: agendaItems.kind,
      presenterMemberId: agendaItems.presenterMemberId,
      presenterText: agendaItems.presenterText,
      presenterName: members.name,
      presenterErasedAt: members.erasedAt,
      ideaId: ideas.id,
      ideaTitle: ideas.title,
      ideaStage: ideas.stage,
    })
    .from(agendaItems)
    .leftJoin(members, eq(members.id, agendaItems.presenterMemberId))
    .leftJoin(ideas, and(eq(ideas.id, agendaItems.ideaId), eq(ideas.cityId, agendaItems.cityId)))
    .where(eq(agendaItems.meetingId, sql.placeholder("meetingId")))
    .orderBy(asc(agendaItems.position), asc(agendaItems.id))
    .prepare(),
);

export function listAgendaItems(meetingId: number) {
  return agendaQuery().all({ meetingId });
}

export type AgendaRow = ReturnType<typeof listAgendaItems>[number];

// Shared with the browser bundle (pages show running times); re-exported for server code.
export { runningTimes } from "~/utils/agenda-times";

// ---- Agenda builder: roster choice and writes ----

type Actor = { id: number; ipAddress?: string };
type AgendaMeeting = { id: number; cityId: number | null };
type Tx = Parameters<Parameters<DB["transaction"]>[0]>[0];

export type AgendaItemValues = {
  title: string;
  description: string | null;
  durationMinutes: number;
  kind: AgendaItemKind;
  presenterMemberId: number | null;
  presenterText: string | null;
  ideaId: number | null;
};

/** Most ideas a city's agenda form offers (a ULG has dozens; a generated city may have thousands). */
export const IDEA_OPTIONS_LIMIT = 300;

/**
 * The city's open ideas (not parked or rejected) for the "idea discussed" choice, in one query: the
 * newest IDEA_OPTIONS_LIMIT (through the city/created index), sorted by title with the city's language rules.
 */
export function listIdeaOptions(cityId: number): { id: number; title: string; stage: IdeaStage }[] {
  const rows = getDb()
    .select({ id: ideas.id, title: ideas.title, stage: ideas.stage, language: cities.language })
    .from(ideas)
    .innerJoin(cities, eq(cities.id, ideas.cityId))
    .where(and(eq(ideas.cityId, cityId), notInArray(ideas.stage, ["parked", "rejected"])))
    .orderBy(desc(ideas.createdAt), desc(ideas.id))
    .limit(IDEA_OPTIONS_LIMIT)
    .all();
  const collator = sharedCollator(rows[0]?.language ?? "en", { sensitivity: "base", numeric: true });
  rows.sort((a, b) => collator.compare(a.title, b.title) || a.id - b.id);
  return rows.map(({ id, title, stage }) => ({ id, title, stage }));
}

/** Whether an idea belongs to the city (an agenda item may only link its own city's ideas). */
export function isIdeaOfCity(ideaId: number, cityId: number): boolean {
  return Boolean(
    getDb()
      .select({ id: ideas.id })
      .from(ideas)
      .where(and(eq(ideas.id, ideaId), eq(ideas.cityId, cityId)))
      .get(),
  );
}

/**
 * The active roster of a city for the presenter choice, in one query; names sorted with the city's
 * language rules (SQLite cannot collate Finnish Å, Ä, Ö after Z).
 */
export function listPresenterOptions(cityId: number): { id: number; name: string }[] {
  const rows = getDb()
    .select({ id: members.id, name: members.name, language: cities.language })
    .from(members)
    .innerJoin(cities, eq(cities.id, members.cityId))
    .where(and(eq(members.cityId, cityId), isNull(members.leftOn), isNull(members.erasedAt)))
    .all();
  const collator = sharedCollator(rows[0]?.language ?? "en", { sensitivity: "base", numeric: true });
  rows.sort((a, b) => collator.compare(a.name, b.name) || a.id - b.id);
  return rows.map(({ id, name }) => ({ id, name }));
}

/** Whether a roster entry belongs to the city (a presenter must be one of the meeting's own city). */
export function isMemberOfCity(memberId: number, cityId: number): boolean {
  return Boolean(
    getDb()
      .select({ id: members.id })
      .from(members)
      .where(and(eq(members.id, memberId), eq(members.cityId, cityId)))
      .get(),
  );
}

function orderedItemIds(tx: Tx, meetingId: number): number[] {
  return tx
    .select({ id: agendaItems.id })
    .from(agendaItems)
    .where(eq(agendaItems.meetingId, meetingId))
    .orderBy(asc(agendaItems.position), asc(agendaItems.id))
    .all()
    .map((r) => r.id);
}

/** Sets positions 0..n-1 in the given order with one statement (json_each's key is the array index). */
function renumber(tx: Tx, meetingId: number, ids: number[]) {
  tx.run(sql`update agenda_items
    set position = (select o.key from json_each(${JSON.stringify(ids)}) as o where o.value = agenda_items.id)
    where agenda_items.meeting_id = ${meetingId}`);
}

function audit(action: string, meeting: AgendaMeeting, actor: Actor, detail: Record<string, unknown>) {
  recordAudit({ action, actorUserId: actor.id, cityId: meeting.cityId, entityType: "meeting", entityId: meeting.id, detail, ipAddress: actor.ipAddress });
}

/** Appends an item at the end of the agenda; returns its id. */
export function addAgendaItem(meeting: AgendaMeeting, values: AgendaItemValues, actor: Actor): number {
  return getDb().transaction((tx) => {
    const last = tx.select({ p: max(agendaItems.position) }).from(agendaItems).where(eq(agendaItems.meetingId, meeting.id)).get();
    const row = tx
      .insert(agendaItems)
      .values({ ...values, meetingId: meeting.id, cityId: meeting.cityId, position: (last?.p ?? -1) + 1 })
      .returning({ id: agendaItems.id })
      .get();
    audit("agenda.add", meeting, actor, { itemId: row.id, ideaId: values.ideaId });
    return row.id;
  });
}

/** Saves an item's fields and linked idea (its position stays); false when it is not on this meeting's agenda. */
export function updateAgendaItem(meeting: AgendaMeeting, itemId: number, values: AgendaItemValues, actor: Actor): boolean {
  return getDb().transaction((tx) => {
    const res = tx
      .update(agendaItems)
      .set(values)
      .where(and(eq(agendaItems.id, itemId), eq(agendaItems.meetingId, meeting.id)))
      .run();
    if (res.changes === 0) return false;
    audit("agenda.update", meeting, actor, { itemId, ideaId: values.ideaId });
    return true;
  });
}

/** Removes an item and closes the gap so positions stay 0..n-1; false when it is not on this agenda. */
export function deleteAgendaItem(meeting: AgendaMeeting, itemId: number, actor: Actor): boolean {
  return getDb().transaction((tx) => {
    const res = tx.delete(agendaItems).where(and(eq(agendaItems.id, itemId), eq(agendaItems.meetingId, meeting.id))).run();
    if (res.changes === 0) return false;
    renumber(tx, meeting.id, orderedItemIds(tx, meeting.id));
    audit("agenda.delete", meeting, actor, { itemId });
    return true;
  });
}

/** Swaps an item with its neighbour; moving the first item up (or the last down) changes nothing. */
export function moveAgendaItem(meeting: AgendaMeeting, itemId: number, direction: "up" | "down", actor: Actor): boolean {
  return getDb().transaction((tx) => {
    const ids = orderedItemIds(tx, meeting.id);
    const from = ids.indexOf(itemId);
    if (from === -1) return false;
    const to = direction === "up" ? from - 1 : from + 1;
    if (to < 0 || to >= ids.length) return true;
    [ids[from], ids[to]] = [ids[to], ids[from]];
    renumber(tx, meeting.id, ids);
    audit("agenda.reorder", meeting, actor, { itemId, direction });
    return true;
  });
}

/** Puts the agenda in the given order; false (and no change) unless the ids are exactly this meeting's items. */
export function reorderAgendaItems(meeting: AgendaMeeting, orderedIds: number[], actor: Actor): boolean {
  return getDb().transaction((tx) => {
    const current = orderedItemIds(tx, meeting.id);
    const wanted = new Set(orderedIds);
    if (wanted.size !== orderedIds.length || orderedIds.length !== current.length || !current.every((id) => wanted.has(id))) return false;
    if (current.every((id, i) => id === orderedIds[i])) return true;
    renumber(tx, meeting.id, orderedIds);
    audit("agenda.reorder", meeting, actor, { order: orderedIds });
    return true;
  });
}
