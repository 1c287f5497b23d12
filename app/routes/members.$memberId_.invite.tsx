import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "~/i18n/use-translation";
import { notFound, requireScope } from "~/auth/auth.server";
import { FormError, SubmitButton } from "~/components/forms";
import { getInviteTarget, inviteProblem, prepareMemberInvitation, sendInvitation } from "~/models/invitations.server";
import { appOrigin } from "~/utils/mail.server";
import { clientAddress } from "~/utils/request.server";

// The file name ends the `$memberId_` segment so this page is not nested inside the member page.

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.member.name ?? ""} · ULG Workshop` }];

function memberId(params: { memberId?: string }) {
  const id = Number(params.memberId);
  if (!Number.isSafeInteger(id) || id < 1) throw notFound();
  return id;
}

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { scope } = await requireScope(request, "invite:member", clientAddress(context));
  const target = getInviteTarget(scope, memberId(params));
  // Another city's member is indistinguishable from one that does not exist.
  if (!target) throw notFound();
  const problem = inviteProblem(target);
  return {
    member: { id: target.id, name: target.name, email: target.email, cityName: target.cityName },
    language: target.language,
    problem,
    resend: !problem && target.account != null,
  };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const ipAddress = clientAddress(context);
  const { user, scope } = await requireScope(request, "invite:member", ipAddress);
  const id = memberId(params);
  const result = prepareMemberInvitation(scope, id, { id: user.id, name: user.name, ipAddress });
  if (result.status === "not_found") throw notFound();
  if (result.status === "problem") return data({ formErrors: [result.problem] }, { status: 400 });
  // Sending waits on the network, so it happens after the transaction; a failure stays in the outbox.
  await sendInvitation(result.invitation, result.token, user.name, appOrigin(request));
  return redirect(`/members/${id}?invited=1`);
}

export default function InviteMember() {
  const { member, language, problem, resend } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t } = useTranslation();
  const values = { name: member.name, city: member.cityName };
  return (
    <div className="mx-auto max-w-xl">
      <p className="text-sm">
        <Link to={`/members/${member.id}`} className="text-brand-700 underline">{t("invitation.cancel")}</Link>
      </p>
      <h1 className="mt-2 text-2xl font-bold">{t("invitation.title", values)}</h1>
      {problem ? (
        <p role="status" className="mt-4 rounded border border-amber-500 bg-amber-50 px-3 py-2 text-amber-900">
          {t(problem, values)}
        </p>
      ) : (
        <Form method="post" className="mt-6 space-y-4 rounded-lg border border-slate-200 bg-white p-6">
          <FormError errors={actionData?.formErrors} />
          <p>{t("invitation.intro", values)}</p>
          <dl>
            <dt className="text-sm text-slate-600">{t("invitation.sendTo")}</dt>
            <dd className="font-medium">{member.email}</dd>
          </dl>
          {resend ? <p className="text-slate-700">{t("invitation.resend", values)}</p> : null}
          <ul className="list-disc space-y-1 pl-5 text-sm text-slate-700">
            {resend ? null : <li>{t("invitation.steps.account")}</li>}
            <li>{t("invitation.steps.link")}</li>
            <li>{t("invitation.steps.language", { language: t(`invitation.language.${language}`) })}</li>
          </ul>
          <SubmitButton>{t("invitation.submit")}</SubmitButton>
        </Form>
      )}
    </div>
  );
}
