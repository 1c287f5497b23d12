import { getFormProps, getInputProps, useForm } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod/v4";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useSearchParams } from "@remix-run/react";
import { useTranslation } from "~/i18n/use-translation";
import { z } from "zod";
import { authenticator, normalizeEmail } from "~/auth/auth.server";
import { recordSignInFailure, signInWaitMinutes } from "~/auth/rate-limit.server";
import { createUserSession, getSessionUser } from "~/auth/session.server";
import { Field, FormError, SubmitButton } from "~/components/forms";
import { recordAudit } from "~/models/audit.server";
import { findUserForAudit } from "~/models/users.server";
import { clientAddress, safeRedirect } from "~/utils/request.server";

const LoginSchema = z.object({
  email: z.string({ error: "validation.required" }).trim().max(254, "validation.tooLong").pipe(z.email({ error: "validation.email" })),
  password: z.string({ error: "validation.required" }).max(1000, "validation.tooLong"),
  redirectTo: z.string().optional(),
});

export const meta: MetaFunction = () => [{ title: "Sign in · ULG Workshop" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await getSessionUser(request);
  if (user) throw redirect(safeRedirect(new URL(request.url).searchParams.get("redirectTo")));
  return null;
}

export async function action({ request, context }: ActionFunctionArgs) {
  const ipAddress = clientAddress(context);
  const formData = await request.clone().formData();
  const submission = parseWithZod(formData, { schema: LoginSchema });
  if (submission.status !== "success") {
    return data(submission.reply({ hideFields: ["password"] }), { status: 400 });
  }
  const email = normalizeEmail(submission.value.email);
  const wait = signInWaitMinutes(email, ipAddress);
  if (wait > 0) {
    recordAudit({ action: "auth.sign_in_refused", actorLabel: email, detail: { reason: "rate_limit" }, ipAddress });
    return data(
      submission.reply({ formErrors: [`login.tooMany|${JSON.stringify({ count: wait })}`], hideFields: ["password"] }),
      { status: 429 },
    );
  }
  let userId: number;
  try {
    userId = await authenticator.authenticate("form", request);
  } catch {
    recordSignInFailure(email, ipAddress);
    const known = findUserForAudit(email);
    recordAudit({
      action: "auth.sign_in_failed",
      actorUserId: known?.id ?? null,
      actorLabel: email,
      cityId: known?.cityId ?? null,
      ipAddress,
    });
    // One message whatever went wrong, so the form does not reveal which accounts exist.
    return data(submission.reply({ formErrors: ["login.failed"], hideFields: ["password"] }), { status: 400 });
  }
  const setCookie = await createUserSession(userId, { ipAddress, userAgent: request.headers.get("user-agent") });
  const known = findUserForAudit(email);
  recordAudit({ action: "auth.sign_in", actorUserId: userId, actorLabel: email, cityId: known?.cityId ?? null, ipAddress });
  return redirect(safeRedirect(submission.value.redirectTo), { headers: { "Set-Cookie": setCookie } });
}

export default function Login() {
  const { t } = useTranslation();
  const lastResult = useActionData<typeof action>();
  const [searchParams] = useSearchParams();
  const [form, fields] = useForm({
    id: "login",
    lastResult,
    constraint: getZodConstraint(LoginSchema),
    shouldValidate: "onSubmit",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: LoginSchema }),
  });
  return (
    <div className="mx-auto max-w-md">
      <h1 className="text-2xl font-bold">{t("login.title")}</h1>
      <p className="mt-2 text-slate-700">{t("login.intro")}</p>
      <Form method="post" {...getFormProps(form)} className="mt-6 space-y-4 rounded-lg border border-slate-200 bg-white p-6 shadow-sm">
        <FormError errors={form.errors} />
        <input type="hidden" name="redirectTo" value={searchParams.get("redirectTo") ?? ""} />
        <Field
          label={t("login.email")}
          inputProps={{ ...getInputProps(fields.email, { type: "email" }), autoComplete: "username" }}
          errors={fields.email.errors}
        />
        <Field
          label={t("login.password")}
          inputProps={{ ...getInputProps(fields.password, { type: "password" }), autoComplete: "current-password" }}
          errors={fields.password.errors}
        />
        <SubmitButton className="w-full">{t("login.submit")}</SubmitButton>
      </Form>
      <p className="mt-4 text-sm">
        <Link to="/forgot-password" className="text-brand-700 underline">{t("passwordReset.forgotLink")}</Link>
      </p>
    </div>
  );
}
