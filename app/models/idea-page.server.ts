import { and, asc, desc, eq, isNotNull, isNull, or, sql } from "drizzle-orm";
import { alias } from "drizzle-orm/sqlite-core";
import { getDb, type DB } from "#db/client.server";
import { agendaItems, cities, ideaComments, ideaStageChanges, ideaSupports, ideas, meetings, users, type IdeaStage } from "#db/schema";
import { forbidden } from "~/auth/auth.server";
import { hasPermission, type Permission } from "~/auth/permissions";
import type { SessionUser } from "~/auth/session.server";
import { recordAudit } from "./audit.server";
import { preparedQuery } from "./prepared.server";
import type { Scope } from "./scope.server";

type Actor = { id: number; ipAddress?: string };

export const COMMENTS_PAGE_SIZE = 100;

const hiders = alias(users, "hider");

const pageIdeaColumns = {
  id: ideas.id,
  cityId: ideas.cityId,
  cityName: cities.name,
  timeZone: cities.timeZone,
  authorUserId: ideas.authorUserId,
  authorName: users.name,
  title: ideas.title,
  description: ideas.description,
  theme: ideas.theme,
  kind: ideas.kind,
  targetGroup: ideas.targetGroup,
  stage: ideas.stage,
  sharedWithNetwork: ideas.sharedWithNetwork,
  supportCount: ideas.supportCount,
  commentCount: ideas.commentCount,
  createdAt: ideas.createdAt,
  updatedAt: ideas.updatedAt,
};

const pageIdeaFrom = (db: DB) =>
  db.select(pageIdeaColumns).from(ideas).innerJoin(cities, eq(cities.id, ideas.cityId)).leftJoin(users, eq(users.id, ideas.authorUserId));

// The scope condition (inScope) with the city as a placeholder: the reader's city, or shared with the network.
const cityReadersIdea = preparedQuery((db) =>
  pageIdeaFrom(db)
    .where(and(eq(ideas.id, sql.placeholder("id")), or(eq(ideas.cityId, sql.placeholder("cityId")), eq(ideas.sharedWithNetwork, true))))
    .prepare(),
);
// Admins (scope "all") read any idea.
const anyIdea = preparedQuery((db) => pageIdeaFrom(db).where(eq(ideas.id, sql.placeholder("id"))).prepare());

/**
 * An idea as its page shows it, if the user may read it: any idea of their scope (their city, or
 * every city for admins), or another city's idea its coordinators shared with the network.
 * `access` says which: "shared" readers get a read-only page without the city's own discussion.
 */
export function getIdeaForPage(scope: Scope, _user: Pick<SessionUser, "id" | "cityId">, id: number) {
  const row = scope.kind === "all" ? anyIdea().get({ id }) : cityReadersIdea().get({ id, cityId: scope.cityId });
  if (!row) return null;
  const access: "city" | "shared" = scope.kind === "all" || row.cityId === scope.cityId ? "city" : "shared";
  return { ...row, access };
}

export type PageIdea = NonNullable<ReturnType<typeof getIdeaForPage>>;

/** What the user may do on this idea's page; the loader hides controls with it, the action refuses with it. */
export function ideaAbilities(user: Pick<SessionUser, "id" | "role" | "cityId">, idea: Pick<PageIdea, "cityId" | "access" | "authorUserId" | "stage">) {
  const ownCity = idea.access === "city" && user.cityId != null && user.cityId === idea.cityId;
  return {
    support: ownCity && hasPermission(user, "support:idea:city"),
    comment: ownCity && hasPermission(user, "comment:idea:city"),
    moderate: ownCity && hasPermission(user, "moderate:idea:city"),
    edit: ownCity && hasPermission(user, "write:idea:own") && idea.authorUserId === user.id && idea.stage === "proposed",
  };
}

/** Refuses a write the role may not make on a known idea: an audit entry, then 403. */
export function refuseIdeaWrite(user: Pick<SessionUser, "id" | "cityId">, permission: Permission | "edit:idea-comment:own", ideaId: number, request: Request, ipAddress?: string): never {
  recordAudit({
    action: "access.denied",
    actorUserId: user.id,
    cityId: user.cityId,
    entityType: "idea",
    entityId: ideaId,
    detail: { permission, method: request.method, path: new URL(request.url).pathname },
    ipAddress,
  });
  throw forbidden();
}

