// The roster in Chromium, with and without JavaScript: adding, correcting, editing and ending a
// membership; filtering and sorting; inviting a roster member to sign in; what a member may not
// do; the CSV export. axe-core runs on every page visited.
import fs from "node:fs";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { baseUrl, expectNoAxeViolations, expectNoAxeViolationsWithoutJs, expectNoProblems, launchBrowser, newContext, url, watchPage } from "./helpers";
import { axe, expectFieldError, poll, expectHeading, getAs, idFromUrl, MODES, open, postAs, unique, withSession, type Session } from "./flow-helpers";

const COORDINATOR = "coordinator@iisalmi.example";
/** Each flow signs in through the form and runs axe-core on several pages: give it room on a busy machine. */
const SLOW = 180_000;
const MEMBER = "member@iisalmi.example";

let browser: Browser;

beforeAll(async () => {
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
});

/** The names in the roster table, in the order shown. */
async function rosterNames(page: Page): Promise<string[]> {
  return (await page.locator("table tbody tr td:first-child").allInnerTexts()).map((s) => s.trim());
}

/** Submits the roster's filter form with these values and waits for the list to follow. */
async function filterRoster(page: Page, filters: { q?: string; sector?: string }) {
  const search = page.getByRole("search");
  await search.getByLabel("Search name or organisation").fill(filters.q ?? "");
  await search.getByLabel("Sector").selectOption({ label: filters.sector ?? "All sectors" });
  const sector = await search.getByLabel("Sector").inputValue();
  await search.getByRole("button", { name: "Filter" }).click();
  // The form is a GET: the filters end up in the address (with JavaScript, once the new list is there).
  await page.waitForURL(
    (u) => u.pathname === "/members" && u.searchParams.get("q") === (filters.q ?? "") && u.searchParams.get("sector") === sector,
  );
}

/** The value shown next to a label in the member page's details list. */
async function detail(page: Page, label: string): Promise<string> {
  const dt = page.locator("dl dt", { hasText: new RegExp(`^${label}$`) });
  return (await dt.locator("xpath=following-sibling::dd[1]").innerText()).trim();
}

