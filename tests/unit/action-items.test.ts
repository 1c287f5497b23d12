import { spyOnStatements } from "./sql-count";
import { and, asc, eq } from "drizzle-orm";
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { getConnection, getDb } from "#db/client.server";
import { actionItems, auditLog } from "#db/schema";
import { action as itemAction, loader as itemLoader } from "~/routes/action-items.$itemId";
import { loader as dashboardLoader } from "~/routes/_index";
import { loader as meetingLoader } from "~/routes/meetings.$meetingId";
import { loader as agendaLoader } from "~/routes/meetings.$meetingId_.agenda";
import { todayIn } from "~/models/action-items.server";
import { context, cookieFor, makeCity, makeMember, makeUser, request, settle } from "./factories";
import { addMinutes, heldMeeting, type MeetingFixture } from "./minutes-fixtures";

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyFn = (args: any) => Promise<unknown>;
const call = (fn: AnyFn, path: string, cookie: string, form?: Record<string, string>, params: Record<string, string> = {}) =>
  settle(() => fn({ request: request(path, { cookie, form }), context: context(), params }));
const post = (id: number, cookie: string, form: Record<string, string>) => call(itemAction, `/action-items/${id}`, cookie, form, { itemId: String(id) });
const status = (r: unknown) => (r instanceof Response ? r.status : (r as { init?: { status?: number } }).init?.status ?? 200);
const item = (id: number) => getDb().select().from(actionItems).where(eq(actionItems.id, id)).get()!;
const itemsOf = (m: MeetingFixture) => getDb().select().from(actionItems).where(eq(actionItems.meetingId, m.meetingId)).orderBy(asc(actionItems.position)).all();

type Dashboard = { myActions: { total: number; today: string; open: { id: number; description: string; dueOn: string | null; meetingTitle: string }[]; done: { id: number }[] } | null };
type MeetingPage = { openActions: { total: number; items: { id: number; description: string; doneOn: string | null; canUpdate: boolean; ownerName: string | null; meetingTitle: string }[] } | null };

let city: number, otherCity: number;
let coord: string, owner: string, other: string, otherCoord: string, admin: string;
let ownerUserId: number, coordUserId: number, ownerMemberId: number, otherMemberId: number;
let autumn: MeetingFixture, spring: MeetingFixture, draft: MeetingFixture, next: MeetingFixture, rome: MeetingFixture;

beforeAll(async () => {
  city = makeCity({ timeZone: "Europe/Helsinki" }).id;
  otherCity = makeCity({ timeZone: "Europe/Rome" }).id;
  const c = await makeUser("ulg_coordinator", city);
  coordUserId = c.id;
  coord = await cookieFor(c.id);
  const o = await makeUser("member", city, { name: "Aino Owner" });
  ownerUserId = o.id;
  owner = await cookieFor(o.id);
  ownerMemberId = makeMember(city, { name: "Aino Owner", userId: o.id }).id;
  const x = await makeUser("member", city);
  other = await cookieFor(x.id);
  otherMemberId = makeMember(city, { name: "Olli Other", userId: x.id }).id;
  otherCoord = await cookieFor((await makeUser("ulg_coordinator", otherCity)).id);
  admin = await cookieFor((await makeUser("admin", null)).id);

  autumn = heldMeeting(city, { day: "2024-09-19", title: "Autumn meeting" });
  addMinutes(autumn, {
    status: "approved",
    actions: [
      { description: "Book the hall", ownerMemberId, dueOn: "2024-10-01" },
      { description: "Write the survey", ownerMemberId: otherMemberId, dueOn: "2099-01-31" },
      { description: "Collect feedback", ownerMemberId, dueOn: "2024-10-31", doneOn: "2024-10-28" },
      // Done after the spring meeting: still open at it, not at the next one.
      { description: "Ask the youth council", ownerMemberId, dueOn: "2025-01-31", doneOn: "2025-04-02" },
    ],
  });
  spring = heldMeeting(city, { day: "2025-03-20", title: "Spring meeting" });
  addMinutes(spring, { status: "circulated", actions: [{ description: "Draft the newcomer guide", ownerMemberId }] });
  draft = heldMeeting(city, { day: "2025-06-05", title: "Summer meeting" });
  addMinutes(draft, { status: "draft", actions: [{ description: "Secret draft task", ownerMemberId }] });
  next = heldMeeting(city, { day: "2099-05-05", title: "Next meeting" });
  rome = heldMeeting(otherCity, { day: "2024-09-19", title: "Incontro" });
  addMinutes(rome, { status: "approved", actions: [{ description: "Raccogliere i dati" }] });
});

afterEach(() => {
  vi.useRealTimers();
});

