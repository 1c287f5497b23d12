import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "#db/client.server";
import { members, users } from "#db/schema";
import { getSessionUser } from "~/auth/session.server";
import { listMembers } from "~/models/members.server";
import { cityScope } from "~/models/scope.server";
import { action as newAction, loader as newLoader } from "~/routes/members.new";
import { action as editAction, loader as editLoader } from "~/routes/members.$memberId_.edit";
import { loader as rosterLoader } from "~/routes/members._index";
import { context, cookieFor, makeCity, makeMember, makeUser, request, settle } from "./factories";

type Reply = { init: { status: number }; data: { error?: Record<string, string[]>; initialValue?: Record<string, unknown>; result?: { error?: Record<string, string[]> } } };

let city: number, other: number;
let coordinator: string, member: string, admin: string;

beforeAll(async () => {
  city = makeCity({ language: "fi" }).id;
  other = makeCity().id;
  coordinator = await cookieFor((await makeUser("ulg_coordinator", city)).id);
  member = await cookieFor((await makeUser("member", city)).id);
  admin = await cookieFor((await makeUser("admin", null)).id);
});

const post = (path: string, cookie: string, form: Record<string, string>, params: Record<string, string> = {}) =>
  settle(() => (path.endsWith("/edit") ? editAction : newAction)({ request: request(path, { cookie, form }), context: context(), params }));

describe("adding a member", () => {
  it("adds with only name and sector, lower-casing the e-mail", async () => {
    const res = (await post("/members/new", coordinator, { name: "Väinö Äärimäki", sector: "private", email: "Vaino@Example.FI" })) as Response;
    expect(res.status).toBe(302);
    const id = Number(res.headers.get("Location")!.match(/\/members\/(\d+)/)![1]);
    const row = getDb().select().from(members).where(eq(members.id, id)).get()!;
    expect(row).toMatchObject({ name: "Väinö Äärimäki", sector: "private", email: "vaino@example.fi", cityId: city, organisation: null });
  });

  it("rejects bad input with field messages, keeps what was typed and writes nothing", async () => {
    const before = getDb().select().from(members).all().length;
    const cases: [Record<string, string>, string, string][] = [
      [{ name: "", sector: "civic" }, "name", "validation.required"],
      [{ name: "A", sector: "pirate" }, "sector", "validation.sector"],
      [{ name: "A", sector: "civic", email: "not-an-email" }, "email", "validation.email"],
      [{ name: "x".repeat(10_000), sector: "civic" }, "name", "validation.tooLong"],
      [{ name: "A", sector: "civic", phone: "<script>" }, "phone", "validation.phone"],
      [{ name: "A", sector: "civic", joinedOn: "31.12.2024" }, "joinedOn", "validation.date"],
    ];
    for (const [form, field, message] of cases) {
      const res = (await post("/members/new", coordinator, form)) as Reply;
      expect(res.init.status).toBe(400);
      expect(res.data.error?.[field]).toEqual([message]);
      expect(res.data.initialValue?.name ?? "").toBe(form.name);
    }
    expect(getDb().select().from(members).all().length).toBe(before);
  });

  it("refuses an e-mail another member of the city has, but allows it in another city", async () => {
    makeMember(city, { email: "taken@example.org" });
    const res = (await post("/members/new", coordinator, { name: "B", sector: "civic", email: "TAKEN@example.org" })) as Reply;
    expect(res.init.status).toBe(400);
    expect(res.data.error?.email).toEqual(["memberForm.emailTaken"]);
    makeMember(other, { email: "shared@example.org" });
    expect(((await post("/members/new", coordinator, { name: "C", sector: "civic", email: "shared@example.org" })) as Response).status).toBe(302);
  });

  it("refuses members and admins (403) on the page and the direct POST", async () => {
    for (const cookie of [member, admin]) {
      expect(((await settle(() => newLoader({ request: request("/members/new", { cookie }), context: context(), params: {} }))) as Response).status).toBe(403);
      expect(((await post("/members/new", cookie, { name: "X", sector: "civic" })) as Response).status).toBe(403);
    }
  });
});

