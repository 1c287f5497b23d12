import { and, asc, desc, eq, inArray, isNotNull, isNull, max, or, sql } from "drizzle-orm";
import { getDb } from "#db/client.server";
import {
  actionPlanActions,
  actionPlans,
  agendaItems,
  cities,
  ideaStageChanges,
  ideas,
  meetings,
  pilotActions,
  pilotIndicators,
  type FundingStatus,
  type IdeaStage,
  type ImplementationStatus,
  type MeetingKind,
  type PilotDecision,
} from "#db/schema";
import { recordAudit } from "./audit.server";

/**
 * A city's Integrated Action Plan: the vision and objectives (one row per city, written when first
 * saved) and its ordered actions, each grown from an idea that reached the stage in_action_plan.
 * Every function takes the city id the caller has already checked; nothing here reads a request.
 */

export type Actor = { id: number; ipAddress?: string };

export type ActionFields = {
  title: string;
  description: string | null;
  timing: string | null;
  lead: string | null;
  partners: string | null;
  costCents: number | null;
  fundingSource: string | null;
  fundingStatus: FundingStatus | null;
  implementationStatus: ImplementationStatus;
  indicators: string | null;
  risks: string | null;
};

export type PlanText = { title: string | null; vision: string | null; objectives: string | null };

const actionColumns = {
  id: actionPlanActions.id,
  ideaId: actionPlanActions.ideaId,
  position: actionPlanActions.position,
  title: actionPlanActions.title,
  description: actionPlanActions.description,
  timing: actionPlanActions.timing,
  lead: actionPlanActions.lead,
  partners: actionPlanActions.partners,
  costCents: actionPlanActions.costCents,
  fundingSource: actionPlanActions.fundingSource,
  fundingStatus: actionPlanActions.fundingStatus,
  implementationStatus: actionPlanActions.implementationStatus,
  indicators: actionPlanActions.indicators,
  risks: actionPlanActions.risks,
  updatedAt: actionPlanActions.updatedAt,
};

export function getPlan(cityId: number) {
  return getDb().select().from(actionPlans).where(eq(actionPlans.cityId, cityId)).get() ?? null;
}

/** The plan's actions in the coordinator's order, each with the title of the idea it came from. */
export function listActions(cityId: number) {
  return getDb()
    .select({ ...actionColumns, ideaTitle: ideas.title })
    .from(actionPlanActions)
    .leftJoin(ideas, eq(ideas.id, actionPlanActions.ideaId))
    .where(eq(actionPlanActions.cityId, cityId))
    .orderBy(asc(actionPlanActions.position), asc(actionPlanActions.id))
    .all();
}

/** Ideas of the city that reached the plan but have no action yet (one statement, with their pilots). */
export function listCandidateIdeas(cityId: number) {
  return getDb()
    .select({ id: ideas.id, title: ideas.title, theme: ideas.theme, hasPilot: sql<number>`${pilotActions.id} is not null` })
    .from(ideas)
    .leftJoin(actionPlanActions, eq(actionPlanActions.ideaId, ideas.id))
    .leftJoin(pilotActions, eq(pilotActions.ideaId, ideas.id))
    .where(and(eq(ideas.cityId, cityId), eq(ideas.stage, "in_action_plan"), isNull(actionPlanActions.id)))
    .orderBy(desc(ideas.updatedAt), desc(ideas.id))
    .limit(100)
    .all()
    .map((r) => ({ ...r, hasPilot: Boolean(r.hasPilot) }));
}

export function getAction(cityId: number, actionId: number) {
  return (
    getDb()
      .select({ ...actionColumns, ideaTitle: ideas.title })
      .from(actionPlanActions)
      .leftJoin(ideas, eq(ideas.id, actionPlanActions.ideaId))
      .where(and(eq(actionPlanActions.id, actionId), eq(actionPlanActions.cityId, cityId)))
      .get() ?? null
  );
}

export type SavePlanResult = { ok: true; revision: number } | { ok: false; current: PlanText & { revision: number; updatedAt: Date | null } };

