import { z } from "zod";
import { MEETING_KINDS } from "#db/enums";
import { isIsoDate } from "./member-validation";

const TIME = /^([01]\d|2[0-3]):[0-5]\d$/;

const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max, "validation.tooLong")
    .optional()
    .transform((v) => (v ? v : null));

/** The schedule form: times are wall-clock times in the meeting's time zone. */
export const MeetingSchema = z
  .object({
    kind: z.enum(MEETING_KINDS, { error: "validation.invalid" }),
    title: z.string({ error: "validation.required" }).trim().min(1, "validation.required").max(200, "validation.tooLong"),
    purpose: optionalText(5000),
    date: z.string({ error: "validation.required" }).refine(isIsoDate, "validation.date"),
    startTime: z.string({ error: "validation.required" }).regex(TIME, "validation.time"),
    endTime: z.string({ error: "validation.required" }).regex(TIME, "validation.time"),
    place: optionalText(300),
    onlineUrl: z
      .string()
      .trim()
      .max(500, "validation.tooLong")
      .pipe(z.url({ protocol: /^https?$/, error: "validation.url" }))
      .optional()
      .transform((v) => v ?? null),
    hostCityId: z.coerce.number().int().positive().optional(),
    confirmTimeChange: z.boolean().optional(),
  })
  .refine((v) => !TIME.test(v.startTime) || !TIME.test(v.endTime) || v.endTime > v.startTime, {
    message: "meetingForm.endBeforeStart",
    path: ["endTime"],
  });

export const CancelSchema = z.object({
  reason: z.string({ error: "validation.required" }).trim().min(1, "validation.required").max(1000, "validation.tooLong"),
});
