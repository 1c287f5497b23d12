import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import zlib from "node:zlib";
import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "#db/client.server";
import { auditLog, meetingFiles } from "#db/schema";
import { createMeeting, type MeetingValues } from "~/models/meetings.server";
import { detectFileKind, sanitizeFileName, storeMeetingFile, uploadsDir, MAX_MEETING_FILE_BYTES } from "~/models/meeting-files.server";
import { loader as attendanceLoader } from "~/routes/meetings.$meetingId_.attendance";
import { action as filesAction, loader as filesLoader } from "~/routes/meetings.$meetingId_.files";
import { loader as downloadLoader } from "~/routes/meetings.$meetingId_.files.$fileId";
import { context, cookieFor, makeCity, makeMember, makeUser, request, settle } from "./factories";

type UploadReply = { init: { status: number }; data: { form: string; errors: string[] } };
type FilesPage = Awaited<ReturnType<typeof filesLoader>>;

const DAY = 86_400_000;
let helsinki: number, rome: number, coordId: number;
let coord: string, member: string, admin: string, romeCoord: string;

function meetingValues(over: Partial<MeetingValues> = {}): MeetingValues {
  return {
    kind: "ulg_meeting",
    title: "Files meeting",
    purpose: null,
    startsAt: new Date(Date.now() - 3 * DAY),
    endsAt: new Date(Date.now() - 3 * DAY + 7_200_000),
    timeZone: "Europe/Helsinki",
    place: null,
    onlineUrl: null,
    hostCityId: null,
    ...over,
  };
}

// Small but real file heads: what the server recognises.
const PDF = Buffer.concat([Buffer.from("%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n", "latin1"), crypto.randomBytes(3000), Buffer.from("\n%%EOF\n")]);
const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), crypto.randomBytes(200)]);
const JPEG = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), crypto.randomBytes(200)]);
const WEBP = Buffer.concat([Buffer.from("RIFF"), Buffer.from([0x10, 0, 0, 0]), Buffer.from("WEBPVP8 "), crypto.randomBytes(64)]);
// A Windows program: "MZ", then the DOS stub.
const EXE = Buffer.concat([Buffer.from("MZ\x90\x00\x03\x00\x00\x00", "latin1"), Buffer.from("This program cannot be run in DOS mode."), crypto.randomBytes(500)]);

/** A minimal ZIP (entries stored, not compressed) as office programs write their packages. */
function zip(entries: [string, string][]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const [name, content] of entries) {
    const data = Buffer.from(content);
    const nameBytes = Buffer.from(name);
    const crc = zlib.crc32(data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0, 8); // stored
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(nameBytes.length, 26);
    local.writeUInt16LE(0, 28);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(data.length, 20);
    central.writeUInt32LE(data.length, 24);
    central.writeUInt16LE(nameBytes.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, nameBytes, data);
    centrals.push(central, nameBytes);
    offset += 30 + nameBytes.length + data.length;
  }
  const cd = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(cd.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, cd, end]);
}

const DOCX = zip([
  ["[Content_Types].xml", "<Types/>"],
  ["_rels/.rels", "<Relationships/>"],
  ["word/document.xml", "<w:document/>"],
]);
const PPTX = zip([
  ["[Content_Types].xml", "<Types/>"],
  ["ppt/presentation.xml", "<p:presentation/>"],
]);
const ODP = zip([
  ["mimetype", "application/vnd.oasis.opendocument.presentation"],
  ["content.xml", "<office:document-content/>"],
  ["META-INF/manifest.xml", "<manifest/>"],
]);
const PLAIN_ZIP = zip([["notes.txt", "hello"]]);

function uploadRequest(meetingId: number, cookie: string, file: { name: string; bytes: Buffer } | null, fields: Record<string, string> = {}, headers: Record<string, string> = {}) {
  const form = new FormData();
  for (const [k, v] of Object.entries(fields)) form.append(k, v);
  if (file) form.append("file", new Blob([new Uint8Array(file.bytes)]), file.name);
  return new Request(`http://localhost/meetings/${meetingId}/files`, { method: "POST", headers: { Cookie: cookie, ...headers }, body: form });
}

const upload = (meetingId: number, cookie: string, file: { name: string; bytes: Buffer } | null, fields: Record<string, string> = {}) =>
  settle(() => filesAction({ request: uploadRequest(meetingId, cookie, file, fields), context: context(), params: { meetingId: String(meetingId) } }));