/**
 * Saves the title, vision and objectives if `revision` is still the current one (0 = no plan yet);
 * otherwise nothing is written and the stored text comes back for the conflict page.
 */
export function savePlanText(cityId: number, actor: Actor, text: PlanText, revision: number): SavePlanResult {
  const result = getDb().transaction((tx): SavePlanResult => {
    const plan = tx.select().from(actionPlans).where(eq(actionPlans.cityId, cityId)).get();
    const current = plan?.revision ?? 0;
    if (current !== revision) {
      return { ok: false, current: { title: plan?.title ?? null, vision: plan?.vision ?? null, objectives: plan?.objectives ?? null, revision: current, updatedAt: plan?.updatedAt ?? null } };
    }
    const now = new Date();
    if (!plan) {
      tx.insert(actionPlans).values({ cityId, ...text, revision: 1, updatedAt: now, updatedByUserId: actor.id, createdAt: now }).run();
      return { ok: true, revision: 1 };
    }
    // The revision in the WHERE clause keeps the check and the write one step, even across connections.
    const changed = tx
      .update(actionPlans)
      .set({ ...text, revision: plan.revision + 1, updatedAt: now, updatedByUserId: actor.id, finalisedAt: null })
      .where(and(eq(actionPlans.id, plan.id), eq(actionPlans.revision, plan.revision)))
      .run().changes;
    if (changed !== 1) throw new Error("action plan changed during its own transaction");
    return { ok: true, revision: plan.revision + 1 };
  });
  if (result.ok) recordAudit({ action: "action-plan.update", actorUserId: actor.id, cityId, entityType: "action_plan", entityId: cityId, detail: { revision: result.revision }, ipAddress: actor.ipAddress });
  return result;
}

type Tx = Parameters<Parameters<ReturnType<typeof getDb>["transaction"]>[0]>[0];

/** The city's plan row, created empty when the first action arrives before any text was written. */
function ensurePlan(tx: Tx, cityId: number, actor: Actor): number {
  const plan = tx.select({ id: actionPlans.id }).from(actionPlans).where(eq(actionPlans.cityId, cityId)).get();
  if (plan) {
    tx.update(actionPlans).set({ finalisedAt: null }).where(eq(actionPlans.id, plan.id)).run();
    return plan.id;
  }
  const now = new Date();
  return tx.insert(actionPlans).values({ cityId, revision: 1, updatedAt: now, updatedByUserId: actor.id, createdAt: now }).returning({ id: actionPlans.id }).get().id;
}

/** What a new action starts with: the idea's title and description, and what its pilot learned. */
export function actionPrefill(
  idea: { title: string; description: string },
  pilot: { responsible: string | null; partners: string | null; budgetCents: number | null } | null,
  indicators: { name: string; target: string | null }[],
): ActionFields {
  return {
    title: idea.title,
    description: idea.description,
    timing: null,
    lead: pilot?.responsible ?? null,
    partners: pilot?.partners ?? null,
    costCents: pilot?.budgetCents ?? null,
    fundingSource: null,
    fundingStatus: null,
    implementationStatus: "planned",
    indicators: indicators.length ? indicators.map((i) => (i.target ? `${i.name}: ${i.target}` : i.name)).join("\n") : null,
    risks: null,
  };
}

export type AddActionResult = { ok: true; actionId: number } | { ok: false; reason: "notAvailable" };

/**
 * Turns an idea of the city that reached the plan into the plan's last action, prefilled from the
 * idea and its pilot. Refused when the idea is another city's, not in the plan stage, or already an action.
 */
