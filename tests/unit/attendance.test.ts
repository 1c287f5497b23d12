import { spyOnStatements } from "./sql-count";
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { getConnection, getDb } from "#db/client.server";
import { attendance, auditLog, meetingGuests, meetings, members, rsvps, type AttendanceStatus, type RsvpResponse, type Sector } from "#db/schema";
import { createMeeting, cancelMeeting, type MeetingValues } from "~/models/meetings.server";
import { action as attendanceAction, loader as attendanceLoader } from "~/routes/meetings.$meetingId_.attendance";
import { loader as csvLoader } from "~/routes/meetings.$meetingId_.attendance[.csv]";
import { loader as sheetLoader } from "~/routes/meetings.$meetingId_.sign-in-sheet[.pdf]";
import { renderSignInSheet } from "~/exports/sign-in-sheet.server";
import { context, cookieFor, makeCity, makeMember, makeUser, request, settle } from "./factories";

type Reply = { init: { status: number }; data: { form: string; result: { error?: Record<string, string[]> } } };
type AttendanceData = Awaited<ReturnType<typeof attendanceLoader>>;
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyFn = (args: any) => Promise<unknown>;
const call = (fn: AnyFn, path: string, cookie: string, form?: Record<string, string>) => {
  const meetingId = path.split("/")[2];
  return settle(() => fn({ request: request(path, { cookie, form }), context: context(), params: { meetingId } }));
};

const DAY = 86_400_000;
let helsinki: number, rome: number;
let coordId: number;
let coord: string, coordFi: string, member: string, admin: string, romeCoord: string, project: string;

function meetingValues(over: Partial<MeetingValues> = {}): MeetingValues {
  return {
    kind: "ulg_meeting",
    title: "Retention workshop",
    purpose: null,
    startsAt: new Date(Date.now() - 10 * DAY),
    endsAt: new Date(Date.now() - 10 * DAY + 2 * 3_600_000),
    timeZone: "Europe/Helsinki",
    place: "Kulttuurikeskus, Iisalmi",
    onlineUrl: null,
    hostCityId: null,
    ...over,
  };
}

const held = (over: Partial<MeetingValues> = {}) => createMeeting(helsinki, meetingValues(over), { id: coordId });
const planned = (over: Partial<MeetingValues> = {}) =>
  createMeeting(helsinki, meetingValues({ startsAt: new Date(Date.now() + 5 * DAY), endsAt: new Date(Date.now() + 5 * DAY + 7_200_000), ...over }), { id: coordId });

function rowsOf(meetingId: number) {
  return getDb().select().from(attendance).where(eq(attendance.meetingId, meetingId)).all();
}

function setRsvp(meetingId: number, memberId: number, cityId: number, response: RsvpResponse) {
  getDb().insert(rsvps).values({ meetingId, memberId, cityId, response, respondedAt: new Date() }).run();
}

function setStatus(meetingId: number, memberId: number, cityId: number, status: AttendanceStatus) {
  getDb().insert(attendance).values({ meetingId, memberId, cityId, status, recordedAt: new Date() }).run();
}

beforeAll(async () => {
  helsinki = makeCity({ name: "Iisalmi", language: "fi", timeZone: "Europe/Helsinki" }).id;
  rome = makeCity({ name: "Mantova", language: "it", timeZone: "Europe/Rome" }).id;
  const c = await makeUser("ulg_coordinator", helsinki, { language: "en" });
  coordId = c.id;
  coord = await cookieFor(c.id);
  coordFi = await cookieFor((await makeUser("ulg_coordinator", helsinki, { language: "fi" })).id);
  const m = await makeUser("member", helsinki);
  makeMember(helsinki, { userId: m.id, name: "Aino Member", sector: "civic" });
  member = await cookieFor(m.id);
  admin = await cookieFor((await makeUser("admin", null)).id);
  romeCoord = await cookieFor((await makeUser("ulg_coordinator", rome)).id);
  project = await cookieFor((await makeUser("project_coordinator", helsinki)).id);
});

