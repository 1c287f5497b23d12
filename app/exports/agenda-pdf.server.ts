import { formatMeetingDate, formatTime } from "~/utils/zoned-time";
import { createPdf, pdfToBuffer, type Pdf } from "./pdf.server";

type Translate = (key: string, options?: Record<string, unknown>) => string;

export type AgendaPdfInput = {
  t: Translate;
  locale: string;
  meeting: {
    kind: string;
    number: number;
    title: string;
    purpose: string | null;
    startsAt: Date;
    endsAt: Date;
    timeZone: string;
    place: string | null;
    onlineUrl: string | null;
    cancelledAt: Date | null;
    cancelReason: string | null;
    cityName: string | null;
    hostCityName: string | null;
  };
  /** In agenda order; `presenter` already resolved to the name to print (or null). */
  items: { title: string; description: string | null; durationMinutes: number; kind: string; presenter: string | null; idea?: string | null }[];
  /** Minutes from the meeting's start at which each item begins, and the agenda's total. */
  starts: number[];
  totalMinutes: number;
};

const INK = "#111827";
const MUTED = "#374151";
const RULE = "#9ca3af";
const ALERT = "#b91c1c";

/** The agenda of one meeting as an A4 PDF in the reader's language, times in the meeting's zone. */
export async function renderAgendaPdf(input: AgendaPdfInput): Promise<Buffer> {
  const { t, locale, meeting, items, starts, totalMinutes } = input;
  const cancelled = meeting.cancelledAt != null;
  const heading = `${t(`meetingKinds.${meeting.kind}`)} ${meeting.number}: ${meeting.title}`;
  const doc = createPdf({
    title: cancelled ? `${t("agenda.pdfCancelled")}: ${heading}` : heading,
    subject: t("agenda.pdfHeading"),
    language: locale,
  });
  const width = doc.page.width - doc.page.margins.left - doc.page.margins.right;
  const left = doc.page.margins.left;

  if (cancelled) {
    // A framed banner above everything else, so a printed copy cannot be mistaken for a live agenda.
    const top = doc.y;
    doc.font("bold").fontSize(26).fillColor(ALERT).text(t("agenda.pdfCancelled"), left + 12, top + 10, { width: width - 24, align: "center", characterSpacing: 4 });
    doc.font("regular").fontSize(11).text(t("agenda.pdfCancelledNote"), { width: width - 24, align: "center" });
    if (meeting.cancelReason) doc.text(t("agenda.pdfReason", { reason: meeting.cancelReason }), { width: width - 24, align: "center" });
    const bottom = doc.y + 8;
    doc.save().lineWidth(2.5).rect(left, top, width, bottom - top).stroke(ALERT).restore();
    doc.x = left;
    doc.y = bottom + 14;
  }

  doc.font("bold").fontSize(18).fillColor(INK).text(heading, left, doc.y, { width });
  doc.moveDown(0.2);
  doc
    .font("regular")
    .fontSize(11)
    .fillColor(MUTED)
    .text(meeting.cityName ?? t("agenda.pdfNetwork", { host: meeting.hostCityName ?? "" }), { width });
  doc.moveDown(0.6);

  const tz = meeting.timeZone;
  const when = `${formatMeetingDate(meeting.startsAt, locale, tz)}, ${formatTime(meeting.startsAt, locale, tz)}–${formatTime(meeting.endsAt, locale, tz)} (${tz})`;
  detail(doc, t("agenda.pdfWhen"), when, width);
  if (meeting.place) detail(doc, t("agenda.pdfWhere"), meeting.place, width);
  if (meeting.onlineUrl) detail(doc, t("agenda.pdfOnline"), meeting.onlineUrl, width);
  if (meeting.purpose) detail(doc, t("agenda.pdfPurpose"), meeting.purpose, width);

  doc.moveDown(0.8);
  doc.font("bold").fontSize(14).fillColor(INK).text(t("agenda.pdfHeading"), left, doc.y, { width });
  doc.moveDown(0.3);

  if (items.length === 0) {
    doc.font("italic").fontSize(11).fillColor(MUTED).text(t("agenda.pdfNoItems"), { width });
  } else {
    const startMs = meeting.startsAt.getTime();
    drawAgendaTable(
      doc,
      [t("agenda.pdfColTime"), t("agenda.pdfColItem"), t("agenda.pdfColKind"), t("agenda.pdfColDuration"), t("agenda.pdfColPresenter")],
      items.map((item, i) => ({
        cells: [
          formatTime(new Date(startMs + starts[i] * 60_000), locale, tz),
          item.title,
          t(`agendaKinds.${item.kind}`),
          t("meetingPage.minutes", { count: item.durationMinutes }),
          item.presenter ?? "",
        ],
        // The linked idea's title leads the text under the item.
        description: [item.idea ? t("agenda.pdfIdea", { title: item.idea }) : null, item.description].filter(Boolean).join("\n") || null,
      })),
    );
    const lengthMinutes = Math.round((meeting.endsAt.getTime() - startMs) / 60_000);
    doc.moveDown(0.6);
    doc
      .font(totalMinutes > lengthMinutes ? "bold" : "regular")
      .fontSize(10)
      .fillColor(totalMinutes > lengthMinutes ? ALERT : MUTED)
      .text(t("agenda.pdfTotal", { total: totalMinutes, length: lengthMinutes }), left, doc.y, { width });
  }

  footers(doc, t, cancelled);
  return pdfToBuffer(doc);
}

