import { getFormProps, getInputProps, getSelectProps, useForm } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod/v4";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { requirePermission } from "~/auth/auth.server";
import { Field, ErrorList, SubmitButton, withoutKey } from "~/components/forms";
import { languageCookie } from "~/i18n/i18next.server";
import { recordAudit } from "~/models/audit.server";
import { setUserPreferences } from "~/models/users.server";
import { getDb } from "#db/client.server";
import { clientAddress } from "~/utils/request.server";

export const meta: MetaFunction = () => [{ title: "Settings · ULG Workshop" }];

const SettingsSchema = z.object({
  name: z.string({ error: "validation.required" }).trim().min(1, "validation.required").max(120, "validation.tooLong"),
  language: z.enum(["en", "fi"], { error: "validation.invalid" }),
});

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "update:settings:own", clientAddress(context));
  return { name: user.name, email: user.email, language: user.language };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const ipAddress = clientAddress(context);
  const user = await requirePermission(request, "update:settings:own", ipAddress);
  const submission = parseWithZod(await request.formData(), { schema: SettingsSchema });
  if (submission.status !== "success") return data(submission.reply(), { status: 400 });
  getDb().transaction(() => {
    setUserPreferences(user.id, submission.value);
    recordAudit({ action: "user.update_settings", actorUserId: user.id, cityId: user.cityId, entityType: "user", entityId: user.id, ipAddress });
  });
  return redirect("/settings?saved=1", { headers: { "Set-Cookie": await languageCookie.serialize(submission.value.language) } });
}

export default function Settings() {
  const loaderData = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const [params] = useSearchParams();
  const { t } = useTranslation();
  const [form, fields] = useForm({
    id: "settings",
    lastResult,
    defaultValue: { name: loaderData.name, language: loaderData.language },
    constraint: getZodConstraint(SettingsSchema),
    onValidate: ({ formData }) => parseWithZod(formData, { schema: SettingsSchema }),
  });
  return (
    <div className="mx-auto max-w-xl">
      <h1 className="text-2xl font-bold">{t("settings.title")}</h1>
      {params.get("saved") ? <p role="status" className="mt-3 rounded bg-green-50 px-3 py-2 text-green-900">{t("settings.saved")}</p> : null}
      <Form method="post" {...getFormProps(form)} className="mt-6 space-y-4 rounded-lg border border-slate-200 bg-white p-6">
        <p className="text-sm text-slate-700">{t("settings.signedInAs", { email: loaderData.email })}</p>
        <Field label={t("settings.name")} inputProps={getInputProps(fields.name, { type: "text" })} errors={fields.name.errors} />
        <div>
          <label htmlFor={fields.language.id} className="block text-sm font-medium">{t("settings.language")}</label>
          <select {...withoutKey(getSelectProps(fields.language))} className="mt-1 block w-full rounded border border-slate-400 bg-white px-3 py-2">
            <option value="en" lang="en">English</option>
            <option value="fi" lang="fi">Suomi</option>
          </select>
          <ErrorList errors={fields.language.errors} />
        </div>
        <SubmitButton>{t("settings.save")}</SubmitButton>
      </Form>
    </div>
  );
}
