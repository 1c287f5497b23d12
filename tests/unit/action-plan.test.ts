import { spyOnStatements } from "./sql-count";
import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { getConnection, getDb } from "#db/client.server";
import { actionPlanActions, actionPlans } from "#db/schema";
import { action as editAction, loader as editLoader } from "~/routes/action-plan_.actions.$actionId";
import { loader as pdfLoader } from "~/routes/action-plan[.pdf]";
import { loader as docxLoader } from "~/routes/action-plan[.docx]";
import { action as planAction, loader as planLoader } from "~/routes/action-plan";
import { parseEuros } from "~/utils/money";
import { actionOrder, linkToMeeting, makeAction, makeIdea, makePilot, makePlan } from "./action-plan-fixtures";
import { context, cookieFor, makeCity, makeUser, request, settle } from "./factories";
import { heldMeeting } from "./minutes-fixtures";

let iisalmi: number, saldus: number;
let project: string, projectEn: string, ulg: string, member: string, admin: string, saldusProject: string;
let planId: number;
let saldusAction: number;

beforeAll(async () => {
  iisalmi = makeCity({ name: "Iisalmi", slug: "iisalmi", language: "fi" }).id;
  saldus = makeCity({ name: "Saldus", slug: "saldus", country: "LV", language: "lv", timeZone: "Europe/Riga" }).id;
  project = await cookieFor((await makeUser("project_coordinator", iisalmi, { language: "fi" })).id);
  projectEn = await cookieFor((await makeUser("project_coordinator", iisalmi, { language: "en" })).id);
  ulg = await cookieFor((await makeUser("ulg_coordinator", iisalmi)).id);
  member = await cookieFor((await makeUser("member", iisalmi)).id);
  admin = await cookieFor((await makeUser("admin", null, { language: "en" })).id);
  saldusProject = await cookieFor((await makeUser("project_coordinator", saldus)).id);
  planId = makePlan(iisalmi, { title: "Iisalmen suunnitelma", vision: "Alkuperäinen visio" }).id;
  makeAction(planId, iisalmi, 0, { title: "A" });
  makeAction(planId, iisalmi, 1, { title: "B" });
  makeAction(planId, iisalmi, 2, { title: "C" });
  const saldusPlan = makePlan(saldus, { title: "Saldus plāns" });
  saldusAction = makeAction(saldusPlan.id, saldus, 0, { title: "Saldus darbība" }).id;
});

type PageData = {
  city: { id: number; name: string } | null;
  cities: { id: number; name: string }[] | null;
  plan: { title: string | null; vision: string | null; revision: number } | null;
  actions: { id: number; title: string; costCents: number | null }[];
  candidates: { id: number; title: string; hasPilot: boolean }[] | null;
  canWrite: boolean;
};

const page = async (cookie: string, query = "") =>
  (await settle(() => planLoader({ request: request(`/action-plan${query}`, { cookie }), context: context(), params: {} }))) as PageData | Response;
const post = (cookie: string, form: Record<string, string>) =>
  settle(() => planAction({ request: request("/action-plan", { cookie, form }), context: context(), params: {} })) as Promise<Response>;
const editGet = (cookie: string, id: number) =>
  settle(() => editLoader({ request: request(`/action-plan/actions/${id}`, { cookie }), context: context(), params: { actionId: String(id) } }));
const editPost = (cookie: string, id: number, form: Record<string, string>) =>
  settle(() => editAction({ request: request(`/action-plan/actions/${id}`, { cookie, form }), context: context(), params: { actionId: String(id) } })) as Promise<Response>;

/** The body of a `data()` reply (single fetch wraps it in an object with `data` and `init`). */
function replyOf(res: unknown): { status: number; body: Record<string, unknown> } {
  const r = res as { data: Record<string, unknown>; init: { status?: number } | null };
  return { status: r.init?.status ?? 200, body: r.data };
}

const statusOf = (res: unknown) => (res instanceof Response ? res.status : replyOf(res).status);
const ids = () => getDb().select({ id: actionPlanActions.id, title: actionPlanActions.title }).from(actionPlanActions).where(eq(actionPlanActions.cityId, iisalmi)).all();
const idOf = (title: string) => ids().find((a) => a.title === title)!.id;

const fullAction = (overrides: Record<string, string> = {}) => ({
  title: "Tervetuloilta",
  description: "Kuvaus",
  timing: "2026 Q1 – 2030 Q4",
  lead: "Kaupunki",
  partners: "Yhdistykset",
  cost: "1 200,50",
  fundingSource: "Talousarvio",
  fundingStatus: "applied",
  implementationStatus: "in_progress",
  indicators: "Osallistujia 100",
  risks: "Tilat",
  ...overrides,
});

