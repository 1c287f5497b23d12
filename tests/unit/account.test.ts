import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "#db/client.server";
import { auditLog, authTokens, loginFailures, members, outbox, sessions, users } from "#db/schema";
import { verifyPassword } from "~/auth/password.server";
import { getSessionUser } from "~/auth/session.server";
import { getT } from "~/i18n/i18next.server";
import { issueToken, lookupToken } from "~/models/tokens.server";
import { pendingErasureRequests } from "~/models/erasure.server";
import { cityScope } from "~/models/scope.server";
import { displayMemberName } from "~/utils/member-display";
import { action as loginAction } from "~/routes/login";
import { action as settingsAction, loader as settingsLoader } from "~/routes/settings";
import { loader as myDataLoader } from "~/routes/settings.my-data[.json]";
import { action as eraseAction, loader as eraseLoader } from "~/routes/members.$memberId_.erase";
import { loader as memberLoader } from "~/routes/members.$memberId";
import { loader as rosterLoader } from "~/routes/members._index";
import { context, cookieFor, makeCity, makeMember, makeUser, request, settle, TEST_PASSWORD } from "./factories";

type Reply = { status?: string; error?: Record<string, string[] | null> | null; initialValue?: Record<string, unknown> };
type DataResult<T> = { type: string; data: T; init: { status: number } | null };
type SettingsResult = DataResult<{ intent: string; result: Reply }>;

const NEW_PASSWORD = "lighthouse marmalade tractor";

let ipCounter = 0;
/** A fresh client address per call, so sign-in failures of one test never rate-limit another. */
const freshContext = () => context(`198.18.${Math.floor(++ipCounter / 250)}.${ipCounter % 250}`);

let cityA: number;
let cityB: number;
beforeAll(() => {
  cityA = makeCity({ timeZone: "Europe/Helsinki" }).id;
  cityB = makeCity().id;
});

function postSettings(cookie: string, form: Record<string, string>, ctx = freshContext()) {
  return settle(() => settingsAction({ request: request("/settings", { cookie, form }), context: ctx, params: {} }));
}

function userRow(id: number) {
  return getDb().select().from(users).where(eq(users.id, id)).get()!;
}

function sessionCount(userId: number) {
  return getDb().select().from(sessions).where(eq(sessions.userId, userId)).all().length;
}

describe("/settings", () => {
  it("sends anonymous visitors to the sign-in page", async () => {
    const res = (await settle(() => settingsLoader({ request: request("/settings"), context: context(), params: {} }))) as Response;
    expect(res.status).toBe(302);
    expect(res.headers.get("Location")).toBe("/login?redirectTo=%2Fsettings");
    const post = (await settle(() => settingsAction({ request: request("/settings", { form: { intent: "profile", name: "X", language: "en" } }), context: context(), params: {} }))) as Response;
    expect(post.headers.get("Location")).toMatch(/^\/login/);
  });

  it("saves name and language and refuses an empty name without saving", async () => {
    const user = await makeUser("member", cityA);
    const cookie = await cookieFor(user.id);
    const bad = (await postSettings(cookie, { intent: "profile", name: "  ", language: "fi" })) as SettingsResult;
    expect(bad.init?.status).toBe(400);
    expect(bad.data.intent).toBe("profile");
    expect(bad.data.result.error?.name).toEqual(["validation.required"]);
    expect(userRow(user.id).language).toBe("en");

    const ok = (await postSettings(cookie, { intent: "profile", name: "Aino Ääninen", language: "fi" })) as Response;
    expect(ok.status).toBe(302);
    expect(ok.headers.get("Location")).toBe("/settings?saved=profile");
    expect(userRow(user.id)).toMatchObject({ name: "Aino Ääninen", language: "fi" });
  });

  it("answers an unknown intent with 400 and changes nothing", async () => {
    const user = await makeUser("member", cityA);
    const res = (await postSettings(await cookieFor(user.id), { intent: "drop-tables", name: "X" })) as Response;
    expect(res.status).toBe(400);
    expect(userRow(user.id).name).toBe(user.name);
  });
});

