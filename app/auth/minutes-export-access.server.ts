import type { AppLoadContext } from "@remix-run/node";
import { loadMinutesDocument, type MinutesDocument } from "~/models/minutes-document.server";
import { clientAddress } from "~/utils/request.server";
import { notFound, requireScope } from "./auth.server";
import { meetingIdFrom } from "./meeting-access.server";
import type { SessionUser } from "./session.server";

/**
 * The minutes of a meeting for an export, if the user may read them: 404 for another city's
 * meeting, a meeting without minutes, or a draft the user may not see (members see circulated
 * and approved minutes only); 403 for a role without minutes access.
 */
export async function requireMinutesDocument(
  request: Request,
  params: { meetingId?: string },
  context: AppLoadContext | undefined,
): Promise<{ user: SessionUser; document: MinutesDocument }> {
  const { user, scope } = await requireScope(request, "read:minutes", clientAddress(context));
  const document = loadMinutesDocument(scope, user, meetingIdFrom(params));
  if (!document) throw notFound();
  return { user, document };
}
