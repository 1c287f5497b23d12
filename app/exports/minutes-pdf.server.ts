import type { Block, Inline } from "./markdown-blocks.server";
import type { MinutesContent } from "./minutes-content.server";
import { createPdf, pdfToBuffer, type Pdf } from "./pdf.server";

export const INK = "#111827";
export const MUTED = "#374151";
export const RULE = "#9ca3af";
export const ALERT = "#b91c1c";
const LINK = "#1e40af";

/** The minutes of one meeting as an A4 PDF; a draft carries a banner, a header line and a watermark on every page. */
export async function renderMinutesPdf(content: MinutesContent, language: string): Promise<Buffer> {
  const doc = createPdf({
    title: content.draft ? `${content.draftMark}: ${content.documentTitle}` : content.documentTitle,
    subject: content.titleLabel,
    language,
  });
  drawMinutes(doc, content);
  const pages = doc.bufferedPageRange().count;
  decoratePages(doc, Array.from({ length: pages }, () => content), (p, n) => content.pageLabel(p, n));
  return pdfToBuffer(doc);
}

export type CollectionCover = {
  title: string;
  period: string;
  contentsHeading: string;
  empty: string;
  pageLabel: (page: number, pages: number) => string;
  entryPage: (page: number) => string;
};

const COVER_LINES_PER_PAGE = 36;

/**
 * Many meetings' minutes in one PDF (the reporting pack): a cover with the contents and page
 * numbers, then each meeting's minutes from a new page. Draft marks appear on the drafts' pages only.
 */
export async function renderMinutesCollectionPdf(contents: MinutesContent[], cover: CollectionCover, language: string): Promise<Buffer> {
  const doc = createPdf({ title: `${cover.title} ${cover.period}`, subject: cover.title, language });
  const coverPages = Math.max(1, Math.ceil(contents.length / COVER_LINES_PER_PAGE));
  for (let i = 1; i < coverPages; i++) doc.addPage();
  const owners: (MinutesContent | null)[] = Array.from({ length: coverPages }, () => null);
  const firstPages: number[] = [];
  for (const content of contents) {
    doc.addPage();
    firstPages.push(doc.bufferedPageRange().count);
    drawMinutes(doc, content);
    while (owners.length < doc.bufferedPageRange().count) owners.push(content);
  }

  // The cover is written last, when every meeting's first page is known.
  const left = doc.page.margins.left;
  for (let page = 0; page < coverPages; page++) {
    doc.switchToPage(page);
    const width = doc.page.width - left - doc.page.margins.right;
    let y = doc.page.margins.top;
    if (page === 0) {
      doc.font("bold").fontSize(20).fillColor(INK).text(cover.title, left, y, { width });
      doc.font("regular").fontSize(12).fillColor(MUTED).text(cover.period, left, doc.y + 2, { width });
      doc.font("bold").fontSize(13).fillColor(INK).text(cover.contentsHeading, left, doc.y + 18, { width });
      y = doc.y + 6;
      if (contents.length === 0) doc.font("italic").fontSize(11).fillColor(MUTED).text(cover.empty, left, y, { width });
    }
    contents.slice(page * COVER_LINES_PER_PAGE, (page + 1) * COVER_LINES_PER_PAGE).forEach((content, i) => {
      const n = page * COVER_LINES_PER_PAGE + i;
      const pageText = cover.entryPage(firstPages[n]);
      const mark = content.draft ? ` [${content.draftMark}]` : "";
      doc.font("regular").fontSize(10).fillColor(content.draft ? ALERT : INK);
      const pageWidth = doc.widthOfString(pageText) + 4;
      doc.text(`${content.heading}${mark}`, left, y, { width: width - pageWidth - 8, lineBreak: false, ellipsis: true, height: 14 });
      doc.fillColor(MUTED).text(pageText, left + width - pageWidth, y, { width: pageWidth, align: "right", lineBreak: false });
      y += 17;
    });
  }
  decoratePages(doc, owners, cover.pageLabel);
  return pdfToBuffer(doc);
}

// ---- One meeting's minutes ----

