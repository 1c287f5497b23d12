import { and, count, desc, eq, gte, like, lt, or } from "drizzle-orm";
import { getDb } from "#db/client.server";
import { auditLog, cities, users } from "#db/schema";
import { inScope, type Scope } from "./scope.server";

export type AuditInput = {
  action: string;
  actorUserId?: number | null;
  actorLabel?: string | null;
  cityId?: number | null;
  entityType?: string | null;
  entityId?: string | number | null;
  // Never passwords or tokens: callers pass only what a reviewer needs.
  detail?: Record<string, unknown> | null;
  ipAddress?: string | null;
};

export function recordAudit(input: AuditInput) {
  getDb()
    .insert(auditLog)
    .values({
      at: new Date(),
      action: input.action,
      actorUserId: input.actorUserId ?? null,
      actorLabel: input.actorLabel ?? null,
      cityId: input.cityId ?? null,
      entityType: input.entityType ?? null,
      entityId: input.entityId == null ? null : String(input.entityId),
      detail: input.detail ? JSON.stringify(input.detail) : null,
      ipAddress: input.ipAddress ?? null,
    })
    .run();
}

export const AUDIT_PAGE_SIZE = 50;

export type AuditFilters = { action?: string; q?: string; from?: string; to?: string; page: number };

export function listAudit(scope: Scope, filters: AuditFilters) {
  const db = getDb();
  const conditions = [inScope(auditLog.cityId, scope)];
  if (filters.action) conditions.push(like(auditLog.action, `${filters.action}%`));
  if (filters.q) {
    const pattern = `%${filters.q.replace(/[%_\\]/g, (c) => `\\${c}`)}%`;
    conditions.push(or(like(auditLog.actorLabel, pattern), like(users.email, pattern), like(users.name, pattern)));
  }
  if (filters.from) conditions.push(gte(auditLog.at, new Date(`${filters.from}T00:00:00Z`)));
  if (filters.to) conditions.push(lt(auditLog.at, new Date(new Date(`${filters.to}T00:00:00Z`).getTime() + 86400000)));
  const where = and(...conditions);
  const rows = db
    .select({
      id: auditLog.id,
      at: auditLog.at,
      action: auditLog.action,
      entityType: auditLog.entityType,
      entityId: auditLog.entityId,
      detail: auditLog.detail,
      ipAddress: auditLog.ipAddress,
      actorLabel: auditLog.actorLabel,
      actorName: users.name,
      actorEmail: users.email,
      cityName: cities.name,
    })
    .from(auditLog)
    .leftJoin(users, eq(users.id, auditLog.actorUserId))
    .leftJoin(cities, eq(cities.id, auditLog.cityId))
    .where(where)
    .orderBy(desc(auditLog.at), desc(auditLog.id))
    .limit(AUDIT_PAGE_SIZE)
    .offset((filters.page - 1) * AUDIT_PAGE_SIZE)
    .all();
  const total = db
    .select({ n: count() })
    .from(auditLog)
    .leftJoin(users, eq(users.id, auditLog.actorUserId))
    .where(where)
    .get()!.n;
  return { rows, total };
}
