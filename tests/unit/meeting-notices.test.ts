// Meeting notices and reminders through a real SMTP server on loopback: each roster member gets
// one message in their language, the invitation carries a calendar file that a real parser reads,
// and the reminder job sends once however often (or however concurrently) it runs.
import type { AddressInfo } from "node:net";
import ICAL from "ical.js";
import { SMTPServer } from "smtp-server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

type Received = { to: string[]; raw: string };
const received: Received[] = [];

const server = new SMTPServer({
  secure: false,
  authOptional: true,
  disabledCommands: ["STARTTLS"],
  logger: false,
  onData(stream, session, callback) {
    const chunks: Buffer[] = [];
    stream.on("data", (chunk: Buffer) => chunks.push(chunk));
    stream.on("end", () => {
      received.push({ to: session.envelope.rcptTo.map((r) => r.address), raw: Buffer.concat(chunks).toString("utf8") });
      callback();
    });
  },
});
await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", () => resolve()));
process.env.SMTP_HOST = "127.0.0.1";
process.env.SMTP_PORT = String((server.server.address() as AddressInfo).port);
process.env.SMTP_FROM = "ULG Workshop <no-reply@ulg.example>";

const { and, eq, inArray } = await import("drizzle-orm");
const { getDb } = await import("#db/client.server");
const { agendaItems, auditLog, meetings, outbox } = await import("#db/schema");
const { resetMailTransport } = await import("~/utils/mail.server");
const { createMeeting } = await import("~/models/meetings.server");
const { claimReminders, sendDueReminders } = await import("~/models/meeting-notices.server");
const { action: notifyAction, loader: notifyLoader } = await import("~/routes/meetings.$meetingId_.notify");
const { action: editAction } = await import("~/routes/meetings.$meetingId_.edit");
const { zonedToUtc } = await import("~/utils/zoned-time");
const { context, cookieFor, makeCity, makeMember, makeUser, request, settle } = await import("./factories");

resetMailTransport();
afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

// ---------------------------------------------------------------- reading a raw message

type Part = { headers: Map<string, string>; body: string };

function splitPart(raw: string): Part {
  const at = raw.indexOf("\r\n\r\n");
  const head = raw.slice(0, at).replace(/\r\n[ \t]+/g, " ");
  const headers = new Map<string, string>();
  for (const line of head.split("\r\n")) {
    const colon = line.indexOf(":");
    headers.set(line.slice(0, colon).toLowerCase(), line.slice(colon + 1).trim());
  }
  return { headers, body: raw.slice(at + 4) };
}

/** Every leaf part of a (nested) multipart message. */
function leaves(part: Part): Part[] {
  const boundary = /boundary="?([^";]+)"?/.exec(part.headers.get("content-type") ?? "")?.[1];
  if (!boundary) return [part];
  return part.body
    .split(`--${boundary}`)
    .slice(1, -1)
    .flatMap((s) => leaves(splitPart(s.replace(/^\r\n/, ""))));
}

function decode(part: Part): string {
  const body = part.body.replace(/\r\n$/, "");
  const enc = (part.headers.get("content-transfer-encoding") ?? "7bit").toLowerCase();
  if (enc === "base64") return Buffer.from(body.replace(/\s+/g, ""), "base64").toString("utf8");
  if (enc === "quoted-printable") {
    const bytes = body.replace(/=\r\n/g, "").replace(/=([0-9A-Fa-f]{2})/g, (_x, h: string) => String.fromCharCode(parseInt(h, 16)));
    return Buffer.from(bytes, "latin1").toString("utf8");
  }
  return body;
}

function decodeHeader(value: string): string {
  return value
    .replace(/(\?=)\s+(=\?)/g, "$1$2")
    .replace(/=\?([^?]+)\?([QqBb])\?([^?]*)\?=/g, (_m, _charset: string, enc: string, text: string) =>
      enc.toUpperCase() === "B"
        ? Buffer.from(text, "base64").toString("utf8")
        : Buffer.from(text.replace(/_/g, " ").replace(/=([0-9A-Fa-f]{2})/g, (_x, h: string) => String.fromCharCode(parseInt(h, 16))), "latin1").toString("utf8"),
    );
}