/**
 * One page of an idea's comments, oldest first, with their authors and (for hidden ones) who hid
 * them and why — one statement, which also counts them all. A hidden comment's text never leaves
 * the server: everyone sees the reason instead.
 */
const commentsPage = preparedQuery((db) =>
  db
    .select({
      id: ideaComments.id,
      authorUserId: ideaComments.authorUserId,
      authorName: users.name,
      body: ideaComments.body,
      hiddenAt: ideaComments.hiddenAt,
      hiddenReason: ideaComments.hiddenReason,
      hiddenByName: hiders.name,
      createdAt: ideaComments.createdAt,
      updatedAt: ideaComments.updatedAt,
      // A correlated count rather than count(*) over (): the window makes SQLite sort the page in a
      // temporary B-tree (a temp file by default), many times slower than counting over the index.
      total: sql<number>`(select count(*) from ${ideaComments} as all_comments where all_comments.idea_id = ${ideaComments.ideaId})`,
    })
    .from(ideaComments)
    .leftJoin(users, eq(users.id, ideaComments.authorUserId))
    .leftJoin(hiders, eq(hiders.id, ideaComments.hiddenByUserId))
    .where(eq(ideaComments.ideaId, sql.placeholder("ideaId")))
    .orderBy(asc(ideaComments.createdAt), asc(ideaComments.id))
    .limit(COMMENTS_PAGE_SIZE)
    .offset(sql.placeholder("offset"))
    .prepare(),
);

export function listComments(ideaId: number, page: number) {
  const rows = commentsPage().all({ ideaId, offset: (page - 1) * COMMENTS_PAGE_SIZE });
  return {
    total: rows[0]?.total ?? 0,
    comments: rows.map(({ total: _total, body, ...c }) => ({
      ...c,
      body: c.hiddenAt ? null : body,
      authorName: c.authorName ?? "",
      edited: c.updatedAt.getTime() - c.createdAt.getTime() > 1000,
    })),
  };
}

const stageChanges = preparedQuery((db) =>
  db
    .select({
      id: ideaStageChanges.id,
      fromStage: ideaStageChanges.fromStage,
      toStage: ideaStageChanges.toStage,
      reason: ideaStageChanges.reason,
      at: ideaStageChanges.at,
      byName: users.name,
      byUserId: ideaStageChanges.byUserId,
      meetingId: meetings.id,
      meetingKind: meetings.kind,
      meetingNumber: meetings.number,
      meetingTitle: meetings.title,
      meetingStartsAt: meetings.startsAt,
      meetingTimeZone: meetings.timeZone,
      meetingCancelledAt: meetings.cancelledAt,
    })
    .from(ideaStageChanges)
    .leftJoin(users, eq(users.id, ideaStageChanges.byUserId))
    .leftJoin(meetings, eq(meetings.id, ideaStageChanges.meetingId))
    .where(eq(ideaStageChanges.ideaId, sql.placeholder("ideaId")))
    .orderBy(asc(ideaStageChanges.at), asc(ideaStageChanges.id))
    .prepare(),
);

/** The pipeline moves of an idea, oldest first, with who moved it and the deciding meeting. */
export function listStageChanges(ideaId: number) {
  return stageChanges().all({ ideaId });
}

/**
 * The meetings (of the idea's city, or the network's) whose agenda linked this idea, newest first,
 * with the agenda items: one join over agenda_items.idea_id.
 */
const discussions = preparedQuery((db) =>
  db
    .select({
      itemId: agendaItems.id,
      itemTitle: agendaItems.title,
      itemKind: agendaItems.kind,
      meetingId: meetings.id,
      meetingKind: meetings.kind,
      meetingNumber: meetings.number,
      meetingTitle: meetings.title,
      startsAt: meetings.startsAt,
      timeZone: meetings.timeZone,
      cancelledAt: meetings.cancelledAt,
    })
    .from(agendaItems)
    .innerJoin(meetings, eq(meetings.id, agendaItems.meetingId))
    .where(and(eq(agendaItems.ideaId, sql.placeholder("ideaId")), or(eq(meetings.cityId, sql.placeholder("cityId")), isNull(meetings.cityId))))
    .orderBy(desc(meetings.startsAt), asc(agendaItems.position))
    .limit(200)
    .prepare(),
);

