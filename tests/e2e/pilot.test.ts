// Pilot actions in Chromium: the ULG coordinator edits a demo pilot with JavaScript and writes a
// new one without it (bad input first, indicator rows added and removed through the server), a
// member reads a pilot and cannot change it, other cities and early stages get 404. axe-core runs
// on every pilot page visited.
import Database from "better-sqlite3";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { axe, expectFieldError, expectHeading, open, poll, postAs, withSession } from "./flow-helpers";
import { launchBrowser } from "./helpers";

const COORDINATOR = "coordinator@iisalmi.example";
const MEMBER = "member@iisalmi.example";
const MANTOVA = "coordinator@mantova.example";
const SLOW = 180_000;

// Demo ideas (db/seed/ideas.ts): two with pilots, one piloting without a record yet, one still proposed.
const WELCOME = "Tervetuloilta uusille asukkaille";
const RETURNEES = "Paluumuuttajien kesätapaaminen";
const REPAIR = "Korjauskahvila ja kierrätyspaja";
const PROPOSED = "Sähköpyörien lainaamo";

let browser: Browser;
const ids: Record<string, number> = {};

function withDb<T>(fn: (db: Database.Database) => T): T {
  const db = new Database(inject("databasePath"));
  try {
    db.pragma("busy_timeout = 5000");
    return fn(db);
  } finally {
    db.close();
  }
}

type PilotRow = { id: number; objective: string | null; budget_cents: number | null; starts_on: string | null; ends_on: string | null; decision: string | null };
const pilotOf = (ideaId: number) => withDb((db) => db.prepare("select * from pilot_actions where idea_id = ?").get(ideaId) as PilotRow | undefined);
const indicatorsOf = (pilotId: number) =>
  withDb((db) => db.prepare("select name, target, result from pilot_indicators where pilot_id = ? order by position").all(pilotId) as { name: string; target: string | null; result: string | null }[]);

beforeAll(async () => {
  browser = await launchBrowser();
  withDb((db) => {
    for (const title of [WELCOME, RETURNEES, REPAIR, PROPOSED]) {
      const row = db.prepare("select i.id from ideas i join cities c on c.id = i.city_id where c.slug = 'iisalmi' and i.title = ?").get(title) as { id: number } | undefined;
      if (!row) throw new Error(`demo idea "${title}" is missing`);
      ids[title] = row.id;
    }
  });
});

afterAll(async () => {
  await browser?.close();
});

