import { getFormProps, getInputProps, useForm, type SubmissionResult } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "~/i18n/use-translation";
import { notFound, requireScope } from "~/auth/auth.server";
import { endUserSessions } from "~/auth/session.server";
import { Field, FormError, SubmitButton } from "~/components/forms";
import { MemberForm } from "~/components/member-form";
import { endMembership, getMember, memberEmailTaken, rejoinMember, updateMember } from "~/models/members.server";
import { EndMembershipSchema, MemberSchema } from "~/utils/member-validation";
import { clientAddress } from "~/utils/request.server";

export const meta: MetaFunction = () => [{ title: "Edit member · ULG Workshop" }];

function memberId(params: { memberId?: string }) {
  const id = Number(params.memberId);
  if (!Number.isSafeInteger(id) || id < 1) throw notFound();
  return id;
}

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { scope } = await requireScope(request, "write:member", clientAddress(context));
  const member = getMember(scope, memberId(params));
  if (!member) throw notFound();
  // An erased entry has nothing left to edit.
  if (member.erasedAt) throw notFound();
  return { member, today: new Date().toISOString().slice(0, 10) };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const ipAddress = clientAddress(context);
  const { user, scope } = await requireScope(request, "write:member", ipAddress);
  const id = memberId(params);
  const member = getMember(scope, id);
  if (!member || member.erasedAt) throw notFound();
  const formData = await request.formData();
  const intent = formData.get("intent");
  const actor = { id: user.id, ipAddress };

  if (intent === "end") {
    const submission = parseWithZod(formData, { schema: EndMembershipSchema });
    if (submission.status !== "success") return data({ form: "end" as const, result: submission.reply() }, { status: 400 });
    const result = endMembership(scope, id, submission.value.leftOn, actor);
    if (result.status === "not_found") throw notFound();
    if (result.status === "already_left") {
      return data({ form: "end" as const, result: submission.reply({ formErrors: ["membership.alreadyLeft"] }) }, { status: 400 });
    }
    if (result.userId) await endUserSessions(result.userId);
    return redirect(`/members/${id}?ended=1`);
  }
  if (intent === "rejoin") {
    if (!rejoinMember(scope, id, actor)) throw notFound();
    return redirect(`/members/${id}?rejoined=1`);
  }

  const submission = parseWithZod(formData, { schema: MemberSchema });
  if (submission.status !== "success") return data({ form: "member" as const, result: submission.reply() }, { status: 400 });
  if (submission.value.email && memberEmailTaken(member.cityId, submission.value.email, id)) {
    return data({ form: "member" as const, result: submission.reply({ fieldErrors: { email: ["memberForm.emailTaken"] } }) }, { status: 400 });
  }
  if (!updateMember(scope, id, submission.value, actor)) throw notFound();
  return redirect(`/members/${id}?saved=1`);
}

export default function EditMember() {
  const { member, today } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t, i18n } = useTranslation();
  // The same words as the member page ("Left on 31 January 2026"), not the stored YYYY-MM-DD.
  const leftOn = member.leftOn
    ? new Intl.DateTimeFormat(i18n.language, { dateStyle: "long", timeZone: "UTC" }).format(new Date(`${member.leftOn}T00:00:00Z`))
    : null;
  return (
    <div className="mx-auto max-w-3xl">
      <p className="text-sm">
        <Link to={`/members/${member.id}`} className="text-brand-700 underline">{member.name}</Link>
      </p>
      <h1 className="mt-2 text-2xl font-bold">{t("memberForm.editTitle", { name: member.name })}</h1>
      <MemberForm
        lastResult={actionData?.form === "member" ? actionData.result : undefined}
        submitLabel={t("memberForm.save")}
        defaultValue={member}
      />
      <section aria-labelledby="membership" className="mt-8 rounded-lg border border-slate-200 bg-white p-6">
        <h2 id="membership" className="text-lg font-semibold">{t("membership.endTitle")}</h2>
        {leftOn ? (
          <Form method="post" className="mt-3 space-y-3">
            <p>{t("members.leftOn", { date: leftOn })}</p>
            <button type="submit" name="intent" value="rejoin" className="rounded border border-slate-400 px-4 py-2 hover:bg-slate-100">
              {t("membership.rejoin")}
            </button>
          </Form>
        ) : (
          <EndMembershipForm today={today} lastResult={actionData?.form === "end" ? actionData.result : undefined} />
        )}
      </section>
    </div>
  );
}

function EndMembershipForm({ today, lastResult }: { today: string; lastResult?: SubmissionResult<string[]> }) {
  const { t } = useTranslation();
  const [form, fields] = useForm({
    id: "end-membership",
    lastResult,
    defaultValue: { leftOn: today },
    onValidate: ({ formData }) => parseWithZod(formData, { schema: EndMembershipSchema }),
  });
  return (
    <Form method="post" {...getFormProps(form)} className="mt-3 space-y-3">
      <p className="text-sm text-slate-700">{t("membership.endHelp")}</p>
      <FormError errors={form.errors} />
      <input type="hidden" name="intent" value="end" />
      <Field label={t("membership.leftOn")} inputProps={getInputProps(fields.leftOn, { type: "date" })} errors={fields.leftOn.errors} className="max-w-xs" />
      <SubmitButton className="bg-red-700 hover:bg-red-800">{t("membership.end")}</SubmitButton>
    </Form>
  );
}