describe("who may take attendance", () => {
  it("lets the city's coordinators in; members 403, admins 403, another city 404, network meetings 404", async () => {
    const id = held();
    const path = `/meetings/${id}/attendance`;
    expect(((await call(attendanceLoader, path, coord)) as AttendanceData).meeting.id).toBe(id);
    expect(((await call(attendanceLoader, path, project)) as AttendanceData).meeting.id).toBe(id);
    expect(((await call(attendanceLoader, path, member)) as Response).status).toBe(403);
    expect(((await call(attendanceAction, path, member, { intent: "save" })) as Response).status).toBe(403);
    expect(((await call(attendanceAction, path, member, { intent: "addGuest", name: "Sneaky" })) as Response).status).toBe(403);
    expect(((await call(attendanceLoader, path, admin)) as Response).status).toBe(403);
    expect(((await call(attendanceLoader, path, romeCoord)) as Response).status).toBe(404);
    expect(((await call(attendanceAction, path, romeCoord, { intent: "save" })) as Response).status).toBe(404);
    expect(getDb().select().from(meetingGuests).where(eq(meetingGuests.meetingId, id)).all()).toHaveLength(0);
    const denied = getDb().select().from(auditLog).where(eq(auditLog.action, "access.denied")).all();
    expect(denied.some((d) => d.detail?.includes("write:attendance:city"))).toBe(true);

    const network = createMeeting(null, meetingValues({ kind: "transnational", hostCityId: rome }), { id: coordId });
    expect(((await call(attendanceLoader, `/meetings/${network}/attendance`, coord)) as Response).status).toBe(404);
    expect(((await call(attendanceLoader, `/meetings/${network}/attendance`, member)) as Response).status).toBe(403);
  });
});