describe("adding, editing and ending a membership", () => {
  for (const mode of MODES) {
    it(`the coordinator corrects bad input, adds a member, edits it and ends the membership (${mode.label})`, async () => {
      const name = unique("Kaisa Testinen");
      // Each run adds its own person: e-mail addresses are unique within a city.
      const email = `kaisa.${name.split(" ").pop()}@example.fi`;
      await withSession(
        browser,
        COORDINATOR,
        mode.js,
        async (s) => {
          const { page } = s;
          await open(page, "/members");
          await page.getByRole("link", { name: "Add member" }).click();
          await page.waitForURL(url("/members/new"));
          await expectHeading(page, "Add a member");

          // Bad input: no name, an address that is not an e-mail address.
          await page.getByLabel("Sector").selectOption({ label: "Knowledge and education" });
          await page.getByLabel("Organisation").fill("Savonia test lab");
          await page.getByLabel("Position").fill("Researcher");
          await page.getByLabel("E-mail", { exact: true }).fill("kaisa.testinen(at)example.fi");
          await page.getByLabel("Phone").fill("+358 40 123 4567");
          const answer = mode.js ? null : page.waitForResponse((r) => r.request().method() === "POST");
          await page.getByRole("button", { name: "Add member" }).click();
          if (answer) expect((await answer).status()).toBe(400);
          await expectFieldError(page, "Name", "This field is required.");
          await expectFieldError(page, "E-mail", "Enter an e-mail address such as name@example.org.");
          // Still the form, with what was typed.
          expect(new URL(page.url()).pathname).toBe("/members/new");
          expect(await page.getByLabel("Sector").inputValue()).toBe("knowledge");
          expect(await page.getByLabel("Organisation").inputValue()).toBe("Savonia test lab");
          expect(await page.getByLabel("Position").inputValue()).toBe("Researcher");
          expect(await page.getByLabel("E-mail", { exact: true }).inputValue()).toBe("kaisa.testinen(at)example.fi");
          expect(await page.getByLabel("Phone").inputValue()).toBe("+358 40 123 4567");
          await axe(browser, s, "/members/new with errors");

          // Corrected.
          await page.getByLabel("Name").fill(name);
          await page.getByLabel("E-mail", { exact: true }).fill(email.replace("kaisa", "Kaisa").replace("example", "Example"));
          await page.getByRole("button", { name: "Add member" }).click();
          await page.waitForURL(/\/members\/\d+\?added=1$/);
          const id = idFromUrl(page.url(), "members");
          await expectHeading(page, name);
          expect((await page.getByRole("status").innerText()).trim()).toBe("Member added.");
          expect((await page.locator("h1 + p").innerText()).trim()).toBe("Researcher, Savonia test lab");
          expect(await detail(page, "Sector")).toBe("Knowledge and education");
          expect(await detail(page, "Status")).toBe("Active");
          // Stored in lower case; the coordinator sees contact details.
          expect(await detail(page, "E-mail")).toBe(email);
          expect(await detail(page, "Account")).toBe("No account");
          await axe(browser, s, "a member page");

          // Edit.
          await page.getByRole("link", { name: "Edit", exact: true }).click();
          await page.waitForURL(url(`/members/${id}/edit`));
          await expectHeading(page, `Edit ${name}`);
          expect(await page.getByLabel("Name").inputValue()).toBe(name);
          expect(await page.getByLabel("Sector").inputValue()).toBe("knowledge");
          await axe(browser, s, `/members/${id}/edit`);
          await page.getByLabel("Position").fill("Head of the test lab");
          await page.getByLabel("Sector").selectOption({ label: "Private" });
          await page.getByRole("button", { name: "Save changes" }).click();
          await page.waitForURL(url(`/members/${id}?saved=1`));
          await poll(async () => (await page.getByRole("status").innerText()).trim()).toBe("Changes saved.");
          expect((await page.locator("h1 + p").innerText()).trim()).toBe("Head of the test lab, Savonia test lab");
          expect(await detail(page, "Sector")).toBe("Private");

          // End the membership.
          await page.getByRole("link", { name: "Edit", exact: true }).click();
          await page.waitForURL(url(`/members/${id}/edit`));
          await expectHeading(page, `Edit ${name}`);
          const leftOn = "2026-01-31";
          await page.getByLabel("Left on", { exact: true }).fill(leftOn);
          await page.getByRole("button", { name: "End membership" }).click();
          await page.waitForURL(url(`/members/${id}?ended=1`));
          await poll(async () => (await page.getByRole("status").innerText()).trim())
            .toBe("The membership has ended and the person's sign-in was closed.");
          expect(await detail(page, "Status")).toBe("Left on January 31, 2026");
          await axe(browser, s, "a member page after the membership ended");

          // The active roster no longer lists the person; the list of those who left does.
          await open(page, `/members?q=${encodeURIComponent(name)}`);
          expect(await rosterNames(page)).toEqual([]);
          expect((await page.getByText("No members match.").count())).toBe(1);
          await open(page, `/members?status=left&q=${encodeURIComponent(name)}`);
          expect(await rosterNames(page)).toEqual([name]);
          expect((await page.locator("table tbody tr td:nth-child(5)").innerText()).trim()).toBe("Left");
          // The edit page says when, in words.
          await open(page, `/members/${id}/edit`);
          expect(await page.getByText("Left on January 31, 2026").count()).toBe(1);
          await axe(browser, s, `/members/${id}/edit after the membership ended`);
        },
        mode.js ? [] : [400],
      );
    }, SLOW);
  }
});

