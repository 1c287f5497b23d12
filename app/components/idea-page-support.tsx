import { useFetcher } from "@remix-run/react";
import { useHydrated } from "~/utils/use-hydrated";
import { useTranslation } from "~/i18n/use-translation";

type SupportReply = { intent: "support"; supported: boolean; supportCount: number };

/**
 * The support count and, for members of the idea's city, the toggle. Without JavaScript the button
 * posts the form and the page reloads; with it a fetcher posts in the background and the count
 * changes at once (the `fetch` field, added only after hydration, asks the action for data instead
 * of a redirect).
 */
export function IdeaSupport({ ideaId, count, supported, canSupport }: { ideaId: number; count: number; supported: boolean; canSupport: boolean }) {
  const { t } = useTranslation();
  const fetcher = useFetcher<SupportReply>();
  const hydrated = useHydrated();

  let shownSupported = supported;
  let shownCount = count;
  if (fetcher.formData) {
    // Optimistic: the opposite of what the page knew, until the server answers.
    shownSupported = !supported;
    shownCount = count + (supported ? -1 : 1);
  } else if (fetcher.data && fetcher.data.intent === "support") {
    shownSupported = fetcher.data.supported;
    shownCount = fetcher.data.supportCount;
  }

  return (
    <section id="support" aria-labelledby="support-heading" className="rounded-lg border border-slate-200 bg-white p-4">
      <h2 id="support-heading" className="text-lg font-semibold">{t("ideaPage.supportTitle")}</h2>
      <p className="mt-1 text-slate-800" data-testid="support-count" aria-live="polite">
        {t("ideaPage.supporters", { count: shownCount })}
        {/* A real space, so the count and the note are not read as one word ("1 supporterYou support…"). */}
        {shownSupported ? <> <span className="ml-1 text-sm text-slate-700">{t("ideaPage.youSupport")}</span></> : null}
      </p>
      {canSupport ? (
        <fetcher.Form method="post" action={`/ideas/${ideaId}`} className="mt-3">
          <input type="hidden" name="intent" value="support" />
          {hydrated ? <input type="hidden" name="fetch" value="1" /> : null}
          <button
            type="submit"
            className={
              shownSupported
                ? "rounded border border-slate-400 px-4 py-2 font-medium hover:bg-slate-100"
                : "rounded bg-brand-700 px-4 py-2 font-medium text-white hover:bg-brand-800"
            }
          >
            {shownSupported ? t("ideaPage.unsupport") : t("ideaPage.support")}
          </button>
        </fetcher.Form>
      ) : null}
    </section>
  );
}
