import { spyOnStatements } from "./sql-count";
import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { getConnection, getDb } from "#db/client.server";
import { agendaItems, meetings, rsvps } from "#db/schema";
import { action as newAction, loader as newLoader } from "~/routes/meetings.new";
import { action as editAction } from "~/routes/meetings.$meetingId_.edit";
import { action as pageAction, loader as pageLoader } from "~/routes/meetings.$meetingId";
import { loader as listLoader } from "~/routes/meetings._index";
import { createMeeting } from "~/models/meetings.server";
import { context, cookieFor, makeCity, makeMember, makeUser, request, settle } from "./factories";

type Reply = { init: { status: number }; data: { error?: Record<string, string[]>; result?: { error?: Record<string, string[]> }; formErrors?: string[] } };
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyFn = (args: any) => Promise<unknown>;
const call = (fn: AnyFn, path: string, cookie: string, form?: Record<string, string>, params: Record<string, string> = {}) =>
  settle(() => fn({ request: request(path, { cookie, form }), context: context(), params }));

let helsinki: number, rome: number;
let coord: string, member: string, project: string, admin: string, romeCoord: string;
let memberUserId: number;

const future = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

beforeAll(async () => {
  helsinki = makeCity({ name: "Iisalmi", timeZone: "Europe/Helsinki" }).id;
  rome = makeCity({ name: "Mantova", timeZone: "Europe/Rome" }).id;
  coord = await cookieFor((await makeUser("ulg_coordinator", helsinki)).id);
  const m = await makeUser("member", helsinki);
  memberUserId = m.id;
  makeMember(helsinki, { userId: m.id, name: "Aino" });
  member = await cookieFor(m.id);
  project = await cookieFor((await makeUser("project_coordinator", helsinki)).id);
  admin = await cookieFor((await makeUser("admin", null)).id);
  romeCoord = await cookieFor((await makeUser("ulg_coordinator", rome)).id);
});

const form = (over: Record<string, string> = {}) => ({ kind: "ulg_meeting", title: "Kick-off", purpose: "Meet", date: future(10), startTime: "17:00", endTime: "19:00", place: "City hall", ...over });

describe("scheduling", () => {
  it("stores local times in UTC, right after a daylight-saving change, and numbers per kind", async () => {
    const first = (await call(newAction, "/meetings/new", coord, form({ date: "2031-03-31", startTime: "10:00", endTime: "12:00" }))) as Response;
    expect(first.status).toBe(302);
    const id = Number(first.headers.get("Location")!.match(/\/meetings\/(\d+)/)![1]);
    const row = getDb().select().from(meetings).where(eq(meetings.id, id)).get()!;
    // Finland is UTC+3 from the last Sunday of March.
    expect(row.startsAt.toISOString()).toBe("2031-03-31T07:00:00.000Z");
    expect(row).toMatchObject({ cityId: helsinki, number: 1, timeZone: "Europe/Helsinki", sequence: 0 });
    const second = (await call(newAction, "/meetings/new", coord, form({ date: "2031-03-21", startTime: "10:00", endTime: "12:00" }))) as Response;
    const id2 = Number(second.headers.get("Location")!.match(/\/meetings\/(\d+)/)![1]);
    const row2 = getDb().select().from(meetings).where(eq(meetings.id, id2)).get()!;
    expect(row2.startsAt.toISOString()).toBe("2031-03-21T08:00:00.000Z");
    expect(row2.number).toBe(2);
    const workshop = (await call(newAction, "/meetings/new", coord, form({ kind: "workshop" }))) as Response;
    const wid = Number(workshop.headers.get("Location")!.match(/\/meetings\/(\d+)/)![1]);
    expect(getDb().select().from(meetings).where(eq(meetings.id, wid)).get()!.number).toBe(1);
  });

  it("rejects bad input with field messages and writes nothing", async () => {
    const before = getDb().select().from(meetings).all().length;
    const cases: [Record<string, string>, string, string][] = [
      [form({ endTime: "16:00" }), "endTime", "meetingForm.endBeforeStart"],
      [form({ date: "10/12/2031" }), "date", "validation.date"],
      [form({ startTime: "25:00" }), "startTime", "validation.time"],
      [form({ title: "x".repeat(10_000) }), "title", "validation.tooLong"],
      [form({ title: "" }), "title", "validation.required"],
      [form({ onlineUrl: "javascript:alert(1)" }), "onlineUrl", "validation.url"],
      [form({ kind: "party" }), "kind", "validation.invalid"],
    ];
    for (const [f, field, message] of cases) {
      const res = (await call(newAction, "/meetings/new", coord, f)) as Reply;
      expect(res.init.status).toBe(400);
      expect(res.data.error?.[field]).toContain(message);
    }
    expect(getDb().select().from(meetings).all().length).toBe(before);
  });

  it("lets only project coordinators and admins schedule transnational meetings, needing a host city", async () => {
    const byCoord = (await call(newAction, "/meetings/new", coord, form({ kind: "transnational", hostCityId: String(rome) }))) as Reply;
    expect(byCoord.data.error?.kind).toEqual(["validation.invalid"]);
    const noHost = (await call(newAction, "/meetings/new", admin, form({ kind: "transnational" }))) as Reply;
    expect(noHost.data.error?.hostCityId).toEqual(["meetingForm.hostCityRequired"]);
    const ok = (await call(newAction, "/meetings/new", project, form({ kind: "transnational", hostCityId: String(rome), startTime: "09:00", endTime: "17:00", date: "2031-01-15" }))) as Response;
    expect(ok.status).toBe(302);
    const id = Number(ok.headers.get("Location")!.match(/\/meetings\/(\d+)/)![1]);
    const row = getDb().select().from(meetings).where(eq(meetings.id, id)).get()!;
    expect(row).toMatchObject({ cityId: null, hostCityId: rome, timeZone: "Europe/Rome" });
    expect(row.startsAt.toISOString()).toBe("2031-01-15T08:00:00.000Z");
    // Every city sees the network's meeting.
    expect(((await call(pageLoader, `/meetings/${id}`, romeCoord, undefined, { meetingId: String(id) })) as { meeting: { id: number } }).meeting.id).toBe(id);
  });

  it("refuses members (403) and hides other cities' meetings (404)", async () => {
    expect(((await call(newLoader, "/meetings/new", member)) as Response).status).toBe(403);
    expect(((await call(newAction, "/meetings/new", member, form())) as Response).status).toBe(403);
    const id = createMeeting(helsinki, { kind: "ulg_meeting", title: "Secret", purpose: null, startsAt: new Date(Date.now() + 86_400_000), endsAt: new Date(Date.now() + 90_000_000), timeZone: "Europe/Helsinki", place: null, onlineUrl: null, hostCityId: null }, { id: 1 });
    expect(((await call(pageLoader, `/meetings/${id}`, romeCoord, undefined, { meetingId: String(id) })) as Response).status).toBe(404);
    expect(((await call(editAction, `/meetings/${id}/edit`, romeCoord, form(), { meetingId: String(id) })) as Response).status).toBe(404);
    expect(((await call(editAction, `/meetings/${id}/edit`, member, form(), { meetingId: String(id) })) as Response).status).toBe(403);
    const list = (await call(listLoader, "/meetings", romeCoord)) as { rows: { title: string }[] };
    expect(list.rows.map((r) => r.title)).not.toContain("Secret");
  });
});

