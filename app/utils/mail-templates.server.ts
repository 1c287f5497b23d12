import { createInstance, type TFunction } from "i18next";
import { fallbackLanguage, i18nConfig, isSupportedLanguage, type Lang } from "~/i18n/config";

// One synchronous i18next instance for e-mail: the translations are bundled, so init needs no await
// and a message can be written in the recipient's language wherever the code is.
const i18n = createInstance();
void i18n.init({ ...i18nConfig, supportedLngs: [...i18nConfig.supportedLngs], ns: ["common"], lng: fallbackLanguage, initImmediate: false });

export function mailLanguage(value: unknown): Lang {
  return isSupportedLanguage(value) ? value : fallbackLanguage;
}

export type RenderedMail = { language: Lang; subject: string; text: string; html: string };

function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);
}

function formatExpiry(at: Date, language: Lang, timeZone: string): string {
  const format = (tz: string) =>
    new Intl.DateTimeFormat(language, {
      year: "numeric",
      month: "long",
      day: "numeric",
      hour: "2-digit",
      minute: "2-digit",
      timeZone: tz,
      timeZoneName: "short",
    }).format(at);
  try {
    return format(timeZone);
  } catch {
    // An unknown time zone name in the city's record should not stop the mail.
    return format("UTC");
  }
}

/**
 * A message of greeting, paragraphs, a link on its own line, more paragraphs and a signature, as
 * plain text and as simple HTML. Values are escaped for the HTML; the text stays as written.
 */
function compose(
  t: TFunction,
  prefix: string,
  values: Record<string, string>,
  link: string,
  language: Lang,
): RenderedMail {
  const line = (key: string) => t(`${prefix}.${key}`, values) as string;
  const before = [line("greeting"), line("body"), line("action")];
  const after = [line("expiry"), line("ignore")];
  const signature = line("signature");
  const text = [...before, link, ...after, `-- \n${signature}`].join("\n\n") + "\n";
  const p = (s: string) => `<p>${escapeHtml(s)}</p>`;
  const html = [
    `<!doctype html><html lang="${language}"><head><meta charset="utf-8"><title>${escapeHtml(line("subject"))}</title></head>`,
    `<body style="font-family: sans-serif; line-height: 1.5; color: #0f172a; max-width: 40em">`,
    ...before.map(p),
    `<p><a href="${escapeHtml(link)}">${escapeHtml(link)}</a></p>`,
    ...after.map(p),
    `<p style="color: #475569; font-size: 0.9em">${escapeHtml(signature)}</p>`,
    `</body></html>`,
  ].join("\n");
  return { language, subject: line("subject"), text, html };
}

export function invitationMail(input: {
  language: string;
  name: string;
  inviter: string;
  /** null for an account of the whole network (an administrator). */
  city: string | null;
  link: string;
  expiresAt: Date;
  timeZone: string;
}): RenderedMail {
  const language = mailLanguage(input.language);
  const t = i18n.getFixedT(language, "common");
  const values = {
    name: input.name,
    inviter: input.inviter,
    city: input.city ?? (t("app.network") as string),
    expires: formatExpiry(input.expiresAt, language, input.timeZone),
  };
  return compose(t, "invitation.mail", values, input.link, language);
}

export function passwordResetMail(input: {
  language: string;
  name: string;
  email: string;
  link: string;
  expiresAt: Date;
  timeZone: string;
}): RenderedMail {
  const language = mailLanguage(input.language);
  const t = i18n.getFixedT(language, "common");
  const values = {
    name: input.name,
    email: input.email,
    expires: formatExpiry(input.expiresAt, language, input.timeZone),
  };
  return compose(t, "passwordReset.mail", values, input.link, language);
}