describe("the coordinator keeps pilots", () => {
  it(
    "edits a demo pilot with JavaScript: a bad budget is caught, an indicator is added, the page shows the new figures",
    async () => {
      const id = ids[RETURNEES];
      await withSession(browser, COORDINATOR, true, async (s) => {
        const { page } = s;
        await open(page, `/ideas/${id}`);
        await page.getByRole("link", { name: "Pilot action", exact: true }).click();
        await poll(() => new URL(page.url()).pathname).toBe(`/ideas/${id}/pilot`);
        await expectHeading(page, RETURNEES);
        await poll(() => page.getByTestId("pilot-budget").innerText()).toBe("€2,000.00");
        await axe(browser, s, "/ideas/:id/pilot (coordinator)");

        await page.getByLabel("Budget (euros)").fill("abc");
        await page.getByRole("button", { name: "Save the pilot action" }).click();
        await expectFieldError(page, "Budget (euros)", "Enter an amount in euros, such as 1,200.50.");
        expect(pilotOf(id)?.budget_cents).toBe(200_000);

        await page.getByLabel("Budget (euros)").fill("2,150.25");
        await page.getByLabel("Result 1", { exact: true }).fill("41");
        await page.getByRole("button", { name: "Add an indicator" }).click();
        await page.getByLabel("Indicator 3", { exact: true }).fill("Employers contacted afterwards");
        await page.getByLabel("Target 3", { exact: true }).fill("5");
        await page.getByLabel("Decision").selectOption({ label: "Scale up" });
        await page.getByRole("button", { name: "Save the pilot action" }).click();

        await poll(() => page.url()).toMatch(/\/pilot\?saved=1$/);
        await poll(() => page.getByRole("status").filter({ hasText: "The pilot action was saved." }).count()).toBe(1);
        await poll(() => page.getByTestId("pilot-budget").innerText()).toBe("€2,150.25");
        expect(await page.getByTestId("pilot-decision").innerText()).toBe("Scale up");
        const rows = await page.getByTestId("pilot-indicators").locator("tbody tr").allInnerTexts();
        expect(rows.map((r) => r.replace(/\s+/g, " ").trim())).toEqual(["Osallistujia 60 41", "Yhteystietonsa jättäneitä 30 22", "Employers contacted afterwards 5 –"]);
        // The form shows the saved amount as the coordinator's locale writes it.
        expect(await page.getByLabel("Budget (euros)").inputValue()).toBe("2,150.25");
        await axe(browser, s, "/ideas/:id/pilot after saving");
      });
      const saved = pilotOf(id)!;
      expect(saved).toMatchObject({ budget_cents: 215_025, decision: "scale" });
      expect(indicatorsOf(saved.id)).toEqual([
        { name: "Osallistujia", target: "60", result: "41" },
        { name: "Yhteystietonsa jättäneitä", target: "30", result: "22" },
        { name: "Employers contacted afterwards", target: "5", result: null },
      ]);
    },
    SLOW,
  );

  it(
    "writes a new pilot without JavaScript: bad dates and a negative budget are refused, rows are added and removed through the server",
    async () => {
      const id = ids[REPAIR];
      expect(pilotOf(id)).toBeUndefined();
      await withSession(
        browser,
        COORDINATOR,
        false,
        async (s) => {
          const { page } = s;
          await open(page, `/ideas/${id}/pilot`);
          await expectHeading(page, REPAIR);
          expect(await page.getByTestId("pilot-summary").innerText()).toContain("No pilot action has been written for this idea yet.");
          await axe(browser, s, "/ideas/:id/pilot (new, no JavaScript)");

          const objective = "Try three repair evenings. <script>document.title='x'</script> **Library** hosts.";
          await page.getByLabel("Objective or hypothesis").fill(objective);
          await page.getByLabel("Start date").fill("2025-04-01");
          await page.getByLabel("End date").fill("2025-03-01");
          await page.getByLabel("Budget (euros)").fill("-5");
          await page.getByLabel("Indicator 1", { exact: true }).fill("Repair evenings held");
          await page.getByLabel("Target 1", { exact: true }).fill("3");
          const [bad] = await Promise.all([page.waitForResponse((r) => r.request().method() === "POST"), page.getByRole("button", { name: "Save the pilot action" }).click()]);
          expect(bad.status()).toBe(400);
          await expectFieldError(page, "End date", "The end date cannot be before the start date.");
          await expectFieldError(page, "Budget (euros)", "The budget cannot be negative.");
          // What was typed is still there.
          expect(await page.getByLabel("Objective or hypothesis").inputValue()).toBe(objective);
          expect(await page.getByLabel("Indicator 1", { exact: true }).inputValue()).toBe("Repair evenings held");
          expect(pilotOf(id)).toBeUndefined();

          await page.getByLabel("End date").fill("2025-05-31");
          await page.getByLabel("Budget (euros)").fill("350.75");
          // Two rows more, one of them removed again: each click is a round trip that saves nothing.
          await page.getByRole("button", { name: "Add an indicator" }).click();
          await poll(() => page.getByLabel("Indicator 2", { exact: true }).count()).toBe(1);
          await page.getByLabel("Indicator 2", { exact: true }).fill("Items repaired");
          await page.getByLabel("Target 2", { exact: true }).fill("50");
          await page.getByRole("button", { name: "Add an indicator" }).click();
          await poll(() => page.getByLabel("Indicator 3", { exact: true }).count()).toBe(1);
          await page.getByLabel("Indicator 3", { exact: true }).fill("To be removed");
          await page.getByRole("button", { name: "Remove indicator 3" }).click();
          await poll(() => page.getByLabel("Indicator 3", { exact: true }).count()).toBe(0);
          expect(await page.getByLabel("Indicator 2", { exact: true }).inputValue()).toBe("Items repaired");
          expect(await page.getByLabel("Budget (euros)").inputValue()).toBe("350.75");
          expect(pilotOf(id)).toBeUndefined();

          await page.getByRole("button", { name: "Save the pilot action" }).click();
          await poll(() => page.url()).toMatch(/\/pilot\?saved=1$/);
          await expectHeading(page, REPAIR);
          expect(await page.getByTestId("pilot-budget").innerText()).toBe("€350.75");
          expect(await page.getByTestId("pilot-period").innerText()).toBe("Apr 1, 2025 – May 31, 2025");
          const summary = await page.getByTestId("pilot-summary").innerText();
          // The script tag is text on the page, never run; Markdown still works.
          expect(summary).toContain("<script>document.title='x'</script>");
          expect(await page.title()).not.toBe("x");
          expect(await page.getByTestId("pilot-summary").locator("strong", { hasText: "Library" }).count()).toBe(1);
          const rows = await page.getByTestId("pilot-indicators").locator("tbody tr").allInnerTexts();
          expect(rows.map((r) => r.replace(/\s+/g, " ").trim())).toEqual(["Repair evenings held 3 –", "Items repaired 50 –"]);
          await axe(browser, s, "/ideas/:id/pilot after saving (no JavaScript)");
        },
        [400],
      );
      const saved = pilotOf(id)!;
      expect(saved).toMatchObject({ budget_cents: 35_075, starts_on: "2025-04-01", ends_on: "2025-05-31" });
      expect(indicatorsOf(saved.id).map((i) => i.name)).toEqual(["Repair evenings held", "Items repaired"]);
    },
    SLOW,
  );
});

