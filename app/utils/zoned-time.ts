import { TZDate } from "@date-fns/tz";
import { remember } from "./bounded-cache";
import { dateFormat } from "./intl-cache";

/** The UTC instant of a wall-clock date and time in a time zone ("2025-03-31", "10:00", "Europe/Helsinki"). */
export function zonedToUtc(date: string, time: string, timeZone: string): Date {
  const [y, m, d] = date.split("-").map(Number);
  const [hh, mm] = time.split(":").map(Number);
  return new Date(new TZDate(y, m - 1, d, hh, mm, 0, timeZone).getTime());
}

/** The wall-clock date ("YYYY-MM-DD") and time ("HH:MM") of an instant in a time zone, for form fields. */
export function utcToZonedParts(instant: Date | string | number, timeZone: string): { date: string; time: string } {
  const z = new TZDate(new Date(instant).getTime(), timeZone);
  const pad = (n: number) => String(n).padStart(2, "0");
  return { date: `${z.getFullYear()}-${pad(z.getMonth() + 1)}-${pad(z.getDate())}`, time: `${pad(z.getHours())}:${pad(z.getMinutes())}` };
}

// Lists format a date or time per row (agenda times, action items, ideas), and the same instants
// come back request after request: the texts are kept, a bounded number, which skips building the
// options key and ICU's formatting (a few microseconds each, tens of them per page).
const texts = new Map<string, string>();

function kept(kind: string, ms: number, locale: string, timeZone: string, make: () => string): string {
  return remember(texts, `${kind}\u0000${ms}\u0000${locale}\u0000${timeZone}`, 10_000, make);
}

/** Display helpers in the viewer's language and the meeting's time zone. */
export function formatMeetingDate(instant: Date | string, locale: string, timeZone: string) {
  const at = new Date(instant);
  return kept("full", at.getTime(), locale, timeZone, () => dateFormat(locale, { dateStyle: "full", timeZone }).format(at));
}

export function formatTime(instant: Date | string, locale: string, timeZone: string) {
  const at = new Date(instant);
  return kept("time", at.getTime(), locale, timeZone, () => dateFormat(locale, { hour: "2-digit", minute: "2-digit", timeZone }).format(at));
}

export function formatDateShort(instant: Date | string, locale: string, timeZone: string) {
  const at = new Date(instant);
  return kept("medium", at.getTime(), locale, timeZone, () => dateFormat(locale, { dateStyle: "medium", timeZone }).format(at));
}

/** A calendar date stored as YYYY-MM-DD (no time zone), e.g. "5 Dec 2024". */
export function formatCalendarDate(ymd: string, locale: string) {
  const at = new Date(`${ymd}T00:00:00Z`);
  return kept("medium", at.getTime(), locale, "UTC", () => dateFormat(locale, { dateStyle: "medium", timeZone: "UTC" }).format(at));
}

// formatRange costs about 0.1 ms a call (ICU builds the range pattern each time), and the same
// meetings' times are shown again and again (lists, the dashboard): the texts are kept, a bounded number.
const ranges = new Map<string, string>();

/** "5 Dec 2024, 16:00–18:30" or, for a meeting over several days, "8 Oct 2024, 09:00 – 10 Oct 2024, 16:00". */
export function formatMeetingRange(start: Date | string, end: Date | string, locale: string, timeZone: string, dateStyle: "medium" | "full" = "medium") {
  const from = new Date(start);
  const to = new Date(end);
  const key = `${from.getTime()}\u0000${to.getTime()}\u0000${locale}\u0000${timeZone}\u0000${dateStyle}`;
  // Node's ICU puts thin spaces around the dash and a narrow no-break space before AM/PM in
  // English ranges; Chromium writes plain spaces. The same text on both sides keeps hydration
  // from failing (React error #418) on every page that shows a meeting's time.
  return remember(ranges, key, 5000, () =>
    dateFormat(locale, { dateStyle, timeStyle: "short", timeZone }).formatRange(from, to).replace(/[\u2009\u202f]/g, " "),
  );
}
