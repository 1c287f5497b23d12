// The network in Chromium: the ten partner cities with the lead partner marked (for screen readers
// too), the transnational meetings, Mantova's shared ideas read-only for an Iisalmi member, its
// unshared ones 404, and a coordinator sharing and unsharing an Iisalmi idea as Mantova's
// coordinator watches it appear and disappear. axe-core runs on every page visited.
import Database from "better-sqlite3";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { axe, expectHeading, getAs, MODES, open, poll, postAs, withSession } from "./flow-helpers";
import { launchBrowser } from "./helpers";

const COORDINATOR = "coordinator@iisalmi.example";
const MEMBER = "member@iisalmi.example";
const MANTOVA = "coordinator@mantova.example";
const SLOW = 180_000;

const PARTNERS = ["Alba Iulia", "Iisalmi", "Kalamata", "Mangualde", "Mantova", "Plasencia", "Saint-Quentin", "Saldus", "Šibenik", "Trebinje"];
// Demo ideas (db/seed/ideas.ts).
const MANTOVA_SHARED = "Weekend per nomadi digitali";
const MANTOVA_UNSHARED = "Bonus affitto per giovani lavoratori";
const IISALMI_TO_SHARE = "Digitaalinen tervetulopaketti";

let browser: Browser;
const ids: Record<string, number> = {};

beforeAll(async () => {
  browser = await launchBrowser();
  const db = new Database(inject("databasePath"), { readonly: true });
  try {
    for (const [title, city, shared] of [
      [MANTOVA_SHARED, "mantova", 1],
      [MANTOVA_UNSHARED, "mantova", 0],
      [IISALMI_TO_SHARE, "iisalmi", 0],
    ] as const) {
      const row = db
        .prepare("select i.id from ideas i join cities c on c.id = i.city_id where c.slug = ? and i.title = ? and i.shared_with_network = ?")
        .get(city, title, shared) as { id: number } | undefined;
      if (!row) throw new Error(`demo idea "${title}" of ${city} (shared ${shared}) is missing`);
      ids[title] = row.id;
    }
  } finally {
    db.close();
  }
});

afterAll(async () => {
  await browser?.close();
});

/** The titles of the shared ideas listed on the page. */
async function sharedTitles(page: Page): Promise<string[]> {
  const list = page.getByTestId("shared-ideas");
  if ((await list.count()) === 0) return [];
  return (await list.locator("h3").allInnerTexts()).map((t) => t.trim());
}

describe("the network page", () => {
  for (const mode of MODES) {
    it(
      `an Iisalmi member sees the ten partners with the lead partner marked, the network's meetings and Mantova's shared ideas (${mode.label})`,
      async () => {
        await withSession(browser, MEMBER, mode.js, async (s) => {
          const { page } = s;
          await open(page, "/");
          await page.getByRole("link", { name: "Network", exact: true }).click();
          await poll(() => new URL(page.url()).pathname).toBe("/network");
          await expectHeading(page, "The network");
          await poll(() => page.getByRole("heading", { name: "10 partner cities" }).count()).toBe(1);

          const table = page.getByTestId("partner-cities");
          const names = await table.locator("tbody th").evaluateAll((cells) => cells.map((c) => c.firstChild?.textContent?.trim() ?? ""));
          expect([...names].sort((a, b) => a.localeCompare(b, "en"))).toEqual([...PARTNERS].sort((a, b) => a.localeCompare(b, "en")));
          expect(names[0]).toBe("Šibenik");
          // The marker is a separate word in the accessible name, not "ŠibenikLead partner".
          expect(await table.getByRole("rowheader", { name: "Šibenik Lead partner", exact: true }).count()).toBe(1);
          expect(await table.getByRole("rowheader", { name: "Iisalmi (your city)", exact: true }).count()).toBe(1);
          expect(await table.getByText("Lead partner", { exact: true }).count()).toBe(1);
          const sibenikRow = table.locator("tbody tr", { has: page.getByRole("rowheader", { name: /^Šibenik/ }) });
          expect((await sibenikRow.locator("td").allInnerTexts()).map((t) => t.trim())).toEqual(["Croatia", "Croatian"]);

          const past = await page.getByTestId("network-meetings-past").innerText();
          expect(past).toContain("Kick-off meeting in Šibenik");
          expect(past).toContain("hosted by Šibenik");
          expect(past).toContain("Transnational meeting in Mangualde");

          const titles = await sharedTitles(page);
          expect(titles).toContain(MANTOVA_SHARED);
          expect(titles).not.toContain(MANTOVA_UNSHARED);
          await axe(browser, s, "/network");

          await page.getByRole("link", { name: MANTOVA_SHARED }).click();
          await poll(() => new URL(page.url()).pathname).toBe(`/network/ideas/${ids[MANTOVA_SHARED]}`);
          await expectHeading(page, MANTOVA_SHARED);
          expect(await page.getByText("An idea of Mantova, shared with the network.", { exact: false }).count()).toBe(1);
          expect(await page.getByTestId("idea-stage").innerText()).toBe("Piloting");
          // Read-only: nothing to support, comment, move or share, and no way into Mantova's own pages.
          expect(await page.getByRole("button").filter({ hasText: /Support|Post comment|Move idea|Share/ }).count()).toBe(0);
          expect(await page.getByRole("textbox").count()).toBe(0);
          expect(await page.getByRole("link", { name: "Open the full page in your city's ideas" }).count()).toBe(0);
          await axe(browser, s, "/network/ideas/:id (partner's shared idea)");
        });
      },
      SLOW,
    );
  }

  it(
    "a partner's shared idea cannot be written to, and its unshared ideas answer 404",
    async () => {
      await withSession(
        browser,
        MEMBER,
        true,
        async ({ page }) => {
          const shared = ids[MANTOVA_SHARED];
          expect((await postAs(page, `/ideas/${shared}`, { intent: "support" })).status()).toBe(404);
          expect((await postAs(page, `/ideas/${shared}`, { intent: "add-comment", body: "From Iisalmi" })).status()).toBe(404);
          expect((await getAs(page, `/ideas/${shared}`)).status()).toBe(404);
          expect((await getAs(page, `/ideas/${shared}/pilot`)).status()).toBe(404);

          const unshared = ids[MANTOVA_UNSHARED];
          await open(page, `/network/ideas/${unshared}`, 404);
          expect(await page.getByText(MANTOVA_UNSHARED).count()).toBe(0);
          expect((await getAs(page, `/ideas/${unshared}`)).status()).toBe(404);
        },
        [404],
      );
    },
    SLOW,
  );
});

