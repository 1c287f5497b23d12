// The language switch in the header, with and without JavaScript, signed in and signed out.
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  expectNoAxeViolations,
  expectNoProblems,
  httpLogin,
  launchBrowser,
  newContext,
  post,
  url,
  watchPage,
} from "./helpers";

let browser: Browser;

beforeAll(async () => {
  browser = await launchBrowser();
});

afterAll(async () => {
  // The language is kept on the account: leave the demo accounts in English whatever happened.
  for (const email of ["projects@iisalmi.example", "coordinator@mantova.example"]) {
    const cookie = await httpLogin(email);
    await post("/language", { language: "en", redirectTo: "/" }, cookie);
    await post("/logout", {}, cookie);
  }
  await browser?.close();
});

async function switchLanguage(page: Page, from: { label: string; button: string }, to: "English" | "Suomi") {
  await page.getByLabel(from.label, { exact: true }).selectOption({ label: to });
  await Promise.all([page.waitForNavigation(), page.getByRole("button", { name: from.button, exact: true }).click()]);
}

const EN = { label: "Language", button: "Change" };
const FI = { label: "Kieli", button: "Vaihda" };

async function mainNav(page: Page, name: string) {
  return (await page.getByRole("navigation", { name }).getByRole("link").allInnerTexts()).map((s) => s.trim());
}

for (const javaScriptEnabled of [true, false]) {
  describe(`language switch ${javaScriptEnabled ? "with" : "without"} JavaScript`, () => {
    it("switches a signed-in user to Finnish and back, on the same page", async () => {
      const email = javaScriptEnabled ? "projects@iisalmi.example" : "coordinator@mantova.example";
      const context = await newContext(browser, { javaScriptEnabled });
      const page = await context.newPage();
      const problems = watchPage(page);
      try {
        await page.goto(url("/login"));
        await page.getByLabel("E-mail").fill(email);
        await page.getByLabel("Password").fill("demo-password");
        await page.getByRole("button", { name: "Sign in" }).click();
        await page.waitForURL(url("/"));
        await page.goto(url("/members"));
        expect(await mainNav(page, "Main")).toContain("Members");

        await switchLanguage(page, EN, "Suomi");
        expect(page.url()).toBe(url("/members"));
        expect(await page.locator("html").getAttribute("lang")).toBe("fi");
        expect(await mainNav(page, "Päävalikko")).toContain("Jäsenet");
        expect(await page.getByRole("heading", { level: 1 }).innerText()).toBe("Jäsenet");
        expect(await page.getByRole("button", { name: "Kirjaudu ulos" }).count()).toBe(1);
        if (javaScriptEnabled) await expectNoAxeViolations(page, "/members in Finnish");

        // The choice is kept on the account: a reload (or another device) shows Finnish.
        await page.goto(url("/"));
        expect(await page.locator("html").getAttribute("lang")).toBe("fi");
        expect(await mainNav(page, "Päävalikko")).toEqual(expect.arrayContaining(["Etusivu", "Jäsenet"]));

        await switchLanguage(page, FI, "English");
        expect(page.url()).toBe(url("/"));
        expect(await page.locator("html").getAttribute("lang")).toBe("en");
        expect(await mainNav(page, "Main")).toEqual(expect.arrayContaining(["Dashboard", "Members"]));
      } finally {
        await context.close();
      }
      expectNoProblems(problems);
    });

    it("switches the sign-in page to Finnish before signing in", async () => {
      const context = await newContext(browser, { javaScriptEnabled });
      const page = await context.newPage();
      const problems = watchPage(page);
      try {
        await page.goto(url("/login"));
        expect(await page.getByRole("heading", { level: 1 }).innerText()).toBe("Sign in");
        await switchLanguage(page, EN, "Suomi");
        expect(page.url()).toBe(url("/login"));
        expect(await page.locator("html").getAttribute("lang")).toBe("fi");
        expect(await page.getByRole("heading", { level: 1 }).innerText()).toBe("Kirjaudu sisään");
        expect(await page.getByLabel("Sähköposti").count()).toBe(1);
        if (javaScriptEnabled) await expectNoAxeViolations(page, "/login in Finnish");

        await switchLanguage(page, FI, "English");
        expect(await page.locator("html").getAttribute("lang")).toBe("en");
        expect(await page.getByRole("heading", { level: 1 }).innerText()).toBe("Sign in");
      } finally {
        await context.close();
      }
      expectNoProblems(problems);
    });
  });
}

describe("language cookie", () => {
  it("is remembered for the next visit of a signed-out browser", async () => {
    const context = await newContext(browser);
    const page = await context.newPage();
    const problems = watchPage(page);
    try {
      await page.goto(url("/login"));
      await switchLanguage(page, EN, "Suomi");
      const cookie = (await context.cookies()).find((c) => c.name === "ulg_lng");
      expect(cookie?.httpOnly).toBe(true);
      const again = await context.newPage();
      await again.goto(url("/login"));
      expect(await again.getByRole("heading", { level: 1 }).innerText()).toBe("Kirjaudu sisään");
      // Signing in keeps the account's own language (English here), not the cookie's.
      await again.getByLabel("Sähköposti").fill("member@iisalmi.example");
      await again.getByLabel("Salasana").fill("demo-password");
      await again.getByRole("button", { name: "Kirjaudu", exact: true }).click();
      await again.waitForURL(url("/"));
      await expect.poll(() => again.locator("html").getAttribute("lang")).toBe("en");
      await expect.poll(() => mainNav(again, "Main")).toContain("Members");
      expect(await again.getByRole("heading", { level: 1 }).innerText()).toBe("Iisalmi dashboard");
    } finally {
      await context.close();
    }
    expectNoProblems(problems);
  });
});