describe("password change", () => {
  it("refuses a wrong current password with a field message and keeps the old password", async () => {
    const user = await makeUser("member", cityA);
    const cookie = await cookieFor(user.id);
    const res = (await postSettings(cookie, { intent: "password", currentPassword: "not the password", newPassword: NEW_PASSWORD, confirmPassword: NEW_PASSWORD })) as SettingsResult;
    expect(res.init?.status).toBe(400);
    expect(res.data.intent).toBe("password");
    expect(res.data.result.error?.currentPassword).toEqual(["account.wrongPassword"]);
    // Passwords are never sent back to the form.
    expect(JSON.stringify(res.data)).not.toContain(NEW_PASSWORD);
    expect(JSON.stringify(res.data)).not.toContain("not the password");
    expect(userRow(user.id).passwordHash).toBe(user.passwordHash);
    expect(getDb().select().from(auditLog).where(and(eq(auditLog.actorUserId, user.id), eq(auditLog.action, "user.change_password"))).all()).toHaveLength(0);
  });

  it("refuses a short, a common and a mismatched new password", async () => {
    const user = await makeUser("member", cityA, { name: "Veikko Virtanen" });
    const cookie = await cookieFor(user.id);
    const cases: [Record<string, string>, string, string][] = [
      [{ newPassword: "short", confirmPassword: "short" }, "newPassword", "validation.passwordLength"],
      [{ newPassword: "password1234", confirmPassword: "password1234" }, "newPassword", "validation.passwordCommon"],
      [{ newPassword: "veikkovirtanen", confirmPassword: "veikkovirtanen" }, "newPassword", "validation.passwordCommon"],
      [{ newPassword: NEW_PASSWORD, confirmPassword: `${NEW_PASSWORD}!` }, "confirmPassword", "account.passwordMismatch"],
      [{ newPassword: "", confirmPassword: "" }, "newPassword", "validation.required"],
    ];
    for (const [fields, field, message] of cases) {
      const res = (await postSettings(cookie, { intent: "password", currentPassword: TEST_PASSWORD, ...fields })) as SettingsResult;
      expect(res.init?.status, JSON.stringify(fields)).toBe(400);
      expect(res.data.result.error?.[field], JSON.stringify(fields)).toEqual([message]);
    }
    expect(userRow(user.id).passwordHash).toBe(user.passwordHash);
  });

  it("changes the password, ends the other sessions, keeps this one, and the new password signs in", async () => {
    const user = await makeUser("member", cityA);
    const current = await cookieFor(user.id);
    const other = await cookieFor(user.id);
    const resetToken = issueToken("reset", user.id);
    const res = (await postSettings(current, { intent: "password", currentPassword: TEST_PASSWORD, newPassword: NEW_PASSWORD, confirmPassword: NEW_PASSWORD })) as Response;
    expect(res.status).toBe(302);
    expect(res.headers.get("Location")).toBe("/settings?saved=password");

    expect((await getSessionUser(request("/settings", { cookie: current })))?.id).toBe(user.id);
    expect(await getSessionUser(request("/settings", { cookie: other }))).toBeNull();
    expect(sessionCount(user.id)).toBe(1);
    expect(await verifyPassword(userRow(user.id).passwordHash, NEW_PASSWORD)).toBe(true);
    // A reset link mailed before the change no longer works.
    expect(lookupToken("reset", resetToken).status).toBe("used");

    const signIn = (form: Record<string, string>) => settle(() => loginAction({ request: request("/login", { form }), context: freshContext(), params: {} }));
    const withNew = (await signIn({ email: user.email, password: NEW_PASSWORD, redirectTo: "" })) as Response;
    expect(withNew.status).toBe(302);
    const withOld = (await signIn({ email: user.email, password: TEST_PASSWORD, redirectTo: "" })) as DataResult<Reply>;
    expect(withOld.init?.status).toBe(400);

    const audit = getDb().select().from(auditLog).where(and(eq(auditLog.actorUserId, user.id), eq(auditLog.action, "user.change_password"))).all();
    expect(audit).toHaveLength(1);
    expect(JSON.stringify(audit)).not.toContain(NEW_PASSWORD);
  });

  it("counts wrong current passwords against the sign-in limit", async () => {
    const user = await makeUser("member", cityA);
    const cookie = await cookieFor(user.id);
    const at = new Date();
    for (let i = 0; i < 10; i++) getDb().insert(loginFailures).values({ email: user.email, ipAddress: `192.0.2.${i}`, at }).run();
    const res = (await postSettings(cookie, { intent: "password", currentPassword: TEST_PASSWORD, newPassword: NEW_PASSWORD, confirmPassword: NEW_PASSWORD })) as SettingsResult;
    expect(res.init?.status).toBe(429);
    expect(res.data.result.error?.[""]?.[0]).toMatch(/^login\.tooMany\|/);
    expect(userRow(user.id).passwordHash).toBe(user.passwordHash);
  });

  it("records a wrong current password as a sign-in failure", async () => {
    const user = await makeUser("member", cityA);
    await postSettings(await cookieFor(user.id), { intent: "password", currentPassword: "guess guess guess", newPassword: NEW_PASSWORD, confirmPassword: NEW_PASSWORD });
    expect(getDb().select().from(loginFailures).where(eq(loginFailures.email, user.email)).all()).toHaveLength(1);
  });
});

