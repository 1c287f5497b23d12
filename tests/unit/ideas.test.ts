import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { getConnection, getDb } from "#db/client.server";
import { auditLog, ideas, ideaStageChanges, users } from "#db/schema";
import { plainExcerpt } from "~/components/idea-card";
import { BOARD_COLUMN_LIMIT, createIdea, IDEAS_PAGE_SIZE, type IdeaValues } from "~/models/ideas.server";
import { action as editAction, loader as editLoader } from "~/routes/ideas.$ideaId_.edit";
import { loader as listLoader } from "~/routes/ideas._index";
import { action as newAction, loader as newLoader } from "~/routes/ideas.new";
import { markdownHtml } from "~/utils/markdown.server";
import { context, cookieFor, makeCity, makeUser, request, settle } from "./factories";

type Reply = { init: { status: number } | null; data: { status?: string; error?: Record<string, string[]>; initialValue?: Record<string, string> } };
type ListData = Awaited<ReturnType<typeof listLoader>>;
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyFn = (args: any) => Promise<unknown>;
const call = (fn: AnyFn, path: string, cookie: string, form?: Record<string, string>, params: Record<string, string> = {}) =>
  settle(() => fn({ request: request(path, { cookie, form }), context: context(), params }));
const list = async (query: string, cookie: string) => (await call(listLoader, `/ideas${query}`, cookie)) as ListData;
const statusOf = (res: unknown) => (res instanceof Response ? res.status : (res as Reply).init?.status ?? 200);

let iisalmi: number, mantova: number;
let member: string, otherMember: string, coord: string, admin: string, mantovaMember: string;
let memberId: number, otherMemberId: number;

const values = (over: Partial<IdeaValues> = {}): IdeaValues => ({
  title: "Welcome weekend for returning families",
  description: "A weekend of **open doors** for families thinking of moving back.",
  theme: "city_branding",
  kind: "retention_event",
  targetGroup: null,
  ...over,
});
const form = (over: Record<string, string> = {}) => ({
  title: "Summer jobs fair",
  description: "Local employers meet students in *June*.",
  theme: "digital_transition",
  kind: "attraction_effort",
  targetGroup: "Students",
  ...over,
});
const ideaCount = () => getDb().select().from(ideas).all().length;
const idFrom = (res: unknown) => Number((res as Response).headers.get("Location")!.match(/^\/ideas\/(\d+)/)![1]);

beforeAll(async () => {
  iisalmi = makeCity({ name: "Iisalmi" }).id;
  mantova = makeCity({ name: "Mantova", language: "it", timeZone: "Europe/Rome" }).id;
  const m = await makeUser("member", iisalmi, { name: "Aino Member" });
  memberId = m.id;
  member = await cookieFor(m.id);
  const o = await makeUser("member", iisalmi, { name: "Olli Other" });
  otherMemberId = o.id;
  otherMember = await cookieFor(o.id);
  coord = await cookieFor((await makeUser("ulg_coordinator", iisalmi)).id);
  admin = await cookieFor((await makeUser("admin", null)).id);
  mantovaMember = await cookieFor((await makeUser("member", mantova)).id);
});

