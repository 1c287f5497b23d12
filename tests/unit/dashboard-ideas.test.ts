// The ideas on the dashboard: the funnel by stage, the themes, the newest five and the reader's own
// ideas; the city's figures for city roles and the network's for admins, in a fixed number of statements.
import { spyOnStatements } from "./sql-count";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { getConnection, getDb } from "#db/client.server";
import { ideas, type IdeaStage, type IdeaTheme } from "#db/schema";
import { DASHBOARD_OWN_IDEAS } from "~/models/dashboard.server";
import { loader } from "~/routes/_index";
import { context, cookieFor, makeCity, makeUser, request, settle } from "./factories";

type Page = Awaited<ReturnType<typeof loader>>;
const dashboard = (cookie: string) => settle(() => loader({ request: request("/", { cookie }), context: context(), params: {} })) as Promise<Page>;

let iisalmi: number, mantova: number;
let memberId: number, otherId: number;
let member: string, other: string, coord: string, admin: string, mantovaCoord: string;
let minute = 0;

function makeIdea(cityId: number, authorUserId: number, title: string, stage: IdeaStage, theme: IdeaTheme) {
  // Distinct creation times, so "newest" has one right answer.
  const createdAt = new Date(Date.UTC(2025, 0, 1) + ++minute * 60_000);
  return getDb().insert(ideas).values({ cityId, authorUserId, title, description: "x", theme, kind: "other", stage, createdAt, updatedAt: createdAt }).returning().get().id;
}

beforeAll(async () => {
  iisalmi = makeCity({ name: "Iisalmi" }).id;
  mantova = makeCity({ name: "Mantova", language: "it", timeZone: "Europe/Rome" }).id;
  const m = await makeUser("member", iisalmi);
  memberId = m.id;
  member = await cookieFor(m.id);
  const o = await makeUser("member", iisalmi);
  otherId = o.id;
  other = await cookieFor(o.id);
  coord = await cookieFor((await makeUser("ulg_coordinator", iisalmi)).id);
  admin = await cookieFor((await makeUser("admin", null)).id);
  const mc = await makeUser("ulg_coordinator", mantova);
  mantovaCoord = await cookieFor(mc.id);

  // Iisalmi: 3 proposed, 2 discussed, 1 shortlisted, 1 piloting, 0 evaluated, 1 in plan, 1 parked, 1 rejected.
  const plan: [IdeaStage, IdeaTheme, number][] = [
    ["proposed", "city_branding", memberId],
    ["proposed", "city_branding", otherId],
    ["proposed", "digital_transition", memberId],
    ["discussed", "digital_transition", otherId],
    ["discussed", "responsibility_sustainability", memberId],
    ["shortlisted", "city_branding", otherId],
    ["piloting", "city_branding", otherId],
    ["in_action_plan", "responsibility_sustainability", otherId],
    ["parked", "digital_transition", memberId],
    ["rejected", "city_branding", otherId],
  ];
  plan.forEach(([stage, theme, author], i) => makeIdea(iisalmi, author, `Iisalmi idea ${i}`, stage, theme));
  makeIdea(mantova, mc.id, "Mantova idea A", "evaluated", "digital_transition");
  makeIdea(mantova, mc.id, "Mantova idea B", "proposed", "city_branding");
});

describe("the dashboard's ideas", () => {
  it("counts the city's ideas by stage (the funnel) and by theme, nothing of other cities", async () => {
    const page = await dashboard(member);
    expect(page.ideas?.total).toBe(10);
    expect(page.ideas?.byStage).toEqual({ proposed: 3, discussed: 2, shortlisted: 1, piloting: 1, evaluated: 0, in_action_plan: 1, parked: 1, rejected: 1 });
    expect(page.ideas?.byTheme).toEqual({ city_branding: 5, digital_transition: 3, responsibility_sustainability: 2 });
    expect(JSON.stringify(page.ideas)).not.toContain("Mantova idea");
    const mantovaPage = await dashboard(mantovaCoord);
    expect(mantovaPage.ideas?.byStage).toMatchObject({ proposed: 1, evaluated: 1, discussed: 0 });
  });

  it("lists the five newest ideas and the reader's own, with their stages", async () => {
    const page = await dashboard(member);
    expect(page.ideas?.newest.map((i) => i.title)).toEqual(["Iisalmi idea 9", "Iisalmi idea 8", "Iisalmi idea 7", "Iisalmi idea 6", "Iisalmi idea 5"]);
    expect(page.ideas?.own?.total).toBe(4);
    expect(page.ideas?.own?.ideas.map((i) => [i.title, i.stage])).toEqual([
      ["Iisalmi idea 8", "parked"],
      ["Iisalmi idea 4", "discussed"],
      ["Iisalmi idea 2", "proposed"],
      ["Iisalmi idea 0", "proposed"],
    ]);
    const coordPage = await dashboard(coord);
    expect(coordPage.ideas?.own).toEqual({ total: 0, ideas: [] });
    expect((await dashboard(other)).ideas?.own?.total).toBe(6);
  });

  it("gives admins the network's figures and no own ideas", async () => {
    const page = await dashboard(admin);
    expect(page.network).toBe(true);
    expect(page.ideas?.total).toBe(12);
    expect(page.ideas?.byStage).toMatchObject({ proposed: 4, evaluated: 1 });
    expect(page.ideas?.newest.map((i) => [i.title, i.cityName])[0]).toEqual(["Mantova idea B", "Mantova"]);
    expect(page.ideas?.own).toBeNull();
  });

  it("runs the same number of SQL statements for 10 ideas as for 300", async () => {
    // Executions, not preparations: the dashboard's statements are prepared once per connection.
    const statements = async (fn: () => Promise<unknown>) => {
      const spy = spyOnStatements();
      const result = await fn();
      const n = spy.count();
      spy.restore();
      return { n, result };
    };
    const small = makeCity({ name: "Small" }).id;
    const large = makeCity({ name: "Large" }).id;
    const smallUser = await makeUser("member", small);
    const largeUser = await makeUser("member", large);
    const stages: IdeaStage[] = ["proposed", "discussed", "shortlisted", "piloting", "evaluated", "in_action_plan", "parked", "rejected"];
    const themes: IdeaTheme[] = ["city_branding", "digital_transition", "responsibility_sustainability"];
    for (let i = 0; i < 10; i++) makeIdea(small, smallUser.id, `S${i}`, stages[i % 8], themes[i % 3]);
    const rows = Array.from({ length: 300 }, (_, i) => ({ cityId: large, authorUserId: largeUser.id, title: `L${i}`, description: "x", theme: themes[i % 3], kind: "other" as const, stage: stages[i % 8] }));
    getDb().insert(ideas).values(rows).run();
    const smallCookie = await cookieFor(smallUser.id);
    const largeCookie = await cookieFor(largeUser.id);
    await dashboard(smallCookie);
    const a = await statements(() => dashboard(smallCookie));
    const b = await statements(() => dashboard(largeCookie));
    expect((a.result as Page).ideas?.total).toBe(10);
    expect((b.result as Page).ideas?.total).toBe(300);
    expect((b.result as Page).ideas?.own?.ideas).toHaveLength(DASHBOARD_OWN_IDEAS);
    expect((b.result as Page).ideas?.own?.total).toBe(300);
    expect(b.n).toBe(a.n);
    // The session, the figures with the ideas, my actions and the next meetings.
    expect(a.n).toBeLessThanOrEqual(4);
  });
});
