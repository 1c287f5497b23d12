import { parseWithZod } from "@conform-to/zod/v4";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useActionData } from "@remix-run/react";
import { useTranslation } from "~/i18n/use-translation";
import { requireCityUser, requirePermission } from "~/auth/auth.server";
import { MemberForm } from "~/components/member-form";
import { createMember, memberEmailTaken } from "~/models/members.server";
import { MemberSchema } from "~/utils/member-validation";
import { clientAddress } from "~/utils/request.server";

export const meta: MetaFunction = () => [{ title: "Add a member · ULG Workshop" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  requireCityUser(await requirePermission(request, "write:member:city", clientAddress(context)));
  return null;
}

export async function action({ request, context }: ActionFunctionArgs) {
  const ipAddress = clientAddress(context);
  const user = requireCityUser(await requirePermission(request, "write:member:city", ipAddress));
  const submission = parseWithZod(await request.formData(), { schema: MemberSchema });
  if (submission.status !== "success") return data(submission.reply(), { status: 400 });
  if (submission.value.email && memberEmailTaken(user.cityId, submission.value.email)) {
    return data(submission.reply({ fieldErrors: { email: ["memberForm.emailTaken"] } }), { status: 400 });
  }
  const id = createMember(user.cityId, submission.value, { id: user.id, ipAddress });
  return redirect(`/members/${id}?added=1`);
}

export default function NewMember() {
  const lastResult = useActionData<typeof action>();
  const { t } = useTranslation();
  return (
    <div className="mx-auto max-w-3xl">
      <p className="text-sm">
        <Link to="/members" className="text-brand-700 underline">{t("members.back")}</Link>
      </p>
      <h1 className="mt-2 text-2xl font-bold">{t("memberForm.addTitle")}</h1>
      <MemberForm lastResult={lastResult} submitLabel={t("memberForm.add")} defaultValue={{ joinedOn: new Date().toISOString().slice(0, 10) }} />
    </div>
  );
}