describe("logging an idea", () => {
  it("stores a member's idea as proposed with its first stage-history line and an audit entry", async () => {
    expect(await call(newLoader, "/ideas/new", member)).toBeNull();
    const res = await call(newAction, "/ideas/new", member, form());
    expect(statusOf(res)).toBe(302);
    const id = idFrom(res);
    const row = getDb().select().from(ideas).where(eq(ideas.id, id)).get()!;
    expect(row).toMatchObject({
      cityId: iisalmi,
      authorUserId: memberId,
      title: "Summer jobs fair",
      theme: "digital_transition",
      kind: "attraction_effort",
      targetGroup: "Students",
      stage: "proposed",
      supportCount: 0,
      commentCount: 0,
    });
    const history = getDb().select().from(ideaStageChanges).where(eq(ideaStageChanges.ideaId, id)).all();
    expect(history).toEqual([expect.objectContaining({ fromStage: null, toStage: "proposed", byUserId: memberId, cityId: iisalmi })]);
    const audit = getDb().select().from(auditLog).where(and(eq(auditLog.action, "idea.create"), eq(auditLog.entityId, String(id)))).all();
    expect(audit).toHaveLength(1);
  });

  it("lets coordinators log ideas too, but refuses admins (no city) with 403", async () => {
    expect(statusOf(await call(newAction, "/ideas/new", coord, form()))).toBe(302);
    const before = ideaCount();
    expect(statusOf(await call(newLoader, "/ideas/new", admin))).toBe(403);
    expect(statusOf(await call(newAction, "/ideas/new", admin, form()))).toBe(403);
    expect(ideaCount()).toBe(before);
  });

  it("sends anonymous visitors to the sign-in page", async () => {
    const res = (await settle(() => newLoader({ request: request("/ideas/new"), context: context(), params: {} }))) as Response;
    expect(res.status).toBe(302);
    expect(res.headers.get("Location")).toMatch(/^\/login/);
  });

  it("answers bad input with field messages and 400, keeps what was typed and saves nothing", async () => {
    const before = ideaCount();
    const cases: [Record<string, string>, string, string][] = [
      [form({ title: "" }), "title", "validation.required"],
      [form({ title: "   " }), "title", "validation.required"],
      [form({ description: "" }), "description", "validation.required"],
      [form({ title: "x".repeat(201) }), "title", 'ideaForm.tooLong|{"max":200}'],
      [form({ description: "ä".repeat(100_000) }), "description", 'ideaForm.tooLong|{"max":20000}'],
      [form({ targetGroup: "y".repeat(201) }), "targetGroup", 'ideaForm.tooLong|{"max":200}'],
      [form({ theme: "tourism" }), "theme", "validation.invalid"],
      [form({ theme: "" }), "theme", "validation.invalid"],
      [form({ kind: "party" }), "kind", "validation.invalid"],
    ];
    for (const [input, field, message] of cases) {
      const res = (await call(newAction, "/ideas/new", member, input)) as Reply;
      expect(res.init?.status, field).toBe(400);
      expect(res.data.error?.[field], field).toContain(message);
      for (const [key, value] of Object.entries(input)) if (value) expect(res.data.initialValue?.[key], key).toBe(value);
    }
    expect(ideaCount()).toBe(before);
  });

  it("accepts exactly 20,000 characters of description", async () => {
    const res = await call(newAction, "/ideas/new", member, form({ description: "é".repeat(20_000) }));
    expect(statusOf(res)).toBe(302);
  });

  it("stores a script tag as typed and shows it as text, never as an element", async () => {
    const res = await call(newAction, "/ideas/new", member, form({ title: "<script>alert(1)</script>", description: 'Hi <script>alert("x")</script> [go](javascript:alert(1))' }));
    const row = getDb().select().from(ideas).where(eq(ideas.id, idFrom(res))).get()!;
    expect(row.title).toBe("<script>alert(1)</script>");
    const html = markdownHtml(row.description);
    expect(html).not.toContain("<script");
    expect(html).toContain("&lt;script&gt;");
    expect(html).not.toContain("javascript:");
  });
});

describe("Markdown rendering", () => {
  it("turns a description into a plain one-line excerpt for cards, keeping tags as text", () => {
    expect(plainExcerpt("# Plan\n\n> quoted **bold** [site](https://e.org)\n\n- one\n- two <script>alert(1)</script>")).toBe(
      "Plan quoted bold site one two <script>alert(1)</script>",
    );
    expect(plainExcerpt("a".repeat(300))).toHaveLength(200);
  });

  it("renders formatting and gives links rel=noopener noreferrer nofollow", () => {
    const html = markdownHtml("**bold** and [site](https://example.org)\n\n<img src=x onerror=alert(1)>");
    expect(html).toContain("<strong>bold</strong>");
    expect(html).toMatch(/<a href="https:\/\/example.org" rel="noopener noreferrer nofollow"/);
    expect(html).not.toMatch(/<img/);
  });
});

