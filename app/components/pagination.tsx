import { Link, useLocation } from "@remix-run/react";
import { useTranslation } from "~/i18n/use-translation";

export function Pagination({ page, total, pageSize }: { page: number; total: number; pageSize: number }) {
  const { t } = useTranslation();
  const location = useLocation();
  const pages = Math.max(1, Math.ceil(total / pageSize));
  if (pages <= 1) return null;
  const hrefFor = (p: number) => {
    const params = new URLSearchParams(location.search);
    params.set("page", String(p));
    return `${location.pathname}?${params}`;
  };
  return (
    <nav aria-label={t("pagination.label")} className="mt-4 flex items-center gap-4 text-sm">
      {page > 1 ? (
        <Link to={hrefFor(page - 1)} rel="prev" className="rounded border border-slate-300 px-3 py-1 hover:bg-slate-100">
          {t("pagination.previous")}
        </Link>
      ) : null}
      <span>{t("pagination.status", { page, pages })}</span>
      {page < pages ? (
        <Link to={hrefFor(page + 1)} rel="next" className="rounded border border-slate-300 px-3 py-1 hover:bg-slate-100">
          {t("pagination.next")}
        </Link>
      ) : null}
    </nav>
  );
}
