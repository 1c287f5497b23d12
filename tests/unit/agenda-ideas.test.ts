// The "idea discussed" link of an agenda item: chosen in the agenda builder from the city's open
// ideas, refused for another city's idea or a network meeting, shown on the meeting page, in the
// agenda PDF and under "Discussed at" on the idea page.
import { spyOnStatements } from "./sql-count";
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { getConnection, getDb } from "#db/client.server";
import { agendaItems, auditLog, ideaStageChanges, ideas } from "#db/schema";
import { createMeeting } from "~/models/meetings.server";
import { loader as ideaLoader } from "~/routes/ideas.$ideaId";
import { action as agendaAction, loader as agendaLoader } from "~/routes/meetings.$meetingId_.agenda";
import { loader as pdfLoader } from "~/routes/meetings.$meetingId_.agenda[.pdf]";
import { loader as meetingLoader } from "~/routes/meetings.$meetingId";
import { context, cookieFor, makeCity, makeUser, request, settle } from "./factories";

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyFn = (args: any) => Promise<unknown>;
type Reply = { init: { status: number }; data: { intent: string; result?: { error?: Record<string, string[] | null> } } };
type AgendaPage = Awaited<ReturnType<typeof agendaLoader>>;
type MeetingPage = Awaited<ReturnType<typeof meetingLoader>>;
type IdeaPage = Awaited<ReturnType<typeof ideaLoader>>;

let iisalmi: number, mantova: number;
let coordId: number, coord: string, member: string, project: string, mantovaCoord: string;

const callMeeting = (fn: AnyFn, suffix: string, meetingId: number, cookie: string, form?: Record<string, string>) =>
  settle(() => fn({ request: request(`/meetings/${meetingId}${suffix}`, { cookie, form }), context: context(), params: { meetingId: String(meetingId) } }));
const agenda = (meetingId: number, cookie: string) => callMeeting(agendaLoader, "/agenda", meetingId, cookie) as Promise<AgendaPage>;
const postAgenda = (meetingId: number, cookie: string, form: Record<string, string>) => callMeeting(agendaAction, "/agenda", meetingId, cookie, form);
const ideaPage = (ideaId: number, cookie: string) =>
  settle(() => ideaLoader({ request: request(`/ideas/${ideaId}`, { cookie }), context: context(), params: { ideaId: String(ideaId) } })) as Promise<IdeaPage>;
const status = (r: unknown) => (r instanceof Response ? r.status : (r as Reply).init?.status);
const itemsOf = (meetingId: number) => getDb().select().from(agendaItems).where(eq(agendaItems.meetingId, meetingId)).all();

function makeIdea(cityId: number, title: string, over: Partial<typeof ideas.$inferInsert> = {}) {
  return getDb()
    .insert(ideas)
    .values({ cityId, authorUserId: coordId, title, description: "Text", theme: "city_branding", kind: "retention_event", ...over })
    .returning()
    .get().id;
}

function meetingIn(cityId: number | null, title: string, startsAt = new Date("2031-12-05T15:00:00Z")) {
  return createMeeting(
    cityId,
    {
      kind: cityId == null ? "transnational" : "ulg_meeting",
      title,
      purpose: null,
      startsAt,
      endsAt: new Date(startsAt.getTime() + 7_200_000),
      timeZone: "Europe/Helsinki",
      place: null,
      onlineUrl: null,
      hostCityId: cityId == null ? iisalmi : null,
    },
    { id: coordId },
  );
}

const item = (fields: Record<string, string>) => ({ intent: "add", title: "Idea round", durationMinutes: "20", kind: "discussion", ...fields });

beforeAll(async () => {
  iisalmi = makeCity({ name: "Iisalmi", language: "fi" }).id;
  mantova = makeCity({ name: "Mantova", language: "it", timeZone: "Europe/Rome" }).id;
  const c = await makeUser("ulg_coordinator", iisalmi, { language: "en" });
  coordId = c.id;
  coord = await cookieFor(c.id);
  member = await cookieFor((await makeUser("member", iisalmi, { language: "en" })).id);
  project = await cookieFor((await makeUser("project_coordinator", iisalmi)).id);
  mantovaCoord = await cookieFor((await makeUser("ulg_coordinator", mantova)).id);
});

