// Minutes files and the reporting pack in Chromium, with and without JavaScript: the minutes PDF
// downloaded from a meeting page, the pack chosen on /reports and downloaded, a bad period, and
// who may see the page at all. axe-core runs on /reports.
import Database from "better-sqlite3";
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { unzipSync } from "fflate";
import type { Browser, Download } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { axe, expectFieldError, expectHeading, MODES, open, poll, withSession } from "./flow-helpers";
import { get, httpLogin, launchBrowser } from "./helpers";

const PROJECT = "projects@iisalmi.example";
const MEMBER = "member@iisalmi.example";
const COORDINATOR = "coordinator@iisalmi.example";
const SLOW = 180_000;

let browser: Browser;
/** A past Iisalmi ULG meeting with approved minutes (the demo's own, or written here if it has none). */
let meeting: { id: number; title: string; day: string };

beforeAll(async () => {
  browser = await launchBrowser();
  const db = new Database(inject("databasePath"));
  try {
    db.pragma("busy_timeout = 5000");
    const row = db
      .prepare(
        `select m.id, m.title, m.city_id as cityId, m.starts_at as startsAt, n.status
           from meetings m join cities c on c.id = m.city_id left join minutes n on n.meeting_id = m.id
          where c.slug = 'iisalmi' and m.kind = 'ulg_meeting' and m.ends_at < ? and m.cancelled_at is null
          order by (n.status = 'approved') desc, m.starts_at desc limit 1`,
      )
      .get(Date.now()) as { id: number; title: string; cityId: number; startsAt: number; status: string | null };
    if (row.status !== "approved") {
      db.prepare("delete from minutes where meeting_id = ?").run(row.id);
      const minutesId = db
        .prepare("insert into minutes (meeting_id, city_id, status, revision, summary, approved_at, updated_at, created_at) values (?, ?, 'approved', 1, ?, ?, ?, ?) returning id")
        .pluck()
        .get(row.id, row.cityId, "Kokous **hyväksyi** pilotit. Καλημέρα, Ђурђевак.", Date.now(), Date.now(), Date.now()) as number;
      db.prepare("insert into minutes_decisions (minutes_id, city_id, position, text) values (?, ?, 0, ?)").run(minutesId, row.cityId, "Päätettiin pilotista.");
    }
    meeting = { id: row.id, title: row.title, day: new Date(row.startsAt).toISOString().slice(0, 10) };
  } finally {
    db.close();
  }
});

afterAll(async () => {
  await browser?.close();
});

async function saved(download: Download): Promise<Buffer> {
  const file = await download.path();
  return fs.readFileSync(file!);
}

function pdfText(buffer: Buffer): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "e2e-pdf-"));
  try {
    fs.writeFileSync(path.join(dir, "f.pdf"), buffer);
    return execFileSync("pdftotext", ["-enc", "UTF-8", path.join(dir, "f.pdf"), "-"], { encoding: "utf8" }).replace(/\s+/g, " ");
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

describe.each(MODES)("minutes and the reporting pack $label", ({ js }) => {
  it(
    "downloads the minutes PDF from the meeting page",
    async () => {
      await withSession(
        browser,
        PROJECT,
        js,
        async ({ page }) => {
          await open(page, `/meetings/${meeting.id}`);
          const section = page.getByRole("region", { name: "Minutes files" });
          await poll(() => section.count()).toBe(1);
          const [download] = await Promise.all([page.waitForEvent("download"), section.getByRole("link", { name: "Minutes (PDF)" }).click()]);
          expect(download.suggestedFilename()).toMatch(/^\d{4}-\d{2}-\d{2}-ulg-meeting-\d+-minutes\.pdf$/);
          const buffer = await saved(download);
          expect(buffer.subarray(0, 5).toString()).toBe("%PDF-");
          const text = pdfText(buffer);
          expect(text).toContain(meeting.title);
          expect(text).toContain("Iisalmi");
          expect(text).not.toContain("LUONNOS");
        },
      );
    },
    SLOW,
  );

  it(
    "chooses a period on /reports, shows what the pack holds and downloads it",
    async () => {
      await withSession(
        browser,
        PROJECT,
        js,
        async (s) => {
          const { page } = s;
          await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Reports" }).click();
          await expectHeading(page, "Reporting pack");
          await axe(browser, s, "/reports");

          // A reversed period: a message by the field, 400, nothing to download.
          await page.getByLabel("From").fill("2025-12-31");
          await page.getByLabel("To").fill("2023-06-01");
          await page.getByRole("button", { name: "Show the pack" }).click();
          await expectFieldError(page, "To", "The end date is before the start date.");
          expect(await page.getByRole("link", { name: "Download the pack (ZIP)" }).count()).toBe(0);

          await page.getByLabel("From").fill("2023-06-01");
          await page.getByLabel("To").fill("2025-12-31");
          await page.getByRole("button", { name: "Show the pack" }).click();
          const overview = page.getByTestId("pack-overview");
          await poll(() => overview.count()).toBe(1);
          expect(await overview.innerText()).toMatch(/approved minutes: in the pack/);
          await axe(browser, s, "/reports with a period");
          const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: "Download the pack (ZIP)" }).click()]);
          expect(download.suggestedFilename()).toBe("2023-06-01-2025-12-31-iisalmi-reporting-pack.zip");
          const files = Object.keys(unzipSync(new Uint8Array(await saved(download))));
          expect(files).toContain("attendance.csv");
          expect(files).toContain("summary.csv");
          expect(files).toContain("2023-06-01-2025-12-31-iisalmi-all-minutes.pdf");
          expect(files.some((f) => f.startsWith(`minutes/${meeting.day}-ulg-meeting-`) && f.endsWith("-minutes.pdf"))).toBe(true);
          expect(files.filter((f) => f.startsWith("minutes/") && f.endsWith(".docx")).length).toBeGreaterThan(0);
          expect([...files].sort()).toEqual(files);
        },
        [400],
      );
    },
    SLOW,
  );
});

describe("who sees the reporting pack", () => {
  it(
    "is not in a member's or ULG coordinator's navigation, and /reports answers them 403",
    async () => {
      for (const email of [MEMBER, COORDINATOR]) {
        await withSession(
          browser,
          email,
          true,
          async ({ page }) => {
            expect(await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Reports" }).count()).toBe(0);
            await open(page, "/reports", 403);
          },
          [403],
        );
      }
      const cookie = await httpLogin(MEMBER);
      expect((await get("/reports/pack.zip?from=2024-01-01&to=2024-12-31", cookie)).status).toBe(403);
      const admin = await httpLogin("admin@network.example");
      const noCity = await get("/reports/pack.zip?from=2024-01-01&to=2024-12-31", admin);
      expect(noCity.status).toBe(400);
      expect(await noCity.text()).toContain("Choose the city");
    },
    SLOW,
  );
});