describe("sharing an idea", () => {
  for (const mode of MODES) {
    it(
      `a coordinator shares an Iisalmi idea and stops sharing it; Mantova's coordinator sees it come and go (${mode.label})`,
      async () => {
        const id = ids[IISALMI_TO_SHARE];
        await withSession(
          browser,
          MANTOVA,
          true,
          async (watcher) => {
            const seenByMantova = async () => {
              await open(watcher.page, "/network");
              await watcher.page.getByLabel("City", { exact: true }).selectOption({ label: "Iisalmi" });
              await watcher.page.getByRole("button", { name: "Show" }).click();
              await poll(() => new URL(watcher.page.url()).searchParams.get("city")).not.toBeNull();
              await poll(() => watcher.page.getByTestId("shared-count").count()).toBe(1);
              return (await sharedTitles(watcher.page)).includes(IISALMI_TO_SHARE);
            };
            expect(await seenByMantova()).toBe(false);
            expect((await getAs(watcher.page, `/network/ideas/${id}`)).status()).toBe(404);

            await withSession(browser, COORDINATOR, mode.js, async (s) => {
              const { page } = s;
              await open(page, `/ideas/${id}`);
              const section = page.locator("#share");
              expect(await section.innerText()).toContain("Only your city sees this idea.");
              await section.getByRole("button", { name: "Share with the network" }).click();
              await poll(() => page.url()).toMatch(/[?&]shared=1/);
              await poll(() => page.locator("#share").innerText()).toContain("The partner cities can read this idea");
              await axe(browser, s, "/ideas/:id after sharing");
            });

            expect(await seenByMantova()).toBe(true);
            await watcher.page.getByRole("link", { name: IISALMI_TO_SHARE }).click();
            await poll(() => new URL(watcher.page.url()).pathname).toBe(`/network/ideas/${id}`);
            await expectHeading(watcher.page, IISALMI_TO_SHARE);
            // Partners never reach the city's own page of the idea, shared or not.
            expect((await getAs(watcher.page, `/ideas/${id}`)).status()).toBe(404);
            // Nor can they change the sharing.
            expect((await postAs(watcher.page, `/ideas/${id}`, { intent: "share", shared: "0" })).status()).toBe(404);

            await withSession(browser, COORDINATOR, mode.js, async ({ page }) => {
              await open(page, `/ideas/${id}`);
              await page.locator("#share").getByRole("button", { name: "Stop sharing" }).click();
              await poll(() => page.url()).toMatch(/[?&]unshared=1/);
              await poll(() => page.locator("#share").innerText()).toContain("Only your city sees this idea.");
            });

            expect(await seenByMantova()).toBe(false);
            expect((await getAs(watcher.page, `/network/ideas/${id}`)).status()).toBe(404);
          },
          [404],
        );
      },
      SLOW,
    );
  }

  it(
    "a member cannot share their city's idea (403)",
    async () => {
      await withSession(browser, MEMBER, true, async ({ page }) => {
        const res = await postAs(page, `/ideas/${ids[IISALMI_TO_SHARE]}`, { intent: "share", shared: "1" });
        expect(res.status()).toBe(403);
        await open(page, `/ideas/${ids[IISALMI_TO_SHARE]}`);
        expect(await page.locator("#share").count()).toBe(0);
      });
    },
    SLOW,
  );
});