describe("the agenda builder's idea choice", () => {
  it("offers the city's open ideas sorted by title (no parked, rejected or other city's ideas)", async () => {
    const city = makeCity({ name: "Saldus", language: "lv" }).id;
    const saldusCoord = await cookieFor((await makeUser("ulg_coordinator", city)).id);
    makeIdea(city, "Zaļā nedēļa");
    makeIdea(city, "Ārā skola", { stage: "piloting" });
    makeIdea(city, "Bērnu diena", { stage: "parked" });
    makeIdea(city, "Cits", { stage: "rejected" });
    makeIdea(mantova, "Festa in piazza");
    const id = meetingIn(city, "Sanāksme");
    const page = await agenda(id, saldusCoord);
    // Latvian order: Ā sorts with A, before B and Z.
    expect(page.ideas?.map((i) => [i.title, i.stage])).toEqual([
      ["Ārā skola", "piloting"],
      ["Zaļā nedēļa", "proposed"],
    ]);
    // Network meetings have no city ideas.
    expect((await agenda(meetingIn(null, "Network meeting"), project)).ideas).toBeNull();
  });

  it("links an idea, shows it on the agenda, the meeting page and the PDF, and changes or clears it on edit", async () => {
    const idea = makeIdea(iisalmi, "Sauna evening for newcomers");
    const other = makeIdea(iisalmi, "Remote work hub");
    const id = meetingIn(iisalmi, "Spring meeting");
    const res = (await postAgenda(id, coord, item({ ideaId: String(idea) }))) as Response;
    expect(res.status).toBe(302);
    const [row] = itemsOf(id);
    expect(row.ideaId).toBe(idea);
    const audit = getDb().select().from(auditLog).where(and(eq(auditLog.action, "agenda.add"), eq(auditLog.entityId, String(id)))).get()!;
    expect(JSON.parse(audit.detail!)).toMatchObject({ ideaId: idea });

    expect((await agenda(id, coord)).items[0]).toMatchObject({ ideaId: idea, ideaTitle: "Sauna evening for newcomers", ideaStage: "proposed" });
    const meetingPage = (await callMeeting(meetingLoader, "", id, member)) as MeetingPage;
    expect(meetingPage.agenda[0]).toMatchObject({ ideaId: idea, ideaTitle: "Sauna evening for newcomers" });

    const pdf = (await callMeeting(pdfLoader, "/agenda.pdf", id, member)) as Response;
    expect(pdf.status).toBe(200);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "agenda-idea-"));
    try {
      fs.writeFileSync(path.join(dir, "a.pdf"), Buffer.from(await pdf.arrayBuffer()));
      const text = execFileSync("pdftotext", ["-enc", "UTF-8", path.join(dir, "a.pdf"), "-"], { encoding: "utf8" });
      expect(text).toContain("Idea: Sauna evening for newcomers");
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }

    // Edit: another idea, then none.
    expect(status(await postAgenda(id, coord, item({ intent: "edit", itemId: String(row.id), ideaId: String(other) })))).toBe(302);
    expect(itemsOf(id)[0].ideaId).toBe(other);
    expect(status(await postAgenda(id, coord, item({ intent: "edit", itemId: String(row.id), ideaId: "" })))).toBe(302);
    expect(itemsOf(id)[0].ideaId).toBeNull();
  });

  it("refuses another city's idea, a missing one and junk with a field message, 400 and nothing saved", async () => {
    const foreign = makeIdea(mantova, "Festa in piazza");
    const own = makeIdea(iisalmi, "Own idea");
    const id = meetingIn(iisalmi, "Refusals");
    for (const [ideaId, message] of [
      [String(foreign), "agenda.ideaNotInCity"],
      ["99999999", "agenda.ideaNotInCity"],
      ["abc", "validation.invalid"],
      ["-3", "validation.invalid"],
    ]) {
      const reply = (await postAgenda(id, coord, item({ ideaId }))) as Reply;
      expect(reply.init.status, ideaId).toBe(400);
      expect(reply.data.result?.error?.ideaId, ideaId).toEqual([message]);
    }
    expect(itemsOf(id)).toHaveLength(0);

    // An edit to another city's idea keeps the item as it was.
    await postAgenda(id, coord, item({ ideaId: String(own) }));
    const [row] = itemsOf(id);
    const reply = (await postAgenda(id, coord, item({ intent: "edit", itemId: String(row.id), title: "Changed", ideaId: String(foreign) }))) as Reply;
    expect(reply.init.status).toBe(400);
    expect(itemsOf(id)[0]).toMatchObject({ title: "Idea round", ideaId: own });

    // Network meetings take no idea at all, not even one of the writer's own city.
    const network = meetingIn(null, "Network meeting");
    const refused = (await postAgenda(network, project, item({ ideaId: String(own) }))) as Reply;
    expect(refused.init.status).toBe(400);
    expect(refused.data.result?.error?.ideaId).toEqual(["agenda.ideaNoCity"]);
    expect(itemsOf(network)).toHaveLength(0);

    // Members and other cities cannot write the agenda at all.
    expect(status(await postAgenda(id, member, item({ ideaId: String(own) })))).toBe(403);
    expect(status(await postAgenda(id, mantovaCoord, item({ ideaId: String(foreign) })))).toBe(404);
  });
});