const download = (meetingId: number, fileId: number, cookie: string) =>
  settle(() =>
    downloadLoader({
      request: request(`/meetings/${meetingId}/files/${fileId}`, { cookie }),
      context: context(),
      params: { meetingId: String(meetingId), fileId: String(fileId) },
    }),
  ) as Promise<Response>;

const filesOf = (meetingId: number) => getDb().select().from(meetingFiles).where(eq(meetingFiles.meetingId, meetingId)).all();
const storedNames = () => (fs.existsSync(uploadsDir()) ? fs.readdirSync(uploadsDir()).sort() : []);

beforeAll(async () => {
  helsinki = makeCity({ name: "Iisalmi" }).id;
  rome = makeCity({ name: "Mantova", timeZone: "Europe/Rome" }).id;
  const c = await makeUser("ulg_coordinator", helsinki);
  coordId = c.id;
  coord = await cookieFor(c.id);
  const m = await makeUser("member", helsinki);
  makeMember(helsinki, { userId: m.id });
  member = await cookieFor(m.id);
  admin = await cookieFor((await makeUser("admin", null)).id);
  romeCoord = await cookieFor((await makeUser("ulg_coordinator", rome)).id);
});

describe("uploading and downloading", () => {
  it("stores a PDF under a random key next to the database and gives the same bytes back", async () => {
    const id = createMeeting(helsinki, meetingValues(), { id: coordId });
    const res = (await upload(id, coord, { name: "Allekirjoitukset 5.12. – Iisalmi.pdf", bytes: PDF }, { returnTo: "attendance" })) as Response;
    expect(res.status).toBe(302);
    expect(res.headers.get("Location")).toBe(`/meetings/${id}/attendance?uploaded=1#files`);
    const [row] = filesOf(id);
    expect(row).toMatchObject({
      cityId: helsinki,
      fileName: "Allekirjoitukset 5.12. – Iisalmi.pdf",
      contentType: "application/pdf",
      sizeBytes: PDF.length,
      sha256: crypto.createHash("sha256").update(PDF).digest("hex"),
      uploadedByUserId: coordId,
    });
    // Stored under the data folder by key only; the user's name never reaches the file system.
    expect(uploadsDir()).toBe(path.join(path.dirname(process.env.DATABASE_PATH!), "uploads"));
    expect(row.storageKey).toMatch(/^[A-Za-z0-9_-]{32}$/);
    expect(storedNames()).toContain(row.storageKey);
    expect(storedNames().some((n) => n.includes("Allekirjoitukset") || n.endsWith(".part"))).toBe(false);
    expect(fs.readFileSync(path.join(uploadsDir(), row.storageKey)).equals(PDF)).toBe(true);

    const got = await download(id, row.id, coord);
    expect(got.status).toBe(200);
    expect(got.headers.get("Content-Type")).toBe("application/pdf");
    expect(got.headers.get("X-Content-Type-Options")).toBe("nosniff");
    expect(got.headers.get("Content-Disposition")).toBe(
      `attachment; filename="Allekirjoitukset 5.12. _ Iisalmi.pdf"; filename*=UTF-8''${encodeURIComponent(row.fileName)}`,
    );
    expect(Buffer.from(await got.arrayBuffer()).equals(PDF)).toBe(true);

    // Members of the city and admins may download; another city's coordinator does not find it.
    expect((await download(id, row.id, member)).status).toBe(200);
    expect((await download(id, row.id, admin)).status).toBe(200);
    expect((await download(id, row.id, romeCoord)).status).toBe(404);
    // A file id of another meeting is not found through this meeting.
    const other = createMeeting(helsinki, meetingValues(), { id: coordId });
    expect((await download(other, row.id, coord)).status).toBe(404);

    const audit = getDb().select().from(auditLog).where(eq(auditLog.action, "meeting.file.upload")).all();
    expect(audit.map((a) => a.entityId)).toContain(String(row.id));

    // The attendance page and the files page list it.
    const page = (await settle(() => attendanceLoader({ request: request(`/meetings/${id}/attendance`, { cookie: coord }), context: context(), params: { meetingId: String(id) } }))) as { files: { id: number }[] };
    expect(page.files.map((f) => f.id)).toEqual([row.id]);
    const list = (await settle(() => filesLoader({ request: request(`/meetings/${id}/files`, { cookie: member }), context: context(), params: { meetingId: String(id) } }))) as FilesPage;
    expect(list.files.map((f) => f.fileName)).toEqual([row.fileName]);
    expect(list.canWrite).toBe(false);
  });

  it("accepts images and office documents by their content, with the detected type", async () => {
    const id = createMeeting(helsinki, meetingValues(), { id: coordId });
    const cases: [string, Buffer, string][] = [
      ["photo.JPG", JPEG, "image/jpeg"],
      ["kuva.png", PNG, "image/png"],
      ["pic.webp", WEBP, "image/webp"],
      ["slides.pptx", PPTX, "application/vnd.openxmlformats-officedocument.presentationml.presentation"],
      ["slides.odp", ODP, "application/vnd.oasis.opendocument.presentation"],
      ["muistio.docx", DOCX, "application/vnd.openxmlformats-officedocument.wordprocessingml.document"],
    ];
    for (const [name, bytes] of cases) {
      const res = (await upload(id, coord, { name, bytes })) as Response;
      expect(res.status, name).toBe(302);
      expect(res.headers.get("Location")).toBe(`/meetings/${id}/files?uploaded=1#files`);
    }
    expect(filesOf(id).map((f) => [f.fileName, f.contentType])).toEqual(cases.map(([n, , t]) => [n, t]));
    const webp = filesOf(id).find((f) => f.fileName === "pic.webp")!;
    const got = await download(id, webp.id, member);
    expect(Buffer.from(await got.arrayBuffer()).equals(WEBP)).toBe(true);
  });

  it("refuses files whose content is not what their name says, and stores nothing", async () => {
    const id = createMeeting(helsinki, meetingValues(), { id: coordId });
    const before = storedNames();
    const cases: [string, Buffer][] = [
      ["minutes.pdf", EXE],
      ["setup.exe", EXE],
      ["photo.pdf", PNG],
      ["scan.png", PDF],
      ["report", PDF],
      ["notes.docx", PLAIN_ZIP],
      ["slides.pptx", DOCX],
      ["doc.docx", ODP],
      ["page.html", Buffer.from("<html><script>alert(1)</script></html>")],
      ["empty.pdf", Buffer.alloc(0)],
    ];
    for (const [name, bytes] of cases) {
      const res = (await upload(id, coord, { name, bytes })) as UploadReply;
      expect(res.init.status, name).toBe(400);
      expect(res.data.errors, name).toEqual(["meetingFiles.errors.type"]);
    }
    const none = (await upload(id, coord, null, { returnTo: "attendance" })) as UploadReply;
    expect(none.init.status).toBe(400);
    expect(none.data.errors).toEqual(["meetingFiles.errors.noFile"]);
    expect(filesOf(id)).toHaveLength(0);
    expect(storedNames()).toEqual(before);
  });

  it("refuses a 21 MB upload with 413, whether or not its length is declared, and keeps no part of it", async () => {
    const id = createMeeting(helsinki, meetingValues(), { id: coordId });
    const before = storedNames();
    const big = Buffer.concat([PDF, Buffer.alloc(21 * 1024 * 1024)]);
    // Streamed: no Content-Length, the reading stops at 20 MB.
    const streamed = (await upload(id, coord, { name: "huge.pdf", bytes: big })) as UploadReply;
    expect(streamed.init.status).toBe(413);
    expect(streamed.data.errors).toEqual(['meetingFiles.errors.tooLarge|{"max":20}']);
    // Declared: refused before anything is written.
    const body = uploadRequest(id, coord, { name: "huge.pdf", bytes: big });
    const bytes = new Uint8Array(await body.arrayBuffer());
    const declared = new Request(body.url, {
      method: "POST",
      headers: { Cookie: coord, "Content-Type": body.headers.get("Content-Type")!, "Content-Length": String(bytes.length) },
      body: bytes,
    });
    const res = (await settle(() => filesAction({ request: declared, context: context(), params: { meetingId: String(id) } }))) as UploadReply;
    expect(res.init.status).toBe(413);
    expect(filesOf(id)).toHaveLength(0);
    expect(storedNames()).toEqual(before);
    // Exactly 20 MB is allowed.
    const limit = Buffer.concat([PDF, Buffer.alloc(MAX_MEETING_FILE_BYTES - PDF.length)]);
    const ok = (await upload(id, coord, { name: "limit.pdf", bytes: limit })) as Response;
    expect(ok.status).toBe(302);
    expect(filesOf(id)[0].sizeBytes).toBe(MAX_MEETING_FILE_BYTES);
  });
});

