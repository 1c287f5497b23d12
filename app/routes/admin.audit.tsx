import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, useLoaderData } from "@remix-run/react";
import { useTranslation } from "~/i18n/use-translation";
import { requireScope } from "~/auth/auth.server";
import { AdminNav } from "~/components/admin-nav";
import { Pagination } from "~/components/pagination";
import { AUDIT_PAGE_SIZE, listAudit } from "~/models/audit.server";
import { clientAddress, pageParam } from "~/utils/request.server";

export const meta: MetaFunction = () => [{ title: "Audit log · ULG Workshop" }];

const DATE = /^\d{4}-\d{2}-\d{2}$/;

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { user, scope } = await requireScope(request, "read:audit", clientAddress(context));
  const url = new URL(request.url);
  const action = (url.searchParams.get("action") ?? "").trim().slice(0, 60);
  const q = (url.searchParams.get("q") ?? "").trim().slice(0, 200);
  const from = url.searchParams.get("from") ?? "";
  const to = url.searchParams.get("to") ?? "";
  const page = pageParam(url);
  const { rows, total } = listAudit(scope, {
    action: action || undefined,
    q: q || undefined,
    from: DATE.test(from) ? from : undefined,
    to: DATE.test(to) ? to : undefined,
    page,
  });
  return {
    pageSize: AUDIT_PAGE_SIZE,
    rows: rows.map((r) => ({ ...r, at: r.at.toISOString() })),
    total,
    page,
    filters: { action, q, from, to },
    timeZone: user.city?.timeZone ?? "UTC",
  };
}

export default function AuditLog() {
  const { rows, total, pageSize, page, filters, timeZone } = useLoaderData<typeof loader>();
  const { t, i18n } = useTranslation();
  const df = new Intl.DateTimeFormat(i18n.language, { dateStyle: "short", timeStyle: "medium", timeZone });
  return (
    <div>
      <AdminNav />
      <h1 className="mt-4 text-2xl font-bold">{t("audit.title")}</h1>
      <Form method="get" role="search" className="mt-4 flex flex-wrap items-end gap-3 rounded-lg border border-slate-200 bg-white p-4">
        <div>
          <label htmlFor="action" className="block text-sm font-medium">{t("audit.action")}</label>
          <select id="action" name="action" defaultValue={filters.action} className="mt-1 rounded border border-slate-400 bg-white px-3 py-2">
            <option value="">{t("audit.allActions")}</option>
            <option value="auth.">{t("audit.kind.auth")}</option>
            <option value="access.denied">{t("audit.kind.denied")}</option>
            <option value="user.">{t("audit.kind.user")}</option>
          </select>
        </div>
        <div>
          <label htmlFor="q" className="block text-sm font-medium">{t("audit.who")}</label>
          <input id="q" name="q" type="search" defaultValue={filters.q} className="mt-1 rounded border border-slate-400 px-3 py-2" />
        </div>
        <div>
          <label htmlFor="from" className="block text-sm font-medium">{t("audit.from")}</label>
          <input id="from" name="from" type="date" defaultValue={filters.from} className="mt-1 rounded border border-slate-400 px-3 py-2" />
        </div>
        <div>
          <label htmlFor="to" className="block text-sm font-medium">{t("audit.to")}</label>
          <input id="to" name="to" type="date" defaultValue={filters.to} className="mt-1 rounded border border-slate-400 px-3 py-2" />
        </div>
        <button type="submit" className="rounded bg-brand-700 px-4 py-2 font-medium text-white">{t("members.filter")}</button>
      </Form>
      <p className="mt-4 text-sm text-slate-700">{t("audit.count", { count: total })}</p>
      <div className="mt-2 overflow-x-auto rounded-lg border border-slate-200 bg-white">
        <table className="min-w-full text-left text-sm">
          <caption className="sr-only">{t("audit.title")}</caption>
          <thead className="bg-slate-100">
            <tr>
              <th scope="col" className="px-3 py-2">{t("audit.when")}</th>
              <th scope="col" className="px-3 py-2">{t("audit.who")}</th>
              <th scope="col" className="px-3 py-2">{t("audit.action")}</th>
              <th scope="col" className="px-3 py-2">{t("audit.record")}</th>
              <th scope="col" className="px-3 py-2">{t("members.city")}</th>
              <th scope="col" className="hidden px-3 py-2 md:table-cell">{t("audit.address")}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.id} className="border-t border-slate-100 align-top">
                <td className="whitespace-nowrap px-3 py-2"><time dateTime={r.at}>{df.format(new Date(r.at))}</time></td>
                <td className="px-3 py-2">{r.actorName ? `${r.actorName} (${r.actorEmail})` : r.actorLabel ?? "—"}</td>
                <td className="px-3 py-2">
                  <code>{r.action}</code>
                  {r.detail ? <span className="block break-all text-xs text-slate-600">{r.detail}</span> : null}
                </td>
                <td className="px-3 py-2">{r.entityType ? `${r.entityType} #${r.entityId}` : "—"}</td>
                <td className="px-3 py-2">{r.cityName ?? "—"}</td>
                <td className="hidden px-3 py-2 md:table-cell">{r.ipAddress ?? "—"}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <Pagination page={page} total={total} pageSize={pageSize} />
    </div>
  );
}
