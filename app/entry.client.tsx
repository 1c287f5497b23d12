import { RemixBrowser } from "@remix-run/react";
import i18next from "i18next";
import { startTransition, StrictMode, useEffect } from "react";
import { hydrateRoot } from "react-dom/client";
import { I18nextProvider, initReactI18next } from "react-i18next";
import { i18nConfig, isSupportedLanguage, fallbackLanguage } from "./i18n/config";

// React 18 answers these events, when they arrive before the document has hydrated, by hydrating
// synchronously on the spot. RemixBrowser suspends in its first render until the single-fetch
// state is decoded, and a synchronous render cannot wait: React then throws "Root did not
// complete" (error #345). So until hydration has committed, these events are kept from React;
// the browser still does what it does without JavaScript (moves the focus, follows the link,
// submits the form).
const EVENTS_THAT_FORCE_HYDRATION = [
  "mousedown", "mouseup", "touchcancel", "touchend", "touchstart", "auxclick", "dblclick",
  "pointercancel", "pointerdown", "pointerup", "dragend", "dragstart", "drop", "compositionend",
  "compositionstart", "keydown", "keypress", "keyup", "input", "textInput", "copy", "cut", "paste",
  "click", "change", "contextmenu", "reset", "submit",
];

function holdEventsUntilHydrated(): () => void {
  const hold = (event: Event) => event.stopPropagation();
  for (const type of EVENTS_THAT_FORCE_HYDRATION) window.addEventListener(type, hold, true);
  return () => {
    for (const type of EVENTS_THAT_FORCE_HYDRATION) window.removeEventListener(type, hold, true);
  };
}

function OnHydrated({ done, children }: { done: () => void; children: React.ReactNode }) {
  useEffect(done, [done]);
  return children;
}

async function hydrate() {
  const lang = document.documentElement.lang;
  await i18next.use(initReactI18next).init({
    ...i18nConfig,
    supportedLngs: [...i18nConfig.supportedLngs],
    ns: ["common"],
    lng: isSupportedLanguage(lang) ? lang : fallbackLanguage,
  });
  const release = holdEventsUntilHydrated();
  startTransition(() => {
    hydrateRoot(
      document,
      <OnHydrated done={release}>
        <I18nextProvider i18n={i18next}>
          <StrictMode>
            <RemixBrowser />
          </StrictMode>
        </I18nextProvider>
      </OnHydrated>,
    );
  });
}

hydrate();
