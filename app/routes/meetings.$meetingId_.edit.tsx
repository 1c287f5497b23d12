import { getFormProps, getTextareaProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "~/i18n/use-translation";
import { requireWritableMeeting } from "~/auth/meeting-access.server";
import { ErrorList, FormError, SubmitButton, withoutKey } from "~/components/forms";
import { MeetingForm } from "~/components/meeting-form";
import { listCityOptions } from "~/models/cities.server";
import { parseMeetingForm } from "~/models/meeting-form.server";
import { cancelMeeting, meetingState, updateMeeting } from "~/models/meetings.server";
import { CancelSchema } from "~/utils/meeting-validation";
import { utcToZonedParts } from "~/utils/zoned-time";

export const meta: MetaFunction = () => [{ title: "Edit meeting · ULG Workshop" }];

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { meeting } = await requireWritableMeeting(request, params, context);
  const start = utcToZonedParts(meeting.startsAt, meeting.timeZone);
  const end = utcToZonedParts(meeting.endsAt, meeting.timeZone);
  return {
    meeting: { id: meeting.id, kind: meeting.kind, number: meeting.number, title: meeting.title, cancelledAt: meeting.cancelledAt, timeZone: meeting.timeZone },
    held: meetingState(meeting) === "held",
    defaults: {
      kind: meeting.kind,
      title: meeting.title,
      purpose: meeting.purpose,
      date: start.date,
      startTime: start.time,
      endTime: end.time,
      place: meeting.place,
      onlineUrl: meeting.onlineUrl,
      hostCityId: meeting.hostCityId ? String(meeting.hostCityId) : null,
    },
    hostCities: meeting.cityId == null ? listCityOptions().map((c) => ({ id: c.id, name: c.name })) : null,
  };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { user, meeting, ipAddress } = await requireWritableMeeting(request, params, context);
  const formData = await request.formData();
  const actor = { id: user.id, ipAddress };
  if (formData.get("intent") === "cancel") {
    const submission = parseWithZod(formData, { schema: CancelSchema });
    if (submission.status !== "success") return data({ form: "cancel" as const, result: submission.reply() }, { status: 400 });
    if (meeting.cancelledAt) {
      return data({ form: "cancel" as const, result: submission.reply({ formErrors: ["meetingForm.alreadyCancelled"] }) }, { status: 400 });
    }
    cancelMeeting(meeting.id, submission.value.reason, actor, meeting.cityId);
    return redirect(`/meetings/${meeting.id}?cancelled=1`);
  }
  // The kind (and its number) stays what it was; a transnational meeting keeps its host city's zone.
  formData.set("kind", meeting.kind);
  const { submission, values } = parseMeetingForm(formData, meeting.timeZone);
  if (!values) return data({ form: "meeting" as const, result: submission.reply() }, { status: 400 });
  if (meeting.cancelledAt) {
    return data({ form: "meeting" as const, result: submission.reply({ formErrors: ["meetingForm.alreadyCancelled"] }) }, { status: 400 });
  }
  const timeChanged = values.startsAt.getTime() !== meeting.startsAt.getTime() || values.endsAt.getTime() !== meeting.endsAt.getTime();
  if (timeChanged && meetingState(meeting) === "held" && !submission.value.confirmTimeChange) {
    return data(
      { form: "meeting" as const, result: submission.reply({ fieldErrors: { confirmTimeChange: ["meetingForm.confirmTimeChangeRequired"] } }) },
      { status: 400 },
    );
  }
  const hostCityId = meeting.cityId == null ? values.hostCityId ?? meeting.hostCityId : null;
  const { kind: _kind, ...rest } = values;
  updateMeeting(meeting.id, { ...rest, hostCityId }, actor, meeting.cityId);
  return redirect(`/meetings/${meeting.id}?saved=1`);
}

export default function EditMeeting() {
  const { meeting, held, defaults, hostCities } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t } = useTranslation();
  return (
    <div className="mx-auto max-w-3xl">
      <p className="text-sm">
        <Link to={`/meetings/${meeting.id}`} className="text-brand-700 underline">
          {t(`meetingKinds.${meeting.kind}`)} {meeting.number}: {meeting.title}
        </Link>
      </p>
      <h1 className="mt-2 text-2xl font-bold">{t("meetingForm.editTitle")}</h1>
      <MeetingForm
        lastResult={actionData?.form === "meeting" ? actionData.result : undefined}
        defaultValue={defaults}
        kinds={[meeting.kind]}
        kindLocked
        hostCities={hostCities}
        askTimeConfirmation={held}
        timeZone={meeting.timeZone}
        submitLabel={t("meetingForm.save")}
      />
      {meeting.cancelledAt ? null : <CancelForm lastResult={actionData?.form === "cancel" ? actionData.result : undefined} />}
    </div>
  );
}

function CancelForm({ lastResult }: { lastResult?: Parameters<typeof useForm>[0]["lastResult"] }) {
  const { t } = useTranslation();
  const [form, fields] = useForm({
    id: "cancel-meeting",
    lastResult: lastResult as never,
    onValidate: ({ formData }) => parseWithZod(formData, { schema: CancelSchema }),
  });
  return (
    <section aria-labelledby="cancel-heading" className="mt-8 rounded-lg border border-slate-200 bg-white p-6">
      <h2 id="cancel-heading" className="text-lg font-semibold">{t("meetingForm.cancelTitle")}</h2>
      <p className="mt-1 text-sm text-slate-700">{t("meetingForm.cancelHelp")}</p>
      <Form method="post" {...getFormProps(form)} className="mt-3 space-y-3">
        <FormError errors={form.errors} />
        <input type="hidden" name="intent" value="cancel" />
        <label htmlFor={fields.reason.id} className="block text-sm font-medium">{t("meetingForm.cancelReason")}</label>
        <textarea
          {...withoutKey(getTextareaProps(fields.reason))}
          rows={2}
          aria-describedby={fields.reason.errors ? `${fields.reason.id}-error` : undefined}
          className="block w-full rounded border border-slate-400 px-3 py-2"
        />
        <ErrorList id={`${fields.reason.id}-error`} errors={fields.reason.errors} />
        <SubmitButton className="bg-red-700 hover:bg-red-800">{t("meetingForm.cancel")}</SubmitButton>
      </Form>
    </section>
  );
}