export function listDiscussions(idea: Pick<PageIdea, "id" | "cityId">) {
  return discussions().all({ ideaId: idea.id, cityId: idea.cityId });
}

type DiscussionRow = ReturnType<typeof listDiscussions>[number];
type StageChangeRow = ReturnType<typeof listStageChanges>[number];

export type DiscussedAt = {
  meetingId: number;
  kind: DiscussionRow["meetingKind"];
  number: number;
  title: string;
  startsAt: Date;
  timeZone: string;
  cancelled: boolean;
  /** Agenda items of the meeting that linked the idea, in agenda order. */
  items: { id: number; title: string; kind: DiscussionRow["itemKind"] }[];
  /** Pipeline moves decided at the meeting. */
  moves: { id: number; fromStage: IdeaStage | null; toStage: IdeaStage }[];
};

/**
 * "Discussed at": every meeting whose agenda linked the idea or that decided one of its moves, newest
 * first, built from the two lists the page already loads (no further statement).
 */
export function discussedAt(discussions: DiscussionRow[], history: StageChangeRow[]): DiscussedAt[] {
  const byMeeting = new Map<number, DiscussedAt>();
  for (const d of discussions) {
    let entry = byMeeting.get(d.meetingId);
    if (!entry) {
      entry = { meetingId: d.meetingId, kind: d.meetingKind, number: d.meetingNumber, title: d.meetingTitle, startsAt: d.startsAt, timeZone: d.timeZone, cancelled: d.cancelledAt != null, items: [], moves: [] };
      byMeeting.set(d.meetingId, entry);
    }
    entry.items.push({ id: d.itemId, title: d.itemTitle, kind: d.itemKind });
  }
  for (const h of history) {
    if (h.meetingId == null || h.meetingKind == null || h.meetingNumber == null || h.meetingTitle == null || h.meetingStartsAt == null || h.meetingTimeZone == null) continue;
    let entry = byMeeting.get(h.meetingId);
    if (!entry) {
      entry = { meetingId: h.meetingId, kind: h.meetingKind, number: h.meetingNumber, title: h.meetingTitle, startsAt: h.meetingStartsAt, timeZone: h.meetingTimeZone, cancelled: h.meetingCancelledAt != null, items: [], moves: [] };
      byMeeting.set(h.meetingId, entry);
    }
    entry.moves.push({ id: h.id, fromStage: h.fromStage, toStage: h.toStage });
  }
  return [...byMeeting.values()].sort((a, b) => b.startsAt.getTime() - a.startsAt.getTime() || b.meetingId - a.meetingId);
}

const supportOf = preparedQuery((db) =>
  db
    .select({ n: sql`1` })
    .from(ideaSupports)
    .where(and(eq(ideaSupports.ideaId, sql.placeholder("ideaId")), eq(ideaSupports.userId, sql.placeholder("userId"))))
    .prepare(),
);

export function hasSupported(ideaId: number, userId: number): boolean {
  return Boolean(supportOf().get({ ideaId, userId }));
}

function audit(action: string, idea: Pick<PageIdea, "id" | "cityId">, actor: Actor, detail?: Record<string, unknown>) {
  recordAudit({ action, actorUserId: actor.id, cityId: idea.cityId, entityType: "idea", entityId: idea.id, detail: detail ?? null, ipAddress: actor.ipAddress });
}

/** Adds the user's support, or takes it back; the idea's counter moves in the same transaction. */
export function toggleSupport(idea: Pick<PageIdea, "id" | "cityId">, actor: Actor): { supported: boolean; supportCount: number } {
  return getDb().transaction((tx) => {
    const removed = tx.delete(ideaSupports).where(and(eq(ideaSupports.ideaId, idea.id), eq(ideaSupports.userId, actor.id))).run().changes > 0;
    if (!removed) tx.insert(ideaSupports).values({ ideaId: idea.id, userId: actor.id, cityId: idea.cityId }).run();
    const row = tx
      .update(ideas)
      .set({ supportCount: sql`${ideas.supportCount} + ${removed ? -1 : 1}` })
      .where(eq(ideas.id, idea.id))
      .returning({ supportCount: ideas.supportCount })
      .get()!;
    audit(removed ? "idea.unsupport" : "idea.support", idea, actor);
    return { supported: !removed, supportCount: row.supportCount };
  });
}

