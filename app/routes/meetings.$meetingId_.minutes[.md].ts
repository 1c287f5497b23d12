import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireMinutesDocument } from "~/auth/minutes-export-access.server";
import { minutesContent } from "~/exports/minutes-content.server";
import { renderMinutesMarkdown } from "~/exports/minutes-markdown.server";
import { fileResponse } from "~/exports/pdf.server";
import { getTranslator } from "~/i18n/i18next.server";

/** The minutes as Markdown text in the city's language, with no raw HTML in it. */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { document } = await requireMinutesDocument(request, params, context);
  const content = minutesContent(document, await getTranslator(document.language));
  return fileResponse(renderMinutesMarkdown(content), "text/markdown; charset=utf-8", `${content.fileStem}.md`);
}
