import { and, asc, eq, gt, isNotNull, isNull, lte } from "drizzle-orm";
import { getDb } from "#db/client.server";
import { cities, meetings, members, users } from "#db/schema";
import { buildCalendar } from "~/exports/ics.server";
import { meetingFileStem } from "~/exports/pdf.server";
import { getEnv } from "~/utils/env.server";
import { sendMail } from "~/utils/mail.server";
import { fixedT, meetingNoticeMail, type NoticeKind } from "~/utils/meeting-mail-templates.server";
import { listAgendaItems } from "./agenda.server";
import { recordAudit } from "./audit.server";
import { meetingColumns } from "./meetings.server";
import { meetingEvent, meetingUrl, type CalendarMeeting } from "./calendar.server";
import { accountLanguage } from "./invitations.server";

/**
 * E-mail about a city's meetings to its roster: the invitation (and later changes or the
 * cancellation), sent by a coordinator, and a reminder two days before, sent once by a job.
 * Transnational meetings have no single roster, so they get neither.
 */

/** Reminders go to meetings that start within this window. */
export const REMINDER_WINDOW_MS = 48 * 3_600_000;
const JOB_INTERVAL_MS = 10 * 60_000;

type Actor = { id: number; ipAddress?: string };

type NoticeMeetingRow = CalendarMeeting & { cityId: number | null; cityName: string | null; noticeSentAt: Date | null };

function noticeMeeting(meetingId: number): NoticeMeetingRow | null {
  return (
    getDb()
      .select({ ...meetingColumns, cityName: cities.name })
      .from(meetings)
      .leftJoin(cities, eq(cities.id, meetings.cityId))
      .where(eq(meetings.id, meetingId))
      .get() ?? null
  );
}

export type NoticeRecipient = { memberId: number; name: string; email: string; language: "en" | "fi" };

/**
 * The active roster of a city in one query: who has an e-mail address (each with the language to
 * write in: their account's, else the city's when the app speaks it, else English) and how many
 * have none.
 */
export function noticeRecipients(cityId: number): { recipients: NoticeRecipient[]; withoutEmail: number } {
  const rows = getDb()
    .select({ memberId: members.id, name: members.name, email: members.email, userLanguage: users.language, cityLanguage: cities.language })
    .from(members)
    .innerJoin(cities, eq(cities.id, members.cityId))
    .leftJoin(users, eq(users.id, members.userId))
    .where(and(eq(members.cityId, cityId), isNull(members.leftOn), isNull(members.erasedAt)))
    .orderBy(asc(members.id))
    .all();
  const seen = new Set<string>();
  const recipients: NoticeRecipient[] = [];
  let withoutEmail = 0;
  for (const r of rows) {
    const email = r.email?.trim().toLowerCase();
    if (!email) {
      withoutEmail++;
      continue;
    }
    // The roster's unique index is case-sensitive; one person gets one message.
    if (seen.has(email)) continue;
    seen.add(email);
    recipients.push({ memberId: r.memberId, name: r.name, email: r.email!.trim(), language: r.userLanguage ?? accountLanguage(r.cityLanguage) });
  }
  return { recipients, withoutEmail };
}

/** Which notice the group gets now: the first invitation, a change, or the cancellation. */
export function noticeKindOf(m: { cancelledAt: Date | null; noticeSentAt: Date | null }): Exclude<NoticeKind, "reminder"> {
  if (m.cancelledAt) return "cancelled";
  return m.noticeSentAt ? "update" : "invitation";
}

/** Why no notice can go out for this meeting now (an i18n key), or null. */
export function noticeProblem(m: { cityId: number | null; startsAt: Date }, recipientCount: number, now = new Date()): string | null {
  if (m.cityId == null) return "notices.networkMeeting";
  if (m.startsAt.getTime() <= now.getTime()) return "notices.started";
  if (recipientCount === 0) return "notices.noRecipients";
  return null;
}