type TableRow = { cells: string[]; description: string | null };

// Column widths in points; the item column takes what is left of the A4 text width.
const FIXED = [58, 0, 76, 58, 100];
const PAD = 4;

/**
 * The agenda as a ruled table, laid out by hand: pdfkit's own table measures every cell several
 * times and takes seconds for 30 rows. Rows never split; the header repeats on each new page.
 */
function drawAgendaTable(doc: Pdf, header: string[], rows: TableRow[]) {
  const left = doc.page.margins.left;
  const width = doc.page.width - left - doc.page.margins.right;
  const widths = FIXED.map((w) => w || width - FIXED.reduce((a, b) => a + b, 0));
  const xs = widths.map((_, i) => left + widths.slice(0, i).reduce((a, b) => a + b, 0));
  const bottom = () => doc.page.height - doc.page.margins.bottom;
  const fontOf = (col: number) => (col === 1 ? "bold" : "regular");

  const cellHeight = (text: string, col: number, font: string, size: number) =>
    text ? doc.font(font).fontSize(size).heightOfString(text, { width: widths[col] - 2 * PAD }) : 0;

  const rule = (y: number, weight: number) => {
    doc.save().lineWidth(weight).strokeColor(RULE).moveTo(left, y).lineTo(left + width, y).stroke().restore();
  };

  const drawHeader = () => {
    const y = doc.y;
    const h = Math.max(...header.map((text, col) => cellHeight(text, col, "bold", 9.5))) + 2 * PAD;
    header.forEach((text, col) => doc.font("bold").fontSize(9.5).fillColor(MUTED).text(text, xs[col] + PAD, y + PAD, { width: widths[col] - 2 * PAD }));
    rule(y + h, 1);
    doc.x = left;
    doc.y = y + h;
  };

  const newPage = () => {
    doc.addPage();
    drawHeader();
  };

  drawHeader();
  rows.forEach((row, index) => {
    const mainHeight = Math.max(...row.cells.map((text, col) => cellHeight(text, col, fontOf(col), 10))) + 2 * PAD;
    const descWidth = width - widths[0] - 2 * PAD;
    const descHeight = row.description ? doc.font("regular").fontSize(9.5).heightOfString(row.description, { width: descWidth }) + PAD + 2 : 0;
    const pageRoom = bottom() - doc.page.margins.top - 40;
    // Keep an item and its description together when they fit on one page.
    if (doc.y + Math.min(mainHeight + descHeight, pageRoom) > bottom()) newPage();
    const y = doc.y;
    row.cells.forEach((text, col) =>
      doc.font(fontOf(col)).fontSize(10).fillColor(INK).text(text, xs[col] + PAD, y + PAD, { width: widths[col] - 2 * PAD }),
    );
    let end = y + mainHeight;
    if (row.description) {
      // pdfkit leaves doc.y under the text, on a later page if a very long description flowed on.
      doc.font("regular").fontSize(9.5).fillColor(MUTED).text(row.description, xs[1] + PAD, end - 2, { width: descWidth });
      end = doc.y + PAD;
    }
    if (index < rows.length - 1) rule(end, 0.5);
    doc.x = left;
    doc.y = end;
  });
}

function detail(doc: Pdf, label: string, value: string, width: number) {
  const left = doc.page.margins.left;
  doc.font("bold").fontSize(10).fillColor(MUTED).text(label, left, doc.y, { width });
  doc.font("regular").fontSize(11).fillColor(INK).text(value, left, doc.y, { width });
  doc.moveDown(0.4);
}

/** Page numbers (and the cancelled mark) at the foot of every page, written once all pages exist. */
function footers(doc: Pdf, t: Translate, cancelled: boolean) {
  const range = doc.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    const { margins } = doc.page;
    const bottom = margins.bottom;
    // Writing inside the bottom margin would otherwise make pdfkit start a new page.
    margins.bottom = 0;
    const page = t("agenda.pdfPage", { page: i - range.start + 1, pages: range.count });
    const text = cancelled ? `${t("agenda.pdfCancelled")} · ${page}` : page;
    doc
      .font(cancelled ? "bold" : "regular")
      .fontSize(9)
      .fillColor(cancelled ? ALERT : MUTED)
      .text(text, margins.left, doc.page.height - bottom + 16, { width: doc.page.width - margins.left - margins.right, align: "right", lineBreak: false });
    margins.bottom = bottom;
  }
}
