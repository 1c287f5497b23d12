import { and, desc, eq, isNull, sql } from "drizzle-orm";
import { alias } from "drizzle-orm/sqlite-core";
import { createInstance } from "i18next";
import { getDb } from "#db/client.server";
import { cities, ideaStageChanges, ideas, meetings, users, type IdeaStage } from "#db/schema";
import { fallbackLanguage, i18nConfig, isSupportedLanguage, type Lang } from "~/i18n/config";
import { sendMail } from "~/utils/mail.server";
import { displayMemberName } from "~/utils/member-display";
import type { MoveInput } from "~/utils/idea-page-validation";
import { recordAudit } from "./audit.server";
import { preparedQuery } from "./prepared.server";

type Actor = { id: number; ipAddress?: string };
type IdeaRef = { id: number; cityId: number };

/** How many of the city's meetings the "decided at" choice offers, newest first. */
export const DECISION_MEETINGS_LIMIT = 50;

const decisionMeetings = preparedQuery((db) =>
  db
    .select({ id: meetings.id, kind: meetings.kind, number: meetings.number, title: meetings.title, startsAt: meetings.startsAt, timeZone: meetings.timeZone })
    .from(meetings)
    .where(and(eq(meetings.cityId, sql.placeholder("cityId")), isNull(meetings.cancelledAt)))
    .orderBy(desc(meetings.startsAt), desc(meetings.id))
    .limit(DECISION_MEETINGS_LIMIT)
    .prepare(),
);

/** The city's meetings a move can name as the deciding one (not cancelled), newest first. */
export function listDecisionMeetings(cityId: number) {
  return decisionMeetings().all({ cityId });
}

/** Whether a meeting may be named as deciding an idea of this city: its own, not cancelled. */
export function isDecisionMeeting(cityId: number, meetingId: number): boolean {
  return Boolean(
    getDb()
      .select({ id: meetings.id })
      .from(meetings)
      .where(and(eq(meetings.id, meetingId), eq(meetings.cityId, cityId), isNull(meetings.cancelledAt)))
      .get(),
  );
}

/**
 * Moves an idea from `fromStage` and records who, when, why and the deciding meeting, in one
 * transaction. Returns the history row's id, or null when the stage changed meanwhile (someone else
 * moved it first): nothing is written then.
 */
export function moveIdea(idea: IdeaRef, fromStage: IdeaStage, move: MoveInput, actor: Actor): number | null {
  return getDb().transaction((tx) => {
    const now = new Date();
    const res = tx
      .update(ideas)
      .set({ stage: move.toStage, updatedAt: now })
      .where(and(eq(ideas.id, idea.id), eq(ideas.stage, fromStage)))
      .run();
    if (res.changes === 0) return null;
    const row = tx
      .insert(ideaStageChanges)
      .values({ ideaId: idea.id, cityId: idea.cityId, fromStage, toStage: move.toStage, reason: move.reason, meetingId: move.meetingId, byUserId: actor.id, at: now })
      .returning({ id: ideaStageChanges.id })
      .get();
    recordAudit({
      action: "idea.stage",
      actorUserId: actor.id,
      cityId: idea.cityId,
      entityType: "idea",
      entityId: idea.id,
      detail: { from: fromStage, to: move.toStage, meetingId: move.meetingId },
      ipAddress: actor.ipAddress,
    });
    return row.id;
  });
}

/** Shares the idea with the partner cities (read-only for them), or stops sharing it. */
export function setShared(idea: IdeaRef, shared: boolean, actor: Actor) {
  getDb().transaction((tx) => {
    tx.update(ideas).set({ sharedWithNetwork: shared }).where(eq(ideas.id, idea.id)).run();
    recordAudit({ action: shared ? "idea.share" : "idea.unshare", actorUserId: actor.id, cityId: idea.cityId, entityType: "idea", entityId: idea.id, ipAddress: actor.ipAddress });
  });
}

// ---- The author's notice ----

// A synchronous i18next instance (the translations are bundled), so the notice is written in the
// author's language, not the coordinator's.
const i18n = createInstance();
void i18n.init({ ...i18nConfig, supportedLngs: [...i18nConfig.supportedLngs], ns: ["common"], lng: fallbackLanguage, initImmediate: false });

const LOCALES: Record<Lang, string> = { en: "en-GB", fi: "fi-FI" };

function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);
}

function meetingDate(at: Date, language: Lang, timeZone: string): string {
  const format = (tz: string) => new Intl.DateTimeFormat(LOCALES[language], { day: "numeric", month: "long", year: "numeric", timeZone: tz }).format(at);
  try {
    return format(timeZone);
  } catch {
    return format("UTC");
  }
}

export type StageMailInput = {
  language: string;
  name: string;
  title: string;
  fromStage: IdeaStage | null;
  toStage: IdeaStage;
  reason: string;
  mover: string;
  city: string;
  meeting: { kind: string; number: number; title: string; startsAt: Date; timeZone: string } | null;
  link: string;
};

