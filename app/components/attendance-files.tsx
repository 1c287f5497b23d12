import { Form, useNavigation } from "@remix-run/react";
import { useTranslation } from "~/i18n/use-translation";
import { ErrorList, SubmitButton } from "~/components/forms";

type FileRow = { id: number; fileName: string; contentType: string; sizeBytes: number; createdAt: Date | string; uploadedBy: string | null };

function useFileSize() {
  const { i18n } = useTranslation();
  return (bytes: number) => {
    const [value, unit] = bytes >= 1024 * 1024 ? [bytes / (1024 * 1024), "megabyte"] : [Math.max(1, Math.round(bytes / 1024)), "kilobyte"];
    return new Intl.NumberFormat(i18n.language, { style: "unit", unit, maximumFractionDigits: 1 }).format(value);
  };
}

/**
 * A meeting's files (signed sheets, slides, photos) with download links; coordinators also get
 * the upload form and delete buttons. Both post to /meetings/:id/files, which sends them back
 * to `returnTo` afterwards.
 */
export function AttendanceFiles({
  meetingId,
  files,
  canWrite,
  returnTo,
  upload,
  uploadErrors,
  deleteErrors,
}: {
  meetingId: number;
  files: FileRow[];
  canWrite: boolean;
  returnTo: "attendance" | "files";
  upload: { maxMegabytes: number; accept: string };
  uploadErrors?: string[] | null;
  deleteErrors?: string[] | null;
}) {
  const { t, i18n } = useTranslation();
  const size = useFileSize();
  const navigation = useNavigation();
  const uploading = navigation.state === "submitting" && navigation.formAction === `/meetings/${meetingId}/files` && navigation.formEncType === "multipart/form-data";
  const dateFormat = new Intl.DateTimeFormat(i18n.language, { dateStyle: "medium" });
  const errorId = uploadErrors?.length ? "meeting-file-error" : undefined;
  return (
    <section id="files" aria-labelledby="files-heading" className="rounded-lg border border-slate-200 bg-white p-4">
      <h2 id="files-heading" className="text-lg font-semibold">{t("meetingFiles.title")}</h2>
      <ErrorList errors={deleteErrors} />
      {files.length === 0 ? (
        <p className="mt-2 text-slate-700">{t("meetingFiles.none")}</p>
      ) : (
        <ul className="mt-3 divide-y divide-slate-200" data-testid="file-list">
          {files.map((f) => (
            <li key={f.id} className="flex flex-wrap items-center justify-between gap-2 py-2">
              <span className="min-w-0 break-words">
                <a href={`/meetings/${meetingId}/files/${f.id}`} className="font-medium text-brand-700 underline">{f.fileName}</a>
                <span className="block text-sm text-slate-700">
                  {size(f.sizeBytes)} · {dateFormat.format(new Date(f.createdAt))}
                  {f.uploadedBy ? ` · ${f.uploadedBy}` : ""}
                </span>
              </span>
              {canWrite ? (
                <Form
                  method="post"
                  action={`/meetings/${meetingId}/files`}
                  onSubmit={(e) => {
                    if (!window.confirm(t("meetingFiles.confirmDelete", { name: f.fileName }))) e.preventDefault();
                  }}
                >
                  <input type="hidden" name="intent" value="delete" />
                  <input type="hidden" name="fileId" value={f.id} />
                  <input type="hidden" name="returnTo" value={returnTo} />
                  <button type="submit" className="rounded border border-slate-400 px-3 py-1 text-sm hover:bg-slate-100">
                    {t("meetingFiles.delete")}
                    <span className="sr-only">: {f.fileName}</span>
                  </button>
                </Form>
              ) : null}
            </li>
          ))}
        </ul>
      )}
      {canWrite ? (
        <Form method="post" action={`/meetings/${meetingId}/files`} encType="multipart/form-data" className="mt-4 space-y-2">
          <input type="hidden" name="returnTo" value={returnTo} />
          <label htmlFor="meeting-file" className="block text-sm font-medium text-slate-800">{t("meetingFiles.upload")}</label>
          <p id="meeting-file-hint" className="text-xs text-slate-600">{t("meetingFiles.hint", { max: upload.maxMegabytes })}</p>
          <input
            id="meeting-file"
            type="file"
            name="file"
            required
            accept={upload.accept}
            aria-invalid={errorId ? true : undefined}
            aria-describedby={["meeting-file-hint", errorId].filter(Boolean).join(" ")}
            className="block w-full text-sm file:mr-3 file:rounded file:border file:border-slate-400 file:bg-white file:px-3 file:py-2"
          />
          <ErrorList id={errorId} errors={uploadErrors} />
          <div className="flex flex-wrap items-center gap-3">
            <SubmitButton>{t("meetingFiles.uploadButton")}</SubmitButton>
            {uploading ? <span role="status" className="text-sm text-slate-700">{t("meetingFiles.uploading")}</span> : null}
          </div>
        </Form>
      ) : null}
    </section>
  );
}
