import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "#db/client.server";
import { auditLog, loginFailures, sessions } from "#db/schema";
import { getSessionUser } from "~/auth/session.server";
import { safeRedirect } from "~/utils/request.server";
import { action as loginAction } from "~/routes/login";
import { action as logoutAction } from "~/routes/logout";
import { loader as dashboardLoader } from "~/routes/_index";
import { spyOnStatements } from "./sql-count";
import { context, cookieFor, makeCity, makeUser, request, settle, TEST_PASSWORD } from "./factories";

type DataResult = { type: string; data: { status?: string; error?: Record<string, string[]> | null; initialValue?: Record<string, string> }; init: { status: number } };

async function signIn(email: string, password: string, ip = "203.0.113.1", redirectTo = "") {
  return settle(() => loginAction({ request: request("/login", { form: { email, password, redirectTo } }), context: context(ip), params: {} }));
}

let cityId: number;
beforeAll(() => {
  cityId = makeCity().id;
});

describe("sign-in", () => {
  it("signs in with the right password, sets a session cookie and goes to the dashboard", async () => {
    const user = await makeUser("member", cityId);
    const res = (await signIn(user.email.toUpperCase(), TEST_PASSWORD)) as Response;
    expect(res.status).toBe(302);
    expect(res.headers.get("Location")).toBe("/");
    const cookie = res.headers.get("Set-Cookie")!;
    expect(cookie).toMatch(/^ulg_session=/);
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Lax/i);
    const who = await getSessionUser(request("/", { cookie: cookie.split(";")[0] }));
    expect(who?.id).toBe(user.id);
    const audit = getDb().select().from(auditLog).where(eq(auditLog.actorUserId, user.id)).all();
    expect(audit.map((a) => a.action)).toContain("auth.sign_in");
    expect(JSON.stringify(audit)).not.toContain(TEST_PASSWORD);
  });

  it("gives every sign-in a new session id", async () => {
    const user = await makeUser("member", cityId);
    const a = ((await signIn(user.email, TEST_PASSWORD)) as Response).headers.get("Set-Cookie");
    const b = ((await signIn(user.email, TEST_PASSWORD)) as Response).headers.get("Set-Cookie");
    expect(a).not.toEqual(b);
  });

  it("answers a wrong password and an unknown e-mail with the same generic message and keeps the e-mail", async () => {
    const user = await makeUser("member", cityId);
    for (const email of [user.email, "nobody-here@example.org"]) {
      const res = (await signIn(email, "wrong password!")) as DataResult;
      expect(res.init.status).toBe(400);
      expect(res.data.error?.[""]).toEqual(["login.failed"]);
      expect(res.data.initialValue?.email).toBe(email);
      expect(res.data.initialValue?.password).toBeUndefined();
    }
    const failures = getDb().select().from(auditLog).where(eq(auditLog.action, "auth.sign_in_failed")).all();
    expect(failures.length).toBeGreaterThanOrEqual(2);
  });

  it("refuses a deactivated account with the same message", async () => {
    const user = await makeUser("member", cityId, { active: false });
    const res = (await signIn(user.email, TEST_PASSWORD)) as DataResult;
    expect(res.init.status).toBe(400);
    expect(res.data.error?.[""]).toEqual(["login.failed"]);
  });

  it("rejects empty fields with field messages", async () => {
    const res = (await signIn("", "")) as DataResult;
    expect(res.init.status).toBe(400);
    expect(res.data.error?.email).toEqual(["validation.required"]);
    expect(res.data.error?.password).toEqual(["validation.required"]);
  });

  it("redirects only to local paths", async () => {
    const user = await makeUser("member", cityId);
    const ok = (await signIn(user.email, TEST_PASSWORD, "203.0.113.1", "/members?page=2")) as Response;
    expect(ok.headers.get("Location")).toBe("/members?page=2");
    const evil = (await signIn(user.email, TEST_PASSWORD, "203.0.113.1", "//evil.example/x")) as Response;
    expect(evil.headers.get("Location")).toBe("/");
    expect(safeRedirect("https://evil.example")).toBe("/");
    expect(safeRedirect("/\\evil.example")).toBe("/");
    expect(safeRedirect("/ok")).toBe("/ok");
  });
});