/** What the confirmation page shows: the kind of notice, who gets it, and what stops it. */
export function noticePreview(meetingId: number, now = new Date()) {
  const m = noticeMeeting(meetingId);
  if (!m) return null;
  const roster = m.cityId == null ? { recipients: [], withoutEmail: 0 } : noticeRecipients(m.cityId);
  return {
    kind: noticeKindOf(m),
    recipientCount: roster.recipients.length,
    withoutEmail: roster.withoutEmail,
    noticeSentAt: m.noticeSentAt,
    problem: noticeProblem(m, roster.recipients.length, now),
  };
}

/** The address notices come from, as the calendar file's organizer. */
function senderAddress(): { name: string; email: string } {
  const from = getEnv().SMTP_FROM ?? "ULG Workshop <no-reply@localhost>";
  const angle = /^\s*"?([^"<]*?)"?\s*<([^>]+)>\s*$/.exec(from);
  return angle ? { name: angle[1] || "ULG Workshop", email: angle[2] } : { name: "ULG Workshop", email: from.trim() };
}

export type SendResult = { recipients: number; sent: number; outbox: number; failed: number };

/**
 * Writes and sends one message per recipient, each in their language. Called outside any
 * transaction: sending waits on the mail server. Every message also stays in the outbox table.
 */
async function sendToRoster(
  m: NoticeMeetingRow & { cityId: number },
  kind: NoticeKind,
  recipients: NoticeRecipient[],
  origin: string,
): Promise<SendResult> {
  const agenda = listAgendaItems(m.id).map((a) => ({ title: a.title, durationMinutes: a.durationMinutes }));
  const link = meetingUrl(origin, m.id);
  // A reminder repeats what the invitation's calendar file already said, so it carries none.
  const withCalendarFile = kind !== "reminder";
  const method = kind === "cancelled" ? "CANCEL" : "REQUEST";
  const organizer = senderAddress();
  const result: SendResult = { recipients: recipients.length, sent: 0, outbox: 0, failed: 0 };
  for (const r of recipients) {
    const mail = meetingNoticeMail({
      language: r.language,
      kind,
      name: r.name,
      meeting: { ...m, cityName: m.cityName ?? "" },
      agenda,
      link,
      withCalendarFile,
    });
    const attachments = withCalendarFile
      ? [
          {
            filename: `${meetingFileStem(m)}.ics`,
            content: buildCalendar({
              method,
              events: [{ ...meetingEvent(fixedT(mail.language), m, origin), organizer, attendee: { name: r.name, email: r.email } }],
            }),
            contentType: `text/calendar; charset=utf-8; method=${method}`,
          },
        ]
      : undefined;
    const sent = await sendMail({
      kind: kind === "reminder" ? "meeting_reminder" : "meeting_notice",
      cityId: m.cityId,
      to: r.email,
      toName: r.name,
      language: mail.language,
      subject: mail.subject,
      text: mail.text,
      html: mail.html,
      attachments,
    });
    result[sent.status === "sent" ? "sent" : sent.status === "failed" ? "failed" : "outbox"]++;
  }
  return result;
}

/**
 * Sends the meeting's invitation, change or cancellation to its city's roster and records when.
 * Returns an i18n key when it cannot be sent (network meeting, already started, nobody to send to).
 */
export async function sendMeetingNotice(
  meetingId: number,
  actor: Actor,
  origin: string,
  now = new Date(),
): Promise<{ problem: string } | ({ problem: null; kind: NoticeKind } & SendResult)> {
  const m = noticeMeeting(meetingId);
  if (!m) return { problem: "notices.networkMeeting" };
  const { recipients } = m.cityId == null ? { recipients: [] } : noticeRecipients(m.cityId);
  const problem = noticeProblem(m, recipients.length, now);
  if (problem || m.cityId == null) return { problem: problem ?? "notices.networkMeeting" };
  const kind = noticeKindOf(m);
  const result = await sendToRoster({ ...m, cityId: m.cityId }, kind, recipients, origin);
  const cityId = m.cityId;
  getDb().transaction((tx) => {
    tx.update(meetings).set({ noticeSentAt: now }).where(eq(meetings.id, meetingId)).run();
    recordAudit({ action: "meeting.notice", actorUserId: actor.id, cityId, entityType: "meeting", entityId: meetingId, detail: { kind, ...result }, ipAddress: actor.ipAddress });
  });
  return { problem: null, kind, ...result };
}

