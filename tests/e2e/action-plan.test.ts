// The Integrated Action Plan in Chromium, with and without JavaScript: the project coordinator
// edits the vision, turns an idea that reached the plan into an action, completes it, reorders the
// actions and downloads the PDF; a member reads the plan and is refused on a direct POST.
import Database from "better-sqlite3";
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { axe, expectFieldError, expectHeading, MODES, open, poll, postAs, unique, withSession } from "./flow-helpers";
import { launchBrowser } from "./helpers";

const PROJECT = "projects@iisalmi.example";
const MEMBER = "member@iisalmi.example";
const SLOW = 180_000;

let browser: Browser;
/** One idea in the plan stage, with a pilot, per run mode. */
const ideaFor: Record<string, string> = {};

beforeAll(async () => {
  browser = await launchBrowser();
  const db = new Database(inject("databasePath"));
  try {
    db.pragma("busy_timeout = 5000");
    const city = db.prepare("select id from cities where slug = 'iisalmi'").pluck().get() as number;
    for (const mode of MODES) {
      const title = unique(`Kylätalkoot Ђурђевак ${mode.js ? "js" : "html"}`);
      const now = Date.now();
      const ideaId = db
        .prepare("insert into ideas (city_id, title, description, theme, kind, stage, created_at, updated_at) values (?, ?, ?, 'city_branding', 'retention_event', 'in_action_plan', ?, ?) returning id")
        .pluck()
        .get(city, title, "Talkoot **kylissä**.", now, now) as number;
      const pilotId = db
        .prepare("insert into pilot_actions (idea_id, city_id, objective, responsible, partners, budget_cents, decision, updated_at) values (?, ?, 'Kokeillaan', 'Kylätoimikunta', 'Seurakunta', 80000, 'scale', ?) returning id")
        .pluck()
        .get(ideaId, city, now) as number;
      db.prepare("insert into pilot_indicators (pilot_id, city_id, position, name, target, result) values (?, ?, 0, 'Osallistujia', '30', '41')").run(pilotId, city);
      ideaFor[mode.label] = title;
    }
  } finally {
    db.close();
  }
});

afterAll(async () => {
  await browser?.close();
});

