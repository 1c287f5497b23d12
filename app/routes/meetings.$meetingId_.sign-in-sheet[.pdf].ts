import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireAttendanceReader } from "~/auth/attendance-access.server";
import { fileResponse, meetingFileStem } from "~/exports/pdf.server";
import { renderSignInSheet } from "~/exports/sign-in-sheet.server";
import { getLocale, getT } from "~/i18n/i18next.server";
import { attendanceRoster } from "~/models/attendance.server";
import { recordAudit } from "~/models/audit.server";
import { isErasedMember } from "~/utils/member-display";
import { formatMeetingDate, formatTime } from "~/utils/zoned-time";

// Room for guests who are not on the roster to sign by hand (at least 5 when that saves a page).
const EMPTY_GUEST_ROWS = 8;
const MIN_EMPTY_GUEST_ROWS = 5;

/**
 * A printable sign-in sheet in the viewer's language: the roster of the meeting's day in
 * alphabetical order (easiest to find one's own name at the door) with each RSVP, then empty rows.
 */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { user, meeting, ipAddress } = await requireAttendanceReader(request, params, context);
  const t = await getT(request, user);
  const tr = (key: string, options?: Record<string, unknown>) => String(t(key, options));
  const lang = await getLocale(request, user);
  const roster = attendanceRoster(meeting, user.city?.language ?? lang).filter((r) => !isErasedMember(r));
  const tz = meeting.timeZone;
  const pdf = await renderSignInSheet({
    language: lang,
    title: meeting.title,
    kindLine: `${tr(`meetingKinds.${meeting.kind}`)} ${meeting.number}${meeting.cityName ? ` · ${meeting.cityName}` : ""}`,
    when: `${formatMeetingDate(meeting.startsAt, lang, tz)}, ${formatTime(meeting.startsAt, lang, tz)}–${formatTime(meeting.endsAt, lang, tz)} (${tz})`,
    place: meeting.place ?? (meeting.onlineUrl ? tr("meetings.online") : null),
    rows: roster.map((r) => ({
      name: r.name,
      organisation: r.organisation ?? "",
      sector: tr(`sectors.${r.sector}`),
      rsvp: r.rsvp ? tr(`rsvp.${r.rsvp}`) : "",
    })),
    emptyRows: EMPTY_GUEST_ROWS,
    minEmptyRows: MIN_EMPTY_GUEST_ROWS,
    labels: {
      sheet: tr("attendance.sheet.title"),
      when: tr("attendance.sheet.when"),
      place: tr("attendance.sheet.place"),
      number: tr("attendance.sheet.number"),
      name: tr("attendance.csv.name"),
      organisation: tr("attendance.csv.organisation"),
      sector: tr("attendance.csv.sector"),
      rsvp: tr("attendance.sheet.rsvp"),
      signature: tr("attendance.sheet.signature"),
      guestsNote: tr("attendance.sheet.guestsNote"),
    },
  });
  recordAudit({
    action: "attendance.sign-in-sheet",
    actorUserId: user.id,
    cityId: meeting.cityId,
    entityType: "meeting",
    entityId: meeting.id,
    detail: { rows: roster.length },
    ipAddress,
  });
  return fileResponse(pdf, "application/pdf", `${meetingFileStem(meeting)}-sign-in-sheet.pdf`);
}