/**
 * Sends the two-days-before reminder of every city meeting that starts within the next 48 hours
 * and has not had one. Each meeting is claimed first (reminder_sent_at set only where it is still
 * empty, in one transaction), and only the run whose UPDATE changed the row sends: running twice,
 * or on two servers at once, sends once. A run that dies after claiming sends nothing more for
 * that meeting; the messages it did write stay in the outbox.
 */
export async function sendDueReminders(now = new Date(), origin = reminderOrigin()): Promise<{ meetings: number; mails: number }> {
  const db = getDb();
  const due = db
    .select({ id: meetings.id })
    .from(meetings)
    .where(
      and(
        isNotNull(meetings.cityId),
        isNull(meetings.cancelledAt),
        isNull(meetings.reminderSentAt),
        gt(meetings.startsAt, now),
        lte(meetings.startsAt, new Date(now.getTime() + REMINDER_WINDOW_MS)),
      ),
    )
    .orderBy(asc(meetings.startsAt))
    .all();
  const claimed = claimReminders(
    due.map((d) => d.id),
    now,
  );
  let mails = 0;
  for (const id of claimed) {
    const m = noticeMeeting(id);
    if (!m || m.cityId == null) continue;
    const { recipients } = noticeRecipients(m.cityId);
    const result = await sendToRoster({ ...m, cityId: m.cityId }, "reminder", recipients, origin);
    mails += result.recipients;
    recordAudit({ action: "meeting.reminder", cityId: m.cityId, entityType: "meeting", entityId: id, detail: { ...result } });
  }
  return { meetings: claimed.length, mails };
}

/**
 * Marks the meetings' reminders as sent, in one transaction, and returns the ids this call
 * claimed: a meeting another run (or server) claimed in the meantime is left out, because the
 * UPDATE only changes a row whose reminder_sent_at is still empty.
 */
export function claimReminders(meetingIds: number[], now: Date): number[] {
  return getDb().transaction((tx) =>
    meetingIds.filter((id) => {
      const { changes } = tx
        .update(meetings)
        .set({ reminderSentAt: now })
        .where(and(eq(meetings.id, id), isNull(meetings.reminderSentAt), isNull(meetings.cancelledAt)))
        .run();
      return changes === 1;
    }),
  );
}

/**
 * The app's address for links in reminders, which no request brings: APP_URL when the operator
 * sets it (behind a proxy it must be), else the address the server listens on.
 */
export function reminderOrigin(): string {
  const configured = process.env.APP_URL;
  if (configured) {
    try {
      return new URL(configured).origin;
    } catch {
      // fall through to the listening address
    }
  }
  const env = getEnv();
  return `http://${env.HOST === "0.0.0.0" ? "localhost" : env.HOST}:${env.PORT}`;
}

const jobKey = Symbol.for("ulg.reminderJob");

/** Starts the reminder job: once shortly after start-up, then every 10 minutes. Not under tests. */
export function startReminderJob() {
  const g = globalThis as { [jobKey]?: NodeJS.Timeout };
  if (getEnv().NODE_ENV === "test" || g[jobKey]) return;
  let running = false;
  const run = () => {
    if (running) return;
    running = true;
    sendDueReminders()
      .then((r) => {
        if (r.meetings > 0) console.log(`Meeting reminders: ${r.mails} messages for ${r.meetings} meetings`);
      })
      .catch((error: unknown) => console.error("Meeting reminder job failed:", error))
      .finally(() => {
        running = false;
      });
  };
  g[jobKey] = setInterval(run, JOB_INTERVAL_MS);
  g[jobKey].unref();
  setTimeout(run, 5_000).unref();
}
