import { createCookie } from "@remix-run/node";
import { RemixI18Next } from "remix-i18next/server";
import { fallbackLanguage, i18nConfig, isSupportedLanguage, supportedLanguages, type Lang } from "./config";

// Remembers the language chosen before signing in (signed-in users keep theirs in the database).
export const languageCookie = createCookie("ulg_lng", {
  path: "/",
  sameSite: "lax",
  httpOnly: true,
  maxAge: 365 * 86400,
});

export const i18nServer = new RemixI18Next({
  detection: {
    supportedLanguages: [...supportedLanguages],
    fallbackLanguage,
    cookie: languageCookie,
    order: ["cookie", "header"],
  },
  i18next: { ...i18nConfig, supportedLngs: [...supportedLanguages], ns: ["common"] },
});

/** The signed-in user's language, else the cookie, else Accept-Language, else English. */
export async function getLocale(request: Request, user?: { language: string } | null): Promise<Lang> {
  if (user && isSupportedLanguage(user.language)) return user.language;
  const detected = await i18nServer.getLocale(request);
  return isSupportedLanguage(detected) ? detected : fallbackLanguage;
}

export async function getT(request: Request, user?: { language: string } | null) {
  const locale = await getLocale(request, user);
  return i18nServer.getFixedT(locale, "common");
}

/** A plain translator for one language, for files written in a city's language whatever the reader's. */
export async function getTranslator(lang: Lang): Promise<(key: string, options?: Record<string, unknown>) => string> {
  const t = await i18nServer.getFixedT(lang, "common");
  return (key, options) => String(t(key, options as never));
}
