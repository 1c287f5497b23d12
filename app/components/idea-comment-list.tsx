import type { SubmissionResult } from "@conform-to/react";
import { Form, Link } from "@remix-run/react";
import { useTranslation } from "~/i18n/use-translation";
import { checkComment, checkEditComment, checkHideComment } from "~/utils/idea-page-checks";
import { displayMemberName } from "~/utils/member-display";
import { controlProps, useCheckedForm, type CheckedField } from "./checked-form";
import { ErrorList, FormError, SubmitButton } from "./forms";
import { dateFormat } from "~/utils/intl-cache";
import { ideaCommentsAddress } from "~/utils/idea-address";

export type PageComment = {
  id: number;
  authorName: string;
  mine: boolean;
  body: string | null;
  hiddenReason: string | null;
  hidden: boolean;
  createdAt: string | Date;
  edited: boolean;
};

export type CommentReply = { intent: string; commentId?: number | null; result?: SubmissionResult<string[]>; formErrors?: string[] };

const control = "mt-1 block w-full rounded border border-slate-400 bg-white px-3 py-2 aria-[invalid]:border-red-600";

function TextArea({
  label,
  hint,
  field,
  rows = 4,
}: {
  label: string;
  hint?: string;
  field: CheckedField;
  rows?: number;
}) {
  const errorId = field.errors?.length ? `${field.id}-error` : undefined;
  const hintId = hint ? `${field.id}-hint` : undefined;
  return (
    <div>
      <label htmlFor={field.id} className="block text-sm font-medium text-slate-800">{label}</label>
      {hint ? <p id={hintId} className="text-xs text-slate-600">{hint}</p> : null}
      <textarea
        {...controlProps(field)}
        rows={rows}
        aria-describedby={[errorId, hintId].filter(Boolean).join(" ") || undefined}
        className={control}
      />
      <ErrorList id={errorId} errors={field.errors} />
    </div>
  );
}

function AddCommentForm({ ideaId, lastResult }: { ideaId: number; lastResult: SubmissionResult<string[]> | null }) {
  const { t } = useTranslation();
  const { form, field } = useCheckedForm({ id: "add-comment", lastResult, check: checkComment });
  return (
    <Form method="post" action={`/ideas/${ideaId}`} {...form.props} className="mt-4 space-y-3">
      <h3 className="font-semibold">{t("ideaComments.add")}</h3>
      <FormError errors={form.errors} />
      <input type="hidden" name="intent" value="add-comment" />
      {/* No maxLength: a longer paste gets the message instead of being cut off silently. */}
      <TextArea label={t("ideaComments.body")} hint={t("ideaComments.bodyHint")} field={field("body")} />
      <SubmitButton>{t("ideaComments.submit")}</SubmitButton>
    </Form>
  );
}

function EditCommentForm({ ideaId, page, comment, lastResult }: { ideaId: number; page: number; comment: PageComment; lastResult: SubmissionResult<string[]> | null }) {
  const { t } = useTranslation();
  const { form, field } = useCheckedForm({
    id: `edit-comment-${comment.id}`,
    lastResult,
    defaultValue: { body: comment.body ?? "" },
    check: checkEditComment,
  });
  return (
    // Posted to the address that opens it, so a refused edit comes back open with its message.
    <Form method="post" action={ideaCommentsAddress(ideaId, page, { editComment: String(comment.id) })} {...form.props} className="mt-2 space-y-3">
      <FormError errors={form.errors} />
      <input type="hidden" name="intent" value="edit-comment" />
      <input type="hidden" name="commentId" value={comment.id} />
      <input type="hidden" name="commentsPage" value={page} />
      <TextArea label={t("ideaComments.editLabel")} hint={t("ideaComments.bodyHint")} field={field("body")} />
      <div className="flex flex-wrap items-center gap-3">
        <SubmitButton>{t("ideaComments.save")}</SubmitButton>
        <Link to={`${ideaCommentsAddress(ideaId, page)}#comment-${comment.id}`} className="text-brand-700 underline">
          {t("ideaComments.cancel")}
        </Link>
      </div>
    </Form>
  );
}

type HideLabels = { hide: string; reason: string; submit: string; cancel: string };

/**
 * A coordinator's form to hide one comment with a reason. Made only for the comment asked for
 * (`?hideComment=`), or after a refused attempt so its message shows: a checked form under every
 * comment was most of the idea page's server time.
 */
function HideCommentForm({ ideaId, page, commentId, lastResult, labels }: { ideaId: number; page: number; commentId: number; lastResult: SubmissionResult<string[]> | null; labels: HideLabels }) {
  const { form, field } = useCheckedForm({ id: `hide-comment-${commentId}`, lastResult, check: checkHideComment });
  return (
    // Posted to the address that opens it, so a refused hide shows the form again there and Cancel
    // leaves that address (a link to the same address with only a new #fragment would not reload).
    <Form method="post" action={ideaCommentsAddress(ideaId, page, { hideComment: String(commentId) })} {...form.props} className="mt-2 w-full space-y-2">
      <FormError errors={form.errors} />
      <input type="hidden" name="intent" value="hide-comment" />
      <input type="hidden" name="commentId" value={commentId} />
      <input type="hidden" name="commentsPage" value={page} />
      <TextArea label={labels.reason} field={field("reason")} rows={2} />
      <div className="flex flex-wrap items-center gap-3">
        <button type="submit" className="rounded border border-red-700 px-3 py-1.5 text-sm font-medium text-red-800 hover:bg-red-50">
          {labels.submit}
        </button>
        <Link to={`${ideaCommentsAddress(ideaId, page)}#comment-${commentId}`} className="text-sm text-brand-700 underline">
          {labels.cancel}
        </Link>
      </div>
    </Form>
  );
}

