import { createPdf, pdfToBuffer, type Pdf } from "./pdf.server";

export type SignInSheetRow = { name: string; organisation: string; sector: string; rsvp: string };

/** Everything on the sheet, already translated: this module knows no request and no language. */
export type SignInSheetData = {
  language: string;
  title: string;
  kindLine: string;
  when: string;
  place: string | null;
  rows: SignInSheetRow[];
  /** Empty rows for guests: this many, or as few as minEmptyRows when that avoids a new page. */
  emptyRows: number;
  minEmptyRows: number;
  labels: {
    sheet: string;
    when: string;
    place: string;
    number: string;
    name: string;
    organisation: string;
    sector: string;
    rsvp: string;
    signature: string;
    guestsNote: string;
  };
};

const LEFT = 40;
const RIGHT = 555; // A4 is 595 pt wide
const BOTTOM = 800; // A4 is 842 pt high; the page number sits below this
const HEADER_H = 22;
// About 1 cm: enough room to sign by hand.
const ROW_H = 30;

type Column = { key: keyof SignInSheetRow | "number" | "signature"; width: number };
const COLUMNS: Column[] = [
  { key: "number", width: 22 },
  { key: "name", width: 118 },
  { key: "organisation", width: 106 },
  { key: "sector", width: 70 },
  { key: "rsvp", width: 50 },
  { key: "signature", width: RIGHT - LEFT - (22 + 118 + 106 + 70 + 50) },
];

function cellText(doc: Pdf, text: string, x: number, y: number, width: number, height: number, size: number) {
  doc.fontSize(size).text(text, x + 3, y + 4, { width: width - 6, height: height - 6, ellipsis: true, lineGap: 0 });
}

function drawHeaderRow(doc: Pdf, data: SignInSheetData, y: number) {
  doc.rect(LEFT, y, RIGHT - LEFT, HEADER_H).fillAndStroke("#e2e8f0", "#334155");
  doc.fillColor("#0f172a").font("bold");
  let x = LEFT;
  for (const col of COLUMNS) {
    const label = col.key === "number" ? data.labels.number : data.labels[col.key];
    cellText(doc, label, x, y + 2, col.width, HEADER_H, 8.5);
    x += col.width;
  }
  doc.font("regular");
}

function drawRow(doc: Pdf, row: SignInSheetRow | null, n: number, y: number) {
  doc.lineWidth(0.6).strokeColor("#334155");
  let x = LEFT;
  for (const col of COLUMNS) {
    doc.rect(x, y, col.width, ROW_H).stroke();
    let text = "";
    if (col.key === "number") text = String(n);
    else if (row && col.key !== "signature") text = row[col.key];
    if (text) cellText(doc, text, x, y, col.width, ROW_H, col.key === "name" ? 9 : 8);
    x += col.width;
  }
}

/**
 * A printable A4 sign-in sheet: the meeting at the top, then one ruled row per roster member and
 * a few empty rows for guests; the column headings repeat on every page and each page says
 * "n / total". DejaVu (registered by createPdf) prints every partner language's letters.
 */
export async function renderSignInSheet(data: SignInSheetData): Promise<Buffer> {
  const doc = createPdf({ title: `${data.labels.sheet}: ${data.title}`, subject: data.kindLine, language: data.language });
  doc.fillColor("#0f172a");
  doc.font("bold").fontSize(16).text(data.labels.sheet, LEFT, 40, { width: RIGHT - LEFT });
  doc.font("bold").fontSize(13).text(data.title, { width: RIGHT - LEFT });
  doc.font("regular").fontSize(10).text(data.kindLine, { width: RIGHT - LEFT });
  doc.text(`${data.labels.when}: ${data.when}`, { width: RIGHT - LEFT });
  if (data.place) doc.text(`${data.labels.place}: ${data.place}`, { width: RIGHT - LEFT });
  let y = doc.y + 12;

  drawHeaderRow(doc, data, y);
  y += HEADER_H;
  const newPage = () => {
    doc.addPage();
    doc.font("regular").fontSize(8).fillColor("#334155").text(`${data.title} · ${data.when}`, LEFT, 40, { width: RIGHT - LEFT, height: 12, ellipsis: true });
    doc.fillColor("#0f172a");
    y = 58;
    drawHeaderRow(doc, data, y);
    y += HEADER_H;
  };
  const NOTE_H = 16;
  data.rows.forEach((row, i) => {
    if (y + ROW_H > BOTTOM) newPage();
    drawRow(doc, row, i + 1, y);
    y += ROW_H;
  });
  // A page only for one or two empty rows wastes paper: end on this page when it still has room for most of them.
  const fitHere = Math.floor((BOTTOM - y - NOTE_H) / ROW_H);
  const emptyRows = fitHere < data.emptyRows && fitHere >= data.minEmptyRows ? fitHere : data.emptyRows;
  if (emptyRows > 0 && y + NOTE_H + ROW_H > BOTTOM) newPage();
  if (emptyRows > 0) {
    doc.font("italic").fontSize(8).fillColor("#334155").text(data.labels.guestsNote, LEFT, y + 4, { width: RIGHT - LEFT, height: NOTE_H, ellipsis: true });
    doc.font("regular").fillColor("#0f172a");
    y += NOTE_H;
  }
  for (let i = 0; i < emptyRows; i++) {
    if (y + ROW_H > BOTTOM) newPage();
    drawRow(doc, null, data.rows.length + i + 1, y);
    y += ROW_H;
  }

  const range = doc.bufferedPageRange();
  for (let i = 0; i < range.count; i++) {
    doc.switchToPage(range.start + i);
    // Writing below the bottom margin would start a new page: lift the margin for the footer.
    const margin = doc.page.margins.bottom;
    doc.page.margins.bottom = 0;
    doc.font("regular").fontSize(8).fillColor("#334155").text(`${i + 1} / ${range.count}`, LEFT, 812, { width: RIGHT - LEFT, align: "center", lineBreak: false });
    doc.page.margins.bottom = margin;
  }
  return pdfToBuffer(doc);
}
