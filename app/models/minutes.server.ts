import { and, asc, count, desc, eq, inArray, isNull, notInArray, sql } from "drizzle-orm";
import { getDb } from "#db/client.server";
import {
  actionItems,
  agendaItems,
  cities,
  meetingGuests,
  meetings,
  members,
  minutes,
  minutesComments,
  minutesDecisions,
  minutesItemNotes,
  minutesRevisions,
  users,
  type AgendaItemKind,
  type MinutesStatus,
} from "#db/schema";
import { alias } from "drizzle-orm/sqlite-core";
import { sendMail } from "~/utils/mail.server";
import { fixedT } from "~/utils/meeting-mail-templates.server";
import { recordAudit } from "./audit.server";
import { meetingColumns, type MeetingDetail } from "./meetings.server";
import { inScopeOrNetwork, type Scope } from "./scope.server";
import { inScopeOrNetworkParam, prepared, scopeValues } from "./prepared.server";
import { noticeRecipients } from "./meeting-notices.server";
import { COMMENTS_PAGE_SIZE, REVISIONS_PAGE_SIZE } from "~/utils/minutes-validation";
import type { MinutesSnapshot } from "./minutes-snapshot";
import type { Guest } from "./attendance.server";
import { sharedCollator } from "~/utils/intl-cache";

/**
 * Writing minutes: the current text lives in `minutes` and its child tables, every save also keeps
 * a full snapshot in minutes_revisions. A save names the revision it was made on; when someone
 * else saved in between it is refused and nothing is written (no lost updates). Every function
 * here runs a fixed number of statements whatever the number of notes, decisions or action items.
 */

type Actor = { id: number; ipAddress?: string };

/** The meeting as this module needs it: only a city's own meetings have minutes written here. */
export type MinutesMeeting = { id: number; cityId: number; startsAt: Date; timeZone: string; kind: string; number: number; title: string };

/** The whole request body of the editor: a bigger post is refused before it is parsed. */
export const MINUTES_BODY_LIMIT = 1_000_000;


export type MinutesRow = {
  id: number;
  status: MinutesStatus;
  revision: number;
  summary: string | null;
  summaryEn: string | null;
  circulatedAt: Date | null;
  approvedAt: Date | null;
  approvedByName: string | null;
  updatedAt: Date;
  updatedByName: string | null;
};

export const emptySnapshot = (): MinutesSnapshot => ({ summary: null, summaryEn: null, notes: [], decisions: [], actionItems: [] });

const approvers = alias(users, "approver");

/** The minutes row of a meeting with who approved and last saved it (one statement), or null. */
export function findMinutes(meetingId: number): MinutesRow | null {
  const row = getDb()
    .select({
      id: minutes.id,
      status: minutes.status,
      revision: minutes.revision,
      summary: minutes.summary,
      summaryEn: minutes.summaryEn,
      circulatedAt: minutes.circulatedAt,
      approvedAt: minutes.approvedAt,
      approvedByName: approvers.name,
      updatedAt: minutes.updatedAt,
      updatedByName: users.name,
    })
    .from(minutes)
    .leftJoin(users, eq(users.id, minutes.updatedByUserId))
    .leftJoin(approvers, eq(approvers.id, minutes.approvedByUserId))
    .where(eq(minutes.meetingId, meetingId))
    .get();
  return row ?? null;
}

const updaters = alias(users, "updater");
const hostCities = alias(cities, "host_city");

/**
 * A meeting the scope may see (as getMeeting) with its minutes row (as findMinutes), in one
 * statement; null when the meeting is not there for this scope.
 */
