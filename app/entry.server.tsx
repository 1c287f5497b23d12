import { PassThrough } from "node:stream";
import type { AppLoadContext, EntryContext } from "@remix-run/node";
import { createReadableStreamFromReadable } from "@remix-run/node";
import { RemixServer } from "@remix-run/react";
import { isbot } from "isbot";
import { createInstance, type i18n } from "i18next";
import { renderToPipeableStream } from "react-dom/server";
import { I18nextProvider, initReactI18next } from "react-i18next";
import { i18nConfig, isSupportedLanguage, fallbackLanguage } from "./i18n/config";
import { NonceProvider } from "./utils/nonce";
import { startup } from "./startup.server";

startup();

const ABORT_DELAY = 5_000;

// One i18next instance holds the (bundled) translations; each request renders with a clone that
// shares its store and only sets the language. Creating and initialising a full instance per
// request cost about half a millisecond of every page.
let base: Promise<i18n> | undefined;
function baseI18n(): Promise<i18n> {
  base ??= (async () => {
    const instance = createInstance();
    await instance.use(initReactI18next).init({ ...i18nConfig, supportedLngs: [...i18nConfig.supportedLngs], ns: ["common"], lng: fallbackLanguage });
    return instance;
  })();
  return base;
}

export default async function handleRequest(
  request: Request,
  responseStatusCode: number,
  responseHeaders: Headers,
  remixContext: EntryContext,
  loadContext: AppLoadContext,
) {
  // The root loader has already decided the language (user setting, cookie or browser).
  const rootData = remixContext.staticHandlerContext.loaderData?.root as { locale?: string } | undefined;
  const locale = isSupportedLanguage(rootData?.locale) ? rootData.locale : fallbackLanguage;
  const i18n = (await baseI18n()).cloneInstance({ lng: locale });

  const nonce = loadContext?.cspNonce ?? "";
  const bot = isbot(request.headers.get("user-agent") || "");

  return new Promise((resolve, reject) => {
    let shellRendered = false;
    const { pipe, abort } = renderToPipeableStream(
      <NonceProvider value={nonce}>
        <I18nextProvider i18n={i18n}>
          <RemixServer context={remixContext} url={request.url} abortDelay={ABORT_DELAY} nonce={nonce} />
        </I18nextProvider>
      </NonceProvider>,
      {
        nonce,
        [bot ? "onAllReady" : "onShellReady"]() {
          shellRendered = true;
          const body = new PassThrough();
          const stream = createReadableStreamFromReadable(body);
          responseHeaders.set("Content-Type", "text/html; charset=utf-8");
          resolve(new Response(stream, { headers: responseHeaders, status: responseStatusCode }));
          pipe(body);
        },
        onShellError(error: unknown) {
          reject(error);
        },
        onError(error: unknown) {
          responseStatusCode = 500;
          if (shellRendered) console.error(error);
        },
      },
    );
    setTimeout(abort, ABORT_DELAY);
  });
}

export function handleError(error: unknown, { request }: { request: Request }) {
  // Aborted requests (client went away) are not errors worth a stack trace.
  if (request.signal.aborted) return;
  console.error(error);
}
