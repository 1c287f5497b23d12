import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "#db/client.server";
import { cities, outbox, users } from "#db/schema";
import { action as newAccountAction, loader as newAccountLoader } from "~/routes/admin.users_.new";
import { action as usersAction } from "~/routes/admin.users";
import { action as newCityAction } from "~/routes/admin.cities_.new";
import { action as editCityAction, loader as editCityLoader } from "~/routes/admin.cities_.$cityId";
import { context, cookieFor, makeCity, makeUser, request, settle } from "./factories";

type Reply = { init: { status: number }; data: { error?: Record<string, string[]>; formErrors?: string[] } };

let city: number, other: number;
let project: string, ulg: string, admin: string;
let projectId: number;

beforeAll(async () => {
  city = makeCity({ language: "fi" }).id;
  other = makeCity().id;
  const p = await makeUser("project_coordinator", city);
  projectId = p.id;
  project = await cookieFor(p.id);
  ulg = await cookieFor((await makeUser("ulg_coordinator", city)).id);
  admin = await cookieFor((await makeUser("admin", null)).id);
});

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyAction = (args: any) => Promise<unknown>;
const call = (fn: AnyAction, path: string, cookie: string, form: Record<string, string>, params: Record<string, string> = {}) =>
  settle(() => fn({ request: request(path, { cookie, form }), context: context(), params }));

describe("creating accounts", () => {
  it("lets a project coordinator create a coordinator of their own city and sends the invitation", async () => {
    const res = (await call(newAccountAction, "/admin/users/new", project, { name: "Uusi Koordinaattori", email: "New.Coord@example.fi", role: "ulg_coordinator", language: "fi", cityId: String(other) })) as Response;
    expect(res.status).toBe(302);
    const created = getDb().select().from(users).where(eq(users.email, "new.coord@example.fi")).get()!;
    // The city comes from the coordinator, whatever the form said.
    expect(created).toMatchObject({ role: "ulg_coordinator", cityId: city, passwordHash: null, language: "fi" });
    const mail = getDb().select().from(outbox).where(eq(outbox.toAddress, "new.coord@example.fi")).get()!;
    expect(mail.language).toBe("fi");
    expect(mail.textBody).toMatch(/\/invite\/[\w-]+/);
  });

  it("refuses an admin role from a project coordinator, a duplicate e-mail, and bad input", async () => {
    const admin400 = (await call(newAccountAction, "/admin/users/new", project, { name: "X", email: "x1@example.org", role: "admin", language: "en" })) as Reply;
    expect(admin400.init.status).toBe(400);
    expect(admin400.data.error?.role).toEqual(["validation.invalid"]);
    const existing = await makeUser("member", city);
    const dup = (await call(newAccountAction, "/admin/users/new", project, { name: "X", email: existing.email.toUpperCase(), role: "member", language: "en" })) as Reply;
    expect(dup.data.error?.email).toEqual(["accountsAdmin.emailTaken"]);
    const bad = (await call(newAccountAction, "/admin/users/new", project, { name: "", email: "nope", role: "member", language: "sv" })) as Reply;
    expect(bad.init.status).toBe(400);
    expect(Object.keys(bad.data.error ?? {}).sort()).toEqual(["email", "language", "name"]);
    expect(getDb().select().from(users).where(eq(users.email, "x1@example.org")).get()).toBeUndefined();
  });

  it("makes an admin choose the city of a city role, and gives ULG coordinators 403", async () => {
    const noCity = (await call(newAccountAction, "/admin/users/new", admin, { name: "Y", email: "y@example.org", role: "member", language: "en" })) as Reply;
    expect(noCity.data.error?.cityId).toEqual(["accountsAdmin.cityRequired"]);
    const ok = (await call(newAccountAction, "/admin/users/new", admin, { name: "Y", email: "y@example.org", role: "member", language: "en", cityId: String(other) })) as Response;
    expect(ok.status).toBe(302);
    expect(getDb().select().from(users).where(eq(users.email, "y@example.org")).get()!.cityId).toBe(other);
    expect(((await settle(() => newAccountLoader({ request: request("/admin/users/new", { cookie: ulg }), context: context(), params: {} }))) as Response).status).toBe(403);
    expect(((await call(newAccountAction, "/admin/users/new", ulg, { name: "Z", email: "z@example.org", role: "member", language: "en" })) as Response).status).toBe(403);
  });
});

