import { z } from "zod";
import { PILOT_DECISIONS } from "#db/enums";

export const PILOT_LONG_TEXT_MAX = 10_000;
export const PILOT_SHORT_TEXT_MAX = 500;
export const PILOT_INDICATOR_TEXT_MAX = 200;
export const PILOT_INDICATORS_MAX = 30;
/** A million euros is far above any ULG pilot; the bound keeps cents well inside SQLite's integers. */
export const PILOT_BUDGET_MAX_CENTS = 100_000_000 * 100;
/**
 * The most of a form body read: three 10,000-character texts and 30 indicators even when every
 * character is percent-encoded, so an over-long text gets a field message; a huge body is refused
 * before it is parsed.
 */
export const PILOT_FORM_MAX_BYTES = 2 * 1024 * 1024;

const tooLong = (max: number) => `pilot.tooLong|${JSON.stringify({ max })}`;

type Separators = { decimal: string; group: string };
const separatorCache = new Map<string, Separators>();

/** The locale's decimal and grouping marks; grouping spaces of any kind count as a plain space. */
function separators(locale: string): Separators {
  let s = separatorCache.get(locale);
  if (!s) {
    const parts = new Intl.NumberFormat(locale).formatToParts(12345.6);
    const group = parts.find((p) => p.type === "group")?.value ?? ",";
    s = { decimal: parts.find((p) => p.type === "decimal")?.value ?? ".", group: /\s/.test(group) ? " " : group };
    separatorCache.set(locale, s);
  }
  return s;
}

export type BudgetParse = { ok: true; cents: number | null } | { ok: false; error: "invalid" | "negative" | "tooLarge" };

/**
 * Reads a euro amount as the reader's locale writes it ("1 200,50" in Finnish, "1,200.50" in
 * English; "1200.50" and "1200,50" both work in Finnish, whose keyboards give either) into whole
 * cents, with string arithmetic so no float rounding creeps in. Grouping is accepted only in
 * groups of three, so "1200,50" in English is refused rather than read as 120,050 euros.
 */
export function parseBudget(raw: string | null | undefined, locale: string): BudgetParse {
  let text = (raw ?? "").replace(/[\s\u00a0\u202f]+/g, " ").trim();
  if (text === "") return { ok: true, cents: null };
  text = text.replace(/^€\s*|\s*€$|\s*EUR$/i, "").trim();
  if (/^[-−–]/.test(text)) return /\d/.test(text) ? { ok: false, error: "negative" } : { ok: false, error: "invalid" };
  const { decimal, group } = separators(locale);
  const esc = (c: string) => c.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  const decimals = decimal === "," ? "[,.]" : esc(decimal);
  const grouped = new RegExp(`^(\\d{1,3}(?:${esc(group)}\\d{3})+)(?:${esc(decimal)}(\\d{1,2}))?$`);
  const plain = new RegExp(`^(\\d+)(?:${decimals}(\\d{1,2}))?$`);
  const m = plain.exec(text) ?? grouped.exec(text);
  if (!m) return { ok: false, error: "invalid" };
  const whole = m[1].split(group).join("").replace(/^0+(?=\d)/, "");
  if (whole.length > 12) return { ok: false, error: "tooLarge" };
  const cents = Number(whole) * 100 + Number((m[2] ?? "").padEnd(2, "0"));
  if (cents > PILOT_BUDGET_MAX_CENTS) return { ok: false, error: "tooLarge" };
  return { ok: true, cents };
}

/** Cents as the budget field shows them for editing, in the reader's locale ("1 250,50"). */
export function budgetInputValue(cents: number | null | undefined, locale: string): string {
  if (cents == null) return "";
  return new Intl.NumberFormat(locale, { minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(cents / 100).replace(/[\u00a0\u202f]/g, " ");
}

const ISO_DAY = /^\d{4}-\d{2}-\d{2}$/;
function isRealDay(value: string): boolean {
  if (!ISO_DAY.test(value)) return false;
  const d = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === value;
}

const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max, tooLong(max))
    .optional()
    .transform((v) => (v ? v : null));

const optionalDay = z
  .string()
  .trim()
  .optional()
  .refine((v) => !v || isRealDay(v), "validation.date")
  .transform((v) => (v ? v : null));

const indicatorRow = z
  .object({
    name: optionalText(PILOT_INDICATOR_TEXT_MAX),
    target: optionalText(PILOT_INDICATOR_TEXT_MAX),
    result: optionalText(PILOT_INDICATOR_TEXT_MAX),
  })
  .optional();

/**
 * The pilot form for a locale (the budget is read as that locale writes numbers). Rows of
 * indicators left wholly empty are dropped; a row with a target or result needs a name.
 */
export function pilotSchema(locale: string) {
  return z
    .object({
      objective: optionalText(PILOT_LONG_TEXT_MAX),
      targetGroup: optionalText(PILOT_SHORT_TEXT_MAX),
      startsOn: optionalDay,
      endsOn: optionalDay,
      budget: z.string().optional(),
      responsible: optionalText(PILOT_SHORT_TEXT_MAX),
      partners: optionalText(PILOT_SHORT_TEXT_MAX * 4),
      indicators: z.array(indicatorRow).max(PILOT_INDICATORS_MAX, `pilot.tooManyIndicators|${JSON.stringify({ max: PILOT_INDICATORS_MAX })}`).optional(),
      results: optionalText(PILOT_LONG_TEXT_MAX),
      lessonsLearned: optionalText(PILOT_LONG_TEXT_MAX),
      decision: z
        .union([z.enum(PILOT_DECISIONS, { error: "validation.invalid" }), z.literal("")], { error: "validation.invalid" })
        .optional()
        .transform((v) => (v ? v : null)),
    })
    .superRefine((v, ctx) => {
      if (v.startsOn && v.endsOn && v.endsOn < v.startsOn) ctx.addIssue({ code: "custom", path: ["endsOn"], message: "pilot.endBeforeStart" });
      const budget = parseBudget(v.budget, locale);
      if (!budget.ok) ctx.addIssue({ code: "custom", path: ["budget"], message: `pilot.budget.${budget.error}|${JSON.stringify({ example: budgetInputValue(120_050, locale) })}` });
      (v.indicators ?? []).forEach((row, i) => {
        if (row && !row.name && (row.target || row.result)) ctx.addIssue({ code: "custom", path: ["indicators", i, "name"], message: "pilot.indicatorNameMissing" });
      });
    })
    .transform(({ budget, indicators, ...rest }) => {
      const parsed = parseBudget(budget, locale);
      return {
        ...rest,
        budgetCents: parsed.ok ? parsed.cents : null,
        indicators: (indicators ?? []).flatMap((row) => (row && row.name ? [{ name: row.name, target: row.target, result: row.result }] : [])),
      };
    });
}

export type PilotInput = z.output<ReturnType<typeof pilotSchema>>;
