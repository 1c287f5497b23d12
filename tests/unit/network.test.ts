// /network (partner cities, the network's meetings, shared ideas) and /network/ideas/:id (a shared
// idea, read-only): every signed-in role reads them; unshared ideas answer 404 whichever the city.
import { spyOnStatements } from "./sql-count";
import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { getConnection, getDb } from "#db/client.server";
import { cities, ideaComments, ideaStageChanges, ideas, type IdeaTheme } from "#db/schema";
import { createMeeting, cancelMeeting } from "~/models/meetings.server";
import { SHARED_IDEAS_PAGE_SIZE } from "~/models/network.server";
import { loader as ideaLoader } from "~/routes/ideas.$ideaId";
import { loader as networkLoader } from "~/routes/network";
import { loader as sharedIdeaLoader } from "~/routes/network_.ideas.$ideaId";
import { context, cookieFor, makeCity, makeUser, request, settle } from "./factories";

type NetworkPage = Awaited<ReturnType<typeof networkLoader>>;
type SharedPage = Awaited<ReturnType<typeof sharedIdeaLoader>>;

const network = (cookie: string | undefined, query = "") => settle(() => networkLoader({ request: request(`/network${query}`, { cookie }), context: context(), params: {} }));
const shared = (id: number | string, cookie: string | undefined) =>
  settle(() => sharedIdeaLoader({ request: request(`/network/ideas/${id}`, { cookie }), context: context(), params: { ideaId: String(id) } }));
const cityIdea = (id: number, cookie: string) => settle(() => ideaLoader({ request: request(`/ideas/${id}`, { cookie }), context: context(), params: { ideaId: String(id) } }));
const status = (r: unknown) => (r instanceof Response ? r.status : 200);

const PARTNERS = [
  ["Alba Iulia", "RO", "ro"],
  ["Iisalmi", "FI", "fi"],
  ["Kalamata", "GR", "el"],
  ["Mangualde", "PT", "pt"],
  ["Mantova", "IT", "it"],
  ["Plasencia", "ES", "es"],
  ["Saint-Quentin", "FR", "fr"],
  ["Saldus", "LV", "lv"],
  ["Šibenik", "HR", "hr"],
  ["Trebinje", "BA", "sr"],
] as const;

let cityId: Record<string, number> = {};
let authorId: number;
let member: string, coord: string, project: string, admin: string, mantovaCoord: string, finnishMember: string;

function makeIdea(city: string, title: string, over: Partial<typeof ideas.$inferInsert> = {}) {
  return getDb()
    .insert(ideas)
    .values({ cityId: cityId[city], authorUserId: authorId, title, description: "A **bold** plan.\n\n- one\n- two", theme: "city_branding", kind: "retention_event", ...over })
    .returning()
    .get().id;
}

function networkMeeting(title: string, host: string, daysFromNow: number) {
  const start = new Date(Date.now() + daysFromNow * 86_400_000);
  return createMeeting(
    null,
    { kind: "transnational", title, purpose: null, startsAt: start, endsAt: new Date(start.getTime() + 3 * 86_400_000), timeZone: "Europe/Lisbon", place: `${host} town hall`, onlineUrl: null, hostCityId: cityId[host] },
    { id: authorId },
  );
}

beforeAll(async () => {
  for (const [name, country, language] of PARTNERS) {
    cityId[name] = makeCity({ name, country, language, isLeadPartner: name === "Šibenik" }).id;
  }
  const author = await makeUser("member", cityId["Mantova"], { name: "Giulia Author" });
  authorId = author.id;
  member = await cookieFor((await makeUser("member", cityId["Iisalmi"], { language: "en" })).id);
  finnishMember = await cookieFor((await makeUser("member", cityId["Iisalmi"], { language: "fi" })).id);
  coord = await cookieFor((await makeUser("ulg_coordinator", cityId["Iisalmi"])).id);
  project = await cookieFor((await makeUser("project_coordinator", cityId["Iisalmi"])).id);
  admin = await cookieFor((await makeUser("admin", null)).id);
  mantovaCoord = await cookieFor((await makeUser("ulg_coordinator", cityId["Mantova"])).id);
});

