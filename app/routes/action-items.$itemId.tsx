import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { forbidden, notFound, requireScope } from "~/auth/auth.server";
import { canUpdateActionItem, getActionItem, setActionItemDone } from "~/models/action-items.server";
import { recordAudit } from "~/models/audit.server";
import { clientAddress, safeRedirect } from "~/utils/request.server";

export type ActionItemReply = { intent: "done" | "reopen"; id: number; doneOn: string | null } | { formErrors: string[] };

// Forms post here; an address typed or bookmarked leads to the meeting the item belongs to.
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { user, scope } = await requireScope(request, "read:meeting", clientAddress(context));
  const id = Number(params.itemId);
  if (!Number.isSafeInteger(id) || id < 1) throw notFound();
  const item = getActionItem(scope, user, id);
  if (!item) throw notFound();
  return redirect(`/meetings/${item.meetingId}`);
}

/** The flash the page shows after a plain form post, added to the address it came from. */
function withFlash(to: string, flash: "done" | "reopened"): string {
  const url = new URL(to, "http://local");
  url.searchParams.set("actionItem", flash);
  return `${url.pathname}${url.search}${url.hash}`;
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const ipAddress = clientAddress(context);
  // Action items live in minutes of meetings: whoever reads the city's meetings may reach one.
  const { user, scope } = await requireScope(request, "read:meeting", ipAddress);
  const id = Number(params.itemId);
  if (!Number.isSafeInteger(id) || id < 1) throw notFound();
  const item = getActionItem(scope, user, id);
  if (!item) throw notFound();
  if (!canUpdateActionItem(user, item)) {
    recordAudit({ action: "access.denied", actorUserId: user.id, cityId: user.cityId, entityType: "action_item", entityId: item.id, detail: { permission: "update:action-item:own" }, ipAddress });
    throw forbidden();
  }
  const form = await request.formData();
  const intent = form.get("intent");
  if (intent !== "done" && intent !== "reopen") return data({ formErrors: ["validation.invalid"] } satisfies ActionItemReply, { status: 400 });
  setActionItemDone(item, intent === "done", { id: user.id, ipAddress });
  // With JavaScript a fetcher asks for data and the pages revalidate; without it the browser goes back.
  if (form.get("fetch") === "1") {
    const fresh = getActionItem(scope, user, id)!;
    return data({ intent, id, doneOn: fresh.doneOn } satisfies ActionItemReply);
  }
  const back = safeRedirect(form.get("redirectTo"), `/meetings/${item.meetingId}`);
  return redirect(withFlash(back, intent === "done" ? "done" : "reopened"));
}
