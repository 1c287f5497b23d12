// Meetings in Chromium, with and without JavaScript: scheduling (bad input first), RSVPs,
// cancelling, other cities' meetings, the network's meetings, the agenda builder, attendance and
// the meeting's files. axe-core runs on every page visited.
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { get, httpLogin, launchBrowser, post, url } from "./helpers";
import {
  axe,
  expectFieldError,
  expectHeading,
  getAs,
  idFromUrl,
  isoDay,
  MODES,
  open,
  poll,
  postAs,
  scheduleMeeting,
  unique,
  withSession,
} from "./flow-helpers";

const COORDINATOR = "coordinator@iisalmi.example";
const MEMBER = "member@iisalmi.example";
const MANTOVA = "coordinator@mantova.example";
const TZ = "Europe/Helsinki";
/** Each flow signs in through the form and runs axe-core on several pages: give it room on a busy machine. */
const SLOW = 180_000;

let browser: Browser;

beforeAll(async () => {
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
});

/** The UTC instant (ISO) of a wall-clock time in a time zone. */
function zonedIso(date: string, time: string, timeZone: string): string {
  const guess = Date.parse(`${date}T${time}:00Z`);
  const offset = new Intl.DateTimeFormat("en", { timeZone, timeZoneName: "longOffset" })
    .formatToParts(new Date(guess))
    .find((p) => p.type === "timeZoneName")!.value; // "GMT+02:00"
  const m = /GMT([+-])(\d{2}):(\d{2})/.exec(offset);
  const minutes = m ? (m[1] === "-" ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3])) : 0;
  return new Date(guess - minutes * 60_000).toISOString();
}

/** Spaces of every kind (Intl puts narrow no-break spaces around times) as plain spaces. */
const plain = (s: string) => s.replace(/[\s\u202f\u00a0]+/g, " ").trim();

/** The text of the meeting page's RSVP counts. */
async function rsvpCounts(page: Page) {
  return plain(await page.getByTestId("rsvp-counts").innerText());
}

/** The answers table on a meeting page, as [name, answer] rows. */
async function answers(page: Page): Promise<string[][]> {
  const table = page.locator("table", { has: page.locator("caption", { hasText: /^Answers$/ }) });
  if ((await table.count()) === 0) return [];
  const rows = await table.locator("tbody tr").all();
  return Promise.all(rows.map(async (r) => (await r.locator("td").allInnerTexts()).map((t) => t.trim())));
}

