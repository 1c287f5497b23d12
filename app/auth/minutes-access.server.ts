import type { AppLoadContext } from "@remix-run/node";
import { recordAudit } from "~/models/audit.server";
import { meetingState, type MeetingDetail } from "~/models/meetings.server";
import { canReadMinutesDraft } from "~/models/minutes-document.server";
import { findMeetingWithMinutes, type MinutesRow } from "~/models/minutes.server";
import { clientAddress } from "~/utils/request.server";
import { forbidden, notFound, requireScope } from "./auth.server";
import { meetingIdFrom } from "./meeting-access.server";
import { hasPermission } from "./permissions";
import type { SessionUser } from "./session.server";

export type MinutesPage = {
  user: SessionUser;
  meeting: MeetingDetail & { cityId: number };
  row: MinutesRow | null;
  ipAddress: string;
  can: { write: boolean; readDrafts: boolean; comment: boolean; held: boolean };
};

/** Records the refusal in the audit log and answers 403. */
export function refuseMinutes(request: Request, user: SessionUser, permission: string, meetingId: number, ipAddress: string): never {
  recordAudit({
    action: "access.denied",
    actorUserId: user.id,
    cityId: user.cityId,
    detail: { permission, meetingId, method: request.method, path: new URL(request.url).pathname },
    ipAddress,
  });
  throw forbidden();
}

/**
 * The minutes page of a city's meeting and what the user may do there. Another city's meeting, a
 * network meeting (it has no roster to write minutes for) or minutes the user may not read (a draft
 * for a member, none at all for anyone but their writers) answer 404. On a POST (`forWrite`), a user
 * who can neither write nor see the minutes gets 403 without learning whether a draft exists.
 */
export async function requireMinutesPage(
  request: Request,
  params: { meetingId?: string },
  context: AppLoadContext | undefined,
  opts: { forWrite?: boolean } = {},
): Promise<MinutesPage> {
  const ipAddress = clientAddress(context);
  const { user, scope } = await requireScope(request, "read:minutes", ipAddress);
  // The meeting and its minutes row in one statement.
  const found = findMeetingWithMinutes(scope, meetingIdFrom(params));
  if (!found || found.meeting.cityId == null) throw notFound();
  const { meeting, row } = found;
  const cityMeeting = meeting as MeetingDetail & { cityId: number };
  const ownCity = user.cityId === meeting.cityId;
  const can = {
    write: hasPermission(user, "write:minutes:city") && ownCity,
    readDrafts: canReadMinutesDraft(user, meeting),
    comment: hasPermission(user, "comment:minutes:city") && ownCity,
    held: meetingState(meeting) === "held",
  };
  const visible = can.write || (row != null && (row.status !== "draft" || can.readDrafts));
  if (!visible) {
    if (opts.forWrite) refuseMinutes(request, user, "write:minutes:city", meeting.id, ipAddress);
    throw notFound();
  }
  return { user, meeting: cityMeeting, row, ipAddress, can };
}
