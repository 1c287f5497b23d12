import { z } from "zod";
import { FUNDING_STATUSES, IMPLEMENTATION_STATUSES } from "#db/enums";
import { euroInputValue, parseEuros } from "./money";

export const PLAN_TITLE_MAX = 200;
export const PLAN_TEXT_MAX = 20_000;
export const ACTION_TITLE_MAX = 200;
export const ACTION_SHORT_MAX = 500;
export const ACTION_LONG_MAX = 10_000;
/**
 * The most of a form body read: the longest texts even when every character is percent-encoded
 * (up to 9 bytes), so a too-long text gets a field message; a huge body is refused before parsing.
 */
export const PLAN_FORM_MAX_BYTES = 1024 * 1024;

const tooLong = (max: number) => `actionPlan.tooLong|${JSON.stringify({ max })}`;

const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max, tooLong(max))
    .optional()
    .transform((v) => (v ? v : null));

/** Vision and objectives (Markdown); `revision` is the one the form was loaded with (0 = no plan yet). */
export const PlanTextSchema = z.object({
  title: optionalText(PLAN_TITLE_MAX),
  vision: optionalText(PLAN_TEXT_MAX),
  objectives: optionalText(PLAN_TEXT_MAX),
  revision: z.coerce.number({ error: "validation.invalid" }).int("validation.invalid").min(0, "validation.invalid"),
});

/** One action's form for a locale: the cost is read as that locale writes numbers, in euros, and stored in cents. */
export function actionSchema(locale: string) {
  return z
    .object({
      title: z.string({ error: "validation.required" }).trim().min(1, "validation.required").max(ACTION_TITLE_MAX, tooLong(ACTION_TITLE_MAX)),
      description: optionalText(ACTION_LONG_MAX),
      timing: optionalText(ACTION_SHORT_MAX),
      lead: optionalText(ACTION_SHORT_MAX),
      partners: optionalText(ACTION_SHORT_MAX * 4),
      cost: z.string().optional(),
      fundingSource: optionalText(ACTION_SHORT_MAX),
      fundingStatus: z
        .union([z.enum(FUNDING_STATUSES), z.literal("")], { error: "validation.invalid" })
        .optional()
        .transform((v) => (v ? v : null)),
      implementationStatus: z.enum(IMPLEMENTATION_STATUSES, { error: "validation.invalid" }),
      indicators: optionalText(ACTION_LONG_MAX),
      risks: optionalText(ACTION_LONG_MAX),
    })
    .superRefine((v, ctx) => {
      const cost = parseEuros(v.cost, locale);
      if (!cost.ok) ctx.addIssue({ code: "custom", path: ["cost"], message: `actionPlan.cost.${cost.error}|${JSON.stringify({ example: euroInputValue(120_050, locale) })}` });
    })
    .transform(({ cost, ...rest }) => {
      const parsed = parseEuros(cost, locale);
      return { ...rest, costCents: parsed.ok ? parsed.cents : null };
    });
}

export function parseId(value: string | null | undefined): number | null {
  return value && /^\d{1,9}$/.test(value) && Number(value) > 0 ? Number(value) : null;
}
