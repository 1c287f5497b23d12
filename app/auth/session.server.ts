import { createCookie } from "@remix-run/node";
import { and, eq, lt, ne, or, sql } from "drizzle-orm";
import { getDb } from "#db/client.server";
import { preparedQuery } from "~/models/prepared.server";
import { cities, sessions, users, type City, type User } from "#db/schema";
import { cookieSecure, getEnv } from "~/utils/env.server";
import { randomToken, sha256 } from "~/utils/crypto.server";

const DAY = 86_400_000;
// lastSeenAt is refreshed at most this often, so reading a page is not a write.
const TOUCH_INTERVAL = 5 * 60_000;

let cookie: ReturnType<typeof createCookie> | undefined;

export function sessionCookie() {
  if (!cookie) {
    const env = getEnv();
    cookie = createCookie("ulg_session", {
      httpOnly: true,
      sameSite: "lax",
      secure: cookieSecure(env),
      path: "/",
      secrets: env.SESSION_SECRET,
      maxAge: Math.round(env.SESSION_MAX_DAYS * 86400),
    });
  }
  return cookie;
}

export type SessionUser = Pick<User, "id" | "email" | "name" | "role" | "cityId" | "language"> & {
  city: Pick<City, "id" | "name" | "slug" | "language" | "timeZone" | "country"> | null;
};

/** Starts a new session with a fresh random id and returns the Set-Cookie header. */
export async function createUserSession(
  userId: number,
  meta: { ipAddress?: string; userAgent?: string | null } = {},
): Promise<string> {
  const env = getEnv();
  const token = randomToken();
  const now = Date.now();
  getDb()
    .insert(sessions)
    .values({
      idHash: sha256(token),
      userId,
      createdAt: new Date(now),
      lastSeenAt: new Date(now),
      expiresAt: new Date(now + env.SESSION_MAX_DAYS * DAY),
      ipAddress: meta.ipAddress ?? null,
      userAgent: meta.userAgent?.slice(0, 300) ?? null,
    })
    .run();
  return sessionCookie().serialize(token);
}

async function readToken(request: Request): Promise<string | null> {
  const value = await sessionCookie().parse(request.headers.get("Cookie"));
  return typeof value === "string" && value.length > 0 ? value : null;
}

const lookups = new WeakMap<Request, Promise<SessionUser | null>>();
// Remix hands each loader of one page its own copy of the Request, so the root loader and the
// route's loader would each look the session up. They are started in the same turn of the event
// loop: on reads (GET, which never write), a lookup is shared by the same Cookie header until that
// turn ends, and never longer. A POST runs its action and then the loaders, and the action may
// change the user (language, name) or end the session: its loaders look up again.
const sameTurn = new Map<string, Promise<SessionUser | null>>();

/** Forgets lookups shared in this turn (tests that count a request's statements start afresh). */
export function forgetSharedSessionLookups() {
  sameTurn.clear();
}

/** The signed-in user of this request, or null. Looked up once per request. */
export function getSessionUser(request: Request): Promise<SessionUser | null> {
  let pending = lookups.get(request);
  if (pending) return pending;
  // A write may follow (sign-out, a role or language change): nothing looked up before it is shared.
  if (request.method !== "GET") sameTurn.clear();
  const cookieHeader = request.method === "GET" ? request.headers.get("Cookie") : null;
  pending = cookieHeader ? sameTurn.get(cookieHeader) : undefined;
  if (!pending) {
    pending = lookup(request);
    if (cookieHeader) {
      sameTurn.set(cookieHeader, pending);
      setImmediate(() => sameTurn.delete(cookieHeader));
    }
  }
  lookups.set(request, pending);
  return pending;
}

// The session query runs on every signed-in request: built once per connection as a prepared
// query, since building its SQL through drizzle cost more than running it.
const sessionQuery = preparedQuery((db) =>
  db
    .select({
      lastSeenAt: sessions.lastSeenAt,
      expiresAt: sessions.expiresAt,
      user: {
        id: users.id,
        email: users.email,
        name: users.name,
        role: users.role,
        cityId: users.cityId,
        language: users.language,
        active: users.active,
      },
      city: {
        id: cities.id,
        name: cities.name,
        slug: cities.slug,
        language: cities.language,
        timeZone: cities.timeZone,
        country: cities.country,
      },
    })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .leftJoin(cities, eq(cities.id, users.cityId))
    .where(eq(sessions.idHash, sql.placeholder("idHash")))
    .prepare(),
);

async function lookup(request: Request): Promise<SessionUser | null> {
  const token = await readToken(request);
  if (!token) return null;
  const env = getEnv();
  const db = getDb();
  const idHash = sha256(token);
  const row = sessionQuery().get({ idHash });
  if (!row) return null;
  const now = Date.now();
  const idleLimit = row.lastSeenAt.getTime() + env.SESSION_IDLE_DAYS * DAY;
  if (!row.user.active || row.expiresAt.getTime() <= now || idleLimit <= now) {
    db.delete(sessions).where(eq(sessions.idHash, idHash)).run();
    return null;
  }
  if (now - row.lastSeenAt.getTime() > TOUCH_INTERVAL) {
    db.update(sessions).set({ lastSeenAt: new Date(now) }).where(eq(sessions.idHash, idHash)).run();
  }
  const { active: _active, ...user } = row.user;
  return { ...user, city: row.city?.id ? row.city : null };
}

/** Deletes this request's session and returns a Set-Cookie header that clears the cookie. */
export async function destroyUserSession(request: Request): Promise<string> {
  const token = await readToken(request);
  sameTurn.clear();
  if (token) getDb().delete(sessions).where(eq(sessions.idHash, sha256(token))).run();
  return sessionCookie().serialize("", { maxAge: 0, expires: new Date(0) });
}

/** Ends every session of a user (deactivation, password reset), optionally keeping the current one. */
export async function endUserSessions(userId: number, keepRequest?: Request) {
  const keep = keepRequest ? await readToken(keepRequest) : null;
  sameTurn.clear();
  const db = getDb();
  if (keep) {
    db.delete(sessions).where(and(eq(sessions.userId, userId), ne(sessions.idHash, sha256(keep)))).run();
  } else {
    db.delete(sessions).where(eq(sessions.userId, userId)).run();
  }
}

/** Housekeeping: removes expired sessions. */
export function purgeExpiredSessions() {
  const env = getEnv();
  const now = Date.now();
  getDb()
    .delete(sessions)
    .where(or(lt(sessions.expiresAt, new Date(now)), lt(sessions.lastSeenAt, new Date(now - env.SESSION_IDLE_DAYS * DAY))))
    .run();
}

