import { and, desc, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "#db/client.server";
import { auditLog, authTokens, members, outbox, sessions, users } from "#db/schema";
import { getSessionUser } from "~/auth/session.server";
import { action as resendAction, loader as resendLoader } from "~/routes/admin.users_.$userId.invite";
import { loader as outboxLoader } from "~/routes/admin.outbox";
import { action as forgotAction } from "~/routes/forgot-password";
import { action as acceptAction, loader as acceptLoader } from "~/routes/invite.$token";
import { action as loginAction } from "~/routes/login";
import { action as inviteAction, loader as inviteLoader } from "~/routes/members.$memberId_.invite";
import { action as resetAction, loader as resetLoader } from "~/routes/reset-password.$token";
import { context, cookieFor, makeCity, makeMember, makeUser, request, settle, TEST_PASSWORD } from "./factories";

type DataResult<T = unknown> = { type: string; data: T; init: { status: number } | null };
type Reply = { status?: string; error?: Record<string, string[] | null> | null };

const NEW_PASSWORD = "lumi sataa hiljaa iisalmen torilla";

let iisalmi: { id: number; name: string };
let mantova: { id: number; name: string };
let coordinator: Awaited<ReturnType<typeof makeUser>>;
let coordinatorCookie: string;

beforeAll(async () => {
  iisalmi = makeCity({ name: "Iisalmi", language: "fi", timeZone: "Europe/Helsinki" });
  mantova = makeCity({ name: "Mantova", language: "it", timeZone: "Europe/Rome" });
  coordinator = await makeUser("ulg_coordinator", iisalmi.id, { name: "Jari Savolainen" });
  coordinatorCookie = await cookieFor(coordinator.id);
});

function invitePage(memberId: number, cookie: string) {
  return settle(() => inviteLoader({ request: request(`/members/${memberId}/invite`, { cookie }), context: context(), params: { memberId: String(memberId) } }));
}

function invite(memberId: number, cookie = coordinatorCookie) {
  return settle(() =>
    inviteAction({ request: request(`/members/${memberId}/invite`, { method: "POST", cookie }), context: context(), params: { memberId: String(memberId) } }),
  );
}

function openLink(path: "invite" | "reset-password", token: string) {
  const loader = path === "invite" ? acceptLoader : resetLoader;
  return settle(() => loader({ request: request(`/${path}/${token}`), context: context(), params: { token } }));
}

function choosePassword(path: "invite" | "reset-password", token: string, password: string, confirmPassword = password, cookie?: string) {
  const action = path === "invite" ? acceptAction : resetAction;
  return settle(() =>
    action({ request: request(`/${path}/${token}`, { form: { password, confirmPassword }, cookie }), context: context(), params: { token } }),
  );
}

function signIn(email: string, password: string, ip = "198.18.0.1") {
  return settle(() => loginAction({ request: request("/login", { form: { email, password, redirectTo: "" } }), context: context(ip), params: {} }));
}

function forgot(email: string) {
  return settle(() => forgotAction({ request: request("/forgot-password", { form: { email } }), context: context("198.18.1.1"), params: {} }));
}

/** The newest message to an address, and the token of the link in its text. */
function lastMail(to: string, kind: string) {
  const row = getDb().select().from(outbox).where(and(eq(outbox.toAddress, to), eq(outbox.kind, kind))).orderBy(desc(outbox.id)).get();
  if (!row) return null;
  const path = kind === "invite" ? "invite" : "reset-password";
  const token = new RegExp(`http://localhost/${path}/([A-Za-z0-9_-]+)`).exec(row.textBody)?.[1] ?? null;
  return { row, token };
}

const mailCount = () => getDb().select().from(outbox).all().length;
const userCount = () => getDb().select().from(users).all().length;

describe("inviting a roster member", () => {
  it("creates the account, mails a link in the member's language, and the link sets the password and signs in once", async () => {
    const member = makeMember(iisalmi.id, { name: "Kaisa Virtanen", email: "Kaisa.Virtanen@Example.org" });

    const page = (await invitePage(member.id, coordinatorCookie)) as { member: { name: string; email: string }; problem: string | null; language: string };
    expect(page.member).toMatchObject({ name: "Kaisa Virtanen", email: "kaisa.virtanen@example.org" });
    expect(page.problem).toBeNull();
    expect(page.language).toBe("fi");

    const res = (await invite(member.id)) as Response;
    expect(res.status).toBe(302);
    expect(res.headers.get("Location")).toBe(`/members/${member.id}?invited=1`);

    const account = getDb().select().from(users).where(eq(users.email, "kaisa.virtanen@example.org")).get()!;
    expect(account).toMatchObject({ name: "Kaisa Virtanen", role: "member", cityId: iisalmi.id, passwordHash: null, language: "fi", active: true });
    expect(getDb().select().from(members).where(eq(members.id, member.id)).get()!.userId).toBe(account.id);

    const mail = lastMail(account.email, "invite")!;
    expect(mail.row).toMatchObject({ cityId: iisalmi.id, language: "fi", status: "outbox", toName: "Kaisa Virtanen" });
    expect(mail.row.subject).toContain("Kutsu");
    expect(mail.row.textBody).toContain("Hei Kaisa Virtanen");
    expect(mail.row.textBody).toContain("Jari Savolainen");
    expect(mail.row.textBody).toContain("Iisalmi");
    expect(mail.row.htmlBody).toContain(`<a href="http://localhost/invite/${mail.token}">`);
    const token = mail.token!;
    expect(token.length).toBeGreaterThan(30);

    // Only a hash of the token is stored, and the audit entry names no token.
    const stored = getDb().select().from(authTokens).where(eq(authTokens.userId, account.id)).all();
    expect(stored).toHaveLength(1);
    expect(stored[0]).toMatchObject({ kind: "invite", createdByUserId: coordinator.id });
    expect(stored[0].tokenHash).not.toBe(token);
    expect(stored[0].expiresAt.getTime() - stored[0].createdAt.getTime()).toBe(7 * 86_400_000);
    const audit = getDb().select().from(auditLog).where(and(eq(auditLog.action, "user.invite"), eq(auditLog.entityId, String(account.id)))).all();
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ actorUserId: coordinator.id, cityId: iisalmi.id });
    expect(JSON.stringify(audit)).not.toContain(token);

    // The link shows the form.
    expect(await openLink("invite", token)).toEqual({ name: "Kaisa Virtanen", email: "kaisa.virtanen@example.org" });

    // A common password, a short one and two different ones are refused and nothing changes.
    const weak = (await choosePassword("invite", token, "password12345")) as DataResult<Reply>;
    expect(weak.init?.status).toBe(400);
    expect(weak.data.error?.password).toEqual(["validation.passwordCommon"]);
    // Long enough, but it is the person's own address.
    const ownName = (await choosePassword("invite", token, "kaisa.virtanen@example.org")) as DataResult<Reply>;
    expect(ownName.init?.status).toBe(400);
    expect(ownName.data.error?.password).toEqual(["validation.passwordCommon"]);
    const short = (await choosePassword("invite", token, "short")) as DataResult<Reply>;
    expect(short.init?.status).toBe(400);
    expect(short.data.error?.password).toEqual(["validation.passwordLength"]);
    const mismatch = (await choosePassword("invite", token, NEW_PASSWORD, `${NEW_PASSWORD}!`)) as DataResult<Reply>;
    expect(mismatch.init?.status).toBe(400);
    expect(mismatch.data.error?.confirmPassword).toEqual(["passwordReset.mismatch"]);
    expect(getDb().select().from(users).where(eq(users.id, account.id)).get()!.passwordHash).toBeNull();

    // A good password: signed in and sent to the dashboard.
    const accepted = (await choosePassword("invite", token, NEW_PASSWORD)) as Response;
    expect(accepted.status).toBe(302);
    expect(accepted.headers.get("Location")).toBe("/");
    const cookie = accepted.headers.get("Set-Cookie")!.split(";")[0];
    expect((await getSessionUser(request("/", { cookie })))?.id).toBe(account.id);
    expect(getDb().select().from(auditLog).where(and(eq(auditLog.action, "user.accept_invite"), eq(auditLog.actorUserId, account.id))).all()).toHaveLength(1);

    // The password works on the sign-in form.
    const login = (await signIn("Kaisa.Virtanen@example.org", NEW_PASSWORD)) as Response;
    expect(login.status).toBe(302);

    // The link works once: 410 for the page and the form.
    const again = (await openLink("invite", token)) as Response;
    expect(again.status).toBe(410);
    const againPost = (await choosePassword("invite", token, "another long passphrase here")) as Response;
    expect(againPost.status).toBe(410);

    // A link that was never issued: 404.
    expect(((await openLink("invite", "not-a-real-token-at-all")) as Response).status).toBe(404);
    expect(((await openLink("invite", token.slice(0, -2))) as Response).status).toBe(404);
    // A reset page does not accept an invitation token.
    expect(((await openLink("reset-password", token)) as Response).status).toBe(404);

    // Now that the member signs in, the page says so and a POST invites nobody.
    const after = (await invitePage(member.id, coordinatorCookie)) as { problem: string };
    expect(after.problem).toBe("invitation.alreadyActive");
    const refused = (await invite(member.id)) as DataResult<{ formErrors: string[] }>;
    expect(refused.init?.status).toBe(400);
    expect(refused.data.formErrors).toEqual(["invitation.alreadyActive"]);
  });

  it("answers 410 for an expired link", async () => {
    const member = makeMember(iisalmi.id);
    await invite(member.id);
    const { token, row } = lastMail(member.email!, "invite")!;
    const userId = getDb().select().from(users).where(eq(users.email, row.toAddress)).get()!.id;
    getDb().update(authTokens).set({ expiresAt: new Date(Date.now() - 1000) }).where(eq(authTokens.userId, userId)).run();
    expect(((await openLink("invite", token!)) as Response).status).toBe(410);
    expect(((await choosePassword("invite", token!, NEW_PASSWORD)) as Response).status).toBe(410);
    expect(getDb().select().from(users).where(eq(users.id, userId)).get()!.passwordHash).toBeNull();
  });

  it("writes the invitation in English when the city's language is not one the app speaks", async () => {
    const mantovaCoordinator = await makeUser("ulg_coordinator", mantova.id, { name: "Giulia Ferrari" });
    const member = makeMember(mantova.id, { name: "Marco Rossi" });
    const res = (await invite(member.id, await cookieFor(mantovaCoordinator.id))) as Response;
    expect(res.status).toBe(302);
    const { row } = lastMail(member.email!, "invite")!;
    expect(row.language).toBe("en");
    expect(row.subject).toBe("Invitation to the Mantova ULG in ULG Workshop");
    expect(row.textBody).toContain("Giulia Ferrari has invited you");
    expect(getDb().select().from(users).where(eq(users.email, member.email!)).get()!.language).toBe("en");
  });

  it("resends to an account without a password: the older link stops working", async () => {
    const member = makeMember(iisalmi.id);
    await invite(member.id);
    const first = lastMail(member.email!, "invite")!.token!;
    const page = (await invitePage(member.id, coordinatorCookie)) as { problem: string | null; resend: boolean };
    expect(page).toMatchObject({ problem: null, resend: true });
    const users0 = userCount();
    expect(((await invite(member.id)) as Response).status).toBe(302);
    expect(userCount()).toBe(users0);
    const second = lastMail(member.email!, "invite")!.token!;
    expect(second).not.toBe(first);
    expect(((await openLink("invite", first)) as Response).status).toBe(410);
    expect(await openLink("invite", second)).toMatchObject({ email: member.email });
  });

  it("refuses with a form error, writing nothing, when the member has no e-mail, has left or the address has another account", async () => {
    const noEmail = makeMember(iisalmi.id, { email: null });
    const left = makeMember(iisalmi.id, { leftOn: "2024-01-31" });
    const other = await makeUser("member", iisalmi.id, { email: "taken@example.org" });
    const taken = makeMember(iisalmi.id, { email: "Taken@example.org" });
    const cases: [number, string][] = [
      [noEmail.id, "invitation.noEmail"],
      [left.id, "invitation.hasLeft"],
      [taken.id, "invitation.emailTaken"],
    ];
    for (const [id, problem] of cases) {
      const before = { users: userCount(), mails: mailCount(), tokens: getDb().select().from(authTokens).all().length };
      const page = (await invitePage(id, coordinatorCookie)) as { problem: string };
      expect(page.problem).toBe(problem);
      const res = (await invite(id)) as DataResult<{ formErrors: string[] }>;
      expect(res.init?.status).toBe(400);
      expect(res.data.formErrors).toEqual([problem]);
      expect({ users: userCount(), mails: mailCount(), tokens: getDb().select().from(authTokens).all().length }).toEqual(before);
    }
    expect(getDb().select().from(members).where(eq(members.id, taken.id)).get()!.userId).toBeNull();
    expect(getDb().select().from(users).where(eq(users.id, other.id)).get()!.passwordHash).not.toBeNull();
  });

  it("re-opens the deactivated account of a member who came back, without the old password", async () => {
    const person = await makeUser("member", iisalmi.id, { active: false });
    const member = makeMember(iisalmi.id, { email: person.email, userId: person.id });
    expect(((await signIn(person.email, TEST_PASSWORD, "198.18.2.1")) as DataResult).init?.status).toBe(400);
    expect(((await invite(member.id)) as Response).status).toBe(302);
    const reopened = getDb().select().from(users).where(eq(users.id, person.id)).get()!;
    expect(reopened).toMatchObject({ active: true, passwordHash: null });
    // The old password does not come back with the account.
    expect(((await signIn(person.email, TEST_PASSWORD, "198.18.2.2")) as DataResult).init?.status).toBe(400);
    const { token } = lastMail(person.email, "invite")!;
    expect(((await choosePassword("invite", token!, NEW_PASSWORD)) as Response).status).toBe(302);
    expect(((await signIn(person.email, NEW_PASSWORD, "198.18.2.3")) as Response).status).toBe(302);
  });

  it("stops the link when the account is deactivated after the invitation", async () => {
    const member = makeMember(iisalmi.id);
    await invite(member.id);
    const { token } = lastMail(member.email!, "invite")!;
    getDb().update(users).set({ active: false }).where(eq(users.email, member.email!)).run();
    expect(((await openLink("invite", token!)) as Response).status).toBe(410);
    expect(((await choosePassword("invite", token!, NEW_PASSWORD)) as Response).status).toBe(410);
  });

  it("answers 403 to a member and 404 for another city's member, writing nothing", async () => {
    const member = makeMember(iisalmi.id);
    const plainMember = await makeUser("member", iisalmi.id);
    const memberCookie = await cookieFor(plainMember.id);
    const before = { users: userCount(), mails: mailCount() };
    expect(((await invite(member.id, memberCookie)) as Response).status).toBe(403);
    expect(((await invitePage(member.id, memberCookie)) as Response).status).toBe(403);
    const mantovaCoordinator = await makeUser("ulg_coordinator", mantova.id);
    const mantovaCookie = await cookieFor(mantovaCoordinator.id);
    expect(((await invite(member.id, mantovaCookie)) as Response).status).toBe(404);
    expect(((await invitePage(member.id, mantovaCookie)) as Response).status).toBe(404);
    expect(((await invite(999_999)) as Response).status).toBe(404);
    // Only the Mantova coordinator made above is new.
    expect({ users: userCount() - 1, mails: mailCount() }).toEqual(before);
    const denied = getDb().select().from(auditLog).where(and(eq(auditLog.action, "access.denied"), eq(auditLog.actorUserId, plainMember.id))).all();
    expect(denied.length).toBe(2);
    // Signed out: sent to sign in.
    const anonymous = (await settle(() =>
      inviteAction({ request: request(`/members/${member.id}/invite`, { method: "POST" }), context: context(), params: { memberId: String(member.id) } }),
    )) as Response;
    expect(anonymous.status).toBe(302);
    expect(anonymous.headers.get("Location")).toMatch(/^\/login/);
  });
});

