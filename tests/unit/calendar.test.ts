// Calendar files: the single-meeting download and the personal feed, read back with a real
// iCalendar parser (ical.js), which converts wall-clock times only through the VTIMEZONE blocks
// the file itself carries.
import { spyOnStatements } from "./sql-count";
import { eq } from "drizzle-orm";
import ICAL from "ical.js";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { getConnection, getDb } from "#db/client.server";
import { auditLog, meetings, users } from "#db/schema";
import { buildCalendar } from "~/exports/ics.server";
import { createMeeting, type MeetingValues } from "~/models/meetings.server";
import { loader as eventLoader } from "~/routes/meetings.$meetingId_.event[.ics]";
import { loader as feedLoader } from "~/routes/calendar[.ics]";
import { action as feedSettingsAction, loader as feedSettingsLoader } from "~/routes/settings_.calendar";
import { action as editAction } from "~/routes/meetings.$meetingId_.edit";
import { sha256 } from "~/utils/crypto.server";
import { zonedToUtc } from "~/utils/zoned-time";
import { context, cookieFor, makeCity, makeMember, makeUser, request, setActive, settle } from "./factories";

// ---------------------------------------------------------------- reading a calendar file

function readIcs(text: string) {
  // Only the zones in this file: a missing or wrong VTIMEZONE cannot be covered by an earlier one.
  ICAL.TimezoneService.reset();
  const calendar = new ICAL.Component(ICAL.parse(text));
  const zones = calendar.getAllSubcomponents("vtimezone");
  for (const z of zones) ICAL.TimezoneService.register(z);
  const events = calendar.getAllSubcomponents("vevent").map((c) => new ICAL.Event(c));
  return { calendar, zones: zones.map((z) => String(z.getFirstPropertyValue("tzid"))), events };
}

const byUid = (events: InstanceType<typeof ICAL.Event>[], id: number) => events.find((e) => e.uid === `meeting-${id}@ulg-workshop`);

// ---------------------------------------------------------------- fixtures

type Reply = { init: { status: number } };
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyFn = (args: any) => Promise<unknown>;
const call = (fn: AnyFn, path: string, cookie?: string, form?: Record<string, string>, params: Record<string, string> = {}) =>
  settle(() => fn({ request: request(path, { cookie, form }), context: context(), params }));

let iisalmi: number, mantova: number;
let coordId: number, memberId: number, englishId: number, adminId: number;
let coord: string, member: string, english: string, admin: string, romeCoord: string;

const DAY = 86_400_000;

function meeting(cityId: number | null, over: Partial<MeetingValues> = {}, actorId = coordId): number {
  const startsAt = over.startsAt ?? new Date(Date.now() + 10 * DAY);
  return createMeeting(
    cityId,
    {
      kind: cityId == null ? "transnational" : "ulg_meeting",
      title: "Kick-off",
      purpose: "Meet the group",
      startsAt,
      endsAt: new Date(startsAt.getTime() + 2 * 3_600_000),
      timeZone: "Europe/Helsinki",
      place: "City hall",
      onlineUrl: null,
      hostCityId: null,
      ...over,
    },
    { id: actorId },
  );
}

beforeAll(async () => {
  iisalmi = makeCity({ name: "Iisalmi", timeZone: "Europe/Helsinki", language: "fi" }).id;
  mantova = makeCity({ name: "Mantova", timeZone: "Europe/Rome", language: "it" }).id;
  coordId = (await makeUser("ulg_coordinator", iisalmi)).id;
  coord = await cookieFor(coordId);
  const m = await makeUser("member", iisalmi, { language: "fi" });
  memberId = m.id;
  makeMember(iisalmi, { userId: m.id, name: "Aino" });
  member = await cookieFor(m.id);
  englishId = (await makeUser("member", iisalmi, { language: "en" })).id;
  english = await cookieFor(englishId);
  adminId = (await makeUser("admin", null)).id;
  admin = await cookieFor(adminId);
  romeCoord = await cookieFor((await makeUser("ulg_coordinator", mantova)).id);
});

