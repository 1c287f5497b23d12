import type { AppLoadContext } from "@remix-run/node";
import { getMeeting, type MeetingDetail } from "~/models/meetings.server";
import { clientAddress } from "~/utils/request.server";
import { forbidden, notFound, requireScope } from "./auth.server";
import { hasPermission } from "./permissions";
import type { SessionUser } from "./session.server";

/** Whether the user may change this meeting: coordinators their city's, project coordinators and admins the network's. */
export function canWriteMeeting(user: Pick<SessionUser, "role" | "cityId">, meeting: { cityId: number | null }): boolean {
  if (meeting.cityId == null) return hasPermission(user, "write:network-meeting:any");
  return hasPermission(user, "write:meeting:city") && user.cityId === meeting.cityId;
}

export function meetingIdFrom(params: { meetingId?: string }): number {
  const id = Number(params.meetingId);
  if (!Number.isSafeInteger(id) || id < 1) throw notFound();
  return id;
}

/** The meeting if the user may see it; 404 for another city's (or unknown) meeting. */
export async function requireMeeting(
  request: Request,
  params: { meetingId?: string },
  context: AppLoadContext | undefined,
): Promise<{ user: SessionUser; meeting: MeetingDetail; ipAddress: string }> {
  const ipAddress = clientAddress(context);
  const { user, scope } = await requireScope(request, "read:meeting", ipAddress);
  const meeting = getMeeting(scope, meetingIdFrom(params));
  if (!meeting) throw notFound();
  return { user, meeting, ipAddress };
}

/** As requireMeeting, and 403 unless the user may change it. */
export async function requireWritableMeeting(request: Request, params: { meetingId?: string }, context: AppLoadContext | undefined) {
  const found = await requireMeeting(request, params, context);
  if (!canWriteMeeting(found.user, found.meeting)) throw forbidden();
  return found;
}
