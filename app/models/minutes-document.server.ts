import { and, asc, eq, gte, inArray, isNotNull, isNull, lt, or, sql } from "drizzle-orm";
import { alias } from "drizzle-orm/sqlite-core";
import { getDb } from "#db/client.server";
import {
  actionItems,
  agendaItems,
  attendance,
  cities,
  ideas,
  IDEA_STAGES,
  meetingGuests,
  meetings,
  members,
  minutes,
  minutesDecisions,
  minutesItemNotes,
  users,
  type AgendaItemKind,
  type AttendanceStatus,
  type IdeaStage,
  type MeetingKind,
  type MinutesStatus,
  type Role,
  type Sector,
} from "#db/schema";
import { hasPermission } from "~/auth/permissions";
import { isSupportedLanguage, type Lang } from "~/i18n/config";
import { isErasedMember } from "~/utils/member-display";
import { zonedToUtc } from "~/utils/zoned-time";
import { sharedCollator } from "~/utils/intl-cache";
import { sectorMix, type SectorMix } from "./attendance.server";
import { inScopeOrNetwork, type Scope } from "./scope.server";

/**
 * Everything an export of one meeting's minutes needs (PDF, DOCX, Markdown, the reporting pack),
 * loaded for one meeting or many in the same fixed number of SQL statements: one for the meetings
 * and their minutes, then one each for agenda items with their notes, decisions, action items,
 * attendance and guests, whatever the number of meetings or rows.
 */

type Person = { name: string; erasedAt: Date | null };

export type MinutesDocument = {
  /** The language the document is written in: the city's when the interface has it, else English. */
  language: Lang;
  /** For sorting names and formatting dates: the city's own language tag (fi, el, lv…). */
  cityLanguage: string;
  meeting: {
    id: number;
    cityId: number | null;
    kind: MeetingKind;
    number: number;
    title: string;
    purpose: string | null;
    startsAt: Date;
    endsAt: Date;
    timeZone: string;
    place: string | null;
    onlineUrl: string | null;
    cityName: string | null;
    hostCityName: string | null;
  };
  minutes: {
    id: number;
    status: MinutesStatus;
    revision: number;
    summary: string | null;
    summaryEn: string | null;
    circulatedAt: Date | null;
    approvedAt: Date | null;
    approvedByName: string | null;
    updatedAt: Date;
  };
  agenda: {
    id: number;
    title: string;
    description: string | null;
    kind: AgendaItemKind;
    durationMinutes: number;
    /** A roster member (name may be erased) or free text, or nobody. */
    presenter: Person | string | null;
    notes: string | null;
  }[];
  decisions: { text: string; agendaItemId: number | null }[];
  actionItems: { description: string; owner: Person | null; dueOn: string | null; doneOn: string | null; agendaItemId: number | null }[];
  /** Everyone with an attendance record (present, remote, excused, absent), sorted by name. */
  attendees: { memberId: number; name: string; erasedAt: Date | null; organisation: string | null; sector: Sector; status: AttendanceStatus }[];
  guests: { id: number; name: string; organisation: string | null; sector: Sector | null }[];
  /** Who came (present or remote, and every guest) by sector. */
  mix: SectorMix;
};

export type MinutesReader = { role: Role; cityId: number | null };

/**
 * Drafts are for the people who write minutes: coordinators of the meeting's city (for the
 * network's meetings, those who may write network meetings) and admins, who read every city.
 * Members read circulated and approved minutes only.
 */
export function canReadMinutesDraft(user: MinutesReader, meeting: { cityId: number | null }): boolean {
  if (hasPermission(user, "read:minutes:any")) return true;
  if (meeting.cityId == null) return hasPermission(user, "write:network-meeting:any");
  return hasPermission(user, "write:minutes:city") && user.cityId === meeting.cityId;
}

/** The language an export is written in: the city's if the interface speaks it, else English. */
export function exportLanguage(cityLanguage: string | null | undefined): Lang {
  return isSupportedLanguage(cityLanguage) ? cityLanguage : "en";
}

const hostCities = alias(cities, "host_city");
const approvers = alias(users, "approver");

