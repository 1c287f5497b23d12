import { and, asc, eq, inArray } from "drizzle-orm";
import { getDb } from "#db/client.server";
import { cities, ideas, pilotActions, pilotIndicators, type IdeaStage } from "#db/schema";
import { hasPermission } from "~/auth/permissions";
import type { SessionUser } from "~/auth/session.server";
import type { PilotInput } from "~/utils/pilot-validation";
import { recordAudit } from "./audit.server";
import { inScope, type Scope } from "./scope.server";

type Actor = { id: number; ipAddress?: string };

/** The stages at which an idea has a pilot action that can be kept: piloting and what follows it. */
export const PILOT_STAGES: readonly IdeaStage[] = ["piloting", "evaluated", "in_action_plan"];

export function isPilotStage(stage: IdeaStage): boolean {
  return PILOT_STAGES.includes(stage);
}

/**
 * The idea and its pilot action (null when none has been written yet), if the idea is in the
 * reader's scope: their own city, or every city for admins. Partner cities never see pilots,
 * shared ideas included (sharing covers the idea, not the city's pilot records). Two statements.
 */
export function getPilotPage(scope: Scope, ideaId: number) {
  const db = getDb();
  const row = db
    .select({
      ideaId: ideas.id,
      cityId: ideas.cityId,
      title: ideas.title,
      stage: ideas.stage,
      timeZone: cities.timeZone,
      pilot: {
        id: pilotActions.id,
        objective: pilotActions.objective,
        targetGroup: pilotActions.targetGroup,
        startsOn: pilotActions.startsOn,
        endsOn: pilotActions.endsOn,
        budgetCents: pilotActions.budgetCents,
        responsible: pilotActions.responsible,
        partners: pilotActions.partners,
        results: pilotActions.results,
        lessonsLearned: pilotActions.lessonsLearned,
        decision: pilotActions.decision,
        updatedAt: pilotActions.updatedAt,
      },
    })
    .from(ideas)
    .innerJoin(cities, eq(cities.id, ideas.cityId))
    .leftJoin(pilotActions, eq(pilotActions.ideaId, ideas.id))
    .where(and(eq(ideas.id, ideaId), inScope(ideas.cityId, scope)))
    .get();
  if (!row) return null;
  const pilot = row.pilot?.id != null ? row.pilot : null;
  const indicators = pilot
    ? db
        .select({ name: pilotIndicators.name, target: pilotIndicators.target, result: pilotIndicators.result })
        .from(pilotIndicators)
        .where(eq(pilotIndicators.pilotId, pilot.id))
        .orderBy(asc(pilotIndicators.position), asc(pilotIndicators.id))
        .all()
    : [];
  return { idea: { id: row.ideaId, cityId: row.cityId, title: row.title, stage: row.stage, timeZone: row.timeZone }, pilot, indicators };
}

export type PilotPage = NonNullable<ReturnType<typeof getPilotPage>>;

/** Whether the user keeps this idea's pilot: a coordinator of the idea's own city. Admins only read. */
export function canKeepPilot(user: Pick<SessionUser, "role" | "cityId">, idea: { cityId: number }): boolean {
  return user.cityId != null && user.cityId === idea.cityId && hasPermission(user, "moderate:idea:city");
}

/**
 * Writes the pilot action of an idea (creating it on the first save) and replaces its indicators,
 * in one transaction with the audit entry. Refused (false, nothing written) when the idea has left
 * the pilot stages since the form was loaded.
 */
export function savePilot(idea: { id: number; cityId: number }, input: PilotInput, actor: Actor): boolean {
  return getDb().transaction((tx) => {
    // Re-read inside the transaction: a move back to "shortlisted" in between must win.
    const current = tx
      .select({ id: ideas.id })
      .from(ideas)
      .where(and(eq(ideas.id, idea.id), eq(ideas.cityId, idea.cityId), inArray(ideas.stage, [...PILOT_STAGES])))
      .get();
    if (!current) return false;
    const now = new Date();
    const values = {
      objective: input.objective,
      targetGroup: input.targetGroup,
      startsOn: input.startsOn,
      endsOn: input.endsOn,
      budgetCents: input.budgetCents,
      responsible: input.responsible,
      partners: input.partners,
      results: input.results,
      lessonsLearned: input.lessonsLearned,
      decision: input.decision,
      updatedAt: now,
    };
    const pilot = tx
      .insert(pilotActions)
      .values({ ...values, ideaId: idea.id, cityId: idea.cityId })
      .onConflictDoUpdate({ target: pilotActions.ideaId, set: values })
      .returning({ id: pilotActions.id })
      .get();
    // The form always sends the whole list, so replacing it keeps the order the coordinator sees.
    tx.delete(pilotIndicators).where(eq(pilotIndicators.pilotId, pilot.id)).run();
    if (input.indicators.length > 0) {
      tx.insert(pilotIndicators)
        .values(input.indicators.map((row, position) => ({ pilotId: pilot.id, cityId: idea.cityId, position, name: row.name, target: row.target, result: row.result })))
        .run();
    }
    recordAudit({
      action: "pilot.save",
      actorUserId: actor.id,
      cityId: idea.cityId,
      entityType: "idea",
      entityId: idea.id,
      detail: { pilotId: pilot.id, indicators: input.indicators.length, decision: input.decision },
      ipAddress: actor.ipAddress,
    });
    return true;
  });
}