// ---------------------------------------------------------------- /meetings/:id/event.ics

describe("meeting calendar file", () => {
  it("writes the local time of a meeting just after the daylight-saving change, with its VTIMEZONE", async () => {
    // Finland moves to UTC+3 on Sunday 30 March 2031: 17:00 on the 31st is 14:00 UTC.
    const startsAt = zonedToUtc("2031-03-31", "17:00", "Europe/Helsinki");
    const id = meeting(iisalmi, { startsAt, endsAt: zonedToUtc("2031-03-31", "19:00", "Europe/Helsinki"), onlineUrl: "https://meet.example/ulg" });
    const res = (await call(eventLoader, `/meetings/${id}/event.ics`, english, undefined, { meetingId: String(id) })) as Response;
    expect(res.status).toBe(200);
    expect(res.headers.get("Content-Type")).toBe("text/calendar; charset=utf-8");
    expect(res.headers.get("Content-Disposition")).toContain('filename="2031-03-31-ulg-meeting-1.ics"');
    const text = await res.text();
    expect(text).toContain("DTSTART;TZID=Europe/Helsinki:20310331T170000");
    const { calendar, zones, events } = readIcs(text);
    expect(calendar.getFirstPropertyValue("method")).toBe("PUBLISH");
    expect(zones).toEqual(["Europe/Helsinki"]);
    expect(events).toHaveLength(1);
    const [event] = events;
    expect(event.uid).toBe(`meeting-${id}@ulg-workshop`);
    expect(event.summary).toBe("ULG meeting 1: Kick-off");
    expect(event.startDate.zone?.tzid).toBe("Europe/Helsinki");
    expect([event.startDate.hour, event.startDate.minute]).toEqual([17, 0]);
    expect(event.startDate.toJSDate().toISOString()).toBe("2031-03-31T14:00:00.000Z");
    expect(event.endDate.toJSDate().toISOString()).toBe("2031-03-31T16:00:00.000Z");
    expect(event.location).toBe("City hall · https://meet.example/ulg");
    expect(event.description).toContain("Meet the group");
    expect(event.description).toContain(`http://localhost/meetings/${id}`);
    const vevent = event.component;
    expect(vevent.getFirstPropertyValue("url")).toBe(`http://localhost/meetings/${id}`);
    expect(vevent.getFirstPropertyValue("status")).toBe("CONFIRMED");
    expect(vevent.getFirstPropertyValue("sequence")).toBe(0);
    // DTSTAMP and LAST-MODIFIED must be UTC.
    expect(text).toMatch(/^DTSTAMP:\d{8}T\d{6}Z\r$/m);
    expect(text).toMatch(/^LAST-MODIFIED:\d{8}T\d{6}Z\r$/m);
  });

  it("does not depend on the server's own time zone", async () => {
    const startsAt = zonedToUtc("2031-10-27", "09:30", "Europe/Helsinki");
    const event = { uid: "x", sequence: 0, start: startsAt, end: new Date(startsAt.getTime() + 3_600_000), timeZone: "Europe/Helsinki", summary: "s", description: null, location: null, url: "http://x/", cancelled: false, lastModified: new Date() };
    const before = process.env.TZ;
    try {
      process.env.TZ = "America/New_York";
      const inNewYork = buildCalendar({ method: "PUBLISH", events: [event] });
      process.env.TZ = "Asia/Tokyo";
      const inTokyo = buildCalendar({ method: "PUBLISH", events: [event] });
      for (const text of [inNewYork, inTokyo]) {
        expect(text).toContain("DTSTART;TZID=Europe/Helsinki:20311027T093000");
        expect(readIcs(text).events[0].startDate.toJSDate().toISOString()).toBe("2031-10-27T07:30:00.000Z");
      }
    } finally {
      if (before === undefined) delete process.env.TZ;
      else process.env.TZ = before;
    }
  });

  it("keeps the UID when the meeting changes, raises SEQUENCE, and says CANCELLED when cancelled", async () => {
    const id = meeting(iisalmi, { title: "Planning" });
    const read = async () => {
      const res = (await call(eventLoader, `/meetings/${id}/event.ics`, english, undefined, { meetingId: String(id) })) as Response;
      return readIcs(await res.text()).events[0];
    };
    const first = await read();
    const edit = { title: "Planning, moved", purpose: "", date: "2031-05-06", startTime: "18:00", endTime: "20:00", place: "Library", onlineUrl: "" };
    const saved = (await call(editAction, `/meetings/${id}/edit`, coord, edit, { meetingId: String(id) })) as Response;
    expect(saved.status).toBe(302);
    const second = await read();
    expect(second.uid).toBe(first.uid);
    expect(second.sequence).toBeGreaterThan(first.sequence);
    expect(second.summary).toBe("ULG meeting 2: Planning, moved");
    expect(second.startDate.toJSDate().toISOString()).toBe("2031-05-06T15:00:00.000Z");
    expect(second.component.getFirstPropertyValue("status")).toBe("CONFIRMED");

    const cancelled = (await call(editAction, `/meetings/${id}/edit`, coord, { intent: "cancel", reason: "Storm warning" }, { meetingId: String(id) })) as Response;
    expect(cancelled.status).toBe(302);
    const third = await read();
    expect(third.uid).toBe(first.uid);
    expect(third.sequence).toBeGreaterThan(second.sequence);
    expect(third.component.getFirstPropertyValue("status")).toBe("CANCELLED");
    expect(third.summary).toBe("Cancelled: ULG meeting 2: Planning, moved");
    expect(third.description).toContain("Storm warning");
  });

  it("is written in the viewer's language", async () => {
    const id = meeting(iisalmi, { title: "Työpaja" });
    const res = (await call(eventLoader, `/meetings/${id}/event.ics`, member, undefined, { meetingId: String(id) })) as Response;
    const event = readIcs(await res.text()).events[0];
    expect(event.summary).toMatch(/^ULG-kokous \d+: Työpaja$/);
    expect(event.description).toContain("Tiedot, esityslista ja vastaukset");
  });

  it("is for everyone who can see the meeting: members yes, another city 404, signed out to the sign-in page", async () => {
    const id = meeting(iisalmi);
    const params = { meetingId: String(id) };
    expect(((await call(eventLoader, `/meetings/${id}/event.ics`, member, undefined, params)) as Response).status).toBe(200);
    expect(((await call(eventLoader, `/meetings/${id}/event.ics`, admin, undefined, params)) as Response).status).toBe(200);
    expect(((await call(eventLoader, `/meetings/${id}/event.ics`, romeCoord, undefined, params)) as Response).status).toBe(404);
    const anonymous = (await call(eventLoader, `/meetings/${id}/event.ics`, undefined, undefined, params)) as Response;
    expect(anonymous.status).toBe(302);
    expect(anonymous.headers.get("Location")).toMatch(/^\/login\?redirectTo=/);
    // A network meeting is visible to every city.
    const network = meeting(null, { hostCityId: mantova, timeZone: "Europe/Rome" }, adminId);
    const res = (await call(eventLoader, `/meetings/${network}/event.ics`, romeCoord, undefined, { meetingId: String(network) })) as Response;
    expect(res.status).toBe(200);
    const { zones, events } = readIcs(await res.text());
    expect(zones).toEqual(["Europe/Rome"]);
    expect(events[0].startDate.zone?.tzid).toBe("Europe/Rome");
  });
});

