import { parseWithZod } from "@conform-to/zod/v4";
import type { LoaderFunctionArgs } from "@remix-run/node";
import { reportCity, requireReporter } from "~/auth/report-access.server";
import { fileResponse } from "~/exports/pdf.server";
import { buildReportingPack } from "~/exports/reporting-pack.server";
import { getT, getTranslator } from "~/i18n/i18next.server";
import { recordAudit } from "~/models/audit.server";
import { loadPeriodReport, PACK_MAX_MEETINGS } from "~/models/minutes-document.server";
import { ReportSchema } from "~/utils/report-validation";

/**
 * The reporting pack of a period as a ZIP, for project coordinators (their city) and admins (the
 * city they name). Bad input answers 400 with the field messages as text, in the reader's language.
 */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const { user, scope, ipAddress } = await requireReporter(request, context);
  const t = await getT(request, user);
  const badRequest = (messages: string[]) =>
    new Response(`${messages.join("\n")}\n`, { status: 400, headers: { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store" } });
  const translate = (message: string) => {
    const [key, json] = message.split("|", 2);
    return String(t(key, (json ? JSON.parse(json) : undefined) as never));
  };
  const submission = parseWithZod(new URL(request.url).searchParams, { schema: ReportSchema });
  if (submission.status !== "success") {
    const errors = Object.entries(submission.error ?? {}).flatMap(([field, messages]) =>
      (messages ?? []).map((m) => `${field ? `${t(`reports.${field === "drafts" ? "drafts" : field}`)}: ` : ""}${translate(m)}`),
    );
    return badRequest(errors);
  }
  const { from, to, drafts, city: requested } = submission.value;
  const city = reportCity(user, scope, requested);
  if (typeof city === "string") return badRequest([`${t("reports.city")}: ${t(`reports.errors.${city}`)}`]);
  const report = loadPeriodReport(city, { from, to }, { includeDrafts: drafts === "1" });
  if (report === "tooMany") return badRequest([t("reports.tooMany", { max: PACK_MAX_MEETINGS })]);
  const pack = await buildReportingPack(report, { from, to }, await getTranslator(report.language));
  recordAudit({
    action: "report.pack",
    actorUserId: user.id,
    cityId: city.id,
    entityType: "city",
    entityId: city.id,
    detail: { from, to, drafts: drafts === "1", meetings: report.meetings.length, minutes: report.documents.length },
    ipAddress,
  });
  return fileResponse(Buffer.from(pack.zip.buffer, pack.zip.byteOffset, pack.zip.byteLength), "application/zip", pack.fileName);
}