/** The notice to an idea's author that a coordinator moved it, as plain text and simple HTML. */
export function ideaStageMail(input: StageMailInput) {
  const language: Lang = isSupportedLanguage(input.language) ? input.language : fallbackLanguage;
  const t = i18n.getFixedT(language, "common");
  const stage = (s: IdeaStage | null) => (s ? (t(`ideaStages.${s}`) as string) : "—");
  const values = { name: input.name, title: input.title, from: stage(input.fromStage), to: stage(input.toStage), mover: input.mover, city: input.city };
  const subject = t("ideaPipeline.mail.subject", values) as string;
  const details: [string, string][] = [[t("ideaPipeline.mail.reason") as string, input.reason]];
  if (input.meeting) {
    const m = input.meeting;
    details.push([
      t("ideaPipeline.mail.meeting") as string,
      `${t(`meetingKinds.${m.kind}`)} ${m.number}: ${m.title} (${meetingDate(m.startsAt, language, m.timeZone)})`,
    ]);
  }
  const greeting = t("ideaPipeline.mail.greeting", values) as string;
  const body = t("ideaPipeline.mail.body", values) as string;
  const action = t("ideaPipeline.mail.action", values) as string;
  const footer = t("ideaPipeline.mail.footer", values) as string;
  const signature = t("ideaPipeline.mail.signature", values) as string;
  const text =
    [greeting, body, details.map(([k, v]) => `${k}: ${v}`).join("\n"), `${action}\n${input.link}`, footer, `-- \n${signature}`].join("\n\n") + "\n";
  const p = (s: string) => `<p>${escapeHtml(s)}</p>`;
  const html = [
    `<!doctype html><html lang="${language}"><head><meta charset="utf-8"><title>${escapeHtml(subject)}</title></head>`,
    `<body style="font-family: sans-serif; line-height: 1.5; color: #0f172a; max-width: 40em">`,
    p(greeting),
    p(body),
    `<dl>${details.map(([k, v]) => `<dt><strong>${escapeHtml(k)}</strong></dt><dd style="white-space: pre-line; margin: 0 0 0.5em 0">${escapeHtml(v)}</dd>`).join("")}</dl>`,
    p(action),
    `<p><a href="${escapeHtml(input.link)}">${escapeHtml(input.link)}</a></p>`,
    p(footer),
    `<p style="color: #475569; font-size: 0.9em">${escapeHtml(signature)}</p>`,
    `</body></html>`,
  ].join("\n");
  return { language, subject, text, html };
}

const authors = alias(users, "author");
const movers = alias(users, "mover");

/**
 * Tells the idea's author about a move, in their language, through the outbox (and SMTP when
 * configured). Nothing is sent when the author moved it themselves or their account is gone
 * (deleted, deactivated or erased). Call it after the move's transaction has committed.
 */
export async function notifyAuthorOfMove(changeId: number, origin: string) {
  const row = getDb()
    .select({
      ideaId: ideas.id,
      cityId: ideas.cityId,
      title: ideas.title,
      fromStage: ideaStageChanges.fromStage,
      toStage: ideaStageChanges.toStage,
      reason: ideaStageChanges.reason,
      moverId: ideaStageChanges.byUserId,
      moverName: movers.name,
      authorId: authors.id,
      authorEmail: authors.email,
      authorName: authors.name,
      authorLanguage: authors.language,
      authorActive: authors.active,
      cityName: cities.name,
      meetingKind: meetings.kind,
      meetingNumber: meetings.number,
      meetingTitle: meetings.title,
      meetingStartsAt: meetings.startsAt,
      meetingTimeZone: meetings.timeZone,
    })
    .from(ideaStageChanges)
    .innerJoin(ideas, eq(ideas.id, ideaStageChanges.ideaId))
    .innerJoin(cities, eq(cities.id, ideas.cityId))
    .leftJoin(authors, eq(authors.id, ideas.authorUserId))
    .leftJoin(movers, eq(movers.id, ideaStageChanges.byUserId))
    .leftJoin(meetings, eq(meetings.id, ideaStageChanges.meetingId))
    .where(eq(ideaStageChanges.id, changeId))
    .get();
  if (!row || row.authorId == null || !row.authorActive || !row.authorEmail || row.authorId === row.moverId) return null;
  const language: Lang = isSupportedLanguage(row.authorLanguage) ? row.authorLanguage : fallbackLanguage;
  const t = i18n.getFixedT(language, "common");
  const mail = ideaStageMail({
    language,
    name: row.authorName ?? "",
    title: row.title,
    fromStage: row.fromStage,
    toStage: row.toStage,
    reason: row.reason ?? "",
    mover: displayMemberName({ name: row.moverName ?? "" }, (k) => t(k) as string),
    city: row.cityName,
    meeting:
      row.meetingKind && row.meetingNumber != null && row.meetingTitle && row.meetingStartsAt && row.meetingTimeZone
        ? { kind: row.meetingKind, number: row.meetingNumber, title: row.meetingTitle, startsAt: row.meetingStartsAt, timeZone: row.meetingTimeZone }
        : null,
    link: `${origin}/ideas/${row.ideaId}`,
  });
  return sendMail({ kind: "idea_stage", cityId: row.cityId, to: row.authorEmail, toName: row.authorName || null, language, subject: mail.subject, text: mail.text, html: mail.html });
}
