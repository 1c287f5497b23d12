import { and, count, eq, gt, inArray, isNull, ne } from "drizzle-orm";
import { getDb } from "#db/client.server";
import { authTokens, cities, members, users, type Language } from "#db/schema";
import { consumeToken, issueToken, lookupToken, TOKEN_TTL_MS, type TokenKind } from "./tokens.server";
import { recordAudit } from "./audit.server";
import { inScope, type Scope } from "./scope.server";
import { invitationMail, passwordResetMail } from "~/utils/mail-templates.server";
import { sendMail } from "~/utils/mail.server";

/**
 * Invitations (a roster member, or an account that has not chosen a password yet) and password
 * resets. Tokens are issued by tokens.server.ts and only ever leave the server inside an e-mail.
 *
 * An account waiting for its invitation is active with no password: it cannot sign in, and
 * deactivating it (or ending the membership) makes its link stop working at once.
 */

type Actor = { id: number; name: string; ipAddress?: string };

/** The working language of a city, when the app speaks it; otherwise English. */
export function accountLanguage(cityLanguage: string | null | undefined): Language {
  return cityLanguage === "fi" || cityLanguage === "en" ? cityLanguage : "en";
}

// ---------------------------------------------------------------- inviting a roster member

/** The roster entry (inside the scope) with its city and linked account, as the invite page needs it. */
export function getInviteTarget(scope: Scope, memberId: number) {
  const row = getDb()
    .select({
      id: members.id,
      cityId: members.cityId,
      name: members.name,
      email: members.email,
      leftOn: members.leftOn,
      erasedAt: members.erasedAt,
      userId: members.userId,
      cityName: cities.name,
      cityLanguage: cities.language,
      cityTimeZone: cities.timeZone,
      account: {
        id: users.id,
        email: users.email,
        name: users.name,
        role: users.role,
        active: users.active,
        language: users.language,
        passwordHash: users.passwordHash,
      },
    })
    .from(members)
    .innerJoin(cities, eq(cities.id, members.cityId))
    .leftJoin(users, eq(users.id, members.userId))
    .where(and(eq(members.id, memberId), inScope(members.cityId, scope)))
    .get();
  if (!row) return null;
  const { account, ...member } = row;
  const email = member.email ? member.email.trim().toLowerCase() : null;
  let linked = null;
  if (account?.id != null) {
    const { passwordHash, ...rest } = account;
    linked = { ...rest, hasPassword: passwordHash != null };
  }
  return {
    ...member,
    email,
    account: linked,
    /** The language the invitation is written in: the account's, or for a new account the city's. */
    language: account?.id != null ? account.language : accountLanguage(member.cityLanguage),
  };
}

export type InviteTarget = NonNullable<ReturnType<typeof getInviteTarget>>;

export type InviteProblem =
  | "invitation.alreadyActive"
  | "invitation.noEmail"
  | "invitation.hasLeft"
  | "invitation.erased"
  | "invitation.emailTaken"
  | "invitation.otherRole";

/** Why this member cannot be invited now, or null. Read-only: the page shows it before the button. */
export function inviteProblem(target: InviteTarget): InviteProblem | null {
  if (target.erasedAt) return "invitation.erased";
  if (target.account?.active && target.account.hasPassword) return "invitation.alreadyActive";
  if (target.leftOn) return "invitation.hasLeft";
  if (!target.email) return "invitation.noEmail";
  // Coordinators' accounts are managed on the accounts page, not through the roster.
  if (target.account && target.account.role !== "member") return "invitation.otherRole";
  const owner = getDb().select({ id: users.id }).from(users).where(eq(users.email, target.email)).get();
  if (owner && owner.id !== target.account?.id) return "invitation.emailTaken";
  return null;
}

/**
 * Creates (or re-opens) the member's account and issues a fresh invitation token, all in one
 * transaction; the e-mail is sent afterwards by the caller with `sendInvitation`.
 * A deactivated member account (the person left and came back) is re-opened without its old
 * password: only the person holding the new link can set one.
 */
