import { and, asc, eq, inArray, isNotNull, isNull, lte, or, gte, sql } from "drizzle-orm";
import { getDb } from "#db/client.server";
import { attendance, meetingGuests, members, rsvps, SECTORS, type AttendanceStatus, type RsvpResponse, type Sector } from "#db/schema";
import { isErasedMember } from "~/utils/member-display";
import { utcToZonedParts } from "~/utils/zoned-time";
import { recordAudit } from "./audit.server";
import { sharedCollator } from "~/utils/intl-cache";

type Actor = { id: number; ipAddress?: string };

/** The parts of a meeting this module needs; attendance exists only for a city's own meetings. */
export type CityMeeting = { id: number; cityId: number; startsAt: Date; timeZone: string };

export type RosterEntry = {
  memberId: number;
  name: string;
  erasedAt: Date | null;
  organisation: string | null;
  sector: Sector;
  leftOn: string | null;
  status: AttendanceStatus | null;
  rsvp: RsvpResponse | null;
};

export type Guest = { id: number; name: string; organisation: string | null; sector: Sector | null };

/** The meeting's day in its own time zone, to compare with the roster's joined/left dates. */
function meetingDay(meeting: CityMeeting): string {
  return utcToZonedParts(meeting.startsAt, meeting.timeZone).date;
}

/**
 * Who belongs on the attendance form: members on the roster on the meeting's day (joined by then,
 * not left before it, not erased), plus anyone who already has an attendance row whatever
 * happened since. One condition shared by the form and by the check of what is posted.
 */
function onFormCondition(meeting: CityMeeting) {
  const day = meetingDay(meeting);
  return and(
    eq(members.cityId, meeting.cityId),
    or(
      isNotNull(attendance.memberId),
      and(
        isNull(members.erasedAt),
        or(isNull(members.leftOn), gte(members.leftOn, day)),
        or(isNull(members.joinedOn), lte(members.joinedOn, day)),
      ),
    ),
  );
}

/**
 * The meeting's roster with each person's attendance and RSVP, in one query whatever its size,
 * sorted by name with the city language's rules (erased entries last).
 */
export function attendanceRoster(meeting: CityMeeting, locale: string): RosterEntry[] {
  const rows = getDb()
    .select({
      memberId: members.id,
      name: members.name,
      erasedAt: members.erasedAt,
      organisation: members.organisation,
      sector: members.sector,
      leftOn: members.leftOn,
      status: attendance.status,
      rsvp: rsvps.response,
    })
    .from(members)
    .leftJoin(attendance, and(eq(attendance.meetingId, meeting.id), eq(attendance.memberId, members.id)))
    .leftJoin(rsvps, and(eq(rsvps.meetingId, meeting.id), eq(rsvps.memberId, members.id)))
    .where(onFormCondition(meeting))
    .all();
  const collator = sharedCollator(locale, { sensitivity: "base", numeric: true });
  return rows.sort((a, b) => Number(isErasedMember(a)) - Number(isErasedMember(b)) || collator.compare(a.name, b.name) || a.memberId - b.memberId);
}

export function listGuests(meetingId: number): Guest[] {
  return getDb()
    .select({ id: meetingGuests.id, name: meetingGuests.name, organisation: meetingGuests.organisation, sector: meetingGuests.sector })
    .from(meetingGuests)
    .where(eq(meetingGuests.meetingId, meetingId))
    .orderBy(asc(meetingGuests.createdAt), asc(meetingGuests.id))
    .all();
}

export type SectorMix = { bySector: Record<Sector, number>; unknown: number; total: number; members: number; guests: number };

/** Who came (present or remote, and every guest) counted by sector; guests may have no sector. */
export function sectorMix(roster: Pick<RosterEntry, "status" | "sector">[], guests: Pick<Guest, "sector">[]): SectorMix {
  const bySector = Object.fromEntries(SECTORS.map((s) => [s, 0])) as Record<Sector, number>;
  let unknown = 0;
  const came = roster.filter((r) => r.status === "present" || r.status === "remote");
  for (const r of came) bySector[r.sector] += 1;
  for (const g of guests) {
    if (g.sector) bySector[g.sector] += 1;
    else unknown += 1;
  }
  return { bySector, unknown, total: came.length + guests.length, members: came.length, guests: guests.length };
}