export function findMeetingWithMinutes(scope: Scope, meetingId: number): { meeting: MeetingDetail; row: MinutesRow | null } | null {
  // Every view of the minutes starts here: built and compiled once per connection and scope kind.
  const query = prepared(`findMeetingWithMinutes:${scope.kind}`, (db) =>
    db
      .select({
        ...meetingColumns,
        cityName: cities.name,
        citySlug: cities.slug,
        hostCityName: hostCities.name,
        minutesId: minutes.id,
        minutesStatus: minutes.status,
        minutesRevision: minutes.revision,
        summary: minutes.summary,
        summaryEn: minutes.summaryEn,
        circulatedAt: minutes.circulatedAt,
        approvedAt: minutes.approvedAt,
        approvedByName: approvers.name,
        minutesUpdatedAt: minutes.updatedAt,
        updatedByName: updaters.name,
      })
      .from(meetings)
      .leftJoin(cities, eq(cities.id, meetings.cityId))
      .leftJoin(hostCities, eq(hostCities.id, meetings.hostCityId))
      .leftJoin(minutes, eq(minutes.meetingId, meetings.id))
      .leftJoin(updaters, eq(updaters.id, minutes.updatedByUserId))
      .leftJoin(approvers, eq(approvers.id, minutes.approvedByUserId))
      .where(and(eq(meetings.id, sql.placeholder("meetingId")), inScopeOrNetworkParam(meetings.cityId, scope.kind)))
      .prepare(),
  );
  const found = query.get({ meetingId, ...scopeValues(scope) });
  if (!found) return null;
  const {
    minutesId, minutesStatus, minutesRevision, summary, summaryEn, circulatedAt, approvedAt, approvedByName, minutesUpdatedAt, updatedByName,
    ...meeting
  } = found;
  const row: MinutesRow | null =
    minutesId == null
      ? null
      : {
          id: minutesId,
          status: minutesStatus!,
          revision: minutesRevision!,
          summary,
          summaryEn,
          circulatedAt,
          approvedAt,
          approvedByName,
          updatedAt: minutesUpdatedAt!,
          updatedByName,
        };
  return { meeting, row };
}

/** The current text of minutes as a snapshot (two statements). */
export function currentSnapshot(row: Pick<MinutesRow, "id" | "summary" | "summaryEn">): MinutesSnapshot {
  const db = getDb();
  // Notes and decisions in one statement: a page's statement count is part of its budget (issue 7).
  const textRows = db.all<{ kind: "note" | "decision"; agendaItemId: number | null; text: string }>(sql`
    select 'note' as kind, ${minutesItemNotes.agendaItemId} as agendaItemId, ${minutesItemNotes.notes} as text, 0 as position, 0 as id
      from ${minutesItemNotes} where ${minutesItemNotes.minutesId} = ${row.id}
    union all
    select 'decision', ${minutesDecisions.agendaItemId}, ${minutesDecisions.text}, ${minutesDecisions.position}, ${minutesDecisions.id}
      from ${minutesDecisions} where ${minutesDecisions.minutesId} = ${row.id}
    order by position, id`);
  const notes = textRows.filter((r) => r.kind === "note").map((r) => ({ agendaItemId: r.agendaItemId as number, notes: r.text }));
  const decisions = textRows.filter((r) => r.kind === "decision").map((r) => ({ agendaItemId: r.agendaItemId, text: r.text }));
  const actions = db
    .select({
      id: actionItems.id,
      agendaItemId: actionItems.agendaItemId,
      description: actionItems.description,
      ownerMemberId: actionItems.ownerMemberId,
      dueOn: actionItems.dueOn,
      doneOn: actionItems.doneOn,
    })
    .from(actionItems)
    .where(eq(actionItems.minutesId, row.id))
    .orderBy(asc(actionItems.position), asc(actionItems.id))
    .all();
  return { summary: row.summary, summaryEn: row.summaryEn, notes, decisions, actionItems: actions };
}

/** What the minutes page shows besides the meeting, the minutes row, the roster and the comments. */
export type MinutesPageContent = {
  snapshot: MinutesSnapshot;
  agenda: { id: number; title: string; kind: AgendaItemKind }[];
  guests: Guest[];
  /** Empty unless asked for (ownerChoices' rows, sorted the same way). */
  owners: { id: number; name: string; organisation: string | null }[];
};

/**
 * The minutes page's lists in one statement (a page's statement count is part of its budget,
 * issue 7): the current text (as currentSnapshot), the agenda titles (as agendaTitles), the guests
 * (as listGuests) and, for writers, the owner choices (as ownerChoices), each a JSON array.
 */