describe("who reads and who writes", () => {
  it("lets every city member read the plan, and only the project coordinator write", async () => {
    const asMember = (await page(member)) as PageData;
    expect(asMember.city?.name).toBe("Iisalmi");
    expect(asMember.plan?.title).toBe("Iisalmen suunnitelma");
    expect(asMember.actions.map((a) => a.title)).toEqual(["A", "B", "C"]);
    expect(asMember.canWrite).toBe(false);
    expect(asMember.candidates).toBeNull();
    expect(((await page(ulg)) as PageData).canWrite).toBe(false);
    expect(((await page(project)) as PageData).canWrite).toBe(true);
  });

  it("answers 403 to a POST by a member, a ULG coordinator or an admin, and changes nothing", async () => {
    const before = getDb().select().from(actionPlans).where(eq(actionPlans.id, planId)).get()!;
    for (const cookie of [member, ulg, admin]) {
      expect((await post(cookie, { intent: "savePlan", revision: String(before.revision), vision: "Kaapattu" })).status).toBe(403);
      expect((await post(cookie, { intent: "moveDown", actionId: String(idOf("A")) })).status).toBe(403);
      expect(statusOf(await editPost(cookie, idOf("A"), fullAction()))).toBe(403);
    }
    expect(getDb().select().from(actionPlans).where(eq(actionPlans.id, planId)).get()!.vision).toBe(before.vision);
    expect(actionOrder(iisalmi)).toEqual(["A", "B", "C"]);
  });

  it("answers 404 for another city's plan or action, and lets an admin choose any city", async () => {
    expect(statusOf(await page(member, `?city=${saldus}`))).toBe(404);
    expect(statusOf(await editGet(project, saldusAction))).toBe(404);
    expect(statusOf(await editPost(project, saldusAction, fullAction()))).toBe(404);
    expect(statusOf(await post(project, { intent: "remove", actionId: String(saldusAction) }))).toBe(404);
    expect(statusOf(await post(project, { intent: "remove", confirm: "1", actionId: String(saldusAction) }))).toBe(404);
    expect(statusOf(await editGet(member, idOf("A")))).toBe(403);
    expect(statusOf(await editGet(saldusProject, idOf("A")))).toBe(404);

    const chooser = (await page(admin)) as PageData;
    expect(chooser.city).toBeNull();
    expect(chooser.cities?.map((c) => c.name)).toEqual(expect.arrayContaining(["Iisalmi", "Saldus"]));
    const saldusPlan = (await page(admin, `?city=${saldus}`)) as PageData;
    expect(saldusPlan.actions.map((a) => a.title)).toEqual(["Saldus darbība"]);
    expect(saldusPlan.canWrite).toBe(false);
    expect(statusOf(await page(admin, "?city=999999"))).toBe(404);
    const noCity = (await settle(() => pdfLoader({ request: request("/action-plan.pdf", { cookie: admin }), context: context(), params: {} }))) as Response;
    expect(noCity.status).toBe(400);
  });
});

describe("vision and objectives", () => {
  it("saves with the current revision and refuses a stale one with 409, showing both versions and writing nothing", async () => {
    const { revision } = ((await page(project)) as PageData).plan!;
    const saved = await post(project, { intent: "savePlan", revision: String(revision), title: "Iisalmen suunnitelma", vision: "Uusi **visio** <script>x</script>", objectives: "1. Yksi" });
    expect(saved.status).toBe(302);
    const after = ((await page(project)) as PageData).plan!;
    expect(after.revision).toBe(revision + 1);
    expect(after.vision).toBe("Uusi **visio** <script>x</script>");

    const stale = replyOf(await post(project, { intent: "savePlan", revision: String(revision), title: "Vanha", vision: "Vanhentunut visio", objectives: "" }));
    expect(stale.status).toBe(409);
    const conflict = stale.body.conflict as { mine: { vision: string }; theirs: { vision: string; revision: number } };
    expect(conflict.mine.vision).toBe("Vanhentunut visio");
    expect(conflict.theirs.vision).toBe("Uusi **visio** <script>x</script>");
    expect(conflict.theirs.revision).toBe(revision + 1);
    expect(((await page(project)) as PageData).plan!.vision).toBe("Uusi **visio** <script>x</script>");
  });

  it("refuses 100 kB of vision with a field message and 400", async () => {
    const { revision, vision } = ((await page(project)) as PageData).plan!;
    const res = replyOf(await post(project, { intent: "savePlan", revision: String(revision), vision: "x".repeat(100_000) }));
    expect(res.status).toBe(400);
    const lastResult = res.body.lastResult as { error: Record<string, string[]> };
    expect(lastResult.error.vision?.[0]).toMatch(/^actionPlan\.tooLong/);
    expect(((await page(project)) as PageData).plan).toMatchObject({ revision, vision });
  });
});

