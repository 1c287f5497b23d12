import { IDEA_STAGES } from "#db/enums";

/**
 * The idea page's field rules as plain functions, for the browser: the same messages as the zod
 * schemas in idea-page-validation.ts (which the actions use, and which build on these limits), so a
 * field shows the same words before sending as after. Kept free of zod so the page's script does not
 * carry a schema library (tests/unit/idea-page.test.ts holds both to the same answers).
 */
export const COMMENT_MAX = 5000;
export const HIDE_REASON_MAX = 1000;
export const MOVE_REASON_MAX = 2000;

// Error keys carry the limit ("key|{json}") so the message can say how long is allowed.
export const tooLong = (max: number) => `ideaComments.tooLong|${JSON.stringify({ max })}`;

/** Field errors by name; "" holds errors of the whole form. */
export type FieldErrors = Record<string, string[] | undefined>;

function requiredText(value: FormDataEntryValue | null, max: number): string[] | undefined {
  const text = typeof value === "string" ? value.trim() : "";
  if (text === "") return ["validation.required"];
  return text.length > max ? [tooLong(max)] : undefined;
}

function positiveId(value: FormDataEntryValue | null, optional: boolean): string[] | undefined {
  if (value === null || value === "") return optional ? undefined : ["validation.invalid"];
  const n = typeof value === "string" && /^\s*\d+\s*$/.test(value) ? Number(value) : Number.NaN;
  return Number.isSafeInteger(n) && n > 0 ? undefined : ["validation.invalid"];
}

export const checkComment = (form: FormData): FieldErrors => ({ body: requiredText(form.get("body"), COMMENT_MAX) });

export const checkEditComment = (form: FormData): FieldErrors => ({
  commentId: positiveId(form.get("commentId"), false),
  body: requiredText(form.get("body"), COMMENT_MAX),
});

export const checkHideComment = (form: FormData): FieldErrors => ({
  commentId: positiveId(form.get("commentId"), false),
  reason: requiredText(form.get("reason"), HIDE_REASON_MAX),
});

/** The move form; whether the stage is open from the idea's stage and the meeting is the city's are server checks. */
export const checkMove = (form: FormData): FieldErrors => {
  const stage = form.get("toStage");
  return {
    toStage:
      typeof stage !== "string" || stage === ""
        ? ["ideaPipeline.chooseStageError"]
        : (IDEA_STAGES as readonly string[]).includes(stage)
          ? undefined
          : ["validation.invalid"],
    reason: requiredText(form.get("reason"), MOVE_REASON_MAX),
    meetingId: positiveId(form.get("meetingId"), true),
  };
};
