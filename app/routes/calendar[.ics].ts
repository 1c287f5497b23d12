import type { LoaderFunctionArgs } from "@remix-run/node";
import { buildCalendar } from "~/exports/ics.server";
import { fixedT } from "~/utils/meeting-mail-templates.server";
import { calendarFeedUser, feedMeetings, meetingEvent } from "~/models/calendar.server";
import { mailLanguage } from "~/utils/mail-templates.server";
import { appOrigin } from "~/utils/mail.server";

function notFound() {
  return new Response("Not Found", { status: 404, headers: { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store" } });
}

/**
 * The personal calendar feed. Public, because calendar programs cannot sign in: the secret in
 * the address is the permission check (only its SHA-256 is stored; renewing it in
 * /settings/calendar ends the old address). Unknown, missing or deactivated → 404.
 */
export async function loader({ request }: LoaderFunctionArgs) {
  const user = calendarFeedUser(new URL(request.url).searchParams.get("token"));
  if (!user) return notFound();
  const events = feedMeetings(user);
  if (!events) return notFound();
  const t = fixedT(mailLanguage(user.language));
  const origin = appOrigin(request);
  const ics = buildCalendar({
    method: "PUBLISH",
    name: user.cityName ? t("calendar.feedName", { city: user.cityName }) : t("calendar.feedNameNetwork"),
    refreshSeconds: 3600,
    events: events.map((m) => meetingEvent(t, m, origin)),
  });
  return new Response(ics, {
    headers: {
      "Content-Type": "text/calendar; charset=utf-8",
      "Content-Disposition": 'inline; filename="ulg-workshop.ics"',
      "Cache-Control": "private, max-age=300",
      "X-Content-Type-Options": "nosniff",
      "X-Robots-Tag": "noindex",
    },
  });
}
