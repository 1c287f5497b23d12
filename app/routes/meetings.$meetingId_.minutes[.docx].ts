import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireMinutesDocument } from "~/auth/minutes-export-access.server";
import { minutesContent } from "~/exports/minutes-content.server";
import { DOCX_TYPE, renderMinutesDocx } from "~/exports/minutes-docx.server";
import { fileResponse } from "~/exports/pdf.server";
import { getTranslator } from "~/i18n/i18next.server";

/** The minutes as a Word document in the city's language; drafts say DRAFT in every page's header. */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { document } = await requireMinutesDocument(request, params, context);
  const content = minutesContent(document, await getTranslator(document.language));
  return fileResponse(await renderMinutesDocx(content, document.language), DOCX_TYPE, `${content.fileStem}.docx`);
}
