import type { LoaderFunctionArgs } from "@remix-run/node";
import { getConnection } from "#db/client.server";

// Liveness for operators and load balancers: 200 only when the database answers.
export async function loader(_: LoaderFunctionArgs) {
  try {
    const row = getConnection().sqlite.prepare("select 1 as ok").get() as { ok: number };
    if (row.ok !== 1) throw new Error("unexpected answer");
    return new Response("ok\n", { status: 200, headers: { "Content-Type": "text/plain", "Cache-Control": "no-store" } });
  } catch {
    return new Response("database unavailable\n", { status: 503, headers: { "Content-Type": "text/plain" } });
  }
}
