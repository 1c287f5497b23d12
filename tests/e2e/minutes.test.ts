// The minutes editor in Chromium: a coordinator writes the minutes of a held meeting, circulates
// them, a member reads and comments, a project coordinator approves, and the PDF downloads without
// the draft mark; two editors at once (the second gets 409 and both versions); the editor without
// JavaScript with its field messages; axe-core on the editor and the member's view.
import Database from "better-sqlite3";
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { axe, expectFieldError, expectHeading, open, poll, signedIn, withSession } from "./flow-helpers";
import { expectNoProblems, launchBrowser } from "./helpers";

const PROJECT = "projects@iisalmi.example";
const MEMBER = "member@iisalmi.example";
const COORDINATOR = "coordinator@iisalmi.example";
const MANTOVA = "coordinator@mantova.example";
const SLOW = 180_000;

let browser: Browser;
type Held = { id: number; day: string; items: string[] };
let flowMeeting: Held, conflictMeeting: Held, noJsMeeting: Held;

/**
 * Held Iisalmi workshops of 2022 (before the project period, so the reporting pack tests do not
 * count them) with an agenda and a few people present, written straight into the test database.
 */
function insertHeldMeetings(count: number): Held[] {
  const db = new Database(inject("databasePath"));
  try {
    db.pragma("busy_timeout = 5000");
    const city = db.prepare("select id from cities where slug = 'iisalmi'").pluck().get() as number;
    const memberIds = db.prepare("select id from members where city_id = ? and left_on is null and erased_at is null order by id limit 4").pluck().all(city) as number[];
    let number = (db.prepare("select coalesce(max(number), 0) from meetings where city_id = ? and kind = 'workshop'").pluck().get(city) as number) + 1;
    const held: Held[] = [];
    for (let i = 0; i < count; i++) {
      const day = `2022-0${3 + i}-1${i}`;
      const starts = Date.parse(`${day}T14:00:00Z`);
      const id = db
        .prepare("insert into meetings (city_id, kind, number, title, starts_at, ends_at, time_zone, place, updated_at) values (?, 'workshop', ?, ?, ?, ?, 'Europe/Helsinki', 'Kirjasto', ?) returning id")
        .pluck()
        .get(city, number++, `Minutes workshop ${i + 1}`, starts, starts + 7_200_000, Date.now()) as number;
      const items = ["Avaus", "Pilotit ja päätökset"];
      items.forEach((title, position) =>
        db.prepare("insert into agenda_items (meeting_id, city_id, position, title, duration_minutes, kind) values (?, ?, ?, ?, 30, 'discussion')").run(id, city, position, title),
      );
      memberIds.forEach((memberId, n) =>
        db.prepare("insert into attendance (meeting_id, member_id, city_id, status, recorded_at) values (?, ?, ?, ?, ?)").run(id, memberId, city, n === 3 ? "excused" : "present", Date.now()),
      );
      held.push({ id, day, items });
    }
    return held;
  } finally {
    db.close();
  }
}

function query<T>(sql: string, ...args: unknown[]): T {
  const db = new Database(inject("databasePath"), { readonly: true });
  try {
    return db.prepare(sql).get(...args) as T;
  } finally {
    db.close();
  }
}