const headerColumns = {
  meetingId: meetings.id,
  cityId: meetings.cityId,
  kind: meetings.kind,
  number: meetings.number,
  title: meetings.title,
  purpose: meetings.purpose,
  startsAt: meetings.startsAt,
  endsAt: meetings.endsAt,
  timeZone: meetings.timeZone,
  place: meetings.place,
  onlineUrl: meetings.onlineUrl,
  cancelledAt: meetings.cancelledAt,
  cityName: cities.name,
  cityLanguage: cities.language,
  hostCityName: hostCities.name,
  minutesId: minutes.id,
  status: minutes.status,
  revision: minutes.revision,
  summary: minutes.summary,
  summaryEn: minutes.summaryEn,
  circulatedAt: minutes.circulatedAt,
  approvedAt: minutes.approvedAt,
  approvedByName: approvers.name,
  updatedAt: minutes.updatedAt,
};

function headerQuery() {
  return getDb()
    .select(headerColumns)
    .from(meetings)
    .leftJoin(minutes, eq(minutes.meetingId, meetings.id))
    .leftJoin(cities, eq(cities.id, meetings.cityId))
    .leftJoin(hostCities, eq(hostCities.id, meetings.hostCityId))
    .leftJoin(approvers, eq(approvers.id, minutes.approvedByUserId));
}

type Header = Awaited<ReturnType<ReturnType<typeof headerQuery>["all"]>>[number];
type HeaderWithMinutes = Header & { minutesId: number; status: MinutesStatus; revision: number; updatedAt: Date };

function hasMinutes(h: Header): h is HeaderWithMinutes {
  return h.minutesId != null && h.status != null;
}

/**
 * The minutes of one meeting for this reader, or null (→ 404) when the meeting is another city's,
 * has no minutes, or the minutes are a draft the reader may not see. Four statements at most.
 */
export function loadMinutesDocument(scope: Scope, reader: MinutesReader, meetingId: number): MinutesDocument | null {
  const header = headerQuery()
    .where(and(eq(meetings.id, meetingId), inScopeOrNetwork(meetings.cityId, scope)))
    .get();
  if (!header || !hasMinutes(header)) return null;
  if (header.status === "draft" && !canReadMinutesDraft(reader, header)) return null;
  return loadBodies([header], [header.meetingId]).documents[0];
}

export type PeriodMeeting = {
  meetingId: number;
  kind: MeetingKind;
  number: number;
  title: string;
  startsAt: Date;
  timeZone: string;
  /** null when the meeting has no minutes yet. */
  minutesStatus: MinutesStatus | null;
  /** Whether its minutes are in the pack (approved, or not approved and drafts were asked for). */
  included: boolean;
};

export type AttendanceLine = {
  meetingId: number;
  name: string;
  erasedAt: Date | null;
  organisation: string | null;
  sector: Sector | null;
  /** Guests have no status of their own: they came. */
  status: AttendanceStatus;
  guest: boolean;
};

export type PeriodReport = {
  city: { id: number; name: string; slug: string; language: string; timeZone: string };
  language: Lang;
  /** Held meetings of the city that started in the period, oldest first. */
  meetings: PeriodMeeting[];
  /** The minutes in the pack, in meeting order. */
  documents: MinutesDocument[];
  /** Every attendance record and guest of those meetings, in meeting order, names sorted. */
  attendance: AttendanceLine[];
  ideasByStage: { stage: IdeaStage; total: number; loggedInPeriod: number }[];
};

/** At most this many meetings in one pack: enough for several years of monthly meetings. */
export const PACK_MAX_MEETINGS = 200;

/** The next calendar day of a "YYYY-MM-DD" date. */
function nextDay(day: string): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
}

/** The held (or already written up) meetings of a city whose start falls in the period; one statement. */
function periodHeaders(city: { id: number; timeZone: string }, period: { from: string; to: string }, now: Date) {
  const start = zonedToUtc(period.from, "00:00", city.timeZone);
  const end = zonedToUtc(nextDay(period.to), "00:00", city.timeZone);
  const headers = headerQuery()
    .where(
      and(
        eq(meetings.cityId, city.id),
        gte(meetings.startsAt, start),
        lt(meetings.startsAt, end),
        isNull(meetings.cancelledAt),
        // Held, or written up already (minutes can be drafted while a long meeting still runs).
        or(lt(meetings.endsAt, now), isNotNull(minutes.id)),
      ),
    )
    .orderBy(asc(meetings.startsAt), asc(meetings.id))
    .limit(PACK_MAX_MEETINGS + 1)
    .all();
  return { start, end, headers };
}