describe("scheduling a meeting", () => {
  for (const mode of MODES) {
    it(`the coordinator corrects bad input and schedules a meeting, shown in Helsinki time (${mode.label})`, async () => {
      const title = unique("Welcome kit follow-up");
      const date = isoDay(40);
      await withSession(
        browser,
        COORDINATOR,
        mode.js,
        async (s) => {
          const { page } = s;
          await open(page, "/meetings");
          await expectHeading(page, "Meetings");
          await axe(browser, s, "/meetings");
          await page.getByRole("link", { name: "Schedule a meeting" }).click();
          await page.waitForURL(url("/meetings/new"));
          await expectHeading(page, "Schedule a meeting");
          expect(await page.getByText(`Times are in the local time of ${TZ}.`).count()).toBe(1);

          // Bad input: a 10,000-character title pasted in, and the end before the start.
          await page.getByLabel("Kind").selectOption({ label: "ULG meeting" });
          await page.getByLabel("Title").fill("x".repeat(10_000));
          await page.getByLabel("Purpose").fill("Check the welcome kit after the first month.");
          await page.getByLabel("Date").fill(date);
          await page.getByLabel("Starts").fill("18:30");
          await page.getByLabel("Ends").fill("17:00");
          await page.getByLabel("Place").fill("Kulttuurikeskus Kuura");
          const answer = mode.js ? null : page.waitForResponse((r) => r.request().method() === "POST");
          await page.getByRole("button", { name: "Schedule" }).click();
          if (answer) expect((await answer).status()).toBe(400);
          await expectFieldError(page, "Title", "This is too long.");
          await expectFieldError(page, "Ends", "The meeting must end after it starts.");
          // Still the form, with what was typed.
          expect(new URL(page.url()).pathname).toBe("/meetings/new");
          expect((await page.getByLabel("Title").inputValue()).length).toBe(10_000);
          expect(await page.getByLabel("Purpose").inputValue()).toBe("Check the welcome kit after the first month.");
          expect(await page.getByLabel("Date").inputValue()).toBe(date);
          expect(await page.getByLabel("Starts").inputValue()).toBe("18:30");
          expect(await page.getByLabel("Ends").inputValue()).toBe("17:00");
          expect(await page.getByLabel("Place").inputValue()).toBe("Kulttuurikeskus Kuura");
          await axe(browser, s, "/meetings/new with errors");

          // Corrected.
          await page.getByLabel("Title").fill(title);
          await page.getByLabel("Starts").fill("17:30");
          await page.getByLabel("Ends").fill("19:15");
          await page.getByRole("button", { name: "Schedule" }).click();
          await page.waitForURL(/\/meetings\/\d+\?created=1$/);
          const id = idFromUrl(page.url(), "meetings");
          await expectHeading(page, title);
          expect((await page.getByRole("status").innerText()).trim()).toBe("The meeting was scheduled.");

          // The time as entered, in the city's time zone, whatever the browser's own zone (New York here).
          const when = page.locator("dt", { hasText: /^When$/ }).locator("xpath=following-sibling::dd[1]");
          const whenText = plain(await when.innerText());
          const longDate = new Intl.DateTimeFormat("en", { dateStyle: "long", timeZone: "UTC" }).format(new Date(`${date}T00:00:00Z`));
          expect(whenText).toContain(longDate);
          expect(whenText).toMatch(/5:30 (PM )?– 7:15 PM/);
          expect(whenText).toContain(`(${TZ})`);
          expect(await when.locator("time").getAttribute("datetime")).toBe(zonedIso(date, "17:30", TZ));
          const header = plain(await page.locator("header > p").first().innerText());
          const number = /^ULG meeting (\d+) · Iisalmi$/.exec(header)?.[1];
          expect(number, header).toBeDefined();
          await axe(browser, s, "a new meeting page as the coordinator");

          // In the list of upcoming meetings, with its number.
          await page.getByRole("link", { name: "All meetings" }).click();
          await page.waitForURL(url("/meetings"));
          const link = page.getByRole("link", { name: `ULG meeting ${number}: ${title}` });
          await poll(() => link.count()).toBe(1);
          expect(await link.getAttribute("href")).toBe(`/meetings/${id}`);
        },
        mode.js ? [] : [400],
        { timezoneId: "America/New_York" },
      );
    }, SLOW);
  }
});

describe("answering an invitation (RSVP)", () => {
  for (const mode of MODES) {
    it(`a member answers yes, then maybe; the counts follow and the coordinator sees who answered (${mode.label})`, async () => {
      const title = unique("RSVP check");
      const id = await scheduleMeeting(COORDINATOR, { title, date: isoDay(20), startTime: "16:00", endTime: "18:00" });

      await withSession(browser, MEMBER, mode.js, async (s) => {
        const { page } = s;
        await open(page, "/meetings");
        await page.getByRole("link", { name: new RegExp(`: ${title}$`) }).click();
        await page.waitForURL(url(`/meetings/${id}`));
        await expectHeading(page, title);
        expect(await rsvpCounts(page)).toBe("Coming: 0 · maybe: 0 · not coming: 0");
        expect(await page.getByRole("group", { name: "Will you come?" }).count()).toBe(1);
        // A member sees the counts, not who answered; nor the coordinators' controls.
        expect(await answers(page)).toEqual([]);
        for (const control of ["Edit", "Agenda builder", "Attendance"]) {
          expect(await page.getByRole("link", { name: control, exact: true }).count(), control).toBe(0);
        }
        await axe(browser, s, "a meeting page as a member");

        await page.getByRole("button", { name: "Yes", exact: true }).click();
        await page.waitForURL(url(`/meetings/${id}?rsvp=1#rsvp`));
        await poll(() => rsvpCounts(page)).toBe("Coming: 1 · maybe: 0 · not coming: 0");
        expect((await page.getByRole("status").innerText()).trim()).toBe("Thank you, your answer was saved.");
        expect(await page.getByRole("button", { name: "Yes", exact: true }).getAttribute("aria-pressed")).toBe("true");
        expect(plain(await page.locator("#rsvp legend").innerText())).toBe("Your answer: Yes. You can change it until the meeting starts.");

        await page.getByRole("button", { name: "Maybe", exact: true }).click();
        await poll(() => rsvpCounts(page)).toBe("Coming: 0 · maybe: 1 · not coming: 0");
        expect(await page.getByRole("button", { name: "Maybe", exact: true }).getAttribute("aria-pressed")).toBe("true");
        expect(await page.getByRole("button", { name: "Yes", exact: true }).getAttribute("aria-pressed")).toBe("false");
        await axe(browser, s, "a meeting page after answering");

        // The list shows the counts too.
        await open(page, "/meetings");
        const item = page.locator("li", { has: page.getByRole("link", { name: new RegExp(`: ${title}$`) }) });
        expect(plain(await item.innerText())).toContain("Coming: 0 · maybe: 1 · not coming: 0");
      });

      await withSession(browser, COORDINATOR, mode.js, async (s) => {
        await open(s.page, `/meetings/${id}`);
        await expectHeading(s.page, title);
        expect(await rsvpCounts(s.page)).toBe("Coming: 0 · maybe: 1 · not coming: 0");
        expect(await answers(s.page)).toEqual([["Aino Kettunen", "Maybe"]]);
        await axe(browser, s, "a meeting page with answers as the coordinator");
      });
    }, SLOW);
  }
});

