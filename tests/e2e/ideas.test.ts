// Ideas in Chromium, with and without JavaScript: a member logs an idea (bad input first), supports
// it and comments on it; the ULG coordinator moves it from proposed to discussed with a reason and
// the deciding meeting, and the author's notice lands in the outbox; search takes any text a user
// types. axe-core runs on every page visited.
import Database from "better-sqlite3";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { axe, escapeRegExp, expectFieldError, expectHeading, getAs, MODES, open, poll, postAs, unique, withSession } from "./flow-helpers";
import { launchBrowser } from "./helpers";

const COORDINATOR = "coordinator@iisalmi.example";
const MEMBER = "member@iisalmi.example";
const SLOW = 240_000;

let browser: Browser;

beforeAll(async () => {
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
});

function withDb<T>(fn: (db: Database.Database) => T): T {
  const db = new Database(inject("databasePath"), { readonly: true });
  try {
    db.pragma("busy_timeout = 5000");
    return fn(db);
  } finally {
    db.close();
  }
}

function ideaIdFrom(u: string): number {
  const m = /\/ideas\/(\d+)/.exec(new URL(u).pathname);
  if (!m) throw new Error(`no idea id in ${u}`);
  return Number(m[1]);
}

/** Posts a form and resolves with the status of the answer to that POST. */
async function submitAndStatus(page: Page, button: ReturnType<Page["getByRole"]>): Promise<number> {
  const [res] = await Promise.all([page.waitForResponse((r) => r.request().method() === "POST"), button.click()]);
  return res.status();
}

describe("an idea from a member's proposal to the group's discussion", () => {
  for (const mode of MODES) {
    it(
      `a member logs, supports and comments; the coordinator moves it to discussed; the author is notified (${mode.label})`,
      async () => {
        const title = unique("Evening language café");
        const word = title.split(" ").pop()!;
        let id = 0;

        await withSession(
          browser,
          MEMBER,
          mode.js,
          async (s) => {
            const { page } = s;
            await open(page, "/ideas");
            await expectHeading(page, "Ideas");
            await page.getByRole("link", { name: "Log an idea" }).first().click();
            await poll(() => new URL(page.url()).pathname).toBe("/ideas/new");
            await expectHeading(page, "Log an idea");
            await axe(browser, s, "/ideas/new");

            // Bad input: nothing filled in but a description that is only spaces.
            await page.getByLabel("Description").fill("   ");
            const submit = page.getByRole("button", { name: "Log the idea" });
            if (mode.js) {
              await submit.click();
            } else {
              expect(await submitAndStatus(page, submit)).toBe(400);
            }
            await expectFieldError(page, "Title", "This field is required.");
            await expectFieldError(page, "Description", "This field is required.");
            await expectFieldError(page, "Theme", "This value is not valid.");
            expect(new URL(page.url()).pathname).toBe("/ideas/new");
            expect(withDb((db) => db.prepare("select count(*) as n from ideas where title = ?").get(title) as { n: number }).n).toBe(0);

            await page.getByLabel("Title").fill(title);
            await page.getByLabel("Description").fill("Weekly **conversation** evenings in Finnish and English.\n\n- library\n- <script>alert('x')</script>");
            await page.getByLabel("Theme").selectOption({ label: "City branding" });
            await page.getByLabel("Kind").selectOption({ label: "Retention event" });
            await page.getByLabel("Target group").fill("International students and their families");
            await submit.click();
            await poll(() => page.url()).toMatch(/\/ideas\/\d+\?created=1$/);
            id = ideaIdFrom(page.url());
            await expectHeading(page, title);
            expect(await page.getByTestId("idea-stage").innerText()).toBe("Proposed");
            const description = page.locator("section", { has: page.getByRole("heading", { name: "Description" }) });
            expect(await description.locator("strong", { hasText: "conversation" }).count()).toBe(1);
            expect(await description.innerText()).toContain("<script>alert('x')</script>");
            await axe(browser, s, "/ideas/:id (new idea)");

            // Support, then comment.
            await page.getByRole("button", { name: "Support this idea" }).click();
            await poll(() => page.getByTestId("support-count").innerText()).toMatch(/^1 supporter\b/);
            expect(await page.getByTestId("support-count").innerText()).toContain("You support this idea.");
            await poll(() => page.getByRole("button", { name: "Remove my support" }).count()).toBe(1);
            const comment = `Happy to host one evening ${word}.`;
            await page.getByLabel("Your comment").fill(comment);
            await page.getByRole("button", { name: "Post comment" }).click();
            await poll(() => page.getByText(comment, { exact: true }).count()).toBe(1);
            expect(page.url()).toMatch(/commented=1/);

            // A member may not move the idea: no form, and a direct POST is refused.
            expect(await page.getByRole("button", { name: "Move idea" }).count()).toBe(0);
            const refused = await postAs(page, `/ideas/${id}`, { intent: "move", toStage: "discussed", reason: "I say so" });
            expect(refused.status()).toBe(403);
          },
          [400],
        );
        const row = withDb((db) => db.prepare("select stage, support_count as supports, comment_count as comments, target_group as targetGroup from ideas where id = ?").get(id));
        expect(row).toEqual({ stage: "proposed", supports: 1, comments: 1, targetGroup: "International students and their families" });

        let meetingLabel = "";
        await withSession(
          browser,
          COORDINATOR,
          mode.js,
          async (s) => {
            const { page } = s;
            await open(page, `/ideas/${id}`);
            await expectHeading(page, title);
            // The move form opens on request.
            expect(await page.getByRole("button", { name: "Move idea" }).count()).toBe(0);
            await page.getByRole("link", { name: "Move to another stage…" }).click();
            await poll(() => page.url()).toMatch(/move=1/);
            // Bad input: a move without a reason.
            await page.getByLabel("New stage").selectOption({ label: "Discussed (next step)" });
            const move = page.getByRole("button", { name: "Move idea" });
            if (mode.js) {
              await move.click();
            } else {
              expect(await submitAndStatus(page, move)).toBe(400);
            }
            await expectFieldError(page, "Reason", "This field is required.");
            expect(await page.getByTestId("idea-stage").innerText()).toBe("Proposed");

            await page.getByLabel("New stage").selectOption({ label: "Discussed (next step)" });
            await page.getByLabel("Reason", { exact: true }).fill("Talked through at the meeting; the library offered a room.");
            // Leave the field first: its error message goes on blur, and the button moves up with it
            // (a click whose mouse-down blurs the field lands where the button no longer is).
            await page.getByLabel("Reason", { exact: true }).press("Tab");
            if (mode.js) await poll(() => page.getByText("This field is required.").count()).toBe(0);
            const meetings = page.getByLabel("Meeting that decided it (optional)");
            await meetings.selectOption({ index: 1 });
            meetingLabel = (await meetings.locator("option:checked").innerText()).trim();
            await move.click();
            await poll(() => page.url()).toMatch(/moved=1/);
            await poll(() => page.getByTestId("idea-stage").innerText()).toBe("Discussed");
            const history = await page.locator("#history").innerText();
            expect(history).toContain("Talked through at the meeting; the library offered a room.");
            expect(history).toContain("Proposed → Discussed");
            await axe(browser, s, "/ideas/:id after the move");
          },
          [400],
        );

        const change = withDb((db) =>
          db.prepare("select from_stage as fromStage, to_stage as toStage, meeting_id as meetingId from idea_stage_changes where idea_id = ? and from_stage is not null").all(id),
        ) as { fromStage: string; toStage: string; meetingId: number | null }[];
        expect(change).toHaveLength(1);
        expect(change[0]).toMatchObject({ fromStage: "proposed", toStage: "discussed" });
        expect(change[0].meetingId).not.toBeNull();
        const meetingTitle = withDb((db) => (db.prepare("select title from meetings where id = ?").get(change[0].meetingId) as { title: string }).title);
        expect(meetingLabel).toContain(meetingTitle);

        // The author's notice, in the author's language, waits in the outbox.
        const notices = withDb((db) =>
          db.prepare("select subject, text_body as body from outbox where kind = 'idea_stage' and to_address = ? and subject like ?").all(MEMBER, `%${title}%`),
        ) as { subject: string; body: string }[];
        expect(notices).toHaveLength(1);
        expect(notices[0].subject).toBe(`Your idea “${title}” moved to Discussed`);
        expect(notices[0].body).toContain("Talked through at the meeting; the library offered a room.");
        await withSession(browser, COORDINATOR, mode.js, async ({ page }) => {
          await open(page, "/admin/outbox");
          await poll(() => page.getByRole("heading", { name: `Your idea “${title}” moved to Discussed` }).count()).toBe(1);
        });
      },
      SLOW,
    );
  }
});

