import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireAttendanceReader } from "~/auth/attendance-access.server";
import { csvDelimiterFrom, csvText, toCsv } from "~/exports/csv.server";
import { fileResponse, meetingFileStem } from "~/exports/pdf.server";
import { getLocale, getT } from "~/i18n/i18next.server";
import { attendanceRoster, listGuests } from "~/models/attendance.server";
import { recordAudit } from "~/models/audit.server";
import { meetingState } from "~/models/meetings.server";
import { displayMemberName } from "~/utils/member-display";
import { utcToZonedParts } from "~/utils/zoned-time";

/**
 * The meeting's people as CSV in the viewer's language. Before the meeting is held it lists the
 * roster with each RSVP; afterwards the recorded attendance and the guests.
 */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { user, meeting, ipAddress } = await requireAttendanceReader(request, params, context);
  const t = await getT(request, user);
  const tr = (key: string, options?: Record<string, unknown>) => String(t(key, options));
  const locale = user.city?.language ?? (await getLocale(request, user));
  const roster = attendanceRoster(meeting, locale);
  const col = (key: string) => tr(`attendance.csv.${key}`);
  const held = meetingState(meeting) === "held";
  let rows: string[][];
  if (!held) {
    rows = [
      [col("name"), col("organisation"), col("sector"), col("rsvp")],
      ...roster.map((r) => [
        csvText(displayMemberName(r, tr)),
        csvText(r.organisation),
        tr(`sectors.${r.sector}`),
        r.rsvp ? tr(`rsvp.${r.rsvp}`) : tr("attendance.csv.noAnswer"),
      ]),
    ];
  } else {
    const title = csvText(`${tr(`meetingKinds.${meeting.kind}`)} ${meeting.number}: ${meeting.title}`);
    const date = utcToZonedParts(meeting.startsAt, meeting.timeZone).date;
    const guests = listGuests(meeting.id);
    rows = [
      [col("meeting"), col("date"), col("name"), col("organisation"), col("sector"), col("participant"), col("status")],
      ...roster
        .filter((r) => r.status != null)
        .map((r) => [
          title,
          date,
          csvText(displayMemberName(r, tr)),
          csvText(r.organisation),
          tr(`sectors.${r.sector}`),
          tr("attendance.csv.member"),
          tr(`attendance.status.${r.status}`),
        ]),
      ...guests.map((g) => [
        title,
        date,
        csvText(g.name),
        csvText(g.organisation),
        g.sector ? tr(`sectors.${g.sector}`) : "",
        tr("attendance.csv.guest"),
        tr("attendance.status.present"),
      ]),
    ];
  }
  recordAudit({
    action: "attendance.export",
    actorUserId: user.id,
    cityId: meeting.cityId,
    entityType: "meeting",
    entityId: meeting.id,
    detail: { list: held ? "attendance" : "rsvp", rows: rows.length - 1 },
    ipAddress,
  });
  const csv = toCsv(rows, csvDelimiterFrom(new URL(request.url)));
  return fileResponse(csv, "text/csv; charset=utf-8", `${meetingFileStem(meeting)}-attendance.csv`);
}
