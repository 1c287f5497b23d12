// Shared helpers for the end-to-end tests: the server's address, Chromium, sign-in, axe-core
// and collecting errors from the browser console.
import fs from "node:fs";
import { createRequire } from "node:module";
import { chromium, type Browser, type BrowserContext, type BrowserContextOptions, type Page } from "playwright-core";
import { expect, inject } from "vitest";

export const DEMO_PASSWORD = "demo-password";

export type DemoAccount = {
  email: string;
  name: string;
  role: "admin" | "project_coordinator" | "ulg_coordinator" | "member";
  roleLabel: string;
  /** What the header shows after the role: the city, or the network for the admin. */
  place: string;
  dashboardTitle: string;
  /** Whether the main navigation has the Admin link (accounts). */
  admin: boolean;
};

export const DEMO_ACCOUNTS: DemoAccount[] = [
  {
    email: "admin@network.example",
    name: "Network Administrator",
    role: "admin",
    roleLabel: "Administrator",
    place: "Residents of the Future network",
    dashboardTitle: "Network dashboard",
    admin: true,
  },
  {
    email: "projects@iisalmi.example",
    name: "Helena Kärkkäinen",
    role: "project_coordinator",
    roleLabel: "Project coordinator",
    place: "Iisalmi",
    dashboardTitle: "Iisalmi dashboard",
    admin: true,
  },
  {
    email: "coordinator@iisalmi.example",
    name: "Jari Savolainen",
    role: "ulg_coordinator",
    roleLabel: "ULG coordinator",
    place: "Iisalmi",
    dashboardTitle: "Iisalmi dashboard",
    admin: false,
  },
  {
    email: "member@iisalmi.example",
    name: "Aino Kettunen",
    role: "member",
    roleLabel: "Member",
    place: "Iisalmi",
    dashboardTitle: "Iisalmi dashboard",
    admin: false,
  },
  {
    email: "coordinator@mantova.example",
    name: "Giulia Ferrari",
    role: "ulg_coordinator",
    roleLabel: "ULG coordinator",
    place: "Mantova",
    dashboardTitle: "Mantova dashboard",
    admin: false,
  },
];

export function account(email: string): DemoAccount {
  const found = DEMO_ACCOUNTS.find((a) => a.email === email);
  if (!found) throw new Error(`no demo account ${email}`);
  return found;
}

/** The test server's base URL, e.g. http://127.0.0.1:43817 (no trailing slash). */
export function baseUrl(): string {
  const url = inject("baseUrl") ?? process.env.ULG_E2E_BASE_URL;
  if (!url) throw new Error("The base URL was not provided: run the tests through vitest.e2e.config.ts");
  return url;
}

export function url(path: string): string {
  return new URL(path, baseUrl()).toString();
}

// --- Chromium -----------------------------------------------------------------------------------

export const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
  "--disable-quic",
];

export async function launchBrowser(): Promise<Browser> {
  const executablePath = process.env.CHROMIUM_PATH || "/usr/bin/chromium";
  if (!fs.existsSync(executablePath)) {
    throw new Error(
      `Chromium is not at ${executablePath}. Install Debian's package (apt-get install -y chromium) ` +
        "or point CHROMIUM_PATH at a Chromium binary; never `npx playwright install`.",
    );
  }
  return chromium.launch({ executablePath, args: CHROMIUM_ARGS });
}

/**
 * A fresh browser context (no cookies) in English. The app's Content-Security-Policy stays in
 * force, so anything it blocks shows up as a console error; axe-core is injected through the
 * DevTools protocol (page.evaluate), which the CSP does not govern, and which also works in
 * contexts with JavaScript turned off.
 */
export async function newContext(browser: Browser, options: BrowserContextOptions = {}): Promise<BrowserContext> {
  return browser.newContext({
    baseURL: baseUrl(),
    locale: "en-US",
    viewport: { width: 1280, height: 900 },
    ...options,
  });
}

// --- Errors in the browser ----------------------------------------------------------------------

export type PageProblems = { errors: string[] };

/** Collects console errors and uncaught page errors; `expectNoProblems` fails the test on any. */
export function watchPage(page: Page): PageProblems {
  const problems: PageProblems = { errors: [] };
  page.on("console", (msg) => {
    if (msg.type() !== "error") return;
    const location = msg.location();
    problems.errors.push(`console.error at ${page.url()}: ${msg.text()}${location.url ? ` (${location.url}:${location.lineNumber})` : ""}`);
  });
  page.on("pageerror", (error) => {
    problems.errors.push(`uncaught error at ${page.url()}: ${error.stack ?? error.message}`);
  });
  return problems;
}

/**
 * Console errors the browser logs for an HTTP error status of the document itself (a 403 or 404
 * page the test opens on purpose) are expected; everything else is a failure.
 */
