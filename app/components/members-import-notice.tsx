import { useSearchParams } from "@remix-run/react";
import { useTranslation } from "~/i18n/use-translation";

/** The summary the roster shows after a CSV import (/members?imported=N&skipped=M). */
export function MembersImportNotice() {
  const [params] = useSearchParams();
  const { t } = useTranslation();
  const imported = Number.parseInt(params.get("imported") ?? "", 10);
  if (!Number.isSafeInteger(imported) || imported < 0) return null;
  const skipped = Number.parseInt(params.get("skipped") ?? "0", 10);
  return (
    <div role="status" className="mt-4 rounded border border-green-300 bg-green-50 px-3 py-2 text-green-900">
      <p>{t("membersImport.done.imported", { count: imported })}</p>
      {Number.isSafeInteger(skipped) && skipped > 0 ? <p>{t("membersImport.done.skipped", { count: skipped })}</p> : null}
    </div>
  );
}