function message(to: string) {
  const found = received.filter((r) => r.to.includes(to));
  expect(found, `messages to ${to}`).toHaveLength(1);
  const top = splitPart(found[0].raw);
  const all = leaves(top);
  const text = all.find((p) => p.headers.get("content-type")?.startsWith("text/plain"));
  const html = all.find((p) => p.headers.get("content-type")?.startsWith("text/html"));
  const ics = all.find((p) => p.headers.get("content-type")?.startsWith("text/calendar"));
  return {
    subject: decodeHeader(top.headers.get("subject")!),
    language: top.headers.get("content-language"),
    text: text ? decode(text) : "",
    html: html ? decode(html) : "",
    icsType: ics?.headers.get("content-type") ?? null,
    icsDisposition: ics?.headers.get("content-disposition") ?? null,
    ics: ics ? decode(ics) : null,
  };
}

function readIcs(text: string) {
  ICAL.TimezoneService.reset();
  const calendar = new ICAL.Component(ICAL.parse(text));
  for (const z of calendar.getAllSubcomponents("vtimezone")) ICAL.TimezoneService.register(z);
  return { calendar, event: new ICAL.Event(calendar.getFirstSubcomponent("vevent")!) };
}

// ---------------------------------------------------------------- fixtures

type Reply = { init: { status: number }; data: { formErrors?: string[] } };
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyFn = (args: any) => Promise<unknown>;
const call = (fn: AnyFn, path: string, cookie: string, form?: Record<string, string>, params: Record<string, string> = {}) =>
  settle(() => fn({ request: request(path, { cookie, form }), context: context(), params }));

const HOUR = 3_600_000;
let iisalmi: number, mantova: number;
let coordId: number, adminId: number;
let coord: string, member: string, romeCoord: string, project: string;
const FI_USER = "aino@example.fi";
const EN_USER = "emma@example.org";
const NO_ACCOUNT = "pekka@example.fi";

function meeting(cityId: number | null, startsAt: Date, over: Record<string, unknown> = {}): number {
  return createMeeting(
    cityId,
    {
      kind: cityId == null ? "transnational" : "ulg_meeting",
      title: "Kick-off",
      purpose: "Meet the group",
      startsAt,
      endsAt: new Date(startsAt.getTime() + 2 * HOUR),
      timeZone: "Europe/Helsinki",
      place: "Kirjasto, Iisalmi",
      onlineUrl: null,
      hostCityId: cityId == null ? mantova : null,
      ...over,
    },
    { id: cityId == null ? adminId : coordId },
  );
}

const outboxOf = (meetingId: number, kind: string) =>
  getDb()
    .select()
    .from(outbox)
    .where(and(eq(outbox.kind, kind), inArray(outbox.toAddress, [FI_USER, EN_USER, NO_ACCOUNT])))
    .all()
    .filter((r) => r.textBody.includes(`/meetings/${meetingId}\n`));

beforeAll(async () => {
  iisalmi = makeCity({ name: "Iisalmi", language: "fi", timeZone: "Europe/Helsinki" }).id;
  mantova = makeCity({ name: "Mantova", language: "it", timeZone: "Europe/Rome" }).id;
  const c = await makeUser("ulg_coordinator", iisalmi);
  coordId = c.id;
  coord = await cookieFor(c.id);
  project = await cookieFor((await makeUser("project_coordinator", iisalmi)).id);
  adminId = (await makeUser("admin", null)).id;
  romeCoord = await cookieFor((await makeUser("ulg_coordinator", mantova)).id);
  const fi = await makeUser("member", iisalmi, { language: "fi" });
  makeMember(iisalmi, { userId: fi.id, name: "Aino Ääri", email: FI_USER });
  member = await cookieFor(fi.id);
  const en = await makeUser("member", iisalmi, { language: "en" });
  makeMember(iisalmi, { userId: en.id, name: "Emma English", email: EN_USER });
  makeMember(iisalmi, { name: "Pekka Ei-tiliä", email: NO_ACCOUNT });
  makeMember(iisalmi, { name: "No Mail", email: null });
  makeMember(iisalmi, { name: "Left Already", email: "left@example.fi", leftOn: "2024-01-01" });
  makeMember(iisalmi, { name: "", email: null, erasedAt: new Date() });
  makeMember(mantova, { name: "Luca", email: "luca@example.it" });
});

// ---------------------------------------------------------------- notices

