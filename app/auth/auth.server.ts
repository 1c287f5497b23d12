import { redirect } from "@remix-run/node";
import { Authenticator } from "remix-auth";
import { FormStrategy } from "remix-auth-form";
import { eq } from "drizzle-orm";
import { getDb } from "#db/client.server";
import { users } from "#db/schema";
import { recordAudit } from "~/models/audit.server";
import { allCities, cityScope, type Scope } from "~/models/scope.server";
import { verifyPassword } from "./password.server";
import { accessFor, hasPermission, type Permission } from "./permissions";
import { getSessionUser, type SessionUser } from "./session.server";

export class InvalidCredentials extends Error {}

export function normalizeEmail(value: unknown): string {
  return typeof value === "string" ? value.trim().toLowerCase() : "";
}

/** remix-auth keeps no session here: it checks the credentials and returns the user id. */
export const authenticator = new Authenticator<number>();

authenticator.use(
  new FormStrategy(async ({ form }) => {
    const email = normalizeEmail(form.get("email"));
    const password = String(form.get("password") ?? "");
    const user = getDb()
      .select({ id: users.id, passwordHash: users.passwordHash, active: users.active })
      .from(users)
      .where(eq(users.email, email))
      .get();
    const ok = await verifyPassword(user?.passwordHash, password);
    if (!user || !ok || !user.active) throw new InvalidCredentials("invalid credentials");
    return user.id;
  }),
  "form",
);

function loginRedirect(request: Request) {
  const url = new URL(request.url);
  const here = url.pathname + url.search;
  const params = here === "/" ? "" : `?${new URLSearchParams({ redirectTo: here })}`;
  return redirect(`/login${params}`);
}

/** The signed-in user, or a redirect to /login that brings them back afterwards. */
export async function requireUser(request: Request): Promise<SessionUser> {
  const user = await getSessionUser(request);
  if (!user) throw loginRedirect(request);
  return user;
}

export function forbidden(): Response {
  return new Response("Forbidden", { status: 403, statusText: "Forbidden" });
}

export function notFound(): Response {
  return new Response("Not Found", { status: 404, statusText: "Not Found" });
}

function denied(request: Request, user: SessionUser, permission: string, ipAddress?: string): never {
  recordAudit({
    action: "access.denied",
    actorUserId: user.id,
    cityId: user.cityId,
    detail: { permission, method: request.method, path: new URL(request.url).pathname },
    ipAddress,
  });
  throw forbidden();
}

/** The signed-in user if their role has the permission; 403 (and an audit entry) otherwise. */
export async function requirePermission(
  request: Request,
  permission: Permission,
  ipAddress?: string,
): Promise<SessionUser> {
  const user = await requireUser(request);
  if (!hasPermission(user, permission)) denied(request, user, permission, ipAddress);
  return user;
}

type ScopedEntity = Permission extends infer P ? (P extends `${infer A}:${infer E}:${"city" | "any"}` ? `${A}:${E}` : never) : never;

/**
 * For reads and writes of city-owned records: the user and the scope their role gives
 * (their own city, or every city for admins). Anything else is refused with 403.
 */
export async function requireScope(
  request: Request,
  actionEntity: ScopedEntity,
  ipAddress?: string,
): Promise<{ user: SessionUser; scope: Scope }> {
  const user = await requireUser(request);
  const access = accessFor(user, actionEntity);
  if (access === "any") return { user, scope: allCities };
  if (access === "city" && user.cityId != null) return { user, scope: cityScope(user.cityId) };
  denied(request, user, `${actionEntity}:city`, ipAddress);
}

export function requireCityUser(user: SessionUser): SessionUser & { cityId: number } {
  if (user.cityId == null) throw forbidden();
  return user as SessionUser & { cityId: number };
}
