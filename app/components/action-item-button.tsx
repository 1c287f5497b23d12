import { useFetcher, useLocation } from "@remix-run/react";
import { useHydrated } from "~/utils/use-hydrated";
import { useTranslation } from "~/i18n/use-translation";
import type { ActionItemReply } from "~/routes/action-items.$itemId";

/**
 * What every Done / Reopen button of a list shares, made once per list rather than per row: the
 * address to come back to (without an earlier flash) and whether the page has hydrated.
 */
export function useActionItemButtons(): { back: string; hydrated: boolean } {
  const location = useLocation();
  const hydrated = useHydrated();
  const params = new URLSearchParams(location.search);
  params.delete("actionItem");
  return { back: `${location.pathname}${params.size ? `?${params}` : ""}`, hydrated };
}

/**
 * Done / Reopen for one action item. Without JavaScript the form posts and the server sends the
 * browser back to this page; with it a fetcher posts in the background (the `fetch` field, added only
 * after hydration, asks for data instead of a redirect) and the page's loaders revalidate.
 */
export function ActionItemButton({ id, description, done, list }: { id: number; description: string; done: boolean; list: { back: string; hydrated: boolean } }) {
  const { t } = useTranslation();
  const fetcher = useFetcher<ActionItemReply>();
  const intent = done ? "reopen" : "done";
  const busy = fetcher.state !== "idle";
  const label = busy ? t("actionItems.saving") : t(done ? "actionItems.reopen" : "actionItems.markDone");
  return (
    <fetcher.Form method="post" action={`/action-items/${id}`} className="inline">
      <input type="hidden" name="redirectTo" value={list.back} />
      {list.hydrated ? <input type="hidden" name="fetch" value="1" /> : null}
      <button
        type="submit"
        // The accessible name starts with the visible text (WCAG 2.5.3) and names the item. An
        // aria-label rather than hidden text: Chromium puts a space before a positioned sr-only span.
        aria-label={label + t("actionItems.buttonTarget", { what: description })}
        name="intent"
        value={intent}
        disabled={busy}
        className={
          done
            ? "rounded border border-slate-400 px-3 py-1 text-sm hover:bg-slate-100 disabled:opacity-60"
            : "rounded bg-brand-700 px-3 py-1 text-sm font-medium text-white hover:bg-brand-800 disabled:opacity-60"
        }
      >
        {label}
      </button>
    </fetcher.Form>
  );
}

/** The flash after a plain form post (`?actionItem=done|reopened`). */
export function ActionItemFlash() {
  const { t } = useTranslation();
  const location = useLocation();
  const flash = new URLSearchParams(location.search).get("actionItem");
  if (flash !== "done" && flash !== "reopened") return null;
  return (
    <p role="status" className="rounded bg-green-50 px-3 py-2 text-green-900">
      {t(`actionItems.flash.${flash}`)}
    </p>
  );
}
