import type { LoaderFunctionArgs } from "@remix-run/node";
import { requirePlanContent } from "~/exports/action-plan-document.server";
import { renderActionPlanDocx } from "~/exports/action-plan-docx.server";
import { DOCX_TYPE } from "~/exports/minutes-docx.server";
import { fileResponse } from "~/exports/pdf.server";

/** The city's action plan as a Word document in the city's language; a plan not declared final is marked DRAFT. */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const found = await requirePlanContent(request, context, "docx");
  if (found instanceof Response) return found;
  return fileResponse(await renderActionPlanDocx(found.content, found.language), DOCX_TYPE, `${found.content.fileStem}.docx`);
}
