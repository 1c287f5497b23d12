import { and, asc, desc, eq, gte, isNotNull, isNull, lt, ne, or, sql, type SQL } from "drizzle-orm";
import { getDb } from "#db/client.server";
import { actionItems, cities, meetings, members, minutes } from "#db/schema";
import { hasPermission } from "~/auth/permissions";
import type { SessionUser } from "~/auth/session.server";
import { dateFormat } from "~/utils/intl-cache";
import { utcToZonedParts } from "~/utils/zoned-time";
import { recordAudit } from "./audit.server";
import { jsonRows } from "./json-rows.server";
import { prepared } from "./prepared.server";
import { inScope, type Scope } from "./scope.server";

type Actor = { id: number; ipAddress?: string };
type Reader = Pick<SessionUser, "id" | "role" | "cityId">;

export const MY_OPEN_ACTIONS_PAGE_SIZE = 10;
export const MY_RECENTLY_DONE = 5;
// The meeting page's open items come ten at a time, as "My actions" do: each row is a dozen elements,
// a link and a form, and 25 of them were the larger part of the page's server time (npm run bench).
export const OPEN_AT_MEETING_PAGE_SIZE = 10;

/** Coordinators of the city read draft minutes, and so the action items written in them; members do not. */
export function readsDraftActionItems(user: Reader, cityId: number | null): boolean {
  return cityId != null && user.cityId === cityId && hasPermission(user, "write:minutes:city");
}

/** Items of draft minutes stay hidden from those who cannot read the draft. */
function visibleMinutes(includeDrafts: boolean): SQL | undefined {
  return includeDrafts ? undefined : ne(minutes.status, "draft");
}

/** Today's date (YYYY-MM-DD) in a time zone: an item done at 00:30 in Iisalmi is done on Iisalmi's day. */
export function todayIn(timeZone: string, now = new Date()): string {
  // en-CA writes dates as YYYY-MM-DD; a shared formatter costs far less than a TZDate on every dashboard.
  return dateFormat("en-CA", { timeZone, year: "numeric", month: "2-digit", day: "2-digit" }).format(now);
}

/** One action item the user may see (same city, minutes readable), with the owner's login, or null (404). */
export function getActionItem(scope: Scope, user: Reader, id: number) {
  const row =
    getDb()
      .select({
        id: actionItems.id,
        cityId: actionItems.cityId,
        meetingId: actionItems.meetingId,
        description: actionItems.description,
        ownerMemberId: actionItems.ownerMemberId,
        ownerUserId: members.userId,
        doneOn: actionItems.doneOn,
        minutesStatus: minutes.status,
        timeZone: cities.timeZone,
      })
      .from(actionItems)
      .innerJoin(minutes, eq(minutes.id, actionItems.minutesId))
      .innerJoin(cities, eq(cities.id, actionItems.cityId))
      .leftJoin(members, eq(members.id, actionItems.ownerMemberId))
      .where(and(eq(actionItems.id, id), inScope(actionItems.cityId, scope)))
      .get() ?? null;
  if (!row) return null;
  if (row.minutesStatus === "draft" && !readsDraftActionItems(user, row.cityId)) return null;
  return row;
}

export type ActionItemRecord = NonNullable<ReturnType<typeof getActionItem>>;

/** The owner (the member linked to the user) or a coordinator of the item's city. */
export function canUpdateActionItem(user: Reader, item: { cityId: number | null; ownerUserId: number | null }): boolean {
  if (item.cityId == null || user.cityId !== item.cityId) return false;
  if (hasPermission(user, "update:action-item:city")) return true;
  return hasPermission(user, "update:action-item:own") && item.ownerUserId === user.id;
}

/**
 * Marks an item done today (in the city's time zone) or opens it again. Marking a done item done again
 * keeps its first date; returns whether anything changed.
 */
export function setActionItemDone(item: ActionItemRecord, done: boolean, actor: Actor, now = new Date()): boolean {
  const db = getDb();
  return db.transaction((tx) => {
    const doneOn = done ? todayIn(item.timeZone, now) : null;
    const changed = tx
      .update(actionItems)
      .set({ doneOn, doneByUserId: done ? actor.id : null })
      .where(and(eq(actionItems.id, item.id), done ? isNull(actionItems.doneOn) : isNotNull(actionItems.doneOn)))
      .run().changes;
    if (changed > 0) {
      recordAudit({
        action: done ? "action-item.done" : "action-item.reopen",
        actorUserId: actor.id,
        cityId: item.cityId,
        entityType: "action_item",
        entityId: item.id,
        detail: done ? { doneOn, meetingId: item.meetingId } : { meetingId: item.meetingId },
        ipAddress: actor.ipAddress,
      });
    }
    return changed > 0;
  });
}

const listColumns = {
  id: actionItems.id,
  description: actionItems.description,
  dueOn: actionItems.dueOn,
  doneOn: actionItems.doneOn,
  ownerMemberId: actionItems.ownerMemberId,
  ownerName: members.name,
  ownerErasedAt: members.erasedAt,
  ownerUserId: members.userId,
  meetingId: meetings.id,
  meetingKind: meetings.kind,
  meetingNumber: meetings.number,
  meetingTitle: meetings.title,
  meetingStartsAt: meetings.startsAt,
  timeZone: meetings.timeZone,
};