describe("actions", () => {
  it("reorders with up and down (first up and last down change nothing)", async () => {
    expect((await post(project, { intent: "moveDown", actionId: String(idOf("A")) })).status).toBe(302);
    expect(actionOrder(iisalmi)).toEqual(["B", "A", "C"]);
    await post(project, { intent: "moveUp", actionId: String(idOf("C")) });
    expect(actionOrder(iisalmi)).toEqual(["B", "C", "A"]);
    await post(project, { intent: "moveUp", actionId: String(idOf("B")) });
    await post(project, { intent: "moveDown", actionId: String(idOf("A")) });
    expect(actionOrder(iisalmi)).toEqual(["B", "C", "A"]);
    const data = (await page(member)) as PageData;
    expect(data.actions.map((a) => a.title)).toEqual(["B", "C", "A"]);
  });

  it("turns an idea in the plan stage into an action prefilled from the idea and its pilot, once", async () => {
    const idea = makeIdea(iisalmi, "Kesätyöseteli");
    makePilot(idea.id, iisalmi, { responsible: "Nuorisopalvelut", partners: "Yrittäjät", budgetCents: 250_000, objective: "Kokeillaan" }, [["Nuoria", "60", "48"], ["Yrityksiä", null, "12"]]);
    const notYet = makeIdea(iisalmi, "Vielä pilotissa", "piloting");
    const other = makeIdea(saldus, "Saldus ideja");
    const candidates = ((await page(project)) as PageData).candidates!;
    expect(candidates.map((c) => c.title)).toEqual(["Kesätyöseteli"]);
    expect(candidates[0].hasPilot).toBe(true);

    const res = await post(project, { intent: "addAction", ideaId: String(idea.id) });
    expect(res.status).toBe(302);
    const created = getDb().select().from(actionPlanActions).where(eq(actionPlanActions.ideaId, idea.id)).get()!;
    expect(res.headers.get("Location")).toBe(`/action-plan/actions/${created.id}?added=1`);
    expect(created).toMatchObject({
      title: "Kesätyöseteli",
      description: "Kesätyöseteli: **kuvaus**",
      lead: "Nuorisopalvelut",
      partners: "Yrittäjät",
      costCents: 250_000,
      indicators: "Nuoria: 60\nYrityksiä",
      implementationStatus: "planned",
      position: 3,
    });
    expect(actionOrder(iisalmi).at(-1)).toBe("Kesätyöseteli");
    expect(((await page(project)) as PageData).candidates).toEqual([]);

    for (const ideaId of [idea.id, notYet.id, other.id]) {
      const refused = replyOf(await post(project, { intent: "addAction", ideaId: String(ideaId) }));
      expect(refused.status).toBe(400);
    }
    expect(getDb().select().from(actionPlanActions).where(eq(actionPlanActions.cityId, saldus)).all()).toHaveLength(1);

    // Remove asks first, and removes nothing until confirmed.
    const ask = await post(project, { intent: "remove", actionId: String(created.id) });
    expect(ask.headers.get("Location")).toBe(`/action-plan?remove=${created.id}#action-${created.id}`);
    expect(getDb().select().from(actionPlanActions).where(eq(actionPlanActions.id, created.id)).get()).toBeDefined();
    // Removed, the idea waits among the candidates again.
    expect((await post(project, { intent: "remove", confirm: "1", actionId: String(created.id) })).status).toBe(302);
    expect(getDb().select().from(actionPlanActions).where(eq(actionPlanActions.id, created.id)).get()).toBeUndefined();
    expect(((await page(project)) as PageData).candidates!.map((c) => c.id)).toEqual([idea.id]);
  });

  it("creates the plan row when the first action comes before any text", async () => {
    const kalamata = makeCity({ name: "Kalamata", slug: "kalamata", language: "el" }).id;
    const pc = await cookieFor((await makeUser("project_coordinator", kalamata)).id);
    const idea = makeIdea(kalamata, "Καλωσόρισμα");
    expect(((await page(pc)) as PageData).plan).toBeNull();
    expect((await post(pc, { intent: "addAction", ideaId: String(idea.id) })).status).toBe(302);
    expect(((await page(pc)) as PageData).actions.map((a) => a.title)).toEqual(["Καλωσόρισμα"]);
  });
});

