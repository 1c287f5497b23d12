import type { AppLoadContext } from "@remix-run/node";

declare module "@remix-run/node" {
  interface AppLoadContext {
    /** The client address as Express sees it (honours TRUST_PROXY). */
    clientAddress: string;
    /** Per-request nonce for the Content-Security-Policy. */
    cspNonce: string;
  }
}

export function clientAddress(context: AppLoadContext | undefined): string {
  return context?.clientAddress || "unknown";
}

/** Only local paths: "/x" but not "//evil.example" or "/\\evil.example". */
export function safeRedirect(to: FormDataEntryValue | string | null | undefined, fallback = "/"): string {
  if (!to || typeof to !== "string") return fallback;
  if (!to.startsWith("/") || to.startsWith("//") || to.startsWith("/\\")) return fallback;
  if (/[\u0000-\u001f]/.test(to)) return fallback;
  return to;
}

export function pageParam(url: URL, name = "page"): number {
  const n = Number.parseInt(url.searchParams.get(name) ?? "1", 10);
  return Number.isFinite(n) && n >= 1 && n <= 100000 ? n : 1;
}