describe("changing roles", () => {
  it("changes a role within the city, never one's own, never to admin, and 404 for other cities", async () => {
    const target = await makeUser("member", city);
    const ok = (await call(usersAction, "/admin/users", project, { intent: "role", userId: String(target.id), role: "ulg_coordinator" })) as Response;
    expect(ok.status).toBe(302);
    expect(getDb().select().from(users).where(eq(users.id, target.id)).get()!.role).toBe("ulg_coordinator");
    const self = (await call(usersAction, "/admin/users", project, { intent: "role", userId: String(projectId), role: "member" })) as Reply;
    expect(self.init.status).toBe(400);
    const toAdmin = (await call(usersAction, "/admin/users", project, { intent: "role", userId: String(target.id), role: "admin" })) as Reply;
    expect(toAdmin.init.status).toBe(400);
    const foreign = await makeUser("member", other);
    expect(((await call(usersAction, "/admin/users", project, { intent: "role", userId: String(foreign.id), role: "ulg_coordinator" })) as Response).status).toBe(404);
    expect(getDb().select().from(users).where(eq(users.id, foreign.id)).get()!.role).toBe("member");
  });
});

describe("cities", () => {
  it("lets an admin add and edit cities, with one lead partner; others get 403", async () => {
    const form = { name: "Trebinje", slug: "trebinje", country: "ba", language: "sr", timeZone: "Europe/Sarajevo", isLeadPartner: "on" };
    const res = (await call(newCityAction, "/admin/cities/new", admin, form)) as Response;
    expect(res.status).toBe(302);
    const created = getDb().select().from(cities).where(eq(cities.slug, "trebinje")).get()!;
    expect(created).toMatchObject({ country: "BA", isLeadPartner: true });
    const second = (await call(newCityAction, "/admin/cities/new", admin, { ...form, name: "Šibenik", slug: "sibenik", country: "HR", language: "hr", timeZone: "Europe/Zagreb" })) as Response;
    expect(second.status).toBe(302);
    expect(getDb().select().from(cities).where(eq(cities.isLeadPartner, true)).all().map((c) => c.slug)).toEqual(["sibenik"]);

    const dup = (await call(newCityAction, "/admin/cities/new", admin, { ...form, isLeadPartner: "" })) as Reply;
    expect(dup.data.error?.slug).toEqual(["citiesAdmin.slugTaken"]);
    const bad = (await call(newCityAction, "/admin/cities/new", admin, { name: "X", slug: "Bad Slug", country: "FIN", language: "finnish", timeZone: "Mars/Olympus" })) as Reply;
    expect(Object.keys(bad.data.error ?? {}).sort()).toEqual(["country", "language", "slug", "timeZone"]);

    const edit = (await call(editCityAction, `/admin/cities/${created.id}`, admin, { ...form, name: "Trebinje (BA)", isLeadPartner: "" }, { cityId: String(created.id) })) as Response;
    expect(edit.status).toBe(302);
    expect(getDb().select().from(cities).where(eq(cities.id, created.id)).get()!.name).toBe("Trebinje (BA)");
    expect(((await call(newCityAction, "/admin/cities/new", project, form)) as Response).status).toBe(403);
    expect(((await settle(() => editCityLoader({ request: request("/admin/cities/999999", { cookie: admin }), context: context(), params: { cityId: "999999" } }))) as Response).status).toBe(404);
  });
});
