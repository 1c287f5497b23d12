import { Link } from "@remix-run/react";
import { useTranslation } from "~/i18n/use-translation";

type ErasureRequest = { memberId: number; name: string; requestedAt: string | Date | null; timeZone: string };

/** For coordinators on the roster: people who asked for their data to be erased, each linked to the erase page. */
export function ErasureRequestsNotice({ requests }: { requests: ErasureRequest[] }) {
  const { t, i18n } = useTranslation();
  if (requests.length === 0) return null;
  return (
    <section aria-labelledby="erasure-requests" className="mt-4 rounded border border-amber-500 bg-amber-50 px-4 py-3 text-amber-900">
      <h2 id="erasure-requests" className="font-semibold">{t("account.requestsWaiting", { count: requests.length })}</h2>
      <ul className="mt-1 list-disc space-y-1 pl-5">
        {requests.map((r) => {
          const date = r.requestedAt ? new Intl.DateTimeFormat(i18n.language, { dateStyle: "medium", timeZone: r.timeZone }).format(new Date(r.requestedAt)) : "";
          return (
            <li key={r.memberId}>
              <Link to={`/members/${r.memberId}/erase`} className="underline">
                {t("account.requestFrom", { name: r.name, date })}
              </Link>
            </li>
          );
        })}
      </ul>
    </section>
  );
}
