import type { AppLoadContext } from "@remix-run/node";
import type { MeetingDetail } from "~/models/meetings.server";
import { recordAudit } from "~/models/audit.server";
import { forbidden, notFound } from "./auth.server";
import { canWriteMeeting, requireMeeting } from "./meeting-access.server";
import { hasPermission, type Permission } from "./permissions";
import type { SessionUser } from "./session.server";

/** A meeting of one city: attendance, guests and files exist only for these (network meetings have no roster). */
export type CityMeetingDetail = MeetingDetail & { cityId: number };

type Found = { user: SessionUser; meeting: CityMeetingDetail; ipAddress: string };

function deny(request: Request, user: SessionUser, permission: string, meetingId: number, ipAddress: string): never {
  recordAudit({
    action: "access.denied",
    actorUserId: user.id,
    cityId: user.cityId,
    detail: { permission, meetingId, method: request.method, path: new URL(request.url).pathname },
    ipAddress,
  });
  throw forbidden();
}

function cityMeeting(found: { user: SessionUser; meeting: MeetingDetail; ipAddress: string }): Found {
  if (found.meeting.cityId == null) throw notFound();
  return found as Found;
}

/**
 * Taking attendance: coordinators of the meeting's city. Another city's meeting is 404 (through
 * requireMeeting), a role without the permission 403, a network meeting 404 (it has no roster).
 */
export async function requireAttendanceWriter(request: Request, params: { meetingId?: string }, context: AppLoadContext | undefined): Promise<Found> {
  const found = await requireMeeting(request, params, context);
  const { user, meeting, ipAddress } = found;
  const permission: Permission = "write:attendance:city";
  if (!hasPermission(user, permission) || (meeting.cityId != null && meeting.cityId !== user.cityId)) {
    deny(request, user, permission, meeting.id, ipAddress);
  }
  return cityMeeting(found);
}

/** Attendance lists and sign-in sheets: the city's coordinators, or an admin for any city. */
export async function requireAttendanceReader(request: Request, params: { meetingId?: string }, context: AppLoadContext | undefined): Promise<Found> {
  const found = await requireMeeting(request, params, context);
  const { user, meeting, ipAddress } = found;
  const ownCity = hasPermission(user, "read:attendance:city") && (meeting.cityId == null || meeting.cityId === user.cityId);
  if (!ownCity && !hasPermission(user, "read:attendance:any")) deny(request, user, "read:attendance:city", meeting.id, ipAddress);
  return cityMeeting(found);
}

/** Reading a meeting's files: every user of its city, and admins. */
export async function requireMeetingFilesReader(request: Request, params: { meetingId?: string }, context: AppLoadContext | undefined): Promise<Found> {
  return cityMeeting(await requireMeeting(request, params, context));
}

/** Uploading and deleting files: those who may change the meeting (its city's coordinators). */
export async function requireMeetingFilesWriter(request: Request, params: { meetingId?: string }, context: AppLoadContext | undefined): Promise<Found> {
  const found = await requireMeeting(request, params, context);
  if (found.meeting.cityId != null && !canWriteMeeting(found.user, found.meeting)) {
    deny(request, found.user, "write:meeting:city", found.meeting.id, found.ipAddress);
  }
  return cityMeeting(found);
}