describe("the roster list", () => {
  for (const mode of MODES) {
    it(`filters by sector and by a search, and sorts names the Finnish way (${mode.label})`, async () => {
      await withSession(browser, COORDINATOR, mode.js, async (s) => {
        const { page } = s;
        await open(page, "/members");
        await expectHeading(page, "Members");
        const all = await rosterNames(page);
        // Finnish order: Ö comes after Z (in English order Örjan would sort as Orjan, before Ville).
        expect(all).toContain("Zacharias Wikström");
        expect(all).toContain("Örjan Lindqvist");
        expect(all.indexOf("Ville Korhonen")).toBeLessThan(all.indexOf("Zacharias Wikström"));
        expect(all.indexOf("Zacharias Wikström")).toBeLessThan(all.indexOf("Örjan Lindqvist"));
        // Marja Leinonen left in 2024: not on the active roster.
        expect(all).not.toContain("Marja Leinonen");
        await axe(browser, s, "/members");

        await filterRoster(page, { sector: "Knowledge and education" });
        expect(new URL(page.url()).searchParams.get("sector")).toBe("knowledge");
        await poll(() => rosterNames(page)).toContain("Mikko Räsänen");
        const knowledge = await rosterNames(page);
        expect(knowledge).toEqual(expect.arrayContaining(["Mikko Räsänen", "Sanna Hyvönen", "Laura Pesonen"]));
        expect(knowledge).not.toContain("Juha Partanen");
        expect(knowledge).not.toContain("Aino Kettunen");
        const sectors = await page.locator("table tbody tr td:nth-child(3)").allInnerTexts();
        expect(new Set(sectors.map((t) => t.trim()))).toEqual(new Set(["Knowledge and education"]));
        await axe(browser, s, "/members?sector=knowledge");

        // Search matches the organisation as well as the name.
        await filterRoster(page, { q: "Puutyö" });
        await poll(() => rosterNames(page)).toEqual(["Juha Partanen"]);
        expect((await page.getByText("1 member", { exact: true }).count())).toBe(1);

        // Searching in lower case finds names that start with Ä, Ö or Å.
        await filterRoster(page, { q: "örjan" });
        await poll(() => rosterNames(page)).toEqual(["Örjan Lindqvist"]);

        // Sector and search together; nothing matches.
        await filterRoster(page, { q: "Wikström", sector: "Civic" });
        await poll(() => page.getByText("No members match.").count()).toBe(1);
        expect(await rosterNames(page)).toEqual([]);
        await axe(browser, s, "/members with no match");
      });
    }, SLOW);
  }
});

