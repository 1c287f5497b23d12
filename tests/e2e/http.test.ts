// What the server answers over plain HTTP: sign-in by form POST, redirects, 403 and 404 by role
// and city, the same-origin check on writes, security headers and the health check.
import { describe, expect, it } from "vitest";
import { DEMO_ACCOUNTS, DEMO_PASSWORD, baseUrl, get, httpLogin, post } from "./helpers";

/** The id of a member by name, read from the roster as the given account sees it. */
async function memberId(cookie: string, name: string): Promise<number> {
  const res = await get(`/members?${new URLSearchParams({ q: name, status: "all" })}`, cookie);
  expect(res.status).toBe(200);
  const html = await res.text();
  const m = new RegExp(`href="/members/(\\d+)"[^>]*>${name}<`).exec(html);
  if (!m) throw new Error(`${name} is not on the roster this account sees`);
  return Number(m[1]);
}

describe("sign-in by plain form POST", () => {
  for (const acct of DEMO_ACCOUNTS) {
    it(`${acct.email} gets a 302 to / with a session cookie`, async () => {
      const res = await post("/login", { email: acct.email, password: DEMO_PASSWORD });
      expect(res.status).toBe(302);
      expect(res.headers.get("location")).toBe("/");
      const setCookie = res.headers.getSetCookie().find((c) => c.startsWith("ulg_session="));
      expect(setCookie).toBeDefined();
      expect(setCookie).toMatch(/;\s*HttpOnly/i);
      expect(setCookie).toMatch(/;\s*SameSite=Lax/i);
      expect(setCookie).toMatch(/;\s*Path=\//i);

      const cookie = setCookie!.split(";")[0];
      const home = await get("/", cookie);
      expect(home.status).toBe(200);
      const html = await home.text();
      expect(html).toContain(acct.name);
      expect(html).toContain(acct.dashboardTitle);
      await post("/logout", {}, cookie);
    });
  }

  it("accepts the e-mail in any case and with spaces around it", async () => {
    const res = await post("/login", { email: "  Member@IISALMI.example ", password: DEMO_PASSWORD });
    expect(res.status).toBe(302);
    await post("/logout", {}, res.headers.getSetCookie()[0].split(";")[0]);
  });

  it("goes back to a local redirectTo, never to another site", async () => {
    const local = await post("/login", { email: "member@iisalmi.example", password: DEMO_PASSWORD, redirectTo: "/members?page=1" });
    expect(local.status).toBe(302);
    expect(local.headers.get("location")).toBe("/members?page=1");
    for (const evil of ["//evil.example/", "https://evil.example/", "/\\evil.example"]) {
      const res = await post("/login", { email: "member@iisalmi.example", password: DEMO_PASSWORD, redirectTo: evil });
      expect(res.status).toBe(302);
      expect(res.headers.get("location")).toBe("/");
    }
  });

  it("answers 400 with the generic message and no cookie for a wrong password", async () => {
    const res = await post("/login", { email: "projects@iisalmi.example", password: "wrong-password" });
    expect(res.status).toBe(400);
    expect(res.headers.getSetCookie().some((c) => c.startsWith("ulg_session="))).toBe(false);
    const html = await res.text();
    expect(html).toContain("The e-mail or password is not right.");
    expect(html).toContain('value="projects@iisalmi.example"');
    expect(html).not.toContain("wrong-password");

    // The same through the data endpoint the enhanced form posts to.
    const data = await post("/login.data", { email: "admin@network.example", password: "also-wrong-password" });
    expect(data.status).toBe(400);
    expect(data.headers.getSetCookie().some((c) => c.startsWith("ulg_session="))).toBe(false);
    const body = await data.text();
    expect(body).toContain("login.failed");
    expect(body).toContain("admin@network.example");
    expect(body).not.toContain("also-wrong-password");
  });

  it("answers 400 with a message next to the field for an address that is not an e-mail", async () => {
    const res = await post("/login", { email: "not-an-address", password: "x" });
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(html).toContain("Enter an e-mail address such as name@example.org.");
    expect(html).toMatch(/aria-invalid="true"/);
  });
});

describe("signed-out visitors", () => {
  it("are sent to sign in, with the way back", async () => {
    const home = await get("/");
    expect(home.status).toBe(302);
    expect(home.headers.get("location")).toBe("/login");

    const members = await get("/members");
    expect(members.status).toBe(302);
    expect(members.headers.get("location")).toBe("/login?redirectTo=%2Fmembers");

    const filtered = await get("/members?sector=civic");
    expect(filtered.status).toBe(302);
    expect(filtered.headers.get("location")).toBe(`/login?${new URLSearchParams({ redirectTo: "/members?sector=civic" })}`);
  });

  it("see the sign-in page with status 200 and no user", async () => {
    const res = await get("/login");
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('<html lang="en"');
    expect(html).not.toContain('data-testid="current-user"');
  });

  it("are sent on from /login when already signed in", async () => {
    const cookie = await httpLogin("member@iisalmi.example");
    const res = await get("/login?redirectTo=%2Fmembers", cookie);
    expect(res.status).toBe(302);
    expect(res.headers.get("location")).toBe("/members");
    await post("/logout", {}, cookie);
  });
});

describe("roles and cities", () => {
  it("refuses the administration pages to a member with 403", async () => {
    const cookie = await httpLogin("member@iisalmi.example");
    for (const path of ["/admin/users", "/admin/audit", "/admin/cities"]) {
      const res = await get(path, cookie);
      expect(res.status, path).toBe(403);
      const html = await res.text();
      expect(html).toContain("Not allowed");
      expect(html).not.toContain("admin@network.example");
    }
    // A write is refused the same way.
    const write = await post("/admin/users", { userId: "1", intent: "deactivate" }, cookie);
    expect(write.status).toBe(403);
    await post("/logout", {}, cookie);
  });

  it("refuses accounts to a ULG coordinator and cities to a project coordinator", async () => {
    const coordinator = await httpLogin("coordinator@iisalmi.example");
    expect((await get("/admin/users", coordinator)).status).toBe(403);
    expect((await get("/admin/audit", coordinator)).status).toBe(403);
    await post("/logout", {}, coordinator);

    const projects = await httpLogin("projects@iisalmi.example");
    expect((await get("/admin/users", projects)).status).toBe(200);
    expect((await get("/admin/audit", projects)).status).toBe(200);
    expect((await get("/admin/cities", projects)).status).toBe(403);
    await post("/logout", {}, projects);
  });

  it("answers 404 for another city's member, the same as for no member at all", async () => {
    const mantova = await httpLogin("coordinator@mantova.example");
    const lucaId = await memberId(mantova, "Luca Bianchi");
    const own = await get(`/members/${lucaId}`, mantova);
    expect(own.status).toBe(200);
    expect(await own.text()).toContain("Luca Bianchi");
    await post("/logout", {}, mantova);

    const iisalmi = await httpLogin("coordinator@iisalmi.example");
    const other = await get(`/members/${lucaId}`, iisalmi);
    expect(other.status).toBe(404);
    const otherHtml = await other.text();
    expect(otherHtml).toContain("Page not found");
    expect(otherHtml).not.toContain("Luca Bianchi");
    expect(otherHtml).not.toContain("Università di Mantova");
    // The data endpoint of the same page leaks nothing either.
    const data = await get(`/members/${lucaId}.data`, iisalmi);
    expect(await data.text()).not.toContain("Bianchi");

    const none = await get("/members/99999999", iisalmi);
    expect(none.status).toBe(404);
    expect((await get("/members/not-a-number", iisalmi)).status).toBe(404);
    await post("/logout", {}, iisalmi);

    // The administrator reads every city.
    const admin = await httpLogin("admin@network.example");
    expect((await get(`/members/${lucaId}`, admin)).status).toBe(200);
    await post("/logout", {}, admin);
  });

  it("shows contact details only with consent, or to coordinators", async () => {
    const member = await httpLogin("member@iisalmi.example");
    const sannaId = await memberId(member, "Sanna Hyvönen");
    const asMember = await (await get(`/members/${sannaId}`, member)).text();
    expect(asMember).toContain("This member has not agreed to show contact details to the group.");
    expect(asMember).not.toContain("sanna.hyvonen@example.fi");
    const mikkoId = await memberId(member, "Mikko Räsänen");
    expect(await (await get(`/members/${mikkoId}`, member)).text()).toContain("mikko.rasanen@example.fi");
    await post("/logout", {}, member);

    const coordinator = await httpLogin("coordinator@iisalmi.example");
    expect(await (await get(`/members/${sannaId}`, coordinator)).text()).toContain("sanna.hyvonen@example.fi");
    await post("/logout", {}, coordinator);
  });
});

describe("cross-site requests", () => {
  it("refuses a POST from another origin with 403, and it changes nothing", async () => {
    const signIn = await post("/login", { email: "member@iisalmi.example", password: DEMO_PASSWORD }, undefined, "http://evil.example");
    expect(signIn.status).toBe(403);
    expect(signIn.headers.getSetCookie()).toEqual([]);

    const cookie = await httpLogin("member@iisalmi.example");
    const logout = await post("/logout", {}, cookie, "http://evil.example");
    expect(logout.status).toBe(403);
    // Still signed in.
    expect((await get("/", cookie)).status).toBe(200);

    // A Referer from elsewhere (without Origin) is refused as well.
    const byReferer = await fetch(new URL("/logout", baseUrl()), {
      method: "POST",
      redirect: "manual",
      headers: { Cookie: cookie, Referer: "http://evil.example/page", "Content-Type": "application/x-www-form-urlencoded" },
      body: "",
    });
    expect(byReferer.status).toBe(403);
    // Another port of the same host is another origin.
    const otherPort = new URL(baseUrl());
    otherPort.port = String(Number(otherPort.port) === 65535 ? 1 : Number(otherPort.port) + 1);
    expect((await post("/logout", {}, cookie, otherPort.origin)).status).toBe(403);
    expect((await get("/", cookie)).status).toBe(200);

    const language = await post("/language", { language: "fi", redirectTo: "/" }, cookie, "http://evil.example");
    expect(language.status).toBe(403);
    expect(await (await get("/", cookie)).text()).toContain('<html lang="en"');
    await post("/logout", {}, cookie);
  });
});

describe("headers", () => {
  it("sends a nonce-based CSP and the other security headers on every page", async () => {
    const first = await get("/login");
    const second = await get("/login");
    for (const res of [first, second]) {
      const csp = res.headers.get("content-security-policy") ?? "";
      expect(csp).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]{16,}'/);
      expect(csp).not.toContain("unsafe-inline");
      expect(csp).not.toContain("unsafe-eval");
      expect(csp).toContain("frame-ancestors 'none'");
      expect(csp).toContain("object-src 'none'");
      expect(csp).toContain("form-action 'self'");
      expect(res.headers.get("x-content-type-options")).toBe("nosniff");
      expect(res.headers.get("referrer-policy")).toBe("same-origin");
      expect(res.headers.get("x-frame-options")).toBe("DENY");
      expect(res.headers.get("x-powered-by")).toBeNull();
    }
    // A new nonce for every response, and every script of the page carries it.
    const nonceOf = (res: Response) => /'nonce-([^']+)'/.exec(res.headers.get("content-security-policy") ?? "")![1];
    expect(nonceOf(first)).not.toBe(nonceOf(second));
    const html = await first.text();
    const scripts = [...html.matchAll(/<script\b[^>]*>/g)].map((m) => m[0]);
    expect(scripts.length).toBeGreaterThan(0);
    for (const tag of scripts) expect(tag).toContain(`nonce="${nonceOf(first)}"`);
  });

  it("keeps signed-in pages out of every cache", async () => {
    const cookie = await httpLogin("coordinator@iisalmi.example");
    for (const path of ["/", "/members", "/settings"]) {
      const res = await get(path, cookie);
      expect(res.status, path).toBe(200);
      expect(res.headers.get("cache-control"), path).toBe("no-store");
      expect(res.headers.get("content-type"), path).toBe("text/html; charset=utf-8");
      expect(res.headers.get("content-security-policy"), path).toContain("frame-ancestors 'none'");
    }
    await post("/logout", {}, cookie);
  });

  it("serves fingerprinted assets as immutable and has a favicon", async () => {
    const html = await (await get("/login")).text();
    const css = /href="(\/assets\/[^"]+\.css)"/.exec(html)?.[1];
    expect(css).toBeDefined();
    const asset = await get(css!);
    expect(asset.status).toBe(200);
    expect(asset.headers.get("cache-control")).toContain("immutable");
    expect((await get("/favicon.ico")).status).toBe(200);
  });
});

describe("health check", () => {
  it("answers 200 ok when the database answers", async () => {
    const res = await get("/healthz");
    expect(res.status).toBe(200);
    expect(await res.text()).toBe("ok\n");
    expect(res.headers.get("content-type")).toContain("text/plain");
  });
});
