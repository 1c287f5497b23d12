// The pilot action of an idea (/ideas/:ideaId/pilot): who reads and who keeps it, at which stages,
// the form's validation (budget per locale in cents, dates, long texts, indicator rows) and that a
// save writes everything or nothing.
import fs from "node:fs";
import { and, asc, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "#db/client.server";
import { auditLog, ideas, PILOT_DECISIONS, pilotActions, pilotIndicators, type IdeaStage } from "#db/schema";
import { resources } from "~/i18n/config";
import { savePilot } from "~/models/pilots.server";
import { action as pilotAction, loader as pilotLoader } from "~/routes/ideas.$ideaId_.pilot";
import { budgetInputValue, parseBudget, pilotSchema } from "~/utils/pilot-validation";
import { context, cookieFor, makeCity, makeUser, request, settle } from "./factories";

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyFn = (args: any) => Promise<unknown>;
type Reply = { init: { status: number } | null; data: { status?: string; error?: Record<string, string[] | null>; initialValue?: Record<string, unknown> } };
type Page = Awaited<ReturnType<typeof pilotLoader>>;
type PageData = Extract<Page, { idea: unknown }>;

const call = (fn: AnyFn, id: number, cookie: string, form?: Record<string, string>) =>
  settle(() => fn({ request: request(`/ideas/${id}/pilot`, { cookie, form }), context: context(), params: { ideaId: String(id) } }));
const get = (id: number, cookie: string) => call(pilotLoader, id, cookie);
const post = (id: number, cookie: string, form: Record<string, string>) => call(pilotAction, id, cookie, form);
const status = (r: unknown) => (r instanceof Response ? r.status : ((r as Reply).init?.status ?? 200));
/** The loader's data, whether it answered 200 (plain object) or 404 with a message (data()). */
const pageData = (r: unknown): PageData => ((r as { type?: string }).type === "DataWithResponseInit" ? (r as { data: PageData }).data : (r as PageData));
const fieldErrors = (r: unknown) => (r as Reply).data.error ?? {};

let iisalmi: number, mantova: number;
let authorId: number, coordId: number;
let coord: string, coordFi: string, project: string, member: string, admin: string, mantovaCoord: string;

function makeIdea(cityId: number, stage: IdeaStage, over: Partial<typeof ideas.$inferInsert> = {}) {
  return getDb()
    .insert(ideas)
    .values({ cityId, authorUserId: authorId, title: "Repair café", description: "Monthly.", theme: "responsibility_sustainability", kind: "retention_event", stage, ...over })
    .returning()
    .get().id;
}

const pilotOf = (ideaId: number) => getDb().select().from(pilotActions).where(eq(pilotActions.ideaId, ideaId)).get();
const indicatorsOf = (pilotId: number) =>
  getDb().select().from(pilotIndicators).where(eq(pilotIndicators.pilotId, pilotId)).orderBy(asc(pilotIndicators.position)).all();

const FULL_FORM = {
  objective: "Test whether a **monthly** café keeps newcomers.",
  targetGroup: "New residents",
  startsOn: "2025-03-01",
  endsOn: "2025-05-31",
  budget: "1,200.50",
  responsible: "Kaisa Coordinator",
  partners: "Library, parish",
  "indicators[0].name": "Visitors",
  "indicators[0].target": "60",
  "indicators[0].result": "",
  "indicators[1].name": "Items repaired",
  "indicators[1].target": "100",
  "indicators[1].result": "120",
  "indicators[2].name": "",
  "indicators[2].target": "",
  "indicators[2].result": "",
  results: "",
  lessonsLearned: "",
  decision: "",
};

beforeAll(async () => {
  iisalmi = makeCity({ name: "Iisalmi" }).id;
  mantova = makeCity({ name: "Mantova", language: "it", timeZone: "Europe/Rome" }).id;
  const c = await makeUser("ulg_coordinator", iisalmi, { language: "en" });
  coordId = c.id;
  coord = await cookieFor(c.id);
  coordFi = await cookieFor((await makeUser("ulg_coordinator", iisalmi, { language: "fi" })).id);
  project = await cookieFor((await makeUser("project_coordinator", iisalmi)).id);
  const m = await makeUser("member", iisalmi);
  authorId = m.id;
  member = await cookieFor(m.id);
  admin = await cookieFor((await makeUser("admin", null)).id);
  mantovaCoord = await cookieFor((await makeUser("ulg_coordinator", mantova)).id);
});

describe("reading money", () => {
  it("reads euros as each locale writes them, into whole cents", () => {
    expect(parseBudget("1 200,50", "fi")).toEqual({ ok: true, cents: 120_050 });
    expect(parseBudget("1\u00a0200,50", "fi")).toEqual({ ok: true, cents: 120_050 });
    expect(parseBudget("1200.50", "fi")).toEqual({ ok: true, cents: 120_050 });
    expect(parseBudget("1200,5", "fi")).toEqual({ ok: true, cents: 120_050 });
    expect(parseBudget("1200.50", "en")).toEqual({ ok: true, cents: 120_050 });
    expect(parseBudget("1,200.50", "en")).toEqual({ ok: true, cents: 120_050 });
    expect(parseBudget("€ 4 800", "fi")).toEqual({ ok: true, cents: 480_000 });
    expect(parseBudget("0.07", "en")).toEqual({ ok: true, cents: 7 });
    // 0.1 + 0.2 style float errors would show here: 19.99 must be exactly 1999 cents.
    expect(parseBudget("19.99", "en")).toEqual({ ok: true, cents: 1999 });
    expect(parseBudget("  ", "en")).toEqual({ ok: true, cents: null });
  });

  it("refuses what it cannot read for sure", () => {
    expect(parseBudget("abc", "en")).toEqual({ ok: false, error: "invalid" });
    expect(parseBudget("-5", "en")).toEqual({ ok: false, error: "negative" });
    expect(parseBudget("−5", "fi")).toEqual({ ok: false, error: "negative" });
    // An English reader's "1200,50" is not guessed to be 120,050 euros.
    expect(parseBudget("1200,50", "en")).toEqual({ ok: false, error: "invalid" });
    expect(parseBudget("1.200", "fi")).toEqual({ ok: false, error: "invalid" });
    expect(parseBudget("12.345", "en")).toEqual({ ok: false, error: "invalid" });
    expect(parseBudget("1e5", "en")).toEqual({ ok: false, error: "invalid" });
    expect(parseBudget("99999999999999", "en")).toEqual({ ok: false, error: "tooLarge" });
  });

  it("shows cents back in the field as the locale writes them, and reads them again unchanged", () => {
    for (const locale of ["fi", "en"]) {
      for (const cents of [0, 7, 125_050, 480_000, 123_456_789]) {
        const shown = budgetInputValue(cents, locale);
        expect(parseBudget(shown, locale), `${locale} ${shown}`).toEqual({ ok: true, cents });
      }
    }
    expect(budgetInputValue(125_050, "fi")).toBe("1 250,50");
    expect(budgetInputValue(125_050, "en")).toBe("1,250.50");
  });

  it("drops empty indicator rows and wants a name on a row with a target or result", () => {
    const ok = pilotSchema("en").safeParse({ indicators: [{ name: "A", target: "1" }, {}, undefined, { name: "  " }] });
    expect(ok.success && ok.data.indicators).toEqual([{ name: "A", target: "1", result: null }]);
    const bad = pilotSchema("en").safeParse({ indicators: [{ target: "5" }] });
    expect(bad.success).toBe(false);
    expect(bad.error?.issues.map((i) => [i.path.join("."), i.message])).toEqual([["indicators.0.name", "pilot.indicatorNameMissing"]]);
  });
});

describe("who reads and keeps a pilot", () => {
  it("lets everyone in the city read it and only its coordinators edit it", async () => {
    const id = makeIdea(iisalmi, "piloting");
    const asMember = pageData(await get(id, member));
    expect(status(await get(id, member))).toBe(200);
    expect(asMember).toMatchObject({ state: "open", canEdit: false, defaults: null, pilot: null });
    expect(pageData(await get(id, coord))).toMatchObject({ state: "open", canEdit: true });
    expect(pageData(await get(id, project))).toMatchObject({ state: "open", canEdit: true });
    expect(pageData(await get(id, admin))).toMatchObject({ state: "open", canEdit: false });
    expect(pageData(await get(id, coord)).defaults?.indicators).toEqual([{ name: "", target: "", result: "" }]);
  });

  it("answers 404 to another city, even for an idea shared with the network", async () => {
    const id = makeIdea(iisalmi, "piloting", { sharedWithNetwork: true });
    expect(status(await get(id, mantovaCoord))).toBe(404);
    expect(status(await post(id, mantovaCoord, FULL_FORM))).toBe(404);
    expect(pilotOf(id)).toBeUndefined();
    expect(status(await get(999_999, coord))).toBe(404);
    const anonymous = (await settle(() => pilotLoader({ request: request(`/ideas/${id}/pilot`), context: context(), params: { ideaId: String(id) } }))) as Response;
    expect(anonymous.status).toBe(302);
  });

  it("refuses members and admins who post (403, audited) and saves nothing", async () => {
    const id = makeIdea(iisalmi, "piloting");
    expect(status(await post(id, member, FULL_FORM))).toBe(403);
    expect(status(await post(id, admin, FULL_FORM))).toBe(403);
    expect(pilotOf(id)).toBeUndefined();
    const denied = getDb().select().from(auditLog).where(and(eq(auditLog.action, "access.denied"), eq(auditLog.entityId, String(id)))).all();
    expect(denied).toHaveLength(2);
  });

  it("opens at piloting, evaluated and in action plan; earlier stages answer 404 with the reason", async () => {
    for (const stage of ["piloting", "evaluated", "in_action_plan"] as const) {
      expect(pageData(await get(makeIdea(iisalmi, stage), coord)).state).toBe("open");
    }
    for (const stage of ["proposed", "discussed", "shortlisted", "parked", "rejected"] as const) {
      const id = makeIdea(iisalmi, stage);
      const page = await get(id, coord);
      expect(status(page), stage).toBe(404);
      expect(pageData(page)).toMatchObject({ state: "notYet", canEdit: false, idea: { stage } });
      expect(status(await post(id, coord, FULL_FORM))).toBe(404);
      expect(pilotOf(id)).toBeUndefined();
    }
  });

  it("keeps the record of an idea moved back out of the pilot stages readable, and no longer editable", async () => {
    const id = makeIdea(iisalmi, "piloting");
    expect(status(await post(id, coord, FULL_FORM))).toBe(302);
    getDb().update(ideas).set({ stage: "parked" }).where(eq(ideas.id, id)).run();
    const page = pageData(await get(id, coord));
    expect(page).toMatchObject({ state: "readOnly", canEdit: false, pilot: { budgetCents: 120_050 } });
    expect(status(await post(id, coord, { ...FULL_FORM, budget: "5" }))).toBe(403);
    expect(pilotOf(id)?.budgetCents).toBe(120_050);
  });
});

describe("saving a pilot", () => {
  it("creates the pilot with its indicators, and replaces the indicators on the next save", async () => {
    const id = makeIdea(iisalmi, "piloting");
    const res = (await post(id, coord, FULL_FORM)) as Response;
    expect(res.status).toBe(302);
    expect(res.headers.get("Location")).toBe(`/ideas/${id}/pilot?saved=1`);
    const saved = pilotOf(id)!;
    expect(saved).toMatchObject({ cityId: iisalmi, objective: FULL_FORM.objective, startsOn: "2025-03-01", endsOn: "2025-05-31", budgetCents: 120_050, decision: null, results: null });
    expect(indicatorsOf(saved.id).map((i) => [i.position, i.name, i.target, i.result])).toEqual([
      [0, "Visitors", "60", null],
      [1, "Items repaired", "100", "120"],
    ]);

    const second = { ...FULL_FORM, "indicators[0].name": "Returning visitors", "indicators[0].result": "45", "indicators[1].name": "", "indicators[1].target": "", "indicators[1].result": "", decision: "scale", results: "It worked." };
    expect(status(await post(id, coord, second))).toBe(302);
    const again = pilotOf(id)!;
    expect(again.id).toBe(saved.id);
    expect(again).toMatchObject({ decision: "scale", results: "It worked." });
    expect(indicatorsOf(saved.id).map((i) => [i.position, i.name, i.result])).toEqual([[0, "Returning visitors", "45"]]);
    expect(getDb().select().from(auditLog).where(and(eq(auditLog.action, "pilot.save"), eq(auditLog.entityId, String(id)))).all()).toHaveLength(2);

    const page = pageData(await get(id, coord));
    expect(page.pilot?.indicators).toEqual([{ name: "Returning visitors", target: "60", result: "45" }]);
    expect(page.defaults?.budget).toBe("1,200.50");
  });

  it("reads the budget in the coordinator's language", async () => {
    const id = makeIdea(iisalmi, "evaluated");
    expect(status(await post(id, coordFi, { ...FULL_FORM, budget: "1 200,50" }))).toBe(302);
    expect(pilotOf(id)?.budgetCents).toBe(120_050);
    expect(pageData(await get(id, coordFi)).defaults?.budget).toBe("1 200,50");
    // The same text is not a number to an English reader.
    const res = await post(id, coord, { ...FULL_FORM, budget: "1 200,50" });
    expect(status(res)).toBe(400);
    expect(fieldErrors(res).budget?.[0]).toMatch(/^pilot\.budget\.invalid\|/);
  });

  it("refuses bad input with field messages and status 400, saving nothing", async () => {
    const id = makeIdea(iisalmi, "piloting");
    expect(status(await post(id, coord, FULL_FORM))).toBe(302);
    const before = pilotOf(id)!;
    const huge = "x".repeat(100 * 1024);
    const cases: [Record<string, string>, string, RegExp][] = [
      [{ budget: "abc" }, "budget", /^pilot\.budget\.invalid/],
      [{ budget: "-5" }, "budget", /^pilot\.budget\.negative/],
      [{ startsOn: "2025-06-01", endsOn: "2025-05-31" }, "endsOn", /^pilot\.endBeforeStart$/],
      [{ startsOn: "2025-02-30" }, "startsOn", /^validation\.date$/],
      [{ objective: huge }, "objective", /^pilot\.tooLong/],
      [{ results: huge }, "results", /^pilot\.tooLong/],
      [{ responsible: huge }, "responsible", /^pilot\.tooLong/],
      [{ "indicators[0].name": huge }, "indicators[0].name", /^pilot\.tooLong/],
      [{ "indicators[0].name": "" }, "indicators[0].name", /^pilot\.indicatorNameMissing$/],
      [{ decision: "maybe" }, "decision", /^validation\.invalid$/],
    ];
    for (const [change, field, message] of cases) {
      const res = await post(id, coord, { ...FULL_FORM, objective: "Changed", ...change });
      expect(status(res), field).toBe(400);
      expect(fieldErrors(res)[field]?.[0], field).toMatch(message);
      // The form comes back holding what was typed.
      expect((res as Reply).data.initialValue?.objective).toBe(change.objective ?? "Changed");
    }
    expect(pilotOf(id)).toEqual(before);
    expect(indicatorsOf(before.id)).toHaveLength(2);
  });

  it("stores script tags as typed (the page shows them as text)", async () => {
    const id = makeIdea(iisalmi, "piloting");
    const script = "<script>alert(1)</script>";
    expect(status(await post(id, coord, { ...FULL_FORM, objective: script, responsible: script, "indicators[0].name": script }))).toBe(302);
    expect(pilotOf(id)).toMatchObject({ objective: script, responsible: script });
    expect(pageData(await get(id, member)).pilot?.indicators[0].name).toBe(script);
  });

  it("adds and removes indicator rows without JavaScript: the form comes back changed, nothing saved", async () => {
    const id = makeIdea(iisalmi, "piloting");
    const add = await post(id, coord, { ...FULL_FORM, __intent__: JSON.stringify({ type: "insert", payload: { name: "indicators", defaultValue: { name: "", target: "", result: "" } } }) });
    expect(status(add)).toBe(200);
    expect(((add as Reply).data.initialValue?.indicators as unknown[]).length).toBe(4);
    const remove = await post(id, coord, { ...FULL_FORM, __intent__: JSON.stringify({ type: "remove", payload: { name: "indicators", index: 0 } }) });
    expect(status(remove)).toBe(200);
    // The wholly empty third row comes back as an empty slot (Conform drops empty strings); the page shows it as a blank row.
    const rows = (remove as Reply).data.initialValue?.indicators as unknown[];
    expect(rows).toHaveLength(2);
    expect(rows[0]).toEqual({ name: "Items repaired", target: "100", result: "120" });
    expect(pilotOf(id)).toBeUndefined();
    // A made-up intent is bad input, not a server error.
    expect(status(await post(id, coord, { ...FULL_FORM, __intent__: "{not json" }))).toBe(400);
    expect(pilotOf(id)).toBeUndefined();
  });

  it("writes nothing when any part of the save fails, or when the idea left the pilot stages", async () => {
    const id = makeIdea(iisalmi, "piloting");
    expect(status(await post(id, coord, FULL_FORM))).toBe(302);
    const before = pilotOf(id)!;
    const input = pilotSchema("en").parse({ objective: "Half-saved?", indicators: [{ name: "ok" }] });
    // An indicator the database refuses (no name) after the pilot row was updated: all rolled back.
    const broken = { ...input, indicators: [{ name: "ok", target: null, result: null }, { name: null as unknown as string, target: null, result: null }] };
    expect(() => savePilot({ id, cityId: iisalmi }, broken, { id: coordId })).toThrow();
    expect(pilotOf(id)).toEqual(before);
    expect(indicatorsOf(before.id).map((i) => i.name)).toEqual(["Visitors", "Items repaired"]);

    getDb().update(ideas).set({ stage: "shortlisted" }).where(eq(ideas.id, id)).run();
    expect(savePilot({ id, cityId: iisalmi }, input, { id: coordId })).toBe(false);
    expect(pilotOf(id)).toEqual(before);
  });
});

describe("the pilot's words", () => {
  it("has every string the pilot page uses in English and Finnish", () => {
    const files = ["app/routes/ideas.$ideaId_.pilot.tsx", "app/components/pilot-form.tsx", "app/utils/pilot-validation.ts", "app/routes/ideas.$ideaId.tsx"];
    const keys = new Set<string>();
    for (const file of files) {
      for (const m of fs.readFileSync(file, "utf8").matchAll(/["`](pilot\.[A-Za-z.]+[A-Za-z])["`|]/g)) keys.add(m[1]);
    }
    // Keys built from a value: each value of the set.
    for (const d of PILOT_DECISIONS) keys.add(`pilot.decisions.${d}`);
    for (const e of ["invalid", "negative", "tooLarge"]) keys.add(`pilot.budget.${e}`);
    expect(keys.size).toBeGreaterThan(40);
    const lookup = (tree: unknown, key: string) => key.split(".").reduce<unknown>((node, part) => (node as Record<string, unknown> | undefined)?.[part], tree);
    for (const lang of ["en", "fi"] as const) {
      const missing = [...keys].filter((k) => typeof lookup(resources[lang].common, k) !== "string");
      expect(missing, lang).toEqual([]);
    }
  });
});
