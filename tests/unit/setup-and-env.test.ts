import { describe, expect, it, vi } from "vitest";
import { createSetupLinkIfEmpty } from "~/startup.server";
import { loader as setupLoader, action as setupAction } from "~/routes/setup";
import { getSessionUser } from "~/auth/session.server";
import { context, request, settle } from "./factories";

describe("first run", () => {
  it("prints a one-time link on an empty database that creates the first admin once", async () => {
    const link = createSetupLinkIfEmpty();
    expect(link).toMatch(/^\/setup\?token=[\w-]{40,}$/);
    const token = new URL(`http://x${link}`).searchParams.get("token")!;

    expect(((await settle(() => setupLoader({ request: request("/setup?token=wrong"), context: context(), params: {} }))) as Response).status).toBe(404);
    expect(await setupLoader({ request: request(link!), context: context(), params: {} })).toEqual({ token });

    const short = (await setupAction({ request: request(link!, { form: { token, name: "Ada", email: "ada@example.org", password: "short" } }), context: context(), params: {} })) as { init: { status: number }; data: { error: Record<string, string[]> } };
    expect(short.init.status).toBe(400);
    expect(short.data.error.password).toEqual(["validation.passwordLength"]);

    const res = (await settle(() => setupAction({ request: request(link!, { form: { token, name: "Ada", email: "Ada@Example.org", password: "a long enough password" } }), context: context(), params: {} }))) as Response;
    expect(res.status).toBe(302);
    const who = await getSessionUser(request("/", { cookie: res.headers.get("Set-Cookie")!.split(";")[0] }));
    expect(who).toMatchObject({ role: "admin", email: "ada@example.org", cityId: null });

    // Used: the link is gone, and a database with users makes no new link.
    expect(((await settle(() => setupLoader({ request: request(link!), context: context(), params: {} }))) as Response).status).toBe(404);
    expect(createSetupLinkIfEmpty()).toBeNull();
  });
});

describe("configuration", () => {
  it("stops with a message naming SESSION_SECRET when it is missing or short", async () => {
    vi.resetModules();
    const saved = process.env.SESSION_SECRET;
    try {
      delete process.env.SESSION_SECRET;
      const { getEnv } = await import("~/utils/env.server");
      expect(() => getEnv()).toThrow(/SESSION_SECRET is required/);
      vi.resetModules();
      process.env.SESSION_SECRET = "short";
      const again = await import("~/utils/env.server");
      expect(() => again.getEnv()).toThrow(/at least 32/);
    } finally {
      process.env.SESSION_SECRET = saved;
    }
  });
});
