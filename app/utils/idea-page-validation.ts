import { z } from "zod";
import { IDEA_STAGES, type IdeaStage } from "#db/enums";
import { COMMENT_MAX, HIDE_REASON_MAX, MOVE_REASON_MAX, tooLong } from "./idea-page-checks";

export { COMMENT_MAX, HIDE_REASON_MAX, MOVE_REASON_MAX };

const requiredText = (max: number) =>
  z.string({ error: "validation.required" }).trim().min(1, "validation.required").max(max, tooLong(max));

/** A new comment, or the new text of one's own comment. Plain text: line breaks kept, no Markdown. */
export const CommentSchema = z.object({
  body: requiredText(COMMENT_MAX),
});

export const EditCommentSchema = z.object({
  commentId: z.number({ error: "validation.invalid" }).int("validation.invalid").positive("validation.invalid"),
  body: requiredText(COMMENT_MAX),
});

/** A coordinator hides a comment: the reason is shown to everyone in its place. */
export const HideCommentSchema = z.object({
  commentId: z.number({ error: "validation.invalid" }).int("validation.invalid").positive("validation.invalid"),
  reason: requiredText(HIDE_REASON_MAX),
});

/** The pipeline stages in order, without the side exits. */
export const PIPELINE: readonly IdeaStage[] = ["proposed", "discussed", "shortlisted", "piloting", "evaluated", "in_action_plan"];
export const SIDE_EXITS: readonly IdeaStage[] = ["parked", "rejected"];

/**
 * Where an idea may go from its stage (docs/decisions/005-idea-pipeline.md): one step forward or
 * back along the pipeline, or to a side exit from anywhere; from a side exit back to the stage it
 * left (`cameFrom`), to "discussed", or to the other side exit.
 */
export function allowedMoves(stage: IdeaStage, cameFrom: IdeaStage | null): IdeaStage[] {
  const moves: IdeaStage[] = [];
  const i = PIPELINE.indexOf(stage);
  if (i >= 0) {
    if (i + 1 < PIPELINE.length) moves.push(PIPELINE[i + 1]);
    if (i > 0) moves.push(PIPELINE[i - 1]);
  } else {
    if (cameFrom && PIPELINE.includes(cameFrom)) moves.push(cameFrom);
    if (cameFrom !== "discussed") moves.push("discussed");
  }
  for (const exit of SIDE_EXITS) if (exit !== stage) moves.push(exit);
  return moves;
}

/**
 * A move through the pipeline. `allowed` (the moves open from the idea's stage) and `isCityMeeting`
 * are server checks; the browser's copy leaves them out.
 */
export function moveSchema(checks: { allowed?: readonly IdeaStage[]; isCityMeeting?: (meetingId: number) => boolean } = {}) {
  return z
    .object({
      // Nothing chosen gets its own message; a value that is no stage is plain invalid.
      toStage: z.enum(IDEA_STAGES, { error: (issue) => (issue.input === undefined ? "ideaPipeline.chooseStageError" : "validation.invalid") }),
      reason: requiredText(MOVE_REASON_MAX),
      meetingId: z.number({ error: "validation.invalid" }).int("validation.invalid").positive("validation.invalid").optional(),
    })
    .superRefine((v, ctx) => {
      if (checks.allowed && !checks.allowed.includes(v.toStage)) {
        ctx.addIssue({ code: "custom", path: ["toStage"], message: "ideaPipeline.notAllowed" });
      }
      if (v.meetingId != null && checks.isCityMeeting && !checks.isCityMeeting(v.meetingId)) {
        ctx.addIssue({ code: "custom", path: ["meetingId"], message: "ideaPipeline.meetingInvalid" });
      }
    })
    .transform((v) => ({ ...v, meetingId: v.meetingId ?? null }));
}

export const MoveSchema = moveSchema();
export type MoveInput = z.output<typeof MoveSchema>;

/** One positive integer id from a form field or query parameter, or null. */
export function parseId(value: FormDataEntryValue | string | null | undefined): number | null {
  if (typeof value !== "string" || !/^\d{1,15}$/.test(value)) return null;
  const n = Number(value);
  return Number.isSafeInteger(n) && n > 0 ? n : null;
}

/** A move as the form offers it: how it relates to the current stage decides its label. */
export type MoveOption = { stage: IdeaStage; how: "next" | "previous" | "return" | "plain" };

export function describeMoves(stage: IdeaStage, cameFrom: IdeaStage | null): MoveOption[] {
  const i = PIPELINE.indexOf(stage);
  return allowedMoves(stage, cameFrom).map((to) => {
    const j = PIPELINE.indexOf(to);
    if (j < 0) return { stage: to, how: "plain" };
    if (i >= 0) return { stage: to, how: j > i ? "next" : "previous" };
    return { stage: to, how: to === cameFrom ? "return" : "plain" };
  });
}
