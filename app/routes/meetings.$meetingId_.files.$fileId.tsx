import { createReadableStreamFromReadable, type LoaderFunctionArgs } from "@remix-run/node";
import { requireMeetingFilesReader } from "~/auth/attendance-access.server";
import { notFound } from "~/auth/auth.server";
import { getMeetingFile, openMeetingFile } from "~/models/meeting-files.server";

/** Downloads one of a meeting's files: users of the meeting's city and admins; others get 404. */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { meeting } = await requireMeetingFilesReader(request, params, context);
  const fileId = Number(params.fileId);
  if (!Number.isSafeInteger(fileId) || fileId < 1) throw notFound();
  const file = getMeetingFile(meeting, fileId);
  const stream = file ? openMeetingFile(file.storageKey) : null;
  if (!file || !stream) throw notFound();
  const ascii = file.fileName.replace(/[^\x20-\x7e]/g, "_").replace(/["\\]/g, "_");
  // RFC 5987 leaves ' ( ) * out of the characters allowed unencoded in filename*.
  const utf8 = encodeURIComponent(file.fileName).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return new Response(createReadableStreamFromReadable(stream), {
    headers: {
      "Content-Type": file.contentType,
      "Content-Length": String(file.sizeBytes),
      // Always a download, never shown inside the app's origin: an uploaded file cannot run as a page.
      "Content-Disposition": `attachment; filename="${ascii}"; filename*=UTF-8''${utf8}`,
      "Content-Security-Policy": "default-src 'none'; sandbox",
      "X-Content-Type-Options": "nosniff",
      "Cache-Control": "private, no-store",
      ETag: `"${file.sha256}"`,
    },
  });
}
