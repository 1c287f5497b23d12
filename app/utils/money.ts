import { numberFormat } from "./intl-cache";

/** Ten million euros: far above any action of a small city's plan, and far inside SQLite's integers. */
export const MAX_EURO_CENTS = 10_000_000 * 100;

export type EuroParse = { ok: true; cents: number | null } | { ok: false; error: "invalid" | "negative" | "tooLarge" };

function separators(locale: string): { decimal: string; group: string } {
  const parts = numberFormat(locale).formatToParts(12345.6);
  const group = parts.find((p) => p.type === "group")?.value ?? ",";
  return { decimal: parts.find((p) => p.type === "decimal")?.value ?? ".", group: /\s/.test(group) ? " " : group };
}

const escape = (c: string) => c.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/**
 * A euro amount as the reader's locale writes it ("1 200,50" in Finnish, "1,200.50" in English) in
 * whole cents, by string arithmetic so no float rounding creeps in. Empty is null. Grouping counts
 * only in groups of three, so "1200,50" in English is refused rather than read as 120,050 euros;
 * Finnish also takes a point as the decimal mark, as Finnish keyboards give either.
 */
export function parseEuros(raw: string | null | undefined, locale: string): EuroParse {
  let text = (raw ?? "").replace(/[\s\u00a0\u202f]+/g, " ").trim();
  if (text === "") return { ok: true, cents: null };
  text = text.replace(/^€\s*|\s*€$|\s*EUR$/i, "").trim();
  if (/^[-−–]/.test(text)) return /\d/.test(text) ? { ok: false, error: "negative" } : { ok: false, error: "invalid" };
  const { decimal, group } = separators(locale);
  const decimals = decimal === "," ? "[,.]" : escape(decimal);
  const plain = new RegExp(`^(\\d+)(?:${decimals}(\\d{1,2}))?$`);
  const grouped = new RegExp(`^(\\d{1,3}(?:${escape(group)}\\d{3})+)(?:${escape(decimal)}(\\d{1,2}))?$`);
  const m = plain.exec(text) ?? grouped.exec(text);
  if (!m) return { ok: false, error: "invalid" };
  const whole = m[1].split(group).join("").replace(/^0+(?=\d)/, "");
  if (whole.length > 12) return { ok: false, error: "tooLarge" };
  const cents = Number(whole) * 100 + Number((m[2] ?? "").padEnd(2, "0"));
  return cents > MAX_EURO_CENTS ? { ok: false, error: "tooLarge" } : { ok: true, cents };
}

/** Cents as an input shows them for editing ("1 250,50"), plain spaces so they can be typed back. */
export function euroInputValue(cents: number | null | undefined, locale: string): string {
  if (cents == null) return "";
  return numberFormat(locale, { minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(cents / 100).replace(/[\u00a0\u202f]/g, " ");
}

/** Cents as money in a text ("12 000,50 €", "€12,000.50"). */
export function formatEuros(cents: number, locale: string): string {
  return numberFormat(locale, { style: "currency", currency: "EUR", minimumFractionDigits: cents % 100 === 0 ? 0 : 2 }).format(cents / 100);
}
