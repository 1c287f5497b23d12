// Ideas, pilots and plan rows for the action-plan tests, inserted directly: the pipeline and the
// pilot page are other capabilities, and these tests are about the plan.
import { eq } from "drizzle-orm";
import { getDb } from "#db/client.server";
import { actionPlanActions, actionPlans, agendaItems, ideaStageChanges, ideas, pilotActions, pilotIndicators, type IdeaStage } from "#db/schema";

export function makeIdea(cityId: number, title: string, stage: IdeaStage = "in_action_plan", description = `${title}: **kuvaus**`) {
  return getDb().insert(ideas).values({ cityId, title, description, theme: "city_branding", kind: "retention_event", stage }).returning().get();
}

export function makePilot(
  ideaId: number,
  cityId: number,
  pilot: Partial<typeof pilotActions.$inferInsert> = {},
  indicators: [string, string | null, string | null][] = [],
) {
  const row = getDb().insert(pilotActions).values({ ideaId, cityId, ...pilot }).returning().get();
  indicators.forEach(([name, target, result], position) => getDb().insert(pilotIndicators).values({ pilotId: row.id, cityId, position, name, target, result }).run());
  return row;
}

/** An agenda item of a meeting that discussed the idea, and a move decided there. */
export function linkToMeeting(ideaId: number, cityId: number, meetingId: number, itemTitle: string, move?: [IdeaStage, IdeaStage]) {
  getDb().insert(agendaItems).values({ meetingId, cityId, position: 99, title: itemTitle, durationMinutes: 15, kind: "discussion", ideaId }).run();
  if (move) getDb().insert(ideaStageChanges).values({ ideaId, cityId, fromStage: move[0], toStage: move[1], meetingId, at: new Date() }).run();
}

export function makePlan(cityId: number, values: Partial<typeof actionPlans.$inferInsert> = {}) {
  return getDb().insert(actionPlans).values({ cityId, title: "Suunnitelma", vision: "Visio", objectives: "1. Tavoite", ...values }).returning().get();
}

export function makeAction(planId: number, cityId: number, position: number, values: Partial<typeof actionPlanActions.$inferInsert> = {}) {
  return getDb().insert(actionPlanActions).values({ planId, cityId, position, title: `Toimenpide ${position}`, ...values }).returning().get();
}

export function actionOrder(cityId: number): string[] {
  return getDb()
    .select({ title: actionPlanActions.title, position: actionPlanActions.position, id: actionPlanActions.id })
    .from(actionPlanActions)
    .where(eq(actionPlanActions.cityId, cityId))
    .all()
    .sort((a, b) => a.position - b.position || a.id - b.id)
    .map((a) => a.title);
}