describe("cancelling a meeting", () => {
  for (const mode of MODES) {
    it(`the coordinator cancels with a reason; the member sees it and can no longer answer (${mode.label})`, async () => {
      const title = unique("Meeting to cancel");
      const reason = "The council room is being renovated; we meet again in the spring.";
      const id = await scheduleMeeting(COORDINATOR, { title, date: isoDay(25), startTime: "16:00", endTime: "18:00" });

      await withSession(
        browser,
        COORDINATOR,
        mode.js,
        async (s) => {
          const { page } = s;
          await open(page, `/meetings/${id}`);
          await page.getByRole("link", { name: "Edit", exact: true }).click();
          await page.waitForURL(url(`/meetings/${id}/edit`));
          await expectHeading(page, "Edit meeting");
          expect(await page.getByLabel("Title").inputValue()).toBe(title);
          expect(await page.getByLabel("Starts").inputValue()).toBe("16:00");
          await axe(browser, s, `/meetings/${id}/edit`);

          // No reason: refused, nothing cancelled.
          const answer = mode.js ? null : page.waitForResponse((r) => r.request().method() === "POST");
          await page.getByRole("button", { name: "Cancel the meeting" }).click();
          if (answer) expect((await answer).status()).toBe(400);
          await expectFieldError(page, "Reason", "This field is required.");
          await axe(browser, s, `/meetings/${id}/edit with an error`);

          await page.getByLabel("Reason").fill(reason);
          await page.getByRole("button", { name: "Cancel the meeting" }).click();
          await page.waitForURL(url(`/meetings/${id}?cancelled=1`));
          await poll(async () => (await page.getByRole("status").allInnerTexts()).map(plain)).toContain("The meeting was cancelled.");
          expect(await page.getByRole("link", { name: "Edit", exact: true }).count()).toBe(0);
        },
        mode.js ? [] : [400],
      );

      await withSession(browser, MEMBER, mode.js, async (s) => {
        const { page } = s;
        await open(page, "/meetings");
        const item = page.locator("li", { has: page.getByRole("link", { name: new RegExp(`: ${title}$`) }) });
        expect(plain(await item.innerText())).toContain("Cancelled");
        await item.getByRole("link").first().click();
        await page.waitForURL(url(`/meetings/${id}`));
        await expectHeading(page, title);
        const notice = plain(await page.locator("header [role=status]").innerText());
        expect(notice).toBe(`Cancelled Reason: ${reason}`);
        for (const answer of ["Yes", "Maybe", "No"]) {
          expect(await page.getByRole("button", { name: answer, exact: true }).count(), answer).toBe(0);
        }
        await axe(browser, s, "a cancelled meeting as a member");
        // Answering past the missing buttons is refused.
        const res = await postAs(page, `/meetings/${id}`, { intent: "rsvp", response: "yes" });
        expect(res.status()).toBe(400);
        await page.reload();
        expect(await rsvpCounts(page)).toBe("Coming: 0 · maybe: 0 · not coming: 0");
      });
    }, SLOW);
  }
});

