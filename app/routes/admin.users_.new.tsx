import { getFormProps, getInputProps, getSelectProps, useForm } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod/v4";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "~/i18n/use-translation";
import { z } from "zod";
import { ROLES } from "#db/enums";
import { normalizeEmail, requireScope } from "~/auth/auth.server";
import { AdminNav } from "~/components/admin-nav";
import { ErrorList, Field, FormError, SubmitButton, withoutKey } from "~/components/forms";
import { listCityOptions } from "~/models/cities.server";
import { prepareAccountInvitation, sendInvitation } from "~/models/invitations.server";
import { assignableRoles, createAccount, emailInUse } from "~/models/users.server";
import { appOrigin } from "~/utils/mail.server";
import { clientAddress } from "~/utils/request.server";

// Separate from the list (users_) so /admin/users/new is its own page.
export const meta: MetaFunction = () => [{ title: "New account · ULG Workshop" }];

const AccountSchema = z.object({
  name: z.string({ error: "validation.required" }).trim().min(1, "validation.required").max(120, "validation.tooLong"),
  email: z.string({ error: "validation.required" }).trim().max(254, "validation.tooLong").pipe(z.email({ error: "validation.email" })),
  role: z.enum(ROLES, { error: "validation.invalid" }),
  cityId: z.coerce.number().int().positive().optional(),
  language: z.enum(["en", "fi"], { error: "validation.invalid" }),
});

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { user, scope } = await requireScope(request, "manage:user", clientAddress(context));
  return {
    roles: assignableRoles(user.role),
    cities: scope.kind === "all" ? listCityOptions() : null,
    defaultLanguage: user.city?.language === "fi" ? "fi" : "en",
  };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const ipAddress = clientAddress(context);
  const { user, scope } = await requireScope(request, "manage:user", ipAddress);
  const submission = parseWithZod(await request.formData(), { schema: AccountSchema });
  if (submission.status !== "success") return data(submission.reply(), { status: 400 });
  const { name, role, language } = submission.value;
  const email = normalizeEmail(submission.value.email);
  if (!assignableRoles(user.role).includes(role)) {
    return data(submission.reply({ fieldErrors: { role: ["validation.invalid"] } }), { status: 400 });
  }
  // A project coordinator creates accounts in their own city only; an admin chooses (none for admins).
  let cityId: number | null;
  if (scope.kind === "city") cityId = scope.cityId;
  else if (role === "admin") cityId = null;
  else {
    const chosen = submission.value.cityId;
    if (!chosen || !listCityOptions().some((c) => c.id === chosen)) {
      return data(submission.reply({ fieldErrors: { cityId: ["accountsAdmin.cityRequired"] } }), { status: 400 });
    }
    cityId = chosen;
  }
  if (emailInUse(email)) return data(submission.reply({ fieldErrors: { email: ["accountsAdmin.emailTaken"] } }), { status: 400 });
  const id = createAccount({ name, email, role, cityId, language }, { id: user.id, ipAddress });
  const invitation = prepareAccountInvitation(scope, id, { id: user.id, name: user.name, ipAddress });
  if (invitation.status === "ready") await sendInvitation(invitation.invitation, invitation.token, user.name, appOrigin(request));
  return redirect(`/admin/users?created=${id}`);
}

export default function NewAccount() {
  const { roles, cities, defaultLanguage } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const { t } = useTranslation();
  const [form, fields] = useForm({
    id: "new-account",
    lastResult,
    defaultValue: { language: defaultLanguage, role: "ulg_coordinator" },
    constraint: getZodConstraint(AccountSchema),
    onValidate: ({ formData }) => parseWithZod(formData, { schema: AccountSchema }),
  });
  const selectClass = "mt-1 block w-full rounded border border-slate-400 bg-white px-3 py-2";
  return (
    <div>
      <AdminNav />
      <div className="mx-auto max-w-xl">
        <h1 className="mt-4 text-2xl font-bold">{t("accountsAdmin.newTitle")}</h1>
        <p className="mt-2 text-slate-700">{t("accountsAdmin.newIntro")}</p>
        <Form method="post" {...getFormProps(form)} className="mt-6 space-y-4 rounded-lg border border-slate-200 bg-white p-6">
          <FormError errors={form.errors} />
          <Field label={t("accounts.name")} inputProps={getInputProps(fields.name, { type: "text" })} errors={fields.name.errors} />
          <Field label={t("accounts.email")} inputProps={getInputProps(fields.email, { type: "email" })} errors={fields.email.errors} />
          <div>
            <label htmlFor={fields.role.id} className="block text-sm font-medium">{t("accounts.role")}</label>
            <select {...withoutKey(getSelectProps(fields.role))} className={selectClass}>
              {roles.map((r) => (
                <option key={r} value={r}>{t(`roles.${r}`)}</option>
              ))}
            </select>
            <ErrorList errors={fields.role.errors} />
          </div>
          {cities ? (
            <div>
              <label htmlFor={fields.cityId.id} className="block text-sm font-medium">{t("members.city")}</label>
              <select {...withoutKey(getSelectProps(fields.cityId))} aria-describedby={fields.cityId.errors ? `${fields.cityId.id}-error` : undefined} className={selectClass}>
                <option value="">{t("accountsAdmin.noCity")}</option>
                {cities.map((c) => (
                  <option key={c.id} value={c.id}>{c.name}</option>
                ))}
              </select>
              <ErrorList id={`${fields.cityId.id}-error`} errors={fields.cityId.errors} />
            </div>
          ) : null}
          <div>
            <label htmlFor={fields.language.id} className="block text-sm font-medium">{t("settings.language")}</label>
            <select {...withoutKey(getSelectProps(fields.language))} className={selectClass}>
              <option value="en" lang="en">English</option>
              <option value="fi" lang="fi">Suomi</option>
            </select>
          </div>
          <SubmitButton>{t("accountsAdmin.create")}</SubmitButton>
        </Form>
        <p className="mt-4"><Link to="/admin/users" className="text-brand-700 underline">{t("accountsAdmin.back")}</Link></p>
      </div>
    </div>
  );
}
