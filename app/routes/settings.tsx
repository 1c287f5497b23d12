import { getFormProps, getInputProps, getSelectProps, useForm, type SubmissionResult } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod/v4";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useLocation, useSearchParams } from "@remix-run/react";
import { useTranslation } from "~/i18n/use-translation";
import { z } from "zod";
import { requirePermission } from "~/auth/auth.server";
import { hashPassword, verifyPassword } from "~/auth/password.server";
import { passwordProblem } from "~/auth/password-policy.server";
import { recordSignInFailure, signInWaitMinutes } from "~/auth/rate-limit.server";
import { endUserSessions } from "~/auth/session.server";
import { ErrorList, Field, FormError, SubmitButton, withoutKey } from "~/components/forms";
import { languageCookie } from "~/i18n/i18next.server";
import { changePassword, getAccount, getPasswordHash, requestErasure, saveProfile, withdrawErasure } from "~/models/account.server";
import { clientAddress } from "~/utils/request.server";

export const meta: MetaFunction = () => [{ title: "Settings · ULG Workshop" }];

const ProfileSchema = z.object({
  name: z.string({ error: "validation.required" }).trim().min(1, "validation.required").max(120, "validation.tooLong"),
  language: z.enum(["en", "fi"], { error: "validation.invalid" }),
});

// Length (the policy's 12 and 200) is checked here too so the browser can say it before posting;
// the server still runs passwordProblem, which alone knows the common-password lists.
const PasswordSchema = z
  .object({
    currentPassword: z.string({ error: "validation.required" }).max(1000, "validation.tooLong"),
    newPassword: z.string({ error: "validation.required" }).min(12, "validation.passwordLength").max(200, "validation.tooLong"),
    confirmPassword: z.string({ error: "validation.required" }).max(1000, "validation.tooLong"),
  })
  .refine((v) => v.newPassword === v.confirmPassword, { message: "account.passwordMismatch", path: ["confirmPassword"] });

const ErasureRequestSchema = z.object({
  confirm: z.literal("on", { error: "account.confirmRequired" }),
});

const PASSWORD_FIELDS = ["currentPassword", "newPassword", "confirmPassword"];

type Intent = "profile" | "password" | "request-erasure";
type ActionResult = { intent: Intent; result: SubmissionResult<string[]> };

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "update:settings:own", clientAddress(context));
  const account = getAccount(user.id);
  return {
    name: user.name,
    email: user.email,
    language: user.language,
    // Admins belong to no city, so no coordinator could carry out their request.
    canRequestErasure: user.cityId != null,
    erasureRequestedAt: account?.erasureRequestedAt?.toISOString() ?? null,
    timeZone: user.city?.timeZone ?? "UTC",
  };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const ipAddress = clientAddress(context);
  const user = await requirePermission(request, "update:settings:own", ipAddress);
  const actor = { id: user.id, cityId: user.cityId, ipAddress };
  const formData = await request.formData();
  const intent = formData.get("intent");

  if (intent === "profile") {
    const submission = parseWithZod(formData, { schema: ProfileSchema });
    if (submission.status !== "success") return data<ActionResult>({ intent, result: submission.reply() }, { status: 400 });
    saveProfile(actor, submission.value);
    return redirect("/settings?saved=profile", { headers: { "Set-Cookie": await languageCookie.serialize(submission.value.language) } });
  }

  if (intent === "password") {
    const submission = parseWithZod(formData, { schema: PasswordSchema });
    if (submission.status !== "success") {
      return data<ActionResult>({ intent, result: submission.reply({ hideFields: PASSWORD_FIELDS }) }, { status: 400 });
    }
    // Guessing the current password from a borrowed session counts against the same limit as sign-in.
    const wait = signInWaitMinutes(user.email, ipAddress);
    if (wait > 0) {
      const reply = submission.reply({ formErrors: [`login.tooMany|${JSON.stringify({ count: wait })}`], hideFields: PASSWORD_FIELDS });
      return data<ActionResult>({ intent, result: reply }, { status: 429 });
    }
    const { currentPassword, newPassword } = submission.value;
    const fieldErrors: Record<string, string[]> = {};
    if (!(await verifyPassword(getPasswordHash(user.id), currentPassword))) {
      recordSignInFailure(user.email, ipAddress);
      fieldErrors.currentPassword = ["account.wrongPassword"];
    }
    const problem = passwordProblem(newPassword, [user.name, user.email]);
    if (problem) fieldErrors.newPassword = [problem];
    if (Object.keys(fieldErrors).length > 0) {
      return data<ActionResult>({ intent, result: submission.reply({ fieldErrors, hideFields: PASSWORD_FIELDS }) }, { status: 400 });
    }
    const passwordHash = await hashPassword(newPassword);
    changePassword(actor, passwordHash);
    await endUserSessions(user.id, request);
    return redirect("/settings?saved=password");
  }

  if (intent === "request-erasure") {
    if (user.cityId == null) throw new Response("Bad Request", { status: 400 });
    const submission = parseWithZod(formData, { schema: ErasureRequestSchema });
    if (submission.status !== "success") return data<ActionResult>({ intent, result: submission.reply() }, { status: 400 });
    requestErasure(actor);
    return redirect("/settings?saved=erasure-requested");
  }

  if (intent === "withdraw-erasure") {
    withdrawErasure(actor);
    return redirect("/settings?saved=erasure-withdrawn");
  }

  throw new Response("Bad Request", { status: 400 });
}

