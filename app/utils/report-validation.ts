import { z } from "zod";
import { isIsoDate } from "./member-validation";

/** The longest period one pack may cover: the whole project period (2.5 years) with room to spare. */
export const MAX_PERIOD_DAYS = 4 * 366;

const day = z.string({ error: "validation.required" }).trim().min(1, "validation.required").refine(isIsoDate, "validation.date");

/** The reporting pack's period (inclusive days), whether drafts go in, and (for admins) the city. */
export const ReportSchema = z
  .object({
    from: day,
    to: day,
    drafts: z.literal("1", { error: "validation.invalid" }).optional(),
    city: z.coerce.number({ error: "validation.invalid" }).int("validation.invalid").positive("validation.invalid").optional(),
  })
  .superRefine((v, ctx) => {
    if (!isIsoDate(v.from) || !isIsoDate(v.to)) return;
    if (v.from > v.to) ctx.addIssue({ code: "custom", message: "reports.errors.order", path: ["to"] });
    else if ((Date.parse(v.to) - Date.parse(v.from)) / 86_400_000 + 1 > MAX_PERIOD_DAYS) {
      ctx.addIssue({ code: "custom", message: `reports.errors.tooLong|${JSON.stringify({ years: 4 })}`, path: ["to"] });
    }
  });

export type ReportRequest = z.infer<typeof ReportSchema>;
