import { z } from "zod";
import { IDEA_KINDS, IDEA_THEMES } from "#db/enums";

export const IDEA_TITLE_MAX = 200;
export const IDEA_DESCRIPTION_MAX = 20_000;
export const IDEA_TARGET_GROUP_MAX = 200;
/**
 * The most of a form body read: well above a 20,000-character description even when every
 * character is percent-encoded (up to 9 bytes each), so a too-long text gets a field message,
 * while a huge body is refused before it is parsed.
 */
export const IDEA_FORM_MAX_BYTES = 1024 * 1024;

// Says the limit, so someone who pasted a long text knows how much to cut.
const tooLong = (max: number) => `ideaForm.tooLong|${JSON.stringify({ max })}`;

/** The log-an-idea and edit-idea form. The description is Markdown, stored as typed and rendered without raw HTML. */
export const IdeaSchema = z.object({
  title: z.string({ error: "validation.required" }).trim().min(1, "validation.required").max(IDEA_TITLE_MAX, tooLong(IDEA_TITLE_MAX)),
  description: z
    .string({ error: "validation.required" })
    .trim()
    .min(1, "validation.required")
    .max(IDEA_DESCRIPTION_MAX, tooLong(IDEA_DESCRIPTION_MAX)),
  theme: z.enum(IDEA_THEMES, { error: "validation.invalid" }),
  kind: z.enum(IDEA_KINDS, { error: "validation.invalid" }),
  targetGroup: z
    .string()
    .trim()
    .max(IDEA_TARGET_GROUP_MAX, tooLong(IDEA_TARGET_GROUP_MAX))
    .optional()
    .transform((v) => (v ? v : null)),
});

export type IdeaFormValues = z.output<typeof IdeaSchema>;
