import { getFormProps, getInputProps, useForm, type SubmissionResult } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod/v4";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useNavigation } from "@remix-run/react";
import { useTranslation } from "~/i18n/use-translation";
import { z } from "zod";
import { requireCityUser, requireScope } from "~/auth/auth.server";
import { ErrorList, Field, FormError, SubmitButton } from "~/components/forms";
import { decodeUpload, importMembers, reviewCsv, type PreviewValues, type Review } from "~/models/member-import.server";
import { randomToken } from "~/utils/crypto.server";
import { readLimitedFormData } from "~/utils/limited-form.server";
import { MAPPING_CHOICES, MAX_IMPORT_COLUMNS, MAX_IMPORT_FILE_BYTES, type MappingChoice } from "~/utils/member-import-fields";
import { clientAddress } from "~/utils/request.server";

export const meta: MetaFunction = () => [{ title: "Import members · ULG Workshop" }];

// The CSV text travels back in a hidden field; line ends may grow to CRLF on the way, hence the margin.
const MAX_BODY_BYTES = MAX_IMPORT_FILE_BYTES + 1024 * 1024;

const UploadSchema = z.object({
  intent: z.literal("upload"),
  file: z.file({ error: "membersImport.errors.noFile" }),
});

const ReviewSchema = z.object({
  intent: z.enum(["preview", "import"]),
  csv: z.string().max(MAX_BODY_BYTES),
  fileName: z.string().max(255).optional().default(""),
  encoding: z.enum(["utf-8", "utf-16", "windows-1252"]).optional().default("utf-8"),
  mapping: z.array(z.enum(MAPPING_CHOICES)).min(1).max(MAX_IMPORT_COLUMNS),
  previewedMapping: z.string().max(MAX_IMPORT_COLUMNS * 20).optional(),
  confirmedValid: z.coerce.number().int().min(0).optional(),
  confirmedInvalid: z.coerce.number().int().min(0).optional(),
  importId: z.string().regex(/^[A-Za-z0-9_-]{16,64}$/).optional(),
});

type ActionData =
  | { step: "upload"; result: SubmissionResult<string[]> }
  | { step: "review"; review: Review; csv: string; importId: string; formErrors: string[] };

