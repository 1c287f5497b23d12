// The meetings list: upcoming and past tabs, the kind filter, pages with their total, the network's
// meetings beside the city's, RSVP and attendance counts, in a fixed number of statements.
import { beforeAll, describe, expect, it, vi } from "vitest";
import { getConnection, getDb } from "#db/client.server";
import { attendance, rsvps, type MeetingKind } from "#db/schema";
import { createMeeting, MEETINGS_PAGE_SIZE } from "~/models/meetings.server";
import { loader } from "~/routes/meetings._index";
import { context, cookieFor, makeCity, makeMember, makeUser, request, settle } from "./factories";

type Page = Awaited<ReturnType<typeof loader>>;
const list = (path: string, cookie: string) => settle(() => loader({ request: request(path, { cookie }), context: context(), params: {} })) as Promise<Page>;

const DAY = 86_400_000;
let iisalmi: number, mantova: number;
let coord: string, admin: string, mantovaCoord: string;

function meeting(cityId: number | null, title: string, inDays: number, kind: MeetingKind = "ulg_meeting", hostCityId: number | null = null) {
  const startsAt = new Date(Date.now() + inDays * DAY);
  return createMeeting(
    cityId,
    { kind, title, purpose: null, startsAt, endsAt: new Date(startsAt.getTime() + 2 * 3_600_000), timeZone: "Europe/Helsinki", place: null, onlineUrl: null, hostCityId },
    { id: 1 },
  );
}

let firstUpcoming: number, lastPast: number;

beforeAll(async () => {
  iisalmi = makeCity({ name: "Iisalmi" }).id;
  mantova = makeCity({ name: "Mantova", timeZone: "Europe/Rome" }).id;
  coord = await cookieFor((await makeUser("ulg_coordinator", iisalmi)).id);
  admin = await cookieFor((await makeUser("admin", null)).id);
  mantovaCoord = await cookieFor((await makeUser("ulg_coordinator", mantova)).id);
  // Iisalmi: 24 upcoming (every fourth a workshop), 3 past; the network's one upcoming meeting; one of Mantova's.
  for (let i = 0; i < 24; i++) {
    const id = meeting(iisalmi, `Upcoming ${String(i + 1).padStart(2, "0")}`, i + 1, i % 4 === 3 ? "workshop" : "ulg_meeting");
    if (i === 0) firstUpcoming = id;
  }
  for (let i = 0; i < 3; i++) {
    const id = meeting(iisalmi, `Past ${i + 1}`, -(i + 1) * 7);
    if (i === 0) lastPast = id;
  }
  meeting(null, "Network day", 30, "transnational", iisalmi);
  meeting(mantova, "Mantova only", 3);
  const aino = makeMember(iisalmi, { name: "Aino" }).id;
  const eero = makeMember(iisalmi, { name: "Eero" }).id;
  const now = new Date();
  getDb()
    .insert(rsvps)
    .values([
      { meetingId: firstUpcoming, memberId: aino, cityId: iisalmi, response: "yes", respondedAt: now },
      { meetingId: firstUpcoming, memberId: eero, cityId: iisalmi, response: "maybe", respondedAt: now },
    ])
    .run();
  getDb()
    .insert(attendance)
    .values([
      { meetingId: lastPast, memberId: aino, cityId: iisalmi, status: "present", recordedAt: now },
      { meetingId: lastPast, memberId: eero, cityId: iisalmi, status: "absent", recordedAt: now },
    ])
    .run();
});

describe("the meetings list", () => {
  it("pages the city's and the network's upcoming meetings, soonest first, with the total on every page", async () => {
    const first = await list("/meetings", coord);
    expect(first.total).toBe(25);
    expect(first.rows).toHaveLength(MEETINGS_PAGE_SIZE);
    expect(first.rows[0]).toMatchObject({ title: "Upcoming 01", rsvpYes: 1, rsvpMaybe: 1, rsvpNo: 0, state: "planned" });
    expect(first.rows[0].startsAt).toBeInstanceOf(Date);
    const second = await list("/meetings?page=2", coord);
    expect(second.total).toBe(25);
    expect(second.rows.map((r) => r.title)).toEqual(["Upcoming 21", "Upcoming 22", "Upcoming 23", "Upcoming 24", "Network day"]);
    expect(second.rows[4]).toMatchObject({ cityId: null, hostCityName: "Iisalmi" });
    // A page past the end is empty but still knows how many there are.
    const beyond = await list("/meetings?page=9", coord);
    expect(beyond.rows).toEqual([]);
    expect(beyond.total).toBe(25);
    expect(JSON.stringify([first, second])).not.toContain("Mantova only");
  });

  it("shows past meetings newest first with attendance, and filters by kind", async () => {
    const past = await list("/meetings?when=past", coord);
    expect(past.total).toBe(3);
    expect(past.rows.map((r) => [r.title, r.attended, r.state])).toEqual([
      ["Past 1", 1, "held"],
      ["Past 2", 0, "held"],
      ["Past 3", 0, "held"],
    ]);
    const workshops = await list("/meetings?kind=workshop", coord);
    expect(workshops.total).toBe(6);
    expect(workshops.rows.every((r) => r.kind === "workshop")).toBe(true);
    expect((await list("/meetings?when=past&kind=workshop", coord)).total).toBe(0);
  });

  it("keeps each city to its own meetings; admins see every city's", async () => {
    const mantovaList = await list("/meetings", mantovaCoord);
    expect(mantovaList.rows.map((r) => r.title)).toEqual(["Mantova only", "Network day"]);
    expect(mantovaList.total).toBe(2);
    expect((await list("/meetings", admin)).total).toBe(26);
  });

  it("runs the same number of statements for 2 meetings as for 27", async () => {
    // Executions, not preparations: the list's statement is prepared once per connection.
    const statements = async (fn: () => Promise<unknown>) => {
      const statement = Object.getPrototypeOf(getConnection().sqlite.prepare("select 1")) as Record<"run" | "get" | "all" | "iterate", () => unknown>;
      const spies = (["run", "get", "all", "iterate"] as const).map((method) => vi.spyOn(statement, method));
      const result = await fn();
      const n = spies.reduce((sum, spy) => sum + spy.mock.calls.length, 0);
      for (const spy of spies) spy.mockRestore();
      return { n, result };
    };
    const few = await statements(() => list("/meetings", mantovaCoord));
    const many = await statements(() => list("/meetings", coord));
    expect((many.result as Page).rows).toHaveLength(MEETINGS_PAGE_SIZE);
    expect(many.n).toBe(few.n);
    // The session and the list with its total.
    expect(many.n).toBeLessThanOrEqual(2);
  });
});