/** Adds a comment; returns its id and its place among the idea's comments (for the page it lands on). */
export function addComment(idea: Pick<PageIdea, "id" | "cityId">, body: string, actor: Actor): { id: number; position: number } {
  return getDb().transaction((tx) => {
    const now = new Date();
    const row = tx
      .insert(ideaComments)
      .values({ ideaId: idea.id, cityId: idea.cityId, authorUserId: actor.id, body, createdAt: now, updatedAt: now })
      .returning({ id: ideaComments.id })
      .get();
    tx.update(ideas).set({ commentCount: sql`${ideas.commentCount} + 1` }).where(eq(ideas.id, idea.id)).run();
    const { n } = tx.select({ n: sql<number>`count(*)` }).from(ideaComments).where(eq(ideaComments.ideaId, idea.id)).get()!;
    audit("idea.comment.add", idea, actor, { commentId: row.id });
    return { id: row.id, position: n };
  });
}

type CommentRef = { id: number; authorUserId: number | null; hiddenAt: Date | null };

/** A comment of this idea (null when it belongs to another idea or does not exist). */
export function findComment(ideaId: number, commentId: number): CommentRef | null {
  return (
    getDb()
      .select({ id: ideaComments.id, authorUserId: ideaComments.authorUserId, hiddenAt: ideaComments.hiddenAt })
      .from(ideaComments)
      .where(and(eq(ideaComments.id, commentId), eq(ideaComments.ideaId, ideaId)))
      .get() ?? null
  );
}

/** The author's new text for a visible comment; false when it changed meanwhile (hidden or gone). */
export function editComment(idea: Pick<PageIdea, "id" | "cityId">, commentId: number, body: string, actor: Actor): boolean {
  return getDb().transaction((tx) => {
    const res = tx
      .update(ideaComments)
      .set({ body, updatedAt: new Date() })
      .where(and(eq(ideaComments.id, commentId), eq(ideaComments.ideaId, idea.id), eq(ideaComments.authorUserId, actor.id), isNull(ideaComments.hiddenAt)))
      .run();
    if (res.changes === 0) return false;
    audit("idea.comment.edit", idea, actor, { commentId });
    return true;
  });
}

/** Hides a visible comment with a reason; the visible-comment counter drops in the same transaction. */
export function hideComment(idea: Pick<PageIdea, "id" | "cityId">, commentId: number, reason: string, actor: Actor): boolean {
  return getDb().transaction((tx) => {
    const res = tx
      .update(ideaComments)
      .set({ hiddenAt: new Date(), hiddenByUserId: actor.id, hiddenReason: reason })
      .where(and(eq(ideaComments.id, commentId), eq(ideaComments.ideaId, idea.id), isNull(ideaComments.hiddenAt)))
      .run();
    if (res.changes === 0) return false;
    tx.update(ideas).set({ commentCount: sql`${ideas.commentCount} - 1` }).where(eq(ideas.id, idea.id)).run();
    audit("idea.comment.hide", idea, actor, { commentId });
    return true;
  });
}

/** Shows a hidden comment again; the counter rises in the same transaction. */
export function unhideComment(idea: Pick<PageIdea, "id" | "cityId">, commentId: number, actor: Actor): boolean {
  return getDb().transaction((tx) => {
    const res = tx
      .update(ideaComments)
      .set({ hiddenAt: null, hiddenByUserId: null, hiddenReason: null })
      .where(and(eq(ideaComments.id, commentId), eq(ideaComments.ideaId, idea.id), isNotNull(ideaComments.hiddenAt)))
      .run();
    if (res.changes === 0) return false;
    tx.update(ideas).set({ commentCount: sql`${ideas.commentCount} + 1` }).where(eq(ideas.id, idea.id)).run();
    audit("idea.comment.unhide", idea, actor, { commentId });
    return true;
  });
}

/** For a side exit (parked, rejected): the pipeline stage the idea left from, read from the last move into it. */
export function stageCameFrom(history: { fromStage: IdeaStage | null; toStage: IdeaStage }[], stage: IdeaStage): IdeaStage | null {
  for (let i = history.length - 1; i >= 0; i--) {
    const h = history[i];
    if (h.toStage !== stage) continue;
    // Parked, then rejected: the way back leads to where it was before either exit.
    if (h.fromStage === "parked" || h.fromStage === "rejected") return stageCameFrom(history.slice(0, i), h.fromStage);
    return h.fromStage;
  }
  return null;
}