describe("marking attendance", () => {
  it("lists the roster of the meeting's day with RSVP hints and saves every row in one transaction", async () => {
    const city = makeCity({ name: "Saldus", language: "lv", timeZone: "Europe/Riga" }).id;
    const c = await makeUser("ulg_coordinator", city);
    const cookie = await cookieFor(c.id);
    const id = createMeeting(city, meetingValues({ timeZone: "Europe/Riga" }), { id: c.id });
    const a = makeMember(city, { name: "Anna", sector: "public" });
    const b = makeMember(city, { name: "Bruno", sector: "private" });
    const leftEarlier = makeMember(city, { name: "Left Before", leftOn: "2020-01-01" });
    const joinedLater = makeMember(city, { name: "Joined Later", joinedOn: new Date(Date.now() + DAY).toISOString().slice(0, 10) });
    const leftSince = makeMember(city, { name: "Left Since", leftOn: new Date(Date.now() - DAY).toISOString().slice(0, 10) });
    const leftWithRow = makeMember(city, { name: "Zed Gone", leftOn: "2020-01-01" });
    setStatus(id, leftWithRow.id, city, "excused");
    setRsvp(id, a.id, city, "yes");
    setRsvp(id, b.id, city, "no");

    const page = (await call(attendanceLoader, `/meetings/${id}/attendance`, cookie)) as AttendanceData;
    expect(page.roster.map((r) => r.name)).toEqual(["Anna", "Bruno", "Left Since", "Zed Gone"]);
    expect(page.roster.map((r) => r.name)).not.toContain(leftEarlier.name);
    expect(page.roster.map((r) => r.name)).not.toContain(joinedLater.name);
    // The RSVP is a hint only: nobody is marked present because they said yes.
    expect(page.roster.find((r) => r.memberId === a.id)).toMatchObject({ rsvp: "yes", status: null });
    expect(page.roster.find((r) => r.memberId === leftWithRow.id)).toMatchObject({ status: "excused" });

    const transaction = vi.spyOn(getDb(), "transaction");
    const res = (await call(attendanceAction, `/meetings/${id}/attendance`, cookie, {
      intent: "save",
      [`status.m${a.id}`]: "present",
      [`status.m${b.id}`]: "remote",
      [`status.m${leftSince.id}`]: "absent",
      [`status.m${leftWithRow.id}`]: "none",
    })) as Response;
    expect(res.status).toBe(302);
    expect(res.headers.get("Location")).toBe(`/meetings/${id}/attendance?saved=1`);
    expect(transaction).toHaveBeenCalledTimes(1);
    const saved = Object.fromEntries(rowsOf(id).map((r) => [r.memberId, r.status]));
    // "none" removed the earlier row.
    expect(saved).toEqual({ [a.id]: "present", [b.id]: "remote", [leftSince.id]: "absent" });
    expect(rowsOf(id).every((r) => r.cityId === city)).toBe(true);

    // A member not in the post keeps their row; a changed one is updated.
    const again = (await call(attendanceAction, `/meetings/${id}/attendance`, cookie, { intent: "save", [`status.m${b.id}`]: "present" })) as Response;
    expect(again.status).toBe(302);
    expect(Object.fromEntries(rowsOf(id).map((r) => [r.memberId, r.status]))).toEqual({ [a.id]: "present", [b.id]: "present", [leftSince.id]: "absent" });
    const audits = getDb().select().from(auditLog).where(and(eq(auditLog.action, "attendance.save"), eq(auditLog.entityId, String(id)))).all();
    expect(audits).toHaveLength(2);
    expect(JSON.parse(audits[1].detail!)).toMatchObject({ changed: 1 });
  });

  it("refuses bad input with 400 and saves nothing", async () => {
    const id = held();
    const a = makeMember(helsinki, { name: "Valid One" });
    const stranger = makeMember(rome, { name: "Roman" });
    const path = `/meetings/${id}/attendance`;

    const badStatus = (await call(attendanceAction, path, coord, { intent: "save", [`status.m${a.id}`]: "asleep" })) as Reply;
    expect(badStatus.init.status).toBe(400);
    expect(badStatus.data.result.error?.[`status.m${a.id}`]).toEqual(["attendance.errors.status"]);

    const other = makeMember(helsinki, { name: "Other Valid" });
    const mixed = (await call(attendanceAction, path, coord, { intent: "save", [`status.m${other.id}`]: "present", [`status.m${a.id}`]: "late" })) as Reply;
    expect(mixed.init.status).toBe(400);
    expect(mixed.data.result.error?.[`status.m${a.id}`]).toEqual(["attendance.errors.status"]);

    const foreign = (await call(attendanceAction, path, coord, { intent: "save", [`status.m${other.id}`]: "present", [`status.m${stranger.id}`]: "present" })) as Reply;
    expect(foreign.init.status).toBe(400);
    expect(foreign.data.result.error?.[`status.m${stranger.id}`]).toEqual(["attendance.errors.unknownMember"]);
    expect(foreign.data.result.error?.[""]).toEqual(["attendance.errors.unknownMember"]);

    const unknownId = (await call(attendanceAction, path, coord, { intent: "save", "status.m999999": "present" })) as Reply;
    expect(unknownId.init.status).toBe(400);
    const badKey = (await call(attendanceAction, path, coord, { intent: "save", "status.x1": "present" })) as Reply;
    expect(badKey.init.status).toBe(400);

    expect(rowsOf(id)).toHaveLength(0);
    expect(getDb().select().from(auditLog).where(and(eq(auditLog.action, "attendance.save"), eq(auditLog.entityId, String(id)))).all()).toHaveLength(0);
  });

  it("refuses to record attendance for a cancelled meeting", async () => {
    const id = held();
    const a = makeMember(helsinki, { name: "Cancelled Case" });
    cancelMeeting(id, "Snow", { id: coordId }, helsinki);
    const res = (await call(attendanceAction, `/meetings/${id}/attendance`, coord, { intent: "save", [`status.m${a.id}`]: "present" })) as Reply;
    expect(res.init.status).toBe(400);
    expect(res.data.result.error?.[""]).toEqual(["attendance.errors.cancelled"]);
    expect(rowsOf(id)).toHaveLength(0);
  });
});

