import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireMeeting } from "~/auth/meeting-access.server";
import { getT } from "~/i18n/i18next.server";
import { buildCalendar } from "~/exports/ics.server";
import { fileResponse, meetingFileStem } from "~/exports/pdf.server";
import { meetingEvent } from "~/models/calendar.server";
import { appOrigin } from "~/utils/mail.server";

/** The meeting as a calendar file, for everyone who can see the meeting, in the viewer's language. */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { user, meeting } = await requireMeeting(request, params, context);
  const t = await getT(request, user);
  const ics = buildCalendar({ method: "PUBLISH", events: [meetingEvent(t, meeting, appOrigin(request))] });
  return fileResponse(ics, "text/calendar; charset=utf-8", `${meetingFileStem(meeting)}.ics`);
}
