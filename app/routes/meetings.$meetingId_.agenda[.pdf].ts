import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireMeeting } from "~/auth/meeting-access.server";
import { renderAgendaPdf } from "~/exports/agenda-pdf.server";
import { fileResponse, meetingFileStem } from "~/exports/pdf.server";
import { getLocale, getT } from "~/i18n/i18next.server";
import { listAgendaItems, runningTimes } from "~/models/agenda.server";
import { displayMemberName } from "~/utils/member-display";

/** The agenda as a PDF, for everyone who can see the meeting, in the reader's language. */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { user, meeting } = await requireMeeting(request, params, context);
  const [locale, t] = await Promise.all([getLocale(request, user), getT(request, user)]);
  const rows = listAgendaItems(meeting.id);
  const { starts, totalMinutes } = runningTimes(rows);
  const translate = (key: string, options?: Record<string, unknown>) => String(t(key, options as never));
  const pdf = await renderAgendaPdf({
    t: translate,
    locale,
    meeting,
    items: rows.map((r) => ({
      title: r.title,
      description: r.description,
      durationMinutes: r.durationMinutes,
      kind: r.kind,
      idea: r.ideaTitle,
      presenter: r.presenterMemberId != null ? displayMemberName({ name: r.presenterName ?? "", erasedAt: r.presenterErasedAt }, translate) : r.presenterText,
    })),
    starts,
    totalMinutes,
  });
  return fileResponse(pdf, "application/pdf", `${meetingFileStem(meeting)}-agenda.pdf`);
}