describe("who may upload, list and delete", () => {
  it("refuses members and admins (403) and other cities (404) before reading the upload", async () => {
    const id = createMeeting(helsinki, meetingValues(), { id: coordId });
    expect(((await upload(id, member, { name: "a.pdf", bytes: PDF })) as Response).status).toBe(403);
    expect(((await upload(id, admin, { name: "a.pdf", bytes: PDF })) as Response).status).toBe(403);
    expect(((await upload(id, romeCoord, { name: "a.pdf", bytes: PDF })) as Response).status).toBe(404);
    expect(((await settle(() => filesLoader({ request: request(`/meetings/${id}/files`, { cookie: romeCoord }), context: context(), params: { meetingId: String(id) } }))) as Response).status).toBe(404);
    expect(filesOf(id)).toHaveLength(0);
    // Network meetings have no city to keep files for.
    const network = createMeeting(null, meetingValues({ kind: "transnational", hostCityId: rome }), { id: coordId });
    expect(((await upload(network, coord, { name: "a.pdf", bytes: PDF })) as Response).status).toBe(404);
    expect(((await settle(() => filesLoader({ request: request(`/meetings/${network}/files`, { cookie: coord }), context: context(), params: { meetingId: String(network) } }))) as Response).status).toBe(404);
  });

  it("deletes the record and the bytes (coordinators only), audited", async () => {
    const id = createMeeting(helsinki, meetingValues(), { id: coordId });
    await upload(id, coord, { name: "slides.pdf", bytes: PDF });
    const [row] = filesOf(id);
    const del = (cookie: string, fileId = row.id, returnTo = "attendance") =>
      settle(() =>
        filesAction({
          request: request(`/meetings/${id}/files`, { cookie, form: { intent: "delete", fileId: String(fileId), returnTo } }),
          context: context(),
          params: { meetingId: String(id) },
        }),
      ) as Promise<Response>;
    expect((await del(member)).status).toBe(403);
    expect((await del(romeCoord)).status).toBe(404);
    expect(filesOf(id)).toHaveLength(1);
    const bad = (await settle(() =>
      filesAction({ request: request(`/meetings/${id}/files`, { cookie: coord, form: { intent: "delete", fileId: "abc" } }), context: context(), params: { meetingId: String(id) } }),
    )) as UploadReply;
    expect(bad.init.status).toBe(400);
    const ok = await del(coord);
    expect(ok.status).toBe(302);
    expect(ok.headers.get("Location")).toBe(`/meetings/${id}/attendance?deleted=1#files`);
    expect(filesOf(id)).toHaveLength(0);
    expect(storedNames()).not.toContain(row.storageKey);
    expect((await download(id, row.id, coord)).status).toBe(404);
    expect((await del(coord)).status).toBe(404);
    const audit = getDb().select().from(auditLog).where(eq(auditLog.action, "meeting.file.delete")).all();
    expect(audit.map((a) => a.entityId)).toContain(String(row.id));
  });
});