describe("meeting notices", () => {
  let id: number;
  const path = () => `/meetings/${id}/notify`;
  const params = () => ({ meetingId: String(id) });

  beforeAll(() => {
    // 5 December 2030 17:00 in Iisalmi (UTC+2 in winter).
    id = meeting(iisalmi, zonedToUtc("2030-12-05", "17:00", "Europe/Helsinki"));
    getDb()
      .insert(agendaItems)
      .values([
        { meetingId: id, cityId: iisalmi, position: 1, title: "Welcome", durationMinutes: 15, kind: "information" },
        { meetingId: id, cityId: iisalmi, position: 2, title: "Pilot ideas", durationMinutes: 45, kind: "discussion" },
      ])
      .run();
  });

  it("shows coordinators who gets it; members are refused and another city sees nothing", async () => {
    const page = (await call(notifyLoader, path(), coord, undefined, params())) as { kind: string; recipientCount: number; withoutEmail: number; problem: string | null };
    expect(page).toMatchObject({ kind: "invitation", recipientCount: 3, withoutEmail: 1, problem: null });
    expect(((await call(notifyLoader, path(), member, undefined, params())) as Response).status).toBe(403);
    expect(((await call(notifyLoader, path(), romeCoord, undefined, params())) as Response).status).toBe(404);
    const before = received.length;
    expect(((await call(notifyAction, path(), member, { intent: "send" }, params())) as Response).status).toBe(403);
    expect(((await call(notifyAction, path(), romeCoord, { intent: "send" }, params())) as Response).status).toBe(404);
    expect(received.length).toBe(before);
    expect(getDb().select().from(meetings).where(eq(meetings.id, id)).get()!.noticeSentAt).toBeNull();
  });

  it("mails every active member with an address once, each in their language, with the calendar file", async () => {
    const res = (await call(notifyAction, path(), coord, { intent: "send" }, params())) as Response;
    expect(res.status).toBe(302);
    expect(res.headers.get("Location")).toBe(`/meetings/${id}/notify?sent=3&outbox=0&failed=0`);

    const rows = outboxOf(id, "meeting_notice");
    expect(rows.map((r) => [r.toAddress, r.language, r.status, r.cityId]).sort()).toEqual([
      [EN_USER, "en", "sent", iisalmi],
      [NO_ACCOUNT, "fi", "sent", iisalmi],
      [FI_USER, "fi", "sent", iisalmi],
    ].sort());
    expect(received.filter((r) => r.to.some((a) => a.startsWith("left@") || a.startsWith("luca@")))).toHaveLength(0);

    const en = message(EN_USER);
    expect(en.subject).toBe("ULG meeting 1: Kick-off — Thu, 5 Dec 2030 17:00");
    expect(en.language).toBe("en");
    expect(en.text).toContain("Hello Emma English,");
    expect(en.text).toContain("When: Thursday, 5 December 2030, 17:00–19:00 (Europe/Helsinki)");
    expect(en.text).toContain("17:00  Welcome (15 min)");
    expect(en.text).toContain("17:15  Pilot ideas (45 min)");
    expect(en.text).toContain(`http://localhost/meetings/${id}`);
    expect(en.html).toContain(`<a href="http://localhost/meetings/${id}">`);
    expect(en.html).toContain('lang="en"');

    const fi = message(FI_USER);
    expect(fi.subject).toBe("ULG-kokous 1: Kick-off — to 5.12.2030 17.00");
    expect(fi.language).toBe("fi");
    expect(fi.text).toContain("Hei Aino Ääri,");
    expect(fi.text).toContain("Esityslista");
    // Without an account, the city's language.
    expect(message(NO_ACCOUNT).subject).toMatch(/^ULG-kokous 1/);

    expect(en.icsType).toContain("text/calendar");
    expect(en.icsType).toContain("method=REQUEST");
    expect(en.icsDisposition).toContain("2030-12-05-ulg-meeting-1.ics");
    const { calendar, event } = readIcs(en.ics!);
    expect(calendar.getFirstPropertyValue("method")).toBe("REQUEST");
    expect(event.uid).toBe(`meeting-${id}@ulg-workshop`);
    expect(event.sequence).toBe(0);
    expect(event.summary).toBe("ULG meeting 1: Kick-off");
    expect(event.startDate.toJSDate().toISOString()).toBe("2030-12-05T15:00:00.000Z");
    // URI schemes are case-insensitive; ical-generator writes MAILTO for attendees.
    expect(String(event.component.getFirstPropertyValue("organizer")).toLowerCase()).toBe("mailto:no-reply@ulg.example");
    expect(event.attendees.map((a) => String(a.getFirstValue()).toLowerCase())).toEqual([`mailto:${EN_USER}`]);
    expect(event.attendees[0].getParameter("rsvp")).toBe("FALSE");
    expect(readIcs(fi.ics!).event.summary).toBe("ULG-kokous 1: Kick-off");

    const row = getDb().select().from(meetings).where(eq(meetings.id, id)).get()!;
    expect(row.noticeSentAt).not.toBeNull();
    const audit = getDb().select().from(auditLog).where(and(eq(auditLog.action, "meeting.notice"), eq(auditLog.entityId, String(id)))).get()!;
    expect(JSON.parse(audit.detail!)).toMatchObject({ kind: "invitation", recipients: 3, sent: 3 });
  });

  it("sends a change after an edit, and a cancellation after cancelling", async () => {
    const edit = { title: "Kick-off", purpose: "Meet the group", date: "2030-12-05", startTime: "18:00", endTime: "20:00", place: "Kirjasto, Iisalmi", onlineUrl: "" };
    expect(((await call(editAction, `/meetings/${id}/edit`, coord, edit, params())) as Response).status).toBe(302);
    const page = (await call(notifyLoader, path(), coord, undefined, params())) as { kind: string };
    expect(page.kind).toBe("update");
    received.length = 0;
    expect(((await call(notifyAction, path(), coord, { intent: "send" }, params())) as Response).status).toBe(302);
    expect(message(EN_USER).subject).toBe("Changed: ULG meeting 1: Kick-off — Thu, 5 Dec 2030 18:00");
    expect(message(FI_USER).subject).toBe("Muutettu: ULG-kokous 1: Kick-off — to 5.12.2030 18.00");
    const changed = readIcs(message(EN_USER).ics!).event;
    expect(changed.uid).toBe(`meeting-${id}@ulg-workshop`);
    expect(changed.sequence).toBe(1);
    expect(changed.startDate.toJSDate().toISOString()).toBe("2030-12-05T16:00:00.000Z");

    expect(((await call(editAction, `/meetings/${id}/edit`, coord, { intent: "cancel", reason: "Storm warning" }, params())) as Response).status).toBe(302);
    received.length = 0;
    expect(((await call(notifyAction, path(), coord, { intent: "send" }, params())) as Response).status).toBe(302);
    const en = message(EN_USER);
    expect(en.subject).toBe("Cancelled: ULG meeting 1: Kick-off — Thu, 5 Dec 2030 18:00");
    expect(en.text).toContain("Reason: Storm warning");
    expect(en.icsType).toContain("method=CANCEL");
    const { calendar, event } = readIcs(en.ics!);
    expect(calendar.getFirstPropertyValue("method")).toBe("CANCEL");
    expect(event.component.getFirstPropertyValue("status")).toBe("CANCELLED");
    expect(event.sequence).toBe(2);
    expect(message(FI_USER).subject).toMatch(/^Peruttu: ULG-kokous 1/);
  });

  it("refuses network meetings, past meetings and a bad intent with a message, sending nothing", async () => {
    const network = meeting(null, new Date(Date.now() + 100 * HOUR), { timeZone: "Europe/Rome" });
    const past = meeting(iisalmi, new Date(Date.now() - 30 * 24 * HOUR));
    const future = meeting(iisalmi, new Date(Date.now() + 10 * 24 * HOUR));
    const before = received.length;
    const rowsBefore = getDb().select().from(outbox).all().length;
    const byProject = (await call(notifyAction, `/meetings/${network}/notify`, project, { intent: "send" }, { meetingId: String(network) })) as Reply;
    expect(byProject.init.status).toBe(400);
    expect(byProject.data.formErrors).toEqual(["notices.networkMeeting"]);
    const page = (await call(notifyLoader, `/meetings/${network}/notify`, project, undefined, { meetingId: String(network) })) as { problem: string };
    expect(page.problem).toBe("notices.networkMeeting");
    // A city coordinator cannot write a network meeting at all.
    expect(((await call(notifyAction, `/meetings/${network}/notify`, coord, { intent: "send" }, { meetingId: String(network) })) as Response).status).toBe(403);
    const late = (await call(notifyAction, `/meetings/${past}/notify`, coord, { intent: "send" }, { meetingId: String(past) })) as Reply;
    expect(late.init.status).toBe(400);
    expect(late.data.formErrors).toEqual(["notices.started"]);
    const bad = (await call(notifyAction, `/meetings/${future}/notify`, coord, { intent: "delete" }, { meetingId: String(future) })) as Reply;
    expect(bad.init.status).toBe(400);
    expect(received.length).toBe(before);
    expect(getDb().select().from(outbox).all().length).toBe(rowsBefore);
  });
});

