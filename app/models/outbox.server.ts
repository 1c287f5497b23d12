import { count, desc, eq } from "drizzle-orm";
import { getDb } from "#db/client.server";
import { cities, outbox, users, ROLES, type Role } from "#db/schema";
import { inScope, type Scope } from "./scope.server";

export const OUTBOX_PAGE_SIZE = 25;

// Messages whose text holds a link that signs someone in (an invitation or a password reset).
const SIGN_IN_LINK_KINDS = new Set(["invite", "reset"]);

const rank = (role: Role) => ROLES.indexOf(role);

/**
 * Whether the viewer may read a message's text. A sign-in link in it would let the reader take
 * over the recipient's account, so coordinators read only those meant for a lower role than their
 * own (a ULG coordinator copies a member's invitation, not a project coordinator's reset link);
 * the administrator reads all. Messages to addresses without an account count as a member's.
 */
export function mayReadText(viewer: { role: Role }, kind: string, recipientRole: Role | null): boolean {
  if (viewer.role === "admin" || !SIGN_IN_LINK_KINDS.has(kind)) return true;
  return rank(viewer.role) > rank(recipientRole ?? "member");
}

/** One page of the outbox inside the scope, newest first. Texts the viewer may not read come back as null. */
export function listOutbox(scope: Scope, viewer: { role: Role }, page: number) {
  const db = getDb();
  const where = inScope(outbox.cityId, scope);
  const rows = db
    .select({
      id: outbox.id,
      createdAt: outbox.createdAt,
      sentAt: outbox.sentAt,
      kind: outbox.kind,
      toAddress: outbox.toAddress,
      toName: outbox.toName,
      language: outbox.language,
      subject: outbox.subject,
      textBody: outbox.textBody,
      status: outbox.status,
      error: outbox.error,
      cityName: cities.name,
      recipientRole: users.role,
    })
    .from(outbox)
    .leftJoin(cities, eq(cities.id, outbox.cityId))
    .leftJoin(users, eq(users.email, outbox.toAddress))
    .where(where)
    .orderBy(desc(outbox.createdAt), desc(outbox.id))
    .limit(OUTBOX_PAGE_SIZE)
    .offset((page - 1) * OUTBOX_PAGE_SIZE)
    .all();
  const total = db.select({ n: count() }).from(outbox).where(where).get()!.n;
  return {
    total,
    rows: rows.map(({ recipientRole, textBody, ...r }) => ({
      ...r,
      textBody: mayReadText(viewer, r.kind, recipientRole) ? textBody : null,
    })),
  };
}

