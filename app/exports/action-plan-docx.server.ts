import { AlignmentType, BorderStyle, Document, Header, HeadingLevel, Packer, PageBreak, Paragraph, Table, TableRow, TextRun, WidthType } from "docx";
import type { Detail, PlanContent } from "./action-plan-content.server";
import { ALERT, bullet, cell, documentStyles, heading, INDENT, MUTED, pageFooter, plain, Writer } from "./minutes-docx.server";

function details(list: Detail[]): Paragraph[] {
  return list.map((d) => new Paragraph({ children: [new TextRun({ text: `${d.label}: `, bold: true }), new TextRun(d.value)], spacing: { after: 60 } }));
}

function label(text: string) {
  return new Paragraph({ children: [new TextRun({ text, bold: true, color: MUTED, size: 21 })], spacing: { before: 160, after: 60 }, keepNext: true });
}

/**
 * The action plan as a Word document (Office Open XML), the same text as the PDF: title page,
 * contents, vision, objectives and one section per action with where it came from. Sections are
 * real Word headings, so the navigation pane and a generated table of contents find them.
 */
export async function renderActionPlanDocx(c: PlanContent, language: string): Promise<Buffer> {
  const w = new Writer();
  const body: (Paragraph | Table)[] = [];

  if (c.draft) {
    const edge = { style: BorderStyle.SINGLE, size: 18, color: ALERT, space: 4 };
    body.push(
      new Paragraph({
        alignment: AlignmentType.CENTER,
        border: { top: edge, bottom: edge, left: edge, right: edge },
        children: [new TextRun({ text: c.draftMark, bold: true, size: 40, color: ALERT, characterSpacing: 60 }), new TextRun({ text: c.draftNote, break: 1, color: ALERT })],
        spacing: { after: 240 },
      }),
    );
  }
  body.push(new Paragraph({ children: [new TextRun({ text: c.titleLabel.toUpperCase(), color: MUTED, size: 22 })], spacing: { before: 2400 } }));
  body.push(new Paragraph({ heading: HeadingLevel.TITLE, children: [new TextRun({ text: c.heading, bold: true, size: 52 })], spacing: { after: 240 } }));
  body.push(new Paragraph({ children: [new TextRun({ text: c.cityLine, bold: true, size: 30 })] }));
  body.push(plain(c.networkLine, { color: MUTED }));
  body.push(new Paragraph({ children: [new TextRun(c.dateLine)], spacing: { before: 360 } }));
  body.push(plain(c.statusLine, c.draft ? { bold: true, color: ALERT } : { color: MUTED }));

  body.push(new Paragraph({ children: [new PageBreak()] }));
  body.push(heading(c.contentsHeading, HeadingLevel.HEADING_1));
  const contents = [c.vision.heading, c.objectives.heading, c.actionsHeading];
  for (const title of contents) body.push(new Paragraph({ children: [new TextRun({ text: title, bold: true })], spacing: { after: 40 } }));
  for (const a of c.actions) body.push(new Paragraph({ children: [new TextRun(a.heading)], indent: { left: INDENT }, spacing: { after: 40 } }));

  body.push(new Paragraph({ children: [new PageBreak()] }));
  body.push(heading(c.vision.heading, HeadingLevel.HEADING_1));
  if (c.vision.none) body.push(plain(c.vision.none, { italics: true }));
  body.push(...w.blocks(c.vision.blocks));
  body.push(heading(c.objectives.heading, HeadingLevel.HEADING_1));
  if (c.objectives.none) body.push(plain(c.objectives.none, { italics: true }));
  body.push(...w.blocks(c.objectives.blocks));

  body.push(heading(c.actionsHeading, HeadingLevel.HEADING_1));
  if (c.noActions) body.push(plain(c.noActions, { italics: true }));
  c.actions.forEach((a, i) => {
    if (i > 0) body.push(new Paragraph({ children: [new PageBreak()] }));
    body.push(heading(a.heading, HeadingLevel.HEADING_2));
    body.push(...w.blocks(a.description));
    body.push(...details(a.details));
    body.push(heading(a.origin.heading, HeadingLevel.HEADING_3));
    if (a.origin.none) body.push(plain(a.origin.none, { italics: true, color: MUTED }));
    const idea = a.origin.idea;
    if (idea) {
      body.push(label(idea.heading));
      body.push(new Paragraph({ children: [new TextRun({ text: idea.title, bold: true }), new TextRun({ text: idea.stage, color: MUTED, break: 1 })], spacing: { after: 60 } }));
      body.push(...w.blocks(idea.blocks));
    }
    const pilot = a.origin.pilot;
    if (pilot) {
      body.push(label(pilot.heading));
      body.push(...details(pilot.details));
      if (pilot.indicators) {
        body.push(label(pilot.indicators.heading));
        const widths = [44, 28, 28];
        body.push(
          new Table({
            width: { size: 100, type: WidthType.PERCENTAGE },
            rows: [
              new TableRow({ tableHeader: true, children: pilot.indicators.columns.map((text, k) => cell(text, { bold: true, width: widths[k] })) }),
              ...pilot.indicators.rows.map((r) => new TableRow({ cantSplit: true, children: r.map((text, k) => cell(text, { width: widths[k] })) })),
            ],
          }),
        );
      }
    }
    body.push(label(a.origin.meetings.heading));
    if (a.origin.meetings.none) body.push(plain(a.origin.meetings.none, { italics: true, color: MUTED }));
    body.push(...a.origin.meetings.lines.map(bullet));
  });

  const headerText = c.draft ? `${c.draftMark} · ${c.draftNote}` : `${c.titleLabel} · ${c.cityLine}`;
  const doc = new Document({
    title: c.draft ? `${c.draftMark}: ${c.documentTitle}` : c.documentTitle,
    subject: c.titleLabel,
    creator: "ULG Workshop",
    styles: documentStyles(language),
    numbering: w.numbering(),
    sections: [
      {
        headers: {
          default: new Header({
            children: [new Paragraph({ alignment: AlignmentType.CENTER, children: [new TextRun({ text: headerText, bold: c.draft, color: c.draft ? ALERT : MUTED, size: c.draft ? 20 : 16 })] })],
          }),
        },
        footers: { default: pageFooter(c) },
        children: body,
      },
    ],
  });
  return Packer.toBuffer(doc);
}