function drawMinutes(doc: Pdf, c: MinutesContent) {
  const left = doc.page.margins.left;
  const width = doc.page.width - left - doc.page.margins.right;
  doc.x = left;

  if (c.draft) draftBanner(doc, c.draftMark, c.draftNote);

  doc.font("regular").fontSize(10).fillColor(MUTED).text(c.titleLabel.toUpperCase(), left, doc.y, { width, characterSpacing: 1 });
  doc.font("bold").fontSize(18).fillColor(INK).text(c.heading, left, doc.y + 2, { width });
  doc.font("regular").fontSize(11).fillColor(MUTED).text(c.cityLine, left, doc.y + 2, { width });
  doc.moveDown(0.6);
  for (const d of c.details) {
    doc.font("bold").fontSize(9.5).fillColor(MUTED).text(d.label, left, doc.y, { width });
    doc.font("regular").fontSize(10.5).fillColor(INK).text(d.value, left, doc.y, { width });
    doc.moveDown(0.3);
  }

  for (const s of [c.summary, c.summaryEn]) {
    if (!s) continue;
    sectionHeading(doc, s.heading);
    drawBlocks(doc, s.blocks, left, width);
  }

  const p = c.participants;
  sectionHeading(doc, p.heading);
  if (p.none) note(doc, p.none);
  else {
    para(doc, p.countLine);
    para(doc, p.sectorLine, MUTED);
    bullets(doc, p.present, left, width);
    if (p.apologies.length) {
      subHeading(doc, p.apologiesHeading);
      bullets(doc, p.apologies, left, width);
    }
    if (p.guests.length) {
      subHeading(doc, p.guestsHeading);
      bullets(doc, p.guests, left, width);
    }
  }

  sectionHeading(doc, c.agenda.heading);
  if (c.agenda.none) note(doc, c.agenda.none);
  for (const item of c.agenda.items) {
    keepTogether(doc, 40);
    const y = doc.y;
    doc.font("regular").fontSize(10).fillColor(MUTED).text(item.time, left, y, { width: 44 });
    doc.font("bold").fontSize(10.5).fillColor(INK).text(`${item.number}. ${item.title}`, left + 48, y, { width: width - 48 });
    doc.font("regular").fontSize(9.5).fillColor(MUTED).text(item.meta, left + 48, doc.y, { width: width - 48 });
    if (item.description) doc.fillColor(MUTED).text(item.description, left + 48, doc.y, { width: width - 48 });
    doc.x = left;
    doc.moveDown(0.35);
  }

  if (c.notes.items.length) {
    sectionHeading(doc, c.notes.heading);
    for (const item of c.notes.items) {
      keepTogether(doc, 48);
      doc.font("bold").fontSize(11.5).fillColor(INK).text(`${item.number}. ${item.title}`, left, doc.y, { width });
      doc.moveDown(0.2);
      if (item.blocks.length) drawBlocks(doc, item.blocks, left, width);
      else note(doc, c.notes.noNotes);
      doc.moveDown(0.3);
    }
  }

  sectionHeading(doc, c.decisions.heading);
  if (c.decisions.none) note(doc, c.decisions.none);
  c.decisions.items.forEach((d, i) => {
    keepTogether(doc, 30);
    const y = doc.y;
    doc.font("bold").fontSize(10.5).fillColor(INK).text(`${i + 1}.`, left, y, { width: 20 });
    doc.font("regular").text(d.text, left + 22, y, { width: width - 22 });
    if (d.under) doc.font("italic").fontSize(9.5).fillColor(MUTED).text(d.under, left + 22, doc.y, { width: width - 22 });
    doc.x = left;
    doc.moveDown(0.3);
  });

  sectionHeading(doc, c.actionItems.heading);
  if (c.actionItems.none) note(doc, c.actionItems.none);
  else actionTable(doc, c);

  sectionHeading(doc, c.approval.heading);
  para(doc, c.approval.text, c.draft ? ALERT : INK, c.draft ? "bold" : "regular");
}

/** A framed banner above everything else, so a printed draft cannot pass for an approved document. */
export function draftBanner(doc: Pdf, mark: string, text: string) {
  const left = doc.page.margins.left;
  const width = doc.page.width - left - doc.page.margins.right;
  const top = doc.y;
  doc.font("bold").fontSize(24).fillColor(ALERT).text(mark, left + 12, top + 10, { width: width - 24, align: "center", characterSpacing: 4 });
  doc.font("regular").fontSize(10.5).text(text, { width: width - 24, align: "center" });
  const bottom = doc.y + 8;
  doc.save().lineWidth(2.5).rect(left, top, width, bottom - top).stroke(ALERT).restore();
  doc.x = left;
  doc.y = bottom + 14;
}

export function keepTogether(doc: Pdf, height: number) {
  if (doc.y + height > doc.page.height - doc.page.margins.bottom) doc.addPage();
}

export function sectionHeading(doc: Pdf, text: string) {
  doc.moveDown(0.6);
  keepTogether(doc, 60);
  const left = doc.page.margins.left;
  const width = doc.page.width - left - doc.page.margins.right;
  doc.font("bold").fontSize(14).fillColor(INK).text(text, left, doc.y, { width });
  const y = doc.y + 1;
  doc.save().lineWidth(0.75).strokeColor(RULE).moveTo(left, y).lineTo(left + width, y).stroke().restore();
  doc.y = y + 5;
}

