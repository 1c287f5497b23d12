// Helpers for the roster and meeting flows (roster.test.ts, meetings.test.ts): a signed-in page
// in a fresh context with or without JavaScript, axe-core that works either way, and the
// small waits a form post needs in both modes.
import type { Browser, BrowserContext, Page } from "playwright-core";
import { expect } from "vitest";
import {
  baseUrl,
  expectNoAxeViolations,
  expectNoAxeViolationsWithoutJs,
  expectNoProblems,
  httpLogin,
  login,
  newContext,
  post,
  url,
  watchPage,
  type PageProblems,
} from "./helpers";

export type Mode = { js: boolean; label: string };

/** expect.poll with room for a slow, busy machine (a client-side navigation renders after its data arrives). */
export function poll<T>(fn: () => T | Promise<T>) {
  return expect.poll(fn, { timeout: 15_000, interval: 100 });
}

/** Every flow runs once with JavaScript and once with plain HTML forms. */
export const MODES: Mode[] = [
  { js: true, label: "with JavaScript" },
  { js: false, label: "without JavaScript" },
];

export type Session = { context: BrowserContext; page: Page; problems: PageProblems; js: boolean };

/** A fresh context (no cookies), a page whose console errors are collected, signed in through the form. */
export async function signedIn(browser: Browser, email: string, js = true, options: Parameters<typeof newContext>[1] = {}): Promise<Session> {
  const context = await newContext(browser, { javaScriptEnabled: js, ...options });
  const page = await context.newPage();
  const problems = watchPage(page);
  await login(page, email);
  return { context, page, problems, js };
}

/**
 * Runs a flow in a session and closes it; fails on browser console errors afterwards, except a
 * failed load with one of the expected HTTP statuses (a 400 answer to bad input, a 403 or 404
 * opened on purpose).
 */
export async function withSession(
  browser: Browser,
  email: string,
  js: boolean,
  flow: (s: Session) => Promise<void>,
  expectedStatuses: number[] = [],
  options: Parameters<typeof newContext>[1] = {},
) {
  const session = await signedIn(browser, email, js, options);
  try {
    await flow(session);
  } finally {
    await session.context.close();
  }
  expectNoProblems(session.problems, expectedStatuses);
}

/** axe-core on the page as it is: directly with JavaScript, on the server-rendered copy without. */
export async function axe(browser: Browser, s: Session, label: string) {
  if (s.js) await expectNoAxeViolations(s.page, label);
  else await expectNoAxeViolationsWithoutJs(browser, s.page, label);
}

/** The main heading's text, waited for (a client-side navigation renders after the URL changes). */
export async function expectHeading(page: Page, heading: string | RegExp) {
  await poll(async () => ((await page.getByRole("heading", { level: 1 }).count()) === 1 ? (await page.getByRole("heading", { level: 1 }).innerText()).trim() : ""))
    .toMatch(heading instanceof RegExp ? heading : new RegExp(`^${escapeRegExp(heading)}$`));
}

export function escapeRegExp(s: string) {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** Goes to a path and checks the answer's status. */
export async function open(page: Page, path: string, status = 200) {
  const res = await page.goto(url(path));
  expect(res?.status(), `GET ${path}`).toBe(status);
  return res;
}

/** The text of the field's own error messages (the list its aria-describedby points to). */
export async function fieldError(page: Page, label: string | RegExp): Promise<string> {
  const input = page.getByLabel(label, { exact: typeof label === "string" });
  const ids = (await input.getAttribute("aria-describedby")) ?? "";
  const texts: string[] = [];
  for (const id of ids.split(/\s+/).filter((i) => i.endsWith("-error"))) {
    texts.push((await page.locator(`[id="${id}"]`).innerText()).trim());
  }
  return texts.join(" ");
}

/** Waits until a field shows exactly this error message, and is marked invalid. */
export async function expectFieldError(page: Page, label: string | RegExp, message: string) {
  await poll(() => fieldError(page, label)).toBe(message);
  expect(await page.getByLabel(label, { exact: typeof label === "string" }).getAttribute("aria-invalid")).toBe("true");
}

/** A POST with the page's cookies, from the app's own origin (the same-origin check passes), not following redirects. */
export function postAs(page: Page, path: string, form: Record<string, string>) {
  return page.request.post(url(path), { form, headers: { Origin: baseUrl() }, maxRedirects: 0, failOnStatusCode: false });
}

/** A GET with the page's cookies, not following redirects. */
export function getAs(page: Page, path: string) {
  return page.request.get(url(path), { maxRedirects: 0, failOnStatusCode: false });
}

/** A name no other test (or earlier run of this one) uses. */
export function unique(prefix: string) {
  return `${prefix} ${Date.now().toString(36)}${Math.floor(Math.random() * 1296).toString(36)}`;
}

/** The numeric id at the end of a path such as /members/12 or /meetings/7?created=1. */
export function idFromUrl(u: string, kind: "members" | "meetings"): number {
  const m = new RegExp(`/${kind}/(\\d+)`).exec(new URL(u).pathname);
  if (!m) throw new Error(`no ${kind} id in ${u}`);
  return Number(m[1]);
}

/**
 * Schedules a meeting over plain HTTP as a coordinator (setup for a test about something else) and
 * returns its id. Signs in with the password (a successful sign-in) and out again.
 */
export async function scheduleMeeting(
  email: string,
  fields: { title: string; date: string; startTime: string; endTime: string; kind?: string; place?: string },
): Promise<number> {
  const cookie = await httpLogin(email);
  try {
    const res = await post("/meetings/new", { kind: "ulg_meeting", place: "Iisalmi City Hall", ...fields }, cookie);
    const location = res.headers.get("location") ?? "";
    if (res.status !== 302 || !/^\/meetings\/\d+\?created=1$/.test(location)) {
      throw new Error(`scheduling "${fields.title}" answered ${res.status} ${location}`);
    }
    return Number(/\d+/.exec(location)![0]);
  } finally {
    await post("/logout", {}, cookie);
  }
}

/** YYYY-MM-DD of a day `days` from now in a time zone. */
export function isoDay(days: number, timeZone = "Europe/Helsinki") {
  const d = new Date(Date.now() + days * 86_400_000);
  return new Intl.DateTimeFormat("en-CA", { timeZone, year: "numeric", month: "2-digit", day: "2-digit" }).format(d);
}