const SAVED_MESSAGES: Record<string, string> = {
  "1": "settings.saved",
  profile: "settings.saved",
  password: "account.passwordChanged",
  "erasure-requested": "account.erasureRequested",
  "erasure-withdrawn": "account.erasureWithdrawn",
};

function resultFor(actionData: ActionResult | undefined, intent: Intent) {
  return actionData?.intent === intent ? actionData.result : undefined;
}

export default function Settings() {
  const loaderData = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>() as ActionResult | undefined;
  const [params] = useSearchParams();
  const location = useLocation();
  const { t, i18n } = useTranslation();
  const saved = SAVED_MESSAGES[params.get("saved") ?? ""];

  const [profileForm, profileFields] = useForm({
    id: "settings",
    lastResult: resultFor(actionData, "profile"),
    defaultValue: { name: loaderData.name, language: loaderData.language },
    constraint: getZodConstraint(ProfileSchema),
    onValidate: ({ formData }) => parseWithZod(formData, { schema: ProfileSchema }),
  });
  const [passwordForm, passwordFields] = useForm({
    id: "password",
    lastResult: resultFor(actionData, "password"),
    constraint: getZodConstraint(PasswordSchema),
    shouldValidate: "onSubmit",
    shouldRevalidate: "onInput",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: PasswordSchema }),
  });
  const [erasureForm, erasureFields] = useForm({
    id: "erasure",
    lastResult: resultFor(actionData, "request-erasure"),
    constraint: getZodConstraint(ErasureRequestSchema),
    onValidate: ({ formData }) => parseWithZod(formData, { schema: ErasureRequestSchema }),
  });

  const requestedOn = loaderData.erasureRequestedAt
    ? new Intl.DateTimeFormat(i18n.language, { dateStyle: "long", timeZone: loaderData.timeZone }).format(new Date(loaderData.erasureRequestedAt))
    : null;
  const confirmErrorId = erasureFields.confirm.errors?.length ? `${erasureFields.confirm.id}-error` : undefined;
  const section = "mt-6 space-y-4 rounded-lg border border-slate-200 bg-white p-6";

  return (
    <div className="mx-auto max-w-xl">
      <h1 className="text-2xl font-bold">{t("settings.title")}</h1>
      {saved ? <p role="status" className="mt-3 rounded bg-green-50 px-3 py-2 text-green-900">{t(saved)}</p> : null}

      <section aria-labelledby="profile-title" className={section}>
        <h2 id="profile-title" className="text-lg font-semibold">{t("account.profileTitle")}</h2>
        <Form method="post" {...getFormProps(profileForm)} className="space-y-4">
          <input type="hidden" name="intent" value="profile" />
          <p className="text-sm text-slate-700">{t("settings.signedInAs", { email: loaderData.email })}</p>
          <Field label={t("settings.name")} inputProps={{ ...getInputProps(profileFields.name, { type: "text" }), autoComplete: "name" }} errors={profileFields.name.errors} />
          <div>
            <label htmlFor={profileFields.language.id} className="block text-sm font-medium">{t("settings.language")}</label>
            <select {...withoutKey(getSelectProps(profileFields.language))} className="mt-1 block w-full rounded border border-slate-400 bg-white px-3 py-2">
              <option value="en" lang="en">English</option>
              <option value="fi" lang="fi">Suomi</option>
            </select>
            <ErrorList errors={profileFields.language.errors} />
          </div>
          <SubmitButton>{t("settings.save")}</SubmitButton>
        </Form>
      </section>

      <section aria-labelledby="password-title" className={section}>
        <h2 id="password-title" className="text-lg font-semibold">{t("account.passwordTitle")}</h2>
        <p className="text-sm text-slate-700">{t("account.passwordIntro")}</p>
        {/* A new key after every navigation empties the password inputs once the change went through. */}
        <Form key={location.key} method="post" {...getFormProps(passwordForm)} className="space-y-4">
          <input type="hidden" name="intent" value="password" />
          {/* Lets password managers pair the new password with the account. */}
          <input type="hidden" name="username" value={loaderData.email} autoComplete="username" />
          <FormError errors={passwordForm.errors} />
          <Field
            label={t("account.currentPassword")}
            inputProps={{ ...getInputProps(passwordFields.currentPassword, { type: "password" }), autoComplete: "current-password" }}
            errors={passwordFields.currentPassword.errors}
          />
          <Field
            label={t("account.newPassword")}
            hint={t("account.newPasswordHint")}
            inputProps={{ ...getInputProps(passwordFields.newPassword, { type: "password" }), autoComplete: "new-password" }}
            errors={passwordFields.newPassword.errors}
          />
          <Field
            label={t("account.confirmPassword")}
            inputProps={{ ...getInputProps(passwordFields.confirmPassword, { type: "password" }), autoComplete: "new-password" }}
            errors={passwordFields.confirmPassword.errors}
          />
          <SubmitButton>{t("account.changePassword")}</SubmitButton>
        </Form>
      </section>

      <section aria-labelledby="data-title" className={section}>
        <h2 id="data-title" className="text-lg font-semibold">{t("account.dataTitle")}</h2>
        <p className="text-sm text-slate-700">{t("account.dataIntro")}</p>
        <p>
          <a href="/settings/my-data.json" download className="font-medium text-brand-700 underline">
            {t("account.dataDownload")}
          </a>
        </p>
      </section>

      <section aria-labelledby="calendar-title" className={section}>
        <h2 id="calendar-title" className="text-lg font-semibold">{t("calendar.settingsTitle")}</h2>
        <p className="text-sm text-slate-700">{t("calendar.settingsIntro")}</p>
        <p><a href="/settings/calendar" className="font-medium text-brand-700 underline">{t("calendar.settingsLink")}</a></p>
      </section>

      <section aria-labelledby="erasure-title" className={section}>
        <h2 id="erasure-title" className="text-lg font-semibold">{t("account.erasureTitle")}</h2>
        {!loaderData.canRequestErasure ? (
          <p className="text-sm text-slate-700">{t("account.erasureNoCity")}</p>
        ) : requestedOn ? (
          <Form method="post" className="space-y-4">
            <input type="hidden" name="intent" value="withdraw-erasure" />
            <p className="rounded border border-amber-300 bg-amber-50 px-3 py-2 text-sm text-amber-900">{t("account.erasureRequestedOn", { date: requestedOn })}</p>
            <button type="submit" className="rounded border border-slate-400 px-4 py-2 font-medium hover:bg-slate-100">
              {t("account.erasureWithdraw")}
            </button>
          </Form>
        ) : (
          <Form method="post" {...getFormProps(erasureForm)} className="space-y-4">
            <input type="hidden" name="intent" value="request-erasure" />
            <p className="text-sm text-slate-700">{t("account.erasureIntro")}</p>
            <div>
              <div className="flex items-start gap-2">
                <input
                  {...withoutKey(getInputProps(erasureFields.confirm, { type: "checkbox" }))}
                  aria-invalid={confirmErrorId ? true : undefined}
                  aria-describedby={confirmErrorId}
                  className="mt-1 h-5 w-5 shrink-0"
                />
                <label htmlFor={erasureFields.confirm.id} className="text-sm">{t("account.erasureConfirm")}</label>
              </div>
              <ErrorList id={confirmErrorId} errors={erasureFields.confirm.errors} />
            </div>
            <button type="submit" className="rounded bg-red-700 px-4 py-2 font-medium text-white hover:bg-red-800">
              {t("account.erasureRequest")}
            </button>
          </Form>
        )}
      </section>
    </div>
  );
}
