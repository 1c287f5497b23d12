import { getFormProps, getInputProps, useForm } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod/v4";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "~/i18n/use-translation";
import { z } from "zod";
import { normalizeEmail } from "~/auth/auth.server";
import { hashPassword } from "~/auth/password.server";
import { createUserSession } from "~/auth/session.server";
import { Field, FormError, SubmitButton } from "~/components/forms";
import { createFirstAdmin, setupTokenIsValid } from "~/models/setup.server";
import { recordAudit } from "~/models/audit.server";
import { clientAddress } from "~/utils/request.server";

export const meta: MetaFunction = () => [{ title: "First admin · ULG Workshop" }];

const SetupSchema = z.object({
  token: z.string({ error: "validation.required" }),
  name: z.string({ error: "validation.required" }).trim().min(1, "validation.required").max(120, "validation.tooLong"),
  email: z.string({ error: "validation.required" }).trim().max(254, "validation.tooLong").pipe(z.email({ error: "validation.email" })),
  password: z.string({ error: "validation.required" }).min(12, "validation.passwordLength").max(200, "validation.tooLong"),
});

export async function loader({ request }: LoaderFunctionArgs) {
  const token = new URL(request.url).searchParams.get("token") ?? "";
  // Without a valid one-time token the page does not exist.
  if (!setupTokenIsValid(token)) throw new Response("Not Found", { status: 404 });
  return { token };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const ipAddress = clientAddress(context);
  const submission = parseWithZod(await request.formData(), { schema: SetupSchema });
  if (submission.status !== "success") return data(submission.reply({ hideFields: ["password"] }), { status: 400 });
  const { token, name, email, password } = submission.value;
  if (!setupTokenIsValid(token)) throw new Response("Not Found", { status: 404 });
  const passwordHash = await hashPassword(password);
  const userId = createFirstAdmin(token, { name, email: normalizeEmail(email), passwordHash });
  if (userId == null) return data(submission.reply({ formErrors: ["setup.used"], hideFields: ["password"] }), { status: 400 });
  recordAudit({ action: "user.create_first_admin", actorUserId: userId, entityType: "user", entityId: userId, ipAddress });
  const setCookie = await createUserSession(userId, { ipAddress, userAgent: request.headers.get("user-agent") });
  return redirect("/", { headers: { "Set-Cookie": setCookie } });
}

export default function Setup() {
  const { token } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const { t } = useTranslation();
  const [form, fields] = useForm({
    id: "setup",
    lastResult,
    constraint: getZodConstraint(SetupSchema),
    onValidate: ({ formData }) => parseWithZod(formData, { schema: SetupSchema }),
  });
  return (
    <div className="mx-auto max-w-md">
      <h1 className="text-2xl font-bold">{t("setup.title")}</h1>
      <p className="mt-2 text-slate-700">{t("setup.intro")}</p>
      <Form method="post" {...getFormProps(form)} className="mt-6 space-y-4 rounded-lg border border-slate-200 bg-white p-6">
        <FormError errors={form.errors} />
        <input type="hidden" name="token" value={token} />
        <Field label={t("setup.name")} inputProps={{ ...getInputProps(fields.name, { type: "text" }), autoComplete: "name" }} errors={fields.name.errors} />
        <Field label={t("login.email")} inputProps={{ ...getInputProps(fields.email, { type: "email" }), autoComplete: "username" }} errors={fields.email.errors} />
        <Field
          label={t("login.password")}
          hint={t("setup.passwordHint")}
          inputProps={{ ...getInputProps(fields.password, { type: "password" }), autoComplete: "new-password" }}
          errors={fields.password.errors}
        />
        <SubmitButton className="w-full">{t("setup.submit")}</SubmitButton>
      </Form>
    </div>
  );
}