describe("guests and the sector mix", () => {
  it("adds and removes guests, refusing an empty or 10,000-character name", async () => {
    const id = held();
    const path = `/meetings/${id}/attendance`;
    const guests = () => getDb().select().from(meetingGuests).where(eq(meetingGuests.meetingId, id)).all();
    const cases: [Record<string, string>, string, string][] = [
      [{ name: "" }, "name", "validation.required"],
      [{ name: "   " }, "name", "validation.required"],
      [{ name: "x".repeat(10_000) }, "name", "validation.tooLong"],
      [{ name: "Ok", organisation: "o".repeat(201) }, "organisation", "validation.tooLong"],
      [{ name: "Ok", sector: "military" }, "sector", "validation.sector"],
    ];
    for (const [form, field, message] of cases) {
      const res = (await call(attendanceAction, path, coord, { intent: "addGuest", ...form })) as Reply;
      expect(res.init.status).toBe(400);
      expect(res.data.form).toBe("guest");
      expect(res.data.result.error?.[field]).toContain(message);
    }
    expect(guests()).toHaveLength(0);

    const ok = (await call(attendanceAction, path, coord, { intent: "addGuest", name: "  Olga Vieras ", organisation: "Savonia", sector: "knowledge" })) as Response;
    expect(ok.status).toBe(302);
    expect(guests()).toMatchObject([{ name: "Olga Vieras", organisation: "Savonia", sector: "knowledge", cityId: helsinki }]);
    await call(attendanceAction, path, coord, { intent: "addGuest", name: "No Sector" });
    expect(guests().map((g) => g.sector)).toEqual(["knowledge", null]);

    // A guest id of another meeting is not found here.
    const otherMeeting = held();
    const foreignGuest = getDb().insert(meetingGuests).values({ meetingId: otherMeeting, cityId: helsinki, name: "Elsewhere" }).returning().get();
    expect(((await call(attendanceAction, path, coord, { intent: "removeGuest", guestId: String(foreignGuest.id) })) as Response).status).toBe(404);
    const removed = (await call(attendanceAction, path, coord, { intent: "removeGuest", guestId: String(guests()[1].id) })) as Response;
    expect(removed.status).toBe(302);
    expect(guests().map((g) => g.name)).toEqual(["Olga Vieras"]);
    expect(getDb().select().from(meetingGuests).where(eq(meetingGuests.id, foreignGuest.id)).get()).toBeDefined();
  });

  it("counts who came (present and remote members, and guests) by sector", async () => {
    const city = makeCity({ name: "Mangualde", language: "pt", timeZone: "Europe/Lisbon" }).id;
    const cookie = await cookieFor((await makeUser("ulg_coordinator", city)).id);
    const id = createMeeting(city, meetingValues({ timeZone: "Europe/Lisbon" }), { id: coordId });
    const people: [Sector, AttendanceStatus][] = [
      ["public", "present"],
      ["public", "remote"],
      ["private", "present"],
      ["civic", "absent"],
      ["civic", "excused"],
      ["knowledge", "present"],
    ];
    for (const [sector, status] of people) setStatus(id, makeMember(city, { sector }).id, city, status);
    makeMember(city, { sector: "knowledge" }); // not recorded
    getDb().insert(meetingGuests).values([
      { meetingId: id, cityId: city, name: "G1", sector: "civic" },
      { meetingId: id, cityId: city, name: "G2", sector: null },
    ]).run();
    const page = (await call(attendanceLoader, `/meetings/${id}/attendance`, cookie)) as AttendanceData;
    expect(page.mix).toEqual({ bySector: { public: 2, private: 1, civic: 1, knowledge: 1 }, unknown: 1, total: 6, members: 4, guests: 2 });
  });
});

