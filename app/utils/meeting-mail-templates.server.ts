import { createInstance, type TFunction } from "i18next";
import { fallbackLanguage, i18nConfig, isSupportedLanguage, type Lang } from "~/i18n/config";
import { runningTimes } from "~/utils/agenda-times";

// A synchronous i18next instance (the translations are bundled), so each message can be written
// in its recipient's language inside a loop without awaiting.
const i18n = createInstance();
void i18n.init({ ...i18nConfig, supportedLngs: [...i18nConfig.supportedLngs], ns: ["common"], lng: fallbackLanguage, initImmediate: false });

export function fixedT(language: Lang): TFunction {
  return i18n.getFixedT(language, "common");
}

export type NoticeKind = "invitation" | "update" | "cancelled" | "reminder";

export type NoticeMeeting = {
  kind: string;
  number: number;
  title: string;
  purpose: string | null;
  startsAt: Date;
  endsAt: Date;
  timeZone: string;
  place: string | null;
  onlineUrl: string | null;
  cancelReason: string | null;
  cityName: string;
};

export type NoticeAgendaItem = { title: string; durationMinutes: number };

export type RenderedNotice = { language: Lang; subject: string; text: string; html: string };

// British English writes "Thu, 5 Dec 2024" and a 24-hour clock, as the partner cities do.
const LOCALES: Record<Lang, string> = { en: "en-GB", fi: "fi-FI" };

function safeZone(timeZone: string): string {
  try {
    new Intl.DateTimeFormat("en", { timeZone });
    return timeZone;
  } catch {
    return "UTC";
  }
}

function clock(at: Date, language: Lang, timeZone: string) {
  return new Intl.DateTimeFormat(LOCALES[language], { hour: "2-digit", minute: "2-digit", hourCycle: "h23", timeZone }).format(at);
}

/** "Thu, 5 Dec 2024 17:00" (en) or "to 5.12.2024 17.00" (fi), in the meeting's zone. */
export function shortWhen(at: Date, language: Lang, timeZone: string): string {
  const tz = safeZone(timeZone);
  const day = new Intl.DateTimeFormat(LOCALES[language], { weekday: "short", day: "numeric", month: "short", year: "numeric", timeZone: tz }).format(at);
  return `${day} ${clock(at, language, tz)}`;
}

/** "Thursday, 5 December 2024, 17:00–19:00 (Europe/Helsinki)". */
export function longWhen(start: Date, end: Date, language: Lang, timeZone: string): string {
  const tz = safeZone(timeZone);
  const day = new Intl.DateTimeFormat(LOCALES[language], { weekday: "long", day: "numeric", month: "long", year: "numeric", timeZone: tz }).format(start);
  return `${day}, ${clock(start, language, tz)}–${clock(end, language, tz)} (${timeZone})`;
}

function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);
}

/**
 * A meeting invitation, change, cancellation or reminder for one roster member, as plain text
 * and simple HTML in their language. Values are escaped for the HTML; the text stays as written.
 */
export function meetingNoticeMail(input: {
  language: string;
  kind: NoticeKind;
  name: string;
  meeting: NoticeMeeting;
  agenda: NoticeAgendaItem[];
  link: string;
  withCalendarFile: boolean;
}): RenderedNotice {
  const language: Lang = isSupportedLanguage(input.language) ? input.language : fallbackLanguage;
  const t = fixedT(language);
  const m = input.meeting;
  const heading = `${t(`meetingKinds.${m.kind}`)} ${m.number}: ${m.title}`;
  const values = { heading, when: shortWhen(m.startsAt, language, m.timeZone), city: m.cityName, name: input.name };
  const subject = t(`notices.mail.subject.${input.kind}`, values);

  const details: [string, string][] = [[t("notices.mail.when"), longWhen(m.startsAt, m.endsAt, language, m.timeZone)]];
  if (m.place) details.push([t("notices.mail.where"), m.place]);
  if (m.onlineUrl) details.push([t("notices.mail.online"), m.onlineUrl]);
  if (input.kind === "cancelled" && m.cancelReason) details.push([t("notices.mail.reason"), m.cancelReason]);

  const { starts } = runningTimes(input.agenda);
  const agendaLines =
    input.kind === "cancelled"
      ? []
      : input.agenda.map((item, i) => `${clock(new Date(m.startsAt.getTime() + starts[i] * 60_000), language, safeZone(m.timeZone))}  ${item.title} (${t("meetingPage.minutes", { count: item.durationMinutes })})`);

  const greeting = t("notices.mail.greeting", values);
  const intro = t(`notices.mail.intro.${input.kind}`, values);
  const action = t(input.kind === "cancelled" ? "notices.mail.seeCancelled" : "notices.mail.answer", values);
  const attachment = input.withCalendarFile ? t(input.kind === "cancelled" ? "notices.mail.attachmentCancelled" : "notices.mail.attachment") : null;
  const footer = t("notices.mail.footer", values);
  const signature = t("notices.mail.signature", values);
  const purpose = input.kind === "cancelled" ? null : m.purpose;

  const text =
    [
      greeting,
      intro,
      heading + "\n" + details.map(([k, v]) => `${k}: ${v}`).join("\n"),
      purpose,
      agendaLines.length ? `${t("notices.mail.agenda")}:\n${agendaLines.join("\n")}` : null,
      `${action}\n${input.link}`,
      attachment,
      footer,
      `-- \n${signature}`,
    ]
      .filter((p): p is string => Boolean(p))
      .join("\n\n") + "\n";

  const p = (s: string) => `<p>${escapeHtml(s)}</p>`;
  const html = [
    `<!doctype html><html lang="${language}"><head><meta charset="utf-8"><title>${escapeHtml(subject)}</title></head>`,
    `<body style="font-family: sans-serif; line-height: 1.5; color: #0f172a; max-width: 40em">`,
    p(greeting),
    p(intro),
    `<h1 style="font-size: 1.25em">${escapeHtml(heading)}</h1>`,
    `<table role="presentation">${details.map(([k, v]) => `<tr><th scope="row" style="text-align: left; padding-right: 1em; vertical-align: top">${escapeHtml(k)}</th><td>${escapeHtml(v)}</td></tr>`).join("")}</table>`,
    purpose ? `<p style="white-space: pre-line">${escapeHtml(purpose)}</p>` : "",
    agendaLines.length ? `<h2 style="font-size: 1.1em">${escapeHtml(t("notices.mail.agenda"))}</h2><ol>${agendaLines.map((l) => `<li>${escapeHtml(l)}</li>`).join("")}</ol>` : "",
    `<p>${escapeHtml(action)}<br><a href="${escapeHtml(input.link)}">${escapeHtml(input.link)}</a></p>`,
    attachment ? p(attachment) : "",
    `<p style="color: #475569; font-size: 0.9em">${escapeHtml(footer)}<br>${escapeHtml(signature)}</p>`,
    `</body></html>`,
  ]
    .filter(Boolean)
    .join("\n");
  return { language, subject, text, html };
}
