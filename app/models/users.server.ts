import { and, asc, count, eq, like, or } from "drizzle-orm";
import { getDb } from "#db/client.server";
import { cities, users, type Role } from "#db/schema";
import { inScope, type Scope } from "./scope.server";
import { recordAudit } from "./audit.server";

export function findUserForAudit(email: string) {
  return getDb().select({ id: users.id, cityId: users.cityId }).from(users).where(eq(users.email, email)).get() ?? null;
}

export const USERS_PAGE_SIZE = 25;

export function listUsers(scope: Scope, opts: { q?: string; page: number }) {
  const db = getDb();
  const conditions = [inScope(users.cityId, scope)];
  if (opts.q) {
    const p = `%${opts.q.replace(/[%_\\]/g, (c) => `\\${c}`)}%`;
    conditions.push(or(like(users.name, p), like(users.email, p)));
  }
  const where = and(...conditions);
  const rows = db
    .select({
      id: users.id,
      name: users.name,
      email: users.email,
      role: users.role,
      active: users.active,
      cityName: cities.name,
    })
    .from(users)
    .leftJoin(cities, eq(cities.id, users.cityId))
    .where(where)
    .orderBy(asc(cities.name), asc(users.email))
    .limit(USERS_PAGE_SIZE)
    .offset((opts.page - 1) * USERS_PAGE_SIZE)
    .all();
  const total = db.select({ n: count() }).from(users).where(where).get()!.n;
  return { rows, total };
}

/** A user inside the scope, or null (which routes turn into 404). */
export function getUserInScope(scope: Scope, id: number) {
  return (
    getDb()
      .select({ id: users.id, role: users.role, cityId: users.cityId, active: users.active, email: users.email })
      .from(users)
      .where(and(eq(users.id, id), inScope(users.cityId, scope)))
      .get() ?? null
  );
}

export function setUserActive(id: number, active: boolean) {
  getDb().update(users).set({ active }).where(eq(users.id, id)).run();
}

export function setUserPreferences(id: number, values: { name?: string; language?: "en" | "fi" }) {
  getDb().update(users).set(values).where(eq(users.id, id)).run();
}

export type { Role };

/** Roles a manager may hand out: admins any; project coordinators the three city roles. */
export function assignableRoles(managerRole: Role): Role[] {
  if (managerRole === "admin") return ["member", "ulg_coordinator", "project_coordinator", "admin"];
  if (managerRole === "project_coordinator") return ["member", "ulg_coordinator", "project_coordinator"];
  return [];
}

export function emailInUse(email: string): boolean {
  return Boolean(getDb().select({ id: users.id }).from(users).where(eq(users.email, email)).get());
}

export function createAccount(
  values: { name: string; email: string; role: Role; cityId: number | null; language: "en" | "fi" },
  actor: { id: number; ipAddress?: string },
): number {
  const db = getDb();
  return db.transaction((tx) => {
    const row = tx.insert(users).values({ ...values, passwordHash: null, active: true }).returning({ id: users.id }).get();
    recordAudit({ action: "user.create", actorUserId: actor.id, cityId: values.cityId, entityType: "user", entityId: row.id, detail: { role: values.role }, ipAddress: actor.ipAddress });
    return row.id;
  });
}

export function changeRole(id: number, role: Role, actor: { id: number; ipAddress?: string }, cityId: number | null) {
  getDb().transaction((tx) => {
    tx.update(users).set({ role }).where(eq(users.id, id)).run();
    recordAudit({ action: "user.change_role", actorUserId: actor.id, cityId, entityType: "user", entityId: id, detail: { role }, ipAddress: actor.ipAddress });
  });
}