describe("/settings/my-data.json", () => {
  it("sends anonymous visitors to the sign-in page", async () => {
    const res = (await settle(() => myDataLoader({ request: request("/settings/my-data.json"), context: context(), params: {} }))) as Response;
    expect(res.status).toBe(302);
    expect(res.headers.get("Location")).toMatch(/^\/login\?redirectTo=/);
  });

  it("downloads the person's own profile, roster entry and activity, and nothing of anyone else", async () => {
    const user = await makeUser("member", cityA, { name: "Kaisa Koivu" });
    const member = makeMember(cityA, {
      userId: user.id,
      name: "Kaisa Koivu",
      email: user.email,
      organisation: "Iisalmen kirjasto",
      sector: "public",
      position: "Librarian",
      joinedOn: "2023-09-01",
      consentContact: true,
      consentPhotos: false,
    });
    const someone = await makeUser("member", cityA, { name: "Somebody Else" });
    makeMember(cityA, { userId: someone.id, name: "Somebody Else", email: someone.email });
    const cookie = await cookieFor(user.id);
    await cookieFor(someone.id);
    await postSettings(cookie, { intent: "profile", name: "Kaisa Koivu", language: "fi" });
    await postSettings(await cookieFor(someone.id), { intent: "profile", name: "Somebody Else", language: "en" });

    const res = (await settle(() => myDataLoader({ request: request("/settings/my-data.json", { cookie }), context: context(), params: {} }))) as Response;
    expect(res.status).toBe(200);
    expect(res.headers.get("Content-Type")).toMatch(/^application\/json/);
    expect(res.headers.get("Content-Disposition")).toMatch(/^attachment; filename="\d{4}-\d{2}-\d{2}-ulg-workshop-my-data\.json"$/);
    const text = await res.text();
    const body = JSON.parse(text);
    expect(body.profile).toMatchObject({ id: user.id, name: "Kaisa Koivu", email: user.email, role: "member", language: "fi" });
    expect(body.profile.city.id).toBe(cityA);
    expect(body.rosterEntry).toMatchObject({
      id: member.id,
      organisation: "Iisalmen kirjasto",
      sector: "public",
      position: "Librarian",
      joinedOn: "2023-09-01",
      leftOn: null,
      consentContact: true,
      consentPhotos: false,
    });
    expect(body.activity.entries.map((e: { action: string }) => e.action)).toContain("user.update_settings");
    expect(body.activity.entries.length).toBeGreaterThan(0);
    expect(body.activity.entries.some((e: { entityId: string | null }) => e.entityId === String(someone.id))).toBe(false);
    expect(body.sessions.length).toBeGreaterThanOrEqual(1);

    const hash = userRow(user.id).passwordHash!;
    expect(text).not.toContain(hash);
    expect(text).not.toMatch(/passwordHash|idHash|tokenHash/);
    for (const s of getDb().select().from(sessions).where(eq(sessions.userId, user.id)).all()) expect(text).not.toContain(s.idHash);
    expect(text).not.toContain(someone.email);
    expect(text).not.toContain("Somebody Else");
  });

  it("works for an account without a roster entry or city", async () => {
    const admin = await makeUser("admin", null);
    const cookie = await cookieFor(admin.id);
    const res = (await settle(() => myDataLoader({ request: request("/settings/my-data.json", { cookie }), context: context(), params: {} }))) as Response;
    const body = JSON.parse(await res.text());
    expect(body.profile.city).toBeNull();
    expect(body.rosterEntry).toBeNull();
  });
});

