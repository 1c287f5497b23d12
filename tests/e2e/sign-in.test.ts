// Signing in and out in Chromium, with and without JavaScript, for every demo account; axe-core
// runs on every page visited.
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  DEMO_ACCOUNTS,
  DEMO_PASSWORD,
  expectNoAxeViolations,
  expectNoAxeViolationsWithoutJs,
  expectNoProblems,
  fillLogin,
  get,
  launchBrowser,
  login,
  newContext,
  url,
  watchPage,
  type DemoAccount,
} from "./helpers";

let browser: Browser;

beforeAll(async () => {
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
});

async function navLinks(page: Page): Promise<string[]> {
  return (await page.getByRole("navigation", { name: "Main" }).getByRole("link").allInnerTexts()).map((s) => s.trim());
}

/** Clicks a link and waits for the page's main heading to be the expected one. */
async function follow(page: Page, linkName: string, path: string, heading: string | RegExp, scope = page.locator("body")) {
  await scope.getByRole("link", { name: linkName, exact: true }).first().click();
  await page.waitForURL(url(path));
  await expect.poll(() => page.getByRole("heading", { level: 1 }).innerText()).toMatch(heading);
}

describe("signing in as each demo account", () => {
  for (const acct of DEMO_ACCOUNTS) {
    it(`${acct.email} (${acct.role}) sees the pages of the role`, async () => {
      const context = await newContext(browser);
      const page = await context.newPage();
      const problems = watchPage(page);
      try {
        await visitAs(page, acct);
      } finally {
        await context.close();
      }
      // The 403 and 404 pages opened on purpose are reported by the browser as failed loads.
      expectNoProblems(problems, acct.role === "admin" ? [404] : [403, 404]);
    });
  }
});