describe("editing one's own idea", () => {
  it("lets the author edit while proposed, with an audit entry of the changed fields", async () => {
    const id = createIdea({ id: memberId, cityId: iisalmi }, values());
    const page = (await call(editLoader, `/ideas/${id}/edit`, member, undefined, { ideaId: String(id) })) as { locked: boolean; defaults: { title: string } };
    expect(page.locked).toBe(false);
    expect(page.defaults.title).toBe("Welcome weekend for returning families");
    const res = await call(editAction, `/ideas/${id}/edit`, member, form({ title: "Welcome weekend, revised" }), { ideaId: String(id) });
    expect(statusOf(res)).toBe(302);
    expect((res as Response).headers.get("Location")).toBe(`/ideas/${id}?saved=1`);
    const row = getDb().select().from(ideas).where(eq(ideas.id, id)).get()!;
    expect(row).toMatchObject({ title: "Welcome weekend, revised", theme: "digital_transition", targetGroup: "Students", stage: "proposed" });
    const audit = getDb().select().from(auditLog).where(and(eq(auditLog.action, "idea.update"), eq(auditLog.entityId, String(id)))).get()!;
    expect(JSON.parse(audit.detail!).fields).toEqual(expect.arrayContaining(["title", "description", "theme", "kind", "targetGroup"]));
  });

  it("refuses bad input with 400 and changes nothing", async () => {
    const id = createIdea({ id: memberId, cityId: iisalmi }, values());
    const res = (await call(editAction, `/ideas/${id}/edit`, member, form({ description: "" }), { ideaId: String(id) })) as Reply;
    expect(res.init?.status).toBe(400);
    expect(getDb().select().from(ideas).where(eq(ideas.id, id)).get()!.description).toBe(values().description);
  });

  it("refuses the author once the idea has moved on (403 page; a save gets 403 with the typed text kept)", async () => {
    const id = createIdea({ id: memberId, cityId: iisalmi }, values());
    getDb().update(ideas).set({ stage: "discussed" }).where(eq(ideas.id, id)).run();
    const page = (await call(editLoader, `/ideas/${id}/edit`, member, undefined, { ideaId: String(id) })) as { init: { status: number }; data: { locked: boolean } };
    expect(page.init.status).toBe(403);
    expect(page.data.locked).toBe(true);
    const res = (await call(editAction, `/ideas/${id}/edit`, member, form({ title: "Too late" }), { ideaId: String(id) })) as Reply & { data: { error: Record<string, string[]> } };
    expect(res.init?.status).toBe(403);
    expect(res.data.error[""]).toEqual(["ideaForm.movedOn"]);
    expect(res.data.initialValue?.title).toBe("Too late");
    expect(getDb().select().from(ideas).where(eq(ideas.id, id)).get()!.title).toBe(values().title);
  });

  it("refuses other members, coordinators and admins with 403, and another city with 404", async () => {
    const id = createIdea({ id: memberId, cityId: iisalmi }, values());
    const params = { ideaId: String(id) };
    for (const cookie of [otherMember, coord, admin]) {
      expect(statusOf(await call(editLoader, `/ideas/${id}/edit`, cookie, undefined, params))).toBe(403);
      expect(statusOf(await call(editAction, `/ideas/${id}/edit`, cookie, form({ title: "Hijacked" }), params))).toBe(403);
    }
    expect(statusOf(await call(editLoader, `/ideas/${id}/edit`, mantovaMember, undefined, params))).toBe(404);
    expect(statusOf(await call(editAction, `/ideas/${id}/edit`, mantovaMember, form({ title: "Hijacked" }), params))).toBe(404);
    expect(statusOf(await call(editLoader, `/ideas/999999/edit`, member, undefined, { ideaId: "999999" }))).toBe(404);
    expect(statusOf(await call(editLoader, `/ideas/abc/edit`, member, undefined, { ideaId: "abc" }))).toBe(404);
    expect(getDb().select().from(ideas).where(eq(ideas.id, id)).get()!.title).toBe(values().title);
  });
});

