import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "~/i18n/use-translation";
import { notFound } from "~/auth/auth.server";
import { refuseMinutes, requireMinutesPage } from "~/auth/minutes-access.server";
import { formatStamp } from "~/components/minutes-text";
import { Pagination } from "~/components/pagination";
import { agendaTitles, listRevisions, memberNames, revisionNumbers, revisionSnapshots } from "~/models/minutes.server";
import { REVISIONS_PAGE_SIZE } from "~/utils/minutes-validation";
import { diffSnapshots } from "~/utils/minutes-diff";
import { isErasedMember } from "~/utils/member-display";
import { pageParam } from "~/utils/request.server";


export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.meeting.title ?? ""} · ULG Workshop` }];

function revisionParam(url: URL, name: string, kept: number[]): number | null {
  const raw = url.searchParams.get(name);
  if (raw == null || !/^\d{1,9}$/.test(raw)) return null;
  const n = Number(raw);
  return kept.includes(n) ? n : null;
}

/**
 * Every revision of a meeting's minutes and a word-level comparison of any two. Revisions hold
 * drafts, so only those who may read drafts (the city's coordinators, admins) see them.
 */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { user, meeting, row, can, ipAddress } = await requireMinutesPage(request, params, context);
  if (!can.readDrafts) refuseMinutes(request, user, "write:minutes:city", meeting.id, ipAddress);
  if (!row) throw notFound();
  const url = new URL(request.url);
  const page = pageParam(url);
  const { total, rows } = listRevisions(row.id, page);
  // Revisions written by a seed or an import may not start at 1: offer the numbers that exist.
  const kept = revisionNumbers(row.id);
  const asked = url.searchParams.has("from") || url.searchParams.has("to");
  // Without a choice, show what the last save changed.
  const from = asked ? revisionParam(url, "from", kept) : (kept.at(-2) ?? null);
  const to = asked ? revisionParam(url, "to", kept) : kept.length > 1 ? kept.at(-1)! : null;
  let diff = null;
  if (from != null && to != null) {
    const snaps = revisionSnapshots(row.id, [from, to]);
    const a = snaps.get(from);
    const b = snaps.get(to);
    if (a && b) {
      const ids = [...a.actionItems, ...b.actionItems].map((x) => x.ownerMemberId).filter((id): id is number => id != null);
      const names = memberNames(ids);
      // Erased people stay erased in a diff too.
      const owners = new Map([...names].map(([id, m]) => [id, isErasedMember(m) ? "—" : m.name]));
      const sections = diffSnapshots(a, b, agendaTitles(meeting.id), owners);
      diff = { from, to, sections: sections.filter((s) => s.changed) };
    }
  }
  return {
    meeting: { id: meeting.id, kind: meeting.kind, number: meeting.number, title: meeting.title, timeZone: meeting.timeZone },
    kept,
    page,
    total,
    revisions: rows,
    from,
    to,
    asked,
    diff,
  };
}

export default function MinutesRevisions() {
  const { meeting, kept, page, total, revisions, from, to, asked, diff } = useLoaderData<typeof loader>();
  const { t, i18n } = useTranslation();
  const numbers = kept;
  const control = "mt-1 block rounded border border-slate-400 bg-white px-3 py-2";
  return (
    <article className="space-y-6">
      <p className="text-sm">
        <Link to={`/meetings/${meeting.id}/minutes`} className="text-brand-700 underline">{t("minutes.revisions.back")}</Link>
      </p>
      <header>
        <p className="text-sm font-medium text-slate-700">{t(`meetingKinds.${meeting.kind}`)} {meeting.number}: {meeting.title}</p>
        <h1 className="text-2xl font-bold">{t("minutes.revisions.title")}</h1>
      </header>

      <section aria-labelledby="compare-heading" className="rounded-lg border border-slate-200 bg-white p-4">
        <h2 id="compare-heading" className="text-lg font-semibold">{t("minutes.revisions.compareTitle")}</h2>
        <Form method="get" className="mt-2 flex flex-wrap items-end gap-3">
          <div>
            <label htmlFor="from" className="block text-sm font-medium">{t("minutes.revisions.from")}</label>
            <select id="from" name="from" defaultValue={from ?? undefined} className={control}>
              {numbers.map((n) => <option key={n} value={n}>{n}</option>)}
            </select>
          </div>
          <div>
            <label htmlFor="to" className="block text-sm font-medium">{t("minutes.revisions.to")}</label>
            <select id="to" name="to" defaultValue={to ?? kept.at(-1)} className={control}>
              {numbers.map((n) => <option key={n} value={n}>{n}</option>)}
            </select>
          </div>
          <button type="submit" className="rounded bg-brand-700 px-4 py-2 font-medium text-white hover:bg-brand-800">{t("minutes.revisions.show")}</button>
        </Form>
        {asked && !diff ? <p role="alert" className="mt-3 text-red-800">{t("minutes.revisions.notFound")}</p> : null}
        {diff ? (
          <div className="mt-4" data-testid="diff">
            <h3 className="font-semibold">{t("minutes.revisions.diffTitle", { from: diff.from, to: diff.to })}</h3>
            <p className="text-sm text-slate-700">{t("minutes.revisions.legend")}</p>
            {diff.sections.length === 0 ? <p className="mt-2">{t("minutes.revisions.noChanges")}</p> : null}
            {diff.sections.map((s, i) => (
              <section key={i} className="mt-3 rounded border border-slate-200 p-3" aria-label={t(`minutes.revisions.sections.${s.kind}`, { title: s.agendaTitle ?? "" })}>
                <h4 className="font-semibold">{t(`minutes.revisions.sections.${s.kind}`, { title: s.agendaTitle ?? "" })}</h4>
                <p className="mt-1 whitespace-pre-wrap break-words">
                  {s.parts.map((p, j) =>
                    p.added ? (
                      <ins key={j} className="bg-green-100 text-green-900 underline">
                        <span className="sr-only">{t("minutes.revisions.inserted")} </span>
                        {p.value}
                        <span className="sr-only"> ({t("minutes.revisions.endInserted")})</span>
                      </ins>
                    ) : p.removed ? (
                      <del key={j} className="bg-red-100 text-red-900 line-through">
                        <span className="sr-only">{t("minutes.revisions.deleted")} </span>
                        {p.value}
                        <span className="sr-only"> ({t("minutes.revisions.endDeleted")})</span>
                      </del>
                    ) : (
                      <span key={j}>{p.value}</span>
                    ),
                  )}
                </p>
              </section>
            ))}
          </div>
        ) : null}
      </section>

      <section aria-labelledby="list-heading" className="rounded-lg border border-slate-200 bg-white p-4">
        <h2 id="list-heading" className="text-lg font-semibold">{t("minutes.revisions.listTitle")}</h2>
        {revisions.length === 0 ? (
          <p className="mt-2">{t("minutes.revisions.none")}</p>
        ) : (
          <div className="overflow-x-auto">
            <table className="mt-2 min-w-full text-left text-sm">
              <thead>
                <tr className="border-b border-slate-200">
                  <th scope="col" className="py-1 pr-3">{t("minutes.revisions.revision")}</th>
                  <th scope="col" className="py-1 pr-3">{t("minutes.revisions.who")}</th>
                  <th scope="col" className="py-1 pr-3">{t("minutes.revisions.when")}</th>
                  <th scope="col" className="py-1 pr-3">{t("minutes.revisions.status")}</th>
                  <th scope="col" className="py-1">{t("minutes.revisions.reason")}</th>
                </tr>
              </thead>
              <tbody>
                {revisions.map((r) => (
                  <tr key={r.revision} className="border-b border-slate-100 align-top">
                    <td className="py-1 pr-3">
                      {kept.indexOf(r.revision) > 0 ? (
                        <Link to={`?from=${kept[kept.indexOf(r.revision) - 1]}&to=${r.revision}#compare-heading`} className="text-brand-700 underline">{r.revision}</Link>
                      ) : (
                        r.revision
                      )}
                    </td>
                    <td className="py-1 pr-3">{r.byName ?? "—"}</td>
                    <td className="py-1 pr-3">{formatStamp(r.at, i18n.language, meeting.timeZone)}</td>
                    <td className="py-1 pr-3">{t(`minutes.status.${r.status}`)}</td>
                    <td className="py-1 whitespace-pre-line">{r.reason ?? ""}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        <Pagination page={page} total={total} pageSize={REVISIONS_PAGE_SIZE} />
      </section>
    </article>
  );
}
