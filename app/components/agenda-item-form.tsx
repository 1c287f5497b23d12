import { getFormProps, getInputProps, getSelectProps, getTextareaProps, useForm, type SubmissionResult } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod/v4";
import { Form, Link } from "@remix-run/react";
import { useTranslation } from "~/i18n/use-translation";
import { AGENDA_ITEM_KINDS, type IdeaStage } from "#db/enums";
import {
  AGENDA_DESCRIPTION_MAX,
  AGENDA_MAX_MINUTES,
  AGENDA_MIN_MINUTES,
  AGENDA_PRESENTER_MAX,
  AGENDA_TITLE_MAX,
  AgendaItemFields,
  agendaItemSchema,
} from "~/utils/agenda-validation";
import { ErrorList, Field, FormError, SubmitButton, withoutKey } from "./forms";

export type AgendaItemDefaults = Partial<Record<"title" | "description" | "durationMinutes" | "kind" | "presenterMemberId" | "presenterText" | "ideaId", string>>;

export type IdeaOption = { id: number; title: string; stage: IdeaStage };

const cityRules = agendaItemSchema();
const networkRules = agendaItemSchema({ rosterless: true });
// getZodConstraint reads plain objects only (not refinements or transforms).
const constraint = getZodConstraint(AgendaItemFields);

/**
 * Adds or edits one agenda item. Network meetings have no roster, so only a typed presenter is offered.
 * Posts to the agenda page (intent "add" or "edit"); works as a plain form without JavaScript.
 */
