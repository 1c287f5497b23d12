import { parseWithZod } from "@conform-to/zod/v4";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { useTranslation } from "~/i18n/use-translation";
import { z } from "zod";
import { requireMeetingFilesReader, requireMeetingFilesWriter } from "~/auth/attendance-access.server";
import { notFound } from "~/auth/auth.server";
import { canWriteMeeting } from "~/auth/meeting-access.server";
import { AttendanceFiles } from "~/components/attendance-files";
import {
  ACCEPTED_EXTENSIONS,
  MAX_MEETING_FILE_BYTES,
  deleteMeetingFile,
  detectFileKind,
  discardUpload,
  listMeetingFiles,
  receiveUpload,
  storeMeetingFile,
} from "~/models/meeting-files.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.meeting.title ?? ""} · ULG Workshop` }];

const RETURN_TO = ["attendance", "files"] as const;
type ReturnTo = (typeof RETURN_TO)[number];

const DeleteSchema = z.object({
  intent: z.literal("delete"),
  fileId: z.coerce.number().int().positive(),
  returnTo: z.enum(RETURN_TO).optional(),
});

function back(meetingId: number, returnTo: string | undefined, flag: "uploaded" | "deleted") {
  const to: ReturnTo = returnTo === "attendance" ? "attendance" : "files";
  return redirect(`/meetings/${meetingId}/${to}?${flag}=1#files`);
}

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { user, meeting } = await requireMeetingFilesReader(request, params, context);
  return {
    meeting: { id: meeting.id, kind: meeting.kind, number: meeting.number, title: meeting.title },
    files: listMeetingFiles(meeting.id),
    canWrite: canWriteMeeting(user, meeting),
    upload: { maxMegabytes: MAX_MEETING_FILE_BYTES / (1024 * 1024), accept: ACCEPTED_EXTENSIONS.join(",") },
  };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  // The permission check comes before the body is read: a refused upload is not even looked at.
  const { user, meeting, ipAddress } = await requireMeetingFilesWriter(request, params, context);
  const actor = { id: user.id, ipAddress };

  if ((request.headers.get("Content-Type") ?? "").startsWith("multipart/form-data")) {
    const fail = (message: string, status = 400) => data({ form: "upload" as const, errors: [message] }, { status });
    const reading = await receiveUpload(request);
    if (reading.kind === "tooLarge") return fail(`meetingFiles.errors.tooLarge|${JSON.stringify({ max: MAX_MEETING_FILE_BYTES / (1024 * 1024) })}`, 413);
    if (reading.kind === "unreadable") return fail("meetingFiles.errors.unreadable");
    if (!reading.file) return fail("meetingFiles.errors.noFile");
    const kind = detectFileKind(reading.file.tempPath, reading.file.originalName);
    if (!kind) {
      discardUpload(reading.file);
      return fail("meetingFiles.errors.type");
    }
    storeMeetingFile(meeting, reading.file, kind, actor);
    return back(meeting.id, reading.fields.returnTo, "uploaded");
  }

  const submission = parseWithZod(await request.formData(), { schema: DeleteSchema });
  if (submission.status !== "success") return data({ form: "delete" as const, errors: ["validation.invalid"] }, { status: 400 });
  if (!deleteMeetingFile(meeting, submission.value.fileId, actor)) throw notFound();
  return back(meeting.id, submission.value.returnTo, "deleted");
}

export default function MeetingFilesPage() {
  const { meeting, files, canWrite, upload } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [params] = useSearchParams();
  const { t } = useTranslation();
  const flash = (["uploaded", "deleted"] as const).find((k) => params.get(k));
  return (
    <article className="space-y-6">
      <p className="text-sm">
        <Link to={`/meetings/${meeting.id}`} className="text-brand-700 underline">
          {t(`meetingKinds.${meeting.kind}`)} {meeting.number}: {meeting.title}
        </Link>
      </p>
      <h1 className="text-2xl font-bold">{t("meetingFiles.pageTitle")}</h1>
      {flash ? <p role="status" className="rounded bg-green-50 px-3 py-2 text-green-900">{t(`attendance.flash.${flash}`)}</p> : null}
      <AttendanceFiles
        meetingId={meeting.id}
        files={files}
        canWrite={canWrite}
        returnTo="files"
        upload={upload}
        uploadErrors={actionData?.form === "upload" ? actionData.errors : undefined}
        deleteErrors={actionData?.form === "delete" ? actionData.errors : undefined}
      />
    </article>
  );
}