const myItem = jsonRows(listColumns);

/**
 * "My actions" of the dashboard in one prepared statement whatever their number: from the roster
 * entry linked to the user, a page of its open items (oldest due first, undated ones last), their
 * total, and the few done most recently. No roster entry, no items.
 */
export function myActionItems(user: Reader, timeZone: string, page = 1) {
  if (user.cityId == null) return null;
  const includeDrafts = readsDraftActionItems(user, user.cityId);
  const query = prepared(`myActionItems:${includeDrafts}`, (db) => {
    // The subqueries refer to the outer query's member: the user's own roster entry.
    const owned = and(eq(actionItems.ownerMemberId, members.id), eq(actionItems.cityId, sql.placeholder("cityId")), visibleMinutes(includeDrafts));
    const items = () =>
      db
        .select({ row: myItem.row })
        .from(actionItems)
        .innerJoin(minutes, eq(minutes.id, actionItems.minutesId))
        .innerJoin(meetings, eq(meetings.id, actionItems.meetingId));
    const open = and(owned, isNull(actionItems.doneOn));
    return db
      .select({
        open: myItem.list(
          items()
            .where(open)
            .orderBy(sql`${actionItems.dueOn} is null`, asc(actionItems.dueOn), asc(actionItems.id))
            .limit(MY_OPEN_ACTIONS_PAGE_SIZE)
            .offset(sql.placeholder("offset")),
        ),
        // SQLite flattens this count into the joins: it builds no JSON for it.
        total: sql<number>`(select count(*) from ${items().where(open)})`,
        done: myItem.list(
          items()
            .where(and(owned, isNotNull(actionItems.doneOn)))
            .orderBy(desc(actionItems.doneOn), desc(actionItems.id))
            .limit(MY_RECENTLY_DONE),
        ),
      })
      .from(members)
      .where(eq(members.userId, sql.placeholder("userId")))
      .prepare();
  });
  const row = query.get({ userId: user.id, cityId: user.cityId, offset: (page - 1) * MY_OPEN_ACTIONS_PAGE_SIZE });
  return {
    today: todayIn(timeZone),
    total: row?.total ?? 0,
    page,
    pageSize: MY_OPEN_ACTIONS_PAGE_SIZE,
    open: myItem.parse(row?.open ?? null),
    done: myItem.parse(row?.done ?? null),
  };
}

/**
 * Action items of the city's earlier meetings that were still open at this meeting: open now, or done on
 * or after its day. One statement with the total, whatever the number of meetings and items.
 */
export function openActionItemsAt(
  user: Reader,
  meeting: { id: number; cityId: number | null; startsAt: Date; timeZone: string },
  page = 1,
) {
  if (meeting.cityId == null) return null;
  const day = utcToZonedParts(meeting.startsAt, meeting.timeZone).date;
  const drafts = readsDraftActionItems(user, meeting.cityId);
  // On every meeting page: built and compiled once per connection (and per draft visibility).
  const query = prepared(`openActionItemsAt:${drafts}`, (db) =>
    db
      .select({ ...listColumns, total: sql<number>`count(*) over ()` })
      .from(actionItems)
      .innerJoin(minutes, eq(minutes.id, actionItems.minutesId))
      .innerJoin(meetings, eq(meetings.id, actionItems.meetingId))
      .leftJoin(members, eq(members.id, actionItems.ownerMemberId))
      .where(
        and(
          eq(actionItems.cityId, sql.placeholder("cityId")),
          // Milliseconds: placeholder values reach SQLite as given.
          lt(meetings.startsAt, sql.placeholder("startsAt")),
          or(isNull(actionItems.doneOn), gte(actionItems.doneOn, sql.placeholder("day"))),
          visibleMinutes(drafts),
        ),
      )
      .orderBy(sql`${actionItems.doneOn} is not null`, sql`${actionItems.dueOn} is null`, asc(actionItems.dueOn), asc(meetings.startsAt), asc(actionItems.position))
      .limit(sql.placeholder("limit"))
      .offset(sql.placeholder("offset"))
      .prepare(),
  );
  const rows = query.all({
    cityId: meeting.cityId,
    startsAt: meeting.startsAt.getTime(),
    day,
    limit: OPEN_AT_MEETING_PAGE_SIZE,
    offset: (page - 1) * OPEN_AT_MEETING_PAGE_SIZE,
  });
  return {
    today: todayIn(meeting.timeZone),
    total: rows[0]?.total ?? 0,
    page,
    pageSize: OPEN_AT_MEETING_PAGE_SIZE,
    items: rows.map(({ total: _total, ...row }) => ({ ...row, canUpdate: row.doneOn == null && canUpdateActionItem(user, { cityId: meeting.cityId, ownerUserId: row.ownerUserId }) })),
  };
}
