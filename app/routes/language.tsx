import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { getSessionUser } from "~/auth/session.server";
import { isSupportedLanguage } from "~/i18n/config";
import { languageCookie } from "~/i18n/i18next.server";
import { setUserPreferences } from "~/models/users.server";
import { safeRedirect } from "~/utils/request.server";

export async function loader(_: LoaderFunctionArgs) {
  return redirect("/");
}

/** The language switch: kept on the account when signed in, and in a cookie for the sign-in page. */
export async function action({ request }: ActionFunctionArgs) {
  const form = await request.formData();
  const language = form.get("language");
  const to = safeRedirect(form.get("redirectTo"));
  if (!isSupportedLanguage(language)) return redirect(to);
  const user = await getSessionUser(request);
  if (user) setUserPreferences(user.id, { language });
  return redirect(to, { headers: { "Set-Cookie": await languageCookie.serialize(language) } });
}
