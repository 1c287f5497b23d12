import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { destroyUserSession, getSessionUser } from "~/auth/session.server";
import { recordAudit } from "~/models/audit.server";
import { clientAddress } from "~/utils/request.server";

// Signing out changes state, so it is a POST; a GET just goes home.
export async function loader(_: LoaderFunctionArgs) {
  return redirect("/");
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await getSessionUser(request);
  const setCookie = await destroyUserSession(request);
  if (user) {
    recordAudit({ action: "auth.sign_out", actorUserId: user.id, cityId: user.cityId, ipAddress: clientAddress(context) });
  }
  return redirect("/login", { headers: { "Set-Cookie": setCookie } });
}
