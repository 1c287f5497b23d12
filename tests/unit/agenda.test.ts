import { spyOnStatements } from "./sql-count";
import { getZodConstraint } from "@conform-to/zod/v4";
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { and, asc, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { getConnection, getDb } from "#db/client.server";
import { agendaItems, auditLog, meetings, type AgendaItemKind } from "#db/schema";
import { action, loader } from "~/routes/meetings.$meetingId_.agenda";
import { loader as pdfLoader } from "~/routes/meetings.$meetingId_.agenda[.pdf]";
import { listPresenterOptions } from "~/models/agenda.server";
import { AgendaItemFields } from "~/utils/agenda-validation";
import { cancelMeeting, createMeeting } from "~/models/meetings.server";
import { context, cookieFor, makeCity, makeMember, makeUser, request, settle } from "./factories";

type Reply = {
  init: { status: number };
  data: { intent: string; ok?: boolean; formErrors?: string[]; result?: { error?: Record<string, string[]>; initialValue?: Record<string, unknown> } };
};
type Page = Awaited<ReturnType<typeof loader>>;

let iisalmi: number, kalamata: number;
let coord: string, member: string, project: string, admin: string, kalamataCoord: string;
let aino: number, kalamataMember: number;

beforeAll(async () => {
  iisalmi = makeCity({ name: "Iisalmi", language: "fi", timeZone: "Europe/Helsinki" }).id;
  kalamata = makeCity({ name: "Καλαμάτα", country: "GR", language: "el", timeZone: "Europe/Athens" }).id;
  coord = await cookieFor((await makeUser("ulg_coordinator", iisalmi, { language: "en" })).id);
  const m = await makeUser("member", iisalmi, { language: "fi" });
  member = await cookieFor(m.id);
  aino = makeMember(iisalmi, { name: "Aino Ärväs", userId: m.id }).id;
  project = await cookieFor((await makeUser("project_coordinator", iisalmi)).id);
  admin = await cookieFor((await makeUser("admin", null)).id);
  kalamataCoord = await cookieFor((await makeUser("ulg_coordinator", kalamata)).id);
  kalamataMember = makeMember(kalamata, { name: "Νίκος Παπαδόπουλος" }).id;
});

/** A meeting in Iisalmi (or the network) from 17:00 to 19:00 Helsinki time, far enough ahead to be planned. */
function meeting(cityId: number | null = iisalmi, title = "Autumn ULG meeting") {
  return createMeeting(
    cityId,
    {
      kind: cityId == null ? "transnational" : "ulg_meeting",
      title,
      purpose: "Choose the pilots.",
      startsAt: new Date("2031-12-05T15:00:00Z"),
      endsAt: new Date("2031-12-05T17:00:00Z"),
      timeZone: cityId == null ? "Europe/Lisbon" : "Europe/Helsinki",
      place: "Kulttuurikeskus",
      onlineUrl: null,
      hostCityId: cityId == null ? iisalmi : null,
    },
    { id: 1 },
  );
}

function addItems(meetingId: number, items: { title: string; minutes: number; kind?: AgendaItemKind; presenterMemberId?: number; presenterText?: string; description?: string }[]) {
  const city = getDb().select({ cityId: meetings.cityId }).from(meetings).where(eq(meetings.id, meetingId)).get()!.cityId;
  return items.map((item, position) =>
    getDb()
      .insert(agendaItems)
      .values({
        meetingId,
        cityId: city,
        position,
        title: item.title,
        durationMinutes: item.minutes,
        kind: item.kind ?? "discussion",
        presenterMemberId: item.presenterMemberId ?? null,
        presenterText: item.presenterText ?? null,
        description: item.description ?? null,
      })
      .returning({ id: agendaItems.id })
      .get().id,
  );
}

function rows(meetingId: number) {
  return getDb().select().from(agendaItems).where(eq(agendaItems.meetingId, meetingId)).orderBy(asc(agendaItems.position)).all();
}

const titles = (meetingId: number) => rows(meetingId).map((r) => r.title);
const positions = (meetingId: number) => rows(meetingId).map((r) => r.position);

const pathOf = (id: number, rest = "") => `/meetings/${id}/agenda${rest}`;
const get = (id: number, cookie: string, search = "") =>
  settle(() => loader({ request: request(pathOf(id, search), { cookie }), context: context(), params: { meetingId: String(id) } }));
const post = (id: number, cookie: string, form: Record<string, string>) =>
  settle(() => action({ request: request(pathOf(id), { cookie, form }), context: context(), params: { meetingId: String(id) } }));
const pdf = (id: number, cookie: string) =>
  settle(() => pdfLoader({ request: request(`/meetings/${id}/agenda.pdf`, { cookie }), context: context(), params: { meetingId: String(id) } }));

const item = (over: Record<string, string> = {}) => ({ intent: "add", title: "Welcome", durationMinutes: "15", kind: "information", ...over });

describe("building the agenda", () => {
  it("adds items at the end, in the meeting's city, and records each write", async () => {
    const id = meeting();
    const first = (await post(id, coord, item({ presenterMemberId: String(aino), description: "Round of names" }))) as Response;
    expect(first.status).toBe(302);
    expect(first.headers.get("Location")).toMatch(new RegExp(`^/meetings/${id}/agenda\\?added=\\d+#item-\\d+$`));
    const second = (await post(id, coord, item({ title: "Pilot ideas", durationMinutes: "45", kind: "workshop", presenterText: "Guest from Saldus" }))) as Response;
    expect(second.status).toBe(302);
    const saved = rows(id);
    expect(saved.map((r) => [r.title, r.position, r.durationMinutes, r.kind, r.cityId])).toEqual([
      ["Welcome", 0, 15, "information", iisalmi],
      ["Pilot ideas", 1, 45, "workshop", iisalmi],
    ]);
    expect(saved[0]).toMatchObject({ presenterMemberId: aino, presenterText: null, description: "Round of names" });
    expect(saved[1]).toMatchObject({ presenterMemberId: null, presenterText: "Guest from Saldus", description: null });
    const audits = getDb().select().from(auditLog).where(and(eq(auditLog.action, "agenda.add"), eq(auditLog.entityId, String(id)))).all();
    expect(audits).toHaveLength(2);
  });

  it("edits an item's fields and leaves its position alone; the linked idea is what the form sends", async () => {
    const id = meeting();
    const [a, b] = addItems(id, [{ title: "First", minutes: 10 }, { title: "Second", minutes: 20, presenterMemberId: aino }]);
    getDb().update(agendaItems).set({ ideaId: 42 }).where(eq(agendaItems.id, b)).run();
    const res = (await post(id, coord, { ...item({ intent: "edit", itemId: String(b), title: "Second, renamed", durationMinutes: "25", kind: "decision", presenterText: "Mayor" }) })) as Response;
    expect(res.status).toBe(302);
    expect(res.headers.get("Location")).toBe(`/meetings/${id}/agenda?saved=${b}#item-${b}`);
    const row = rows(id).find((r) => r.id === b)!;
    expect(row).toMatchObject({ title: "Second, renamed", durationMinutes: 25, kind: "decision", presenterMemberId: null, presenterText: "Mayor", position: 1, ideaId: null });
    expect(rows(id).find((r) => r.id === a)!.title).toBe("First");
    // The edit form shows for ?edit=<id> of this agenda only.
    expect(((await get(id, coord, `?edit=${b}`)) as Page).editId).toBe(b);
    expect(((await get(id, coord, "?edit=999999")) as Page).editId).toBeNull();
    // A stale link (no such idea in the city) never shows on the page.
    getDb().update(agendaItems).set({ ideaId: 42 }).where(eq(agendaItems.id, b)).run();
    expect(((await get(id, coord)) as Page).items.find((i) => i.id === b)).toMatchObject({ ideaId: null, ideaTitle: null });
  });

  it("refuses to edit an item of another meeting", async () => {
    const id = meeting();
    const other = meeting();
    const [foreign] = addItems(other, [{ title: "Not yours", minutes: 10 }]);
    const res = (await post(id, coord, item({ intent: "edit", itemId: String(foreign), title: "Hijacked" }))) as Reply;
    expect(res.init.status).toBe(400);
    expect(res.data.result?.error?.[""]).toEqual(["agenda.itemNotFound"]);
    expect(titles(other)).toEqual(["Not yours"]);
  });

  it("removes an item and keeps positions 0..n-1", async () => {
    const id = meeting();
    const [, b] = addItems(id, [{ title: "A", minutes: 10 }, { title: "B", minutes: 10 }, { title: "C", minutes: 10 }, { title: "D", minutes: 10 }]);
    const res = (await post(id, coord, { intent: "delete", itemId: String(b) })) as Response;
    expect(res.status).toBe(302);
    expect(titles(id)).toEqual(["A", "C", "D"]);
    expect(positions(id)).toEqual([0, 1, 2]);
    const again = (await post(id, coord, { intent: "delete", itemId: String(b) })) as Reply;
    expect(again.init.status).toBe(400);
    expect(again.data.formErrors).toEqual(["agenda.itemNotFound"]);
  });

  it("moves items up and down without JavaScript (one swap, redirect back to the item)", async () => {
    const id = meeting();
    const [a, b, c] = addItems(id, [{ title: "A", minutes: 10 }, { title: "B", minutes: 10 }, { title: "C", minutes: 10 }]);
    const up = (await post(id, coord, { intent: "up", itemId: String(c) })) as Response;
    expect(up.status).toBe(302);
    expect(up.headers.get("Location")).toBe(`/meetings/${id}/agenda?moved=${c}#item-${c}`);
    expect(titles(id)).toEqual(["A", "C", "B"]);
    await post(id, coord, { intent: "down", itemId: String(a) });
    expect(titles(id)).toEqual(["C", "A", "B"]);
    // At the edges nothing changes.
    await post(id, coord, { intent: "up", itemId: String(c) });
    await post(id, coord, { intent: "down", itemId: String(b) });
    expect(titles(id)).toEqual(["C", "A", "B"]);
    expect(positions(id)).toEqual([0, 1, 2]);
  });

  it("saves a whole new order from the script, and refuses orders that are not exactly this agenda", async () => {
    const id = meeting();
    const [a, b, c] = addItems(id, [{ title: "A", minutes: 10 }, { title: "B", minutes: 10 }, { title: "C", minutes: 10 }]);
    const [foreign] = addItems(meeting(), [{ title: "Elsewhere", minutes: 5 }]);
    const ok = (await post(id, coord, { intent: "reorder", ids: `${c},${a},${b}` })) as Reply;
    expect(ok.init?.status ?? 200).toBe(200);
    expect(ok.data).toMatchObject({ intent: "reorder", ok: true });
    expect(titles(id)).toEqual(["C", "A", "B"]);
    expect(positions(id)).toEqual([0, 1, 2]);
    for (const ids of [`${c},${a},${foreign}`, `${c},${a}`, `${c},${a},${b},${foreign}`, `${c},${a},${a}`, `${c},${a},x`, "", `${c},${a},-${b}`]) {
      const res = (await post(id, coord, { intent: "reorder", ids })) as Reply;
      expect(res.init.status, ids).toBe(400);
      expect(res.data.formErrors).toEqual(["agenda.badOrder"]);
    }
    expect(titles(id)).toEqual(["C", "A", "B"]);
  });
});

describe("bad input", () => {
  it("answers 400 with field messages, keeps what was typed and writes nothing", async () => {
    const id = meeting();
    const [existing] = addItems(id, [{ title: "Keep me", minutes: 30 }]);
    const before = JSON.stringify(rows(id));
    const cases: [Record<string, string>, string, string][] = [
      [item({ durationMinutes: "-5" }), "durationMinutes", "agenda.durationRange"],
      [item({ durationMinutes: "0" }), "durationMinutes", "agenda.durationRange"],
      [item({ durationMinutes: "600" }), "durationMinutes", "agenda.durationRange"],
      [item({ durationMinutes: "12.5" }), "durationMinutes", "agenda.durationRange"],
      [item({ durationMinutes: "soon" }), "durationMinutes", "agenda.durationRange"],
      [item({ durationMinutes: "" }), "durationMinutes", "validation.required"],
      [item({ title: "x".repeat(10_000) }), "title", "validation.tooLong"],
      [item({ title: "   " }), "title", "validation.required"],
      [item({ description: "y".repeat(5001) }), "description", "validation.tooLong"],
      [item({ kind: "party" }), "kind", "validation.invalid"],
      [item({ presenterText: "z".repeat(121) }), "presenterText", "validation.tooLong"],
      [item({ presenterMemberId: String(kalamataMember) }), "presenterMemberId", "agenda.presenterNotInCity"],
      [item({ presenterMemberId: "99999999" }), "presenterMemberId", "agenda.presenterNotInCity"],
      [item({ presenterMemberId: String(aino), presenterText: "Someone else" }), "presenterText", "agenda.presenterBoth"],
      [item({ intent: "edit", itemId: String(existing), durationMinutes: "600" }), "durationMinutes", "agenda.durationRange"],
    ];
    for (const [form, field, message] of cases) {
      const res = (await post(id, coord, form)) as Reply;
      expect(res.init.status, `${field}=${form[field]?.slice(0, 20)}`).toBe(400);
      expect(res.data.result?.error?.[field]).toContain(message);
    }
    // The form comes back with the typed values.
    const long = (await post(id, coord, item({ title: "Typed title", durationMinutes: "600" }))) as Reply;
    expect(long.data.result?.initialValue).toMatchObject({ title: "Typed title", durationMinutes: "600" });
    expect(JSON.stringify(rows(id))).toBe(before);
  });

  it("offers no roster for network meetings: only a typed presenter", async () => {
    const id = meeting(null, "Mangualde transnational meeting");
    const page = (await get(id, project)) as Page;
    expect(page.presenters).toBeNull();
    const refused = (await post(id, project, item({ presenterMemberId: String(aino) }))) as Reply;
    expect(refused.init.status).toBe(400);
    expect(refused.data.result?.error?.presenterMemberId).toEqual(["agenda.presenterNoRoster"]);
    const ok = (await post(id, admin, item({ presenterText: "Ana Silva, Mangualde" }))) as Response;
    expect(ok.status).toBe(302);
    expect(rows(id)).toMatchObject([{ presenterText: "Ana Silva, Mangualde", presenterMemberId: null, cityId: null }]);
  });

  it("keeps a cancelled meeting's agenda read-only", async () => {
    const id = meeting();
    const [a, b] = addItems(id, [{ title: "A", minutes: 10 }, { title: "B", minutes: 10 }]);
    cancelMeeting(id, "Storm", { id: 1 }, iisalmi);
    const before = JSON.stringify(rows(id));
    const forms: Record<string, string>[] = [item(), { intent: "delete", itemId: String(a) }, { intent: "up", itemId: String(b) }, { intent: "reorder", ids: `${b},${a}` }, item({ intent: "edit", itemId: String(a) })];
    for (const form of forms) {
      const res = (await post(id, coord, form)) as Reply;
      expect(res.init.status).toBe(400);
      expect(res.data.formErrors).toEqual(["agenda.cancelledReadOnly"]);
    }
    expect(JSON.stringify(rows(id))).toBe(before);
    expect(((await get(id, coord)) as Page).meeting.cancelled).toBe(true);
  });
});

describe("who may build the agenda", () => {
  it("refuses members (403), hides other cities' meetings (404) and lets coordinators of the city in", async () => {
    const id = meeting();
    const [a] = addItems(id, [{ title: "A", minutes: 10 }, { title: "B", minutes: 10 }]);
    const before = JSON.stringify(rows(id));
    expect(((await get(id, member)) as Response).status).toBe(403);
    const forms: Record<string, string>[] = [item(), { intent: "delete", itemId: String(a) }, { intent: "down", itemId: String(a) }];
    for (const form of forms) {
      expect(((await post(id, member, form)) as Response).status).toBe(403);
      expect(((await post(id, kalamataCoord, form)) as Response).status).toBe(404);
    }
    expect(((await get(id, kalamataCoord)) as Response).status).toBe(404);
    // The admin reads every city but does not write a city's meetings.
    expect(((await post(id, admin, item())) as Response).status).toBe(403);
    expect(JSON.stringify(rows(id))).toBe(before);
    expect(((await get(id, project)) as Page).items).toHaveLength(2);
    const anonymous = (await settle(() => loader({ request: request(pathOf(id)), context: context(), params: { meetingId: String(id) } }))) as Response;
    expect(anonymous.status).toBe(302);
    expect(anonymous.headers.get("Location")).toMatch(/^\/login/);
  });
});

describe("the builder page", () => {
  it("gives the browser the form's constraints (getZodConstraint throws on refined schemas while rendering)", () => {
    expect(getZodConstraint(AgendaItemFields)).toMatchObject({ title: { required: true }, durationMinutes: { required: true }, presenterText: { required: false } });
  });

  it("shows running start offsets, the total and an overrun against the meeting's length", async () => {
    const id = meeting();
    addItems(id, [{ title: "A", minutes: 30 }, { title: "B", minutes: 60 }, { title: "C", minutes: 20 }]);
    let page = (await get(id, coord)) as Page;
    expect(page.times).toEqual({ starts: [0, 30, 90], totalMinutes: 110, lengthMinutes: 120, overrunMinutes: 0 });
    await post(id, coord, item({ title: "D", durationMinutes: "40" }));
    page = (await get(id, coord)) as Page;
    expect(page.times).toMatchObject({ starts: [0, 30, 90, 110], totalMinutes: 150, overrunMinutes: 30 });
  });

  it("lists the city's active roster for presenters, sorted by the city's language", async () => {
    const city = makeCity({ name: "Kuopio", language: "fi" }).id;
    for (const name of ["Östen", "Zoe", "Åke", "Aapo", "Ärpi"]) makeMember(city, { name });
    makeMember(city, { name: "Left Already", leftOn: "2024-01-01" });
    makeMember(city, { name: "", erasedAt: new Date() });
    // Finnish sorts Å, Ä, Ö after Z.
    expect(listPresenterOptions(city).map((m) => m.name)).toEqual(["Aapo", "Zoe", "Åke", "Ärpi", "Östen"]);
  });

  it("runs the same number of SQL statements for 3 items as for 30", async () => {
    const small = meeting();
    const large = meeting();
    const many = (n: number) => Array.from({ length: n }, (_, i) => ({ title: `Item ${i}`, minutes: 5, presenterMemberId: i % 2 ? aino : undefined, presenterText: i % 2 ? undefined : "Guest" }));
    addItems(small, many(3));
    addItems(large, many(30));
    const statements = async (fn: () => Promise<unknown>) => {
      const spy = spyOnStatements();
      const result = await fn();
      const n = spy.count();
      spy.restore();
      return { n, result };
    };
    const a = await statements(() => get(small, coord));
    const b = await statements(() => get(large, coord));
    expect((a.result as Page).items).toHaveLength(3);
    expect((b.result as Page).items).toHaveLength(30);
    expect(a.n).toBeGreaterThan(2);
    expect(b.n).toBe(a.n);
    const c = await statements(() => pdf(small, member));
    const d = await statements(() => pdf(large, member));
    expect((c.result as Response).status).toBe(200);
    expect(d.n).toBe(c.n);
  });
});

describe("agenda.pdf", () => {
  function pdfText(buffer: Buffer): string {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "agenda-pdf-"));
    try {
      const file = path.join(dir, "agenda.pdf");
      fs.writeFileSync(file, buffer);
      return execFileSync("pdftotext", ["-enc", "UTF-8", file, "-"], { encoding: "utf8" });
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }

  it("is a real PDF with every partner language's letters, the presenters and a dated file name", async () => {
    const id = meeting(iisalmi, "Syksyn kokous");
    const erased = makeMember(iisalmi, { name: "", erasedAt: new Date() }).id;
    addItems(id, [
      { title: "Tervetuloa ja Äänestys", minutes: 15, kind: "information", presenterMemberId: aino },
      { title: "Kumppanit: Καλαμάτα ja Требиње", minutes: 30, presenterText: "Guest", description: "Alba Iulia, Šibenik, Ēdoļi: ā ē ī ū ș ț" },
      { title: "Decision on pilots", minutes: 20, kind: "decision", presenterMemberId: erased },
    ]);
    const res = (await pdf(id, coord)) as Response;
    expect(res.status).toBe(200);
    expect(res.headers.get("Content-Type")).toBe("application/pdf");
    expect(res.headers.get("Content-Disposition")).toContain('filename="2031-12-05-ulg-meeting-');
    expect(res.headers.get("Content-Disposition")).toMatch(/-agenda\.pdf"/);
    const buffer = Buffer.from(await res.arrayBuffer());
    expect(buffer.subarray(0, 5).toString()).toBe("%PDF-");
    const text = pdfText(buffer);
    for (const s of ["Syksyn kokous", "Iisalmi", "Tervetuloa ja Äänestys", "Καλαμάτα", "Требиње", "ā ē ī ū ș ț", "Šibenik", "Aino Ärväs", "Former member", "Guest", "Decision on pilots", "Kulttuurikeskus", "Choose the pilots."]) {
      expect(text, s).toContain(s);
    }
    // Running start times in the meeting's zone (17:00 Helsinki), in the English reader's format.
    expect(text).toMatch(/05:00\s*PM/);
    expect(text).toMatch(/05:15\s*PM/);
    expect(text).toMatch(/05:45\s*PM/);
    expect(text).not.toContain("CANCELLED");
  });

  it("is written in the reader's language, for members too, and says CANCELLED when cancelled", async () => {
    const id = meeting();
    addItems(id, [{ title: "Ainoa asia", minutes: 10, kind: "decision" }]);
    const fi = pdfText(Buffer.from(await ((await pdf(id, member)) as Response).arrayBuffer()));
    expect(fi).toContain("Esityslista");
    expect(fi).toContain("Päätös");
    expect(fi).toContain("17.00");
    cancelMeeting(id, "Myrskyvaroitus", { id: 1 }, iisalmi);
    const en = pdfText(Buffer.from(await ((await pdf(id, coord)) as Response).arrayBuffer()));
    expect(en).toContain("CANCELLED");
    expect(en).toContain("Myrskyvaroitus");
    const fiCancelled = pdfText(Buffer.from(await ((await pdf(id, member)) as Response).arrayBuffer()));
    expect(fiCancelled).toContain("PERUTTU");
  });

  it("answers 404 to other cities and shows network meetings with their host", async () => {
    const id = meeting();
    expect(((await pdf(id, kalamataCoord)) as Response).status).toBe(404);
    const network = meeting(null, "Transnational meeting in Mangualde");
    addItems(network, [{ title: "Site visit", minutes: 90, presenterText: "Ana Silva" }]);
    const res = (await pdf(network, kalamataCoord)) as Response;
    expect(res.status).toBe(200);
    expect(res.headers.get("Content-Disposition")).toContain("-transnational-");
    const text = pdfText(Buffer.from(await res.arrayBuffer()));
    expect(text).toContain("hosted by Iisalmi");
    expect(text).toContain("Ana Silva");
  });
});