describe("editing and cancelling", () => {
  it("bumps the calendar sequence on change and keeps the history when cancelled", async () => {
    const id = createMeeting(helsinki, { kind: "ulg_meeting", title: "To change", purpose: null, startsAt: new Date(Date.now() + 5 * 86_400_000), endsAt: new Date(Date.now() + 5 * 86_400_000 + 7_200_000), timeZone: "Europe/Helsinki", place: null, onlineUrl: null, hostCityId: null }, { id: 1 });
    const path = `/meetings/${id}/edit`;
    const saved = (await call(editAction, path, coord, form({ title: "Changed", kind: "workshop" }), { meetingId: String(id) })) as Response;
    expect(saved.status).toBe(302);
    let row = getDb().select().from(meetings).where(eq(meetings.id, id)).get()!;
    expect(row).toMatchObject({ title: "Changed", kind: "ulg_meeting", sequence: 1 });
    const noReason = (await call(editAction, path, coord, { intent: "cancel", reason: "" }, { meetingId: String(id) })) as Reply;
    expect(noReason.init.status).toBe(400);
    const cancelled = (await call(editAction, path, coord, { intent: "cancel", reason: "Storm warning" }, { meetingId: String(id) })) as Response;
    expect(cancelled.status).toBe(302);
    row = getDb().select().from(meetings).where(eq(meetings.id, id)).get()!;
    expect(row).toMatchObject({ cancelReason: "Storm warning", sequence: 2 });
    const page = (await call(pageLoader, `/meetings/${id}`, member, undefined, { meetingId: String(id) })) as { state: string; canRsvp: boolean };
    expect(page.state).toBe("cancelled");
    expect(page.canRsvp).toBe(false);
  });

  it("asks for confirmation before changing the time of a held meeting", async () => {
    const start = new Date(Date.now() - 3 * 86_400_000);
    const id = createMeeting(helsinki, { kind: "ulg_meeting", title: "Held", purpose: null, startsAt: start, endsAt: new Date(start.getTime() + 7_200_000), timeZone: "Europe/Helsinki", place: null, onlineUrl: null, hostCityId: null }, { id: 1 });
    const path = `/meetings/${id}/edit`;
    const f = form({ date: "2020-01-01", startTime: "10:00", endTime: "11:00" });
    const asked = (await call(editAction, path, coord, f, { meetingId: String(id) })) as Reply;
    expect(asked.init.status).toBe(400);
    expect(asked.data.result?.error?.confirmTimeChange).toEqual(["meetingForm.confirmTimeChangeRequired"]);
    const ok = (await call(editAction, path, coord, { ...f, confirmTimeChange: "on" }, { meetingId: String(id) })) as Response;
    expect(ok.status).toBe(302);
  });
});