export type AttendanceEntry = { memberId: number; status: AttendanceStatus | null };

/**
 * Saves the posted statuses in one transaction: a status is inserted or updated, null (the "not
 * recorded" choice) removes the row; members not posted at all are left as they are. Every member
 * posted must belong on this meeting's form, else nothing is written and their ids come back.
 * A fixed number of statements whatever the number of people.
 */
export function saveAttendance(meeting: CityMeeting, entries: AttendanceEntry[], actor: Actor): { ok: true } | { ok: false; unknownMemberIds: number[] } {
  const db = getDb();
  return db.transaction((tx) => {
    const ids = [...new Set(entries.map((e) => e.memberId))];
    const allowed = ids.length
      ? tx
          .select({ memberId: members.id, status: attendance.status })
          .from(members)
          .leftJoin(attendance, and(eq(attendance.meetingId, meeting.id), eq(attendance.memberId, members.id)))
          .where(and(inArray(members.id, ids), onFormCondition(meeting)))
          .all()
      : [];
    const before = new Map(allowed.map((a) => [a.memberId, a.status]));
    const unknownMemberIds = ids.filter((id) => !before.has(id));
    if (unknownMemberIds.length) return { ok: false as const, unknownMemberIds };

    const now = new Date();
    const set = entries.filter((e): e is { memberId: number; status: AttendanceStatus } => e.status != null);
    const cleared = entries.filter((e) => e.status == null && before.get(e.memberId) != null).map((e) => e.memberId);
    if (set.length) {
      tx.insert(attendance)
        .values(set.map((e) => ({ meetingId: meeting.id, memberId: e.memberId, cityId: meeting.cityId, status: e.status, recordedAt: now })))
        .onConflictDoUpdate({
          target: [attendance.meetingId, attendance.memberId],
          // The time stays when the status did not change, so it tells when a status was last decided.
          set: {
            status: sql`excluded.status`,
            recordedAt: sql`case when ${attendance.status} = excluded.status then ${attendance.recordedAt} else excluded.recorded_at end`,
          },
        })
        .run();
    }
    if (cleared.length) {
      tx.delete(attendance).where(and(eq(attendance.meetingId, meeting.id), inArray(attendance.memberId, cleared))).run();
    }
    const changed = set.filter((e) => before.get(e.memberId) !== e.status).length + cleared.length;
    const counts: Record<string, number> = {};
    for (const e of set) counts[e.status] = (counts[e.status] ?? 0) + 1;
    recordAudit({
      action: "attendance.save",
      actorUserId: actor.id,
      cityId: meeting.cityId,
      entityType: "meeting",
      entityId: meeting.id,
      detail: { ...counts, cleared: cleared.length, changed },
      ipAddress: actor.ipAddress,
    });
    return { ok: true as const };
  });
}

export type GuestValues = { name: string; organisation: string | null; sector: Sector | null };

export function addGuest(meeting: CityMeeting, values: GuestValues, actor: Actor): number {
  return getDb().transaction((tx) => {
    const row = tx
      .insert(meetingGuests)
      .values({ meetingId: meeting.id, cityId: meeting.cityId, ...values })
      .returning({ id: meetingGuests.id })
      .get();
    recordAudit({ action: "attendance.guest.add", actorUserId: actor.id, cityId: meeting.cityId, entityType: "meeting", entityId: meeting.id, detail: { guestId: row.id }, ipAddress: actor.ipAddress });
    return row.id;
  });
}

/** Removes a guest of this meeting; false when there is no such guest here (another meeting's id included). */
export function removeGuest(meeting: CityMeeting, guestId: number, actor: Actor): boolean {
  return getDb().transaction((tx) => {
    const gone = tx
      .delete(meetingGuests)
      .where(and(eq(meetingGuests.id, guestId), eq(meetingGuests.meetingId, meeting.id), eq(meetingGuests.cityId, meeting.cityId)))
      .returning({ id: meetingGuests.id })
      .all();
    if (!gone.length) return false;
    recordAudit({ action: "attendance.guest.remove", actorUserId: actor.id, cityId: meeting.cityId, entityType: "meeting", entityId: meeting.id, detail: { guestId }, ipAddress: actor.ipAddress });
    return true;
  });
}
