import { Writable } from "node:stream";
import type { AppLoadContext, EntryContext } from "@remix-run/node";
import { RemixServer } from "@remix-run/react";
import { createInstance, type i18n } from "i18next";
import { renderToPipeableStream } from "react-dom/server";
import { I18nextProvider, initReactI18next } from "react-i18next";
import { i18nConfig, isSupportedLanguage, fallbackLanguage } from "./i18n/config";
import { NonceProvider } from "./utils/nonce";
import { startup } from "./startup.server";

startup();

const ABORT_DELAY = 5_000;

// One i18next instance per language, made once: nothing on the server changes an instance's
// language, so concurrent requests in the same language can share it. Creating (or cloning) an
// instance per request cost a few tenths of a millisecond of every page.
const instances = new Map<string, Promise<i18n>>();
function i18nFor(lng: string): Promise<i18n> {
  let instance = instances.get(lng);
  if (!instance) {
    instance = (async () => {
      const created = createInstance();
      await created.use(initReactI18next).init({ ...i18nConfig, supportedLngs: [...i18nConfig.supportedLngs], ns: ["common"], lng });
      return created;
    })();
    instances.set(lng, instance);
  }
  return instance;
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
  const i18n = await i18nFor(locale);

  const nonce = loadContext?.cspNonce ?? "";

  return new Promise((resolve, reject) => {
    let shellRendered = false;
    // The abort timer holds the whole render (through `abort`) until it fires: left running, every
    // finished page stayed in memory for ABORT_DELAY, hundreds of them under load. It is cleared as
    // soon as everything has been rendered.
    let abortTimer: ReturnType<typeof setTimeout> | undefined;
    let finished = false;
    const finish = () => {
      finished = true;
      clearTimeout(abortTimer);
    };
    // No page streams (no defer, no Suspense of its own): every loader has finished before the
    // render starts, and only the hydration data follows the shell. So the document is sent whole,
    // as one buffer with its length, once all of it is rendered. Streamed, React's output went out
    // in 2 kB pieces, each through a Node stream, a web stream and the socket: about a tenth of
    // the larger pages' server time (npm run bench).
    const { pipe, abort } = renderToPipeableStream(
      <NonceProvider value={nonce}>
        <I18nextProvider i18n={i18n}>
          <RemixServer context={remixContext} url={request.url} abortDelay={ABORT_DELAY} nonce={nonce} />
        </I18nextProvider>
      </NonceProvider>,
      {
        nonce,
        onShellReady() {
          shellRendered = true;
        },
        onAllReady() {
          finish();
          const chunks: Buffer[] = [];
          const sink = new Writable({
            write(chunk: Buffer, _encoding, done) {
              chunks.push(chunk);
              done();
            },
            final(done) {
              const body = Buffer.concat(chunks);
              responseHeaders.set("Content-Type", "text/html; charset=utf-8");
              responseHeaders.set("Content-Length", String(body.length));
              resolve(new Response(body, { headers: responseHeaders, status: responseStatusCode }));
              done();
            },
          });
          pipe(sink);
        },
        onShellError(error: unknown) {
          finish();
          reject(error);
        },
        onError(error: unknown) {
          responseStatusCode = 500;
          if (shellRendered) console.error(error);
        },
      },
    );
    if (!finished) abortTimer = setTimeout(abort, ABORT_DELAY);
  });
}

export function handleError(error: unknown, { request }: { request: Request }) {
  // Aborted requests (client went away) are not errors worth a stack trace.
  if (request.signal.aborted) return;
  console.error(error);
}