describe("erasure request", () => {
  it("needs the confirmation, records the request, shows it, and can be withdrawn", async () => {
    const user = await makeUser("member", cityA);
    const cookie = await cookieFor(user.id);
    const unconfirmed = (await postSettings(cookie, { intent: "request-erasure" })) as SettingsResult;
    expect(unconfirmed.init?.status).toBe(400);
    expect(unconfirmed.data.result.error?.confirm).toEqual(["account.confirmRequired"]);
    expect(userRow(user.id).erasureRequestedAt).toBeNull();

    const ok = (await postSettings(cookie, { intent: "request-erasure", confirm: "on" })) as Response;
    expect(ok.headers.get("Location")).toBe("/settings?saved=erasure-requested");
    const requestedAt = userRow(user.id).erasureRequestedAt;
    expect(requestedAt).toBeInstanceOf(Date);
    const page = (await settingsLoader({ request: request("/settings", { cookie }), context: context(), params: {} })) as { erasureRequestedAt: string | null };
    expect(page.erasureRequestedAt).toBe(requestedAt!.toISOString());

    const withdrawn = (await postSettings(cookie, { intent: "withdraw-erasure" })) as Response;
    expect(withdrawn.headers.get("Location")).toBe("/settings?saved=erasure-withdrawn");
    expect(userRow(user.id).erasureRequestedAt).toBeNull();
    const actions = getDb().select({ action: auditLog.action }).from(auditLog).where(eq(auditLog.actorUserId, user.id)).all().map((a) => a.action);
    expect(actions).toEqual(expect.arrayContaining(["user.request_erasure", "user.withdraw_erasure"]));
  });

  it("is not offered to administrators, who belong to no city", async () => {
    const admin = await makeUser("admin", null);
    const res = (await postSettings(await cookieFor(admin.id), { intent: "request-erasure", confirm: "on" })) as Response;
    expect(res.status).toBe(400);
    expect(userRow(admin.id).erasureRequestedAt).toBeNull();
  });
});

