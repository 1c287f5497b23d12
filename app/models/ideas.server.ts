import { and, asc, count, desc, eq, lte, sql } from "drizzle-orm";
import { getDb } from "#db/client.server";
import { cities, ideas, ideaStageChanges, users, type IdeaKind, type IdeaStage, type IdeaTheme } from "#db/schema";
import { IDEA_STAGES } from "#db/enums";
import { recordAudit } from "./audit.server";
import { ftsQuery } from "./idea-search.server";
import { inScopeParam, prepared, scopeValues } from "./prepared.server";
import { inScope, type Scope } from "./scope.server";

export const IDEAS_PAGE_SIZE = 20;
/** Cards shown per board column; the column says how many more the list holds. */
export const BOARD_COLUMN_LIMIT = 30;

export type IdeaSort = "newest" | "supported";

export type IdeaFilters = {
  q?: string;
  theme?: IdeaTheme;
  kind?: IdeaKind;
  stage?: IdeaStage;
  /** Only ideas by this user ("my ideas" is resolved to the viewer's id by the route). */
  authorUserId?: number;
  sort?: IdeaSort;
};

export type IdeaValues = { title: string; description: string; theme: IdeaTheme; kind: IdeaKind; targetGroup: string | null };

type Actor = { id: number; ipAddress?: string };

// The FTS5 index is an external-content table without a drizzle definition (rowid = ideas.id). It is
// asked once, as an IN subquery: joined instead, SQLite walked the city's ideas and ran the MATCH
// for each of them (1 s to count 750 hits among 30,000 ideas; 25 ms this way).
const matching = sql`${ideas.id} in (select rowid from ideas_fts where ideas_fts match ${sql.placeholder("match")})`;

/**
 * The FTS5 query for a search in a scope: the words in the title or description and, for one city,
 * the city's token too, so FTS5 intersects the two lists itself instead of handing every city's
 * hits to the join (migration 0008).
 */
export function scopedFtsQuery(words: string, scope: Scope): string | null {
  const match = ftsQuery(words);
  if (!match) return null;
  const inText = `{title description} : (${match})`;
  return scope.kind === "city" ? `city_id : "${Math.trunc(scope.cityId)}" AND ${inText}` : inText;
}

function orderFor(sort: IdeaSort | undefined) {
  return sort === "supported"
    ? [desc(ideas.supportCount), desc(ideas.createdAt), desc(ideas.id)]
    : [desc(ideas.createdAt), desc(ideas.id)];
}

// A short plain start of the description for cards; the whole Markdown stays on the idea page.
const excerpt = sql<string>`substr(${ideas.description}, 1, 240)`.as("excerpt");

const cardColumns = {
  id: ideas.id,
  cityId: ideas.cityId,
  cityName: cities.name,
  title: ideas.title,
  theme: ideas.theme,
  kind: ideas.kind,
  stage: ideas.stage,
  targetGroup: ideas.targetGroup,
  supportCount: ideas.supportCount,
  commentCount: ideas.commentCount,
  createdAt: ideas.createdAt,
  authorUserId: ideas.authorUserId,
  // Empty for an erased account (or a deleted one): the UI shows "Former member".
  authorName: sql<string>`coalesce(${users.name}, '')`.as("author_name"),
};

/**
 * The list's and the board's filters as prepared queries see them: which filters are present makes
 * the query's shape (and its cache key), their values come as placeholders. The search words are
 * bound as one parameter, never spliced into SQL.
 */
function ideaQuery(scope: Scope, filters: IdeaFilters) {
  const match = filters.q ? scopedFtsQuery(filters.q, scope) : null;
  const shape = {
    scope: scope.kind,
    theme: Boolean(filters.theme),
    kind: Boolean(filters.kind),
    stage: Boolean(filters.stage),
    author: filters.authorUserId != null,
    match: match !== null,
    sort: filters.sort === "supported" ? ("supported" as const) : ("newest" as const),
  };
  // Built only when a query of this shape is first prepared on a connection.
  const where = () => and(
    inScopeParam(ideas.cityId, shape.scope),
    shape.theme ? eq(ideas.theme, sql.placeholder("theme")) : undefined,
    shape.kind ? eq(ideas.kind, sql.placeholder("kind")) : undefined,
    shape.stage ? eq(ideas.stage, sql.placeholder("stage")) : undefined,
    shape.author ? eq(ideas.authorUserId, sql.placeholder("author")) : undefined,
    shape.match ? matching : undefined,
  );
  const values = {
    ...scopeValues(scope),
    theme: filters.theme ?? null,
    kind: filters.kind ?? null,
    stage: filters.stage ?? null,
    author: filters.authorUserId ?? null,
    match,
  };
  return { shape, key: Object.values(shape).join(":"), where, values };
}

