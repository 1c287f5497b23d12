import { parseWithZod } from "@conform-to/zod/v4";
import { data, redirect, type ActionFunctionArgs, type AppLoadContext, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { useTranslation } from "~/i18n/use-translation";
import { notFound, requireScope } from "~/auth/auth.server";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { IdeaCommentList, type CommentReply } from "~/components/idea-comment-list";
import { IdeaMoveForm, IdeaMoveOpener, IdeaShareToggle, IdeaStageHistory } from "~/components/idea-page-pipeline";
import { IdeaSupport } from "~/components/idea-page-support";
import { Markdown } from "~/components/markdown";
import { ideaCommentsAddress } from "~/utils/idea-address";
import {
  addComment,
  COMMENTS_PAGE_SIZE,
  editComment,
  findComment,
  getIdeaForPage,
  hasSupported,
  hideComment,
  ideaAbilities,
  listComments,
  discussedAt,
  listDiscussions,
  listStageChanges,
  refuseIdeaWrite,
  stageCameFrom,
  toggleSupport,
  unhideComment,
} from "~/models/idea-page.server";
import { isDecisionMeeting, listDecisionMeetings, moveIdea, notifyAuthorOfMove, setShared } from "~/models/idea-pipeline.server";
import { isPilotStage } from "~/models/pilots.server";
import { allowedMoves, CommentSchema, describeMoves, EditCommentSchema, HideCommentSchema, moveSchema, parseId } from "~/utils/idea-page-validation";
import { appOrigin } from "~/utils/mail.server";
import { displayMemberName } from "~/utils/member-display";
import { clientAddress } from "~/utils/request.server";
import { dateFormat } from "~/utils/intl-cache";
import { markdownHtml } from "~/utils/markdown.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.idea.title ?? "Idea"} · ULG Workshop` }];

function ideaIdFrom(params: { ideaId?: string }): number {
  const id = parseId(params.ideaId);
  if (id == null) throw notFound();
  return id;
}

function pageFrom(value: FormDataEntryValue | string | null): number {
  const n = parseId(typeof value === "string" ? value : null);
  return n != null && n <= 100_000 ? n : 1;
}

/** The idea the request may read (404 otherwise), with what the user may do on it. */
async function loadIdea(request: Request, params: { ideaId?: string }, context: AppLoadContext | undefined) {
  const ipAddress = clientAddress(context);
  const { user, scope } = await requireScope(request, "read:idea", ipAddress);
  const idea = getIdeaForPage(scope, user, ideaIdFrom(params));
  // This is the city's own workspace: partner cities read a shared idea at /network/ideas/:id.
  if (!idea || idea.access !== "city") throw notFound();
  return { user, idea, ipAddress, can: ideaAbilities(user, idea) };
}

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { user, idea, can } = await loadIdea(request, params, context);
  const url = new URL(request.url);
  // Readers from partner cities get the idea and its moves, not the city's own discussion.
  const full = idea.access === "city";
  const page = pageFrom(url.searchParams.get("commentsPage"));
  const comments = full ? listComments(idea.id, page) : null;
  const history = listStageChanges(idea.id);
  const editCommentId = parseId(url.searchParams.get("editComment"));
  const hideCommentId = can.moderate ? parseId(url.searchParams.get("hideComment")) : null;
  // The move form (with every meeting that may have decided it) is made when a coordinator opens
  // it (?move, which the form posts to as well, so a refused move shows it again with its
  // messages): most views of an idea move nothing.
  const moving = can.moderate && url.searchParams.has("move");
  return {
    idea: {
      id: idea.id,
      title: idea.title,
      descriptionHtml: markdownHtml(idea.description),
      theme: idea.theme,
      kind: idea.kind,
      targetGroup: idea.targetGroup,
      stage: idea.stage,
      sharedWithNetwork: idea.sharedWithNetwork,
      supportCount: idea.supportCount,
      createdAt: idea.createdAt,
      cityName: idea.cityName,
      timeZone: idea.timeZone,
      access: idea.access,
      authorName: full ? (idea.authorName ?? "") : null,
    },
    can,
    supported: can.support ? hasSupported(idea.id, user.id) : false,
    comments: comments
      ? {
          total: comments.total,
          page,
          pages: Math.max(1, Math.ceil(comments.total / COMMENTS_PAGE_SIZE)),
          items: comments.comments.map((c) => ({
            id: c.id,
            authorName: c.authorName,
            mine: c.authorUserId === user.id,
            body: c.body,
            hidden: c.hiddenAt != null,
            hiddenReason: c.hiddenReason,
            createdAt: c.createdAt,
            edited: c.edited,
          })),
        }
      : null,
    history: history.map((h) => ({
      id: h.id,
      fromStage: h.fromStage,
      toStage: h.toStage,
      reason: h.reason,
      at: h.at,
      byName: full ? (h.byName ?? "") : null,
      meeting:
        full && h.meetingId != null && h.meetingKind && h.meetingNumber != null && h.meetingTitle && h.meetingStartsAt && h.meetingTimeZone
          ? { id: h.meetingId, kind: h.meetingKind, number: h.meetingNumber, title: h.meetingTitle, startsAt: h.meetingStartsAt, timeZone: h.meetingTimeZone }
          : null,
    })),
    discussedAt: full ? discussedAt(listDiscussions(idea), history) : null,
    moves: can.moderate ? describeMoves(idea.stage, stageCameFrom(history, idea.stage)) : null,
    meetings: moving ? listDecisionMeetings(idea.cityId) : null,
    editCommentId,
    hideCommentId,
    pilotHref: isPilotStage(idea.stage) ? `/ideas/${idea.id}/pilot` : null,
  };
}

