import { isRouteErrorResponse, Link, useRouteError } from "@remix-run/react";
import { useTranslation } from "~/i18n/use-translation";

type StatusMessage = { title: string; body: string; link?: { to: string; label: string } };

/**
 * The one error page: 403, 404 and everything else, in the user's language, never a stack trace.
 * A route may word a status its own way (`messages`: i18n keys per status), e.g. an expired link.
 */
export function GeneralErrorBoundary({ messages }: { messages?: Partial<Record<number, StatusMessage>> } = {}) {
  const error = useRouteError();
  const { t } = useTranslation();
  const status = isRouteErrorResponse(error) ? error.status : 500;
  const kind = status === 403 ? "forbidden" : status === 404 ? "notFound" : status === 410 ? "gone" : status === 401 ? "forbidden" : "server";
  if (!isRouteErrorResponse(error)) console.error(error);
  const own = isRouteErrorResponse(error) ? messages?.[status] : undefined;
  return (
    <section aria-labelledby="error-title" className="mx-auto max-w-xl py-12">
      <p className="text-sm font-semibold text-slate-600">{t("errors.status", { status })}</p>
      <h1 id="error-title" className="mt-1 text-2xl font-bold">
        {t(own?.title ?? `errors.${kind}.title`)}
      </h1>
      <p className="mt-3 text-slate-700">{t(own?.body ?? `errors.${kind}.body`)}</p>
      {own?.link ? (
        <p className="mt-6">
          <Link to={own.link.to} className="font-medium text-brand-700 underline">
            {t(own.link.label)}
          </Link>
        </p>
      ) : null}
      <p className="mt-6">
        <Link to="/" className="font-medium text-brand-700 underline">
          {t("errors.backHome")}
        </Link>
      </p>
    </section>
  );
}