describe("resending from the accounts page", () => {
  function resend(userId: number, cookie: string) {
    return settle(() => resendAction({ request: request(`/admin/users/${userId}/invite`, { method: "POST", cookie }), context: context(), params: { userId: String(userId) } }));
  }

  it("lets a project coordinator resend to an account of their city that has no password", async () => {
    const pc = await makeUser("project_coordinator", iisalmi.id, { name: "Helena Kärkkäinen" });
    const pcCookie = await cookieFor(pc.id);
    const pending = await makeUser("ulg_coordinator", iisalmi.id, { passwordHash: null, language: "en", name: "New Coordinator" });
    const res = (await resend(pending.id, pcCookie)) as Response;
    expect(res.status).toBe(302);
    expect(res.headers.get("Location")).toBe(`/admin/users?invited=${pending.id}`);
    const { row, token } = lastMail(pending.email, "invite")!;
    expect(row).toMatchObject({ language: "en", cityId: iisalmi.id });
    expect(row.textBody).toContain("Helena Kärkkäinen has invited you");
    expect(await openLink("invite", token!)).toMatchObject({ email: pending.email });

    // An account with a password: refused; another city's, or an admin's: 404; a GET goes back to the list.
    const withPassword = await makeUser("member", iisalmi.id);
    const refused = (await resend(withPassword.id, pcCookie)) as DataResult<{ formErrors: string[] }>;
    expect(refused.init?.status).toBe(400);
    expect(refused.data.formErrors).toEqual(["invitation.accountHasPassword"]);
    const inactive = await makeUser("member", iisalmi.id, { passwordHash: null, active: false });
    expect(((await resend(inactive.id, pcCookie)) as DataResult<{ formErrors: string[] }>).data.formErrors).toEqual(["invitation.accountInactive"]);
    const elsewhere = await makeUser("member", mantova.id, { passwordHash: null });
    expect(((await resend(elsewhere.id, pcCookie)) as Response).status).toBe(404);
    const admin = await makeUser("admin", null, { passwordHash: null });
    expect(((await resend(admin.id, pcCookie)) as Response).status).toBe(404);
    expect(lastMail(elsewhere.email, "invite")).toBeNull();
    const get = (await settle(() => resendLoader({ request: request(`/admin/users/${pending.id}/invite`, { cookie: pcCookie }), context: context(), params: { userId: String(pending.id) } }))) as Response;
    expect(get.headers.get("Location")).toBe("/admin/users");

    // A ULG coordinator does not manage accounts.
    expect(((await resend(pending.id, coordinatorCookie)) as Response).status).toBe(403);

    // The administrator reaches every city; the mail of an account without a city names the network.
    const adminUser = await makeUser("admin", null, { name: "Network Admin" });
    const adminCookie = await cookieFor(adminUser.id);
    expect(((await resend(elsewhere.id, adminCookie)) as Response).status).toBe(302);
    expect(((await resend(admin.id, adminCookie)) as Response).status).toBe(302);
    expect(lastMail(admin.email, "invite")!.row.subject).toBe("Invitation to the Residents of the Future network ULG in ULG Workshop");
  });
});

