import { getFormProps, getInputProps, useForm, type SubmissionResult } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod/v4";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { useTranslation } from "~/i18n/use-translation";
import { z } from "zod";
import { notFound, requireScope } from "~/auth/auth.server";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { ErrorList, FormError, withoutKey } from "~/components/forms";
import { eraseMember, getErasureTarget } from "~/models/erasure.server";
import { displayMemberName } from "~/utils/member-display";
import { clientAddress } from "~/utils/request.server";

export const meta: MetaFunction = () => [{ title: "Erase personal data · ULG Workshop" }];

const EraseSchema = z.object({
  confirm: z.literal("on", { error: "account.confirmRequired" }),
});

function memberIdParam(value: string | undefined): number {
  const id = Number(value);
  if (!Number.isSafeInteger(id) || id < 1) throw notFound();
  return id;
}

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { user, scope } = await requireScope(request, "erase:member", clientAddress(context));
  const id = memberIdParam(params.memberId);
  const target = getErasureTarget(scope, id);
  // Another city's entry is indistinguishable from one that does not exist.
  if (!target) throw notFound();
  return {
    member: {
      id: target.id,
      name: target.name,
      erasedAt: target.erasedAt?.toISOString() ?? null,
      organisation: target.organisation,
      sector: target.sector,
      hasAccount: target.userId != null,
      requestedAt: target.erasureRequestedAt?.toISOString() ?? null,
      isSelf: target.userId === user.id,
    },
    timeZone: user.city?.timeZone ?? "UTC",
  };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const ipAddress = clientAddress(context);
  const { user, scope } = await requireScope(request, "erase:member", ipAddress);
  const id = memberIdParam(params.memberId);
  const target = getErasureTarget(scope, id);
  if (!target) throw notFound();
  const submission = parseWithZod(await request.formData(), { schema: EraseSchema });
  if (target.erasedAt) return data(submission.reply({ formErrors: ["account.alreadyErasedError"] }), { status: 409 });
  if (target.userId === user.id) return data(submission.reply({ formErrors: ["account.notYourself"] }), { status: 403 });
  if (submission.status !== "success") return data(submission.reply(), { status: 400 });
  const result = eraseMember(scope, id, { id: user.id, ipAddress });
  // The checks above ran outside the transaction; eraseMember repeats them inside it.
  if (result.status === "not_found") throw notFound();
  if (result.status === "already_erased") return data(submission.reply({ formErrors: ["account.alreadyErasedError"] }), { status: 409 });
  if (result.status === "self") return data(submission.reply({ formErrors: ["account.notYourself"] }), { status: 403 });
  return redirect(`/members/${id}/erase?done=1`);
}

export default function EraseMember() {
  const { member, timeZone } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>() as SubmissionResult<string[]> | undefined;
  const [params] = useSearchParams();
  const { t, i18n } = useTranslation();
  const [form, fields] = useForm({
    id: "erase",
    lastResult,
    constraint: getZodConstraint(EraseSchema),
    onValidate: ({ formData }) => parseWithZod(formData, { schema: EraseSchema }),
  });
  const df = new Intl.DateTimeFormat(i18n.language, { dateStyle: "long", timeZone });
  const date = (iso: string) => df.format(new Date(iso));
  const name = displayMemberName(member, t);
  const confirmErrorId = fields.confirm.errors?.length ? `${fields.confirm.id}-error` : undefined;

  return (
    <article className="mx-auto max-w-2xl">
      <p className="text-sm">
        <Link to={`/members/${member.id}`} className="text-brand-700 underline">{name}</Link>
      </p>
      <h1 className="mt-2 text-2xl font-bold">{t("account.eraseTitle")}</h1>
      {params.get("done") && member.erasedAt ? (
        <p role="status" className="mt-3 rounded bg-green-50 px-3 py-2 text-green-900">{t("account.erased")}</p>
      ) : null}
      <p className="mt-2 text-slate-700">
        {t("account.eraseSubject", { name })}
        {" · "}
        {[member.organisation, t(`sectors.${member.sector}`)].filter(Boolean).join(", ")}
      </p>

      {member.erasedAt ? (
        <p className="mt-6 rounded-lg border border-slate-200 bg-white p-4">{t("account.alreadyErased", { date: date(member.erasedAt) })}</p>
      ) : (
        <>
          <p
            className={`mt-4 rounded px-3 py-2 text-sm ${member.requestedAt ? "border border-amber-300 bg-amber-50 text-amber-900" : "border border-slate-200 bg-white text-slate-800"}`}
          >
            {member.requestedAt ? t("account.requestedOn", { date: date(member.requestedAt) }) : t("account.notRequested")}
          </p>
          <section aria-labelledby="erase-what" className="mt-6 rounded-lg border border-slate-200 bg-white p-4">
            <h2 id="erase-what" className="text-lg font-semibold">{t("account.eraseWhat")}</h2>
            <ul className="mt-2 list-disc space-y-1 pl-5 text-sm text-slate-800">
              <li>{t("account.eraseWillName")}</li>
              <li>{t("account.eraseWillConsent")}</li>
              <li>{t("account.eraseWillKeep")}</li>
              <li>{member.hasAccount ? t("account.eraseWillAccount") : t("account.noAccount")}</li>
              <li>{t("account.eraseWillMail")}</li>
              <li className="font-semibold">{t("account.eraseWillFinal")}</li>
            </ul>
          </section>
          {member.isSelf ? (
            <p className="mt-6 rounded border border-slate-300 bg-white px-3 py-2">{t("account.notYourself")}</p>
          ) : (
            <Form method="post" {...getFormProps(form)} className="mt-6 space-y-4 rounded-lg border border-red-200 bg-white p-4">
              <FormError errors={form.errors} />
              <div>
                <div className="flex items-start gap-2">
                  <input
                    {...withoutKey(getInputProps(fields.confirm, { type: "checkbox" }))}
                    aria-invalid={confirmErrorId ? true : undefined}
                    aria-describedby={confirmErrorId}
                    className="mt-1 h-5 w-5 shrink-0"
                  />
                  <label htmlFor={fields.confirm.id} className="text-sm">{t("account.eraseConfirm")}</label>
                </div>
                <ErrorList id={confirmErrorId} errors={fields.confirm.errors} />
              </div>
              <button type="submit" className="rounded bg-red-700 px-4 py-2 font-medium text-white hover:bg-red-800">
                {t("account.eraseSubmit")}
              </button>
            </Form>
          )}
        </>
      )}
    </article>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