describe("the list and the board", () => {
  let city: number, viewer: string, viewerId: number, author2Id: number;
  const ids: Record<string, number> = {};

  beforeAll(async () => {
    city = makeCity({ name: "Listville" }).id;
    const v = await makeUser("member", city, { name: "Vera Viewer" });
    viewerId = v.id;
    viewer = await cookieFor(v.id);
    const a2 = await makeUser("member", city, { name: "Erkki Erased" });
    author2Id = a2.id;
    const day = 86_400_000;
    const make = (key: string, by: number, v: Partial<IdeaValues>, daysAgo: number, supports = 0, stage: "proposed" | "discussed" | "parked" = "proposed") => {
      const id = createIdea({ id: by, cityId: city }, values(v));
      getDb()
        .update(ideas)
        .set({ createdAt: new Date(Date.now() - daysAgo * day), supportCount: supports, commentCount: supports * 2, stage })
        .where(eq(ideas.id, id))
        .run();
      ids[key] = id;
    };
    make("kaynti", viewerId, { title: "Käynti kotiseudulle: alumni weekend", theme: "city_branding", kind: "retention_event" }, 5, 3);
    make("sibenik", author2Id, { title: "Study visit", description: "Learn from Šibenik how they run their *digital* desk.", theme: "digital_transition", kind: "service_or_tool" }, 4, 9, "discussed");
    make("green", viewerId, { title: "Green commuting challenge", theme: "responsibility_sustainability", kind: "other" }, 3, 1, "parked");
    make("newest", author2Id, { title: "Remote work hub", theme: "digital_transition", kind: "attraction_effort" }, 1, 0);
    // Erased account: the name is emptied, the idea stays.
    getDb().update(users).set({ name: "", active: false }).where(eq(users.id, author2Id)).run();
    // Another city's idea never shows.
    createIdea({ id: memberId, cityId: iisalmi }, values({ title: "Käynti kotiseudulle in Iisalmi" }));
  });

  it("shows only the viewer's city, newest first, with counts and author names (erased → empty name)", async () => {
    const data = await list("", viewer);
    expect(data.rows!.map((r) => r.id)).toEqual([ids.newest, ids.green, ids.sibenik, ids.kaynti]);
    expect(data.total).toBe(4);
    const sibenik = data.rows!.find((r) => r.id === ids.sibenik)!;
    expect(sibenik).toMatchObject({ supportCount: 9, commentCount: 18, authorName: "", stage: "discussed", cityName: "Listville" });
    expect(data.rows!.find((r) => r.id === ids.kaynti)!.authorName).toBe("Vera Viewer");
  });

  it("sorts by support and filters by theme, kind, stage and author", async () => {
    expect((await list("?sort=supported", viewer)).rows!.map((r) => r.id)).toEqual([ids.sibenik, ids.kaynti, ids.green, ids.newest]);
    expect((await list("?theme=digital_transition", viewer)).rows!.map((r) => r.id)).toEqual([ids.newest, ids.sibenik]);
    expect((await list("?kind=other", viewer)).rows!.map((r) => r.id)).toEqual([ids.green]);
    expect((await list("?stage=discussed", viewer)).rows!.map((r) => r.id)).toEqual([ids.sibenik]);
    expect((await list("?author=me", viewer)).rows!.map((r) => r.id)).toEqual([ids.green, ids.kaynti]);
    expect((await list(`?author=${author2Id}`, viewer)).rows!.map((r) => r.id)).toEqual([ids.newest, ids.sibenik]);
    expect((await list("?theme=digital_transition&sort=supported&author=me", viewer)).total).toBe(0);
    // Unknown values are ignored rather than failing.
    expect((await list("?theme=bogus&stage=nope&sort=x&page=-4", viewer)).total).toBe(4);
  });

  it("finds words regardless of accents: kaynti → käynti, Sibenik → Šibenik, and prefixes", async () => {
    expect((await list("?q=kaynti", viewer)).rows!.map((r) => r.id)).toEqual([ids.kaynti]);
    expect((await list("?q=Sibenik", viewer)).rows!.map((r) => r.id)).toEqual([ids.sibenik]);
    expect((await list("?q=KOTISEUD", viewer)).rows!.map((r) => r.id)).toEqual([ids.kaynti]);
    expect((await list("?q=digit", viewer)).rows!.map((r) => r.id)).toEqual([ids.sibenik]);
    expect((await list("?q=study%20desk", viewer)).total).toBe(1);
    expect((await list("?q=study%20nothinglikethis", viewer)).total).toBe(0);
    expect((await list("?q=kaynti&stage=discussed", viewer)).total).toBe(0);
  });

  it("searches titles and descriptions only: a city's number typed in the box finds none of its ideas", async () => {
    // The index holds each idea's city (migration 0008) for the city filter, not for the search box.
    expect((await list(`?q=${city}`, viewer)).total).toBe(0);
    expect((await list(`?q=${city}`, admin)).total).toBe(0);
    expect((await list(`?view=board&q=${city}`, viewer)).columns!.every((c) => c.total === 0)).toBe(true);
    // The same word finds the other city's idea only for those who see both cities.
    expect((await list("?q=Iisalmi", viewer)).total).toBe(0);
    expect((await list("?q=Iisalmi", admin)).total).toBe(1);
  });

  it("never fails on FTS syntax typed by a user", async () => {
    const inputs = ['"', '""', "AND", "OR", "NOT", "*", "NEAR(", "NEAR(a b", "title:x", "a OR b", "-", "^", "(", ")", "'; DROP TABLE ideas; --", "käynti*", '"Šibenik', "{a}", "\\", "💡"];
    for (const q of inputs) {
      const data = await list(`?q=${encodeURIComponent(q)}`, viewer);
      expect(Array.isArray(data.rows), q).toBe(true);
      const board = await list(`?view=board&q=${encodeURIComponent(q)}`, viewer);
      expect(Array.isArray(board.columns), q).toBe(true);
    }
    // Input without any word is no text filter at all.
    expect((await list(`?q=${encodeURIComponent('" * ( -')}`, viewer)).total).toBe(4);
    expect((await list(`?q=${encodeURIComponent('"Šibenik')}`, viewer)).total).toBe(1);
    expect(ideaCount()).toBeGreaterThan(4);
  });

  it("lays the board out by stage in pipeline order, side exits last, with totals", async () => {
    const data = await list("?view=board", viewer);
    const columns = data.columns!;
    expect(columns.map((c) => c.stage)).toEqual(["proposed", "discussed", "shortlisted", "piloting", "evaluated", "in_action_plan", "parked", "rejected"]);
    expect(columns[0].ideas.map((i) => i.id)).toEqual([ids.newest, ids.kaynti]);
    expect(columns[0].total).toBe(2);
    expect(columns[1].ideas.map((i) => i.id)).toEqual([ids.sibenik]);
    expect(columns[6].ideas.map((i) => i.id)).toEqual([ids.green]);
    expect(columns[2]).toMatchObject({ total: 0, ideas: [] });
    const supported = await list("?view=board&sort=supported&q=kaynti", viewer);
    expect(supported.columns!.map((c) => c.total)).toEqual([1, 0, 0, 0, 0, 0, 0, 0]);
  });

  it("shows admins every city's ideas, and offers 'Log an idea' only to city roles", async () => {
    const all = await list("?q=kotiseud", admin);
    expect(all.total).toBe(2);
    expect(all.showCity).toBe(true);
    expect(all.canCreate).toBe(false);
    expect((await list("", viewer)).canCreate).toBe(true);
    expect((await list("", coord)).canCreate).toBe(true);
  });
});