function pdfText(buffer: Buffer): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "e2e-minutes-"));
  try {
    fs.writeFileSync(path.join(dir, "f.pdf"), buffer);
    return execFileSync("pdftotext", ["-enc", "UTF-8", path.join(dir, "f.pdf"), "-"], { encoding: "utf8" }).replace(/\s+/g, " ");
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

beforeAll(async () => {
  browser = await launchBrowser();
  [flowMeeting, conflictMeeting, noJsMeeting] = insertHeldMeetings(3);
});

afterAll(async () => {
  await browser?.close();
});

async function status(page: Page) {
  return (await page.getByTestId("minutes-status").innerText()).trim();
}

describe("the minutes cycle in the browser", () => {
  it(
    "coordinator writes and circulates, member comments, project coordinator approves, the PDF has no draft mark",
    async () => {
      const m = flowMeeting;
      await withSession(browser, COORDINATOR, true, async (s) => {
        const { page } = s;
        await open(page, `/meetings/${m.id}`);
        await page.getByRole("link", { name: "Write the minutes" }).click();
        await expectHeading(page, "Minutes");
        await axe(browser, s, "minutes editor");
        expect(await page.getByTestId("attendance-counts").innerText()).toMatch(/Came: 3 members and 0 guests · excused 1/);
        await page.getByLabel("1. Avaus").fill("Avattiin kokous. Καλημέρα, Ђурђевак. <script>window.hacked=1</script>");
        await page.getByLabel("Decision 1", { exact: true }).fill("Kirjaston pilotti aloitetaan.");
        await page.getByLabel("Action 1: what is to be done").fill("Varaa kirjaston tila");
        await page.getByLabel("Owner (action 1)").selectOption({ index: 1 });
        await page.getByLabel("Due date (action 1)").fill("2022-05-01");
        await page.getByLabel("Summary", { exact: true }).fill("Hyvä **kokous**.");
        await page.getByRole("button", { name: "Save", exact: true }).click();
        await page.waitForURL(/saved=1/);
        await poll(() => status(page)).toMatch(/^Draft/);
        await page.getByRole("button", { name: "Save and circulate" }).click();
        await page.waitForURL(/circulated=1/);
        await poll(() => status(page)).toMatch(/^Circulated for comments/);
      });
      // The members were told by e-mail (the outbox, with no SMTP server in tests).
      expect(query<{ n: number }>("select count(*) as n from outbox where kind = 'minutes_circulated' and text_body like ?", `%/meetings/${m.id}/minutes%`).n).toBeGreaterThan(0);

      await withSession(browser, MEMBER, true, async (s) => {
        const { page } = s;
        await open(page, `/meetings/${m.id}/minutes`);
        // Script tags are shown as text, never run.
        await expect.poll(() => page.getByText("<script>window.hacked=1</script>").count()).toBe(1);
        expect(await page.evaluate(() => (window as unknown as { hacked?: number }).hacked)).toBeUndefined();
        expect(await page.getByText("Καλημέρα, Ђурђевак.", { exact: false }).count()).toBe(1);
        expect(await page.getByRole("button", { name: "Save", exact: true }).count()).toBe(0);
        await axe(browser, s, "minutes for a member");
        await page.getByLabel("Your comment").fill("Lisätkää aikataulu.");
        await page.getByRole("button", { name: "Send comment" }).click();
        await page.waitForURL(/commented=1/);
        await poll(() => page.getByText("Lisätkää aikataulu.").count()).toBe(1);
      });

      await withSession(browser, PROJECT, true, async ({ page }) => {
        await open(page, `/meetings/${m.id}/minutes`);
        await poll(() => page.getByText("Lisätkää aikataulu.").count()).toBe(1);
        await page.getByRole("button", { name: "Save and approve" }).click();
        await page.waitForURL(/approved=1/);
        await poll(() => status(page)).toMatch(/^Approved/);
        expect(await page.getByTestId("approved-by").innerText()).toContain("Helena Kärkkäinen");
        const section = page.getByRole("region", { name: "Minutes files" });
        const [download] = await Promise.all([page.waitForEvent("download"), section.getByRole("link", { name: "Minutes (PDF)" }).click()]);
        expect(download.suggestedFilename()).toBe(`${m.day}-workshop-${query<{ n: number }>("select number as n from meetings where id = ?", m.id).n}-minutes.pdf`);
        const text = pdfText(fs.readFileSync((await download.path())!));
        expect(text).toContain("Kirjaston pilotti aloitetaan.");
        expect(text).toContain("Καλημέρα, Ђурђевак.");
        expect(text).not.toContain("LUONNOS");
        expect(text).not.toContain("DRAFT");
        // Approved minutes make the correction form only when it is asked for.
        expect(await page.getByLabel("Reason for the correction").count()).toBe(0);
        await page.getByRole("link", { name: "Correct the approved minutes" }).click();
        await page.waitForURL(/correct=1/);
        await poll(() => page.getByLabel("Reason for the correction").count()).toBe(1);
      });
    },
    SLOW,
  );

  it(
    "refuses the second of two editors with 409, shows both versions, and keeps the first editor's text",
    async () => {
      const m = conflictMeeting;
      const a = await signedIn(browser, COORDINATOR, true);
      const b = await signedIn(browser, PROJECT, true);
      try {
        await open(a.page, `/meetings/${m.id}/minutes`);
        await open(b.page, `/meetings/${m.id}/minutes`);
        await a.page.getByLabel("1. Avaus").fill("Ensimmäisen kirjoittajan teksti");
        await b.page.getByLabel("1. Avaus").fill("Toisen kirjoittajan teksti");
        await a.page.getByRole("button", { name: "Save", exact: true }).click();
        await a.page.waitForURL(/saved=1/);
        const [response] = await Promise.all([
          b.page.waitForResponse((r) => r.request().method() === "POST" && r.url().includes(`/meetings/${m.id}/minutes`)),
          b.page.getByRole("button", { name: "Save", exact: true }).click(),
        ]);
        expect(response.status()).toBe(409);
        const conflict = b.page.getByTestId("conflict");
        await poll(() => conflict.count()).toBe(1);
        expect(await conflict.getByTestId("conflict-theirs").innerText()).toContain("Ensimmäisen kirjoittajan teksti");
        expect(await conflict.getByTestId("conflict-yours").innerText()).toContain("Toisen kirjoittajan teksti");
        await axe(browser, b, "minutes conflict");
        // The form still holds what the second editor typed.
        expect(await b.page.getByLabel("1. Avaus").inputValue()).toBe("Toisen kirjoittajan teksti");
        expect(query<{ notes: string }>("select n.notes from minutes_item_notes n join minutes m on m.id = n.minutes_id where m.meeting_id = ?", m.id).notes).toBe("Ensimmäisen kirjoittajan teksti");
        expect(query<{ revision: number }>("select revision from minutes where meeting_id = ?", m.id).revision).toBe(1);
      } finally {
        await a.context.close();
        await b.context.close();
      }
      expectNoProblems(a.problems);
      expectNoProblems(b.problems, [409]);
    },
    SLOW,
  );

  it(
    "works without JavaScript: field messages for bad input, more rows, then a save",
    async () => {
      const m = noJsMeeting;
      await withSession(
        browser,
        COORDINATOR,
        false,
        async (s) => {
          const { page } = s;
          await open(page, `/meetings/${m.id}/minutes`);
          await axe(browser, s, "minutes editor without JavaScript");
          await page.getByLabel("2. Pilotit ja päätökset").fill("Keskusteltiin piloteista.");
          await page.getByLabel("Action 1: what is to be done").fill("Liian aikaisin");
          await page.getByLabel("Due date (action 1)").fill("2021-12-31");
          await page.getByRole("button", { name: "Save", exact: true }).click();
          await expectFieldError(page, "Due date (action 1)", "The due date cannot be before the meeting (2022-05-12).");
          expect(await page.getByLabel("2. Pilotit ja päätökset").inputValue()).toBe("Keskusteltiin piloteista.");
          expect(query<{ n: number }>("select count(*) as n from minutes where meeting_id = ?", m.id).n).toBe(0);
          // More rows, still nothing saved.
          expect(await page.getByTestId("action-row").count()).toBe(3);
          await page.getByRole("button", { name: "Add more rows" }).click();
          await poll(() => page.getByTestId("action-row").count()).toBe(6);
          await page.getByLabel("Due date (action 1)").fill("2022-06-01");
          await page.getByRole("button", { name: "Save", exact: true }).click();
          await page.waitForURL(/saved=1/);
          await poll(() => status(page)).toMatch(/^Draft/);
          expect(query<{ description: string; due_on: string }>("select description, due_on from action_items a join minutes m on m.id = a.minutes_id where m.meeting_id = ?", m.id)).toEqual({ description: "Liian aikaisin", due_on: "2022-06-01" });
        },
        [400],
      );
      // Another city's coordinator does not learn the minutes exist.
      await withSession(browser, MANTOVA, false, async ({ page }) => void (await open(page, `/meetings/${m.id}/minutes`, 404)), [404]);
      // A member does not see drafts.
      await withSession(browser, MEMBER, false, async ({ page }) => void (await open(page, `/meetings/${m.id}/minutes`, 404)), [404]);
    },
    SLOW,
  );
});