describe("Discussed at, on the idea page", () => {
  it("lists agenda items and deciding meetings, newest first, grouped by meeting", async () => {
    const idea = makeIdea(iisalmi, "Newcomer weekend");
    const older = meetingIn(iisalmi, "Autumn meeting", new Date("2030-10-01T15:00:00Z"));
    const newer = meetingIn(iisalmi, "Spring meeting", new Date("2031-04-01T15:00:00Z"));
    const decided = meetingIn(iisalmi, "Winter meeting", new Date("2030-12-01T15:00:00Z"));
    await postAgenda(older, coord, item({ title: "First look", ideaId: String(idea) }));
    await postAgenda(newer, coord, item({ title: "Pilot plan", ideaId: String(idea) }));
    await postAgenda(newer, coord, item({ title: "Budget", kind: "decision", ideaId: String(idea) }));
    getDb()
      .insert(ideaStageChanges)
      .values([
        { ideaId: idea, cityId: iisalmi, fromStage: "proposed", toStage: "discussed", reason: "Talked", meetingId: decided, byUserId: coordId, at: new Date("2030-12-01T16:00:00Z") },
        { ideaId: idea, cityId: iisalmi, fromStage: "discussed", toStage: "shortlisted", reason: "Liked", meetingId: newer, byUserId: coordId, at: new Date("2031-04-01T16:00:00Z") },
      ])
      .run();

    const page = await ideaPage(idea, member);
    expect(page.discussedAt?.map((d) => [d.title, d.items.map((i) => i.title), d.moves.map((m) => `${m.fromStage}>${m.toStage}`)])).toEqual([
      ["Spring meeting", ["Pilot plan", "Budget"], ["discussed>shortlisted"]],
      ["Winter meeting", [], ["proposed>discussed"]],
      ["Autumn meeting", ["First look"], []],
    ]);
  });

  it("runs the same number of SQL statements whether the idea was discussed at 1 meeting or 30", async () => {
    const statements = async (fn: () => Promise<unknown>) => {
      const spy = spyOnStatements();
      const result = await fn();
      const n = spy.count();
      spy.restore();
      return { n, result };
    };
    const withMeetings = (n: number) => {
      const idea = makeIdea(iisalmi, `Discussed ${n} times`);
      for (let i = 0; i < n; i++) {
        const m = meetingIn(iisalmi, `Meeting ${n}-${i}`, new Date(Date.UTC(2031, 0, 1 + i, 15)));
        getDb().insert(agendaItems).values({ meetingId: m, cityId: iisalmi, position: 0, title: "Item", durationMinutes: 10, kind: "discussion", ideaId: idea }).run();
        getDb().insert(ideaStageChanges).values({ ideaId: idea, cityId: iisalmi, fromStage: "proposed", toStage: "discussed", meetingId: m, byUserId: coordId, at: new Date(Date.UTC(2031, 0, 1 + i, 16)) }).run();
      }
      return idea;
    };
    const small = withMeetings(1);
    const large = withMeetings(30);
    await ideaPage(small, member);
    const a = await statements(() => ideaPage(small, member));
    const b = await statements(() => ideaPage(large, member));
    expect((a.result as IdeaPage).discussedAt).toHaveLength(1);
    expect((b.result as IdeaPage).discussedAt).toHaveLength(30);
    expect(b.n).toBe(a.n);
  });
});