export function minutesPageContent(
  meeting: { id: number; cityId: number },
  row: Pick<MinutesRow, "id" | "summary" | "summaryEn"> | null,
  opts: { owners: boolean; locale: string },
): MinutesPageContent {
  const minutesId = row?.id ?? -1;
  const lists = getDb().get<{ notes: string; decisions: string; actions: string; agenda: string; guests: string; owners: string }>(sql`
    select
      (select json_group_array(json_object('agendaItemId', agenda_item_id, 'notes', notes) order by agenda_item_id)
        from ${minutesItemNotes} where minutes_id = ${minutesId}) as notes,
      (select json_group_array(json_object('agendaItemId', agenda_item_id, 'text', text) order by position, id)
        from ${minutesDecisions} where minutes_id = ${minutesId}) as decisions,
      (select json_group_array(json_object('id', id, 'agendaItemId', agenda_item_id, 'description', description,
          'ownerMemberId', owner_member_id, 'dueOn', due_on, 'doneOn', done_on) order by position, id)
        from ${actionItems} where minutes_id = ${minutesId}) as actions,
      (select json_group_array(json_object('id', id, 'title', title, 'kind', kind) order by position, id)
        from ${agendaItems} where meeting_id = ${meeting.id}) as agenda,
      (select json_group_array(json_object('id', id, 'name', name, 'organisation', organisation, 'sector', sector) order by created_at, id)
        from ${meetingGuests} where meeting_id = ${meeting.id}) as guests,
      case when ${opts.owners ? 1 : 0} then (
        select json_group_array(json_object('id', id, 'name', name, 'organisation', organisation))
          from ${members} where city_id = ${meeting.cityId} and left_on is null and erased_at is null
      ) else '[]' end as owners`)!;
  const owners = JSON.parse(lists.owners) as MinutesPageContent["owners"];
  const collator = sharedCollator(opts.locale, { sensitivity: "base", numeric: true });
  owners.sort((a, b) => collator.compare(a.name, b.name) || a.id - b.id);
  return {
    snapshot: row
      ? { summary: row.summary, summaryEn: row.summaryEn, notes: JSON.parse(lists.notes), decisions: JSON.parse(lists.decisions), actionItems: JSON.parse(lists.actions) }
      : emptySnapshot(),
    agenda: JSON.parse(lists.agenda),
    guests: JSON.parse(lists.guests),
    owners,
  };
}

/** Who may own an action item: the city's roster without those who left or were erased (one statement). */
export function ownerChoices(cityId: number, locale: string) {
  const rows = getDb()
    .select({ id: members.id, name: members.name, organisation: members.organisation })
    .from(members)
    .where(and(eq(members.cityId, cityId), isNull(members.leftOn), isNull(members.erasedAt)))
    .all();
  const collator = sharedCollator(locale, { sensitivity: "base", numeric: true });
  return rows.sort((a, b) => collator.compare(a.name, b.name) || a.id - b.id);
}

/** Names of members referred to by snapshots (for reading a revision), in one statement. */
export function memberNames(ids: number[]): Map<number, { name: string; erasedAt: Date | null }> {
  const unique = [...new Set(ids)];
  if (!unique.length) return new Map();
  const rows = getDb().select({ id: members.id, name: members.name, erasedAt: members.erasedAt }).from(members).where(inArray(members.id, unique)).all();
  return new Map(rows.map((r) => [r.id, { name: r.name, erasedAt: r.erasedAt }]));
}

export type SaveIntent = "save" | "circulate" | "approve";

export type SaveInput = {
  /** The revision the editor was opened on; 0 when the minutes did not exist yet. */
  baseRevision: number;
  snapshot: MinutesSnapshot;
  intent: SaveIntent;
  /** Required when the minutes are approved already (a correction). */
  reason: string | null;
};

export type SaveResult =
  | { ok: true; revision: number; status: MinutesStatus; circulated: boolean }
  | { ok: false; kind: "conflict"; theirs: MinutesSnapshot; revision: number; status: MinutesStatus; updatedAt: Date; updatedByName: string | null }
  | { ok: false; kind: "refused"; formError: string }
  | { ok: false; kind: "fields"; fieldErrors: Record<string, string[]> };

