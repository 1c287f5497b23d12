import type { LoaderFunctionArgs } from "@remix-run/node";
import { requirePermission } from "~/auth/auth.server";
import { collectMyData } from "~/models/account.server";
import { recordAudit } from "~/models/audit.server";
import { clientAddress } from "~/utils/request.server";

/** The signed-in person's own data as a JSON download (GDPR access and portability). */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const ipAddress = clientAddress(context);
  const user = await requirePermission(request, "update:settings:own", ipAddress);
  const myData = collectMyData(user.id);
  if (!myData) throw new Response("Not Found", { status: 404 });
  recordAudit({ action: "user.export_own_data", actorUserId: user.id, cityId: user.cityId, entityType: "user", entityId: user.id, ipAddress });
  const day = new Intl.DateTimeFormat("en-CA", { timeZone: user.city?.timeZone ?? "UTC", year: "numeric", month: "2-digit", day: "2-digit" }).format(myData.exportedAt);
  return new Response(JSON.stringify(myData, null, 2), {
    headers: {
      "Content-Type": "application/json; charset=utf-8",
      "Content-Disposition": `attachment; filename="${day}-ulg-workshop-my-data.json"`,
      "Cache-Control": "no-store",
    },
  });
}