export function prepareMemberInvitation(scope: Scope, memberId: number, actor: Actor) {
  const db = getDb();
  return db.transaction(() => {
    // Read again inside the transaction: the page may be stale.
    const target = getInviteTarget(scope, memberId);
    if (!target) return { status: "not_found" as const };
    const problem = inviteProblem(target);
    if (problem) return { status: "problem" as const, problem };
    const email = target.email!;
    let userId: number;
    let created = false;
    if (target.account) {
      userId = target.account.id;
      const reopen = !target.account.active;
      db.update(users)
        .set(reopen ? { email, active: true, passwordHash: null } : { email })
        .where(eq(users.id, userId))
        .run();
    } else {
      userId = db
        .insert(users)
        .values({
          email,
          name: target.name,
          role: "member",
          cityId: target.cityId,
          passwordHash: null,
          language: target.language,
          active: true,
        })
        .returning({ id: users.id })
        .get().id;
      db.update(members).set({ userId }).where(eq(members.id, target.id)).run();
      created = true;
    }
    const token = issueToken("invite", userId, actor.id);
    recordAudit({
      action: "user.invite",
      actorUserId: actor.id,
      cityId: target.cityId,
      entityType: "user",
      entityId: userId,
      detail: { memberId: target.id, created, reopened: Boolean(target.account && !target.account.active) },
      ipAddress: actor.ipAddress,
    });
    return {
      status: "ready" as const,
      token,
      invitation: {
        userId,
        to: email,
        name: target.account?.name ?? target.name,
        language: target.language,
        cityId: target.cityId,
        cityName: target.cityName,
        timeZone: target.cityTimeZone,
      },
    };
  });
}

export type Invitation = {
  userId: number;
  to: string;
  name: string;
  language: string;
  cityId: number | null;
  /** null for an administrator's account: the mail names the network instead. */
  cityName: string | null;
  timeZone: string;
};

/** Writes the invitation in the recipient's language and sends it (or leaves it in the outbox). */
export function sendInvitation(invitation: Invitation, token: string, inviterName: string, origin: string) {
  const mail = invitationMail({
    language: invitation.language,
    name: invitation.name,
    inviter: inviterName,
    city: invitation.cityName,
    link: `${origin}/invite/${token}`,
    expiresAt: new Date(Date.now() + TOKEN_TTL_MS.invite),
    timeZone: invitation.timeZone,
  });
  return sendMail({
    kind: "invite",
    cityId: invitation.cityId,
    to: invitation.to,
    toName: invitation.name,
    language: mail.language,
    subject: mail.subject,
    text: mail.text,
    html: mail.html,
  });
}

// ---------------------------------------------------------------- resending from the accounts page

/** An account inside the scope with what a resend needs to know. */
export function getAccountForInvite(scope: Scope, userId: number) {
  const row = getDb()
    .select({
      id: users.id,
      email: users.email,
      name: users.name,
      role: users.role,
      cityId: users.cityId,
      active: users.active,
      language: users.language,
      passwordHash: users.passwordHash,
      cityName: cities.name,
      timeZone: cities.timeZone,
    })
    .from(users)
    .leftJoin(cities, eq(cities.id, users.cityId))
    .where(and(eq(users.id, userId), inScope(users.cityId, scope)))
    .get();
  if (!row) return null;
  const { passwordHash, ...rest } = row;
  return { ...rest, hasPassword: passwordHash != null };
}

/** Ids (of those given) of accounts still waiting to choose a password: the accounts page offers a resend for them. */
export function accountsAwaitingPassword(userIds: number[]): Set<number> {
  if (userIds.length === 0) return new Set();
  const rows = getDb()
    .select({ id: users.id })
    .from(users)
    .where(and(inArray(users.id, userIds), isNull(users.passwordHash), eq(users.active, true)))
    .all();
  return new Set(rows.map((r) => r.id));
}

export function prepareAccountInvitation(scope: Scope, userId: number, actor: Actor) {
  const db = getDb();
  return db.transaction(() => {
    const account = getAccountForInvite(scope, userId);
    if (!account) return { status: "not_found" as const };
    if (account.hasPassword) return { status: "problem" as const, problem: "invitation.accountHasPassword" as const };
    if (!account.active) return { status: "problem" as const, problem: "invitation.accountInactive" as const };
    const token = issueToken("invite", account.id, actor.id);
    recordAudit({
      action: "user.invite",
      actorUserId: actor.id,
      cityId: account.cityId,
      entityType: "user",
      entityId: account.id,
      detail: { from: "accounts" },
      ipAddress: actor.ipAddress,
    });
    const invitation: Invitation = {
      userId: account.id,
      to: account.email,
      name: account.name,
      language: account.language,
      cityId: account.cityId,
      cityName: account.cityName,
      timeZone: account.timeZone ?? "UTC",
    };
    return { status: "ready" as const, token, invitation };
  });
}

