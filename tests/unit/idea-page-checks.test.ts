import { parseWithZod } from "@conform-to/zod/v4";
import { describe, expect, it } from "vitest";
import type { z } from "zod";
import { checkComment, checkEditComment, checkHideComment, checkMove, type FieldErrors } from "~/utils/idea-page-checks";
import { CommentSchema, EditCommentSchema, HideCommentSchema, MoveSchema } from "~/utils/idea-page-validation";

const formOf = (values: Record<string, string | undefined>) => {
  const form = new FormData();
  for (const [name, value] of Object.entries(values)) if (value !== undefined) form.append(name, value);
  return form;
};

/** What the server's schema says about each field, in the browser check's shape. */
function serverErrors(schema: z.ZodType, form: FormData, names: string[]): FieldErrors {
  const error = parseWithZod(form, { schema }).reply().error ?? {};
  return Object.fromEntries(names.map((n) => [n, error[n] ?? undefined]));
}

const texts = ["", "   ", "a", "  kept  ", "<script>x</script>", "é".repeat(999), "x".repeat(1000), "x".repeat(1001), ` ${"y".repeat(2000)} `, "z".repeat(2001), "w".repeat(5000), "w".repeat(5001)];
const ids = [undefined, "", "12", "0", "-3", "1.5", "abc"];

describe("the idea page's browser checks", () => {
  it("give the same messages as the server's schemas for comments and hide reasons", () => {
    for (const body of [undefined, ...texts]) {
      expect(checkComment(formOf({ body })), `comment ${body?.length}`).toEqual(serverErrors(CommentSchema, formOf({ body }), ["body"]));
      for (const commentId of ids) {
        const edit = formOf({ commentId, body });
        expect(checkEditComment(edit), `edit ${commentId} ${body?.length}`).toEqual(serverErrors(EditCommentSchema, edit, ["commentId", "body"]));
        const hide = formOf({ commentId, reason: body });
        expect(checkHideComment(hide), `hide ${commentId} ${body?.length}`).toEqual(serverErrors(HideCommentSchema, hide, ["commentId", "reason"]));
      }
    }
  });

  it("give the same messages as the move schema (the open moves and the city's meetings stay server checks)", () => {
    for (const toStage of [undefined, "", "discussed", "in_action_plan", "bogus"]) {
      for (const reason of ["", " ", "Because", "r".repeat(2000), "r".repeat(2001)]) {
        for (const meetingId of ids) {
          const form = formOf({ toStage, reason, meetingId });
          expect(checkMove(form), `${toStage} ${reason.length} ${meetingId}`).toEqual(serverErrors(MoveSchema, form, ["toStage", "reason", "meetingId"]));
        }
      }
    }
  });
});
