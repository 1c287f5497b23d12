import { parseWithZod } from "@conform-to/zod/v4";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useActionData } from "@remix-run/react";
import { useTranslation } from "~/i18n/use-translation";
import { requireCityUser, requirePermission } from "~/auth/auth.server";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { IdeaForm } from "~/components/idea-form";
import { createIdea } from "~/models/ideas.server";
import { IDEA_FORM_MAX_BYTES, IdeaSchema } from "~/utils/idea-validation";
import { readLimitedFormData } from "~/utils/limited-form.server";
import { clientAddress } from "~/utils/request.server";

export const meta: MetaFunction = () => [{ title: "Log an idea · ULG Workshop" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  // Ideas belong to a city: admins (no city) read them but do not log them.
  requireCityUser(await requirePermission(request, "write:idea:own", clientAddress(context)));
  return null;
}

export async function action({ request, context }: ActionFunctionArgs) {
  const ipAddress = clientAddress(context);
  const user = requireCityUser(await requirePermission(request, "write:idea:own", ipAddress));
  const body = await readLimitedFormData(request, IDEA_FORM_MAX_BYTES);
  if (body.kind !== "ok") {
    const submission = parseWithZod(new FormData(), { schema: IdeaSchema });
    return data(submission.reply({ formErrors: ["ideaForm.tooLarge"] }), { status: body.kind === "tooLarge" ? 413 : 400 });
  }
  const submission = parseWithZod(body.formData, { schema: IdeaSchema });
  if (submission.status !== "success") return data(submission.reply(), { status: 400 });
  const id = createIdea({ id: user.id, cityId: user.cityId }, submission.value, { id: user.id, ipAddress });
  return redirect(`/ideas/${id}?created=1`);
}

export default function NewIdea() {
  const lastResult = useActionData<typeof action>();
  const { t } = useTranslation();
  return (
    <div className="mx-auto max-w-3xl">
      <p className="text-sm">
        <Link to="/ideas" className="text-brand-700 underline">
          {t("ideas.back")}
        </Link>
      </p>
      <h1 className="mt-2 text-2xl font-bold">{t("ideaForm.newTitle")}</h1>
      <p className="mt-2 text-slate-700">{t("ideaForm.intro")}</p>
      <IdeaForm lastResult={lastResult} submitLabel={t("ideaForm.create")} cancelTo="/ideas" />
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