describe("inviting a roster member to sign in", () => {
  const cases = [
    { person: "Mikko Räsänen", email: "mikko.rasanen@example.fi", js: true, label: "with JavaScript" },
    { person: "Päivi Tervo", email: "paivi.tervo@example.fi", js: false, label: "without JavaScript" },
  ];
  for (const c of cases) {
    it(`the coordinator invites ${c.person}, who chooses a password and is signed in (${c.label})`, async () => {
      let link = "";
      await withSession(browser, COORDINATOR, c.js, async (s) => {
        const { page } = s;
        // Found through the roster's search.
        await open(page, "/members");
        await filterRoster(page, { q: c.person.split(" ")[0] });
        await poll(() => rosterNames(page)).toEqual([c.person]);
        await page.getByRole("link", { name: c.person }).click();
        await page.waitForURL(/\/members\/\d+$/);
        const id = idFromUrl(page.url(), "members");
        await expectHeading(page, c.person);
        expect(await detail(page, "Account")).toBe("No account");

        await page.getByRole("link", { name: "Invite to sign in" }).click();
        await page.waitForURL(url(`/members/${id}/invite`));
        await expectHeading(page, `Invite ${c.person} to sign in`);
        expect(await detail(page, "The invitation goes to")).toBe(c.email);
        await axe(browser, s, `/members/${id}/invite`);
        await page.getByRole("button", { name: "Send the invitation" }).click();
        await page.waitForURL(url(`/members/${id}?invited=1`));
        await poll(async () => (await page.getByRole("status").innerText()).trim()).toBe("The invitation was sent.");

        // No mail server: the message waits in the outbox, where the coordinator may read it.
        await open(page, "/admin/outbox");
        await expectHeading(page, "Outbox");
        const message = page.locator("ol > li", { hasText: c.email }).first();
        await message.locator("summary").click();
        const text = await message.locator("pre").innerText();
        const found = /https?:\/\/\S+\/invite\/[A-Za-z0-9_-]+/.exec(text);
        expect(found, `an invitation link in:\n${text}`).not.toBeNull();
        link = found![0];
        expect(new URL(link).origin).toBe(baseUrl());
        await axe(browser, s, "/admin/outbox");
      });

      // The invited person, in a browser of their own.
      const context = await newContext(browser, { javaScriptEnabled: c.js });
      const page = await context.newPage();
      const problems = watchPage(page);
      const checkAxe = (label: string) => (c.js ? expectNoAxeViolations(page, label) : expectNoAxeViolationsWithoutJs(browser, page, label));
      try {
        const res = await page.goto(link);
        expect(res?.status()).toBe(200);
        await expectHeading(page, "Welcome to ULG Workshop");
        expect(await page.getByLabel("E-mail").inputValue()).toBe(c.email);
        await checkAxe("/invite/:token");

        // A common password is refused, with the message next to the field.
        await page.getByLabel("New password", { exact: true }).fill("password1234");
        await page.getByLabel("Repeat the new password").fill("password1234");
        const refused = page.waitForResponse((r) => r.request().method() === "POST");
        await page.getByRole("button", { name: "Save the password and sign in" }).click();
        expect((await refused).status()).toBe(400);
        await expectFieldError(
          page,
          "New password",
          "This password is too common or easy to guess. Try a longer phrase of unrelated words.",
        );
        expect(await page.getByTestId("current-user").count()).toBe(0);
        await checkAxe("/invite/:token with an error");

        await page.getByLabel("New password", { exact: true }).fill("kalakukko lumihanki sauna 2026");
        await page.getByLabel("Repeat the new password").fill("kalakukko lumihanki sauna 2026");
        await page.getByRole("button", { name: "Save the password and sign in" }).click();
        await page.waitForURL(url("/"));
        // The new account speaks the city's language, as the invitation said it would.
        await expectHeading(page, "Iisalmi – etusivu");
        expect(await page.locator("html").getAttribute("lang")).toBe("fi");
        expect((await page.getByTestId("current-user").innerText()).trim()).toBe(`${c.person} · Jäsen · Iisalmi`);
        await checkAxe("the dashboard after accepting an invitation");

        // The link worked once.
        const again = await page.goto(link);
        expect(again?.status()).toBe(410);
      } finally {
        await context.close();
      }
      expectNoProblems(problems, [400, 410]);
    }, SLOW);
  }
});

describe("what a member may not do", () => {
  for (const mode of MODES) {
    it(`a member reads the roster without Add, Edit or Import, and a direct POST is refused (${mode.label})`, async () => {
      const name = unique("Mallory Member");
      await withSession(
        browser,
        MEMBER,
        mode.js,
        async (s: Session) => {
          const { page } = s;
          await open(page, "/members");
          await expectHeading(page, "Members");
          expect(await rosterNames(page)).toContain("Sanna Hyvönen");
          for (const control of ["Add member", "Import CSV", "Export CSV"]) {
            expect(await page.getByRole("link", { name: control }).count(), control).toBe(0);
          }
          await axe(browser, s, "/members as a member");

          await page.getByRole("link", { name: "Sanna Hyvönen" }).click();
          await page.waitForURL(/\/members\/\d+$/);
          const id = idFromUrl(page.url(), "members");
          await expectHeading(page, "Sanna Hyvönen");
          for (const control of ["Edit", "Invite to sign in", "Erase personal data"]) {
            expect(await page.getByRole("link", { name: control }).count(), control).toBe(0);
          }
          // Sanna has not agreed to show her contact details.
          expect(await page.getByText("This member has not agreed to show contact details to the group.").count()).toBe(1);
          await axe(browser, s, "a member page as a member");

          for (const path of ["/members/new", `/members/${id}/edit`, "/members/import"]) {
            await open(page, path, 403);
            await expectHeading(page, "Not allowed");
          }
          await axe(browser, s, "the 403 page");

          // Past the missing button: the server refuses the write itself.
          const res = await postAs(page, "/members/new", { name, sector: "civic", organisation: "Nowhere" });
          expect(res.status()).toBe(403);
          const edit = await postAs(page, `/members/${id}/edit`, { name: "Changed by a member", sector: "civic" });
          expect(edit.status()).toBe(403);
          const end = await postAs(page, `/members/${id}/edit`, { intent: "end", leftOn: "2026-01-01" });
          expect(end.status()).toBe(403);
          // Nothing was saved.
          await open(page, `/members?status=all&q=${encodeURIComponent(name)}`);
          expect(await rosterNames(page)).toEqual([]);
          await open(page, `/members/${id}`);
          await expectHeading(page, "Sanna Hyvönen");
          expect(await detail(page, "Status")).toBe("Active");
        },
        [403],
      );
    }, SLOW);
  }
});

