import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "#db/client.server";
import { auditLog, ROLES } from "#db/schema";
import { ROLE_PERMISSIONS } from "~/auth/permissions";
import { getSessionUser } from "~/auth/session.server";
import { loader as memberLoader } from "~/routes/members.$memberId";
import { loader as membersLoader } from "~/routes/members._index";
import { loader as usersLoader, action as usersAction } from "~/routes/admin.users";
import { loader as auditLoader } from "~/routes/admin.audit";
import { loader as citiesLoader } from "~/routes/admin.cities";
import { loader as dashboardLoader } from "~/routes/_index";
import { context, cookieFor, makeCity, makeMember, makeUser, request, settle } from "./factories";

type Loader = (args: { request: Request; context: ReturnType<typeof context>; params: Record<string, string> }) => Promise<unknown>;

async function status(fn: Loader, path: string, cookie: string, params: Record<string, string> = {}) {
  const result = await settle(() => fn({ request: request(path, { cookie }), context: context(), params }));
  return result instanceof Response ? result.status : 200;
}

let iisalmi: number, mantova: number;
let cookies: Record<string, string>;
let mantovaMemberId: number, iisalmiMemberId: number, privateMemberId: number;

beforeAll(async () => {
  iisalmi = makeCity({ name: "Iisalmi" }).id;
  mantova = makeCity({ name: "Mantova", language: "it", timeZone: "Europe/Rome" }).id;
  const member = await makeUser("member", iisalmi);
  const ulg = await makeUser("ulg_coordinator", iisalmi);
  const project = await makeUser("project_coordinator", iisalmi);
  const admin = await makeUser("admin", null);
  const mantovaUlg = await makeUser("ulg_coordinator", mantova);
  cookies = {
    member: await cookieFor(member.id),
    ulg: await cookieFor(ulg.id),
    project: await cookieFor(project.id),
    admin: await cookieFor(admin.id),
    mantova: await cookieFor(mantovaUlg.id),
  };
  iisalmiMemberId = makeMember(iisalmi, { name: "Aino", consentContact: true }).id;
  privateMemberId = makeMember(iisalmi, { name: "Private Person", consentContact: false, email: "private@example.org" }).id;
  mantovaMemberId = makeMember(mantova, { name: "Luca" }).id;
});

describe("role table", () => {
  it("defines permissions for exactly the four roles, and only admins reach every city", () => {
    expect(Object.keys(ROLE_PERMISSIONS).sort()).toEqual([...ROLES].sort());
    for (const role of ROLES) {
      const anyCity = [...ROLE_PERMISSIONS[role]].filter((p) => p.endsWith(":any") && !p.startsWith("read:network") && !p.includes(":network-"));
      if (role === "admin") expect(anyCity.length).toBeGreaterThan(0);
      else expect(anyCity).toEqual([]);
    }
  });
});

describe("city scoping", () => {
  it("answers 404 for another city's member, and 200 for one's own", async () => {
    expect(await status(memberLoader, `/members/${mantovaMemberId}`, cookies.ulg, { memberId: String(mantovaMemberId) })).toBe(404);
    expect(await status(memberLoader, `/members/${iisalmiMemberId}`, cookies.ulg, { memberId: String(iisalmiMemberId) })).toBe(200);
    expect(await status(memberLoader, `/members/${iisalmiMemberId}`, cookies.mantova, { memberId: String(iisalmiMemberId) })).toBe(404);
    expect(await status(memberLoader, `/members/abc`, cookies.ulg, { memberId: "abc" })).toBe(404);
  });

  it("lists only the user's own city on the roster; the admin sees every city", async () => {
    const mine = (await membersLoader({ request: request("/members", { cookie: cookies.member }), context: context(), params: {} })) as { rows: { name: string }[] };
    expect(mine.rows.map((r) => r.name).sort()).toEqual(["Aino", "Private Person"]);
    const all = (await membersLoader({ request: request("/members", { cookie: cookies.admin }), context: context(), params: {} })) as { rows: { name: string }[] };
    expect(all.rows.map((r) => r.name)).toContain("Luca");
  });

  it("hides contact details from members unless the person consented; coordinators see them", async () => {
    const asMember = (await memberLoader({ request: request("/", { cookie: cookies.member }), context: context(), params: { memberId: String(privateMemberId) } })) as { member: { email: string | null }; contactHidden: boolean };
    expect(asMember.member.email).toBeNull();
    expect(asMember.contactHidden).toBe(true);
    const asCoordinator = (await memberLoader({ request: request("/", { cookie: cookies.ulg }), context: context(), params: { memberId: String(privateMemberId) } })) as { member: { email: string | null } };
    expect(asCoordinator.member.email).toBe("private@example.org");
  });
});

describe("role checks", () => {
  it("gives a member 403 on administration pages and records the refusal", async () => {
    expect(await status(usersLoader, "/admin/users", cookies.member)).toBe(403);
    expect(await status(auditLoader, "/admin/audit", cookies.member)).toBe(403);
    expect(await status(citiesLoader, "/admin/cities", cookies.member)).toBe(403);
    expect(await status(usersLoader, "/admin/users", cookies.ulg)).toBe(403);
    const member = await getSessionUser(request("/", { cookie: cookies.member }));
    const denied = getDb().select().from(auditLog).where(eq(auditLog.action, "access.denied")).all();
    expect(denied.some((d) => d.actorUserId === member!.id)).toBe(true);
  });

  it("lets a project coordinator manage accounts and read the audit log of their city, and the admin everything", async () => {
    expect(await status(usersLoader, "/admin/users", cookies.project)).toBe(200);
    expect(await status(auditLoader, "/admin/audit", cookies.project)).toBe(200);
    expect(await status(citiesLoader, "/admin/cities", cookies.project)).toBe(403);
    expect(await status(citiesLoader, "/admin/cities", cookies.admin)).toBe(200);
    expect(await status(dashboardLoader, "/", cookies.admin)).toBe(200);
  });

  it("refuses a member's direct POST to deactivate an account", async () => {
    const target = await makeUser("member", iisalmi);
    const res = await settle(() =>
      usersAction({ request: request("/admin/users", { cookie: cookies.member, form: { intent: "deactivate", userId: String(target.id) } }), context: context(), params: {} }),
    );
    expect((res as Response).status).toBe(403);
  });
});

describe("deactivation", () => {
  it("ends every session of the deactivated user; another city's account answers 404", async () => {
    const target = await makeUser("member", iisalmi);
    const targetCookie = await cookieFor(target.id);
    const res = (await settle(() =>
      usersAction({ request: request("/admin/users", { cookie: cookies.project, form: { intent: "deactivate", userId: String(target.id) } }), context: context(), params: {} }),
    )) as Response;
    expect(res.status).toBe(302);
    expect(await getSessionUser(request("/", { cookie: targetCookie }))).toBeNull();

    const foreign = await makeUser("member", mantova);
    const res404 = (await settle(() =>
      usersAction({ request: request("/admin/users", { cookie: cookies.project, form: { intent: "deactivate", userId: String(foreign.id) } }), context: context(), params: {} }),
    )) as Response;
    expect(res404.status).toBe(404);
  });
});