/** The PDF's text with runs of white space made one; `layout` keeps table rows on one line. */
function pdfText(buffer: Buffer, layout = false): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "e2e-plan-"));
  try {
    fs.writeFileSync(path.join(dir, "f.pdf"), buffer);
    return execFileSync("pdftotext", [...(layout ? ["-layout"] : []), "-enc", "UTF-8", path.join(dir, "f.pdf"), "-"], { encoding: "utf8" }).replace(/\s+/g, " ");
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

const actionTitles = (page: Page) => page.getByTestId("plan-action").getByRole("heading", { level: 3 }).allInnerTexts();

describe.each(MODES)("the action plan $label", ({ js, label }) => {
  it(
    "is written by the project coordinator: vision, an action from an idea, its order, and the PDF",
    async () => {
      const ideaTitle = ideaFor[label];
      await withSession(
        browser,
        PROJECT,
        js,
        async (s) => {
          const { page } = s;
          await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Action plan" }).click();
          await expectHeading(page, "Iisalmen integroitu toimintasuunnitelma 2026–2030");
          await axe(browser, s, "/action-plan");

          // The vision, Markdown rendered.
          const marker = unique("Visio");
          await page.getByTestId("edit-plan-text").click();
          const vision = page.getByRole("textbox", { name: "Vision" });
          await poll(() => vision.count()).toBe(1);
          await vision.fill(`${marker}: **yhdessä** ${"Καλημέρα"}`);
          await page.getByRole("button", { name: "Save", exact: true }).click();
          await poll(() => page.getByRole("status").count()).toBe(1);
          expect(await page.locator("#vision-heading + div strong").innerText()).toBe("yhdessä");

          // The idea waiting for the plan becomes the last action, prefilled from its pilot.
          const before = (await actionTitles(page)).length;
          await page.getByRole("button", { name: `Make it an action: “${ideaTitle}”` }).click();
          await expectHeading(page, `Action: ${ideaTitle}`);
          expect(await page.getByLabel("Responsible lead").inputValue()).toBe("Kylätoimikunta");
          expect(await page.getByLabel("Indicators").inputValue()).toBe("Osallistujia: 30");
          await axe(browser, s, "/action-plan/actions/:id");
          await page.getByLabel("Cost (€)").fill("abc");
          await page.getByRole("button", { name: "Save the action" }).click();
          await expectFieldError(page, "Cost (€)", "Enter an amount in euros, for example 1,200.50.");
          await page.getByLabel("Cost (€)").fill("1,250.50");
          await page.getByLabel("Funding status").selectOption("applied");
          await page.getByLabel("Timing").fill("2026–2027");
          await page.getByRole("button", { name: "Save the action" }).click();
          await expectHeading(page, "Iisalmen integroitu toimintasuunnitelma 2026–2030");
          await poll(async () => (await actionTitles(page)).length).toBe(before + 1);
          expect((await actionTitles(page)).at(-1)).toBe(`${before + 1}. ${ideaTitle}`);
          const card = page.getByTestId("plan-action").last();
          expect(await card.innerText()).toContain("€1,250.50");

          // Up one place with the button (a plain form post without JavaScript).
          await page.getByRole("button", { name: `Up: “${ideaTitle}”` }).click();
          await poll(async () => (await actionTitles(page)).at(-2)).toBe(`${before}. ${ideaTitle}`);

          const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: "Download PDF" }).click()]);
          expect(download.suggestedFilename()).toMatch(/^\d{4}-\d{2}-\d{2}-iisalmi-integrated-action-plan-DRAFT\.pdf$/);
          const pdf = fs.readFileSync((await download.path())!);
          const text = pdfText(pdf);
          expect(text).toContain(marker);
          expect(text).toContain("Καλημέρα");
          expect(text).toContain(ideaTitle);
          expect(text).toContain("1 250,50 €");
          expect(pdfText(pdf, true)).toContain("Osallistujia 30 41");
          expect(text).toContain("LUONNOS");
          const [docx] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: "Download Word (DOCX)" }).click()]);
          expect(docx.suggestedFilename()).toMatch(/^\d{4}-\d{2}-\d{2}-iisalmi-integrated-action-plan-DRAFT\.docx$/);

          // Removing asks first; once removed, the idea waits for the plan again.
          await page.getByRole("button", { name: `Remove: “${ideaTitle}”` }).click();
          const confirm = page.getByTestId("confirm-remove");
          await poll(() => confirm.count()).toBe(1);
          expect(await actionTitles(page)).toContain(`${before}. ${ideaTitle}`);
          await axe(browser, s, "/action-plan?remove=");
          await confirm.getByRole("button", { name: "Yes, remove it" }).click();
          await poll(() => page.getByTestId("plan-candidate").filter({ hasText: ideaTitle }).count()).toBe(1);
          expect((await actionTitles(page)).length).toBe(before);
        },
        [400],
      );
    },
    SLOW,
  );
});

describe("a member", () => {
  it(
    "reads the plan without any control, and a direct POST answers 403",
    async () => {
      await withSession(
        browser,
        MEMBER,
        false,
        async ({ page }) => {
          await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Action plan" }).click();
          await expectHeading(page, "Iisalmen integroitu toimintasuunnitelma 2026–2030");
          expect((await actionTitles(page)).length).toBeGreaterThanOrEqual(4);
          expect(await page.getByRole("button").filter({ hasText: /Up|Down|Remove|Make/ }).count()).toBe(0);
          expect(await page.getByTestId("edit-plan-text").count()).toBe(0);
          const res = await postAs(page, "/action-plan", { intent: "savePlan", revision: "1", vision: "Kaapattu" });
          expect(res.status()).toBe(403);
          const first = await page.getByTestId("plan-action").first().getAttribute("id");
          expect((await postAs(page, "/action-plan", { intent: "moveDown", actionId: first!.replace("action-", "") })).status()).toBe(403);
          await open(page, `/action-plan/actions/${first!.replace("action-", "")}`, 403);
        },
        [403],
      );
    },
    SLOW,
  );
});