const uploadError = (message: string) =>
  data<ActionData>({ step: "upload", result: { status: "error", error: { file: [message] } } }, { status: 400 });

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { user } = await requireScope(request, "write:member", clientAddress(context));
  requireCityUser(user);
  return { maxMegabytes: MAX_IMPORT_FILE_BYTES / (1024 * 1024) };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const ipAddress = clientAddress(context);
  // The permission check comes before the body is read: a refused upload is not even looked at.
  const { user } = await requireScope(request, "write:member", ipAddress);
  const { cityId } = requireCityUser(user);
  const body = await readLimitedFormData(request, MAX_BODY_BYTES);
  if (body.kind === "tooLarge") return uploadError("membersImport.errors.tooLarge");
  if (body.kind === "unreadable") return uploadError("membersImport.errors.invalidForm");
  const formData = body.formData;

  if (formData.get("intent") === "upload") {
    const submission = parseWithZod(formData, { schema: UploadSchema });
    if (submission.status !== "success") return data<ActionData>({ step: "upload", result: submission.reply() }, { status: 400 });
    const file = submission.value.file;
    const fail = (message: string) => data<ActionData>({ step: "upload", result: submission.reply({ fieldErrors: { file: [message] } }) }, { status: 400 });
    if (file.size > MAX_IMPORT_FILE_BYTES) return fail("membersImport.errors.tooLarge");
    const decoded = decodeUpload(new Uint8Array(await file.arrayBuffer()));
    if ("error" in decoded) return fail(decoded.error);
    const fileName = file.name.slice(0, 255);
    const result = reviewCsv(cityId, decoded.text, { fileName, encoding: decoded.encoding });
    if ("error" in result) return fail(result.error);
    const status = result.review.mappingErrors.length ? 400 : 200;
    return data<ActionData>({ step: "review", review: result.review, csv: decoded.text, importId: randomToken(), formErrors: [] }, { status });
  }

  const submission = parseWithZod(formData, { schema: ReviewSchema });
  if (submission.status !== "success") return uploadError("membersImport.errors.invalidForm");
  const form = submission.value;
  const mapping = form.mapping as MappingChoice[];
  const result = reviewCsv(cityId, form.csv, { fileName: form.fileName, encoding: form.encoding, mapping });
  if ("error" in result) return uploadError(result.error);
  const { review, drafts } = result;
  const importId = form.importId ?? randomToken();
  const show = (status: number, formErrors: string[] = []) =>
    data<ActionData>({ step: "review", review, csv: form.csv, importId, formErrors }, { status });

  if (review.mappingErrors.length || !review.check) return show(400);
  if (form.intent === "preview") return show(200);

  // Import only what the coordinator saw: the same matching, the same counts.
  if (form.previewedMapping !== mapping.join(",")) return show(400, ["membersImport.errors.mappingChanged"]);
  if (review.check.validCount === 0) return show(400, ["membersImport.errors.nothingToImport"]);
  if (form.confirmedValid !== review.check.validCount || form.confirmedInvalid !== review.check.invalidCount) {
    return show(409, ["membersImport.errors.rosterChanged"]);
  }
  if (!form.importId) return show(400, ["membersImport.errors.invalidForm"]);
  const outcome = importMembers(cityId, drafts, { importId: form.importId, fileName: form.fileName, skipped: review.check.invalidCount }, { id: user.id, ipAddress });
  if (outcome.status === "conflict") {
    // Show the rows as they stand now: the e-mail that got in meanwhile is listed as a duplicate.
    const fresh = reviewCsv(cityId, form.csv, { fileName: form.fileName, encoding: form.encoding, mapping });
    const review2 = "error" in fresh ? review : fresh.review;
    return data<ActionData>({ step: "review", review: review2, csv: form.csv, importId, formErrors: ["membersImport.errors.conflict"] }, { status: 409 });
  }
  const params = new URLSearchParams({ imported: String(outcome.count) });
  if (review.check.invalidCount > 0) params.set("skipped", String(review.check.invalidCount));
  return redirect(`/members?${params}`);
}

const columnLetter = (i: number): string => (i < 26 ? String.fromCharCode(65 + i) : columnLetter(Math.floor(i / 26) - 1) + String.fromCharCode(65 + (i % 26)));

/** Renders "key|{json}" messages; unlike split("|", 2), a "|" inside a quoted value survives. */
function useMessage() {
  const { t } = useTranslation();
  return (message: string) => {
    const bar = message.indexOf("|");
    return bar === -1 ? t(message) : t(message.slice(0, bar), JSON.parse(message.slice(bar + 1)) as Record<string, unknown>);
  };
}

export default function MembersImport() {
  const actionData = useActionData<typeof action>();
  const { t } = useTranslation();
  const step = actionData?.step === "review" ? (actionData.review.check ? 3 : 2) : 1;
  return (
    <div className="mx-auto max-w-5xl">
      <p className="text-sm">
        <Link to="/members" className="text-brand-700 underline">{t("membersImport.back")}</Link>
      </p>
      <h1 className="mt-2 text-2xl font-bold">{t("membersImport.title")}</h1>
      <p className="mt-2 text-slate-700">{t("membersImport.intro")}</p>
      <ol aria-label={t("membersImport.steps.label")} className="mt-4 flex flex-wrap gap-x-6 gap-y-1 text-sm">
        {(["upload", "mapping", "preview"] as const).map((key, i) => (
          <li key={key} aria-current={step === i + 1 ? "step" : undefined} className={step === i + 1 ? "font-bold text-slate-900" : "text-slate-700"}>
            {i + 1}. {t(`membersImport.steps.${key}`)}
          </li>
        ))}
      </ol>
      {actionData?.step === "review" ? (
        <ReviewForm review={actionData.review} csv={actionData.csv} importId={actionData.importId} formErrors={actionData.formErrors} />
      ) : (
        <UploadForm lastResult={actionData?.step === "upload" ? actionData.result : undefined} />
      )}
    </div>
  );
}

