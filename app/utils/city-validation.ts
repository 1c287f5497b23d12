import { z } from "zod";

function knownTimeZone(tz: string) {
  try {
    new Intl.DateTimeFormat("en", { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

export const CitySchema = z.object({
  name: z.string({ error: "validation.required" }).trim().min(1, "validation.required").max(100, "validation.tooLong"),
  slug: z.string({ error: "validation.required" }).trim().max(60, "validation.tooLong").regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, "citiesAdmin.badSlug"),
  country: z
    .string({ error: "validation.required" })
    .trim()
    .regex(/^[A-Za-z]{2}$/, "citiesAdmin.badCountry")
    .transform((v) => v.toUpperCase()),
  language: z
    .string({ error: "validation.required" })
    .trim()
    .regex(/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})?$/, "citiesAdmin.badLanguage"),
  timeZone: z.string({ error: "validation.required" }).trim().max(64, "validation.tooLong").refine(knownTimeZone, "citiesAdmin.badTimeZone"),
  isLeadPartner: z.boolean().optional().default(false),
});
