import type { SubmissionResult } from "@conform-to/react";
import { Form, Link } from "@remix-run/react";
import { useTranslation } from "~/i18n/use-translation";
import type { IdeaStage } from "#db/enums";
import { checkMove } from "~/utils/idea-page-checks";
import type { MoveOption } from "~/utils/idea-page-validation";
import { displayMemberName } from "~/utils/member-display";
import { controlProps, useCheckedForm } from "./checked-form";
import { ErrorList, FormError, SubmitButton } from "./forms";
import { dateFormat } from "~/utils/intl-cache";

export type HistoryEntry = {
  id: number;
  fromStage: IdeaStage | null;
  toStage: IdeaStage;
  reason: string | null;
  at: string | Date;
  /** null for readers of a shared idea, who see no names. */
  byName: string | null;
  meeting: { id: number; kind: string; number: number; title: string; startsAt: string | Date; timeZone: string } | null;
};

export type MeetingOption = { id: number; kind: string; number: number; title: string; startsAt: string | Date; timeZone: string };

const control = "mt-1 block w-full rounded border border-slate-400 bg-white px-3 py-2 aria-[invalid]:border-red-600";

/** Who moved the idea, when, from where to where, why, and at which meeting. */
export function IdeaStageHistory({ history, timeZone }: { history: HistoryEntry[]; timeZone: string }) {
  const { t, i18n } = useTranslation();
  const tr = (key: string) => t(key);
  const lang = i18n.language;
  const stamp = dateFormat(lang, { dateStyle: "medium", timeStyle: "short", timeZone });
  const day = (d: string | Date, tz: string) => dateFormat(lang, { dateStyle: "medium", timeZone: tz }).format(new Date(d));
  return (
    <section id="history" aria-labelledby="history-heading" className="rounded-lg border border-slate-200 bg-white p-4">
      <h2 id="history-heading" className="text-lg font-semibold">{t("ideaPipeline.title")}</h2>
      {history.length === 0 ? (
        <p className="mt-2 text-slate-700">{t("ideaPipeline.none")}</p>
      ) : (
        <ol className="mt-3 space-y-3">
          {history.map((h) => (
            <li key={h.id} className="border-l-4 border-brand-700 pl-3">
              <p className="font-medium">
                {t("ideaPipeline.fromTo", { from: h.fromStage ? t(`ideaStages.${h.fromStage}`) : "—", to: t(`ideaStages.${h.toStage}`) })}
              </p>
              <p className="text-sm text-slate-700">
                <time dateTime={new Date(h.at).toISOString()}>{stamp.format(new Date(h.at))}</time>
                {h.byName != null ? ` · ${t("ideaPipeline.by", { name: displayMemberName({ name: h.byName }, tr) })}` : null}
              </p>
              {h.reason ? (
                <p className="mt-1 whitespace-pre-wrap break-words">
                  <span className="sr-only">{t("ideaPipeline.why")}: </span>
                  {h.reason}
                </p>
              ) : null}
              {h.meeting ? (
                <p className="mt-1 text-sm">
                  {t("ideaPipeline.meeting")}:{" "}
                  <Link to={`/meetings/${h.meeting.id}`} className="text-brand-700 underline">
                    {t(`meetingKinds.${h.meeting.kind}`)} {h.meeting.number}: {h.meeting.title} ({day(h.meeting.startsAt, h.meeting.timeZone)})
                  </Link>
                </p>
              ) : null}
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}

/** The coordinator's move form: the open moves only, a required reason and the deciding meeting. */
export function IdeaMoveForm({
  ideaId,
  moves,
  meetings,
  lastResult,
}: {
  ideaId: number;
  moves: MoveOption[];
  meetings: MeetingOption[];
  lastResult: SubmissionResult<string[]> | null;
}) {
  const { t, i18n } = useTranslation();
  const { form, field } = useCheckedForm({ id: "move-idea", lastResult, check: checkMove });
  const fields = { toStage: field("toStage"), reason: field("reason"), meetingId: field("meetingId") };
  const errorId = (f: { id: string; errors?: string[] }) => (f.errors?.length ? `${f.id}-error` : undefined);
  // The deciding-meeting list can be long: one formatter per zone and one translation per kind.
  const dayFormats = new Map<string, Intl.DateTimeFormat>();
  const day = (d: string | Date, tz: string) => {
    let format = dayFormats.get(tz);
    if (!format) dayFormats.set(tz, (format = dateFormat(i18n.language, { dateStyle: "medium", timeZone: tz })));
    return format.format(new Date(d));
  };
  const kindNames = new Map<string, string>();
  const kindName = (kind: string) => {
    let name = kindNames.get(kind);
    if (name === undefined) kindNames.set(kind, (name = t(`meetingKinds.${kind}`)));
    return name;
  };
  const label = (m: MoveOption) => {
    const stage = t(`ideaStages.${m.stage}`);
    return m.how === "plain" ? stage : t(`ideaPipeline.${m.how}`, { stage });
  };
  const reasonHint = `${fields.reason.id}-hint`;
  return (
    <section id="move" aria-labelledby="move-heading" className="rounded-lg border border-slate-200 bg-white p-4">
      <h2 id="move-heading" className="text-lg font-semibold">{t("ideaPipeline.moveTitle")}</h2>
      <p className="mt-1 text-sm text-slate-700">{t("ideaPipeline.moveIntro")}</p>
      {moves.length === 0 ? (
        <p className="mt-2">{t("ideaPipeline.noMoves")}</p>
      ) : (
        <Form method="post" action={`/ideas/${ideaId}?move=1`} {...form.props} className="mt-3 space-y-4">
          <FormError errors={form.errors} />
          <input type="hidden" name="intent" value="move" />
          <div>
            <label htmlFor={fields.toStage.id} className="block text-sm font-medium text-slate-800">{t("ideaPipeline.toStage")}</label>
            <select
              {...controlProps(fields.toStage)}
              aria-describedby={errorId(fields.toStage)}
              className={control}
            >
              <option value="">{t("ideaPipeline.chooseStage")}</option>
              {moves.map((m) => (
                <option key={m.stage} value={m.stage}>{label(m)}</option>
              ))}
            </select>
            <ErrorList id={errorId(fields.toStage)} errors={fields.toStage.errors} />
          </div>
          <div>
            <label htmlFor={fields.reason.id} className="block text-sm font-medium text-slate-800">{t("ideaPipeline.reason")}</label>
            <p id={reasonHint} className="text-xs text-slate-600">{t("ideaPipeline.reasonHint")}</p>
            <textarea
              {...controlProps(fields.reason)}
              rows={3}
              aria-describedby={[errorId(fields.reason), reasonHint].filter(Boolean).join(" ")}
              className={control}
            />
            <ErrorList id={errorId(fields.reason)} errors={fields.reason.errors} />
          </div>
          <div>
            <label htmlFor={fields.meetingId.id} className="block text-sm font-medium text-slate-800">{t("ideaPipeline.decidingMeeting")}</label>
            <select
              {...controlProps(fields.meetingId)}
              aria-describedby={errorId(fields.meetingId)}
              className={control}
            >
              <option value="">{t("ideaPipeline.noMeeting")}</option>
              {meetings.map((m) => (
                <option key={m.id} value={m.id}>
                  {day(m.startsAt, m.timeZone)} · {kindName(m.kind)} {m.number}: {m.title}
                </option>
              ))}
            </select>
            <ErrorList id={errorId(fields.meetingId)} errors={fields.meetingId.errors} />
          </div>
          <div className="flex flex-wrap items-center gap-3">
            <SubmitButton>{t("ideaPipeline.submit")}</SubmitButton>
            <Link to={`/ideas/${ideaId}#move`} className="text-brand-700 underline">{t("ideaPipeline.cancel")}</Link>
          </div>
        </Form>
      )}
    </section>
  );
}

/** Where the move form goes until a coordinator opens it: the same heading, and a link to open it. */
export function IdeaMoveOpener({ ideaId, canMove }: { ideaId: number; canMove: boolean }) {
  const { t } = useTranslation();
  return (
    <section id="move" aria-labelledby="move-heading" className="rounded-lg border border-slate-200 bg-white p-4">
      <h2 id="move-heading" className="text-lg font-semibold">{t("ideaPipeline.moveTitle")}</h2>
      <p className="mt-1 text-sm text-slate-700">{t("ideaPipeline.moveIntro")}</p>
      {canMove ? (
        <p className="mt-3">
          <Link to={`/ideas/${ideaId}?move=1#move`} className="font-semibold text-brand-700 underline">{t("ideaPipeline.moveOpen")}</Link>
        </p>
      ) : (
        <p className="mt-2">{t("ideaPipeline.noMoves")}</p>
      )}
    </section>
  );
}

/** The coordinator's switch for sharing the idea (read-only) with the partner cities. */
export function IdeaShareToggle({ ideaId, shared }: { ideaId: number; shared: boolean }) {
  const { t } = useTranslation();
  return (
    <section id="share" aria-labelledby="share-heading" className="rounded-lg border border-slate-200 bg-white p-4">
      <h2 id="share-heading" className="text-lg font-semibold">{t("ideaPipeline.shareTitle")}</h2>
      <p className="mt-1 text-slate-800">{shared ? t("ideaPipeline.sharedNow") : t("ideaPipeline.notSharedNow")}</p>
      <Form method="post" action={`/ideas/${ideaId}`} className="mt-3">
        <input type="hidden" name="intent" value="share" />
        <input type="hidden" name="shared" value={shared ? "0" : "1"} />
        <button type="submit" className="rounded border border-slate-400 px-4 py-2 font-medium hover:bg-slate-100">
          {shared ? t("ideaPipeline.unshare") : t("ideaPipeline.share")}
        </button>
      </Form>
    </section>
  );
}