async function visitAs(page: Page, acct: DemoAccount) {
  const loginResponse = await page.goto(url("/login"));
  expect(loginResponse?.status()).toBe(200);
  await expect.poll(() => page.getByRole("heading", { level: 1 }).innerText()).toBe("Sign in");
  await expectNoAxeViolations(page, "/login");

  await fillLogin(page, acct.email, DEMO_PASSWORD);
  await page.waitForURL(url("/"));
  await expect.poll(() => page.getByRole("heading", { level: 1 }).innerText()).toBe(acct.dashboardTitle);

  // Header: name, role and city (the network for the administrator).
  const who = (await page.getByTestId("current-user").innerText()).trim();
  expect(who).toBe(`${acct.name} · ${acct.roleLabel} · ${acct.place}`);
  // Dashboard and Members for everyone; the Admin link only for the roles that manage accounts.
  const nav = await navLinks(page);
  expect(nav.slice(0, 2)).toEqual(["Dashboard", "Members"]);
  expect(nav.includes("Admin"), `Admin link for ${acct.role}`).toBe(acct.admin);
  expect(await page.locator("html").getAttribute("lang")).toBe("en");
  await expectNoAxeViolations(page, `/ as ${acct.email}`);

  // The roster, and one member of it.
  await follow(page, "Members", "/members", "Members", page.getByRole("navigation", { name: "Main" }));
  const names = (await page.locator("table tbody tr td:first-child a").allInnerTexts()).map((s) => s.trim());
  expect(names.length).toBeGreaterThan(0);
  if (acct.place === "Iisalmi") {
    expect(names).toContain("Aino Kettunen");
    expect(names).not.toContain("Luca Bianchi");
  } else if (acct.place === "Mantova") {
    expect(names).toContain("Luca Bianchi");
    expect(names).not.toContain("Aino Kettunen");
  } else {
    expect(await page.getByRole("columnheader", { name: "City" }).count()).toBe(1);
  }
  await expectNoAxeViolations(page, `/members as ${acct.email}`);

  const first = page.locator("table tbody tr td:first-child a").first();
  const firstName = (await first.innerText()).trim();
  const href = await first.getAttribute("href");
  expect(href).toMatch(/^\/members\/\d+$/);
  await first.click();
  await page.waitForURL(url(href!));
  await expect.poll(() => page.getByRole("heading", { level: 1 }).innerText()).toBe(firstName);
  await expectNoAxeViolations(page, `${href} as ${acct.email}`);

  // Administration: only for the project coordinator and the administrator.
  if (acct.admin) {
    await follow(page, "Admin", "/admin/users", "Accounts", page.getByRole("navigation", { name: "Main" }));
    const emails = await page.locator("table tbody tr td:nth-child(2)").allInnerTexts();
    expect(emails).toContain(acct.email);
    if (acct.role === "project_coordinator") {
      // A city's accounts only.
      expect(emails).not.toContain("coordinator@mantova.example");
      expect(emails).not.toContain("admin@network.example");
    } else {
      expect(emails).toContain("coordinator@mantova.example");
    }
    await expectNoAxeViolations(page, `/admin/users as ${acct.email}`);

    const adminNav = page.getByRole("navigation", { name: "Administration" });
    await follow(page, "Audit log", "/admin/audit", "Audit log", adminNav);
    // The sign-in a moment ago is in the log.
    await expect.poll(() => page.locator("table tbody").innerText()).toContain("auth.sign_in");
    await expectNoAxeViolations(page, `/admin/audit as ${acct.email}`);

    if (acct.role === "admin") {
      await follow(page, "Cities", "/admin/cities", "Partner cities", adminNav);
      const cities = await page.locator("table tbody tr td:first-child").allInnerTexts();
      expect(cities).toHaveLength(10);
      expect(cities.some((c) => c.includes("Šibenik") && c.includes("Lead partner"))).toBe(true);
      await expectNoAxeViolations(page, `/admin/cities as ${acct.email}`);
    } else {
      expect(await adminNav.getByRole("link", { name: "Cities" }).count()).toBe(0);
      const res = await page.goto(url("/admin/cities"));
      expect(res?.status()).toBe(403);
    }
  } else {
    // No Admin link, and the address itself is refused.
    const res = await page.goto(url("/admin/users"));
    expect(res?.status()).toBe(403);
    await expect.poll(() => page.getByRole("heading", { level: 1 }).innerText()).toBe("Not allowed");
    await expectNoAxeViolations(page, `/admin/users (403) as ${acct.email}`);
  }

  // Settings.
  await page.goto(url("/"));
  await follow(page, "Settings", "/settings", "Settings");
  expect(await page.getByText(`Signed in as ${acct.email}.`).count()).toBe(1);
  expect(await page.getByLabel("Name").inputValue()).toBe(acct.name);
  await expectNoAxeViolations(page, `/settings as ${acct.email}`);

  // An unknown address.
  const missing = await page.goto(url("/no-such-page"));
  expect(missing?.status()).toBe(404);
  await expect.poll(() => page.getByRole("heading", { level: 1 }).innerText()).toBe("Page not found");
  await expectNoAxeViolations(page, `/no-such-page as ${acct.email}`);
}

describe("failed sign-in", () => {
  it("shows one generic message, keeps the e-mail and answers 400 (with JavaScript)", async () => {
    const context = await newContext(browser);
    const page = await context.newPage();
    const problems = watchPage(page);
    try {
      await page.goto(url("/login"));
      const answer = page.waitForResponse(
        (r) => r.request().method() === "POST" && new URL(r.url()).pathname.startsWith("/login"),
      );
      await fillLogin(page, "member@iisalmi.example", "not-the-password");
      expect((await answer).status()).toBe(400);
      await expect.poll(() => page.getByRole("alert").innerText()).toBe("The e-mail or password is not right.");
      expect(page.url()).toBe(url("/login"));
      expect(await page.getByLabel("E-mail").inputValue()).toBe("member@iisalmi.example");
      expect(await page.getByTestId("current-user").count()).toBe(0);
      await expectNoAxeViolations(page, "/login with an error");
    } finally {
      await context.close();
    }
    // The browser reports the deliberate 400 answer as a failed resource load.
    expectNoProblems(problems, [400]);
  });
});