/**
 * Saves the minutes (creating them on the first save) and, by intent, circulates or approves them,
 * all in one transaction with one new revision. Nothing is written when the save was made on an
 * old revision (conflict: their version comes back), when the cycle does not allow the step, or when
 * an owner, agenda item or action item does not belong to this meeting (field errors are keyed
 * like the editor's fields: `action.<index>.ownerMemberId`…).
 */
export function saveMinutes(meeting: MinutesMeeting, input: SaveInput, actor: Actor, now = new Date()): SaveResult {
  const db = getDb();
  return db.transaction((tx): SaveResult => {
    const row = findMinutes(meeting.id);
    const currentRevision = row?.revision ?? 0;
    if (input.baseRevision !== currentRevision) {
      return {
        ok: false,
        kind: "conflict",
        theirs: row ? currentSnapshot(row) : emptySnapshot(),
        revision: currentRevision,
        status: row?.status ?? "draft",
        updatedAt: row?.updatedAt ?? now,
        updatedByName: row?.updatedByName ?? null,
      };
    }
    const status = row?.status ?? "draft";
    if (input.intent === "approve" && status === "approved") return { ok: false, kind: "refused", formError: "minutes.errors.alreadyApproved" };
    if (input.intent === "approve" && status !== "circulated") return { ok: false, kind: "refused", formError: "minutes.errors.approveDraft" };
    if (input.intent === "circulate" && status !== "draft") return { ok: false, kind: "refused", formError: "minutes.errors.alreadyCirculated" };
    if (status === "approved" && !input.reason) return { ok: false, kind: "fields", fieldErrors: { reason: ["minutes.errors.reasonRequired"] } };

    // What the snapshot names must belong here: agenda items of this meeting, owners on this city's
    // roster (not erased), action items of these minutes.
    const snap = input.snapshot;
    const agendaIds = new Set(
      tx.select({ id: agendaItems.id }).from(agendaItems).where(eq(agendaItems.meetingId, meeting.id)).all().map((r) => r.id),
    );
    const ownerIds = [...new Set(snap.actionItems.map((a) => a.ownerMemberId).filter((id): id is number => id != null))];
    const cityOwners = new Map(
      ownerIds.length
        ? tx
            .select({ id: members.id, leftOn: members.leftOn })
            .from(members)
            .where(and(inArray(members.id, ownerIds), eq(members.cityId, meeting.cityId), isNull(members.erasedAt)))
            .all()
            .map((r) => [r.id, r.leftOn] as const)
        : [],
    );
    const existing = row
      ? tx
          .select({ id: actionItems.id, doneOn: actionItems.doneOn, ownerMemberId: actionItems.ownerMemberId })
          .from(actionItems)
          .where(eq(actionItems.minutesId, row.id))
          .all()
      : [];
    const existingDone = new Map(existing.map((a) => [a.id, a.doneOn]));
    const existingOwner = new Map(existing.map((a) => [a.id, a.ownerMemberId]));
    // New owners come from the active roster; an item keeps an owner who has left the group since.
    const ownerAllowed = (a: MinutesSnapshot["actionItems"][number]) =>
      a.ownerMemberId == null ||
      (cityOwners.has(a.ownerMemberId) && (cityOwners.get(a.ownerMemberId) == null || (a.id != null && existingOwner.get(a.id) === a.ownerMemberId)));
    const fieldErrors: Record<string, string[]> = {};
    snap.notes.forEach((n) => {
      if (!agendaIds.has(n.agendaItemId)) fieldErrors[`note.${n.agendaItemId}`] = ["minutes.errors.unknownAgendaItem"];
    });
    snap.decisions.forEach((d, i) => {
      if (d.agendaItemId != null && !agendaIds.has(d.agendaItemId)) fieldErrors[`decision.${i}.agendaItemId`] = ["minutes.errors.unknownAgendaItem"];
    });
    snap.actionItems.forEach((a, i) => {
      if (!ownerAllowed(a)) fieldErrors[`action.${i}.ownerMemberId`] = ["minutes.errors.ownerNotInCity"];
      if (a.agendaItemId != null && !agendaIds.has(a.agendaItemId)) fieldErrors[`action.${i}.agendaItemId`] = ["minutes.errors.unknownAgendaItem"];
      if (a.id != null && !existingDone.has(a.id)) fieldErrors[`action.${i}.description`] = ["minutes.errors.unknownActionItem"];
    });
    if (Object.keys(fieldErrors).length) return { ok: false, kind: "fields", fieldErrors };

    const nextStatus: MinutesStatus = input.intent === "circulate" ? "circulated" : input.intent === "approve" ? "approved" : status;
    const revision = currentRevision + 1;
    const cityId = meeting.cityId;
    let minutesId: number;
    const common = { status: nextStatus, revision, summary: snap.summary, summaryEn: snap.summaryEn, updatedAt: now, updatedByUserId: actor.id };
    const cycle = {
      ...(input.intent === "circulate" ? { circulatedAt: now, circulatedByUserId: actor.id } : {}),
      ...(input.intent === "approve" ? { approvedAt: now, approvedByUserId: actor.id } : {}),
    };
    if (row) {
      minutesId = row.id;
      // The revision in the WHERE keeps the lock honest even if two transactions interleave.
      const changed = tx
        .update(minutes)
        .set({ ...common, ...cycle })
        .where(and(eq(minutes.id, row.id), eq(minutes.revision, currentRevision)))
        .run().changes;
      if (changed !== 1) throw new Error("minutes revision moved inside the transaction");
    } else {
      minutesId = tx
        .insert(minutes)
        .values({ meetingId: meeting.id, cityId, ...common, ...cycle })
        .returning({ id: minutes.id })
        .get().id;
    }

    tx.delete(minutesItemNotes).where(eq(minutesItemNotes.minutesId, minutesId)).run();
    const notes = snap.notes.filter((n) => n.notes.trim() !== "");
    if (notes.length) tx.insert(minutesItemNotes).values(notes.map((n) => ({ minutesId, agendaItemId: n.agendaItemId, cityId, notes: n.notes }))).run();

    tx.delete(minutesDecisions).where(eq(minutesDecisions.minutesId, minutesId)).run();
    if (snap.decisions.length) {
      tx.insert(minutesDecisions)
        .values(snap.decisions.map((d, position) => ({ minutesId, cityId, position, agendaItemId: d.agendaItemId, text: d.text })))
        .run();
    }

    // Action items keep their ids (the owner's dashboard and done dates refer to them): rows no
    // longer posted go, the others are updated or inserted by one upsert that never touches done_on.
    const keptIds = snap.actionItems.map((a) => a.id).filter((id): id is number => id != null);
    tx.delete(actionItems)
      .where(keptIds.length ? and(eq(actionItems.minutesId, minutesId), notInArray(actionItems.id, keptIds)) : eq(actionItems.minutesId, minutesId))
      .run();
    let savedActions: MinutesSnapshot["actionItems"] = [];
    if (snap.actionItems.length) {
      const returned = tx
        .insert(actionItems)
        .values(
          snap.actionItems.map((a, position) => ({
            ...(a.id != null ? { id: a.id } : {}),
            minutesId,
            meetingId: meeting.id,
            cityId,
            position,
            agendaItemId: a.agendaItemId,
            description: a.description,
            ownerMemberId: a.ownerMemberId,
            dueOn: a.dueOn,
          })),
        )
        .onConflictDoUpdate({
          target: actionItems.id,
          set: {
            position: sql`excluded.position`,
            agendaItemId: sql`excluded.agenda_item_id`,
            description: sql`excluded.description`,
            ownerMemberId: sql`excluded.owner_member_id`,
            dueOn: sql`excluded.due_on`,
          },
        })
        .returning({ id: actionItems.id, position: actionItems.position, doneOn: actionItems.doneOn })
        .all();
      const byPosition = new Map(returned.map((r) => [r.position, r]));
      savedActions = snap.actionItems.map((a, position) => ({
        id: byPosition.get(position)!.id,
        agendaItemId: a.agendaItemId,
        description: a.description,
        ownerMemberId: a.ownerMemberId,
        dueOn: a.dueOn,
        doneOn: byPosition.get(position)!.doneOn,
      }));
    }

    const saved: MinutesSnapshot = {
      summary: snap.summary,
      summaryEn: snap.summaryEn,
      notes: notes.map((n) => ({ agendaItemId: n.agendaItemId, notes: n.notes })),
      decisions: snap.decisions.map((d) => ({ agendaItemId: d.agendaItemId, text: d.text })),
      actionItems: savedActions,
    };
    const reason = status === "approved" ? input.reason : null;
    tx.insert(minutesRevisions)
      .values({ minutesId, cityId, revision, status: nextStatus, snapshot: JSON.stringify(saved), reason, byUserId: actor.id, at: now })
      .run();
    const action = reason ? "minutes.correct" : input.intent === "save" ? "minutes.save" : `minutes.${input.intent}`;
    recordAudit({
      action,
      actorUserId: actor.id,
      cityId,
      entityType: "minutes",
      entityId: minutesId,
      detail: { meetingId: meeting.id, revision, status: nextStatus, ...(reason ? { reason } : {}) },
      ipAddress: actor.ipAddress,
    });
    return { ok: true, revision, status: nextStatus, circulated: input.intent === "circulate" };
  });
}

