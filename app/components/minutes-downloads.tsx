import { useTranslation } from "~/i18n/use-translation";
import type { MinutesStatus } from "#db/enums";

/** Links to the minutes as PDF, Word and Markdown files, with a note when they are not approved yet. */
export function MinutesDownloads({ meetingId, status }: { meetingId: number; status: MinutesStatus }) {
  const { t } = useTranslation();
  const link = "rounded border border-slate-400 px-3 py-2 text-sm hover:bg-slate-100";
  return (
    <section aria-labelledby="minutes-files-heading" className="rounded-lg border border-slate-200 bg-white p-4 print:hidden">
      <h2 id="minutes-files-heading" className="text-lg font-semibold">{t("minutesFiles.title")}</h2>
      {status !== "approved" ? <p className="mt-1 text-sm text-slate-700">{t("minutesFiles.notApproved")}</p> : null}
      <div className="mt-3 flex flex-wrap gap-2">
        <a href={`/meetings/${meetingId}/minutes.pdf`} className={link} download>{t("minutesFiles.pdf")}</a>
        <a href={`/meetings/${meetingId}/minutes.docx`} className={link} download>{t("minutesFiles.docx")}</a>
        <a href={`/meetings/${meetingId}/minutes.md`} className={link} download>{t("minutesFiles.md")}</a>
      </div>
    </section>
  );
}