function UploadForm({ lastResult }: { lastResult?: SubmissionResult<string[]> }) {
  const { t } = useTranslation();
  const navigation = useNavigation();
  const [form, fields] = useForm({
    id: "members-import-upload",
    lastResult,
    constraint: getZodConstraint(UploadSchema),
    shouldValidate: "onSubmit",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: UploadSchema }),
  });
  return (
    <Form method="post" encType="multipart/form-data" {...getFormProps(form)} className="mt-6 space-y-4 rounded-lg border border-slate-200 bg-white p-6">
      <h2 className="text-lg font-semibold">1. {t("membersImport.steps.upload")}</h2>
      <FormError errors={form.errors} />
      <input type="hidden" name="intent" value="upload" />
      <Field
        label={t("membersImport.upload.file")}
        hint={t("membersImport.upload.hint")}
        inputProps={{ ...getInputProps(fields.file, { type: "file" }), accept: ".csv,.txt,text/csv,text/plain" }}
        errors={fields.file.errors}
      />
      <div className="flex flex-wrap items-center gap-3">
        <SubmitButton>{t("membersImport.upload.submit")}</SubmitButton>
        <p role="status" className="text-sm text-slate-700">{navigation.state === "submitting" ? t("membersImport.working") : ""}</p>
      </div>
    </Form>
  );
}