/** The e-mail that tells one member the minutes are out for reading and comments. */
export function minutesCirculatedMail(input: { language: "en" | "fi"; name: string; meeting: Pick<MinutesMeeting, "kind" | "number" | "title">; link: string }) {
  const t = fixedT(input.language);
  const heading = `${t(`meetingKinds.${input.meeting.kind}`)} ${input.meeting.number}: ${input.meeting.title}`;
  const subject = t("minutes.mail.subject", { heading });
  const paragraphs = [t("minutes.mail.greeting", { name: input.name }), t("minutes.mail.intro", { heading }), `${t("minutes.mail.read")}\n${input.link}`, t("minutes.mail.footer")];
  const text = paragraphs.join("\n\n") + "\n";
  const esc = (v: string) => v.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);
  const html = paragraphs
    .map((p) => `<p>${esc(p).replace(esc(input.link), `<a href="${esc(input.link)}">${esc(input.link)}</a>`).replace(/\n/g, "<br>")}</p>`)
    .join("\n");
  return { language: input.language, subject, text, html };
}

/**
 * Tells the city's active roster that minutes were circulated, each in their language. Runs after
 * the transaction that circulated them: sending waits on the mail server. Every message also stays
 * in the outbox.
 */
export async function notifyCirculated(meeting: MinutesMeeting, origin: string, actor: Actor) {
  const { recipients } = noticeRecipients(meeting.cityId);
  const link = `${origin}/meetings/${meeting.id}/minutes`;
  const result = { recipients: recipients.length, sent: 0, outbox: 0, failed: 0 };
  for (const r of recipients) {
    const mail = minutesCirculatedMail({ language: r.language, name: r.name, meeting, link });
    const sent = await sendMail({ kind: "minutes_circulated", cityId: meeting.cityId, to: r.email, toName: r.name, ...mail });
    result[sent.status === "sent" ? "sent" : sent.status === "failed" ? "failed" : "outbox"]++;
  }
  recordAudit({ action: "minutes.notify", actorUserId: actor.id, cityId: meeting.cityId, entityType: "meeting", entityId: meeting.id, detail: result, ipAddress: actor.ipAddress });
  return result;
}

