import { useMemo } from "react";
import { useTranslation as useI18next } from "react-i18next";
import { languageCachedT, type Translate } from "~/utils/memo-t";

/**
 * react-i18next's useTranslation with a `t` that remembers its answers per language across
 * renders and requests (see languageCachedT). Components import this one.
 */
export function useTranslation(): { t: Translate; i18n: ReturnType<typeof useI18next>["i18n"]; ready: boolean } {
  const { t: translate, i18n, ready } = useI18next();
  const language = i18n.language;
  const t = useMemo(() => languageCachedT(translate, language), [translate, language]);
  return { t, i18n, ready };
}