describe("searching ideas", () => {
  it(
    "takes quotes, operators and NEAR( as plain text, and still finds ideas (without JavaScript)",
    async () => {
      await withSession(browser, MEMBER, false, async (s) => {
        const { page } = s;
        await open(page, "/ideas");
        await page.getByLabel("Search", { exact: true }).fill("tervetuloilta");
        await page.getByRole("button", { name: "Show" }).click();
        await poll(() => new URL(page.url()).searchParams.get("q")).toBe("tervetuloilta");
        await poll(() => page.getByRole("link", { name: "Tervetuloilta uusille asukkaille" }).count()).toBe(1);
        await axe(browser, s, "/ideas?q=");

        for (const q of ['"tervetuloilta', 'tervetuloilta"', '"uusille asukkaille"', "NEAR(", "NEAR(tervetuloilta", "tervetuloilta AND", "OR * ^", "-:()", "tervetulo*", "'; drop table ideas; --"]) {
          const res = await getAs(page, `/ideas?q=${encodeURIComponent(q)}`);
          expect(res.status(), q).toBe(200);
          expect(await res.text(), q).toContain("Ideas");
        }
        // Words inside a stray quote still find the idea they belong to.
        await open(page, `/ideas?q=${encodeURIComponent('"uusille asukkaille')}`);
        await poll(() => page.getByRole("link", { name: "Tervetuloilta uusille asukkaille" }).count()).toBe(1);
        // Accents and Finnish letters match: "Kesätyöseteli" found by its own spelling.
        await open(page, `/ideas?q=${encodeURIComponent("kesätyöseteli")}`);
        await poll(() => page.getByRole("link", { name: /^Kesätyöseteli/ }).count()).toBe(1);
        expect(await page.getByTestId("ideas-empty").count()).toBe(0);
        const nothing = `zz${Date.now().toString(36)}`;
        await open(page, `/ideas?q=${encodeURIComponent(nothing)}`);
        expect(await page.getByTestId("ideas-empty").innerText()).toBe("No ideas match these filters.");
        expect(new RegExp(escapeRegExp(nothing)).test(await page.getByLabel("Search", { exact: true }).inputValue())).toBe(true);
      });
    },
    SLOW,
  );
});