describe("signing out", () => {
  it("ends the session on the server: the old cookie no longer signs anyone in", async () => {
    const context = await newContext(browser);
    const page = await context.newPage();
    const problems = watchPage(page);
    try {
      await login(page, "coordinator@iisalmi.example");
      const session = (await context.cookies()).find((c) => c.name === "ulg_session");
      expect(session?.value).toBeTruthy();
      expect(session?.httpOnly).toBe(true);
      expect(session?.sameSite).toBe("Lax");
      const oldCookie = `ulg_session=${session!.value}`;

      // The old cookie works before signing out…
      const before = await get("/", oldCookie);
      expect(before.status).toBe(200);

      await page.getByRole("button", { name: "Sign out" }).click();
      await page.waitForURL(url("/login"));
      await expect.poll(() => page.getByRole("heading", { level: 1 }).innerText()).toBe("Sign in");
      expect(await page.getByTestId("current-user").count()).toBe(0);
      expect((await context.cookies()).find((c) => c.name === "ulg_session")).toBeUndefined();

      // …and not after.
      const after = await get("/", oldCookie);
      expect(after.status).toBe(302);
      expect(after.headers.get("location")).toBe("/login");
      const members = await get("/members", oldCookie);
      expect(members.status).toBe(302);
      expect(members.headers.get("location")).toBe("/login?redirectTo=%2Fmembers");

      // In the browser too.
      await page.goto(url("/members"));
      expect(page.url()).toBe(url("/login?redirectTo=%2Fmembers"));
    } finally {
      await context.close();
    }
    expectNoProblems(problems);
  });
});

describe("without JavaScript", () => {
  it("signs in with the plain form and lands on the dashboard", async () => {
    const context = await newContext(browser, { javaScriptEnabled: false });
    const page = await context.newPage();
    const problems = watchPage(page);
    try {
      await page.goto(url("/members"));
      expect(page.url()).toBe(url("/login?redirectTo=%2Fmembers"));
      await fillLogin(page, "projects@iisalmi.example", DEMO_PASSWORD);
      // The hidden redirectTo brings the user back to where they were going.
      await page.waitForURL(url("/members"));
      expect((await page.getByTestId("current-user").innerText()).trim()).toBe("Helena Kärkkäinen · Project coordinator · Iisalmi");
      await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Dashboard" }).click();
      await page.waitForURL(url("/"));
      expect(await page.getByRole("heading", { level: 1 }).innerText()).toBe("Iisalmi dashboard");

      await page.getByRole("button", { name: "Sign out" }).click();
      await page.waitForURL(url("/login"));
      expect(await page.getByTestId("current-user").count()).toBe(0);
    } finally {
      await context.close();
    }
    expectNoProblems(problems);
  });

  it("shows the message for a wrong password, keeps the e-mail, answers 400", async () => {
    const context = await newContext(browser, { javaScriptEnabled: false });
    const page = await context.newPage();
    const problems = watchPage(page);
    try {
      await page.goto(url("/login"));
      const answer = page.waitForResponse((r) => r.request().method() === "POST" && new URL(r.url()).pathname === "/login");
      await fillLogin(page, "coordinator@mantova.example", "wrong-password");
      const response = await answer;
      expect(response.status()).toBe(400);
      expect(await response.text()).not.toContain("wrong-password");
      await page.waitForLoadState();
      expect((await page.getByRole("alert").innerText()).trim()).toBe("The e-mail or password is not right.");
      expect(await page.getByLabel("E-mail").inputValue()).toBe("coordinator@mantova.example");
      expect(await page.getByLabel("Password").inputValue()).toBe("");
      expect(await page.getByTestId("current-user").count()).toBe(0);
      await expectNoAxeViolationsWithoutJs(browser, page, "/login with an error");
    } finally {
      await context.close();
    }
    expectNoProblems(problems, [400]);
  });
});