// ---------------------------------------------------------------- following a link

export type LinkState =
  | { status: "valid"; tokenId: number; user: { id: number; email: string; name: string; cityId: number | null } }
  | { status: "unknown" }
  | { status: "gone" };

/** What a link in an e-mail leads to: 404 for a token never issued, 410 for a used, expired or closed one. */
export function followLink(kind: TokenKind, token: string): LinkState {
  const found = lookupToken(kind, token);
  if (found.status === "unknown") return { status: "unknown" };
  if (found.status !== "valid" || !found.user.active) return { status: "gone" };
  const { id, email, name, cityId } = found.user;
  return { status: "valid", tokenId: found.tokenId, user: { id, email, name, cityId } };
}

/**
 * Sets the password chosen through a link (hashed by the caller, outside the transaction), uses
 * the token, makes the account active, and closes every other unused link of the account, in one
 * transaction. False when the link was used meanwhile or the account was deactivated.
 */
export function setPasswordThroughLink(
  kind: TokenKind,
  tokenId: number,
  userId: number,
  passwordHash: string,
  meta: { ipAddress?: string },
): boolean {
  const db = getDb();
  return db.transaction(() => {
    const account = db.select({ active: users.active, cityId: users.cityId }).from(users).where(eq(users.id, userId)).get();
    if (!account?.active) return false;
    if (!consumeToken(tokenId)) return false;
    db.update(users).set({ passwordHash, active: true }).where(eq(users.id, userId)).run();
    db.update(authTokens)
      .set({ usedAt: new Date() })
      .where(and(eq(authTokens.userId, userId), isNull(authTokens.usedAt), ne(authTokens.id, tokenId)))
      .run();
    recordAudit({
      action: kind === "invite" ? "user.accept_invite" : "user.reset_password",
      actorUserId: userId,
      cityId: account.cityId,
      entityType: "user",
      entityId: userId,
      ipAddress: meta.ipAddress,
    });
    return true;
  });
}

// ---------------------------------------------------------------- forgotten password

export const RESET_MAILS_PER_HOUR = 5;

/**
 * Someone typed an e-mail on /forgot-password. Known or not, the same reads and one write (the
 * audit entry) happen in one transaction; for an active account under the hourly limit a reset
 * token is issued in it too. Returns what to send, or null.
 */
export function requestPasswordReset(email: string, meta: { ipAddress?: string }) {
  const db = getDb();
  return db.transaction(() => {
    const account = db
      .select({
        id: users.id,
        email: users.email,
        name: users.name,
        active: users.active,
        cityId: users.cityId,
        language: users.language,
        timeZone: cities.timeZone,
      })
      .from(users)
      .leftJoin(cities, eq(cities.id, users.cityId))
      .where(eq(users.email, email))
      .get();
    const since = new Date(Date.now() - 60 * 60_000);
    const recent = db
      .select({ n: count() })
      .from(authTokens)
      .where(and(eq(authTokens.userId, account?.id ?? 0), eq(authTokens.kind, "reset"), gt(authTokens.createdAt, since)))
      .get()!.n;
    const eligible = Boolean(account?.active);
    const limited = eligible && recent >= RESET_MAILS_PER_HOUR;
    recordAudit({
      action: "auth.password_reset_requested",
      actorUserId: account?.id ?? null,
      actorLabel: email,
      cityId: account?.cityId ?? null,
      detail: account ? { sent: eligible && !limited, ...(limited ? { reason: "rate_limit" } : {}), ...(!eligible ? { reason: "inactive" } : {}) } : { reason: "unknown_email" },
      ipAddress: meta.ipAddress,
    });
    if (!account || !eligible || limited) return null;
    const token = issueToken("reset", account.id, null);
    return { token, account };
  });
}

export function sendPasswordReset(
  account: { email: string; name: string; language: string; cityId: number | null; timeZone: string | null },
  token: string,
  origin: string,
) {
  const mail = passwordResetMail({
    language: account.language,
    name: account.name,
    email: account.email,
    link: `${origin}/reset-password/${token}`,
    expiresAt: new Date(Date.now() + TOKEN_TTL_MS.reset),
    timeZone: account.timeZone ?? "UTC",
  });
  return sendMail({
    kind: "reset",
    cityId: account.cityId,
    to: account.email,
    toName: account.name,
    language: mail.language,
    subject: mail.subject,
    text: mail.text,
    html: mail.html,
  });
}