describe("other cities and the network", () => {
  it("Mantova's coordinator gets 404 for an Iisalmi meeting; everyone sees the network's past meetings", async () => {
    const title = unique("Iisalmi only");
    const id = await scheduleMeeting(COORDINATOR, { title, date: isoDay(30), startTime: "16:00", endTime: "18:00" });

    for (const mode of MODES) {
      await withSession(
        browser,
        MANTOVA,
        mode.js,
        async (s) => {
          const { page } = s;
          for (const path of [`/meetings/${id}`, `/meetings/${id}/edit`, `/meetings/${id}/event.ics`]) {
            const res = await open(page, path, 404);
            expect(await res!.text(), path).not.toContain(title);
          }
          await open(page, `/meetings/${id}`, 404);
          await expectHeading(page, "Page not found");
          await axe(browser, s, "a 404 page");
          // Writing is refused the same way.
          const res = await postAs(page, `/meetings/${id}/edit`, { intent: "cancel", reason: "Not yours" });
          expect(res.status()).toBe(404);

          await open(page, "/meetings");
          expect(await page.getByRole("link", { name: new RegExp(title) }).count()).toBe(0);
          await open(page, "/meetings?when=past");
          const sibenik = page.locator("li", { has: page.getByRole("link", { name: /Kick-off meeting in Šibenik/ }) });
          expect(await sibenik.count()).toBe(1);
          expect(plain(await sibenik.innerText())).toContain("Network meeting, hosted by Šibenik");
          // Mantova's own past meetings, not Iisalmi's.
          expect(await page.getByRole("link", { name: /Primo incontro del gruppo locale/ }).count()).toBe(1);
          expect(await page.getByRole("link", { name: /Kick-off of the Iisalmi ULG/ }).count()).toBe(0);
          await axe(browser, s, "/meetings?when=past as Mantova's coordinator");
        },
        [404],
      );
    }

    // Everyone signed in sees the network's meetings among the past ones.
    for (const email of ["admin@network.example", "projects@iisalmi.example", COORDINATOR]) {
      const cookie = await httpLogin(email);
      const html = await (await get("/meetings?when=past", cookie)).text();
      expect(html, email).toContain("Kick-off meeting in Šibenik");
      expect(html, email).toContain("Transnational meeting in Mangualde");
      await post("/logout", {}, cookie);
    }
  }, SLOW);

  for (const mode of MODES) {
    it(`a member opens a transnational meeting from the past list (${mode.label})`, async () => {
      await withSession(browser, MEMBER, mode.js, async (s) => {
        const { page } = s;
        await open(page, "/meetings");
        await page.getByRole("link", { name: "Past", exact: true }).click();
        await page.waitForURL(url("/meetings?when=past"));
        await poll(() => page.getByRole("link", { name: /Kick-off meeting in Šibenik/ }).count()).toBe(1);
        expect(await page.getByRole("link", { name: /Kick-off of the Iisalmi ULG/ }).count()).toBe(1);
        await axe(browser, s, "/meetings?when=past as a member");
        await page.getByRole("link", { name: /Kick-off meeting in Šibenik/ }).click();
        await page.waitForURL(/\/meetings\/\d+$/);
        await expectHeading(page, "Kick-off meeting in Šibenik");
        const when = plain(await page.locator("dt", { hasText: /^When$/ }).locator("xpath=following-sibling::dd[1]").innerText());
        expect(when).toContain("September 26, 2023");
        expect(when).toContain("September 28, 2023");
        expect(when).toContain("(Europe/Zagreb)");
        await axe(browser, s, "a transnational meeting as a member");
      });
    }, SLOW);
  }
});