/**
 * One page of ideas in the scope, filtered and searched, with support and comment counts from the
 * kept counters and the author's name from a join: two statements (page, total) whatever the count.
 * Both are prepared once per connection for each combination of filters (at most 128).
 */
export function listIdeas(scope: Scope, filters: IdeaFilters & { page: number }) {
  const { shape, key, where, values } = ideaQuery(scope, filters);
  const page = prepared(`listIdeas:${key}`, (db) =>
    db
      .select({ ...cardColumns, excerpt })
      .from(ideas)
      .innerJoin(cities, eq(cities.id, ideas.cityId))
      .leftJoin(users, eq(users.id, ideas.authorUserId))
      .where(where())
      .orderBy(...orderFor(shape.sort))
      .limit(sql.placeholder("limit"))
      .offset(sql.placeholder("offset"))
      .prepare(),
  );
  // Search words alone (the city is in the FTS query): FTS5 counts its own hits, which the
  // triggers keep equal to the ideas they index, without looking up each hit in ideas.
  const searchOnly = shape.match && !shape.theme && !shape.kind && !shape.stage && !shape.author;
  const total = searchOnly
    ? prepared("countIdeaHits", (db) => db.select({ n: sql<number>`count(*)` }).from(sql`ideas_fts`).where(sql`ideas_fts match ${sql.placeholder("match")}`).prepare())
    : prepared(`countIdeas:${key}`, (db) => db.select({ n: count() }).from(ideas).where(where()).prepare());
  const rows = page.all({ ...values, limit: IDEAS_PAGE_SIZE, offset: (filters.page - 1) * IDEAS_PAGE_SIZE });
  return { rows, total: total.get(values)!.n };
}

export type IdeaCard = ReturnType<typeof listIdeas>["rows"][number];

/**
 * The board: every stage in pipeline order with its first BOARD_COLUMN_LIMIT ideas and its total,
 * in a fixed number of statements whatever the number of ideas.
 * - Without search words: one statement picks each stage's first cards through the (city, created)
 *   or (city, support) index, a UNION ALL of one LIMITed subquery per stage (about 1 ms for 20,000
 *   ideas), and one grouped count gives the totals.
 * - With search words: the FTS index is asked once and ROW_NUMBER/COUNT over a window partitioned
 *   by stage rank the hits (a UNION would run the MATCH once per stage).
 */
export function ideasByStage(scope: Scope, filters: IdeaFilters) {
  const { shape, key, where, values } = ideaQuery(scope, filters);
  const orderSql =
    shape.sort === "supported"
      ? sql`${ideas.supportCount} desc, ${ideas.createdAt} desc, ${ideas.id} desc`
      : sql`${ideas.createdAt} desc, ${ideas.id} desc`;
  const totals = new Map<IdeaStage, number>();
  if (shape.match) {
    const query = prepared(`ideasByStageSearched:${key}`, (db) => {
      const ranked = db
        .select({
          ideaId: sql<number>`${ideas.id}`.as("idea_id"),
          position: sql<number>`row_number() over (partition by ${ideas.stage} order by ${orderSql})`.as("position"),
          stageTotal: sql<number>`count(*) over (partition by ${ideas.stage})`.as("stage_total"),
        })
        .from(ideas)
        .where(where())
        .as("ranked");
      return db
        .select({ ...cardColumns, stageTotal: ranked.stageTotal })
        .from(ranked)
        .innerJoin(ideas, eq(ideas.id, ranked.ideaId))
        .innerJoin(cities, eq(cities.id, ideas.cityId))
        .leftJoin(users, eq(users.id, ideas.authorUserId))
        .where(lte(ranked.position, BOARD_COLUMN_LIMIT))
        .orderBy(asc(ranked.position))
        .prepare();
    });
    const rows = query.all(values);
    for (const row of rows) totals.set(row.stage, row.stageTotal);
    return toColumns(rows, totals);
  }
  const cards = prepared(`ideasByStage:${key}`, (db) => {
    const perStage = IDEA_STAGES.map(
      (stage) =>
        sql`select * from (select ${ideas.id} from ${ideas} where ${and(where(), eq(ideas.stage, stage))} order by ${orderSql} limit ${BOARD_COLUMN_LIMIT})`,
    );
    return db
      .select(cardColumns)
      .from(ideas)
      .innerJoin(cities, eq(cities.id, ideas.cityId))
      .leftJoin(users, eq(users.id, ideas.authorUserId))
      .where(sql`${ideas.id} in (${sql.join(perStage, sql` union all `)})`)
      .orderBy(...orderFor(shape.sort))
      .prepare();
  });
  const counts = prepared(`ideaStageCounts:${key}`, (db) =>
    db.select({ stage: ideas.stage, n: count() }).from(ideas).where(where()).groupBy(ideas.stage).prepare(),
  );
  const rows = cards.all(values);
  for (const c of counts.all(values)) totals.set(c.stage, c.n);
  return toColumns(rows, totals);
}

