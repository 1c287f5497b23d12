// "My actions" in Chromium, with and without JavaScript: the demo member signs in, sees their open
// action items (one overdue) on the dashboard, and marks one done; the meeting page lists the open
// items of earlier meetings. axe-core runs on the dashboard.
import Database from "better-sqlite3";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { axe, expectHeading, MODES, open, poll, withSession } from "./flow-helpers";
import { launchBrowser } from "./helpers";

const MEMBER = "member@iisalmi.example";
const SLOW = 180_000;

let browser: Browser;
// One fresh item per mode, owned by the demo member, so the two runs do not race for the same row.
const tasks: Record<string, { id: number; description: string; meetingId: number }> = {};

function withDb<T>(fn: (db: Database.Database) => T): T {
  const db = new Database(inject("databasePath"));
  try {
    db.pragma("busy_timeout = 5000");
    return fn(db);
  } finally {
    db.close();
  }
}

beforeAll(async () => {
  browser = await launchBrowser();
  withDb((db) => {
    const owner = db
      .prepare("select m.id, m.city_id as cityId from members m join users u on u.id = m.user_id where u.email = ?")
      .get(MEMBER) as { id: number; cityId: number };
    // Circulated or approved minutes of a past meeting: members read their action items.
    const minutes = db
      .prepare(
        `select n.id, n.meeting_id as meetingId from minutes n join meetings m on m.id = n.meeting_id
          where n.city_id = ? and n.status != 'draft' and m.ends_at < ? order by m.starts_at desc limit 1`,
      )
      .get(owner.cityId, Date.now()) as { id: number; meetingId: number };
    for (const mode of MODES) {
      const description = `Print the welcome leaflets (${mode.label}, ${Date.now()})`;
      const id = db
        .prepare("insert into action_items (minutes_id, meeting_id, city_id, position, description, owner_member_id, due_on, created_at) values (?, ?, ?, 99, ?, ?, '2099-01-31', ?) returning id")
        .pluck()
        .get(minutes.id, minutes.meetingId, owner.cityId, description, owner.id, Date.now()) as number;
      tasks[mode.label] = { id, description, meetingId: minutes.meetingId };
    }
  });
});

afterAll(async () => {
  withDb((db) => {
    for (const t of Object.values(tasks)) db.prepare("delete from action_items where id = ?").run(t.id);
  });
  await browser?.close();
});

describe.each(MODES)("my actions $label", ({ js, label }) => {
  it(
    "shows the member's open action items on the dashboard and marks one done",
    async () => {
      const task = tasks[label];
      await withSession(browser, MEMBER, js, async (s) => {
        const { page } = s;
        await open(page, "/");
        await expectHeading(page, /Iisalmi/);
        const section = page.getByRole("region", { name: "My actions" });
        const open_ = section.getByTestId("my-open-actions");
        await poll(() => open_.getByText(task.description, { exact: true }).count()).toBe(1);
        // The demo member has one overdue item from the circulated minutes.
        expect(await open_.getByText("Overdue").count()).toBeGreaterThanOrEqual(1);
        expect(await open_.getByText("Ask the youth council to comment on the draft actions for young people", { exact: true }).count()).toBe(1);
        await axe(browser, s, "/ (my actions)");

        await section.getByRole("button", { name: `Mark done: ${task.description}` }).click();
        if (!js) {
          await page.waitForURL(/\/\?actionItem=done/);
          expect(await section.getByRole("status").innerText()).toBe("Action item marked done.");
        } else {
          // The fetcher posts in the background: no navigation, and the list revalidates.
          expect(new URL(page.url()).search).toBe("");
        }
        await poll(() => open_.getByText(task.description, { exact: true }).count()).toBe(0);
        await poll(() => section.getByTestId("my-done-actions").getByText(task.description, { exact: true }).count()).toBe(1);
        const doneOn = withDb((db) => db.prepare("select done_on from action_items where id = ?").pluck().get(task.id)) as string | null;
        expect(doneOn).toMatch(/^\d{4}-\d{2}-\d{2}$/);

        // The next meeting shows what is still open, and no longer this one.
        const later = withDb((db) =>
          db.prepare("select id from meetings where city_id = (select city_id from meetings where id = ?) and starts_at > ? and kind = 'ulg_meeting' order by starts_at limit 1").pluck().get(task.meetingId, Date.now()),
        ) as number;
        await open(page, `/meetings/${later}`);
        const list = page.getByRole("region", { name: "Open action items from earlier meetings" });
        await poll(() => list.getByText("Ask the youth council to comment on the draft actions for young people", { exact: true }).count()).toBe(1);
        expect(await list.getByText(task.description, { exact: true }).count()).toBe(0);
      });
    },
    SLOW,
  );
});