describe("forgotten password", () => {
  it("answers the same for a known and an unknown address; only the known one gets a mail", async () => {
    const person = await makeUser("member", iisalmi.id, { language: "fi", name: "Aino Kettunen" });
    const before = mailCount();
    const known = (await forgot(person.email.toUpperCase())) as Response;
    const unknown = (await forgot("nobody-here@example.org")) as Response;
    for (const res of [known, unknown]) {
      expect(res.status).toBe(302);
      expect(res.headers.get("Location")).toBe("/forgot-password?sent=1");
      expect(res.headers.get("Set-Cookie")).toBeNull();
    }
    expect(await known.text()).toBe(await unknown.text());
    expect(mailCount()).toBe(before + 1);
    const { row, token } = lastMail(person.email, "reset")!;
    expect(row).toMatchObject({ language: "fi", cityId: iisalmi.id });
    expect(row.subject).toBe("Valitse uusi salasana ULG Workshopiin");
    expect(row.textBody).toContain(`http://localhost/reset-password/${token}`);
    const stored = getDb().select().from(authTokens).where(and(eq(authTokens.userId, person.id), eq(authTokens.kind, "reset"))).get()!;
    expect(stored.expiresAt.getTime() - stored.createdAt.getTime()).toBe(60 * 60_000);
    // Both requests are in the audit log; the unknown one under the address typed.
    const audit = getDb().select().from(auditLog).where(eq(auditLog.action, "auth.password_reset_requested")).all();
    expect(audit.map((a) => a.actorLabel)).toEqual(expect.arrayContaining([person.email, "nobody-here@example.org"]));
  });

  it("sends nothing to a deactivated account, and at most 5 mails an hour to one account", async () => {
    const inactive = await makeUser("member", iisalmi.id, { active: false });
    await forgot(inactive.email);
    expect(lastMail(inactive.email, "reset")).toBeNull();

    const person = await makeUser("member", iisalmi.id);
    for (let i = 0; i < 7; i++) {
      const res = (await forgot(person.email)) as Response;
      expect(res.headers.get("Location")).toBe("/forgot-password?sent=1");
    }
    expect(getDb().select().from(outbox).where(eq(outbox.toAddress, person.email)).all()).toHaveLength(5);
    // An hour later it works again.
    getDb().update(authTokens).set({ createdAt: new Date(Date.now() - 61 * 60_000) }).where(eq(authTokens.userId, person.id)).run();
    await forgot(person.email);
    expect(getDb().select().from(outbox).where(eq(outbox.toAddress, person.email)).all()).toHaveLength(6);
  });

  it("refuses a malformed address with a field error", async () => {
    const res = (await forgot("not an address")) as DataResult<Reply>;
    expect(res.init?.status).toBe(400);
    expect(res.data.error?.email).toEqual(["validation.email"]);
  });

  it("a reset ends every session of the account, signs in anew and the old password stops working", async () => {
    const person = await makeUser("project_coordinator", iisalmi.id);
    const elsewhere = await cookieFor(person.id);
    const here = await cookieFor(person.id);
    await forgot(person.email);
    const { token } = lastMail(person.email, "reset")!;
    expect(await openLink("reset-password", token!)).toMatchObject({ email: person.email });
    expect(((await openLink("invite", token!)) as Response).status).toBe(404);

    const weak = (await choosePassword("reset-password", token!, "qwertyuiop12", "qwertyuiop12", here)) as DataResult<Reply>;
    expect(weak.init?.status).toBe(400);
    expect(weak.data.error?.password).toEqual(["validation.passwordCommon"]);
    expect((await getSessionUser(request("/", { cookie: elsewhere })))?.id).toBe(person.id);

    const res = (await choosePassword("reset-password", token!, NEW_PASSWORD, NEW_PASSWORD, here)) as Response;
    expect(res.status).toBe(302);
    expect(res.headers.get("Location")).toBe("/");
    const fresh = res.headers.get("Set-Cookie")!.split(";")[0];
    expect(await getSessionUser(request("/", { cookie: elsewhere }))).toBeNull();
    expect(await getSessionUser(request("/", { cookie: here }))).toBeNull();
    expect((await getSessionUser(request("/", { cookie: fresh })))?.id).toBe(person.id);
    expect(getDb().select().from(sessions).where(eq(sessions.userId, person.id)).all()).toHaveLength(1);
    expect(getDb().select().from(auditLog).where(and(eq(auditLog.action, "user.reset_password"), eq(auditLog.actorUserId, person.id))).all()).toHaveLength(1);

    expect(((await signIn(person.email, TEST_PASSWORD, "198.18.3.1")) as DataResult).init?.status).toBe(400);
    expect(((await signIn(person.email, NEW_PASSWORD, "198.18.3.2")) as Response).status).toBe(302);
    expect(((await openLink("reset-password", token!)) as Response).status).toBe(410);
    expect(((await openLink("reset-password", "nothing-like-this")) as Response).status).toBe(404);
  });

  it("a new reset link replaces the earlier one, and an expired link answers 410", async () => {
    const person = await makeUser("member", iisalmi.id);
    await forgot(person.email);
    const first = lastMail(person.email, "reset")!.token!;
    await forgot(person.email);
    const second = lastMail(person.email, "reset")!.token!;
    expect(((await openLink("reset-password", first)) as Response).status).toBe(410);
    getDb().update(authTokens).set({ expiresAt: new Date(Date.now() - 1) }).where(eq(authTokens.userId, person.id)).run();
    expect(((await openLink("reset-password", second)) as Response).status).toBe(410);
    expect(((await choosePassword("reset-password", second, NEW_PASSWORD)) as Response).status).toBe(410);
  });
});

