import { getFormProps, getInputProps, getSelectProps, useForm } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod/v4";
import { data, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "~/i18n/use-translation";
import { reportCity, requireReporter } from "~/auth/report-access.server";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { ErrorList, Field, FormError, SubmitButton, withoutKey } from "~/components/forms";
import { listCityOptions } from "~/models/cities.server";
import { PACK_MAX_MEETINGS, periodOverview } from "~/models/minutes-document.server";
import { ReportSchema } from "~/utils/report-validation";
import { formatDateShort, utcToZonedParts } from "~/utils/zoned-time";

export const meta: MetaFunction = () => [{ title: "Reporting pack · ULG Workshop" }];

/**
 * The reporting pack: choose a period (and, for admins, the city); the page then says what the
 * pack will hold and links the ZIP. The form is a GET, so the chosen period is a shareable address.
 */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const { user, scope } = await requireReporter(request, context);
  const url = new URL(request.url);
  const isAdmin = scope.kind === "all";
  const cities = isAdmin ? listCityOptions().map((c) => ({ id: c.id, name: c.name })) : null;
  const timeZone = user.city?.timeZone ?? "UTC";
  const today = utcToZonedParts(new Date(), timeZone).date;
  const year = Number(today.slice(0, 4));
  const base = { cities, today, maxMeetings: PACK_MAX_MEETINGS, years: [year, year - 1, year - 2, year - 3], cityParam: url.searchParams.get("city") ?? "" };
  const submitted = url.searchParams.has("from") || url.searchParams.has("to");
  if (!submitted) return { ...base, lastResult: null, overview: null, defaults: { from: `${year}-01-01`, to: today } };

  const submission = parseWithZod(url.searchParams, { schema: ReportSchema });
  if (submission.status !== "success") return data({ ...base, lastResult: submission.reply(), overview: null, defaults: null }, { status: 400 });
  const { from, to, drafts, city: requested } = submission.value;
  const city = reportCity(user, scope, requested);
  if (typeof city === "string") {
    return data({ ...base, lastResult: submission.reply({ fieldErrors: { city: [`reports.errors.${city}`] } }), overview: null, defaults: null }, { status: 400 });
  }
  const counts = periodOverview(city, { from, to });
  const query = new URLSearchParams({ from, to });
  if (drafts) query.set("drafts", "1");
  if (isAdmin) query.set("city", String(city.id));
  return {
    ...base,
    lastResult: submission.reply(),
    defaults: null,
    overview: { city: city.name, from, to, drafts: drafts === "1", ...counts, href: `/reports/pack.zip?${query}` },
  };
}

export default function Reports() {
  const { cities, years, lastResult, overview, defaults, cityParam, maxMeetings } = useLoaderData<typeof loader>();
  const { t, i18n } = useTranslation();
  const [form, fields] = useForm<{ from: string; to: string; drafts?: "1"; city?: number }>({
    id: "reporting-pack",
    lastResult,
    defaultValue: defaults ?? undefined,
    constraint: getZodConstraint(ReportSchema),
    shouldValidate: "onSubmit",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: ReportSchema }),
  });
  const day = (d: string) => formatDateShort(`${d}T12:00:00Z`, i18n.language, "UTC");
  const yearHref = (y: number) => `/reports?${new URLSearchParams({ from: `${y}-01-01`, to: `${y}-12-31`, ...(cityParam ? { city: cityParam } : {}) })}`;
  return (
    <div className="mx-auto max-w-3xl space-y-6">
      <header>
        <h1 className="text-2xl font-bold">{t("reports.title")}</h1>
        <p className="mt-2 text-slate-700">{t("reports.intro")}</p>
      </header>

      <Form method="get" {...getFormProps(form)} className="space-y-4 rounded-lg border border-slate-200 bg-white p-4 shadow-sm sm:p-6">
        <FormError errors={form.errors} />
        {cities ? (
          <div>
            <label htmlFor={fields.city.id} className="block text-sm font-medium text-slate-800">{t("reports.city")}</label>
            <select
              {...withoutKey(getSelectProps(fields.city))}
              key={fields.city.key}
              aria-invalid={fields.city.errors?.length ? true : undefined}
              aria-describedby={fields.city.errors?.length ? `${fields.city.id}-error` : undefined}
              className="mt-1 block w-full rounded border border-slate-400 bg-white px-3 py-2 text-base aria-[invalid]:border-red-600"
            >
              <option value="">{t("reports.chooseCity")}</option>
              {cities.map((c) => (
                <option key={c.id} value={c.id}>{c.name}</option>
              ))}
            </select>
            <ErrorList id={`${fields.city.id}-error`} errors={fields.city.errors} />
          </div>
        ) : null}
        <div className="grid grid-cols-1 gap-4 sm:grid-cols-2">
          <Field label={t("reports.from")} hint={t("reports.dateHint")} inputProps={{ ...getInputProps(fields.from, { type: "date" }) }} errors={fields.from.errors} />
          <Field label={t("reports.to")} hint={t("reports.dateHint")} inputProps={{ ...getInputProps(fields.to, { type: "date" }) }} errors={fields.to.errors} />
        </div>
        <div className="flex items-start gap-2">
          <input {...withoutKey(getInputProps(fields.drafts, { type: "checkbox", value: "1" }))} key={fields.drafts.key} className="mt-1 h-4 w-4" />
          <label htmlFor={fields.drafts.id} className="text-sm text-slate-800">{t("reports.drafts")}</label>
        </div>
        <ErrorList errors={fields.drafts.errors} />
        <SubmitButton>{t("reports.show")}</SubmitButton>
        <p className="text-sm text-slate-700">
          {t("reports.years")}:{" "}
          {years.map((y, i) => (
            <span key={y}>
              {i > 0 ? " · " : null}
              <Link to={yearHref(y)} className="text-brand-700 underline">{y}</Link>
            </span>
          ))}
        </p>
      </Form>

      {overview ? (
        <section aria-labelledby="pack-heading" className="rounded-lg border border-slate-200 bg-white p-4 sm:p-6" data-testid="pack-overview">
          <h2 id="pack-heading" className="text-lg font-semibold">{t("reports.overviewTitle", { city: overview.city, from: day(overview.from), to: day(overview.to) })}</h2>
          {overview.tooMany ? (
            <p role="alert" className="mt-2 rounded border border-red-300 bg-red-50 px-3 py-2 text-red-800">{t("reports.tooMany", { max: maxMeetings })}</p>
          ) : (
            <>
              <ul className="mt-2 list-disc space-y-1 pl-6 text-slate-800">
                <li>{t("reports.meetings", { count: overview.meetings })}</li>
                <li>{t("reports.approved", { count: overview.approved })}</li>
                {overview.notApproved > 0 ? <li>{t(overview.drafts ? "reports.notApprovedIn" : "reports.notApprovedOut", { count: overview.notApproved })}</li> : null}
                {overview.withoutMinutes > 0 ? <li>{t("reports.withoutMinutes", { count: overview.withoutMinutes })}</li> : null}
              </ul>
              <p className="mt-4">
                <a href={overview.href} download className="inline-block rounded bg-brand-700 px-4 py-2 font-medium text-white hover:bg-brand-800">
                  {t("reports.download")}
                </a>
              </p>
            </>
          )}
        </section>
      ) : null}
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