describe("RSVP", () => {
  it("lets a member answer and change their answer until the start; coordinators see who answered", async () => {
    const id = createMeeting(helsinki, { kind: "ulg_meeting", title: "RSVP", purpose: null, startsAt: new Date(Date.now() + 2 * 86_400_000), endsAt: new Date(Date.now() + 2 * 86_400_000 + 3_600_000), timeZone: "Europe/Helsinki", place: null, onlineUrl: null, hostCityId: null }, { id: 1 });
    const path = `/meetings/${id}`;
    expect(((await call(pageAction, path, member, { intent: "rsvp", response: "maybe" }, { meetingId: String(id) })) as Response).status).toBe(302);
    expect(((await call(pageAction, path, member, { intent: "rsvp", response: "yes" }, { meetingId: String(id) })) as Response).status).toBe(302);
    const bad = (await call(pageAction, path, member, { intent: "rsvp", response: "perhaps" }, { meetingId: String(id) })) as Reply;
    expect(bad.init.status).toBe(400);
    const rows = getDb().select().from(rsvps).where(eq(rsvps.meetingId, id)).all();
    expect(rows).toHaveLength(1);
    expect(rows[0].response).toBe("yes");
    const asMember = (await call(pageLoader, path, member, undefined, { meetingId: String(id) })) as { myRsvp: string; rsvps: { counts: { yes: number }; answers: unknown[] } };
    expect(asMember.myRsvp).toBe("yes");
    expect(asMember.rsvps.counts.yes).toBe(1);
    expect(asMember.rsvps.answers).toEqual([]);
    const asCoord = (await call(pageLoader, path, coord, undefined, { meetingId: String(id) })) as { rsvps: { answers: { name: string }[] } };
    expect(asCoord.rsvps.answers.map((a) => a.name)).toEqual(["Aino"]);
    // Another city's user cannot answer (404), and after the start nobody can.
    expect(((await call(pageAction, path, romeCoord, { intent: "rsvp", response: "yes" }, { meetingId: String(id) })) as Response).status).toBe(404);
    getDb().update(meetings).set({ startsAt: new Date(Date.now() - 60_000) }).where(eq(meetings.id, id)).run();
    const late = (await call(pageAction, path, member, { intent: "rsvp", response: "no" }, { meetingId: String(id) })) as Reply;
    expect(late.data.formErrors).toEqual(["meetingPage.rsvpClosed"]);
    void memberUserId;
  });
});

describe("SQL statements", () => {
  it("the meeting page runs as many for 2 agenda items and answers as for 20, within the budget", async () => {
    const build = (n: number) => {
      const starts = new Date(Date.now() + (n + 3) * 86_400_000);
      const id = createMeeting(helsinki, { kind: "ulg_meeting", title: `Budget ${n}`, purpose: null, startsAt: starts, endsAt: new Date(starts.getTime() + 7_200_000), timeZone: "Europe/Helsinki", place: null, onlineUrl: null, hostCityId: null }, { id: 1 });
      for (let i = 0; i < n; i++) {
        getDb().insert(agendaItems).values({ meetingId: id, cityId: helsinki, position: i, title: `Kohta ${i}`, durationMinutes: 10, kind: "discussion" }).run();
        const memberId = makeMember(helsinki, { name: `Vastaaja ${n}-${i}` }).id;
        getDb().insert(rsvps).values({ meetingId: id, memberId, cityId: helsinki, response: i % 2 ? "yes" : "maybe", respondedAt: new Date() }).run();
      }
      return id;
    };
    const count = async (id: number, cookie: string) => {
      const spy = spyOnStatements();
      const data = (await call(pageLoader, `/meetings/${id}`, cookie, undefined, { meetingId: String(id) })) as { agenda: unknown[]; rsvps: { answers: unknown[] } };
      const n = spy.count();
      spy.restore();
      return { n, agenda: data.agenda.length, answers: data.rsvps.answers.length };
    };
    const small = build(2);
    const large = build(20);
    for (const cookie of [coord, member]) {
      const a = await count(small, cookie);
      const b = await count(large, cookie);
      expect(b.agenda).toBe(20);
      expect(b.n).toBe(a.n);
      // The session, the meeting, its agenda, its open action items and the rest (RSVPs, the
      // reader's own answer, the minutes' status) in one statement.
      expect(a.n).toBeLessThanOrEqual(5);
    }
    expect((await count(large, coord)).answers).toBe(20);
    expect((await count(large, member)).answers).toBe(0);
  });
});
