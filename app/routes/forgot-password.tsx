import { getFormProps, getInputProps, useForm } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod/v4";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "~/i18n/use-translation";
import { z } from "zod";
import { normalizeEmail } from "~/auth/auth.server";
import { Field, FormError, SubmitButton } from "~/components/forms";
import { requestPasswordReset, sendPasswordReset } from "~/models/invitations.server";
import { appOrigin } from "~/utils/mail.server";
import { clientAddress } from "~/utils/request.server";

export const meta: MetaFunction = () => [{ title: "Forgot your password? · ULG Workshop" }];

const ForgotSchema = z.object({
  email: z.string({ error: "validation.required" }).trim().max(254, "validation.tooLong").pipe(z.email({ error: "validation.email" })),
});

export async function loader({ request }: LoaderFunctionArgs) {
  return { sent: new URL(request.url).searchParams.get("sent") === "1" };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const submission = parseWithZod(await request.formData(), { schema: ForgotSchema });
  if (submission.status !== "success") return data(submission.reply(), { status: 400 });
  const found = requestPasswordReset(normalizeEmail(submission.value.email), { ipAddress: clientAddress(context) });
  if (found) {
    // Not awaited: waiting on the mail server would make a known address answer slower than an unknown one.
    // The message is already in the outbox when this returns; sendMail records its own failures.
    sendPasswordReset(found.account, found.token, appOrigin(request)).catch((error) => console.error("password reset mail", error));
  }
  // The same answer whether or not the address has an account.
  return redirect("/forgot-password?sent=1");
}

export default function ForgotPassword() {
  const { sent } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const { t } = useTranslation();
  const [form, fields] = useForm({
    id: "forgot-password",
    lastResult,
    constraint: getZodConstraint(ForgotSchema),
    shouldValidate: "onSubmit",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: ForgotSchema }),
  });
  if (sent) {
    return (
      <div className="mx-auto max-w-md">
        <h1 className="text-2xl font-bold">{t("passwordReset.sentTitle")}</h1>
        <p role="status" className="mt-4 rounded bg-green-50 px-3 py-2 text-green-900">{t("passwordReset.sent")}</p>
        <p className="mt-6">
          <Link to="/login" className="font-medium text-brand-700 underline">{t("passwordReset.backToLogin")}</Link>
        </p>
      </div>
    );
  }
  return (
    <div className="mx-auto max-w-md">
      <h1 className="text-2xl font-bold">{t("passwordReset.forgotTitle")}</h1>
      <p className="mt-2 text-slate-700">{t("passwordReset.forgotIntro")}</p>
      <Form method="post" {...getFormProps(form)} className="mt-6 space-y-4 rounded-lg border border-slate-200 bg-white p-6 shadow-sm">
        <FormError errors={form.errors} />
        <Field
          label={t("passwordReset.email")}
          inputProps={{ ...getInputProps(fields.email, { type: "email" }), autoComplete: "username" }}
          errors={fields.email.errors}
        />
        <SubmitButton className="w-full">{t("passwordReset.send")}</SubmitButton>
      </Form>
      <p className="mt-6">
        <Link to="/login" className="font-medium text-brand-700 underline">{t("passwordReset.backToLogin")}</Link>
      </p>
    </div>
  );
}
