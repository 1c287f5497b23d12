import type { Detail, PlanContent } from "./action-plan-content.server";
import { ALERT, bullets, decoratePages, draftBanner, drawBlocks, INK, keepTogether, MUTED, note, RULE, sectionHeading, subHeading } from "./minutes-pdf.server";
import { createPdf, pdfToBuffer, type Pdf } from "./pdf.server";

const CONTENTS_LINES_PER_PAGE = 34;

/**
 * The action plan as an A4 PDF: a title page, the contents with page numbers, the vision and
 * objectives, then each action from a new page with where it came from. A draft carries the DRAFT
 * banner, header and watermark of the minutes.
 */
export async function renderActionPlanPdf(c: PlanContent, language: string): Promise<Buffer> {
  const doc = createPdf({ title: c.draft ? `${c.draftMark}: ${c.documentTitle}` : c.documentTitle, subject: c.titleLabel, language });
  titlePage(doc, c);

  // The contents are written last, once every section's first page is known.
  const entries: { title: string; page: number; level: number }[] = [];
  const contentsPages = Math.max(1, Math.ceil((3 + c.actions.length) / CONTENTS_LINES_PER_PAGE));
  for (let i = 0; i < contentsPages; i++) doc.addPage();
  const here = () => doc.bufferedPageRange().count;

  doc.addPage();
  entries.push({ title: c.vision.heading, page: here(), level: 0 });
  pageHeading(doc, c.vision.heading);
  if (c.vision.none) note(doc, c.vision.none);
  drawBlocks(doc, c.vision.blocks, doc.page.margins.left, textWidth(doc));
  sectionHeading(doc, c.objectives.heading);
  entries.push({ title: c.objectives.heading, page: here(), level: 0 });
  if (c.objectives.none) note(doc, c.objectives.none);
  drawBlocks(doc, c.objectives.blocks, doc.page.margins.left, textWidth(doc));

  sectionHeading(doc, c.actionsHeading);
  entries.push({ title: c.actionsHeading, page: here(), level: 0 });
  if (c.noActions) note(doc, c.noActions);
  c.actions.forEach((a, i) => {
    // Each action from a new page, so a section can be handed on alone.
    if (i > 0 || doc.y > doc.page.height / 2) doc.addPage();
    entries.push({ title: a.heading, page: here(), level: 1 });
    doc.font("bold").fontSize(15).fillColor(INK).text(a.heading, doc.page.margins.left, doc.y, { width: textWidth(doc) });
    doc.moveDown(0.4);
    // What the action is, then its facts.
    if (a.description.length) drawBlocks(doc, a.description, doc.page.margins.left, textWidth(doc));
    details(doc, a.details);

    subHeading(doc, a.origin.heading);
    if (a.origin.none) note(doc, a.origin.none);
    const idea = a.origin.idea;
    if (idea) {
      label(doc, idea.heading);
      doc.font("bold").fontSize(10.5).fillColor(INK).text(idea.title, doc.page.margins.left, doc.y, { width: textWidth(doc) });
      doc.font("regular").fontSize(9.5).fillColor(MUTED).text(idea.stage, doc.page.margins.left, doc.y, { width: textWidth(doc) });
      doc.moveDown(0.2);
      drawBlocks(doc, idea.blocks, doc.page.margins.left + 12, textWidth(doc) - 12, MUTED);
    }
    const pilot = a.origin.pilot;
    if (pilot) {
      label(doc, pilot.heading);
      details(doc, pilot.details);
      if (pilot.indicators) {
        label(doc, pilot.indicators.heading);
        table(doc, pilot.indicators.columns, pilot.indicators.rows);
      }
    }
    label(doc, a.origin.meetings.heading);
    if (a.origin.meetings.none) note(doc, a.origin.meetings.none);
    bullets(doc, a.origin.meetings.lines, doc.page.margins.left, textWidth(doc));
  });

  writeContents(doc, c, entries, contentsPages);
  const pages = doc.bufferedPageRange().count;
  // The title page carries no running footer line of its own besides the page number.
  decoratePages(doc, Array.from({ length: pages }, () => c), (p, n) => c.pageLabel(p, n));
  return pdfToBuffer(doc);
}

function textWidth(doc: Pdf) {
  return doc.page.width - doc.page.margins.left - doc.page.margins.right;
}