function ReviewForm({ review, csv, importId, formErrors }: { review: Review; csv: string; importId: string; formErrors: string[] }) {
  const { t } = useTranslation();
  const message = useMessage();
  const navigation = useNavigation();
  const busy = navigation.state === "submitting";
  const check = review.check;
  const mapped = review.mapping.filter((m): m is Exclude<MappingChoice, "ignore"> => m !== "ignore");
  const mappingErrorId = "mapping-errors";
  return (
    <Form method="post" encType="multipart/form-data" className="mt-6 space-y-6">
      <input type="hidden" name="csv" value={csv} />
      <input type="hidden" name="fileName" value={review.fileName} />
      <input type="hidden" name="encoding" value={review.encoding} />
      <input type="hidden" name="importId" value={importId} />
      {check ? (
        <>
          <input type="hidden" name="previewedMapping" value={review.mapping.join(",")} />
          <input type="hidden" name="confirmedValid" value={check.validCount} />
          <input type="hidden" name="confirmedInvalid" value={check.invalidCount} />
        </>
      ) : null}
      <FormError errors={formErrors.map(message)} />
      <section aria-labelledby="mapping-title" className="rounded-lg border border-slate-200 bg-white p-4 sm:p-6">
        <h2 id="mapping-title" className="text-lg font-semibold">2. {t("membersImport.steps.mapping")}</h2>
        <p className="mt-1 text-sm text-slate-700">
          {t("membersImport.fileInfo", { fileName: review.fileName || "CSV", count: check?.total ?? 0, delimiter: t(`membersImport.delimiters.${review.delimiter}`) })}
        </p>
        {review.encoding === "windows-1252" ? (
          <p className="mt-2 rounded border border-amber-300 bg-amber-50 px-3 py-2 text-sm text-amber-900">{t("membersImport.encodingNotice")}</p>
        ) : null}
        <p className="mt-2 text-sm text-slate-700">{t("membersImport.mapping.intro")}</p>
        {review.mappingErrors.length ? (
          <div role="alert" id={mappingErrorId} className="mt-3">
            <ErrorList errors={review.mappingErrors.map((e) => {
              const bar = e.indexOf("|");
              if (bar === -1) return e;
              // The field name inside the message is shown in the reader's language.
              const opts = JSON.parse(e.slice(bar + 1)) as { field?: string };
              return opts.field ? `${e.slice(0, bar)}|${JSON.stringify({ field: t(`membersImport.fields.${opts.field}`) })}` : e;
            })} />
          </div>
        ) : null}
        <div className="mt-3 overflow-x-auto">
          <table className="min-w-full text-left text-sm">
            <caption className="sr-only">{t("membersImport.mapping.caption")}</caption>
            <thead className="bg-slate-100">
              <tr>
                <th scope="col" className="hidden px-3 py-2 sm:table-cell">{t("membersImport.mapping.column")}</th>
                <th scope="col" className="px-2 py-2 sm:px-3">{t("membersImport.mapping.header")}</th>
                <th scope="col" className="hidden px-3 py-2 sm:table-cell">{t("membersImport.mapping.example")}</th>
                <th scope="col" className="px-2 py-2 sm:px-3">{t("membersImport.mapping.field")}</th>
              </tr>
            </thead>
            <tbody>
              {review.columns.map((c, i) => (
                <tr key={i} className="border-t border-slate-100">
                  <td className="hidden px-3 py-2 sm:table-cell">{columnLetter(i)}</td>
                  <th scope="row" className="px-2 py-2 font-medium break-words sm:px-3">{c.header || "—"}</th>
                  <td className="hidden max-w-xs truncate px-3 py-2 text-slate-700 sm:table-cell">{c.sample}</td>
                  <td className="px-2 py-2 sm:px-3">
                    <label htmlFor={`mapping-${i}`} className="sr-only">
                      {t("membersImport.mapping.fieldFor", { column: columnLetter(i), header: c.header || "—" })}
                    </label>
                    <select
                      id={`mapping-${i}`}
                      name={`mapping[${i}]`}
                      defaultValue={review.mapping[i]}
                      aria-describedby={review.mappingErrors.length ? mappingErrorId : undefined}
                      className="block w-full max-w-xs rounded border border-slate-400 bg-white px-2 py-1.5"
                    >
                      {MAPPING_CHOICES.map((choice) => (
                        <option key={choice} value={choice}>
                          {choice === "ignore" ? t("membersImport.mapping.ignore") : t(`membersImport.fields.${choice}`)}
                        </option>
                      ))}
                    </select>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        <button
          type="submit"
          name="intent"
          value="preview"
          disabled={busy}
          className="mt-4 rounded border border-brand-700 bg-white px-4 py-2 font-medium text-brand-700 hover:bg-slate-50"
        >
          {t("membersImport.mapping.update")}
        </button>
      </section>

      {check ? (
        <section aria-labelledby="preview-title" className="rounded-lg border border-slate-200 bg-white p-4 sm:p-6">
          <h2 id="preview-title" className="text-lg font-semibold">3. {t("membersImport.steps.preview")}</h2>
          <div role="status" className="mt-2 space-y-0.5 text-sm">
            <p className="font-medium">{t("membersImport.preview.notSaved")}</p>
            <p>{t("membersImport.preview.rows", { count: check.total })}</p>
            <p>{t("membersImport.preview.ready", { count: check.validCount })}</p>
            {check.invalidCount ? <p className="font-medium text-red-800">{t("membersImport.preview.invalid", { count: check.invalidCount })}</p> : null}
          </div>

          {check.errors.length ? (
            <>
              <h3 id="errors-title" className="mt-6 font-semibold">{t("membersImport.preview.errorsTitle")}</h3>
              {/* Focusable so that keyboard users can scroll it on a narrow screen. */}
              <div tabIndex={0} role="region" aria-labelledby="errors-title" className="mt-2 overflow-x-auto">
                <table className="min-w-full text-left text-sm">
                  <caption className="sr-only">{t("membersImport.preview.errorsCaption")}</caption>
                  <thead className="bg-slate-100">
                    <tr>
                      <th scope="col" className="px-3 py-2">{t("membersImport.preview.row")}</th>
                      <th scope="col" className="px-3 py-2">{t("membersImport.preview.field")}</th>
                      <th scope="col" className="px-3 py-2">{t("membersImport.preview.problem")}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {check.errors.map((e, i) => (
                      <tr key={i} className="border-t border-slate-100">
                        <th scope="row" className="px-3 py-2 font-medium">{e.row}</th>
                        <td className="px-3 py-2">{e.field ? t(`membersImport.fields.${e.field}`) : t("membersImport.preview.wholeRow")}</td>
                        <td className="px-3 py-2 text-red-800">{message(e.message)}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
              {check.moreErrors ? <p className="mt-2 text-sm text-slate-700">{t("membersImport.preview.moreErrors", { count: check.moreErrors })}</p> : null}
            </>
          ) : null}

          <h3 id="rows-title" className="mt-6 font-semibold">{t("membersImport.preview.rowsTitle")}</h3>
          {check.total > check.rows.length ? (
            <p className="mt-1 text-sm text-slate-700">{t("membersImport.preview.rowsCapped", { shown: check.rows.length, count: check.total })}</p>
          ) : null}
          <div tabIndex={0} role="region" aria-labelledby="rows-title" className="mt-2 max-h-[32rem] overflow-auto rounded border border-slate-200">
            <table className="min-w-full text-left text-sm">
              <caption className="sr-only">{t("membersImport.preview.rowsCaption")}</caption>
              <thead className="bg-slate-100">
                <tr>
                  <th scope="col" className="px-3 py-2">{t("membersImport.preview.row")}</th>
                  <th scope="col" className="px-3 py-2">{t("membersImport.preview.status")}</th>
                  {previewColumns(mapped).map((f) => (
                    <th key={f} scope="col" className="px-3 py-2">{t(`membersImport.fields.${f}`)}</th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {check.rows.map((r) => (
                  <tr key={r.row} className="border-t border-slate-100 align-top">
                    <th scope="row" className="px-3 py-2 font-medium">{r.row}</th>
                    <td className={`px-3 py-2 ${r.ok ? "text-green-800" : "font-medium text-red-800"}`}>
                      {r.ok ? t("membersImport.preview.ok") : t("membersImport.preview.hasErrors")}
                    </td>
                    {previewColumns(mapped).map((f) => (
                      <td key={f} className="px-3 py-2">{cellText(r.values, f, t)}</td>
                    ))}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>

          <div className="mt-6 space-y-2">
            {check.validCount > 0 ? (
              <>
                {check.invalidCount > 0 ? <p className="text-sm text-slate-700">{t("membersImport.preview.skipNote")}</p> : null}
                <button type="submit" name="intent" value="import" disabled={busy} className="rounded bg-brand-700 px-4 py-2 text-left font-medium text-white hover:bg-brand-800">
                  {check.invalidCount > 0
                    ? t("membersImport.preview.importValid", { valid: check.validCount, invalid: check.invalidCount })
                    : t("membersImport.preview.importAll", { count: check.validCount })}
                </button>
              </>
            ) : (
              <p className="font-medium text-red-800">{t("membersImport.preview.nothingValid")}</p>
            )}
            <p role="status" className="text-sm text-slate-700">{busy ? t("membersImport.working") : ""}</p>
            <p className="text-sm">
              <Link to="/members/import" reloadDocument className="text-brand-700 underline">{t("membersImport.preview.startOver")}</Link>
            </p>
          </div>
        </section>
      ) : (
        <p className="text-sm">
          <Link to="/members/import" reloadDocument className="text-brand-700 underline">{t("membersImport.preview.startOver")}</Link>
        </p>
      )}
    </Form>
  );
}

type PreviewField = "name" | "email" | "phone" | "organisation" | "sector" | "position" | "joinedOn" | "leftOn" | "consentContact" | "consentPhotos";

/** The preview shows the saved shape: first and last name become one name. */
function previewColumns(mapped: Exclude<MappingChoice, "ignore">[]): PreviewField[] {
  const fields = new Set<PreviewField>(["name"]);
  for (const f of mapped) fields.add(f === "firstName" || f === "lastName" ? "name" : f);
  const order: PreviewField[] = ["name", "email", "phone", "organisation", "sector", "position", "joinedOn", "leftOn", "consentContact", "consentPhotos"];
  return order.filter((f) => fields.has(f));
}

function cellText(values: PreviewValues, field: PreviewField, t: (key: string) => string): string {
  if (field === "sector") return values.sector ? t(`sectors.${values.sector}`) : values.sectorText;
  if (field === "consentContact" || field === "consentPhotos") {
    const v = values[field];
    return v === null ? "?" : v ? t("membersImport.preview.yes") : t("membersImport.preview.no");
  }
  return values[field];
}