describe("marking an action item done", () => {
  it("lets the owner mark their item done and reopen it, going back to a safe address with a flash and an audit entry", async () => {
    const [hall] = itemsOf(autumn);
    const done = (await post(hall.id, owner, { intent: "done", redirectTo: "/?actionsPage=1" })) as Response;
    expect(done.status).toBe(302);
    expect(done.headers.get("Location")).toBe("/?actionsPage=1&actionItem=done");
    expect(item(hall.id).doneOn).toBe(todayIn("Europe/Helsinki"));
    expect(item(hall.id).doneByUserId).toBe(ownerUserId);
    const audit = getDb().select().from(auditLog).where(and(eq(auditLog.action, "action-item.done"), eq(auditLog.entityId, String(hall.id)))).all();
    expect(audit).toHaveLength(1);
    expect(audit[0].cityId).toBe(city);

    // An address outside the app is not followed.
    const reopened = (await post(hall.id, owner, { intent: "reopen", redirectTo: "//evil.example/x" })) as Response;
    expect(reopened.headers.get("Location")).toBe(`/meetings/${autumn.meetingId}?actionItem=reopened`);
    expect(item(hall.id).doneOn).toBeNull();
    expect(item(hall.id).doneByUserId).toBeNull();
    expect(getDb().select().from(auditLog).where(eq(auditLog.action, "action-item.reopen")).all()).toHaveLength(1);
  });

  it("answers a fetcher with data instead of a redirect", async () => {
    const [hall] = itemsOf(autumn);
    const reply = (await post(hall.id, owner, { intent: "done", fetch: "1" })) as { data: { intent: string; doneOn: string } };
    expect(status(reply)).toBe(200);
    expect(reply.data).toMatchObject({ intent: "done", id: hall.id, doneOn: todayIn("Europe/Helsinki") });
    // Done twice keeps the first date and writes no second audit entry.
    await post(hall.id, owner, { intent: "done", fetch: "1" });
    expect(getDb().select().from(auditLog).where(and(eq(auditLog.action, "action-item.done"), eq(auditLog.entityId, String(hall.id)))).all()).toHaveLength(2);
    await post(hall.id, owner, { intent: "reopen", fetch: "1" });
  });

  it("records the date of the city's time zone, not the server's", async () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    // 23:30 in London on 20 March is 01:30 on 21 March in Iisalmi.
    vi.setSystemTime(new Date("2025-03-20T23:30:00Z"));
    const [hall] = itemsOf(autumn);
    await post(hall.id, owner, { intent: "done" });
    expect(item(hall.id).doneOn).toBe("2025-03-21");
    vi.useRealTimers();
    await post(hall.id, owner, { intent: "reopen" });
  });

  it("lets a coordinator of the city mark anyone's item", async () => {
    const [, survey] = itemsOf(autumn);
    expect(status(await post(survey.id, coord, { intent: "done" }))).toBe(302);
    expect(item(survey.id).doneByUserId).toBe(coordUserId);
    expect(status(await post(survey.id, coord, { intent: "reopen" }))).toBe(302);
    expect(item(survey.id).doneOn).toBeNull();
  });

  it("refuses another member with 403, another city and the admin as they should, and bad intents with 400", async () => {
    const [hall, survey] = itemsOf(autumn);
    expect(status(await post(hall.id, other, { intent: "done" }))).toBe(403);
    expect(status(await post(survey.id, owner, { intent: "done" }))).toBe(403);
    expect(item(hall.id).doneOn).toBeNull();
    expect(getDb().select().from(auditLog).where(and(eq(auditLog.action, "access.denied"), eq(auditLog.entityType, "action_item"))).all().length).toBe(2);
    // Another city's coordinator does not learn the item exists.
    expect(status(await post(hall.id, otherCoord, { intent: "done" }))).toBe(404);
    const [romeItem] = itemsOf(rome);
    expect(status(await post(romeItem.id, coord, { intent: "done" }))).toBe(404);
    // Admins read every city but mark nothing.
    expect(status(await post(hall.id, admin, { intent: "done" }))).toBe(403);
    // Items of draft minutes are hidden from members, the owner included.
    const [secret] = itemsOf(draft);
    expect(status(await post(secret.id, owner, { intent: "done" }))).toBe(404);
    expect(status(await post(9_999_999, owner, { intent: "done" }))).toBe(404);
    expect(status(await post(hall.id, owner, { intent: "finish" }))).toBe(400);
    expect(item(hall.id).doneOn).toBeNull();
    // A GET leads to the item's meeting; items a reader may not see answer 404; signed-out users go to the login page.
    const visit = (await call(itemLoader, `/action-items/${hall.id}`, owner, undefined, { itemId: String(hall.id) })) as Response;
    expect(visit.status).toBe(302);
    expect(visit.headers.get("Location")).toBe(`/meetings/${autumn.meetingId}`);
    expect(status(await call(itemLoader, `/action-items/${secret.id}`, owner, undefined, { itemId: String(secret.id) }))).toBe(404);
    expect(status(await call(itemLoader, `/action-items/${hall.id}`, otherCoord, undefined, { itemId: String(hall.id) }))).toBe(404);
    const anonymousVisit = (await settle(() => itemLoader({ request: request(`/action-items/${hall.id}`), context: context(), params: { itemId: String(hall.id) } } as never))) as Response;
    expect(anonymousVisit.status).toBe(302);
    expect(anonymousVisit.headers.get("Location")).toMatch(/^\/login/);
    const anonymous = (await settle(() => itemAction({ request: request(`/action-items/${hall.id}`, { form: { intent: "done" } }), context: context(), params: { itemId: String(hall.id) } } as never))) as Response;
    expect(anonymous.status).toBe(302);
    expect(anonymous.headers.get("Location")).toMatch(/^\/login/);
  });
});

