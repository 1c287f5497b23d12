import en from "./en";
import fi from "./fi";

export const supportedLanguages = ["en", "fi"] as const;
export type Lang = (typeof supportedLanguages)[number];
export const fallbackLanguage: Lang = "en";

export const resources = { en: { common: en }, fi: { common: fi } } as const;

export function isSupportedLanguage(value: unknown): value is Lang {
  return typeof value === "string" && (supportedLanguages as readonly string[]).includes(value);
}

/** Shared i18next options for server and browser; the translations are small, so both bundle them. */
export const i18nConfig = {
  supportedLngs: [...supportedLanguages],
  fallbackLng: fallbackLanguage,
  defaultNS: "common",
  ns: ["common"],
  resources,
  interpolation: { escapeValue: false },
} as const;
