import type { AppLoadContext } from "@remix-run/node";
import { eq } from "drizzle-orm";
import { getDb } from "#db/client.server";
import { cities, members, users, type Role, type Sector } from "#db/schema";
import { hashPassword } from "~/auth/password.server";
import { createUserSession } from "~/auth/session.server";

let seq = 0;
const next = () => ++seq;

export const TEST_PASSWORD = "correct horse battery staple";
let passwordHash: Promise<string> | undefined;

export function makeCity(overrides: Partial<typeof cities.$inferInsert> = {}) {
  const n = next();
  return getDb()
    .insert(cities)
    .values({ slug: `city-${n}`, name: `City ${n}`, country: "FI", language: "fi", timeZone: "Europe/Helsinki", ...overrides })
    .returning()
    .get();
}

export async function makeUser(role: Role, cityId: number | null, overrides: Partial<typeof users.$inferInsert> = {}) {
  passwordHash ??= hashPassword(TEST_PASSWORD);
  const n = next();
  return getDb()
    .insert(users)
    .values({ email: `user${n}@example.org`, name: `User ${n}`, role, cityId, passwordHash: await passwordHash, ...overrides })
    .returning()
    .get();
}

export function makeMember(cityId: number, overrides: Partial<typeof members.$inferInsert> = {}) {
  const n = next();
  return getDb()
    .insert(members)
    .values({ cityId, name: `Member ${n}`, sector: "civic" as Sector, email: `member${n}@example.org`, phone: "+358 40 123", ...overrides })
    .returning()
    .get();
}

export function setActive(userId: number, active: boolean) {
  getDb().update(users).set({ active }).where(eq(users.id, userId)).run();
}

/** The Cookie header of a fresh session for the user. */
export async function cookieFor(userId: number): Promise<string> {
  const setCookie = await createUserSession(userId);
  return setCookie.split(";")[0];
}

export function context(clientAddress = "203.0.113.1"): AppLoadContext {
  return { clientAddress, cspNonce: "test" };
}

type RequestOptions = { method?: string; cookie?: string; form?: Record<string, string> };

export function request(pathWithQuery: string, opts: RequestOptions = {}): Request {
  const headers = new Headers();
  if (opts.cookie) headers.set("Cookie", opts.cookie);
  let body: URLSearchParams | undefined;
  if (opts.form) {
    body = new URLSearchParams(opts.form);
    headers.set("Content-Type", "application/x-www-form-urlencoded");
  }
  return new Request(`http://localhost${pathWithQuery}`, { method: opts.method ?? (opts.form ? "POST" : "GET"), headers, body });
}

/** Runs a loader/action and returns the Response it threw or returned (Remix throws redirects and errors). */
export async function settle(fn: () => Promise<unknown>): Promise<unknown> {
  try {
    return await fn();
  } catch (e) {
    return e;
  }
}
