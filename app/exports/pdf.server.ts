import PDFDocument from "pdfkit";
import fs from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";

// DejaVu covers every partner language (Finnish, Greek, Latvian, Romanian, Croatian, Serbian
// Cyrillic); the 14 built-in PDF fonts cannot show Greek, Cyrillic or ā ē ī ū ș ț.
const require = createRequire(import.meta.url);
const fontDir = path.join(path.dirname(require.resolve("dejavu-fonts-ttf/package.json")), "ttf");
export const FONTS = {
  regular: path.join(fontDir, "DejaVuSans.ttf"),
  bold: path.join(fontDir, "DejaVuSans-Bold.ttf"),
  italic: path.join(fontDir, "DejaVuSans-Oblique.ttf"),
  boldItalic: path.join(fontDir, "DejaVuSans-BoldOblique.ttf"),
  mono: path.join(fontDir, "DejaVuSansMono.ttf"),
};

// Read once per process: pdfkit would otherwise read each font file again for every document.
const fontBytes = new Map<string, Buffer>();
function fontData(file: string): Buffer {
  let bytes = fontBytes.get(file);
  if (!bytes) {
    bytes = fs.readFileSync(file);
    fontBytes.set(file, bytes);
  }
  return bytes;
}

export type Pdf = PDFKit.PDFDocument;

/** A new A4 document with the Unicode fonts registered as "regular", "bold", "italic", "boldItalic" and "mono". */
export function createPdf(info: { title: string; subject?: string; language?: string }): Pdf {
  const doc = new PDFDocument({
    size: "A4",
    margins: { top: 56, bottom: 56, left: 56, right: 56 },
    info: { Title: info.title, Subject: info.subject ?? "", Creator: "ULG Workshop", Producer: "ULG Workshop" },
    lang: info.language,
    displayTitle: true,
    bufferPages: true,
    // No default font: pdfkit would otherwise read and parse the Helvetica metrics file for every
    // document, and these documents only use the fonts registered below.
    font: null as unknown as string,
  });
  // Registering is cheap: a font is embedded (as a subset) only if the document uses it.
  for (const [name, file] of Object.entries(FONTS)) doc.registerFont(name, fontData(file));
  shareParsedFonts(doc);
  doc.font("regular");
  return doc;
}

// pdfkit parses a font anew for every document, and decoding DejaVu's tables was most of the
// time of a minutes PDF (about 60%). Decoded tables are read-only, so every document's font shares
// the first document's table cache; everything else stays per document: pdfkit's EmbeddedFont
// (subset, layout cache) and fontkit's own font object, whose glyph cache, layout engine and
// memoised lookups must not be shared (fontkit keeps a glyph's code points from its first
// creation, so a shared glyph cache let one document decide another's text layer: "LUONNOS"
// extracted as "LUOOS"). Opening a font object only reads the table directory, which is cheap.
// pdfkit's EmbeddedFont reads a few tables as it is made (loca and glyf for glyph 0's width, name,
// head, hhea, OS/2), before the cache could be swapped in: fontkit's table reader is wrapped so a
// font made from these font bytes uses the shared cache from its first read.
// This reaches into pdfkit's `_font` and fontkit's `_tables` and `_getTable`; should they change,
// documents simply decode their tables again.
type FontkitFont = {
  _tables?: Record<string, unknown>;
  stream?: { buffer?: unknown };
  _getTable?: (this: FontkitFont, table: unknown) => unknown;
};
type FontInternals = { _font?: { font?: FontkitFont } };
const sharedTables = new Map<string, Record<string, unknown>>();
const tablesOfBytes = new WeakMap<object, Record<string, unknown>>();
let tableReaderWrapped = false;

function shareParsedFonts(doc: Pdf) {
  const d = doc as unknown as FontInternals;
  for (const [name, file] of Object.entries(FONTS)) {
    doc.font(name);
    const font = d._font?.font;
    if (!font || typeof font._tables !== "object" || font._tables === null) continue;
    const tables = sharedTables.get(name);
    if (tables) font._tables = tables;
    else {
      sharedTables.set(name, font._tables);
      tablesOfBytes.set(fontData(file), font._tables);
      wrapTableReader(font);
    }
  }
}

function wrapTableReader(font: FontkitFont) {
  if (tableReaderWrapped) return;
  const proto = Object.getPrototypeOf(font) as FontkitFont | null;
  const read = proto?._getTable;
  if (!proto || typeof read !== "function") return;
  proto._getTable = function (this: FontkitFont, table: unknown) {
    const bytes = this.stream?.buffer;
    const shared = bytes && typeof bytes === "object" ? tablesOfBytes.get(bytes) : undefined;
    if (shared && this._tables !== shared) this._tables = shared;
    return read.call(this, table);
  };
  tableReaderWrapped = true;
}

/** Collects the finished document into one Buffer. */
export function pdfToBuffer(doc: Pdf): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    doc.on("data", (c: Buffer) => chunks.push(c));
    doc.on("end", () => resolve(Buffer.concat(chunks)));
    doc.on("error", reject);
    doc.end();
  });
}

/** A file download response with a readable, dated file name. */
export function fileResponse(body: Buffer | string, contentType: string, fileName: string): Response {
  const ascii = fileName.replace(/[^\x20-\x7e]/g, "_").replace(/["\\]/g, "");
  // RFC 5987 attr-char excludes ' ( ) * as well, which encodeURIComponent leaves alone.
  const encoded = encodeURIComponent(fileName).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return new Response(typeof body === "string" ? body : new Uint8Array(body), {
    headers: {
      "Content-Type": contentType,
      "Content-Disposition": `attachment; filename="${ascii}"; filename*=UTF-8''${encoded}`,
      "Cache-Control": "private, no-store",
      "X-Content-Type-Options": "nosniff",
    },
  });
}

/** "2024-12-05-ulg-meeting-2" style stem for a meeting's files. */
export function meetingFileStem(meeting: { startsAt: Date; timeZone: string; kind: string; number: number }): string {
  const day = new Intl.DateTimeFormat("en-CA", { timeZone: meeting.timeZone, year: "numeric", month: "2-digit", day: "2-digit" }).format(meeting.startsAt);
  return `${day}-${meeting.kind.replace(/_/g, "-")}-${meeting.number}`;
}