export function addActionFromIdea(cityId: number, actor: Actor, ideaId: number): AddActionResult {
  const result = getDb().transaction((tx): AddActionResult => {
    const row = tx
      .select({ title: ideas.title, description: ideas.description, stage: ideas.stage, actionId: actionPlanActions.id, pilotId: pilotActions.id, responsible: pilotActions.responsible, partners: pilotActions.partners, budgetCents: pilotActions.budgetCents })
      .from(ideas)
      .leftJoin(actionPlanActions, eq(actionPlanActions.ideaId, ideas.id))
      .leftJoin(pilotActions, eq(pilotActions.ideaId, ideas.id))
      .where(and(eq(ideas.id, ideaId), eq(ideas.cityId, cityId)))
      .get();
    if (!row || row.stage !== "in_action_plan" || row.actionId != null) return { ok: false, reason: "notAvailable" };
    const indicators =
      row.pilotId == null
        ? []
        : tx.select({ name: pilotIndicators.name, target: pilotIndicators.target }).from(pilotIndicators).where(eq(pilotIndicators.pilotId, row.pilotId)).orderBy(asc(pilotIndicators.position)).all();
    const planId = ensurePlan(tx, cityId, actor);
    const { last } = tx.select({ last: max(actionPlanActions.position) }).from(actionPlanActions).where(eq(actionPlanActions.planId, planId)).get()!;
    const fields = actionPrefill(row, row.pilotId == null ? null : row, indicators);
    const action = tx
      .insert(actionPlanActions)
      .values({ ...fields, planId, cityId, ideaId, position: (last ?? -1) + 1, updatedAt: new Date() })
      .returning({ id: actionPlanActions.id })
      .get();
    return { ok: true, actionId: action.id };
  });
  if (result.ok) recordAudit({ action: "action-plan.action.add", actorUserId: actor.id, cityId, entityType: "action_plan_action", entityId: result.actionId, detail: { ideaId }, ipAddress: actor.ipAddress });
  return result;
}

/** Saves every field of one action of the city at once; false when there is no such action. */
export function updateAction(cityId: number, actor: Actor, actionId: number, fields: ActionFields): boolean {
  const changed = getDb().transaction((tx) => {
    const n = tx
      .update(actionPlanActions)
      .set({ ...fields, updatedAt: new Date() })
      .where(and(eq(actionPlanActions.id, actionId), eq(actionPlanActions.cityId, cityId)))
      .run().changes;
    if (n === 1) tx.update(actionPlans).set({ finalisedAt: null }).where(eq(actionPlans.cityId, cityId)).run();
    return n === 1;
  });
  if (changed) recordAudit({ action: "action-plan.action.update", actorUserId: actor.id, cityId, entityType: "action_plan_action", entityId: actionId, ipAddress: actor.ipAddress });
  return changed;
}

/** Swaps an action with its neighbour above or below; false when there is no such action of the city. */
export function moveAction(cityId: number, actor: Actor, actionId: number, direction: "up" | "down"): boolean {
  const moved = getDb().transaction((tx) => {
    const list = tx
      .select({ id: actionPlanActions.id, position: actionPlanActions.position })
      .from(actionPlanActions)
      .where(eq(actionPlanActions.cityId, cityId))
      .orderBy(asc(actionPlanActions.position), asc(actionPlanActions.id))
      .all();
    const i = list.findIndex((a) => a.id === actionId);
    if (i < 0) return false;
    const j = direction === "up" ? i - 1 : i + 1;
    // Already first or last: nothing to do, but the action exists.
    if (j < 0 || j >= list.length) return true;
    // Positions are renumbered from the list order, so equal positions (never written by the app) cannot stall a move.
    const order = list.map((a) => a.id);
    [order[i], order[j]] = [order[j], order[i]];
    const a = order[i];
    const b = order[j];
    tx.update(actionPlanActions)
      .set({ position: sql`case ${actionPlanActions.id} when ${a} then ${i} when ${b} then ${j} end` })
      .where(inArray(actionPlanActions.id, [a, b]))
      .run();
    tx.update(actionPlans).set({ finalisedAt: null }).where(eq(actionPlans.cityId, cityId)).run();
    return true;
  });
  if (moved) recordAudit({ action: "action-plan.action.move", actorUserId: actor.id, cityId, entityType: "action_plan_action", entityId: actionId, detail: { direction }, ipAddress: actor.ipAddress });
  return moved;
}

