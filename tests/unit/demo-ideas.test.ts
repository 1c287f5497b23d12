import { eq, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "#db/client.server";
import { IDEA_KINDS, IDEA_STAGES, IDEA_THEMES } from "#db/enums";
import { actionPlanActions, actionPlans, agendaItems, cities, ideaStageChanges, ideas, pilotActions, pilotIndicators } from "#db/schema";
import { seedDemo } from "#db/seed/demo";

const cityId = (slug: string) => getDb().select().from(cities).where(eq(cities.slug, slug)).get()!.id;
// eslint-disable-next-line @typescript-eslint/no-explicit-any
const rows = (table: any) => getDb().select({ n: sql<number>`count(*)` }).from(table).get()!.n as number;
const counts = () => ({
  ideas: rows(ideas),
  history: rows(ideaStageChanges),
  pilots: rows(pilotActions),
  actions: rows(actionPlanActions),
  linked: getDb().select({ n: sql<number>`count(*)` }).from(agendaItems).where(sql`${agendaItems.ideaId} is not null`).get()!.n,
});

beforeAll(async () => {
  // A cheap stand-in for argon2: the demo's ideas do not depend on the password hash.
  await seedDemo(getDb(), async (p) => `plain:${p}`);
});

describe("the demo ideas", () => {
  it("give Iisalmi about 20 ideas in every stage, theme and kind, in Finnish", () => {
    const rows = getDb().select().from(ideas).where(eq(ideas.cityId, cityId("iisalmi"))).all();
    expect(rows.length).toBe(20);
    expect(new Set(rows.map((r) => r.stage))).toEqual(new Set(IDEA_STAGES));
    expect(new Set(rows.map((r) => r.theme))).toEqual(new Set(IDEA_THEMES));
    expect(new Set(rows.map((r) => r.kind))).toEqual(new Set(IDEA_KINDS));
    expect(rows.map((r) => r.title)).toContain("Paluumuuttajien kesätapaaminen");
    expect(rows.map((r) => r.title)).toContain("Kesätyöseteli nuorille");
    expect(rows.filter((r) => r.stage === "in_action_plan").length).toBeGreaterThanOrEqual(4);
  });

  it("keep the support and comment counters in step with the rows", () => {
    const wrong = getDb().all(sql`select id from ideas i where support_count != (select count(*) from idea_supports s where s.idea_id = i.id)
      or comment_count != (select count(*) from idea_comments c where c.idea_id = i.id and c.hidden_at is null)`);
    expect(wrong).toEqual([]);
    expect(getDb().select({ n: sql<number>`sum(support_count)` }).from(ideas).get()!.n).toBeGreaterThan(20);
  });

  it("record each idea's history ending at its stage, with the deciding meetings of the city", () => {
    const rows = getDb().all<{ id: number; stage: string; last: string; wrongMeeting: number }>(sql`
      select i.id, i.stage,
        (select to_stage from idea_stage_changes h where h.idea_id = i.id order by at desc, id desc limit 1) as last,
        (select count(*) from idea_stage_changes h join meetings m on m.id = h.meeting_id where h.idea_id = i.id and m.city_id != i.city_id) as wrongMeeting
      from ideas i`);
    for (const r of rows) {
      expect(r.last, `idea ${r.id}`).toBe(r.stage);
      expect(r.wrongMeeting).toBe(0);
    }
    const decided = getDb().select({ n: sql<number>`count(*)` }).from(ideaStageChanges).where(sql`${ideaStageChanges.meetingId} is not null`).get()!.n;
    expect(decided).toBeGreaterThan(30);
  });

  it("hold three pilots with indicators and an action plan draft with four actions from ideas in the plan", () => {
    expect(rows(pilotActions)).toBe(3);
    const indicators = getDb().select().from(pilotIndicators).all();
    expect(indicators.length).toBeGreaterThanOrEqual(6);
    expect(indicators.every((i) => i.target)).toBe(true);
    const plan = getDb().select().from(actionPlans).where(eq(actionPlans.cityId, cityId("iisalmi"))).get()!;
    expect(plan.vision).toBeTruthy();
    expect(plan.objectives).toBeTruthy();
    const actions = getDb().select({ position: actionPlanActions.position, stage: ideas.stage, piloted: pilotActions.id }).from(actionPlanActions)
      .innerJoin(ideas, eq(ideas.id, actionPlanActions.ideaId)).leftJoin(pilotActions, eq(pilotActions.ideaId, ideas.id)).all();
    expect(actions.map((a) => a.position).sort()).toEqual([0, 1, 2, 3]);
    expect(actions.every((a) => a.stage === "in_action_plan")).toBe(true);
    expect(actions.filter((a) => a.piloted != null).length).toBeGreaterThanOrEqual(2);
  });

  it("share some Mantova ideas with the network and keep others private", () => {
    const rows = getDb().select().from(ideas).where(eq(ideas.cityId, cityId("mantova"))).all();
    expect(rows.some((r) => r.sharedWithNetwork)).toBe(true);
    expect(rows.some((r) => !r.sharedWithNetwork)).toBe(true);
    expect(rows.every((r) => !/[äö]/.test(r.title))).toBe(true);
  });

  it("adds nothing when run again", async () => {
    const before = counts();
    await seedDemo(getDb(), async (p) => `plain:${p}`);
    expect(counts()).toEqual(before);
    expect(before.linked).toBeGreaterThanOrEqual(10);
  });
});