// ---------------------------------------------------------------- the personal feed

/** Creates or renews the feed through the settings page and returns the secret it shows once. */
async function renewFeed(cookie: string): Promise<string> {
  const posted = (await call(feedSettingsAction, "/settings/calendar", cookie, { intent: "renew" })) as Response;
  expect(posted.status).toBe(302);
  expect(posted.headers.get("Location")).toMatch(/^\/settings\/calendar\?done=(created|renewed)$/);
  const flash = posted.headers.get("Set-Cookie")!.split(";")[0];
  const page = await feedSettingsLoader({ request: request("/settings/calendar?done=created", { cookie: `${cookie}; ${flash}` }), context: context(), params: {} });
  const body = ("data" in (page as object) ? (page as { data: { address: string | null } }).data : page) as { address: string | null };
  expect(body.address).toMatch(/^http:\/\/localhost\/calendar\.ics\?token=[\w-]{43}$/);
  return new URL(body.address!).searchParams.get("token")!;
}

const feed = (token?: string) => call(feedLoader, token === undefined ? "/calendar.ics" : `/calendar.ics?token=${encodeURIComponent(token)}`) as Promise<Response>;

describe("personal calendar feed", () => {
  let cityMeeting: number, network: number, rome: number, cancelled: number, old: number, recent: number;

  beforeAll(() => {
    cityMeeting = meeting(iisalmi, { title: "Feed city meeting" });
    network = meeting(null, { title: "Feed network meeting", hostCityId: mantova, timeZone: "Europe/Rome" }, adminId);
    rome = meeting(mantova, { title: "Feed Mantova meeting", timeZone: "Europe/Rome" });
    cancelled = meeting(iisalmi, { title: "Feed cancelled meeting" });
    getDb().update(meetings).set({ cancelledAt: new Date(), cancelReason: "Flu", sequence: 1 }).where(eq(meetings.id, cancelled)).run();
    old = meeting(iisalmi, { title: "Feed old meeting", startsAt: new Date(Date.now() - 200 * DAY) });
    recent = meeting(iisalmi, { title: "Feed recent meeting", startsAt: new Date(Date.now() - 30 * DAY) });
  });

  it("answers 404 without a token or with an unknown one", async () => {
    for (const res of [await feed(), await feed(""), await feed("not-a-token"), await feed("x".repeat(43))]) {
      expect(res.status).toBe(404);
      expect(res.headers.get("Content-Type")).toContain("text/plain");
    }
  });

  it("holds the city's and the network's meetings from 90 days back, cancelled ones marked, not another city's", async () => {
    const token = await renewFeed(english);
    const res = await feed(token);
    expect(res.status).toBe(200);
    expect(res.headers.get("Content-Type")).toBe("text/calendar; charset=utf-8");
    expect(res.headers.get("Cache-Control")).toBe("private, max-age=300");
    const { calendar, zones, events } = readIcs(await res.text());
    expect(calendar.getFirstPropertyValue("method")).toBe("PUBLISH");
    expect(calendar.getFirstPropertyValue("x-wr-calname")).toBe("ULG Workshop · Iisalmi");
    expect(zones.sort()).toEqual(["Europe/Helsinki", "Europe/Rome"]);
    expect(byUid(events, cityMeeting)?.summary).toBe(`ULG meeting ${getDb().select().from(meetings).where(eq(meetings.id, cityMeeting)).get()!.number}: Feed city meeting`);
    expect(byUid(events, network)?.startDate.zone?.tzid).toBe("Europe/Rome");
    expect(byUid(events, recent)).toBeDefined();
    expect(byUid(events, cancelled)?.component.getFirstPropertyValue("status")).toBe("CANCELLED");
    expect(byUid(events, rome)).toBeUndefined();
    expect(byUid(events, old)).toBeUndefined();
    expect(events.some((e) => e.summary.includes("Mantova meeting"))).toBe(false);
  });

  it("stores only a hash, and renewing makes the old address stop working", async () => {
    const first = await renewFeed(member);
    const stored = getDb().select({ hash: users.calendarTokenHash }).from(users).where(eq(users.id, memberId)).get()!.hash;
    expect(stored).toBe(sha256(first));
    expect((await feed(first)).status).toBe(200);
    const second = await renewFeed(member);
    expect(second).not.toBe(first);
    expect((await feed(first)).status).toBe(404);
    const res = await feed(second);
    expect(res.status).toBe(200);
    // Written in the owner's language.
    expect(readIcs(await res.text()).events.some((e) => e.summary.startsWith("ULG-kokous"))).toBe(true);
    const audits = getDb().select().from(auditLog).where(eq(auditLog.action, "user.renew_calendar_token")).all().filter((a) => a.actorUserId === memberId);
    expect(audits).toHaveLength(2);
    expect(audits.map((a) => JSON.parse(a.detail!))).toEqual([{ replaced: false }, { replaced: true }]);
    for (const a of audits) {
      expect(a.detail).not.toContain(first);
      expect(a.detail).not.toContain(second);
    }
  });

  it("shows the address once: not again without the flash cookie, nor for a secret that was renewed since", async () => {
    const posted = (await call(feedSettingsAction, "/settings/calendar", coord, { intent: "renew" })) as Response;
    const staleFlash = posted.headers.get("Set-Cookie")!.split(";")[0];
    await renewFeed(coord);
    const read = async (cookie: string) => {
      const page = await feedSettingsLoader({ request: request("/settings/calendar", { cookie }), context: context(), params: {} });
      return ("data" in (page as object) ? (page as { data: unknown }).data : page) as { address: string | null; hasFeed: boolean };
    };
    expect(await read(coord)).toMatchObject({ address: null, hasFeed: true });
    expect(await read(`${coord}; ${staleFlash}`)).toMatchObject({ address: null, hasFeed: true });
    // Another user's flash cookie is no use either.
    expect(await read(`${english}; ${staleFlash}`)).toMatchObject({ address: null });
  });

  it("stops working for a deactivated account", async () => {
    const u = await makeUser("member", iisalmi);
    const token = await renewFeed(await cookieFor(u.id));
    expect((await feed(token)).status).toBe(200);
    setActive(u.id, false);
    expect((await feed(token)).status).toBe(404);
  });

  it("gives administrators the network's meetings only", async () => {
    const token = await renewFeed(admin);
    const { calendar, events } = readIcs(await (await feed(token)).text());
    expect(calendar.getFirstPropertyValue("x-wr-calname")).toBe("ULG Workshop · network meetings");
    expect(byUid(events, network)).toBeDefined();
    expect(byUid(events, cityMeeting)).toBeUndefined();
    expect(byUid(events, rome)).toBeUndefined();
  });

  it("settings page: signed-out visitors go to sign in; a bad intent is refused", async () => {
    const out = (await call(feedSettingsLoader, "/settings/calendar")) as Response;
    expect(out.status).toBe(302);
    expect(out.headers.get("Location")).toMatch(/^\/login/);
    const postOut = (await call(feedSettingsAction, "/settings/calendar", undefined, { intent: "renew" })) as Response;
    expect(postOut.status).toBe(302);
    const bad = (await call(feedSettingsAction, "/settings/calendar", english, { intent: "delete" })) as Response;
    expect(bad.status).toBe(400);
  });

  it("runs a fixed number of SQL statements whatever the number of meetings", async () => {
    const city = makeCity({ name: "Saldus", timeZone: "Europe/Riga", language: "lv" }).id;
    const u = await makeUser("member", city);
    const token = await renewFeed(await cookieFor(u.id));
    const statements = async () => {
      const spy = spyOnStatements();
      const res = await feed(token);
      await res.text();
      const n = spy.count();
      spy.restore();
      return n;
    };
    for (let i = 0; i < 3; i++) meeting(city, { timeZone: "Europe/Riga" });
    const few = await statements();
    for (let i = 0; i < 30; i++) meeting(city, { timeZone: "Europe/Riga" });
    const many = await statements();
    expect(many).toBe(few);
    expect(few).toBeLessThanOrEqual(2);
  });
});