/** An idea's comments: plain text (line breaks kept), own ones editable, hideable by coordinators. */
export function IdeaCommentList({
  ideaId,
  comments,
  total,
  page,
  pages,
  timeZone,
  canComment,
  canModerate,
  editCommentId,
  hideCommentId,
  reply,
}: {
  ideaId: number;
  comments: PageComment[];
  total: number;
  page: number;
  pages: number;
  timeZone: string;
  canComment: boolean;
  canModerate: boolean;
  editCommentId: number | null;
  hideCommentId: number | null;
  reply: CommentReply | null;
}) {
  const { t, i18n } = useTranslation();
  const tr = (key: string) => t(key);
  const stamp = dateFormat(i18n.language, { dateStyle: "medium", timeStyle: "short", timeZone });
  const when = (d: string | Date) => stamp.format(new Date(d));
  // Translated once for the whole list rather than once per comment.
  const label = {
    edited: ` · ${t("ideaComments.edited")}`,
    edit: t("ideaComments.edit"),
    unhide: t("ideaComments.unhide"),
    hide: canModerate ? { hide: t("ideaComments.hide"), reason: t("ideaComments.hideReason"), submit: t("ideaComments.hideSubmit"), cancel: t("ideaComments.cancel") } : null,
  };
  const resultFor = (intent: string, commentId?: number) =>
    reply && reply.intent === intent && (commentId == null || reply.commentId === commentId) ? (reply.result ?? null) : null;
  return (
    <section id="comments" aria-labelledby="comments-heading" className="rounded-lg border border-slate-200 bg-white p-4">
      <h2 id="comments-heading" className="text-lg font-semibold">
        {t("ideaComments.title")} <span className="text-base font-normal text-slate-700">({t("ideaComments.count", { count: total })})</span>
      </h2>
      {reply?.formErrors && (reply.intent === "unhide-comment" || reply.intent === "hide-comment" || reply.intent === "edit-comment") ? (
        <div className="mt-2"><FormError errors={reply.formErrors} /></div>
      ) : null}
      {comments.length === 0 ? (
        <p className="mt-2 text-slate-700">{t("ideaComments.none")}</p>
      ) : (
        <ol className="mt-3 divide-y divide-slate-200">
          {comments.map((c) => (
            <li key={c.id} id={`comment-${c.id}`} className="py-3">
              <p className="text-sm text-slate-700">
                <span className="font-medium text-slate-900">{displayMemberName({ name: c.authorName }, tr)}</span>
                {" · "}
                <time dateTime={new Date(c.createdAt).toISOString()}>{when(c.createdAt)}</time>
                {c.edited ? label.edited : null}
              </p>
              {c.hidden ? (
                <p className="mt-1 italic text-slate-700">{t("ideaComments.hiddenBy", { reason: c.hiddenReason ?? "" })}</p>
              ) : editCommentId === c.id && c.mine && canComment ? (
                <EditCommentForm ideaId={ideaId} page={page} comment={c} lastResult={resultFor("edit-comment", c.id)} />
              ) : (
                <p className="mt-1 whitespace-pre-wrap break-words">{c.body}</p>
              )}
              <div className="mt-1 flex flex-wrap items-start gap-4">
                {c.mine && canComment && !c.hidden && editCommentId !== c.id ? (
                  <Link
                    to={`${ideaCommentsAddress(ideaId, page, { editComment: String(c.id) })}#comment-${c.id}`}
                    className="text-sm text-brand-700 underline"
                  >
                    {label.edit}
                  </Link>
                ) : null}
                {label.hide && !c.hidden ? (
                  hideCommentId === c.id || resultFor("hide-comment", c.id) ? (
                    <HideCommentForm ideaId={ideaId} page={page} commentId={c.id} lastResult={resultFor("hide-comment", c.id)} labels={label.hide} />
                  ) : (
                    <Link to={`${ideaCommentsAddress(ideaId, page, { hideComment: String(c.id) })}#comment-${c.id}`} className="text-sm text-brand-700 underline">
                      {label.hide.hide}
                    </Link>
                  )
                ) : null}
                {canModerate && c.hidden ? (
                  <Form method="post" action={`/ideas/${ideaId}`}>
                    <input type="hidden" name="intent" value="unhide-comment" />
                    <input type="hidden" name="commentId" value={c.id} />
                    <input type="hidden" name="commentsPage" value={page} />
                    <button type="submit" className="text-sm text-brand-700 underline">{label.unhide}</button>
                  </Form>
                ) : null}
              </div>
            </li>
          ))}
        </ol>
      )}
      {pages > 1 ? (
        <nav aria-label={t("ideaComments.pages")} className="mt-3">
          <ul className="flex flex-wrap gap-2">
            {Array.from({ length: pages }, (_, i) => i + 1).map((p) => (
              <li key={p}>
                <Link
                  to={`${ideaCommentsAddress(ideaId, p)}#comments`}
                  aria-current={p === page ? "page" : undefined}
                  className={`inline-block rounded px-3 py-1 text-sm ${p === page ? "bg-brand-700 text-white" : "border border-slate-400 hover:bg-slate-100"}`}
                >
                  {t("ideaComments.page", { page: p })}
                </Link>
              </li>
            ))}
          </ul>
        </nav>
      ) : null}
      {canComment ? <AddCommentForm key={total} ideaId={ideaId} lastResult={resultFor("add-comment")} /> : null}
    </section>
  );
}