/** Removes an action; its idea stays in the plan stage and can become an action again. */
export function removeAction(cityId: number, actor: Actor, actionId: number): boolean {
  const removed = getDb().transaction((tx) => {
    const n = tx.delete(actionPlanActions).where(and(eq(actionPlanActions.id, actionId), eq(actionPlanActions.cityId, cityId))).run().changes;
    if (n === 1) tx.update(actionPlans).set({ finalisedAt: null }).where(eq(actionPlans.cityId, cityId)).run();
    return n === 1;
  });
  if (removed) recordAudit({ action: "action-plan.action.remove", actorUserId: actor.id, cityId, entityType: "action_plan_action", entityId: actionId, ipAddress: actor.ipAddress });
  return removed;
}

/** Declares the plan final (its documents lose the DRAFT mark) or a draft again. False without a plan. */
export function setPlanFinal(cityId: number, actor: Actor, final: boolean): boolean {
  const n = getDb()
    .update(actionPlans)
    .set({ finalisedAt: final ? new Date() : null })
    .where(eq(actionPlans.cityId, cityId))
    .run().changes;
  if (n === 1) recordAudit({ action: final ? "action-plan.finalise" : "action-plan.reopen", actorUserId: actor.id, cityId, entityType: "action_plan", entityId: cityId, ipAddress: actor.ipAddress });
  return n === 1;
}

// ---- The document ----

export type PlanDocumentAction = ReturnType<typeof listActions>[number] & {
  idea: { id: number; title: string; description: string; stage: IdeaStage } | null;
  pilot: {
    objective: string | null;
    startsOn: string | null;
    endsOn: string | null;
    results: string | null;
    lessonsLearned: string | null;
    decision: PilotDecision | null;
    indicators: { name: string; target: string | null; result: string | null }[];
  } | null;
  /** Meetings of the city (or the network) that discussed the idea or decided one of its moves, oldest first. */
  meetings: {
    id: number;
    kind: MeetingKind;
    number: number;
    title: string;
    startsAt: Date;
    timeZone: string;
    items: string[];
    moves: { fromStage: IdeaStage | null; toStage: IdeaStage }[];
  }[];
};

export type PlanDocument = {
  city: { id: number; name: string; slug: string; language: string; timeZone: string };
  plan: { title: string | null; vision: string | null; objectives: string | null; revision: number; updatedAt: Date; finalisedAt: Date | null } | null;
  actions: PlanDocumentAction[];
};

/**
 * Everything the plan's PDF and DOCX say, in five statements whatever the number of actions: the
 * city and plan, the actions with their ideas and pilots, the pilots' indicators, the agenda items
 * that linked the ideas, and the pipeline moves decided at a meeting. No author names: the document
 * leaves the city.
 */