export function AgendaItemForm({
  formId,
  action,
  itemId,
  defaultValue,
  presenters,
  ideas,
  lastResult,
  submitLabel,
  cancelHref,
}: {
  formId: string;
  action: string;
  itemId?: number;
  defaultValue?: AgendaItemDefaults;
  /** Active roster of the meeting's city; null for network meetings. */
  presenters: { id: number; name: string }[] | null;
  /** The city's open ideas for "idea discussed"; null for network meetings (no city ideas). */
  ideas: IdeaOption[] | null;
  lastResult?: SubmissionResult<string[]> | null;
  submitLabel: string;
  cancelHref?: string;
}) {
  const { t } = useTranslation();
  const schema = presenters ? cityRules : networkRules;
  const [form, fields] = useForm({
    id: formId,
    lastResult,
    defaultValue,
    constraint,
    // Errors clear while typing: revalidating on blur would move the submit button under the pointer.
    shouldRevalidate: "onInput",
    onValidate: ({ formData }) => parseWithZod(formData, { schema }),
  });
  const control = "mt-1 block w-full rounded border border-slate-400 bg-white px-3 py-2 aria-[invalid]:border-red-600";
  const describedBy = (...ids: (string | false | undefined)[]) => ids.filter(Boolean).join(" ") || undefined;
  const errorId = (field: { id: string; errors?: string[] }) => (field.errors?.length ? `${field.id}-error` : undefined);
  return (
    <Form method="post" action={action} {...getFormProps(form)} className="space-y-4">
      <FormError errors={form.errors} />
      <input type="hidden" name="intent" value={itemId ? "edit" : "add"} />
      {itemId ? <input type="hidden" name="itemId" value={itemId} /> : null}
      <Field label={t("agenda.itemTitle")} inputProps={{ ...getInputProps(fields.title, { type: "text" }), maxLength: AGENDA_TITLE_MAX }} errors={fields.title.errors} />
      <div className="grid grid-cols-1 gap-4 sm:grid-cols-2">
        <Field
          label={t("agenda.duration")}
          hint={t("agenda.durationHint")}
          inputProps={{ ...getInputProps(fields.durationMinutes, { type: "number" }), min: AGENDA_MIN_MINUTES, max: AGENDA_MAX_MINUTES, step: 1, inputMode: "numeric" }}
          errors={fields.durationMinutes.errors}
        />
        <div>
          <label htmlFor={fields.kind.id} className="block text-sm font-medium text-slate-800">{t("agenda.kind")}</label>
          <select
            {...withoutKey(getSelectProps(fields.kind))}
            aria-invalid={errorId(fields.kind) ? true : undefined}
            aria-describedby={errorId(fields.kind)}
            className={control}
          >
            {AGENDA_ITEM_KINDS.map((k) => (
              <option key={k} value={k}>{t(`agendaKinds.${k}`)}</option>
            ))}
          </select>
          <ErrorList id={errorId(fields.kind)} errors={fields.kind.errors} />
        </div>
      </div>
      {presenters ? (
        <div className="grid grid-cols-1 gap-4 sm:grid-cols-2">
          <div>
            <label htmlFor={fields.presenterMemberId.id} className="block text-sm font-medium text-slate-800">{t("agenda.presenterMember")}</label>
            <select
              {...withoutKey(getSelectProps(fields.presenterMemberId))}
              aria-invalid={errorId(fields.presenterMemberId) ? true : undefined}
              aria-describedby={errorId(fields.presenterMemberId)}
              className={control}
            >
              <option value="">{t("agenda.presenterNone")}</option>
              {presenters.map((m) => (
                <option key={m.id} value={m.id}>{m.name}</option>
              ))}
            </select>
            <ErrorList id={errorId(fields.presenterMemberId)} errors={fields.presenterMemberId.errors} />
          </div>
          <Field
            label={t("agenda.presenterText")}
            hint={t("agenda.presenterTextHint")}
            inputProps={{ ...getInputProps(fields.presenterText, { type: "text" }), maxLength: AGENDA_PRESENTER_MAX }}
            errors={fields.presenterText.errors}
          />
        </div>
      ) : (
        <>
          <Field
            label={t("agenda.presenterTextNetwork")}
            hint={t("agenda.presenterTextNetworkHint")}
            inputProps={{ ...getInputProps(fields.presenterText, { type: "text" }), maxLength: AGENDA_PRESENTER_MAX }}
            errors={fields.presenterText.errors}
          />
          {/* A roster id sent to a network meeting is refused; its message shows here. */}
          <ErrorList errors={fields.presenterMemberId.errors} />
        </>
      )}
      {ideas ? (
        <div>
          <label htmlFor={fields.ideaId.id} className="block text-sm font-medium text-slate-800">{t("agenda.idea")}</label>
          <p id={`${fields.ideaId.id}-hint`} className="text-xs text-slate-600">{t("agenda.ideaHint")}</p>
          <select
            {...withoutKey(getSelectProps(fields.ideaId))}
            aria-invalid={errorId(fields.ideaId) ? true : undefined}
            aria-describedby={describedBy(`${fields.ideaId.id}-hint`, errorId(fields.ideaId))}
            className={control}
          >
            <option value="">{t("agenda.ideaNone")}</option>
            {ideas.map((idea) => (
              <option key={idea.id} value={idea.id}>{t("agenda.ideaOption", { title: idea.title, stage: t(`ideaStages.${idea.stage}`) })}</option>
            ))}
          </select>
          <ErrorList id={errorId(fields.ideaId)} errors={fields.ideaId.errors} />
        </div>
      ) : (
        // An idea id sent to a network meeting is refused; its message shows here.
        <ErrorList errors={fields.ideaId.errors} />
      )}
      <div>
        <label htmlFor={fields.description.id} className="block text-sm font-medium text-slate-800">{t("agenda.description")}</label>
        <p id={`${fields.description.id}-hint`} className="text-xs text-slate-600">{t("agenda.descriptionHint")}</p>
        <textarea
          {...withoutKey(getTextareaProps(fields.description))}
          rows={3}
          maxLength={AGENDA_DESCRIPTION_MAX}
          aria-invalid={errorId(fields.description) ? true : undefined}
          aria-describedby={describedBy(`${fields.description.id}-hint`, errorId(fields.description))}
          className={control}
        />
        <ErrorList id={errorId(fields.description)} errors={fields.description.errors} />
      </div>
      <div className="flex flex-wrap items-center gap-3">
        <SubmitButton>{submitLabel}</SubmitButton>
        {cancelHref ? (
          <Link to={cancelHref} className="text-brand-700 underline">{t("agenda.cancelEdit")}</Link>
        ) : null}
      </div>
    </Form>
  );
}