describe("/network", () => {
  it("is open to every signed-in role and sends anonymous visitors to sign in", async () => {
    for (const cookie of [member, coord, project, admin, mantovaCoord]) {
      expect(status(await network(cookie))).toBe(200);
    }
    const anonymous = (await network(undefined)) as Response;
    expect(anonymous.status).toBe(302);
    expect(anonymous.headers.get("Location")).toMatch(/^\/login\?redirectTo=%2Fnetwork/);
  });

  it("lists the ten partner cities, lead partner first and marked, with country and language names in the reader's language", async () => {
    const page = (await network(member)) as NetworkPage;
    expect(page.cities).toHaveLength(10);
    expect(page.cities[0]).toMatchObject({ name: "Šibenik", isLeadPartner: true, country: "Croatia", language: "Croatian" });
    expect(page.cities.filter((c) => c.isLeadPartner)).toHaveLength(1);
    expect(page.cities.slice(1).map((c) => c.name)).toEqual(["Alba Iulia", "Iisalmi", "Kalamata", "Mangualde", "Mantova", "Plasencia", "Saint-Quentin", "Saldus", "Trebinje"]);
    expect(page.cities.find((c) => c.name === "Iisalmi")).toMatchObject({ own: true, country: "Finland", language: "Finnish" });
    const fi = (await network(finnishMember)) as NetworkPage;
    expect(fi.cities.find((c) => c.name === "Iisalmi")).toMatchObject({ country: "Suomi", language: "suomi" });
  });

  it("shows the network's meetings, upcoming soonest first and past newest first, with the host city", async () => {
    const far = networkMeeting("Meeting in Saldus", "Saldus", 200);
    const soon = networkMeeting("Meeting in Mantova", "Mantova", 20);
    const old = networkMeeting("Meeting in Šibenik", "Šibenik", -400);
    const recent = networkMeeting("Meeting in Mangualde", "Mangualde", -60);
    cancelMeeting(far, "Moved", { id: authorId }, null);
    // A city's own meeting is not the network's.
    createMeeting(cityId["Iisalmi"], { kind: "ulg_meeting", title: "Local", purpose: null, startsAt: new Date(Date.now() + 86_400_000), endsAt: new Date(Date.now() + 90_000_000), timeZone: "Europe/Helsinki", place: null, onlineUrl: null, hostCityId: null }, { id: authorId });
    const page = (await network(member)) as NetworkPage;
    expect(page.meetings.upcoming.map((m) => [m.id, m.hostCityName, m.cancelledAt != null])).toEqual([
      [soon, "Mantova", false],
      [far, "Saldus", true],
    ]);
    expect(page.meetings.past.map((m) => m.id)).toEqual([recent, old]);
    expect(page.meetings.canOpen).toBe(true);
    expect(((await network(admin)) as NetworkPage).meetings.canOpen).toBe(true);
  });
});

describe("shared ideas", () => {
  let sharedMantova: number, unsharedMantova: number, sharedIisalmi: number, unsharedIisalmi: number;

  beforeAll(() => {
    sharedMantova = makeIdea("Mantova", "Weekend per nomadi digitali", { sharedWithNetwork: true, theme: "digital_transition", stage: "piloting", supportCount: 3 });
    unsharedMantova = makeIdea("Mantova", "Bonus affitto segreto");
    sharedIisalmi = makeIdea("Iisalmi", "Saunailta uusille asukkaille", { sharedWithNetwork: true });
    unsharedIisalmi = makeIdea("Iisalmi", "Oma salainen idea");
    getDb().insert(ideaComments).values({ ideaId: sharedMantova, cityId: cityId["Mantova"], authorUserId: authorId, body: "Only for Mantova's group" }).run();
    getDb()
      .insert(ideaStageChanges)
      .values({ ideaId: sharedMantova, cityId: cityId["Mantova"], fromStage: "shortlisted", toStage: "piloting", reason: "First weekend in September", byUserId: authorId, at: new Date() })
      .run();
  });

  it("lists only shared ideas, partners' opening read-only on the network and one's own city's on its full page", async () => {
    const page = (await network(member)) as NetworkPage;
    const titles = page.ideas.map((i) => i.title);
    expect(titles).toContain("Weekend per nomadi digitali");
    expect(titles).toContain("Saunailta uusille asukkaille");
    expect(titles).not.toContain("Bonus affitto segreto");
    expect(titles).not.toContain("Oma salainen idea");
    expect(page.ideas.find((i) => i.id === sharedMantova)).toMatchObject({
      cityName: "Mantova",
      theme: "digital_transition",
      stage: "piloting",
      own: false,
      href: `/network/ideas/${sharedMantova}`,
      excerpt: "A bold plan. one two",
    });
    expect(page.ideas.find((i) => i.id === sharedIisalmi)).toMatchObject({ own: true, href: `/ideas/${sharedIisalmi}` });
    // No author names on the network.
    expect(JSON.stringify(page)).not.toContain("Giulia Author");
  });

  it("filters by theme and by city; unknown values show everything", async () => {
    const byTheme = (await network(member, "?theme=digital_transition")) as NetworkPage;
    expect(byTheme.ideas.every((i) => i.theme === "digital_transition")).toBe(true);
    expect(byTheme.ideas.map((i) => i.id)).toContain(sharedMantova);
    expect(byTheme.filters.theme).toBe("digital_transition");
    const byCity = (await network(member, `?city=${cityId["Iisalmi"]}`)) as NetworkPage;
    expect(byCity.ideas.map((i) => i.id)).toEqual([sharedIisalmi]);
    expect(byCity.total).toBe(1);
    const both = (await network(member, `?city=${cityId["Iisalmi"]}&theme=digital_transition`)) as NetworkPage;
    expect(both.ideas).toEqual([]);
    const junk = (await network(member, "?city=abc&theme=%3Cscript%3E&page=-4")) as NetworkPage;
    expect(junk.filters).toEqual({ theme: "", city: "" });
    expect(junk.page).toBe(1);
    expect(junk.ideas.length).toBeGreaterThanOrEqual(2);
  });

  it("opens a partner's shared idea read-only, without names, comments or meetings", async () => {
    for (const cookie of [member, coord, project, admin]) {
      expect(status(await shared(sharedMantova, cookie))).toBe(200);
    }
    const page = (await shared(sharedMantova, member)) as SharedPage;
    expect(page.idea).toMatchObject({ title: "Weekend per nomadi digitali", cityName: "Mantova", stage: "piloting", theme: "digital_transition", supportCount: 3 });
    expect(page.history).toEqual([expect.objectContaining({ fromStage: "shortlisted", toStage: "piloting", reason: "First weekend in September", byName: null, meeting: null })]);
    expect(page.fullPage).toBeNull();
    const text = JSON.stringify(page);
    expect(text).not.toContain("Only for Mantova's group");
    expect(text).not.toContain("Giulia Author");
    // The city's own coordinator and admins are offered the full page.
    expect(((await shared(sharedMantova, mantovaCoord)) as SharedPage).fullPage).toBe(`/ideas/${sharedMantova}`);
    expect(((await shared(sharedMantova, admin)) as SharedPage).fullPage).toBe(`/ideas/${sharedMantova}`);
  });

  it("answers 404 for an unshared idea of any city, and /ideas/:id of another city stays 404 even when shared", async () => {
    expect(status(await shared(unsharedMantova, member))).toBe(404);
    expect(status(await shared(unsharedIisalmi, member))).toBe(404);
    expect(status(await shared(999_999_999, member))).toBe(404);
    expect(status(await shared("abc", member))).toBe(404);
    expect(status(await cityIdea(unsharedMantova, member))).toBe(404);
    expect(status(await cityIdea(sharedMantova, member))).toBe(404);
    expect(status(await cityIdea(sharedMantova, coord))).toBe(404);
    // The city itself still has its own page.
    expect(status(await cityIdea(sharedMantova, mantovaCoord))).toBe(200);
    // Un-sharing takes it off the network at once.
    getDb().update(ideas).set({ sharedWithNetwork: false }).where(eq(ideas.id, sharedMantova)).run();
    expect(status(await shared(sharedMantova, member))).toBe(404);
    expect(((await network(member)) as NetworkPage).ideas.map((i) => i.id)).not.toContain(sharedMantova);
    getDb().update(ideas).set({ sharedWithNetwork: true }).where(eq(ideas.id, sharedMantova)).run();
    const anonymous = (await shared(sharedMantova, undefined)) as Response;
    expect(anonymous.status).toBe(302);
  });
});