describe("editing and ending a membership", () => {
  it("edits a member of the city; another city's member answers 404", async () => {
    const m = makeMember(city, { name: "Old Name" });
    const path = `/members/${m.id}/edit`;
    const res = (await post(path, coordinator, { name: "New Name", sector: "knowledge", consentContact: "on" }, { memberId: String(m.id) })) as Response;
    expect(res.status).toBe(302);
    expect(getDb().select().from(members).where(eq(members.id, m.id)).get()).toMatchObject({ name: "New Name", sector: "knowledge", consentContact: true });

    const foreign = makeMember(other, { name: "Foreign" });
    const fp = `/members/${foreign.id}/edit`;
    expect(((await settle(() => editLoader({ request: request(fp, { cookie: coordinator }), context: context(), params: { memberId: String(foreign.id) } }))) as Response).status).toBe(404);
    expect(((await post(fp, coordinator, { name: "Hacked", sector: "civic" }, { memberId: String(foreign.id) })) as Response).status).toBe(404);
    expect(getDb().select().from(members).where(eq(members.id, foreign.id)).get()!.name).toBe("Foreign");
  });

  it("refuses a member's direct POST to edit or end (403)", async () => {
    const m = makeMember(city);
    const path = `/members/${m.id}/edit`;
    expect(((await post(path, member, { name: "X", sector: "civic" }, { memberId: String(m.id) })) as Response).status).toBe(403);
    expect(((await post(path, member, { intent: "end", leftOn: "2025-01-01" }, { memberId: String(m.id) })) as Response).status).toBe(403);
  });

  it("ends a membership: history row stays, the account is deactivated and signed out", async () => {
    const account = await makeUser("member", city);
    const accountCookie = await cookieFor(account.id);
    const m = makeMember(city, { userId: account.id });
    const path = `/members/${m.id}/edit`;
    const bad = (await post(path, coordinator, { intent: "end", leftOn: "yesterday" }, { memberId: String(m.id) })) as Reply;
    expect(bad.init.status).toBe(400);
    expect(getDb().select().from(members).where(eq(members.id, m.id)).get()!.leftOn).toBeNull();

    const res = (await post(path, coordinator, { intent: "end", leftOn: "2025-06-30" }, { memberId: String(m.id) })) as Response;
    expect(res.status).toBe(302);
    expect(getDb().select().from(members).where(eq(members.id, m.id)).get()!.leftOn).toBe("2025-06-30");
    expect(getDb().select().from(users).where(eq(users.id, account.id)).get()!.active).toBe(false);
    expect(await getSessionUser(request("/", { cookie: accountCookie }))).toBeNull();

    const again = (await post(path, coordinator, { intent: "end", leftOn: "2025-07-01" }, { memberId: String(m.id) })) as Reply;
    expect(again.init.status).toBe(400);
    expect(again.data.result?.error?.[""]).toEqual(["membership.alreadyLeft"]);

    const back = (await post(path, coordinator, { intent: "rejoin" }, { memberId: String(m.id) })) as Response;
    expect(back.status).toBe(302);
    expect(getDb().select().from(members).where(eq(members.id, m.id)).get()!.leftOn).toBeNull();
  });
});

describe("roster list", () => {
  it("sorts names with Finnish rules, filters by sector, status and search, and pages at 25", async () => {
    const c = makeCity({ language: "fi" }).id;
    for (const name of ["Örjan Ö", "Zacharias Z", "Äijä Ä", "Aino A", "Åke Å"]) makeMember(c, { name, sector: "civic" });
    makeMember(c, { name: "Left Person", leftOn: "2024-01-01", sector: "public", organisation: "Savonia" });
    const scope = cityScope(c);
    const active = listMembers(scope, { status: "active", page: 1 }, "fi").rows.map((r) => r.name);
    expect(active).toEqual(["Aino A", "Zacharias Z", "Åke Å", "Äijä Ä", "Örjan Ö"]);
    expect(listMembers(scope, { status: "left", page: 1 }, "fi").rows.map((r) => r.name)).toEqual(["Left Person"]);
    expect(listMembers(scope, { status: "all", q: "savo", page: 1 }, "fi").rows.map((r) => r.name)).toEqual(["Left Person"]);
    expect(listMembers(scope, { status: "all", q: "%", page: 1 }, "fi").rows).toEqual([]);
    // Case folds for Ä, Ö and Å too (SQLite's LIKE folds only A–Z), typed composed or decomposed.
    expect(listMembers(scope, { status: "all", q: "örjan", page: 1 }, "fi").rows.map((r) => r.name)).toEqual(["Örjan Ö"]);
    expect(listMembers(scope, { status: "all", q: "äijä".normalize("NFD"), page: 1 }, "fi").rows.map((r) => r.name)).toEqual(["Äijä Ä"]);
    expect(listMembers(scope, { status: "all", sector: "public", page: 1 }, "fi").total).toBe(1);
    for (let i = 0; i < 30; i++) makeMember(c, { name: `Bulk ${String(i).padStart(2, "0")}` });
    const page2 = listMembers(scope, { status: "active", page: 2 }, "fi");
    expect(page2.total).toBe(35);
    expect(page2.rows).toHaveLength(10);
  });

  it("shows roster health with the sector mix to a city user", async () => {
    const res = (await rosterLoader({ request: request("/members", { cookie: coordinator }), context: context(), params: {} })) as { health: { active: number; bySector: Record<string, number> }; canWrite: boolean };
    expect(res.canWrite).toBe(true);
    const counted = getDb().select().from(members).where(eq(members.cityId, city)).all().filter((m) => !m.leftOn);
    expect(res.health.active).toBe(counted.length);
    expect(res.health.bySector.private).toBe(counted.filter((m) => m.sector === "private").length);
  });
});