const refuse = (reply: CommentReply) => data(reply, { status: 400 });

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { user, idea, ipAddress, can } = await loadIdea(request, params, context);
  const formData = await request.formData();
  const intent = String(formData.get("intent") ?? "");
  const actor = { id: user.id, ipAddress };
  const base = `/ideas/${idea.id}`;
  const commentsPage = pageFrom(formData.get("commentsPage"));
  const at = (flash: string, anchor: string, page = commentsPage) => `${ideaCommentsAddress(idea.id, page, { [flash]: "1" })}#${anchor}`;

  if (intent === "support") {
    if (!can.support) refuseIdeaWrite(user, "support:idea:city", idea.id, request, ipAddress);
    const result = toggleSupport(idea, actor);
    // The script's fetcher asks for the new count; a plain form post gets the page again.
    if (formData.get("fetch") === "1") return data({ intent: "support" as const, ...result });
    return redirect(`${base}?${result.supported ? "supported" : "unsupported"}=1#support`);
  }

  if (intent === "add-comment") {
    if (!can.comment) refuseIdeaWrite(user, "comment:idea:city", idea.id, request, ipAddress);
    const submission = parseWithZod(formData, { schema: CommentSchema });
    if (submission.status !== "success") return refuse({ intent, result: submission.reply() });
    const added = addComment(idea, submission.value.body, actor);
    return redirect(at("commented", `comment-${added.id}`, Math.ceil(added.position / COMMENTS_PAGE_SIZE)));
  }

  if (intent === "edit-comment") {
    if (!can.comment) refuseIdeaWrite(user, "comment:idea:city", idea.id, request, ipAddress);
    const commentId = parseId(formData.get("commentId"));
    const comment = commentId == null ? null : findComment(idea.id, commentId);
    if (!comment) return refuse({ intent, commentId, formErrors: ["ideaComments.notFound"] });
    // Only the author edits a comment, coordinators included.
    if (comment.authorUserId !== user.id) refuseIdeaWrite(user, "edit:idea-comment:own", idea.id, request, ipAddress);
    const submission = parseWithZod(formData, { schema: EditCommentSchema });
    if (submission.status !== "success") return refuse({ intent, commentId, result: submission.reply() });
    if (comment.hiddenAt || !editComment(idea, comment.id, submission.value.body, actor)) {
      return refuse({ intent, commentId, formErrors: ["ideaComments.hiddenLocked"] });
    }
    return redirect(at("commentSaved", `comment-${comment.id}`));
  }

  if (intent === "hide-comment" || intent === "unhide-comment") {
    if (!can.moderate) refuseIdeaWrite(user, "moderate:idea:city", idea.id, request, ipAddress);
    const commentId = parseId(formData.get("commentId"));
    if (intent === "hide-comment") {
      const submission = parseWithZod(formData, { schema: HideCommentSchema });
      if (submission.status !== "success") return refuse({ intent, commentId, result: submission.reply() });
      if (!hideComment(idea, submission.value.commentId, submission.value.reason, actor)) {
        return refuse({ intent, commentId, formErrors: ["ideaComments.notFound"] });
      }
      return redirect(at("commentHidden", `comment-${submission.value.commentId}`));
    }
    if (commentId == null || !unhideComment(idea, commentId, actor)) return refuse({ intent, commentId, formErrors: ["ideaComments.notFound"] });
    return redirect(at("commentShown", `comment-${commentId}`));
  }

  if (intent === "move") {
    if (!can.moderate) refuseIdeaWrite(user, "moderate:idea:city", idea.id, request, ipAddress);
    const allowed = allowedMoves(idea.stage, stageCameFrom(listStageChanges(idea.id), idea.stage));
    const schema = moveSchema({ allowed, isCityMeeting: (meetingId) => isDecisionMeeting(idea.cityId, meetingId) });
    const submission = parseWithZod(formData, { schema });
    if (submission.status !== "success") return refuse({ intent, result: submission.reply() });
    const changeId = moveIdea(idea, idea.stage, submission.value, actor);
    if (changeId == null) return refuse({ intent, result: submission.reply({ formErrors: ["ideaPipeline.stageChanged"] }) });
    // After the commit: the mail waits on the network, and a failed send never undoes the move.
    await notifyAuthorOfMove(changeId, appOrigin(request));
    return redirect(`${base}?moved=1#history`);
  }

  if (intent === "share") {
    if (!can.moderate) refuseIdeaWrite(user, "moderate:idea:city", idea.id, request, ipAddress);
    const shared = formData.get("shared");
    if (shared !== "1" && shared !== "0") return refuse({ intent, formErrors: ["validation.invalid"] });
    setShared(idea, shared === "1", actor);
    return redirect(`${base}?${shared === "1" ? "shared" : "unshared"}=1#share`);
  }

  return refuse({ intent, formErrors: ["validation.invalid"] });
}

