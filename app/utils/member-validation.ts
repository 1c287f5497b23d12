import { z } from "zod";
import { SECTORS } from "#db/enums";

/** A real calendar day written YYYY-MM-DD (what <input type="date"> sends). */
export function isIsoDate(v: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(v)) return false;
  const d = new Date(`${v}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === v;
}

const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max, "validation.tooLong")
    .optional()
    .transform((v) => (v ? v : null));

/** The roster form, shared by add and edit and by the browser's validation. Only name and sector are required. */
export const MemberSchema = z.object({
  name: z.string({ error: "validation.required" }).trim().min(1, "validation.required").max(120, "validation.tooLong"),
  email: z
    .string()
    .trim()
    .max(254, "validation.tooLong")
    .pipe(z.email({ error: "validation.email" }))
    .optional()
    .transform((v) => (v ? v.toLowerCase() : null)),
  phone: z
    .string()
    .trim()
    .max(40, "validation.tooLong")
    .regex(/^[+()0-9 .\-/]*$/, "validation.phone")
    .optional()
    .transform((v) => (v ? v : null)),
  organisation: optionalText(200),
  sector: z.enum(SECTORS, { error: "validation.sector" }),
  position: optionalText(120),
  joinedOn: z
    .string()
    .refine(isIsoDate, "validation.date")
    .optional()
    .transform((v) => v ?? null),
  consentContact: z.boolean().optional().default(false),
  consentPhotos: z.boolean().optional().default(false),
});

export type MemberInput = z.output<typeof MemberSchema>;

export const EndMembershipSchema = z.object({
  leftOn: z.string({ error: "validation.required" }).refine(isIsoDate, "validation.date"),
});