describe("pagination and a fixed number of SQL statements", () => {
  let small: string, big: string;

  beforeAll(async () => {
    const smallCity = makeCity({ name: "Small" }).id;
    const bigCity = makeCity({ name: "Big" }).id;
    const s = await makeUser("member", smallCity);
    const b = await makeUser("member", bigCity);
    small = await cookieFor(s.id);
    big = await cookieFor(b.id);
    for (let i = 0; i < 5; i++) createIdea({ id: s.id, cityId: smallCity }, values({ title: `Small idea ${i} pilot` }));
    const stages = ["proposed", "discussed", "shortlisted", "piloting", "evaluated", "in_action_plan", "parked", "rejected"] as const;
    const db = getDb();
    for (let i = 0; i < 200; i++) {
      const id = createIdea({ id: b.id, cityId: bigCity }, values({ title: `Big idea ${i} pilot` }));
      db.update(ideas)
        .set({ stage: i < 40 ? "proposed" : stages[i % 8], supportCount: i % 13, createdAt: new Date(Date.UTC(2030, 0, 1) + i * 60_000) })
        .where(eq(ideas.id, id))
        .run();
    }
  });

  it("pages 20 at a time without repeats", async () => {
    const seen = new Set<number>();
    for (let page = 1; page <= 10; page++) {
      const data = await list(`?page=${page}`, big);
      expect(data.total).toBe(200);
      expect(data.rows).toHaveLength(IDEAS_PAGE_SIZE);
      for (const r of data.rows!) seen.add(r.id);
    }
    expect(seen.size).toBe(200);
    expect((await list("?page=11", big)).rows).toHaveLength(0);
    expect((await list("?page=2", big)).rows![0].title).toBe("Big idea 179 pilot");
  });

  it("caps each board column and counts the rest", async () => {
    const columns = (await list("?view=board", big)).columns!;
    expect(columns.map((c) => c.total)).toEqual([60, 20, 20, 20, 20, 20, 20, 20]);
    expect(columns[0].ideas).toHaveLength(BOARD_COLUMN_LIMIT);
    expect(columns[1].ideas).toHaveLength(20);
    // Newest first within the column.
    expect(columns[0].ideas[0].title).toBe("Big idea 192 pilot");
    // The same cut and order with search words (ranked by a window) and by support.
    const searched = (await list("?view=board&q=pilot", big)).columns!;
    expect(searched.map((c) => c.total)).toEqual([60, 20, 20, 20, 20, 20, 20, 20]);
    expect(searched[0].ideas.map((i) => i.id)).toEqual(columns[0].ideas.map((i) => i.id));
    const listed = (await list("?stage=proposed&sort=supported", big)).rows!.map((r) => r.id);
    for (const query of ["?view=board&sort=supported", "?view=board&sort=supported&q=idea"]) {
      const board = (await list(query, big)).columns!;
      expect(board[0].ideas.slice(0, IDEAS_PAGE_SIZE).map((i) => i.id), query).toEqual(listed);
    }
  });

  it("runs the same number of statements for 5 ideas as for 200 (list, search, board)", async () => {
    const sqlite = getConnection().sqlite;
    const countFor = async (query: string, cookie: string) => {
      await list(query, cookie); // warm up: the first request of a session may write to it
      const spy = vi.spyOn(sqlite, "prepare");
      await list(query, cookie);
      const n = spy.mock.calls.length;
      spy.mockRestore();
      return n;
    };
    for (const query of ["", "?q=pilot", "?view=board", "?view=board&q=pilot&sort=supported", "?sort=supported&page=3"]) {
      const few = await countFor(query, small);
      const many = await countFor(query, big);
      expect(many, query).toBe(few);
      expect(many, query).toBeLessThanOrEqual(4);
    }
  });
});