describe("attendance list CSV", () => {
  it("lists RSVPs before the meeting: BOM, CRLF, headings in the viewer's language", async () => {
    const id = planned({ title: "Kevätkokous" });
    const yes = makeMember(helsinki, { name: "Äijälä Öljynen", organisation: "=HYPERLINK(\"x\")", sector: "public" });
    setRsvp(id, yes.id, helsinki, "yes");
    const res = (await call(csvLoader, `/meetings/${id}/attendance.csv`, coordFi)) as Response;
    expect(res.status).toBe(200);
    expect(res.headers.get("Content-Type")).toBe("text/csv; charset=utf-8");
    expect(res.headers.get("Content-Disposition")).toMatch(/^attachment; filename="\d{4}-\d{2}-\d{2}-ulg-meeting-\d+-attendance\.csv"/);
    const bytes = new Uint8Array(await res.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = new TextDecoder().decode(bytes.slice(3));
    const lines = text.split("\r\n");
    expect(text.replace(/\r\n/g, "")).not.toContain("\n");
    expect(lines[0]).toBe("Nimi;Organisaatio;Sektori;Ilmoittautuminen");
    expect(lines).toContain("Äijälä Öljynen;\"'=HYPERLINK(\"\"x\"\")\";Julkinen;Kyllä");
    // Everyone on the roster is listed, with "no answer" where there is none.
    expect(lines.some((l) => l.startsWith("Aino Member;") && l.endsWith(";Ei vastausta"))).toBe(true);
    const comma = (await call(csvLoader, `/meetings/${id}/attendance.csv?sep=comma`, coord)) as Response;
    const commaText = new TextDecoder("utf-8", { ignoreBOM: true }).decode(await comma.arrayBuffer());
    expect(commaText.split("\r\n")[0]).toBe("\ufeffName,Organisation,Sector,RSVP");
  });

  it("lists attendance with guests after the meeting; members 403, other cities 404, admins allowed", async () => {
    const id = held({ title: "Autumn meeting" });
    const a = makeMember(helsinki, { name: "Present Person", organisation: "City", sector: "public" });
    const erased = makeMember(helsinki, { name: "", email: null, erasedAt: new Date(), leftOn: "2020-01-01", sector: "civic" });
    const notRecorded = makeMember(helsinki, { name: "Not Recorded" });
    setStatus(id, a.id, helsinki, "present");
    setStatus(id, erased.id, helsinki, "remote");
    getDb().insert(meetingGuests).values({ meetingId: id, cityId: helsinki, name: "Guest Star", organisation: "Savonia", sector: "knowledge" }).run();
    const res = (await call(csvLoader, `/meetings/${id}/attendance.csv`, coord)) as Response;
    expect(res.status).toBe(200);
    const lines = (await res.text()).replace(/^\ufeff/, "").split("\r\n").filter(Boolean);
    expect(lines[0]).toBe("Meeting;Date;Name;Organisation;Sector;Participant;Attendance");
    const date = new Intl.DateTimeFormat("en-CA", { timeZone: "Europe/Helsinki" }).format(new Date(Date.now() - 10 * DAY));
    const number = getDb().select().from(meetings).where(eq(meetings.id, id)).get()!.number;
    expect(lines).toContain(`ULG meeting ${number}: Autumn meeting;${date};Present Person;City;Public;Member;Present`);
    expect(lines.some((l) => l.includes(";Former member;;Civic;Member;Remote"))).toBe(true);
    expect(lines.some((l) => l.includes(";Guest Star;Savonia;Knowledge and education;Guest;Present"))).toBe(true);
    expect(lines.some((l) => l.includes(notRecorded.name))).toBe(false);
    expect(lines).toHaveLength(4);

    expect(((await call(csvLoader, `/meetings/${id}/attendance.csv`, member)) as Response).status).toBe(403);
    expect(((await call(csvLoader, `/meetings/${id}/attendance.csv`, romeCoord)) as Response).status).toBe(404);
    expect(((await call(csvLoader, `/meetings/${id}/attendance.csv`, admin)) as Response).status).toBe(200);
  });
});

describe("sign-in sheet", () => {
  it("prints the roster with Finnish and Cyrillic names, RSVPs, page numbers; members 403", async () => {
    const city = makeCity({ name: "Trebinje", language: "sr", timeZone: "Europe/Sarajevo" }).id;
    const c = await makeUser("ulg_coordinator", city, { language: "fi" });
    const cookie = await cookieFor(c.id);
    const id = createMeeting(city, meetingValues({ title: "Työpaja Ääneen", timeZone: "Europe/Sarajevo", place: "Gradska kuća" }), { id: c.id });
    const jovan = makeMember(city, { name: "Јован Петровић", organisation: "Градска управа", sector: "public" });
    makeMember(city, { name: "Äänekoski Öhman", organisation: "Savonia", sector: "knowledge" });
    makeMember(city, { name: "", erasedAt: new Date(), sector: "civic" });
    for (let i = 0; i < 20; i++) makeMember(city, { name: `Filler ${String(i).padStart(2, "0")}` });
    setRsvp(id, jovan.id, city, "maybe");
    const res = (await call(sheetLoader, `/meetings/${id}/sign-in-sheet.pdf`, cookie)) as Response;
    expect(res.status).toBe(200);
    expect(res.headers.get("Content-Type")).toBe("application/pdf");
    expect(res.headers.get("Content-Disposition")).toMatch(/-ulg-meeting-1-sign-in-sheet\.pdf"/);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "sheet-"));
    const file = path.join(dir, "sheet.pdf");
    fs.writeFileSync(file, Buffer.from(await res.arrayBuffer()));
    const text = execFileSync("pdftotext", ["-layout", file, "-"], { encoding: "utf8" });
    fs.rmSync(dir, { recursive: true, force: true });
    expect(text).toContain("Osallistujalista");
    expect(text).toContain("Työpaja Ääneen");
    expect(text).toContain("Gradska kuća");
    expect(text).toContain("Јован Петровић");
    expect(text).toContain("Градска управа");
    expect(text).toContain("Äänekoski Öhman");
    expect(text).toContain("Ehkä");
    expect(text).toContain("Allekirjoitus");
    expect(text).not.toContain("Entinen jäsen");
    // 22 names and 8 empty rows do not fit on one page: the heading repeats and pages are numbered.
    // pdftotext -layout closes up the spaces of "1 / 2".
    expect(text).toMatch(/\b1 ?\/ ?2\b/);
    expect(text).toMatch(/\b2 ?\/ ?2\b/);
    expect(text.split("Allekirjoitus").length - 1).toBe(2);
    const pages = text.split("\f").filter((p) => p.trim());
    expect(pages).toHaveLength(2);

    const memberUser = await makeUser("member", city);
    expect(((await call(sheetLoader, `/meetings/${id}/sign-in-sheet.pdf`, await cookieFor(memberUser.id))) as Response).status).toBe(403);
    expect(((await call(sheetLoader, `/meetings/${id}/sign-in-sheet.pdf`, romeCoord)) as Response).status).toBe(404);
    expect(((await call(sheetLoader, `/meetings/${id}/sign-in-sheet.pdf`, admin)) as Response).status).toBe(200);
  });
});

describe("sign-in sheet layout", () => {
  const labels = { sheet: "Sign-in sheet", when: "When", place: "Place", number: "#", name: "Name", organisation: "Organisation", sector: "Sector", rsvp: "RSVP", signature: "Signature", guestsNote: "Guests: write your name." };
  async function pdfText(rows: number) {
    const pdf = await renderSignInSheet({
      language: "en",
      title: "Layout",
      kindLine: "ULG meeting 1",
      when: "Today",
      place: null,
      rows: Array.from({ length: rows }, (_, i) => ({ name: `Person ${i + 1}`, organisation: "Org", sector: "Civic", rsvp: "" })),
      emptyRows: 8,
      minEmptyRows: 5,
      labels,
    });
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "sheet-"));
    fs.writeFileSync(path.join(dir, "s.pdf"), pdf);
    const text = execFileSync("pdftotext", ["-layout", path.join(dir, "s.pdf"), "-"], { encoding: "utf8" });
    fs.rmSync(dir, { recursive: true, force: true });
    return { text, pages: text.split("\f").filter((p) => p.trim()).length, lastRow: Math.max(...[...text.matchAll(/^\s*(\d+)\b/gm)].map((m) => Number(m[1]))) };
  }

  it("fits 15 names and fewer empty rows on one page rather than starting a page for two rows", async () => {
    const one = await pdfText(15);
    expect(one.pages).toBe(1);
    expect(one.lastRow).toBeGreaterThanOrEqual(15 + 5);
    expect(one.lastRow).toBeLessThan(15 + 8);
    const few = await pdfText(4);
    expect(few.pages).toBe(1);
    expect(few.lastRow).toBe(12);
  });

  it("repeats the headings on every page of a 40-name roster", async () => {
    const long = await pdfText(40);
    expect(long.pages).toBe(2);
    expect(long.text.split("Signature").length - 1).toBe(2);
    expect(long.text).toContain("Person 40");
    // Five empty rows still fit on page 2, so no third page is started for the other three.
    expect(long.lastRow).toBe(45);
  });
});