describe("agenda builder", () => {
  for (const mode of MODES) {
    it(`the coordinator adds items, refuses a bad duration, and moves items up and down (${mode.label})`, async () => {
      const title = unique("Agenda check");
      const id = await scheduleMeeting(COORDINATOR, { title, date: isoDay(35), startTime: "16:00", endTime: "18:00" });
      await withSession(
        browser,
        COORDINATOR,
        mode.js,
        async (s) => {
          const { page } = s;
          await open(page, `/meetings/${id}`);
          await page.getByRole("link", { name: "Agenda builder" }).click();
          await page.waitForURL(url(`/meetings/${id}/agenda`));
          await expectHeading(page, "Agenda builder");
          expect(await page.getByText("No items yet. Add the first one below.").count()).toBe(1);
          await axe(browser, s, `/meetings/${id}/agenda (empty)`);

          const add = page.locator("form#agenda-item-new");
          const addItem = async (itemTitle: string, minutes: string, kind: string) => {
            await add.getByLabel("Title").fill(itemTitle);
            await add.getByLabel("Duration (minutes)").fill(minutes);
            await add.getByLabel("Kind").selectOption({ label: kind });
            await add.getByRole("button", { name: "Add item" }).click();
          };
          // A duration of 0 minutes is refused, and the title is kept.
          const answer = mode.js ? null : page.waitForResponse((r) => r.request().method() === "POST");
          await addItem("Welcome and introductions", "0", "Information");
          if (answer) expect((await answer).status()).toBe(400);
          await expectFieldError(page, /^Duration/, "Enter whole minutes from 1 to 480.");
          expect(await add.getByLabel("Title").inputValue()).toBe("Welcome and introductions");
          await axe(browser, s, `/meetings/${id}/agenda with an error`);

          await add.getByLabel("Duration (minutes)").fill("15");
          await add.getByRole("button", { name: "Add item" }).click();
          await page.waitForURL(new RegExp(`/meetings/${id}/agenda\\?added=\\d+`));
          await addItem("Budget for the welcome kit", "30", "Decision");
          await poll(() => itemTitles(page)).toEqual(["Welcome and introductions", "Budget for the welcome kit"]);
          await poll(() => startTimes(page)).toEqual(["04:00 PM", "04:15 PM"]);
          expect(plain(await page.getByTestId("agenda-total").innerText())).toContain("The agenda takes 45 min; the meeting lasts 120 min");
          await axe(browser, s, `/meetings/${id}/agenda with two items`);

          await page.getByRole("button", { name: "Move “Budget for the welcome kit” up" }).click();
          await poll(() => itemTitles(page)).toEqual(["Budget for the welcome kit", "Welcome and introductions"]);
          await poll(() => startTimes(page)).toEqual(["04:00 PM", "04:30 PM"]);
          await page.getByRole("button", { name: "Move “Budget for the welcome kit” down" }).click();
          await poll(() => itemTitles(page)).toEqual(["Welcome and introductions", "Budget for the welcome kit"]);

          // Saved: the meeting page shows the same order (with JavaScript the order was saved in the background).
          await poll(async () => {
            await open(page, `/meetings/${id}`);
            return (await page.locator("#agenda-heading + ol > li p.font-medium").allInnerTexts()).map((t) => t.trim());
          }).toEqual(["Welcome and introductions", "Budget for the welcome kit"]);
        },
        mode.js ? [] : [400],
      );
    }, SLOW);
  }
});

/** Titles of the agenda items in the builder, in order. */
async function itemTitles(page: Page): Promise<string[]> {
  const items = await page.locator('ol[aria-label="Agenda items"] > li').all();
  const titles: string[] = [];
  for (const item of items) titles.push(plain(await item.locator("h3").first().innerText()));
  return titles;
}

/** Running start times shown in the builder, in order. */
async function startTimes(page: Page): Promise<string[]> {
  const items = await page.locator('ol[aria-label="Agenda items"] > li').all();
  const times: string[] = [];
  for (const item of items) {
    const text = plain(await item.innerText());
    times.push(/(\d{1,2}:\d{2} [AP]M)/.exec(text)?.[1] ?? "");
  }
  return times;
}