// Comments --------------------------------------------------------------------------------------

export function listComments(minutesId: number, page: number) {
  const db = getDb();
  // The total rides along each row (a window count), so a page of comments is one statement.
  const pageRows = db
    .select({
      total: sql<number>`count(*) over ()`,
      id: minutesComments.id,
      body: minutesComments.body,
      authorUserId: minutesComments.authorUserId,
      authorName: users.name,
      createdAt: minutesComments.createdAt,
      updatedAt: minutesComments.updatedAt,
    })
    .from(minutesComments)
    .leftJoin(users, eq(users.id, minutesComments.authorUserId))
    .where(eq(minutesComments.minutesId, minutesId))
    .orderBy(asc(minutesComments.createdAt), asc(minutesComments.id))
    .limit(COMMENTS_PAGE_SIZE)
    .offset((page - 1) * COMMENTS_PAGE_SIZE)
    .all();
  const total = pageRows[0]?.total ?? (page > 1 ? db.select({ n: count() }).from(minutesComments).where(eq(minutesComments.minutesId, minutesId)).get()!.n : 0);
  const rows = pageRows.map(({ total: _total, ...r }) => r);
  return { total, rows };
}

export function addComment(m: { id: number; cityId: number; meetingId: number }, body: string, actor: Actor): number {
  return getDb().transaction((tx) => {
    const now = new Date();
    const id = tx
      .insert(minutesComments)
      .values({ minutesId: m.id, cityId: m.cityId, authorUserId: actor.id, body, createdAt: now, updatedAt: now })
      .returning({ id: minutesComments.id })
      .get().id;
    recordAudit({ action: "minutes.comment", actorUserId: actor.id, cityId: m.cityId, entityType: "minutes_comment", entityId: id, detail: { meetingId: m.meetingId }, ipAddress: actor.ipAddress });
    return id;
  });
}