describe("outbox", () => {
  type OutboxData = { rows: { toAddress: string; kind: string; textBody: string | null; createdAt: string }[]; total: number };
  function readOutbox(cookie: string, page = 1) {
    return settle(() => outboxLoader({ request: request(`/admin/outbox?page=${page}`, { cookie }), context: context(), params: {} }));
  }

  it("shows the admin every city, coordinators their own city, members nothing", async () => {
    const saldus = makeCity({ name: "Saldus", language: "lv", timeZone: "Europe/Riga" });
    const saldusCoordinator = await makeUser("ulg_coordinator", saldus.id);
    const saldusCookie = await cookieFor(saldusCoordinator.id);
    const saldusPc = await makeUser("project_coordinator", saldus.id);
    const saldusPcCookie = await cookieFor(saldusPc.id);
    const admin = await makeUser("admin", null);
    const adminCookie = await cookieFor(admin.id);

    // A member's invitation and the project coordinator's reset, in Saldus.
    const member = makeMember(saldus.id);
    expect(((await invite(member.id, saldusCookie)) as Response).status).toBe(302);
    await forgot(saldusPc.email);

    const byCoordinator = (await readOutbox(saldusCookie)) as OutboxData;
    expect(byCoordinator.total).toBe(2);
    expect(byCoordinator.rows.map((r) => r.toAddress)).toEqual([saldusPc.email, member.email]);
    // A member's link can be copied; the project coordinator's reset link is not the ULG coordinator's to read.
    expect(byCoordinator.rows[1].textBody).toContain("/invite/");
    expect(byCoordinator.rows[0].textBody).toBeNull();
    const byPc = (await readOutbox(saldusPcCookie)) as OutboxData;
    expect(byPc.rows.map((r) => r.textBody === null)).toEqual([true, false]);

    const byAdmin = (await readOutbox(adminCookie)) as OutboxData;
    expect(byAdmin.total).toBe(mailCount());
    expect(byAdmin.rows.every((r) => r.textBody !== null)).toBe(true);
    expect(byAdmin.rows.some((r) => r.toAddress === saldusPc.email)).toBe(true);

    // Iisalmi's coordinator sees none of Saldus's messages.
    const byIisalmi = (await readOutbox(coordinatorCookie)) as OutboxData;
    expect(byIisalmi.rows.some((r) => r.toAddress === member.email || r.toAddress === saldusPc.email)).toBe(false);
    expect(byIisalmi.total).toBeGreaterThan(0);

    const plain = await makeUser("member", saldus.id);
    expect(((await readOutbox(await cookieFor(plain.id))) as Response).status).toBe(403);
  });

  it("pages 25 at a time, newest first", async () => {
    const city = makeCity({ name: "Kalamata", language: "el", timeZone: "Europe/Athens" });
    const pc = await makeUser("project_coordinator", city.id);
    const cookie = await cookieFor(pc.id);
    const start = Date.now() - 100_000;
    for (let i = 0; i < 30; i++) {
      getDb()
        .insert(outbox)
        .values({ cityId: city.id, kind: "notice", toAddress: `n${i}@example.org`, language: "en", subject: `Notice ${i}`, textBody: "Hello", createdAt: new Date(start + i * 1000) })
        .run();
    }
    const first = (await readOutbox(cookie)) as OutboxData;
    expect(first.total).toBe(30);
    expect(first.rows).toHaveLength(25);
    expect(first.rows[0].toAddress).toBe("n29@example.org");
    const second = (await readOutbox(cookie, 2)) as OutboxData;
    expect(second.rows.map((r) => r.toAddress)).toEqual(["n4@example.org", "n3@example.org", "n2@example.org", "n1@example.org", "n0@example.org"]);
  });
});