/** What the reports page shows before the download: how many meetings and minutes of each state (one statement). */
export function periodOverview(city: { id: number; timeZone: string }, period: { from: string; to: string }, now = new Date()) {
  const { headers } = periodHeaders(city, period, now);
  return {
    meetings: Math.min(headers.length, PACK_MAX_MEETINGS),
    tooMany: headers.length > PACK_MAX_MEETINGS,
    approved: headers.filter((h) => h.status === "approved").length,
    notApproved: headers.filter((h) => h.status === "draft" || h.status === "circulated").length,
    withoutMinutes: headers.filter((h) => h.status == null).length,
  };
}

/**
 * What the reporting pack of a city holds for the days from…to (inclusive, in the city's time
 * zone): its held (not cancelled) meetings, the minutes to include, attendance and ideas by
 * stage. A fixed number of statements (five) whatever the number of meetings; the city is the
 * one the caller already read. "tooMany" when the period holds more meetings than a pack may.
 */
export function loadPeriodReport(
  city: PeriodReport["city"],
  period: { from: string; to: string },
  options: { includeDrafts: boolean; now?: Date },
): PeriodReport | "tooMany" {
  const db = getDb();
  const cityId = city.id;
  const { start, end, headers } = periodHeaders(city, period, options.now ?? new Date());
  if (headers.length > PACK_MAX_MEETINGS) return "tooMany";

  const included = headers.filter(hasMinutes).filter((h) => h.status === "approved" || options.includeDrafts);
  const includedIds = new Set(included.map((h) => h.meetingId));
  const allIds = headers.map((h) => h.meetingId);
  const { documents, attendanceByMeeting } = loadBodies(included, allIds);

  const attendanceLines: AttendanceLine[] = [];
  for (const id of allIds) {
    const { roster, guests } = attendanceByMeeting.get(id) ?? { roster: [], guests: [] };
    for (const r of roster) attendanceLines.push({ meetingId: id, name: r.name, erasedAt: r.erasedAt, organisation: r.organisation, sector: r.sector, status: r.status, guest: false });
    for (const g of guests) attendanceLines.push({ meetingId: id, name: g.name, erasedAt: null, organisation: g.organisation, sector: g.sector, status: "present", guest: true });
  }

  const ideaRows = db
    .select({
      stage: ideas.stage,
      total: sql<number>`count(*)`,
      loggedInPeriod: sql<number>`coalesce(sum(${ideas.createdAt} >= ${start.getTime()} and ${ideas.createdAt} < ${end.getTime()}), 0)`,
    })
    .from(ideas)
    .where(eq(ideas.cityId, cityId))
    .groupBy(ideas.stage)
    .all();
  const ideaCounts = new Map(ideaRows.map((r) => [r.stage, r]));

  return {
    city,
    language: exportLanguage(city.language),
    meetings: headers.map((h) => ({
      meetingId: h.meetingId,
      kind: h.kind,
      number: h.number,
      title: h.title,
      startsAt: h.startsAt,
      timeZone: h.timeZone,
      minutesStatus: h.status,
      included: includedIds.has(h.meetingId),
    })),
    documents,
    attendance: attendanceLines,
    ideasByStage: IDEA_STAGES.map((stage) => ({ stage, total: ideaCounts.get(stage)?.total ?? 0, loggedInPeriod: ideaCounts.get(stage)?.loggedInPeriod ?? 0 })),
  };
}

type MeetingAttendance = { roster: MinutesDocument["attendees"]; guests: MinutesDocument["guests"] };

/**
 * The bodies of the given minutes (agenda with notes, decisions, action items) and the attendance
 * of the given meetings (a superset: the pack lists attendance of meetings whose minutes it leaves
 * out). Three statements however many meetings.
 */
