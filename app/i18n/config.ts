import en from "./en";
import fi from "./fi";
import { areas } from "./areas";

export const supportedLanguages = ["en", "fi"] as const;
export type Lang = (typeof supportedLanguages)[number];
export const fallbackLanguage: Lang = "en";

type Dict = Record<string, unknown>;
function merge(base: Dict, lang: Lang): Dict {
  const out: Dict = { ...base };
  for (const area of areas) Object.assign(out, area[lang]);
  return out;
}

export const resources = { en: { common: merge(en, "en") }, fi: { common: merge(fi, "fi") } } as const;

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