describe("speed", () => {
  async function statements(fn: () => Promise<unknown>) {
    const spy = spyOnStatements();
    const result = await fn();
    const n = spy.count();
    spy.restore();
    return { n, result };
  }

  function shareMany(city: string, n: number) {
    const themes: IdeaTheme[] = ["city_branding", "digital_transition", "responsibility_sustainability"];
    const rows = Array.from({ length: n }, (_, i) => ({
      cityId: cityId[city],
      authorUserId: authorId,
      title: `${city} shared ${i}`,
      description: `Idea ${i}`,
      theme: themes[i % 3],
      kind: "other" as const,
      sharedWithNetwork: true,
      createdAt: new Date(Date.UTC(2025, 0, 1) + i * 60_000),
    }));
    getDb().insert(ideas).values(rows).run();
  }

  it("runs the same number of SQL statements for 10 shared ideas as for 200, and pages them", async () => {
    shareMany("Plasencia", 10);
    shareMany("Saldus", 200);
    await network(member);
    const a = await statements(() => network(member, `?city=${cityId["Plasencia"]}`));
    const b = await statements(() => network(member, `?city=${cityId["Saldus"]}`));
    const c = await statements(() => network(member, `?city=${cityId["Saldus"]}&theme=digital_transition&page=3`));
    expect((a.result as NetworkPage).total).toBe(10);
    expect((a.result as NetworkPage).ideas).toHaveLength(10);
    expect((b.result as NetworkPage).total).toBe(200);
    expect((b.result as NetworkPage).ideas).toHaveLength(SHARED_IDEAS_PAGE_SIZE);
    expect((c.result as NetworkPage).ideas.map((i) => i.title)[0]).toBe(`Saldus shared ${199 - 3 * 2 * SHARED_IDEAS_PAGE_SIZE}`);
    expect(a.n).toBeGreaterThan(2);
    expect(b.n).toBe(a.n);
    expect(c.n).toBe(a.n);
    // Page 2 follows page 1 without overlap.
    const p1 = ((await network(member, `?city=${cityId["Saldus"]}`)) as NetworkPage).ideas.map((i) => i.id);
    const p2 = ((await network(member, `?city=${cityId["Saldus"]}&page=2`)) as NetworkPage).ideas.map((i) => i.id);
    expect(p2).toHaveLength(SHARED_IDEAS_PAGE_SIZE);
    expect(p1.filter((id) => p2.includes(id))).toEqual([]);
    // Every city row on the page is one of the ten.
    expect(getDb().select().from(cities).all()).toHaveLength(10);
  });
});
