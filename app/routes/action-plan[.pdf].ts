import type { LoaderFunctionArgs } from "@remix-run/node";
import { requirePlanContent } from "~/exports/action-plan-document.server";
import { renderActionPlanPdf } from "~/exports/action-plan-pdf.server";
import { fileResponse } from "~/exports/pdf.server";

/** The city's action plan as a PDF in the city's language; a plan not declared final is marked DRAFT. */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const found = await requirePlanContent(request, context, "pdf");
  if (found instanceof Response) return found;
  return fileResponse(await renderActionPlanPdf(found.content, found.language), "application/pdf", `${found.content.fileStem}.pdf`);
}