export function findComment(minutesId: number, commentId: number) {
  return (
    getDb()
      .select({ id: minutesComments.id, authorUserId: minutesComments.authorUserId })
      .from(minutesComments)
      .where(and(eq(minutesComments.id, commentId), eq(minutesComments.minutesId, minutesId)))
      .get() ?? null
  );
}

export function editComment(m: { id: number; cityId: number; meetingId: number }, commentId: number, body: string, actor: Actor) {
  getDb().transaction((tx) => {
    tx.update(minutesComments)
      .set({ body, updatedAt: new Date() })
      .where(and(eq(minutesComments.id, commentId), eq(minutesComments.minutesId, m.id), eq(minutesComments.authorUserId, actor.id)))
      .run();
    recordAudit({ action: "minutes.comment.edit", actorUserId: actor.id, cityId: m.cityId, entityType: "minutes_comment", entityId: commentId, detail: { meetingId: m.meetingId }, ipAddress: actor.ipAddress });
  });
}

// Revisions -------------------------------------------------------------------------------------

export function listRevisions(minutesId: number, page: number) {
  const db = getDb();
  const total = db.select({ n: count() }).from(minutesRevisions).where(eq(minutesRevisions.minutesId, minutesId)).get()!.n;
  const rows = db
    .select({
      revision: minutesRevisions.revision,
      status: minutesRevisions.status,
      reason: minutesRevisions.reason,
      at: minutesRevisions.at,
      byName: users.name,
    })
    .from(minutesRevisions)
    .leftJoin(users, eq(users.id, minutesRevisions.byUserId))
    .where(eq(minutesRevisions.minutesId, minutesId))
    .orderBy(desc(minutesRevisions.revision))
    .limit(REVISIONS_PAGE_SIZE)
    .offset((page - 1) * REVISIONS_PAGE_SIZE)
    .all();
  return { total, rows };
}

/** Every revision number kept for these minutes, oldest first (one statement; numbers only, for choosing two). */
export function revisionNumbers(minutesId: number): number[] {
  return getDb()
    .select({ revision: minutesRevisions.revision })
    .from(minutesRevisions)
    .where(eq(minutesRevisions.minutesId, minutesId))
    .orderBy(asc(minutesRevisions.revision))
    .all()
    .map((r) => r.revision);
}

/** Two revisions' snapshots (one statement); a missing revision comes back undefined. */
export function revisionSnapshots(minutesId: number, revisions: number[]): Map<number, MinutesSnapshot> {
  if (!revisions.length) return new Map();
  const rows = getDb()
    .select({ revision: minutesRevisions.revision, snapshot: minutesRevisions.snapshot })
    .from(minutesRevisions)
    .where(and(eq(minutesRevisions.minutesId, minutesId), inArray(minutesRevisions.revision, revisions)))
    .all();
  return new Map(rows.map((r) => [r.revision, JSON.parse(r.snapshot) as MinutesSnapshot]));
}

/** The meeting's agenda titles, in order, for labelling notes in the editor and in a diff (one statement). */
export function agendaTitles(meetingId: number) {
  return getDb()
    .select({ id: agendaItems.id, title: agendaItems.title, kind: agendaItems.kind, description: agendaItems.description })
    .from(agendaItems)
    .where(eq(agendaItems.meetingId, meetingId))
    .orderBy(asc(agendaItems.position), asc(agendaItems.id))
    .all();
}