export function subHeading(doc: Pdf, text: string) {
  const left = doc.page.margins.left;
  doc.moveDown(0.3);
  keepTogether(doc, 40);
  doc.font("bold").fontSize(11).fillColor(INK).text(text, left, doc.y, { width: doc.page.width - left - doc.page.margins.right });
  doc.moveDown(0.15);
}

export function para(doc: Pdf, text: string, color = INK, font = "regular") {
  const left = doc.page.margins.left;
  doc.font(font).fontSize(10.5).fillColor(color).text(text, left, doc.y, { width: doc.page.width - left - doc.page.margins.right });
  doc.moveDown(0.3);
}

export function note(doc: Pdf, text: string) {
  para(doc, text, MUTED, "italic");
}

export function bullets(doc: Pdf, lines: string[], x: number, width: number) {
  for (const line of lines) {
    keepTogether(doc, 16);
    const y = doc.y;
    doc.font("regular").fontSize(10.5).fillColor(INK).text("•", x + 4, y, { width: 10 });
    doc.text(line, x + 16, y, { width: width - 16 });
    doc.x = x;
  }
  doc.moveDown(0.3);
}

// ---- Markdown blocks ----

function fontFor(i: Exclude<Inline, { lineBreak: true }>): string {
  if (i.code) return "mono";
  if (i.bold && i.italic) return "boldItalic";
  if (i.bold) return "bold";
  if (i.italic) return "italic";
  return "regular";
}

/** A paragraph of styled runs, wrapped within [x, x + width]. */
function drawInlines(doc: Pdf, inlines: Inline[], x: number, width: number, size: number, color = INK, baseBold = false) {
  // Line breaks travel as "\n" at the end of the run before them.
  const runs: Exclude<Inline, { lineBreak: true }>[] = [];
  for (const i of inlines) {
    if ("lineBreak" in i) {
      if (runs.length) runs[runs.length - 1] = { ...runs[runs.length - 1], text: `${runs[runs.length - 1].text}\n` };
    } else runs.push(baseBold ? { ...i, bold: true } : i);
  }
  if (!runs.length) return;
  runs.forEach((run, n) => {
    const options = {
      width,
      continued: n < runs.length - 1,
      link: run.link ?? null,
      underline: Boolean(run.link),
      strike: Boolean(run.strike),
    } as PDFKit.Mixins.TextOptions;
    doc.font(fontFor(run)).fontSize(run.code ? size - 1 : size).fillColor(run.link ? LINK : color);
    if (n === 0) doc.text(run.text, x, doc.y, options);
    else doc.text(run.text, options);
  });
  doc.x = x;
}

export function drawBlocks(doc: Pdf, blocks: Block[], x: number, width: number, color = INK) {
  for (const b of blocks) {
    switch (b.kind) {
      case "paragraph":
        keepTogether(doc, 14);
        drawInlines(doc, b.inlines, x, width, 10.5, color);
        doc.moveDown(0.35);
        break;
      case "heading":
        keepTogether(doc, 36);
        drawInlines(doc, b.inlines, x, width, b.level <= 2 ? 11.5 : 10.5, color, true);
        doc.moveDown(0.2);
        break;
      case "list":
        b.items.forEach((item, n) => {
          keepTogether(doc, 14);
          const marker = b.ordered ? `${b.start + n}.` : "•";
          const indent = b.ordered ? 22 : 14;
          const y = doc.y;
          doc.font("regular").fontSize(10.5).fillColor(color).text(marker, x + 2, y, { width: indent - 2 });
          doc.y = y;
          drawBlocks(doc, item, x + indent, width - indent, color);
          // A tight item leaves a little space below its last paragraph; take most of it back.
          doc.y -= doc.currentLineHeight(true) * 0.2;
        });
        doc.moveDown(0.3);
        break;
      case "quote": {
        const top = doc.y;
        const startPage = doc.bufferedPageRange().count;
        drawBlocks(doc, b.blocks, x + 12, width - 12, MUTED);
        // The bar beside the quote, when it stayed on one page.
        if (doc.bufferedPageRange().count === startPage) {
          doc.save().lineWidth(2).strokeColor(RULE).moveTo(x + 3, top).lineTo(x + 3, doc.y - 6).stroke().restore();
        }
        break;
      }
      case "code":
        keepTogether(doc, 14);
        doc.font("mono").fontSize(9.5).fillColor(INK).text(b.text, x + 8, doc.y, { width: width - 8 });
        doc.x = x;
        doc.moveDown(0.35);
        break;
      case "rule": {
        const y = doc.y + 2;
        doc.save().lineWidth(0.5).strokeColor(RULE).moveTo(x, y).lineTo(x + width, y).stroke().restore();
        doc.y = y + 8;
        break;
      }
    }
  }
}

