import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { useTranslation } from "~/i18n/use-translation";
import { requireWritableMeeting } from "~/auth/meeting-access.server";
import { FormError } from "~/components/forms";
import { noticePreview, sendMeetingNotice } from "~/models/meeting-notices.server";
import { appOrigin, smtpConfigured } from "~/utils/mail.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.meeting.title ?? ""} · ULG Workshop` }];

/** Confirmation page: what kind of notice goes out, to how many, and what stops it. */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { meeting } = await requireWritableMeeting(request, params, context);
  const preview = noticePreview(meeting.id)!;
  return {
    meeting: { id: meeting.id, kind: meeting.kind, number: meeting.number, title: meeting.title, timeZone: meeting.timeZone },
    ...preview,
    noticeSentAt: preview.noticeSentAt?.toISOString() ?? null,
    outboxOnly: !smtpConfigured(),
  };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { user, meeting, ipAddress } = await requireWritableMeeting(request, params, context);
  const form = await request.formData();
  if (form.get("intent") !== "send") return data({ formErrors: ["validation.invalid"] }, { status: 400 });
  // Sending waits on the mail server, so it runs outside any transaction (inside the model).
  const result = await sendMeetingNotice(meeting.id, { id: user.id, ipAddress }, appOrigin(request));
  if (result.problem !== null) return data({ formErrors: [result.problem] }, { status: 400 });
  const done = new URLSearchParams({ sent: String(result.recipients), outbox: String(result.outbox), failed: String(result.failed) });
  return redirect(`/meetings/${meeting.id}/notify?${done}`);
}

export default function NotifyMeeting() {
  const { meeting, kind, recipientCount, withoutEmail, noticeSentAt, problem, outboxOnly } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [params] = useSearchParams();
  const navigation = useNavigation();
  const { t, i18n } = useTranslation();
  const count = (name: string) => Number(params.get(name) ?? 0);
  const sent = params.has("sent") ? { sent: count("sent"), outbox: count("outbox"), failed: count("failed") } : null;
  const sentOn = noticeSentAt
    ? new Intl.DateTimeFormat(i18n.language, { dateStyle: "medium", timeStyle: "short", timeZone: meeting.timeZone }).format(new Date(noticeSentAt))
    : "";
  return (
    <div className="mx-auto max-w-xl">
      <p className="text-sm">
        <Link to={`/meetings/${meeting.id}`} className="text-brand-700 underline">{t("notices.back")}</Link>
      </p>
      <h1 className="mt-2 text-2xl font-bold">{t("notices.title")}</h1>
      <p className="mt-1 text-slate-700">
        {t(`meetingKinds.${meeting.kind}`)} {meeting.number}: {meeting.title}
      </p>
      {sent ? (
        <div role="status" className="mt-4 space-y-1 rounded bg-green-50 px-3 py-2 text-green-900">
          <p>{t("notices.sent", { count: sent.sent })}</p>
          {sent.outbox > 0 ? <p>{t("notices.sentOutbox", { count: sent.outbox })}</p> : null}
          {sent.failed > 0 ? <p className="font-semibold text-red-800">{t("notices.sentFailed", { count: sent.failed })}</p> : null}
        </div>
      ) : null}
      {problem ? (
        <p role="status" className="mt-4 rounded border border-amber-500 bg-amber-50 px-3 py-2 text-amber-900">{t(problem)}</p>
      ) : (
        <Form method="post" className="mt-6 space-y-4 rounded-lg border border-slate-200 bg-white p-6">
          <FormError errors={actionData?.formErrors} />
          <input type="hidden" name="intent" value="send" />
          <p>{t(`notices.kind.${kind}`, { date: sentOn })}</p>
          <p>{t("notices.recipients", { count: recipientCount })}</p>
          {withoutEmail > 0 ? <p className="text-amber-900">{t("notices.withoutEmail", { count: withoutEmail })}</p> : null}
          {outboxOnly ? <p className="text-sm text-slate-700">{t("notices.outbox")}</p> : null}
          {kind !== "cancelled" ? <p className="text-sm text-slate-700">{t("notices.reminder")}</p> : null}
          <button
            type="submit"
            disabled={navigation.state === "submitting"}
            className="rounded bg-brand-700 px-4 py-2 font-medium text-white hover:bg-brand-800 disabled:opacity-60"
          >
            {t("notices.send")}
          </button>
        </Form>
      )}
    </div>
  );
}