function loadBodies(headers: HeaderWithMinutes[], attendanceMeetingIds: number[]): { documents: MinutesDocument[]; attendanceByMeeting: Map<number, MeetingAttendance> } {
  const db = getDb();
  const meetingIds = headers.map((h) => h.meetingId);
  const minutesIds = headers.map((h) => h.minutesId);
  const noneOr = <T>(ids: number[], run: () => T[]): T[] => (ids.length ? run() : []);

  const agendaRows = noneOr(meetingIds, () =>
    db
      .select({
        id: agendaItems.id,
        meetingId: agendaItems.meetingId,
        title: agendaItems.title,
        description: agendaItems.description,
        kind: agendaItems.kind,
        durationMinutes: agendaItems.durationMinutes,
        presenterMemberId: agendaItems.presenterMemberId,
        presenterText: agendaItems.presenterText,
        presenterName: members.name,
        presenterErasedAt: members.erasedAt,
        notes: minutesItemNotes.notes,
      })
      .from(agendaItems)
      .innerJoin(minutes, eq(minutes.meetingId, agendaItems.meetingId))
      .leftJoin(minutesItemNotes, and(eq(minutesItemNotes.minutesId, minutes.id), eq(minutesItemNotes.agendaItemId, agendaItems.id)))
      .leftJoin(members, eq(members.id, agendaItems.presenterMemberId))
      .where(inArray(agendaItems.meetingId, meetingIds))
      .orderBy(asc(agendaItems.meetingId), asc(agendaItems.position), asc(agendaItems.id))
      .all(),
  );
  // Decisions and action items in one statement, attendance and guests in another (a request's
  // statement count is part of its budget, issue 7): rows of both kinds, told apart by a column.
  type TextRow = {
    kind: "decision" | "action";
    minutesId: number;
    text: string;
    agendaItemId: number | null;
    ownerMemberId: number | null;
    ownerName: string | null;
    ownerErasedAt: number | null;
    dueOn: string | null;
    doneOn: string | null;
  };
  const textRows = noneOr(minutesIds, () =>
    db.all<TextRow>(sql`
      select 'decision' as kind, d.minutes_id as minutesId, d.text as text, d.agenda_item_id as agendaItemId,
          null as ownerMemberId, null as ownerName, null as ownerErasedAt, null as dueOn, null as doneOn, d.position as position, d.id as id
        from ${minutesDecisions} d where d.minutes_id in (select value from json_each(${JSON.stringify(minutesIds)}))
      union all
      select 'action', a.minutes_id, a.description, a.agenda_item_id, a.owner_member_id, m.name, m.erased_at, a.due_on, a.done_on, a.position, a.id
        from ${actionItems} a left join ${members} m on m.id = a.owner_member_id
        where a.minutes_id in (select value from json_each(${JSON.stringify(minutesIds)}))
      order by minutesId, kind, position, id`),
  );
  const decisionRows = textRows.filter((r) => r.kind === "decision").map((r) => ({ minutesId: r.minutesId, text: r.text, agendaItemId: r.agendaItemId }));
  const actionRows = textRows
    .filter((r) => r.kind === "action")
    .map((r) => ({
      minutesId: r.minutesId,
      description: r.text,
      ownerMemberId: r.ownerMemberId,
      ownerName: r.ownerName,
      ownerErasedAt: r.ownerErasedAt == null ? null : new Date(r.ownerErasedAt),
      dueOn: r.dueOn,
      doneOn: r.doneOn,
      agendaItemId: r.agendaItemId,
    }));
  type PersonRow = {
    guest: 0 | 1;
    meetingId: number;
    id: number;
    name: string;
    erasedAt: number | null;
    organisation: string | null;
    sector: Sector | null;
    status: AttendanceStatus | null;
    language: string | null;
  };
  const personRows = noneOr(attendanceMeetingIds, () =>
    db.all<PersonRow>(sql`
      select 0 as guest, a.meeting_id as meetingId, m.id as id, m.name as name, m.erased_at as erasedAt, m.organisation as organisation,
          m.sector as sector, a.status as status, c.language as language, 0 as createdAt
        from ${attendance} a join ${members} m on m.id = a.member_id join ${cities} c on c.id = a.city_id
        where a.meeting_id in (select value from json_each(${JSON.stringify(attendanceMeetingIds)}))
      union all
      select 1, g.meeting_id, g.id, g.name, null, g.organisation, g.sector, null, null, g.created_at
        from ${meetingGuests} g where g.meeting_id in (select value from json_each(${JSON.stringify(attendanceMeetingIds)}))
      order by meetingId, guest, createdAt, id`),
  );
  const attendanceRows = personRows
    .filter((r) => r.guest === 0)
    .map((r) => ({
      meetingId: r.meetingId,
      memberId: r.id,
      name: r.name,
      erasedAt: r.erasedAt == null ? null : new Date(r.erasedAt),
      organisation: r.organisation,
      sector: r.sector as Sector,
      status: r.status as AttendanceStatus,
      language: r.language as string,
    }));
  const guestRows = personRows.filter((r) => r.guest === 1).map((r) => ({ meetingId: r.meetingId, id: r.id, name: r.name, organisation: r.organisation, sector: r.sector }));

  const group = <T, K>(rows: T[], key: (r: T) => K) => {
    const map = new Map<K, T[]>();
    for (const r of rows) {
      const list = map.get(key(r));
      if (list) list.push(r);
      else map.set(key(r), [r]);
    }
    return map;
  };
  const agendaBy = group(agendaRows, (r) => r.meetingId);
  const decisionsBy = group(decisionRows, (r) => r.minutesId);
  const actionsBy = group(actionRows, (r) => r.minutesId);
  const attendanceBy = group(attendanceRows, (r) => r.meetingId);
  const guestsBy = group(guestRows, (r) => r.meetingId);

  const attendanceByMeeting = new Map<number, MeetingAttendance>();
  for (const id of attendanceMeetingIds) {
    const rows = attendanceBy.get(id) ?? [];
    const collator = sharedCollator(rows[0]?.language ?? "en", { sensitivity: "base", numeric: true });
    const roster = rows
      .map(({ memberId, name, erasedAt, organisation, sector, status }) => ({ memberId, name, erasedAt, organisation, sector, status }))
      .sort((a, b) => Number(isErasedMember(a)) - Number(isErasedMember(b)) || collator.compare(a.name, b.name) || a.memberId - b.memberId);
    const guests = (guestsBy.get(id) ?? []).map(({ id: guestId, name, organisation, sector }) => ({ id: guestId, name, organisation, sector }));
    attendanceByMeeting.set(id, { roster, guests });
  }

  const documents = headers.map((h): MinutesDocument => {
    const { roster, guests } = attendanceByMeeting.get(h.meetingId) ?? { roster: [], guests: [] };
    return {
      language: exportLanguage(h.cityLanguage),
      cityLanguage: h.cityLanguage ?? "en",
      meeting: {
        id: h.meetingId,
        cityId: h.cityId,
        kind: h.kind,
        number: h.number,
        title: h.title,
        purpose: h.purpose,
        startsAt: h.startsAt,
        endsAt: h.endsAt,
        timeZone: h.timeZone,
        place: h.place,
        onlineUrl: h.onlineUrl,
        cityName: h.cityName,
        hostCityName: h.hostCityName,
      },
      minutes: {
        id: h.minutesId,
        status: h.status,
        revision: h.revision,
        summary: h.summary,
        summaryEn: h.summaryEn,
        circulatedAt: h.circulatedAt,
        approvedAt: h.approvedAt,
        approvedByName: h.approvedByName,
        updatedAt: h.updatedAt,
      },
      agenda: (agendaBy.get(h.meetingId) ?? []).map((a) => ({
        id: a.id,
        title: a.title,
        description: a.description,
        kind: a.kind,
        durationMinutes: a.durationMinutes,
        presenter: a.presenterMemberId != null ? { name: a.presenterName ?? "", erasedAt: a.presenterErasedAt } : a.presenterText,
        notes: a.notes,
      })),
      decisions: (decisionsBy.get(h.minutesId) ?? []).map(({ text, agendaItemId }) => ({ text, agendaItemId })),
      actionItems: (actionsBy.get(h.minutesId) ?? []).map((a) => ({
        description: a.description,
        owner: a.ownerMemberId != null ? { name: a.ownerName ?? "", erasedAt: a.ownerErasedAt } : null,
        dueOn: a.dueOn,
        doneOn: a.doneOn,
        agendaItemId: a.agendaItemId,
      })),
      attendees: roster,
      guests,
      mix: sectorMix(roster, guests),
    };
  });
  return { documents, attendanceByMeeting };
}

/**
 * Whether the meeting page offers the minutes downloads to this reader: the status (read with the
 * page's other facts) of minutes they may read, or null. A draft only for those who read drafts.
 */
export function minutesStatusFor(reader: MinutesReader, meeting: { cityId: number | null }, status: MinutesStatus | null): MinutesStatus | null {
  if (status === "draft" && !canReadMinutesDraft(reader, meeting)) return null;
  return status;
}