// ---- Action items table ----

function actionTable(doc: Pdf, c: MinutesContent) {
  const left = doc.page.margins.left;
  const width = doc.page.width - left - doc.page.margins.right;
  const fixed = [0, 120, 72, 72];
  const widths = fixed.map((w) => w || width - fixed.reduce((a, b) => a + b, 0));
  const xs = widths.map((_, i) => left + widths.slice(0, i).reduce((a, b) => a + b, 0));
  const PAD = 4;
  const bottom = () => doc.page.height - doc.page.margins.bottom;
  const rule = (y: number, weight: number) => doc.save().lineWidth(weight).strokeColor(RULE).moveTo(left, y).lineTo(left + width, y).stroke().restore();
  const heightOf = (cells: string[], font: string, size: number) =>
    Math.max(...cells.map((text, i) => doc.font(font).fontSize(size).heightOfString(text || " ", { width: widths[i] - 2 * PAD }))) + 2 * PAD;
  const drawRow = (cells: string[], font: string, size: number, colors: string[]) => {
    const y = doc.y;
    const h = heightOf(cells, font, size);
    cells.forEach((text, i) => doc.font(font).fontSize(size).fillColor(colors[i]).text(text, xs[i] + PAD, y + PAD, { width: widths[i] - 2 * PAD }));
    doc.x = left;
    doc.y = y + h;
    return h;
  };
  const header = () => {
    drawRow(c.actionItems.columns, "bold", 9.5, [MUTED, MUTED, MUTED, MUTED]);
    rule(doc.y, 1);
  };
  keepTogether(doc, 60);
  header();
  c.actionItems.rows.forEach((row, n) => {
    const cells = [row.what, row.owner, row.due, row.done];
    if (doc.y + heightOf(cells, "regular", 10) > bottom()) {
      doc.addPage();
      header();
    }
    drawRow(cells, "regular", 10, [INK, INK, INK, row.isDone ? INK : ALERT]);
    if (n < c.actionItems.rows.length - 1) rule(doc.y, 0.5);
  });
  doc.moveDown(0.3);
}

// ---- Page furniture, written once every page exists ----

/** What the page furniture needs of a document (the minutes, the action plan). */
export type PageOwner = Pick<MinutesContent, "heading" | "draft" | "draftMark" | "draftNote">;

/** Page numbers on every page; on a draft's pages also a header line and a faint diagonal watermark. */
export function decoratePages(doc: Pdf, owners: (PageOwner | null)[], pageLabel: (page: number, pages: number) => string) {
  const range = doc.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    const owner = owners[i - range.start] ?? null;
    const { margins, width: pageWidth, height: pageHeight } = doc.page;
    const bottom = margins.bottom;
    const top = margins.top;
    // Writing inside the margins would otherwise make pdfkit start a new page.
    margins.bottom = 0;
    margins.top = 0;
    const textWidth = pageWidth - margins.left - margins.right;
    const draft = owner?.draft ?? false;
    if (owner && draft) {
      // As large as fits across the page's diagonal, on one line.
      doc.font("bold").fontSize(100);
      const size = Math.min(110, (100 * pageWidth * 0.95) / doc.widthOfString(owner.draftMark, { characterSpacing: 0 }));
      doc.fontSize(size);
      const markWidth = doc.widthOfString(owner.draftMark);
      doc
        .save()
        .rotate(-40, { origin: [pageWidth / 2, pageHeight / 2] })
        .fillColor(ALERT)
        .fillOpacity(0.07)
        .text(owner.draftMark, pageWidth / 2 - markWidth / 2, pageHeight / 2 - size / 2, { lineBreak: false })
        .restore();
      doc
        .font("bold")
        .fontSize(9)
        .fillColor(ALERT)
        .fillOpacity(1)
        .text(`${owner.draftMark} · ${owner.draftNote}`, margins.left, 24, { width: textWidth, align: "center", lineBreak: false });
    }
    const label = pageLabel(i - range.start + 1, range.count);
    const footer = owner ? `${owner.heading} · ${draft ? `${owner.draftMark} · ` : ""}${label}` : label;
    doc
      .font(draft ? "bold" : "regular")
      .fontSize(8.5)
      .fillColor(draft ? ALERT : MUTED)
      .fillOpacity(1)
      .text(footer, margins.left, pageHeight - bottom + 18, { width: textWidth, align: "right", lineBreak: false, ellipsis: true, height: 12 });
    margins.bottom = bottom;
    margins.top = top;
  }
}