// ---------------------------------------------------------------- reminders

describe("reminders", () => {
  it("sends one set of reminders however often the job runs, and none for meetings further away", async () => {
    const now = new Date();
    const soon = meeting(iisalmi, new Date(now.getTime() + 30 * HOUR));
    const inThreeDays = meeting(iisalmi, new Date(now.getTime() + 72 * HOUR));
    const cancelled = meeting(iisalmi, new Date(now.getTime() + 20 * HOUR));
    getDb().update(meetings).set({ cancelledAt: now }).where(eq(meetings.id, cancelled)).run();
    const started = meeting(iisalmi, new Date(now.getTime() - HOUR));
    const network = meeting(null, new Date(now.getTime() + 20 * HOUR), { timeZone: "Europe/Rome" });
    received.length = 0;

    const first = await sendDueReminders(now, "https://ulg.example");
    expect(first).toEqual({ meetings: 1, mails: 3 });
    const second = await sendDueReminders(new Date(now.getTime() + 10 * 60_000), "https://ulg.example");
    expect(second).toEqual({ meetings: 0, mails: 0 });

    const reminders = getDb().select().from(outbox).where(eq(outbox.kind, "meeting_reminder")).all();
    expect(reminders).toHaveLength(3);
    expect(reminders.every((r) => r.textBody.includes(`https://ulg.example/meetings/${soon}`))).toBe(true);
    expect(received).toHaveLength(3);
    expect(message(EN_USER).subject).toMatch(/^Reminder: ULG meeting \d+: Kick-off — /);
    expect(message(FI_USER).subject).toMatch(/^Muistutus: ULG-kokous \d+: Kick-off — /);
    // Reminders repeat what the invitation's calendar file said; they carry none.
    expect(message(EN_USER).ics).toBeNull();

    const sentAt = (mid: number) => getDb().select({ at: meetings.reminderSentAt }).from(meetings).where(eq(meetings.id, mid)).get()!.at;
    expect(sentAt(soon)?.getTime()).toBe(now.getTime());
    for (const mid of [inThreeDays, cancelled, started, network]) expect(sentAt(mid)).toBeNull();
  });

  it("sends once when two runs overlap (as two servers would)", async () => {
    const now = new Date();
    const mid = meeting(iisalmi, new Date(now.getTime() + 40 * HOUR));
    const before = getDb().select().from(outbox).where(eq(outbox.kind, "meeting_reminder")).all().length;
    const [a, b] = await Promise.all([sendDueReminders(now, "https://ulg.example"), sendDueReminders(now, "https://ulg.example")]);
    expect(a.meetings + b.meetings).toBe(1);
    expect(a.mails + b.mails).toBe(3);
    const after = getDb().select().from(outbox).where(eq(outbox.kind, "meeting_reminder")).all();
    expect(after.length - before).toBe(3);
    expect(after.filter((r) => r.textBody.includes(`/meetings/${mid}\n`))).toHaveLength(3);
    const audits = getDb().select().from(auditLog).where(and(eq(auditLog.action, "meeting.reminder"), eq(auditLog.entityId, String(mid)))).all();
    expect(audits).toHaveLength(1);
  });

  it("claims a meeting only where no other run has: the UPDATE itself is the lock", () => {
    const now = new Date();
    const mid = meeting(iisalmi, new Date(now.getTime() + 45 * HOUR));
    const cancelled = meeting(iisalmi, new Date(now.getTime() + 45 * HOUR));
    getDb().update(meetings).set({ cancelledAt: now }).where(eq(meetings.id, cancelled)).run();
    // Both runs saw the meeting as due; only the first UPDATE changes the row.
    expect(claimReminders([mid, cancelled], now)).toEqual([mid]);
    expect(claimReminders([mid, cancelled], new Date(now.getTime() + 1000))).toEqual([]);
    expect(getDb().select().from(meetings).where(eq(meetings.id, mid)).get()!.reminderSentAt?.getTime()).toBe(now.getTime());
  });
});