describe("one action's form", () => {
  it("saves every field, the cost read as the coordinator's language writes euros", async () => {
    const id = idOf("A");
    expect(statusOf(await editPost(project, id, fullAction()))).toBe(302);
    expect(getDb().select().from(actionPlanActions).where(eq(actionPlanActions.id, id)).get()).toMatchObject({
      title: "Tervetuloilta",
      timing: "2026 Q1 – 2030 Q4",
      costCents: 120_050,
      fundingStatus: "applied",
      implementationStatus: "in_progress",
      risks: "Tilat",
    });
    expect(statusOf(await editPost(projectEn, id, fullAction({ cost: "12,000.5" })))).toBe(302);
    expect(getDb().select().from(actionPlanActions).where(eq(actionPlanActions.id, id)).get()!.costCents).toBe(1_200_050);
    const shown = (await editGet(project, id)) as { action: { cost: string } };
    expect(shown.action.cost).toBe("12 000,50");
  });

  it("refuses a cost of abc or -5, an unknown status and 100 kB of text with field messages, saving nothing", async () => {
    // Renamed by the test above.
    const id = idOf("Tervetuloilta");
    const before = getDb().select().from(actionPlanActions).where(eq(actionPlanActions.id, id)).get();
    const cases: [Record<string, string>, string, RegExp][] = [
      [{ cost: "abc", title: "Muutettu" }, "cost", /^actionPlan\.cost\.invalid/],
      [{ cost: "-5", title: "Muutettu" }, "cost", /^actionPlan\.cost\.negative/],
      [{ cost: "1200,50", title: "Muutettu", implementationStatus: "maybe" }, "implementationStatus", /^validation\.invalid/],
      [{ title: "" }, "title", /^validation\.required/],
      [{ title: "Muutettu", risks: "r".repeat(100_000) }, "risks", /^actionPlan\.tooLong/],
    ];
    for (const [overrides, field, message] of cases) {
      const res = replyOf(await editPost(projectEn, id, fullAction(overrides)));
      expect(res.status, field).toBe(400);
      expect((res.body.error as Record<string, string[]>)[field]?.[0], field).toMatch(message);
      // The form keeps what was typed.
      expect((res.body.initialValue as Record<string, string>).title ?? "").toBe(overrides.title ?? "Tervetuloilta");
    }
    expect(getDb().select().from(actionPlanActions).where(eq(actionPlanActions.id, id)).get()).toEqual(before);
  });

  it("reads euros as each language writes them", () => {
    expect(parseEuros("1 200,50", "fi")).toEqual({ ok: true, cents: 120_050 });
    expect(parseEuros("1200.5", "fi")).toEqual({ ok: true, cents: 120_050 });
    expect(parseEuros("1,200.50", "en")).toEqual({ ok: true, cents: 120_050 });
    expect(parseEuros("€ 90", "en")).toEqual({ ok: true, cents: 9_000 });
    expect(parseEuros("", "en")).toEqual({ ok: true, cents: null });
    expect(parseEuros("1200,50", "en")).toEqual({ ok: false, error: "invalid" });
    expect(parseEuros("abc", "fi")).toEqual({ ok: false, error: "invalid" });
    expect(parseEuros("−5", "fi")).toEqual({ ok: false, error: "negative" });
    expect(parseEuros("99999999999", "fi")).toEqual({ ok: false, error: "tooLarge" });
  });
});

describe("SQL statements", () => {
  it("runs the same number for the page and the documents whatever the number of actions", async () => {
    const build = async (actions: number) => {
      const city = makeCity({ name: `Kaupunki ${actions}` }).id;
      const cookie = await cookieFor((await makeUser("project_coordinator", city)).id);
      const plan = makePlan(city);
      const m = heldMeeting(city, { day: "2025-03-01" });
      for (let i = 0; i < actions; i++) {
        const idea = makeIdea(city, `Idea ${i}`);
        makePilot(idea.id, city, { objective: `Tavoite ${i}` }, [["Mittari", "10", "8"], ["Toinen", "5", "5"]]);
        linkToMeeting(idea.id, city, m.meetingId, `Kohta ${i}`, ["evaluated", "in_action_plan"]);
        makeAction(plan.id, city, i, { ideaId: idea.id, title: `Toimenpide ${i}` });
      }
      makeIdea(city, "Odottava");
      return cookie;
    };
    const small = await build(2);
    const large = await build(9);
    const count = async (run: () => Promise<unknown>) => {
      const spy = spyOnStatements();
      const res = await run();
      const n = spy.count();
      spy.restore();
      expect(statusOf(res)).toBe(200);
      return n;
    };
    const runs = {
      page: (cookie: string) => () => settle(() => planLoader({ request: request("/action-plan", { cookie }), context: context(), params: {} })),
      pdf: (cookie: string) => () => settle(() => pdfLoader({ request: request("/action-plan.pdf", { cookie }), context: context(), params: {} })),
      docx: (cookie: string) => () => settle(() => docxLoader({ request: request("/action-plan.docx", { cookie }), context: context(), params: {} })),
    };
    for (const [name, run] of Object.entries(runs)) {
      const a = await count(run(small));
      const b = await count(run(large));
      expect(a, name).toBeGreaterThan(2);
      expect(b, name).toBe(a);
    }
  });
});
