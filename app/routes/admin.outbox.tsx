import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { useTranslation } from "~/i18n/use-translation";
import { requireScope } from "~/auth/auth.server";
import { AdminNav } from "~/components/admin-nav";
import { Pagination } from "~/components/pagination";
import { listOutbox, OUTBOX_PAGE_SIZE } from "~/models/outbox.server";
import { smtpConfigured } from "~/utils/mail.server";
import { clientAddress, pageParam } from "~/utils/request.server";

export const meta: MetaFunction = () => [{ title: "Outbox · ULG Workshop" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { user, scope } = await requireScope(request, "read:outbox", clientAddress(context));
  const page = pageParam(new URL(request.url));
  const { rows, total } = listOutbox(scope, user, page);
  return {
    rows: rows.map((r) => ({ ...r, createdAt: r.createdAt.toISOString(), sentAt: r.sentAt?.toISOString() ?? null })),
    total,
    page,
    pageSize: OUTBOX_PAGE_SIZE,
    allCities: scope.kind === "all",
    smtp: smtpConfigured(),
    timeZone: user.city?.timeZone ?? "UTC",
  };
}

const KNOWN_KINDS = new Set(["invite", "reset"]);

export default function Outbox() {
  const { rows, total, page, pageSize, allCities, smtp, timeZone } = useLoaderData<typeof loader>();
  const { t, i18n } = useTranslation();
  const df = new Intl.DateTimeFormat(i18n.language, { dateStyle: "short", timeStyle: "short", timeZone });
  return (
    <div>
      <AdminNav />
      <h1 className="mt-4 text-2xl font-bold">{t("outbox.title")}</h1>
      <p className="mt-2 max-w-3xl text-slate-700">{t("outbox.intro")}</p>
      {smtp ? null : (
        <p role="status" className="mt-3 max-w-3xl rounded border border-amber-500 bg-amber-50 px-3 py-2 text-amber-900">{t("outbox.noSmtp")}</p>
      )}
      <p className="mt-4 text-sm text-slate-700">{t("outbox.count", { count: total })}</p>
      {rows.length === 0 ? (
        <p className="mt-2 text-slate-700">{t("outbox.empty")}</p>
      ) : (
        <ol className="mt-2 space-y-3">
          {rows.map((m) => (
            <li key={m.id} className="rounded-lg border border-slate-200 bg-white p-4">
              <h2 className="font-semibold" lang={m.language}>{m.subject}</h2>
              <dl className="mt-2 grid grid-cols-1 gap-x-6 gap-y-1 text-sm sm:grid-cols-[auto_1fr]">
                <dt className="text-slate-600">{t("outbox.to")}</dt>
                <dd>{m.toName ? `${m.toName} <${m.toAddress}>` : m.toAddress}</dd>
                <dt className="text-slate-600">{t("outbox.when")}</dt>
                <dd><time dateTime={m.createdAt}>{df.format(new Date(m.createdAt))}</time></dd>
                <dt className="text-slate-600">{t("outbox.kind")}</dt>
                <dd>{KNOWN_KINDS.has(m.kind) ? t(`outbox.kinds.${m.kind}`) : m.kind}</dd>
                <dt className="text-slate-600">{t("outbox.status")}</dt>
                <dd>
                  {t(`outbox.statuses.${m.status}`)}
                  {m.status === "failed" && m.error ? <span className="text-red-800"> ({m.error})</span> : null}
                </dd>
                {allCities ? (
                  <>
                    <dt className="text-slate-600">{t("outbox.city")}</dt>
                    <dd>{m.cityName ?? t("app.network")}</dd>
                  </>
                ) : null}
              </dl>
              {m.textBody == null ? (
                <p className="mt-3 text-sm text-slate-700">{t("outbox.hidden")}</p>
              ) : (
                <details className="mt-3">
                  <summary className="cursor-pointer text-sm font-medium text-brand-700 underline">
                    {t("outbox.showText")}
                    <span className="sr-only">: {m.subject}</span>
                  </summary>
                  <pre lang={m.language} className="mt-2 overflow-x-auto whitespace-pre-wrap break-words rounded bg-slate-50 p-3 font-mono text-sm">
                    {m.textBody}
                  </pre>
                </details>
              )}
            </li>
          ))}
        </ol>
      )}
      <Pagination page={page} total={total} pageSize={pageSize} />
    </div>
  );
}