describe("attendance", () => {
  for (const mode of MODES) {
    it(`the coordinator marks who came and saves (${mode.label})`, async () => {
      const title = unique("Attendance check");
      const id = await scheduleMeeting(COORDINATOR, { title, date: isoDay(10), startTime: "16:00", endTime: "18:00" });
      await withSession(browser, COORDINATOR, mode.js, async (s) => {
        const { page } = s;
        await open(page, `/meetings/${id}`);
        await page.getByRole("link", { name: "Attendance", exact: true }).click();
        await page.waitForURL(url(`/meetings/${id}/attendance`));
        await expectHeading(page, "Attendance");
        const counts = () => page.getByTestId("status-counts").innerText().then(plain);
        const before = await counts();
        expect(before).toMatch(/^Present 0 · remote 0 · excused 0 · absent 0 · not recorded \d+$/);
        const total = Number(/not recorded (\d+)/.exec(before)![1]);
        await axe(browser, s, `/meetings/${id}/attendance`);

        const person = (name: string) => page.getByRole("group", { name: new RegExp(`^${name}`) });
        await person("Aino Kettunen").getByLabel("Present", { exact: true }).check();
        await person("Sanna Hyvönen").getByLabel("Remote", { exact: true }).check();
        await person("Juha Partanen").getByLabel("Excused", { exact: true }).check();
        await page.getByRole("button", { name: "Save attendance" }).click();
        await page.waitForURL(url(`/meetings/${id}/attendance?saved=1`));
        await poll(counts).toBe(`Present 1 · remote 1 · excused 1 · absent 0 · not recorded ${total - 3}`);
        expect((await page.getByRole("status").first().innerText()).trim()).toBe("Attendance saved.");
        // Kept after a fresh load.
        await page.goto(url(`/meetings/${id}/attendance`));
        expect(await person("Aino Kettunen").getByLabel("Present", { exact: true }).isChecked()).toBe(true);
        expect(await person("Sanna Hyvönen").getByLabel("Remote", { exact: true }).isChecked()).toBe(true);
        expect(await person("Juha Partanen").getByLabel("Excused", { exact: true }).isChecked()).toBe(true);
        await axe(browser, s, `/meetings/${id}/attendance after saving`);
      });
    }, SLOW);
  }
});

describe("the meeting's files", () => {
  it("a member downloads the calendar file but not the sign-in sheet; the coordinator gets both", async () => {
    const title = unique("Files check");
    const date = isoDay(15);
    const id = await scheduleMeeting(COORDINATOR, { title, date, startTime: "17:30", endTime: "19:00" });

    await withSession(
      browser,
      MEMBER,
      true,
      async ({ page }) => {
        await open(page, `/meetings/${id}`);
        expect(await page.getByRole("link", { name: "Sign-in sheet (PDF)" }).count()).toBe(0);
        const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: "Add to calendar" }).click()]);
        expect(download.suggestedFilename()).toMatch(/\.ics$/);
        const res = await getAs(page, `/meetings/${id}/event.ics`);
        expect(res.status()).toBe(200);
        expect(res.headers()["content-type"]).toBe("text/calendar; charset=utf-8");
        expect(res.headers()["content-disposition"]).toMatch(/^attachment; filename="[^"]+\.ics"/);
        const ics = (await res.text()).replace(/\r\n[ \t]/g, "");
        expect(ics).toContain("BEGIN:VCALENDAR");
        expect(ics).toContain(`SUMMARY:`);
        expect(ics).toContain(title);
        expect(ics).toMatch(new RegExp(`DTSTART;TZID=${TZ}:${date.replace(/-/g, "")}T173000`));
        expect(ics).toContain("BEGIN:VTIMEZONE");

        const sheet = await getAs(page, `/meetings/${id}/sign-in-sheet.pdf`);
        expect(sheet.status()).toBe(403);
        expect(sheet.headers()["content-type"]).not.toBe("application/pdf");
      },
      [403],
    );

    await withSession(browser, COORDINATOR, true, async ({ page }) => {
      await open(page, `/meetings/${id}`);
      expect(await page.getByRole("link", { name: "Sign-in sheet (PDF)" }).count()).toBe(1);
      const sheet = await getAs(page, `/meetings/${id}/sign-in-sheet.pdf`);
      expect(sheet.status()).toBe(200);
      expect(sheet.headers()["content-type"]).toBe("application/pdf");
      expect((await sheet.body()).subarray(0, 5).toString("latin1")).toBe("%PDF-");
    });
  }, SLOW);
});
