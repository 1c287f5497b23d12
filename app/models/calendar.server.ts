import { createCookie, type Cookie } from "@remix-run/node";
import type { TFunction } from "i18next";
import { and, asc, eq, gte, isNull, or } from "drizzle-orm";
import { getDb } from "#db/client.server";
import { cities, meetings, users, type MeetingKind } from "#db/schema";
import { accessFor } from "~/auth/permissions";
import { meetingUid, type IcsEvent } from "~/exports/ics.server";
import { randomToken, sha256 } from "~/utils/crypto.server";
import { cookieSecure, getEnv } from "~/utils/env.server";
import { recordAudit } from "./audit.server";
import { meetingColumns } from "./meetings.server";

/** The feed holds meetings from this far back, so recent ones stay in calendars with their changes. */
export const FEED_DAYS_BACK = 90;
/** A bound on the feed's size; ten years of a city's and the network's meetings fit easily. */
export const FEED_LIMIT = 500;

/** What a calendar entry needs to know about a meeting. */
export type CalendarMeeting = {
  id: number;
  kind: MeetingKind;
  number: number;
  title: string;
  purpose: string | null;
  startsAt: Date;
  endsAt: Date;
  timeZone: string;
  place: string | null;
  onlineUrl: string | null;
  cancelledAt: Date | null;
  cancelReason: string | null;
  sequence: number;
  createdAt: Date;
  updatedAt: Date;
};

/** "ULG meeting 3: Title" in the reader's language. */
export function meetingHeading(t: TFunction, m: Pick<CalendarMeeting, "kind" | "number" | "title">): string {
  return `${t(`meetingKinds.${m.kind}`)} ${m.number}: ${m.title}`;
}

export function meetingUrl(origin: string, meetingId: number): string {
  return `${origin}/meetings/${meetingId}`;
}

/** One meeting as a calendar entry, written in the reader's language (t). */
export function meetingEvent(t: TFunction, m: CalendarMeeting, origin: string): IcsEvent {
  const url = meetingUrl(origin, m.id);
  const heading = meetingHeading(t, m);
  const description = [
    m.cancelledAt ? `${t("meetings.cancelled")}.${m.cancelReason ? ` ${t("meetingPage.cancelReason", { reason: m.cancelReason })}` : ""}` : null,
    m.purpose,
    m.onlineUrl ? `${t("meetingForm.onlineUrl")}: ${m.onlineUrl}` : null,
    t("calendar.moreAt", { url }),
  ].filter((line): line is string => Boolean(line));
  return {
    uid: meetingUid(m.id),
    sequence: m.sequence,
    start: m.startsAt,
    end: m.endsAt,
    timeZone: m.timeZone,
    // Feeds are read by programs that may hide STATUS, so the title says it too.
    summary: m.cancelledAt ? `${t("calendar.cancelledPrefix")} ${heading}` : heading,
    description: description.join("\n\n"),
    location: [m.place, m.onlineUrl].filter(Boolean).join(" · ") || null,
    url,
    cancelled: m.cancelledAt != null,
    lastModified: m.updatedAt,
    created: m.createdAt,
  };
}


// ---------------------------------------------------------------- the personal feed

export type FeedUser = { id: number; name: string; language: string; role: (typeof users.$inferSelect)["role"]; cityId: number | null; cityName: string | null };

/** The active account whose feed secret this is, or null. Only the secret's SHA-256 is stored. */
export function calendarFeedUser(token: string | null): FeedUser | null {
  // Secrets are 43 characters; anything far off is not one and needs no lookup.
  if (!token || token.length < 20 || token.length > 100) return null;
  const row = getDb()
    .select({ id: users.id, name: users.name, language: users.language, role: users.role, cityId: users.cityId, active: users.active, cityName: cities.name })
    .from(users)
    .leftJoin(cities, eq(cities.id, users.cityId))
    .where(eq(users.calendarTokenHash, sha256(token)))
    .get();
  if (!row || !row.active) return null;
  const { active: _active, ...user } = row;
  return user;
}

/**
 * The meetings of a user's feed, in one query: their city's and the network's, from
 * FEED_DAYS_BACK ago on, cancelled ones included (so calendars drop them). Administrators, who
 * read every city, get the network's meetings only: ten cities' local meetings would bury them.
 * Null when the role may not read meetings at all.
 */
export function feedMeetings(user: Pick<FeedUser, "role" | "cityId">, now = new Date()): CalendarMeeting[] | null {
  const access = accessFor(user, "read:meeting");
  let where;
  if (access === "any") where = isNull(meetings.cityId);
  else if (access === "city" && user.cityId != null) where = or(eq(meetings.cityId, user.cityId), isNull(meetings.cityId));
  else return null;
  const since = new Date(now.getTime() - FEED_DAYS_BACK * 86_400_000);
  return getDb()
    .select(meetingColumns)
    .from(meetings)
    .where(and(where, gte(meetings.endsAt, since)))
    .orderBy(asc(meetings.startsAt), asc(meetings.id))
    .limit(FEED_LIMIT)
    .all();
}

export function hasCalendarFeed(userId: number): boolean {
  const row = getDb().select({ hash: users.calendarTokenHash }).from(users).where(eq(users.id, userId)).get();
  return row?.hash != null;
}

/** Whether this secret is the user's current one (to show an address only while it works). */
export function isCurrentCalendarToken(userId: number, token: string): boolean {
  const row = getDb().select({ hash: users.calendarTokenHash }).from(users).where(eq(users.id, userId)).get();
  return row?.hash != null && row.hash === sha256(token);
}

/**
 * A new feed secret for the user; the old address stops working at once. Returns the secret,
 * which is never stored and never written to the audit log.
 */
export function renewCalendarToken(actor: { id: number; cityId: number | null; ipAddress?: string }): string {
  const token = randomToken();
  getDb().transaction((tx) => {
    const before = tx.select({ hash: users.calendarTokenHash }).from(users).where(eq(users.id, actor.id)).get();
    tx.update(users).set({ calendarTokenHash: sha256(token) }).where(eq(users.id, actor.id)).run();
    recordAudit({
      action: "user.renew_calendar_token",
      actorUserId: actor.id,
      cityId: actor.cityId,
      entityType: "user",
      entityId: actor.id,
      detail: { replaced: before?.hash != null },
      ipAddress: actor.ipAddress,
    });
  });
  return token;
}

/** The feed's address for a secret. */
export function feedAddress(origin: string, token: string): string {
  return `${origin}/calendar.ics?${new URLSearchParams({ token })}`;
}

let flashCookie: Cookie | undefined;

/**
 * Carries a new feed secret across the redirect after creating it, for one showing: only its
 * hash is stored, so the address can be shown only then. Signed, HTTP-only, two minutes, and the
 * page clears it on reading.
 */
export function feedSecretFlash(): Cookie {
  if (!flashCookie) {
    const env = getEnv();
    flashCookie = createCookie("ulg_calendar_secret", {
      httpOnly: true,
      sameSite: "lax",
      secure: cookieSecure(env),
      // "/settings" and not "/settings/calendar": the page's data requests go to /settings/calendar.data.
      path: "/settings",
      secrets: env.SESSION_SECRET,
      maxAge: 120,
    });
  }
  return flashCookie;
}