describe("my actions on the dashboard", () => {
  it("lists the signed-in user's open items, overdue first, and the recently done, without draft minutes", async () => {
    const page = (await call(dashboardLoader, "/", owner)) as Dashboard;
    const mine = page.myActions!;
    expect(mine.open.map((i) => i.description)).toEqual(["Book the hall", "Draft the newcomer guide"]);
    expect(mine.total).toBe(2);
    expect(mine.open[0].meetingTitle).toBe("Autumn meeting");
    expect(mine.open[0].dueOn! < mine.today).toBe(true);
    expect(mine.done.map((i) => item(i.id).description)).toEqual(["Ask the youth council", "Collect feedback"]);
    const others = (await call(dashboardLoader, "/", other)) as Dashboard;
    expect(others.myActions!.open.map((i) => i.description)).toEqual(["Write the survey"]);
    // The coordinator reads drafts, but owns nothing here.
    expect(((await call(dashboardLoader, "/", coord)) as Dashboard).myActions!.total).toBe(0);
    expect(((await call(dashboardLoader, "/", admin)) as Dashboard).myActions).toBeNull();
  });
});

describe("open action items on the meeting page", () => {
  it("shows earlier meetings' items still open at this meeting, with owner and meeting, and Done for those allowed", async () => {
    const atSpring = ((await call(meetingLoader, `/meetings/${spring.meetingId}`, owner, undefined, { meetingId: String(spring.meetingId) })) as MeetingPage).openActions!;
    expect(atSpring.items.map((i) => i.description).sort()).toEqual(["Ask the youth council", "Book the hall", "Write the survey"]);
    expect(atSpring.items.find((i) => i.description === "Ask the youth council")!.doneOn).toBe("2025-04-02");
    expect(atSpring.items.find((i) => i.description === "Book the hall")).toMatchObject({ canUpdate: true, ownerName: "Aino Owner", meetingTitle: "Autumn meeting" });
    expect(atSpring.items.find((i) => i.description === "Write the survey")!.canUpdate).toBe(false);

    const atNext = ((await call(meetingLoader, `/meetings/${next.meetingId}`, owner, undefined, { meetingId: String(next.meetingId) })) as MeetingPage).openActions!;
    // Soonest due first, undated last.
    expect(atNext.items.map((i) => i.description)).toEqual(["Book the hall", "Write the survey", "Draft the newcomer guide"]);
    // Coordinators see draft minutes' items too, and may mark every one.
    const coordNext = ((await call(meetingLoader, `/meetings/${next.meetingId}`, coord, undefined, { meetingId: String(next.meetingId) })) as MeetingPage).openActions!;
    expect(coordNext.items.map((i) => i.description)).toContain("Secret draft task");
    expect(coordNext.items.every((i) => i.canUpdate)).toBe(true);
    // The agenda builder shows the same list to the coordinator preparing the meeting.
    const agenda = ((await call(agendaLoader, `/meetings/${next.meetingId}/agenda`, coord, undefined, { meetingId: String(next.meetingId) })) as MeetingPage).openActions!;
    expect(agenda.items.map((i) => i.id)).toEqual(coordNext.items.map((i) => i.id));
    // The first meeting has nothing before it.
    const atAutumn = ((await call(meetingLoader, `/meetings/${autumn.meetingId}`, owner, undefined, { meetingId: String(autumn.meetingId) })) as MeetingPage).openActions!;
    expect(atAutumn.total).toBe(0);
  });

  it("runs the same number of SQL statements for 2 open items as for 40, on the meeting page and the dashboard", async () => {
    // Executions, not preparations: the dashboard's statements are prepared once per connection.
    const statements = async (fn: () => Promise<unknown>) => {
      const spy = spyOnStatements();
      const result = await fn();
      const n = spy.count();
      spy.restore();
      return { n, result };
    };
    const meetingPage = () => call(meetingLoader, `/meetings/${next.meetingId}`, owner, undefined, { meetingId: String(next.meetingId) });
    const dashboard = () => call(dashboardLoader, "/", owner);
    const a = await statements(meetingPage);
    const d1 = await statements(dashboard);
    const many = heldMeeting(city, { day: "2025-09-01", title: "Busy meeting" });
    addMinutes(many, { status: "approved", actions: Array.from({ length: 40 }, (_, i) => ({ description: `Task ${i}`, ownerMemberId: i % 2 ? ownerMemberId : otherMemberId, dueOn: "2025-10-01" })) });
    const b = await statements(meetingPage);
    const d2 = await statements(dashboard);
    expect((b.result as MeetingPage).openActions!.total).toBe((a.result as MeetingPage).openActions!.total + 40);
    expect(b.n).toBe(a.n);
    expect((d2.result as Dashboard).myActions!.total).toBe((d1.result as Dashboard).myActions!.total + 20);
    expect(d2.n).toBe(d1.n);
  });
});
