import { getFormProps, getInputProps, useForm } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod/v4";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "~/i18n/use-translation";
import { z } from "zod";
import { passwordProblem } from "~/auth/password-policy.server";
import { hashPassword } from "~/auth/password.server";
import { createUserSession, destroyUserSession, endUserSessions } from "~/auth/session.server";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { Field, FormError, SubmitButton } from "~/components/forms";
import { recordAudit } from "~/models/audit.server";
import { followLink, setPasswordThroughLink } from "~/models/invitations.server";
import { clientAddress } from "~/utils/request.server";

export const meta: MetaFunction = () => [{ title: "New password · ULG Workshop" }];

const NewPasswordSchema = z
  .object({
    password: z.string({ error: "validation.required" }).min(12, "validation.passwordLength").max(200, "validation.tooLong"),
    confirmPassword: z.string({ error: "validation.required" }).max(200, "validation.tooLong"),
  })
  .refine((v) => v.password === v.confirmPassword, { message: "passwordReset.mismatch", path: ["confirmPassword"] });

// Unknown link: 404; used, expired or the account closed meanwhile: 410.
function validLink(token: string | undefined) {
  const link = followLink("reset", token ?? "");
  if (link.status === "unknown") throw new Response("Not Found", { status: 404, statusText: "Not Found" });
  if (link.status === "gone") throw new Response("Gone", { status: 410, statusText: "Gone" });
  return link;
}

export async function loader({ params }: LoaderFunctionArgs) {
  const { user } = validLink(params.token);
  return { name: user.name, email: user.email };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const ipAddress = clientAddress(context);
  const link = validLink(params.token);
  const submission = parseWithZod(await request.formData(), { schema: NewPasswordSchema });
  const hide = ["password", "confirmPassword"];
  if (submission.status !== "success") return data(submission.reply({ hideFields: hide }), { status: 400 });
  const problem = passwordProblem(submission.value.password, [link.user.name, link.user.email]);
  if (problem) return data(submission.reply({ fieldErrors: { password: [problem] }, hideFields: hide }), { status: 400 });
  // Hashing takes a while: outside the transaction that uses the link.
  const passwordHash = await hashPassword(submission.value.password);
  if (!setPasswordThroughLink("reset", link.tokenId, link.user.id, passwordHash, { ipAddress })) {
    throw new Response("Gone", { status: 410, statusText: "Gone" });
  }
  // Whoever knew the old password is signed out everywhere; this browser gets a fresh session.
  await endUserSessions(link.user.id);
  await destroyUserSession(request);
  const setCookie = await createUserSession(link.user.id, { ipAddress, userAgent: request.headers.get("user-agent") });
  recordAudit({ action: "auth.sign_in", actorUserId: link.user.id, actorLabel: link.user.email, cityId: link.user.cityId, detail: { via: "reset" }, ipAddress });
  return redirect("/", { headers: { "Set-Cookie": setCookie } });
}

export default function ResetPassword() {
  const { name, email } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const { t } = useTranslation();
  const [form, fields] = useForm({
    id: "reset-password",
    lastResult,
    constraint: getZodConstraint(NewPasswordSchema),
    shouldValidate: "onSubmit",
    shouldRevalidate: "onInput",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: NewPasswordSchema }),
  });
  return (
    <div className="mx-auto max-w-md">
      <h1 className="text-2xl font-bold">{t("passwordReset.title")}</h1>
      <p className="mt-2 text-slate-700">{t("passwordReset.intro", { name, email })}</p>
      <Form method="post" {...getFormProps(form)} className="mt-6 space-y-4 rounded-lg border border-slate-200 bg-white p-6 shadow-sm">
        <FormError errors={form.errors} />
        <Field label={t("login.email")} inputProps={{ id: "reset-email", type: "email", value: email, readOnly: true, autoComplete: "username" }} />
        <Field
          label={t("passwordReset.password")}
          hint={t("passwordReset.passwordHint")}
          inputProps={{ ...getInputProps(fields.password, { type: "password" }), autoComplete: "new-password" }}
          errors={fields.password.errors}
        />
        <Field
          label={t("passwordReset.confirmPassword")}
          inputProps={{ ...getInputProps(fields.confirmPassword, { type: "password" }), autoComplete: "new-password" }}
          errors={fields.confirmPassword.errors}
        />
        <SubmitButton className="w-full">{t("passwordReset.submit")}</SubmitButton>
      </Form>
    </div>
  );
}

export function ErrorBoundary() {
  return (
    <GeneralErrorBoundary
      messages={{
        404: { title: "passwordReset.invalid.title", body: "passwordReset.invalid.body" },
        410: { title: "passwordReset.gone.title", body: "passwordReset.gone.body", link: { to: "/forgot-password", label: "passwordReset.askAgain" } },
      }}
    />
  );
}
