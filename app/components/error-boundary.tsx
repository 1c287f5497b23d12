import { isRouteErrorResponse, Link, useRouteError } from "@remix-run/react";
import { useTranslation } from "react-i18next";

/** The one error page: 403, 404 and everything else, in the user's language, never a stack trace. */
export function GeneralErrorBoundary() {
  const error = useRouteError();
  const { t } = useTranslation();
  const status = isRouteErrorResponse(error) ? error.status : 500;
  const kind = status === 403 ? "forbidden" : status === 404 ? "notFound" : status === 410 ? "gone" : status === 401 ? "forbidden" : "server";
  if (!isRouteErrorResponse(error)) console.error(error);
  return (
    <section aria-labelledby="error-title" className="mx-auto max-w-xl py-12">
      <p className="text-sm font-semibold text-slate-600">{t("errors.status", { status })}</p>
      <h1 id="error-title" className="mt-1 text-2xl font-bold">
        {t(`errors.${kind}.title`)}
      </h1>
      <p className="mt-3 text-slate-700">{t(`errors.${kind}.body`)}</p>
      <p className="mt-6">
        <Link to="/" className="font-medium text-brand-700 underline">
          {t("errors.backHome")}
        </Link>
      </p>
    </section>
  );
}