describe("file helpers", () => {
  it("removes the stored bytes again when the row cannot be written", () => {
    fs.mkdirSync(uploadsDir(), { recursive: true });
    const storageKey = "k".repeat(32);
    const tempPath = path.join(uploadsDir(), `${storageKey}.part`);
    fs.writeFileSync(tempPath, PDF);
    // No meeting 987654: the foreign key refuses the row.
    expect(() =>
      storeMeetingFile({ id: 987654, cityId: helsinki }, { tempPath, storageKey, originalName: "x.pdf", size: PDF.length, sha256: "0" }, detectFileKind(tempPath, "x.pdf")!, { id: coordId }),
    ).toThrow(/FOREIGN KEY/);
    expect(fs.existsSync(tempPath)).toBe(false);
    expect(fs.existsSync(path.join(uploadsDir(), storageKey))).toBe(false);
  });

  it("cleans file names of folders, control and direction characters", () => {
    expect(sanitizeFileName("C:\\Users\\aino\\scan.pdf", "pdf")).toBe("scan.pdf");
    expect(sanitizeFileName("../../etc/passwd.pdf", "pdf")).toBe("passwd.pdf");
    expect(sanitizeFileName("photo\u202Egpj.exe", "jpg")).toBe("photogpj.exe");
    expect(sanitizeFileName("a\u0000b\r\n\"c\".pdf", "pdf")).toBe("ab_c_.pdf");
    expect(sanitizeFileName("...", "png")).toBe("file.png");
    const long = sanitizeFileName(`${"ä".repeat(300)}.docx`, "docx");
    expect(long.length).toBeLessThanOrEqual(150);
    expect(long.endsWith(".docx")).toBe(true);
  });
});