export function loadPlanDocument(cityId: number): PlanDocument | null {
  const db = getDb();
  const head = db
    .select({
      city: { id: cities.id, name: cities.name, slug: cities.slug, language: cities.language, timeZone: cities.timeZone },
      planId: actionPlans.id,
      title: actionPlans.title,
      vision: actionPlans.vision,
      objectives: actionPlans.objectives,
      revision: actionPlans.revision,
      updatedAt: actionPlans.updatedAt,
      finalisedAt: actionPlans.finalisedAt,
    })
    .from(cities)
    .leftJoin(actionPlans, eq(actionPlans.cityId, cities.id))
    .where(eq(cities.id, cityId))
    .get();
  if (!head) return null;

  const rows = db
    .select({
      ...actionColumns,
      ideaTitle: ideas.title,
      ideaDescription: ideas.description,
      ideaStage: ideas.stage,
      pilotId: pilotActions.id,
      objective: pilotActions.objective,
      startsOn: pilotActions.startsOn,
      endsOn: pilotActions.endsOn,
      results: pilotActions.results,
      lessonsLearned: pilotActions.lessonsLearned,
      decision: pilotActions.decision,
    })
    .from(actionPlanActions)
    .leftJoin(ideas, eq(ideas.id, actionPlanActions.ideaId))
    .leftJoin(pilotActions, eq(pilotActions.ideaId, actionPlanActions.ideaId))
    .where(eq(actionPlanActions.cityId, cityId))
    .orderBy(asc(actionPlanActions.position), asc(actionPlanActions.id))
    .all();

  const planIdeaIds = db.select({ id: actionPlanActions.ideaId }).from(actionPlanActions).where(and(eq(actionPlanActions.cityId, cityId), isNotNull(actionPlanActions.ideaId)));
  const indicators = db
    .select({ pilotId: pilotIndicators.pilotId, name: pilotIndicators.name, target: pilotIndicators.target, result: pilotIndicators.result })
    .from(pilotIndicators)
    .innerJoin(pilotActions, eq(pilotActions.id, pilotIndicators.pilotId))
    .where(and(eq(pilotIndicators.cityId, cityId), inArray(pilotActions.ideaId, planIdeaIds)))
    .orderBy(asc(pilotIndicators.pilotId), asc(pilotIndicators.position))
    .all();
  const meetingColumns = { id: meetings.id, kind: meetings.kind, number: meetings.number, title: meetings.title, startsAt: meetings.startsAt, timeZone: meetings.timeZone };
  // Meetings of the city or the network only; a cancelled meeting discussed nothing.
  const meetingOk = and(or(eq(meetings.cityId, cityId), isNull(meetings.cityId)), isNull(meetings.cancelledAt));
  const items = db
    .select({ ideaId: agendaItems.ideaId, itemTitle: agendaItems.title, meeting: meetingColumns })
    .from(agendaItems)
    .innerJoin(meetings, eq(meetings.id, agendaItems.meetingId))
    .where(and(inArray(agendaItems.ideaId, planIdeaIds), meetingOk))
    .orderBy(asc(meetings.startsAt), asc(agendaItems.position))
    .all();
  const moves = db
    .select({ ideaId: ideaStageChanges.ideaId, fromStage: ideaStageChanges.fromStage, toStage: ideaStageChanges.toStage, meeting: meetingColumns })
    .from(ideaStageChanges)
    .innerJoin(meetings, eq(meetings.id, ideaStageChanges.meetingId))
    .where(and(eq(ideaStageChanges.cityId, cityId), inArray(ideaStageChanges.ideaId, planIdeaIds), meetingOk))
    .orderBy(asc(ideaStageChanges.at), asc(ideaStageChanges.id))
    .all();

  type Meeting = PlanDocumentAction["meetings"][number];
  const byIdea = new Map<number, Map<number, Meeting>>();
  const entry = (ideaId: number, m: Omit<Meeting, "items" | "moves">) => {
    let list = byIdea.get(ideaId);
    if (!list) byIdea.set(ideaId, (list = new Map()));
    let e = list.get(m.id);
    if (!e) list.set(m.id, (e = { ...m, items: [], moves: [] }));
    return e;
  };
  for (const i of items) if (i.ideaId != null) entry(i.ideaId, i.meeting).items.push(i.itemTitle);
  for (const m of moves) entry(m.ideaId, m.meeting).moves.push({ fromStage: m.fromStage, toStage: m.toStage });
  const indicatorsByPilot = new Map<number, PilotIndicatorRow[]>();
  type PilotIndicatorRow = { name: string; target: string | null; result: string | null };
  for (const i of indicators) {
    const list = indicatorsByPilot.get(i.pilotId) ?? [];
    list.push({ name: i.name, target: i.target, result: i.result });
    indicatorsByPilot.set(i.pilotId, list);
  }

  return {
    city: head.city,
    plan:
      head.planId == null
        ? null
        : { title: head.title, vision: head.vision, objectives: head.objectives, revision: head.revision!, updatedAt: head.updatedAt!, finalisedAt: head.finalisedAt },
    actions: rows.map((r) => {
      const { ideaDescription, ideaStage, pilotId, objective, startsOn, endsOn, results, lessonsLearned, decision, ...action } = r;
      return {
        ...action,
        idea: action.ideaId != null && action.ideaTitle != null ? { id: action.ideaId, title: action.ideaTitle, description: ideaDescription ?? "", stage: ideaStage! } : null,
        pilot: pilotId == null ? null : { objective, startsOn, endsOn, results, lessonsLearned, decision, indicators: indicatorsByPilot.get(pilotId) ?? [] },
        meetings: action.ideaId == null ? [] : [...(byIdea.get(action.ideaId)?.values() ?? [])].sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime() || a.id - b.id),
      };
    }),
  };
}
