import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireMinutesDocument } from "~/auth/minutes-export-access.server";
import { minutesContent } from "~/exports/minutes-content.server";
import { renderMinutesPdf } from "~/exports/minutes-pdf.server";
import { fileResponse } from "~/exports/pdf.server";
import { getTranslator } from "~/i18n/i18next.server";

/** The minutes as a PDF in the city's language; drafts carry a DRAFT banner, header and watermark. */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { document } = await requireMinutesDocument(request, params, context);
  const content = minutesContent(document, await getTranslator(document.language));
  return fileResponse(await renderMinutesPdf(content, document.language), "application/pdf", `${content.fileStem}.pdf`);
}