function titlePage(doc: Pdf, c: PlanContent) {
  const left = doc.page.margins.left;
  const width = textWidth(doc);
  if (c.draft) draftBanner(doc, c.draftMark, c.draftNote);
  doc.y = Math.max(doc.y, doc.page.height * 0.28);
  doc.font("regular").fontSize(11).fillColor(MUTED).text(c.titleLabel.toUpperCase(), left, doc.y, { width });
  doc.font("bold").fontSize(26).fillColor(INK).text(c.heading, left, doc.y + 6, { width });
  doc.moveDown(0.8);
  doc.font("bold").fontSize(15).fillColor(INK).text(c.cityLine, left, doc.y, { width });
  doc.font("regular").fontSize(12).fillColor(MUTED).text(c.networkLine, left, doc.y + 2, { width });
  doc.moveDown(1.5);
  doc.font("regular").fontSize(11).fillColor(INK).text(c.dateLine, left, doc.y, { width });
  doc.font(c.draft ? "bold" : "regular").fontSize(10.5).fillColor(c.draft ? ALERT : MUTED).text(c.statusLine, left, doc.y + 2, { width });
}

function pageHeading(doc: Pdf, text: string) {
  const left = doc.page.margins.left;
  const width = textWidth(doc);
  doc.font("bold").fontSize(14).fillColor(INK).text(text, left, doc.y, { width });
  const y = doc.y + 1;
  doc.save().lineWidth(0.75).strokeColor(RULE).moveTo(left, y).lineTo(left + width, y).stroke().restore();
  doc.y = y + 5;
}

function label(doc: Pdf, text: string) {
  keepTogether(doc, 40);
  doc.moveDown(0.2);
  doc.font("bold").fontSize(10.5).fillColor(MUTED).text(text, doc.page.margins.left, doc.y, { width: textWidth(doc) });
  doc.moveDown(0.15);
}

function details(doc: Pdf, list: Detail[]) {
  const left = doc.page.margins.left;
  const width = textWidth(doc);
  for (const d of list) {
    keepTogether(doc, 28);
    doc.font("bold").fontSize(9.5).fillColor(MUTED).text(d.label, left, doc.y, { width });
    doc.font("regular").fontSize(10.5).fillColor(INK).text(d.value, left, doc.y, { width });
    doc.moveDown(0.25);
  }
}

function table(doc: Pdf, columns: string[], rows: string[][]) {
  const left = doc.page.margins.left;
  const width = textWidth(doc);
  const widths = [width * 0.44, width * 0.28, width * 0.28];
  const xs = widths.map((_, i) => left + widths.slice(0, i).reduce((a, b) => a + b, 0));
  const PAD = 4;
  const heightOf = (cells: string[], font: string) => Math.max(...cells.map((text, i) => doc.font(font).fontSize(10).heightOfString(text || " ", { width: widths[i] - 2 * PAD }))) + 2 * PAD;
  const row = (cells: string[], font: string, color: string) => {
    const h = heightOf(cells, font);
    if (doc.y + h > doc.page.height - doc.page.margins.bottom) doc.addPage();
    const y = doc.y;
    cells.forEach((text, i) => doc.font(font).fontSize(10).fillColor(color).text(text, xs[i] + PAD, y + PAD, { width: widths[i] - 2 * PAD }));
    doc.x = left;
    doc.y = y + h;
    doc.save().lineWidth(0.5).strokeColor(RULE).moveTo(left, doc.y).lineTo(left + width, doc.y).stroke().restore();
  };
  keepTogether(doc, 50);
  row(columns, "bold", MUTED);
  for (const r of rows) row(r, "regular", INK);
  doc.moveDown(0.4);
}

function writeContents(doc: Pdf, c: PlanContent, entries: { title: string; page: number; level: number }[], pages: number) {
  for (let page = 0; page < pages; page++) {
    doc.switchToPage(1 + page);
    const left = doc.page.margins.left;
    const width = textWidth(doc);
    let y = doc.page.margins.top;
    if (page === 0) {
      doc.font("bold").fontSize(16).fillColor(INK).text(c.contentsHeading, left, y, { width });
      y = doc.y + 10;
    }
    for (const e of entries.slice(page * CONTENTS_LINES_PER_PAGE, (page + 1) * CONTENTS_LINES_PER_PAGE)) {
      const indent = e.level * 16;
      const pageText = String(e.page);
      doc.font(e.level === 0 ? "bold" : "regular").fontSize(10.5).fillColor(INK);
      const pageWidth = doc.widthOfString(pageText) + 4;
      doc.text(e.title, left + indent, y, { width: width - indent - pageWidth - 8, lineBreak: false, ellipsis: true, height: 14 });
      doc.fillColor(MUTED).text(pageText, left + width - pageWidth, y, { width: pageWidth, align: "right", lineBreak: false });
      y += 18;
    }
  }
}