describe("sign-in rate limit", () => {
  it("refuses the 11th failure for one e-mail within 15 minutes, from any address, and lets the owner in later", async () => {
    const user = await makeUser("member", cityId);
    for (let i = 0; i < 10; i++) {
      const res = (await signIn(user.email, "wrong", `198.51.100.${i}`)) as DataResult;
      expect(res.init.status).toBe(400);
    }
    const refused = (await signIn(user.email, TEST_PASSWORD, "198.51.100.200")) as DataResult;
    expect(refused.init.status).toBe(429);
    expect(refused.data.error?.[""]?.[0]).toMatch(/^login\.tooMany\|\{"count":1[45]\}$/);
    // 15 minutes later the failures have aged out and the right password works.
    getDb().update(loginFailures).set({ at: new Date(Date.now() - 16 * 60_000) }).where(eq(loginFailures.email, user.email)).run();
    const later = (await signIn(user.email, TEST_PASSWORD, "198.51.100.200")) as Response;
    expect(later.status).toBe(302);
  });

  it("refuses a client address after 10 failures whatever e-mail it tries", async () => {
    const ip = "192.0.2.77";
    for (let i = 0; i < 10; i++) await signIn(`guess${i}@example.org`, "wrong", ip);
    const user = await makeUser("member", cityId);
    const refused = (await signIn(user.email, TEST_PASSWORD, ip)) as DataResult;
    expect(refused.init.status).toBe(429);
    const elsewhere = (await signIn(user.email, TEST_PASSWORD, "192.0.2.78")) as Response;
    expect(elsewhere.status).toBe(302);
  });
});

describe("sessions", () => {
  it("sign-out deletes the session so the old cookie stops working", async () => {
    const user = await makeUser("member", cityId);
    const cookie = await cookieFor(user.id);
    expect((await getSessionUser(request("/", { cookie })))?.id).toBe(user.id);
    const res = (await settle(() => logoutAction({ request: request("/logout", { method: "POST", cookie }), context: context(), params: {} }))) as Response;
    expect(res.status).toBe(302);
    expect(res.headers.get("Set-Cookie")).toMatch(/ulg_session=;/);
    expect(await getSessionUser(request("/", { cookie }))).toBeNull();
    const again = (await settle(() => dashboardLoader({ request: request("/", { cookie }), context: context(), params: {} }))) as Response;
    expect(again.status).toBe(302);
    expect(again.headers.get("Location")).toBe("/login");
  });

  it("ends a session idle for more than 7 days and one older than 30 days", async () => {
    const user = await makeUser("member", cityId);
    const idle = await cookieFor(user.id);
    getDb().update(sessions).set({ lastSeenAt: new Date(Date.now() - 8 * 86_400_000) }).where(eq(sessions.userId, user.id)).run();
    expect(await getSessionUser(request("/", { cookie: idle }))).toBeNull();

    const old = await cookieFor(user.id);
    getDb().update(sessions).set({ expiresAt: new Date(Date.now() - 1000) }).where(eq(sessions.userId, user.id)).run();
    expect(await getSessionUser(request("/", { cookie: old }))).toBeNull();
    expect(getDb().select().from(sessions).where(eq(sessions.userId, user.id)).all()).toHaveLength(0);
  });

  it("refuses a cookie whose signature does not match", async () => {
    const user = await makeUser("member", cityId);
    const cookie = await cookieFor(user.id);
    const tampered = cookie.replace(/.$/, (c) => (c === "A" ? "B" : "A"));
    expect(await getSessionUser(request("/", { cookie: tampered }))).toBeNull();
  });

  it("stores only a hash of the session id", async () => {
    const user = await makeUser("member", cityId);
    const cookie = await cookieFor(user.id);
    const rows = getDb().select().from(sessions).where(eq(sessions.userId, user.id)).all();
    const raw = decodeURIComponent(cookie.split("=")[1]);
    expect(rows[0].idHash).toMatch(/^[0-9a-f]{64}$/);
    expect(raw).not.toContain(rows[0].idHash);
  });
});

describe("one session lookup per page", () => {
  it("shares the lookup between the loaders of one GET (each gets its own Request) but not past that turn, nor on a POST", async () => {
    const user = await makeUser("member", cityId);
    const cookie = await cookieFor(user.id);
    const spy = spyOnStatements();
    try {
      const [a, b] = await Promise.all([getSessionUser(request("/", { cookie })), getSessionUser(request("/", { cookie }))]);
      expect(a?.id).toBe(user.id);
      expect(b?.id).toBe(user.id);
      expect(spy.count()).toBe(1);
      // The next turn looks again: a session ended meanwhile is not served from memory.
      await new Promise((resolve) => setImmediate(resolve));
      getDb().delete(sessions).where(eq(sessions.userId, user.id)).run();
      expect(await getSessionUser(request("/", { cookie }))).toBeNull();
    } finally {
      spy.restore();
    }
    const again = await cookieFor(user.id);
    const post = (c: string) => request("/settings", { cookie: c, method: "POST" });
    const spy2 = spyOnStatements();
    try {
      await Promise.all([getSessionUser(post(again)), getSessionUser(post(again))]);
      expect(spy2.count()).toBe(2);
    } finally {
      spy2.restore();
    }
  });
});