describe("the CSV export", () => {
  it("downloads for the coordinator (UTF-8 with BOM, named after the city and day) and is refused to a member", async () => {
    await withSession(browser, COORDINATOR, true, async ({ page }) => {
      await open(page, "/members");
      const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: "Export CSV" }).click()]);
      expect(download.suggestedFilename()).toMatch(/^iisalmi-ulg-members-\d{4}-\d{2}-\d{2}\.csv$/);
      const file = await download.path();
      const bytes = fs.readFileSync(file);
      expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
      const text = bytes.subarray(3).toString("utf8");
      const lines = text.split("\r\n");
      expect(lines[0]).toContain(";");
      expect(text).toContain("Örjan Lindqvist");
      expect(text).toContain("Zacharias Wikström");
      expect(text).not.toContain("Luca Bianchi");

      const res = await getAs(page, "/members/export.csv");
      expect(res.status()).toBe(200);
      expect(res.headers()["content-type"]).toBe("text/csv; charset=utf-8");
      expect(res.headers()["content-disposition"]).toMatch(/^attachment; filename="iisalmi-ulg-members-\d{4}-\d{2}-\d{2}\.csv"$/);
      expect([...(await res.body()).subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    });

    await withSession(
      browser,
      MEMBER,
      true,
      async ({ page }) => {
        const res = await getAs(page, "/members/export.csv");
        expect(res.status()).toBe(403);
        expect(res.headers()["content-disposition"]).toBeUndefined();
        expect(await res.text()).not.toContain("Lindqvist");
        // Opened as an address, it is refused too (a file address answers in plain text).
        await open(page, "/members/export.csv", 403);
        expect(await page.locator("body").innerText()).not.toContain("Lindqvist");
      },
      [403],
    );
  }, SLOW);
});

describe("accessibility of the other roster and administration pages", () => {
  const pages: { email: string; path: string; heading: string | RegExp }[] = [
    { email: COORDINATOR, path: "/members/import", heading: "Import members from a CSV file" },
    { email: COORDINATOR, path: "/settings", heading: "Settings" },
    { email: "projects@iisalmi.example", path: "/admin/users", heading: "Accounts" },
    { email: "projects@iisalmi.example", path: "/admin/users/new", heading: "New account" },
    { email: "admin@network.example", path: "/admin/cities", heading: "Partner cities" },
  ];
  for (const mode of MODES) {
    for (const email of [...new Set(pages.map((p) => p.email))]) {
      const paths = pages.filter((x) => x.email === email);
      it(`axe-core finds nothing on ${paths.map((p) => p.path).join(", ")} as ${email} (${mode.label})`, async () => {
        await withSession(browser, email, mode.js, async (s) => {
          for (const p of paths) {
            await open(s.page, p.path);
            await expectHeading(s.page, p.heading);
            await axe(browser, s, `${p.path} as ${email}`);
          }
        });
      }, SLOW);
    }
  }
});
