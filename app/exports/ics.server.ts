import { TZDate } from "@date-fns/tz";
import ical, { ICalCalendarMethod, ICalEventStatus } from "ical-generator";
import { tzlib_get_ical_block } from "timezones-ical-library";

/**
 * iCalendar files (RFC 5545) for meetings: the single-event download, the personal feed and the
 * attachment of meeting notices all come from here. Plain data in, text out.
 */

export type IcsEvent = {
  uid: string;
  /** Increases on every change, so calendar programs replace their copy (SEQUENCE). */
  sequence: number;
  start: Date;
  end: Date;
  /** IANA zone the meeting was planned in; DTSTART/DTEND are written as wall-clock times in it. */
  timeZone: string;
  summary: string;
  description: string | null;
  location: string | null;
  url: string;
  cancelled: boolean;
  lastModified: Date;
  created?: Date | null;
  /** Only for iTIP messages (METHOD:REQUEST/CANCEL in e-mail): who sends it and who it is for. */
  organizer?: { name: string; email: string } | null;
  attendee?: { name: string; email: string } | null;
};

export type IcsCalendar = {
  method: "PUBLISH" | "REQUEST" | "CANCEL";
  /** Shown by calendar programs as the subscribed calendar's name (feeds only). */
  name?: string | null;
  /** How often subscribers should fetch again, in seconds (feeds only). */
  refreshSeconds?: number | null;
  events: IcsEvent[];
};

/** Stable across every change of the meeting and independent of the address the app is reached at. */
export function meetingUid(meetingId: number): string {
  return `meeting-${meetingId}@ulg-workshop`;
}

/** The VTIMEZONE block and the TZID it declares, or null for a zone the library does not know. */
function vtimezone(timeZone: string): { block: string; tzid: string } | null {
  const found = tzlib_get_ical_block(timeZone);
  if (!Array.isArray(found) || !found[0]) return null;
  const tzid = /^TZID:(.+)$/m.exec(found[0])?.[1]?.trim();
  return tzid ? { block: found[0], tzid } : null;
}

/**
 * The zone name to write in TZID: the library's own (it may spell an alias differently, and the
 * VTIMEZONE must carry the same name), or null to write the times in UTC.
 */
function eventZone(timeZone: string): string | null {
  if (timeZone === "UTC" || timeZone === "Etc/UTC") return null;
  return vtimezone(timeZone)?.tzid ?? null;
}

const METHODS = { PUBLISH: ICalCalendarMethod.PUBLISH, REQUEST: ICalCalendarMethod.REQUEST, CANCEL: ICalCalendarMethod.CANCEL };

export function buildCalendar(input: IcsCalendar): string {
  const calendar = ical({
    prodId: { company: "ULG Workshop", product: "Meetings", language: "EN" },
    method: METHODS[input.method],
    name: input.name ?? null,
    ttl: input.refreshSeconds ?? null,
    // No calendar-wide zone: ical-generator would then write DTSTAMP and LAST-MODIFIED as local
    // times, which RFC 5545 forbids. The generator alone makes it add one VTIMEZONE per event zone.
    timezone: { name: null, generator: (tz) => vtimezone(tz)?.block ?? null },
  });
  for (const e of input.events) {
    const zone = eventZone(e.timeZone);
    const event = calendar.createEvent({
      id: e.uid,
      sequence: e.sequence,
      // A plain Date with a zone would be written in the server's local time; a TZDate carries the zone.
      start: zone ? new TZDate(e.start.getTime(), zone) : e.start,
      end: zone ? new TZDate(e.end.getTime(), zone) : e.end,
      timezone: zone,
      summary: e.summary,
      description: e.description,
      location: e.location,
      url: e.url,
      status: e.cancelled ? ICalEventStatus.CANCELLED : ICalEventStatus.CONFIRMED,
      stamp: e.lastModified,
      lastModified: e.lastModified,
      created: e.created ?? null,
    });
    if (e.organizer) event.organizer({ name: e.organizer.name, email: e.organizer.email });
    // Answers are given in the app, so calendar programs should not offer to reply by e-mail.
    if (e.attendee) event.createAttendee({ name: e.attendee.name, email: e.attendee.email, rsvp: false });
  }
  return calendar.toString();
}
