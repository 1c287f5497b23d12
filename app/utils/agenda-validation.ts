import { z } from "zod";
import { AGENDA_ITEM_KINDS } from "#db/enums";

export const AGENDA_TITLE_MAX = 200;
export const AGENDA_DESCRIPTION_MAX = 5000;
export const AGENDA_PRESENTER_MAX = 120;
export const AGENDA_MIN_MINUTES = 1;
// Eight hours: longer than any single item of a working day meeting.
export const AGENDA_MAX_MINUTES = 480;

const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max, "validation.tooLong")
    .optional()
    .transform((v) => (v ? v : null));

type Checks = {
  /** Server only: whether a roster member may present at this meeting (a member of the meeting's city). */
  isPresenterAllowed?: (memberId: number) => boolean;
  /** Network meetings have no roster: only a typed name is accepted. */
  rosterless?: boolean;
  /** Server only: whether the idea may be linked (an idea of the meeting's own city). */
  isIdeaAllowed?: (ideaId: number) => boolean;
};

/**
 * One agenda item's fields as the form sends them. Conform turns "" into undefined and numeric strings
 * into numbers before Zod sees them, so a missing duration is "required" and anything else out of
 * range or not whole gets the one range message. Also the source of the browser's input constraints.
 */
export const AgendaItemFields = z.object({
  title: z.string({ error: "validation.required" }).trim().min(1, "validation.required").max(AGENDA_TITLE_MAX, "validation.tooLong"),
  description: optionalText(AGENDA_DESCRIPTION_MAX),
  durationMinutes: z
    .number({ error: (issue) => (issue.input === undefined ? "validation.required" : "agenda.durationRange") })
    .int("agenda.durationRange")
    .min(AGENDA_MIN_MINUTES, "agenda.durationRange")
    .max(AGENDA_MAX_MINUTES, "agenda.durationRange"),
  kind: z.enum(AGENDA_ITEM_KINDS, { error: "validation.invalid" }),
  presenterMemberId: z.number({ error: "validation.invalid" }).int("validation.invalid").positive("validation.invalid").optional(),
  presenterText: optionalText(AGENDA_PRESENTER_MAX),
  // The idea discussed under this item, one of the city's ideas (city meetings only).
  ideaId: z.number({ error: "validation.invalid" }).int("validation.invalid").positive("validation.invalid").optional(),
});

/**
 * The fields plus the presenter rules (one kind of presenter; a roster member of the meeting's city)
 * and the idea rule (an idea of the meeting's city; none for network meetings, which have no ideas).
 */
export function agendaItemSchema(checks: Checks = {}) {
  return AgendaItemFields.superRefine((v, ctx) => {
    // Zod 4 runs this even after a failed .positive(): ask the database only about a plausible id.
    if (v.ideaId != null && Number.isSafeInteger(v.ideaId) && v.ideaId > 0) {
      if (checks.rosterless) ctx.addIssue({ code: "custom", path: ["ideaId"], message: "agenda.ideaNoCity" });
      else if (checks.isIdeaAllowed && !checks.isIdeaAllowed(v.ideaId)) ctx.addIssue({ code: "custom", path: ["ideaId"], message: "agenda.ideaNotInCity" });
    }
    if (v.presenterMemberId == null) return;
    if (checks.rosterless) {
      ctx.addIssue({ code: "custom", path: ["presenterMemberId"], message: "agenda.presenterNoRoster" });
    } else if (v.presenterText) {
      ctx.addIssue({ code: "custom", path: ["presenterText"], message: "agenda.presenterBoth" });
    } else if (checks.isPresenterAllowed && !checks.isPresenterAllowed(v.presenterMemberId)) {
      ctx.addIssue({ code: "custom", path: ["presenterMemberId"], message: "agenda.presenterNotInCity" });
    }
  }).transform((v) => ({ ...v, presenterMemberId: v.presenterMemberId ?? null, ideaId: v.ideaId ?? null }));
}

/** The browser's copy of the rules (no database checks). */
export const AgendaItemSchema = agendaItemSchema();

export type AgendaItemInput = z.output<typeof AgendaItemSchema>;

/** Parses the ordered ids of a reorder request ("3,1,2" or repeated fields); null when any is not an id. */
export function parseOrderedIds(values: FormDataEntryValue[]): number[] | null {
  const parts = values.flatMap((v) => (typeof v === "string" ? v.split(",") : [""])).map((s) => s.trim());
  if (parts.length === 0 || parts.length > 1000) return null;
  const ids = parts.map((s) => (/^\d{1,15}$/.test(s) ? Number(s) : NaN));
  return ids.every((n) => Number.isSafeInteger(n) && n > 0) ? ids : null;
}

/** One positive integer id from a form field, or null. */
export function parseItemId(value: FormDataEntryValue | null): number | null {
  if (typeof value !== "string" || !/^\d{1,15}$/.test(value)) return null;
  const n = Number(value);
  return Number.isSafeInteger(n) && n > 0 ? n : null;
}
