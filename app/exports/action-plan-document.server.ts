import type { AppLoadContext } from "@remix-run/node";
import { requirePlanReader } from "~/auth/action-plan-access.server";
import { getTranslator } from "~/i18n/i18next.server";
import { recordAudit } from "~/models/audit.server";
import { loadPlanDocument } from "~/models/action-plan.server";
import { exportLanguage } from "~/models/minutes-document.server";
import { planContent, type PlanContent } from "./action-plan-content.server";

/**
 * The plan of the reader's city (an admin's: ?city=) as translated content in the city's language,
 * for the PDF and DOCX routes; an admin without a city gets 400, another city's plan 404.
 */
export async function requirePlanContent(request: Request, context: AppLoadContext | undefined, format: "pdf" | "docx"): Promise<{ content: PlanContent; language: string } | Response> {
  const { user, city, ipAddress } = await requirePlanReader(request, context);
  if (!city) return new Response("Choose a city: ?city=<id>\n", { status: 400, headers: { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store" } });
  const document = loadPlanDocument(city.id);
  if (!document) throw new Response("Not Found", { status: 404 });
  const language = exportLanguage(city.language);
  const content = planContent(document, await getTranslator(language), language);
  recordAudit({ action: "action-plan.export", actorUserId: user.id, cityId: city.id, entityType: "action_plan", entityId: city.id, detail: { format, actions: document.actions.length }, ipAddress });
  return { content, language };
}