describe("speed", () => {
  /** Statements prepared during one call: with better-sqlite3 every query drizzle runs is prepared once. */
  async function statements(fn: () => Promise<unknown>) {
    const spy = spyOnStatements();
    await fn();
    const n = spy.count();
    spy.restore();
    return n;
  }

  async function cityWith(n: number) {
    const city = makeCity({ language: "fi" }).id;
    const c = await makeUser("ulg_coordinator", city);
    const cookie = await cookieFor(c.id);
    const id = createMeeting(city, meetingValues(), { id: c.id });
    const ids: number[] = [];
    for (let i = 0; i < n; i++) {
      const m = makeMember(city, { sector: (["public", "private", "civic", "knowledge"] as const)[i % 4] });
      ids.push(m.id);
      setRsvp(id, m.id, city, "yes");
      if (i % 2) setStatus(id, m.id, city, "present");
      getDb().insert(meetingGuests).values({ meetingId: id, cityId: city, name: `Guest ${i}` }).run();
    }
    return { city, cookie, id, ids };
  }

  it("runs a fixed number of SQL statements for 4 or 40 attendees (page, save, CSV)", async () => {
    const small = await cityWith(4);
    const big = await cityWith(40);
    const page = (c: typeof small) => statements(() => call(attendanceLoader, `/meetings/${c.id}/attendance`, c.cookie));
    const save = (c: typeof small) =>
      statements(() =>
        call(attendanceAction, `/meetings/${c.id}/attendance`, c.cookie, {
          intent: "save",
          ...Object.fromEntries(c.ids.map((id, i) => [`status.m${id}`, i % 3 ? "remote" : "none"])),
        }),
      );
    const csv = (c: typeof small) => statements(() => call(csvLoader, `/meetings/${c.id}/attendance.csv`, c.cookie));
    // Warm the statement caches of the session code first.
    await page(small);
    const pageSmall = await page(small);
    expect(pageSmall).toBeGreaterThan(0);
    expect(await page(big)).toBe(pageSmall);
    const saveSmall = await save(small);
    expect(await save(big)).toBe(saveSmall);
    expect(rowsOf(big.id)).toHaveLength(26);
    expect(getDb().select().from(members).where(eq(members.cityId, big.city)).all()).toHaveLength(40);
    expect(await csv(big)).toBe(await csv(small));
  });
});
