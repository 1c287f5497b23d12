import { unstable_parseMultipartFormData, type UploadHandler } from "@remix-run/node";
import { and, asc, eq } from "drizzle-orm";
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { getConnection, getDb } from "#db/client.server";
import { meetingFiles, users } from "#db/schema";
import { randomToken } from "~/utils/crypto.server";
import { recordAudit } from "./audit.server";

export const MAX_MEETING_FILE_BYTES = 20 * 1024 * 1024;
// Room for the multipart boundaries, headers and the small fields next to the file.
const MULTIPART_OVERHEAD_BYTES = 64 * 1024;
// How much of an over-long body is read and thrown away so the browser sees the answer, not a reset.
const DRAIN_LIMIT_BYTES = 64 * 1024 * 1024;
const MAX_TEXT_FIELD_BYTES = 1024;
const HEAD_BYTES = 128;
const STORAGE_KEY = /^[A-Za-z0-9_-]{20,64}$/;

type Actor = { id: number; ipAddress?: string };

/** What an upload may be: detected from the bytes, then the name's extension must agree. */
export type FileKind = { kind: string; contentType: string; extensions: readonly string[] };

const KINDS = {
  pdf: { kind: "pdf", contentType: "application/pdf", extensions: ["pdf"] },
  jpeg: { kind: "jpeg", contentType: "image/jpeg", extensions: ["jpg", "jpeg"] },
  png: { kind: "png", contentType: "image/png", extensions: ["png"] },
  webp: { kind: "webp", contentType: "image/webp", extensions: ["webp"] },
  docx: { kind: "docx", contentType: "application/vnd.openxmlformats-officedocument.wordprocessingml.document", extensions: ["docx"] },
  xlsx: { kind: "xlsx", contentType: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", extensions: ["xlsx"] },
  pptx: { kind: "pptx", contentType: "application/vnd.openxmlformats-officedocument.presentationml.presentation", extensions: ["pptx"] },
  odt: { kind: "odt", contentType: "application/vnd.oasis.opendocument.text", extensions: ["odt"] },
  ods: { kind: "ods", contentType: "application/vnd.oasis.opendocument.spreadsheet", extensions: ["ods"] },
  odp: { kind: "odp", contentType: "application/vnd.oasis.opendocument.presentation", extensions: ["odp"] },
} as const satisfies Record<string, FileKind>;

/** For the form's `accept` attribute (a hint only: the server checks the bytes). */
export const ACCEPTED_EXTENSIONS = Object.values(KINDS).flatMap((k) => k.extensions.map((e) => `.${e}`));

// Office Open XML packages are told apart by the part the package's root relationship points at.
const OOXML_MAIN_PART: Record<string, keyof typeof KINDS> = {
  "word/document.xml": "docx",
  "xl/workbook.xml": "xlsx",
  "ppt/presentation.xml": "pptx",
};
const ODF_MIMETYPES: Record<string, keyof typeof KINDS> = {
  "application/vnd.oasis.opendocument.text": "odt",
  "application/vnd.oasis.opendocument.spreadsheet": "ods",
  "application/vnd.oasis.opendocument.presentation": "odp",
};

function extensionOf(fileName: string): string {
  const m = /\.([A-Za-z0-9]{1,8})$/.exec(fileName);
  return m ? m[1].toLowerCase() : "";
}

/**
 * The names in a ZIP file's central directory (read from its end), or null when it is not a
 * well-formed ZIP this app accepts (ZIP64 included: meeting files are far below 4 GB).
 */
function zipEntryNames(fd: number, size: number): string[] | null {
  const tailLength = Math.min(size, 22 + 0xffff);
  const tail = Buffer.alloc(tailLength);
  fs.readSync(fd, tail, 0, tailLength, size - tailLength);
  let eocd = -1;
  for (let i = tailLength - 22; i >= 0; i--) {
    if (tail.readUInt32LE(i) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) return null;
  const entries = tail.readUInt16LE(eocd + 10);
  const cdSize = tail.readUInt32LE(eocd + 12);
  const cdOffset = tail.readUInt32LE(eocd + 16);
  if (cdSize === 0xffffffff || cdOffset === 0xffffffff || cdOffset + cdSize > size || cdSize > 8 * 1024 * 1024) return null;
  const cd = Buffer.alloc(cdSize);
  fs.readSync(fd, cd, 0, cdSize, cdOffset);
  const names: string[] = [];
  let p = 0;
  for (let n = 0; n < entries; n++) {
    if (p + 46 > cd.length || cd.readUInt32LE(p) !== 0x02014b50) return null;
    const nameLength = cd.readUInt16LE(p + 28);
    const extraLength = cd.readUInt16LE(p + 30);
    const commentLength = cd.readUInt16LE(p + 32);
    if (p + 46 + nameLength > cd.length) return null;
    names.push(cd.toString("utf8", p + 46, p + 46 + nameLength));
    p += 46 + nameLength + extraLength + commentLength;
  }
  return names;
}

function zipKind(fd: number, size: number, head: Buffer): keyof typeof KINDS | null {
  const names = zipEntryNames(fd, size);
  if (!names) return null;
  // ODF: the first entry is "mimetype", stored uncompressed and without an extra field.
  if (head.length >= 38 && head.toString("latin1", 30, 38) === "mimetype" && names.includes("content.xml")) {
    const nameLength = head.readUInt16LE(26);
    const extraLength = head.readUInt16LE(28);
    const stored = head.readUInt16LE(8) === 0;
    const length = head.readUInt32LE(18);
    const start = 30 + nameLength + extraLength;
    if (stored && nameLength === 8 && start + length <= head.length) {
      const kind = ODF_MIMETYPES[head.toString("latin1", start, start + length)];
      if (kind) return kind;
    }
  }
  if (names.includes("[Content_Types].xml")) {
    for (const [part, kind] of Object.entries(OOXML_MAIN_PART)) if (names.includes(part)) return kind;
  }
  return null;
}

/**
 * What the file on disk really is, by its first bytes (and for ZIP packages, by what they hold),
 * provided the name's extension says the same. Anything else is refused: an .exe named .pdf, a
 * PNG named .pdf, a ZIP named .docx that holds no document.
 */
export function detectFileKind(filePath: string, fileName: string): FileKind | null {
  const fd = fs.openSync(filePath, "r");
  try {
    const size = fs.fstatSync(fd).size;
    const head = Buffer.alloc(Math.min(size, HEAD_BYTES));
    fs.readSync(fd, head, 0, head.length, 0);
    let kind: keyof typeof KINDS | null = null;
    if (head.subarray(0, 5).toString("latin1") === "%PDF-") kind = "pdf";
    else if (head.length >= 3 && head[0] === 0xff && head[1] === 0xd8 && head[2] === 0xff) kind = "jpeg";
    else if (head.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) kind = "png";
    else if (head.toString("latin1", 0, 4) === "RIFF" && head.toString("latin1", 8, 12) === "WEBP") kind = "webp";
    else if (head.length >= 30 && head.readUInt32LE(0) === 0x04034b50) kind = zipKind(fd, size, head);
    if (!kind) return null;
    const found = KINDS[kind];
    return (found.extensions as readonly string[]).includes(extensionOf(fileName)) ? found : null;
  } finally {
    fs.closeSync(fd);
  }
}

/**
 * A file name safe to show and to put in Content-Disposition: no folders, no control or
 * direction-changing characters (which can make "gpj.exe" read as "exe.jpg"), at most 150 characters
 * with its extension kept.
 */
export function sanitizeFileName(raw: string, fallbackExtension: string): string {
  let name = (raw.split(/[\\/]/).pop() ?? "")
    .normalize("NFC")
    .replace(/[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g, "")
    .replace(/["*:<>?|]/g, "_")
    .replace(/\s+/g, " ")
    .replace(/^[.\s]+/, "")
    .trim();
  if (name.length > 150) {
    const ext = extensionOf(name);
    const chars = Array.from(name.slice(0, name.length - (ext ? ext.length + 1 : 0)));
    name = chars.slice(0, 140).join("").trimEnd() + (ext ? `.${ext}` : "");
  }
  return name || `file.${fallbackExtension}`;
}

/** Uploads live next to the database, under uploads/, named by a random key only. */
export function uploadsDir(): string {
  return path.join(path.dirname(getConnection().file), "uploads");
}

function storagePath(storageKey: string): string {
  if (!STORAGE_KEY.test(storageKey)) throw new Error("Invalid storage key");
  return path.join(uploadsDir(), storageKey);
}

/** A received upload, still under its temporary name until it is checked and recorded. */
export type ReceivedFile = { tempPath: string; storageKey: string; originalName: string; size: number; sha256: string };

export type UploadReading =
  | { kind: "ok"; file: ReceivedFile | null; fields: Record<string, string> }
  | { kind: "tooLarge" }
  | { kind: "unreadable" };

class UploadTooLarge extends Error {}
class UploadUnreadable extends Error {}

async function drain(body: ReadableStream<Uint8Array> | null) {
  if (!body) return;
  const reader = body.getReader();
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return;
    total += value.byteLength;
    if (total > DRAIN_LIMIT_BYTES) {
      await reader.cancel();
      return;
    }
  }
}

/**
 * Reads a multipart upload with one `file` part, streaming it to a temporary file under uploads/
 * while hashing it; more than 20 MB stops the reading. A declared Content-Length over the limit
 * is refused before any byte is stored (the body is read and dropped, so browsers show the
 * answer instead of a connection reset).
 */
export async function receiveUpload(request: Request): Promise<UploadReading> {
  const declared = Number(request.headers.get("Content-Length") ?? Number.NaN);
  if (Number.isFinite(declared) && declared > MAX_MEETING_FILE_BYTES + MULTIPART_OVERHEAD_BYTES) {
    await drain(request.body).catch(() => undefined);
    return { kind: "tooLarge" };
  }
  const dir = uploadsDir();
  fs.mkdirSync(dir, { recursive: true });
  let received: ReceivedFile | null = null;
  const fields: Record<string, string> = {};
  const temps: string[] = [];

  const handler: UploadHandler = async ({ name, filename, data }) => {
    if (filename === undefined) {
      const chunks: Buffer[] = [];
      let size = 0;
      for await (const chunk of data) {
        size += chunk.byteLength;
        if (size > MAX_TEXT_FIELD_BYTES) throw new UploadUnreadable();
        chunks.push(Buffer.from(chunk));
      }
      fields[name] = Buffer.concat(chunks).toString("utf8");
      return undefined;
    }
    // One file per upload; a form without a chosen file sends an empty part with no name.
    if (name !== "file" || received) throw new UploadUnreadable();
    const storageKey = randomToken(24);
    const tempPath = path.join(dir, `${storageKey}.part`);
    temps.push(tempPath);
    const handle = await fs.promises.open(tempPath, "wx", 0o600);
    const hash = crypto.createHash("sha256");
    let size = 0;
    try {
      for await (const chunk of data) {
        size += chunk.byteLength;
        if (size > MAX_MEETING_FILE_BYTES) throw new UploadTooLarge();
        hash.update(chunk);
        await handle.write(chunk);
      }
      // The row that points at the file is committed later: the bytes must be on disk first.
      await handle.sync();
    } finally {
      await handle.close();
    }
    if (size === 0 && !filename) return undefined;
    received = { tempPath, storageKey, originalName: filename, size, sha256: hash.digest("hex") };
    return undefined;
  };

  try {
    await unstable_parseMultipartFormData(request, handler);
  } catch (e) {
    for (const t of temps) fs.rmSync(t, { force: true });
    if (e instanceof UploadTooLarge) return { kind: "tooLarge" };
    return { kind: "unreadable" };
  }
  for (const t of temps) if (t !== (received as ReceivedFile | null)?.tempPath) fs.rmSync(t, { force: true });
  return { kind: "ok", file: received, fields };
}

export function discardUpload(file: ReceivedFile) {
  fs.rmSync(file.tempPath, { force: true });
}

/**
 * Moves a checked upload to its final name and records it. The bytes are written before the
 * transaction (no file work inside it); if the row cannot be written the file is removed again.
 */
export function storeMeetingFile(
  meeting: { id: number; cityId: number },
  file: ReceivedFile,
  kind: FileKind,
  actor: Actor,
): number {
  const finalPath = storagePath(file.storageKey);
  fs.renameSync(file.tempPath, finalPath);
  const fileName = sanitizeFileName(file.originalName, kind.extensions[0]);
  try {
    return getDb().transaction((tx) => {
      const row = tx
        .insert(meetingFiles)
        .values({
          meetingId: meeting.id,
          cityId: meeting.cityId,
          fileName,
          contentType: kind.contentType,
          sizeBytes: file.size,
          sha256: file.sha256,
          storageKey: file.storageKey,
          uploadedByUserId: actor.id,
        })
        .returning({ id: meetingFiles.id })
        .get();
      recordAudit({
        action: "meeting.file.upload",
        actorUserId: actor.id,
        cityId: meeting.cityId,
        entityType: "meeting_file",
        entityId: row.id,
        detail: { meetingId: meeting.id, fileName, contentType: kind.contentType, sizeBytes: file.size, sha256: file.sha256 },
        ipAddress: actor.ipAddress,
      });
      return row.id;
    });
  } catch (e) {
    fs.rmSync(finalPath, { force: true });
    throw e;
  }
}

/** A meeting's files, newest first, with who uploaded them: one query. */
export function listMeetingFiles(meetingId: number) {
  return getDb()
    .select({
      id: meetingFiles.id,
      fileName: meetingFiles.fileName,
      contentType: meetingFiles.contentType,
      sizeBytes: meetingFiles.sizeBytes,
      createdAt: meetingFiles.createdAt,
      uploadedBy: users.name,
    })
    .from(meetingFiles)
    .leftJoin(users, eq(users.id, meetingFiles.uploadedByUserId))
    .where(eq(meetingFiles.meetingId, meetingId))
    .orderBy(asc(meetingFiles.createdAt), asc(meetingFiles.id))
    .all();
}

export type MeetingFileRow = ReturnType<typeof listMeetingFiles>[number];

/** The file of this meeting (and city), or null: an id from another meeting is not found. */
export function getMeetingFile(meeting: { id: number; cityId: number }, fileId: number) {
  return (
    getDb()
      .select()
      .from(meetingFiles)
      .where(and(eq(meetingFiles.id, fileId), eq(meetingFiles.meetingId, meeting.id), eq(meetingFiles.cityId, meeting.cityId)))
      .get() ?? null
  );
}

/** The stored bytes of a recorded file as a stream, or null when they are missing on disk. */
export function openMeetingFile(storageKey: string): fs.ReadStream | null {
  const p = storagePath(storageKey);
  if (!fs.existsSync(p)) return null;
  return fs.createReadStream(p);
}

/** Removes the record (in a transaction, audited), then the bytes. */
export function deleteMeetingFile(meeting: { id: number; cityId: number }, fileId: number, actor: Actor): boolean {
  const removed = getDb().transaction((tx) => {
    const row = tx
      .delete(meetingFiles)
      .where(and(eq(meetingFiles.id, fileId), eq(meetingFiles.meetingId, meeting.id), eq(meetingFiles.cityId, meeting.cityId)))
      .returning({ storageKey: meetingFiles.storageKey, fileName: meetingFiles.fileName, sha256: meetingFiles.sha256 })
      .get();
    if (!row) return null;
    recordAudit({
      action: "meeting.file.delete",
      actorUserId: actor.id,
      cityId: meeting.cityId,
      entityType: "meeting_file",
      entityId: fileId,
      detail: { meetingId: meeting.id, fileName: row.fileName, sha256: row.sha256 },
      ipAddress: actor.ipAddress,
    });
    return row;
  });
  if (!removed) return false;
  fs.rmSync(storagePath(removed.storageKey), { force: true });
  return true;
}