function toColumns<T extends { stage: IdeaStage }>(rows: T[], totals: Map<IdeaStage, number>) {
  const columns = IDEA_STAGES.map((stage) => ({ stage, total: totals.get(stage) ?? 0, ideas: [] as T[] }));
  const byStage = new Map(columns.map((c) => [c.stage, c]));
  for (const row of rows) byStage.get(row.stage)!.ideas.push(row);
  return columns;
}

/** An idea in the scope with what the edit form needs, or null (→ 404). */
export function getIdeaForEdit(scope: Scope, id: number) {
  return (
    getDb()
      .select({
        id: ideas.id,
        cityId: ideas.cityId,
        authorUserId: ideas.authorUserId,
        title: ideas.title,
        description: ideas.description,
        theme: ideas.theme,
        kind: ideas.kind,
        targetGroup: ideas.targetGroup,
        stage: ideas.stage,
      })
      .from(ideas)
      .where(and(eq(ideas.id, id), inScope(ideas.cityId, scope)))
      .get() ?? null
  );
}

export type EditableIdea = NonNullable<ReturnType<typeof getIdeaForEdit>>;

/** Whether this user may edit the idea now: its author, while it is still proposed. */
export function editRefusal(idea: Pick<EditableIdea, "authorUserId" | "stage">, userId: number): "notAuthor" | "notProposed" | null {
  if (idea.authorUserId !== userId) return "notAuthor";
  if (idea.stage !== "proposed") return "notProposed";
  return null;
}

/** Logs an idea in the author's city as proposed, with the first line of its stage history. */
export function createIdea(user: { id: number; cityId: number }, values: IdeaValues, actor: Actor = user): number {
  const db = getDb();
  return db.transaction((tx) => {
    const now = new Date();
    const row = tx
      .insert(ideas)
      .values({ ...values, cityId: user.cityId, authorUserId: user.id, stage: "proposed", createdAt: now, updatedAt: now })
      .returning({ id: ideas.id })
      .get();
    tx.insert(ideaStageChanges)
      .values({ ideaId: row.id, cityId: user.cityId, fromStage: null, toStage: "proposed", byUserId: user.id, at: now })
      .run();
    recordAudit({ action: "idea.create", actorUserId: actor.id, cityId: user.cityId, entityType: "idea", entityId: row.id, ipAddress: actor.ipAddress });
    return row.id;
  });
}

export type UpdateOwnIdeaResult = { ok: true } | { ok: false; reason: "notFound" | "notAuthor" | "notProposed"; stage?: IdeaStage };

/**
 * Saves the author's changes while the idea is still proposed. The author and stage are checked in
 * the UPDATE itself, so a coordinator moving the idea at the same moment cannot be overwritten.
 */
export function updateOwnIdea(scope: Scope, user: Actor, id: number, values: IdeaValues): UpdateOwnIdeaResult {
  const db = getDb();
  return db.transaction((tx): UpdateOwnIdeaResult => {
    const current = tx
      .select({ cityId: ideas.cityId, authorUserId: ideas.authorUserId, stage: ideas.stage, title: ideas.title, description: ideas.description, theme: ideas.theme, kind: ideas.kind, targetGroup: ideas.targetGroup })
      .from(ideas)
      .where(and(eq(ideas.id, id), inScope(ideas.cityId, scope)))
      .get();
    if (!current) return { ok: false, reason: "notFound" };
    const refusal = editRefusal(current, user.id);
    if (refusal) return { ok: false, reason: refusal, stage: current.stage };
    const changed = (Object.keys(values) as (keyof IdeaValues)[]).filter((k) => values[k] !== current[k]);
    const result = tx
      .update(ideas)
      .set({ ...values, updatedAt: new Date() })
      .where(and(eq(ideas.id, id), eq(ideas.authorUserId, user.id), eq(ideas.stage, "proposed")))
      .run();
    if (result.changes !== 1) return { ok: false, reason: "notProposed", stage: current.stage };
    recordAudit({
      action: "idea.update",
      actorUserId: user.id,
      cityId: current.cityId,
      entityType: "idea",
      entityId: id,
      detail: { fields: changed },
      ipAddress: user.ipAddress,
    });
    return { ok: true };
  });
}
