import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useActionData } from "@remix-run/react";
import { useTranslation } from "~/i18n/use-translation";
import { notFound, requireScope } from "~/auth/auth.server";
import { FormError } from "~/components/forms";
import { prepareAccountInvitation, sendInvitation } from "~/models/invitations.server";
import { appOrigin } from "~/utils/mail.server";
import { clientAddress } from "~/utils/request.server";

// POST only: resends the invitation of an account that has not chosen a password yet. The file
// name ends `users_` so the address is /admin/users/:userId/invite without nesting in the accounts page.

export const meta: MetaFunction = () => [{ title: "Accounts · ULG Workshop" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requireScope(request, "manage:user", clientAddress(context));
  throw redirect("/admin/users");
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const ipAddress = clientAddress(context);
  const { user, scope } = await requireScope(request, "manage:user", ipAddress);
  const id = Number(params.userId);
  if (!Number.isSafeInteger(id) || id < 1) throw notFound();
  const result = prepareAccountInvitation(scope, id, { id: user.id, name: user.name, ipAddress });
  if (result.status === "not_found") throw notFound();
  if (result.status === "problem") return data({ formErrors: [result.problem] }, { status: 400 });
  await sendInvitation(result.invitation, result.token, user.name, appOrigin(request));
  return redirect(`/admin/users?invited=${id}`);
}

/** Shown only when the resend was refused (the accounts page was out of date). */
export default function ResendInvitation() {
  const actionData = useActionData<typeof action>();
  const { t } = useTranslation();
  return (
    <div className="mx-auto max-w-xl">
      <h1 className="text-2xl font-bold">{t("invitation.resendButton")}</h1>
      <div className="mt-4">
        <FormError errors={actionData?.formErrors} />
      </div>
      <p className="mt-6">
        <Link to="/admin/users" className="font-medium text-brand-700 underline">{t("invitation.back")}</Link>
      </p>
    </div>
  );
}