describe("members and other cities", () => {
  it(
    "a member reads a pilot without a form, and a direct POST is refused with 403",
    async () => {
      const id = ids[WELCOME];
      const before = pilotOf(id)!;
      await withSession(
        browser,
        MEMBER,
        true,
        async (s) => {
          const { page } = s;
          await open(page, `/ideas/${id}`);
          await page.getByRole("link", { name: "Pilot action", exact: true }).click();
          await poll(() => new URL(page.url()).pathname).toBe(`/ideas/${id}/pilot`);
          await expectHeading(page, WELCOME);
          await poll(() => page.getByTestId("pilot-budget").innerText()).toBe("€1,250.50");
          expect(await page.getByTestId("pilot-decision").innerText()).toBe("Scale up");
          expect(await page.getByTestId("pilot-period").innerText()).toBe("Aug 1, 2024 – Aug 31, 2024");
          expect(await page.getByTestId("pilot-indicators").locator("tbody tr").count()).toBe(3);
          expect(await page.getByText("Coordinators keep the pilot action; members can read it.").count()).toBe(1);
          expect(await page.getByRole("button", { name: "Save the pilot action" }).count()).toBe(0);
          expect(await page.getByRole("textbox").count()).toBe(0);
          await axe(browser, s, "/ideas/:id/pilot (member)");

          const res = await postAs(page, `/ideas/${id}/pilot`, { objective: "Changed by a member", budget: "1", "indicators[0].name": "x" });
          expect(res.status()).toBe(403);

          // An idea not yet piloted: no link from its page, and the pilot address explains why.
          await open(page, `/ideas/${ids[PROPOSED]}`);
          expect(await page.getByRole("link", { name: "Pilot action", exact: true }).count()).toBe(0);
          await open(page, `/ideas/${ids[PROPOSED]}/pilot`, 404);
          expect(await page.getByTestId("pilot-not-yet").innerText()).toBe("The pilot action opens when the idea reaches the stage “Piloting”. The idea is at “Proposed” now.");
          await axe(browser, s, "/ideas/:id/pilot (not yet)");
        },
        [404],
      );
      expect(pilotOf(id)).toEqual(before);
    },
    SLOW,
  );

  it(
    "another city's coordinator gets 404 for an Iisalmi pilot, reading or writing",
    async () => {
      const id = ids[WELCOME];
      const before = pilotOf(id)!;
      await withSession(
        browser,
        MANTOVA,
        true,
        async ({ page }) => {
          await open(page, `/ideas/${id}/pilot`, 404);
          const res = await postAs(page, `/ideas/${id}/pilot`, { objective: "From Mantova", budget: "1" });
          expect(res.status()).toBe(404);
        },
        [404],
      );
      expect(pilotOf(id)).toEqual(before);
    },
    SLOW,
  );
});