describe("carrying out an erasure", () => {
  async function personWhoAsked() {
    const user = await makeUser("member", cityA, { name: "Eero Erased", erasureRequestedAt: new Date("2025-03-01T10:00:00Z") });
    const member = makeMember(cityA, {
      userId: user.id,
      name: "Eero Erased",
      email: user.email,
      phone: "+358 40 765 4321",
      organisation: "Savonia",
      sector: "knowledge",
      position: "Lecturer",
      joinedOn: "2023-06-01",
      consentContact: true,
      consentPhotos: true,
    });
    return { user, member };
  }

  const eraseUrl = (id: number) => `/members/${id}/erase`;
  const load = (id: number, cookie: string) => settle(() => eraseLoader({ request: request(eraseUrl(id), { cookie }), context: context(), params: { memberId: String(id) } }));
  const erase = (id: number, cookie: string, form: Record<string, string> = { confirm: "on" }) =>
    settle(() => eraseAction({ request: request(eraseUrl(id), { cookie, form }), context: context(), params: { memberId: String(id) } }));

  it("shows the coordinator that the person asked, and needs the confirmation", async () => {
    const { member } = await personWhoAsked();
    const coordinator = await makeUser("ulg_coordinator", cityA);
    const cookie = await cookieFor(coordinator.id);
    const page = (await load(member.id, cookie)) as { member: { requestedAt: string | null; hasAccount: boolean; erasedAt: string | null } };
    expect(page.member).toMatchObject({ requestedAt: "2025-03-01T10:00:00.000Z", hasAccount: true, erasedAt: null });
    expect(pendingErasureRequests(cityScope(cityA)).map((r) => r.memberId)).toContain(member.id);
    // The roster lists waiting requests for coordinators only.
    const rosterFor = async (c: string) =>
      ((await rosterLoader({ request: request("/members", { cookie: c }), context: context(), params: {} })) as { erasureRequests: { memberId: number }[] }).erasureRequests;
    expect((await rosterFor(cookie)).map((r) => r.memberId)).toContain(member.id);
    expect(await rosterFor(await cookieFor((await makeUser("member", cityA)).id))).toEqual([]);
    expect((await rosterFor(await cookieFor((await makeUser("ulg_coordinator", cityB)).id))).map((r) => r.memberId)).not.toContain(member.id);

    const res = (await erase(member.id, cookie, {})) as DataResult<Reply>;
    expect(res.init?.status).toBe(400);
    expect(res.data.error?.confirm).toEqual(["account.confirmRequired"]);
    const after = getDb().select().from(members).where(eq(members.id, member.id)).get()!;
    expect(after.name).toBe("Eero Erased");
    expect(after.erasedAt).toBeNull();
  });

  it("removes the personal data, deactivates and signs out the account, and the pages show “Former member”", async () => {
    const { user, member } = await personWhoAsked();
    const theirCookie = await cookieFor(user.id);
    issueToken("invite", user.id);
    getDb().insert(outbox).values({ cityId: cityA, kind: "invite", toAddress: user.email, toName: "Eero Erased", language: "fi", subject: "Kutsu", textBody: "Hei Eero" }).run();
    const otherMail = getDb().insert(outbox).values({ cityId: cityA, kind: "invite", toAddress: "keep@example.org", language: "fi", subject: "Kutsu", textBody: "Hei" }).returning().get();
    getDb().insert(auditLog).values({ at: new Date(), action: "auth.sign_in", actorUserId: user.id, actorLabel: user.email, cityId: cityA }).run();
    const auditRowsBefore = getDb().select().from(auditLog).where(eq(auditLog.actorUserId, user.id)).all().length;

    const coordinator = await makeUser("ulg_coordinator", cityA);
    const cookie = await cookieFor(coordinator.id);
    const res = (await erase(member.id, cookie)) as Response;
    expect(res.status).toBe(302);
    expect(res.headers.get("Location")).toBe(`/members/${member.id}/erase?done=1`);

    const m = getDb().select().from(members).where(eq(members.id, member.id)).get()!;
    expect(m).toMatchObject({ name: "", email: null, phone: null, position: null, consentContact: false, consentPhotos: false, userId: user.id });
    // Organisation and sector describe the group, not the person: they stay.
    expect(m).toMatchObject({ organisation: "Savonia", sector: "knowledge", joinedOn: "2023-06-01" });
    expect(m.erasedAt).toBeInstanceOf(Date);
    expect(m.leftOn).toMatch(/^\d{4}-\d{2}-\d{2}$/);

    const u = userRow(user.id);
    expect(u).toMatchObject({ active: false, email: `erased-${user.id}@invalid`, name: "", passwordHash: null, erasureRequestedAt: null });
    expect(sessionCount(user.id)).toBe(0);
    expect(await getSessionUser(request("/", { cookie: theirCookie }))).toBeNull();
    expect(getDb().select().from(authTokens).where(eq(authTokens.userId, user.id)).all()).toHaveLength(0);
    const signIn = (await settle(() => loginAction({ request: request("/login", { form: { email: user.email, password: TEST_PASSWORD, redirectTo: "" } }), context: freshContext(), params: {} }))) as DataResult<Reply>;
    expect(signIn.init?.status).toBe(400);

    // Mail to the person is gone, other mail stays; audit rows stay without their e-mail.
    const mail = getDb().select().from(outbox).all();
    expect(mail.some((o) => o.toAddress === user.email)).toBe(false);
    expect(mail.some((o) => o.id === otherMail.id)).toBe(true);
    const auditRows = getDb().select().from(auditLog).where(eq(auditLog.actorUserId, user.id)).all();
    expect(auditRows.length).toBe(auditRowsBefore);
    expect(JSON.stringify(auditRows)).not.toContain(user.email);
    const eraseAudit = getDb().select().from(auditLog).where(and(eq(auditLog.action, "member.erase"), eq(auditLog.entityId, String(member.id)))).all();
    expect(eraseAudit).toHaveLength(1);
    expect(eraseAudit[0].actorUserId).toBe(coordinator.id);
    expect(JSON.stringify(eraseAudit)).not.toMatch(/Eero|@example/);
    expect(pendingErasureRequests(cityScope(cityA)).map((r) => r.memberId)).not.toContain(member.id);

    // The member page and the roster show the marker in the viewer's language.
    const en = await getT(request("/"), { language: "en" });
    const fi = await getT(request("/"), { language: "fi" });
    const viewer = await cookieFor((await makeUser("member", cityA)).id);
    const memberPage = (await memberLoader({ request: request(`/members/${member.id}`, { cookie: viewer }), context: context(), params: { memberId: String(member.id) } })) as {
      member: { name: string; email: string | null; phone: string | null };
    };
    expect(displayMemberName(memberPage.member, en)).toBe("Former member");
    expect(displayMemberName(memberPage.member, fi)).toBe("Entinen jäsen");
    expect(memberPage.member.email).toBeNull();
    const roster = (await rosterLoader({ request: request("/members?status=left", { cookie: viewer }), context: context(), params: {} })) as { rows: { id: number; name: string }[] };
    const row = roster.rows.find((r) => r.id === member.id)!;
    expect(displayMemberName(row, en)).toBe("Former member");
    expect(displayMemberName({ name: "Maija", erasedAt: null }, en)).toBe("Maija");

    const page = (await load(member.id, cookie)) as { member: { erasedAt: string | null } };
    expect(page.member.erasedAt).toBe(m.erasedAt!.toISOString());
  });

  it("refuses to erase twice, with a message and no change", async () => {
    const { member } = await personWhoAsked();
    const cookie = await cookieFor((await makeUser("project_coordinator", cityA)).id);
    expect(((await erase(member.id, cookie)) as Response).status).toBe(302);
    const first = getDb().select().from(members).where(eq(members.id, member.id)).get()!;
    const again = (await erase(member.id, cookie)) as DataResult<Reply>;
    expect(again.init?.status).toBe(409);
    expect(again.data.error?.[""]).toEqual(["account.alreadyErasedError"]);
    expect(getDb().select().from(members).where(eq(members.id, member.id)).get()).toEqual(first);
    expect(getDb().select().from(auditLog).where(and(eq(auditLog.action, "member.erase"), eq(auditLog.entityId, String(member.id)))).all()).toHaveLength(1);
  });

  it("keeps the existing left date and erases a roster entry without an account", async () => {
    const member = makeMember(cityA, { name: "No Account", leftOn: "2024-05-31" });
    const cookie = await cookieFor((await makeUser("ulg_coordinator", cityA)).id);
    expect(((await erase(member.id, cookie)) as Response).status).toBe(302);
    const m = getDb().select().from(members).where(eq(members.id, member.id)).get()!;
    expect(m).toMatchObject({ name: "", email: null, phone: null, leftOn: "2024-05-31" });
  });

  it("answers 403 to a member and an administrator, and changes nothing", async () => {
    const { member } = await personWhoAsked();
    for (const role of ["member", "admin"] as const) {
      const cookie = await cookieFor((await makeUser(role, role === "admin" ? null : cityA)).id);
      expect(((await load(member.id, cookie)) as Response).status).toBe(403);
      expect(((await erase(member.id, cookie)) as Response).status).toBe(403);
    }
    expect(getDb().select().from(members).where(eq(members.id, member.id)).get()!.name).toBe("Eero Erased");
  });

  it("answers 404 for another city's member and for unknown ids, and changes nothing", async () => {
    const { member } = await personWhoAsked();
    const cookie = await cookieFor((await makeUser("ulg_coordinator", cityB)).id);
    expect(((await load(member.id, cookie)) as Response).status).toBe(404);
    expect(((await erase(member.id, cookie)) as Response).status).toBe(404);
    expect(((await load(999_999, cookie)) as Response).status).toBe(404);
    const bad = (await settle(() => eraseLoader({ request: request("/members/abc/erase", { cookie }), context: context(), params: { memberId: "abc" } }))) as Response;
    expect(bad.status).toBe(404);
    expect(getDb().select().from(members).where(eq(members.id, member.id)).get()!.name).toBe("Eero Erased");
    expect(userRow(member.userId!).active).toBe(true);
  });

  it("sends anonymous visitors to the sign-in page", async () => {
    const { member } = await personWhoAsked();
    const res = (await settle(() => eraseLoader({ request: request(eraseUrl(member.id)), context: context(), params: { memberId: String(member.id) } }))) as Response;
    expect(res.status).toBe(302);
    expect(res.headers.get("Location")).toMatch(/^\/login\?redirectTo=/);
  });

  it("does not let a coordinator erase their own entry", async () => {
    const coordinator = await makeUser("ulg_coordinator", cityA);
    const own = makeMember(cityA, { userId: coordinator.id, name: "Coordinator Self" });
    const cookie = await cookieFor(coordinator.id);
    const page = (await load(own.id, cookie)) as { member: { isSelf: boolean } };
    expect(page.member.isSelf).toBe(true);
    const res = (await erase(own.id, cookie)) as DataResult<Reply>;
    expect(res.init?.status).toBe(403);
    expect(res.data.error?.[""]).toEqual(["account.notYourself"]);
    expect(userRow(coordinator.id).active).toBe(true);
  });
});