const FLASHES = ["supported", "unsupported", "commented", "commentSaved", "commentHidden", "commentShown", "moved", "shared", "unshared"] as const;

export default function IdeaPage() {
  const { idea, can, supported, comments, history, discussedAt, moves, meetings, editCommentId, hideCommentId, pilotHref } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>() as CommentReply | undefined;
  const [params] = useSearchParams();
  const { t, i18n } = useTranslation();
  const tr = (key: string) => t(key);
  const lang = i18n.language;
  const day = (d: string | Date, tz: string) => dateFormat(lang, { dateStyle: "medium", timeZone: tz }).format(new Date(d));
  const flash = FLASHES.find((k) => params.get(k));
  const pageErrors = actionData?.formErrors && (actionData.intent === "share" || actionData.intent === "support" || actionData.intent === "") ? actionData.formErrors : null;

  return (
    <article className="mx-auto max-w-4xl space-y-6">
      <p className="text-sm">
        <Link to="/ideas" className="text-brand-700 underline">{t("ideaPage.back")}</Link>
      </p>
      {flash ? <p role="status" className="rounded bg-green-50 px-3 py-2 text-green-900">{t(`ideaPage.flash.${flash}`)}</p> : null}
      {pageErrors ? (
        <div role="alert" className="rounded border border-red-300 bg-red-50 px-3 py-2 text-sm text-red-800">
          {pageErrors.map((e) => <p key={e}>{t(e)}</p>)}
        </div>
      ) : null}

      <header>
        <p className="text-sm font-medium text-slate-700">
          {t(`ideaThemes.${idea.theme}`)}
          {idea.sharedWithNetwork ? ` · ${t("ideaPage.shared")}` : null}
        </p>
        <h1 className="text-2xl font-bold break-words">{idea.title}</h1>
        {idea.access === "shared" ? (
          <p className="mt-2 rounded border border-slate-300 bg-slate-100 px-3 py-2 text-slate-800">{t("ideaPage.sharedReadOnly", { city: idea.cityName })}</p>
        ) : null}
        <dl className="mt-3 grid grid-cols-1 gap-x-6 gap-y-2 sm:grid-cols-2">
          <div>
            <dt className="text-sm text-slate-600">{t("ideaPage.stage")}</dt>
            <dd className="font-medium" data-testid="idea-stage">{t(`ideaStages.${idea.stage}`)}</dd>
          </div>
          <div>
            <dt className="text-sm text-slate-600">{t("ideaPage.kind")}</dt>
            <dd className="font-medium">{t(`ideaKinds.${idea.kind}`)}</dd>
          </div>
          <div>
            <dt className="text-sm text-slate-600">{t("ideaPage.theme")}</dt>
            <dd className="font-medium">{t(`ideaThemes.${idea.theme}`)}</dd>
          </div>
          <div>
            <dt className="text-sm text-slate-600">{t("ideaPage.targetGroup")}</dt>
            <dd className="font-medium break-words">{idea.targetGroup || t("ideaPage.noTargetGroup")}</dd>
          </div>
          {idea.authorName != null ? (
            <div>
              <dt className="text-sm text-slate-600">{t("ideaPage.author")}</dt>
              <dd className="font-medium">{displayMemberName({ name: idea.authorName }, tr)}</dd>
            </div>
          ) : (
            <div>
              <dt className="text-sm text-slate-600">{t("ideaPage.city")}</dt>
              <dd className="font-medium">{idea.cityName}</dd>
            </div>
          )}
          <div>
            <dt className="text-sm text-slate-600">{t("ideaPage.created")}</dt>
            <dd className="font-medium">
              <time dateTime={new Date(idea.createdAt).toISOString()}>{day(idea.createdAt, idea.timeZone)}</time>
            </dd>
          </div>
        </dl>
        {can.edit ? (
          <div className="mt-4 flex flex-wrap items-center gap-3">
            <Link to={`/ideas/${idea.id}/edit`} className="rounded bg-brand-700 px-3 py-2 text-sm font-medium text-white hover:bg-brand-800">
              {t("ideaPage.edit")}
            </Link>
            <span className="text-sm text-slate-700">{t("ideaPage.editHint")}</span>
          </div>
        ) : null}
      </header>

      <section aria-labelledby="description-heading" className="rounded-lg border border-slate-200 bg-white p-4">
        <h2 id="description-heading" className="text-lg font-semibold">{t("ideaPage.description")}</h2>
        <div className="mt-2">
          <Markdown html={idea.descriptionHtml} />
        </div>
      </section>

      {pilotHref ? (
        <p className="rounded-lg border border-slate-200 bg-white p-4">
          <Link to={pilotHref} className="font-medium text-brand-700 underline">{t("pilot.linkFromIdea")}</Link>{" "}
          <span className="text-sm text-slate-700">{t("pilot.linkHint")}</span>
        </p>
      ) : null}

      <IdeaSupport ideaId={idea.id} count={idea.supportCount} supported={supported} canSupport={can.support} />

      {discussedAt ? (
        <section id="discussions" aria-labelledby="discussions-heading" className="rounded-lg border border-slate-200 bg-white p-4">
          <h2 id="discussions-heading" className="text-lg font-semibold">{t("ideaPage.discussions")}</h2>
          {discussedAt.length === 0 ? (
            <p className="mt-2 text-slate-700">{t("ideaPage.noDiscussions")}</p>
          ) : (
            <ul className="mt-3 space-y-3" data-testid="discussed-at">
              {discussedAt.map((d) => (
                <li key={d.meetingId}>
                  <Link to={`/meetings/${d.meetingId}`} className="font-medium text-brand-700 underline">
                    {t(`meetingKinds.${d.kind}`)} {d.number}: {d.title}
                  </Link>{" "}
                  <span className="text-sm text-slate-700">
                    (<time dateTime={new Date(d.startsAt).toISOString()}>{day(d.startsAt, d.timeZone)}</time>
                    {d.cancelled ? `, ${t("ideaPage.cancelled")}` : ""})
                  </span>
                  {d.items.map((item) => (
                    <p key={item.id} className="text-sm text-slate-800">
                      {t("ideaPage.agendaItem", { title: item.title })} · {t(`agendaKinds.${item.kind}`)}
                    </p>
                  ))}
                  {d.moves.map((m) => (
                    <p key={m.id} className="text-sm text-slate-800">
                      {m.fromStage
                        ? t("ideaPage.decidedMove", { from: t(`ideaStages.${m.fromStage}`), to: t(`ideaStages.${m.toStage}`) })
                        : t("ideaPage.decidedStage", { to: t(`ideaStages.${m.toStage}`) })}
                    </p>
                  ))}
                </li>
              ))}
            </ul>
          )}
        </section>
      ) : null}

      <IdeaStageHistory history={history} timeZone={idea.timeZone} />

      {moves && meetings ? (
        <IdeaMoveForm
          key={history.length}
          ideaId={idea.id}
          moves={moves}
          meetings={meetings}
          lastResult={actionData?.intent === "move" ? (actionData.result ?? null) : null}
        />
      ) : moves ? (
        <IdeaMoveOpener ideaId={idea.id} canMove={moves.length > 0} />
      ) : null}
      {can.moderate ? <IdeaShareToggle ideaId={idea.id} shared={idea.sharedWithNetwork} /> : null}

      {comments ? (
        <IdeaCommentList
          ideaId={idea.id}
          comments={comments.items}
          total={comments.total}
          page={comments.page}
          pages={comments.pages}
          timeZone={idea.timeZone}
          canComment={can.comment}
          canModerate={can.moderate}
          editCommentId={editCommentId}
          hideCommentId={hideCommentId}
          reply={actionData ?? null}
        />
      ) : null}
    </article>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