export function expectNoProblems(problems: PageProblems, expectedStatuses: number[] = []) {
  const unexpected = problems.errors.filter((e) => {
    const m = /Failed to load resource: the server responded with a status of (\d{3})/.exec(e);
    return !(m && expectedStatuses.includes(Number(m[1])));
  });
  if (unexpected.length > 0) throw new Error(`errors in the browser:\n${unexpected.map((e) => `  ${e}`).join("\n")}`);
}

// --- Signing in ---------------------------------------------------------------------------------

/** Signs in through the real form on /login and waits for the dashboard. */
export async function login(page: Page, email: string, password = DEMO_PASSWORD) {
  await page.goto(url("/login"));
  await fillLogin(page, email, password);
  await page.waitForURL(url("/"));
  await expect.poll(() => page.getByTestId("current-user").count()).toBe(1);
}

export async function fillLogin(page: Page, email: string, password: string) {
  await page.getByLabel("E-mail").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
}

/** Signs in with a plain form POST and returns the session cookie ("name=value"). */
export async function httpLogin(email: string, password = DEMO_PASSWORD): Promise<string> {
  const res = await fetch(url("/login"), {
    method: "POST",
    redirect: "manual",
    headers: { Origin: baseUrl(), "Content-Type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ email, password }),
  });
  if (res.status !== 302) throw new Error(`sign-in of ${email} answered ${res.status}`);
  const cookie = res.headers.getSetCookie().find((c) => c.startsWith("ulg_session="));
  if (!cookie) throw new Error(`sign-in of ${email} set no session cookie`);
  return cookie.split(";")[0];
}

/** A GET (or other request) that does not follow redirects. */
export function get(path: string, cookie?: string, init: RequestInit = {}): Promise<Response> {
  const headers = new Headers(init.headers);
  if (cookie) headers.set("Cookie", cookie);
  return fetch(url(path), { redirect: "manual", ...init, headers });
}

/** A same-origin form POST that does not follow redirects. */
export function post(path: string, form: Record<string, string>, cookie?: string, origin = baseUrl()): Promise<Response> {
  const headers = new Headers({ Origin: origin, "Content-Type": "application/x-www-form-urlencoded" });
  if (cookie) headers.set("Cookie", cookie);
  return fetch(url(path), { method: "POST", redirect: "manual", headers, body: new URLSearchParams(form) });
}

// --- Accessibility ------------------------------------------------------------------------------

const require = createRequire(import.meta.url);
let axeSource: string | undefined;

type AxeResult = {
  violations: {
    id: string;
    impact: string | null;
    help: string;
    helpUrl: string;
    nodes: { target: unknown[]; failureSummary?: string; html: string }[];
  }[];
};

/** Runs axe-core (WCAG 2.0/2.1/2.2 A and AA rules) on the page and fails listing every violation. */
export async function expectNoAxeViolations(page: Page, label = page.url()) {
  axeSource ??= fs.readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");
  const loaded = await page.evaluate(() => typeof (window as unknown as { axe?: unknown }).axe !== "undefined");
  if (!loaded) await page.evaluate(axeSource);
  const result = (await page.evaluate(() =>
    (window as unknown as { axe: { run: (ctx: unknown, opts: unknown) => Promise<unknown> } }).axe.run(document, {
      runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"] },
      resultTypes: ["violations"],
    }),
  )) as AxeResult;
  const lines = result.violations.flatMap((v) => [
    `${v.id} (${v.impact}): ${v.help} — ${v.helpUrl}`,
    ...v.nodes.map((n) => `    ${JSON.stringify(n.target)} ${n.html.slice(0, 200)}\n      ${(n.failureSummary ?? "").replace(/\n/g, "\n      ")}`),
  ]);
  if (lines.length > 0) throw new Error(`axe-core violations on ${label}:\n${lines.join("\n")}`);
}

/**
 * axe-core needs timers, which a context with JavaScript turned off does not run. For such a page,
 * the server-rendered document (without its scripts) is copied into a JavaScript-enabled page
 * of the same origin, with the same stylesheet, and checked there.
 */
export async function expectNoAxeViolationsWithoutJs(browser: Browser, page: Page, label = page.url()) {
  const html = (await page.content())
    .replace(/<script\b[^>]*>[\s\S]*?<\/script>/gi, "")
    .replace(/<link\b[^>]*rel="modulepreload"[^>]*>/gi, "");
  const context = await newContext(browser);
  try {
    const copy = await context.newPage();
    const problems = watchPage(copy);
    await copy.goto(url("/healthz"));
    await copy.setContent(html, { waitUntil: "load" });
    await expectNoAxeViolations(copy, `${label} (server-rendered, no JavaScript)`);
    expectNoProblems(problems);
  } finally {
    await context.close();
  }
}
