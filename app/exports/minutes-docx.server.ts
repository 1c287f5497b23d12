import {
  AlignmentType,
  BorderStyle,
  Document,
  ExternalHyperlink,
  Footer,
  Header,
  HeadingLevel,
  LevelFormat,
  Packer,
  PageNumber,
  Paragraph,
  Table,
  TableCell,
  TableRow,
  TextRun,
  WidthType,
  type ILevelsOptions,
  type ParagraphChild,
} from "docx";
import type { Block, Inline } from "./markdown-blocks.server";
import type { MinutesContent } from "./minutes-content.server";

export const DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";

export const ALERT = "B91C1C";
export const MUTED = "374151";
// Twentieths of a point: the indent of each list level.
export const INDENT = 360;

export const bulletLevels: ILevelsOptions[] = Array.from({ length: 9 }, (_, level) => ({
  level,
  format: LevelFormat.BULLET,
  text: level % 2 ? "◦" : "•",
  alignment: AlignmentType.LEFT,
  style: { paragraph: { indent: { left: INDENT * (level + 1), hanging: INDENT } } },
}));

export function orderedLevels(start: number): ILevelsOptions[] {
  return Array.from({ length: 9 }, (_, level) => ({
    level,
    format: LevelFormat.DECIMAL,
    text: `%${level + 1}.`,
    start: level === 0 ? start : 1,
    alignment: AlignmentType.LEFT,
    style: { paragraph: { indent: { left: INDENT * (level + 1), hanging: INDENT } } },
  }));
}

/** The documents' fonts and heading sizes, shared by every Word export. */
export function documentStyles(language: string) {
  return {
    default: {
      document: { run: { font: "Calibri", size: 22, language: { value: language } } },
      heading1: { run: { size: 34, bold: true, color: "111827" }, paragraph: { spacing: { before: 60, after: 60 } } },
      heading2: { run: { size: 27, bold: true, color: "111827" }, paragraph: { spacing: { before: 300, after: 100 } } },
      heading3: { run: { size: 23, bold: true, color: "111827" }, paragraph: { spacing: { before: 180, after: 60 } } },
    },
  };
}

/** Builds paragraphs, remembering which numbered-list definitions (one per start number) they use. */
export class Writer {
  readonly starts = new Set<number>();
  private instance = 0;

  /** The list definitions the paragraphs written so far use. */
  numbering() {
    return { config: [{ reference: "bullets", levels: bulletLevels }, ...[...this.starts].map((start) => ({ reference: `ordered-${start}`, levels: orderedLevels(start) }))] };
  }

  runs(inlines: Inline[], base: { bold?: boolean; italics?: boolean; color?: string } = {}): ParagraphChild[] {
    return inlines.map((i) => {
      if ("lineBreak" in i) return new TextRun({ text: "", break: 1 });
      const run = new TextRun({
        text: i.text,
        bold: base.bold || i.bold,
        italics: base.italics || i.italic,
        strike: i.strike,
        font: i.code ? "Consolas" : undefined,
        color: i.link ? "1E40AF" : base.color,
        underline: i.link ? {} : undefined,
      });
      return i.link ? new ExternalHyperlink({ link: i.link, children: [run] }) : run;
    });
  }

  /** Markdown blocks as Word paragraphs; lists become real Word lists (bulleted or numbered). */
  blocks(blocks: Block[], level = 0, list?: { reference: string; instance?: number }, quote = false): Paragraph[] {
    const out: Paragraph[] = [];
    const indent = quote ? { left: INDENT * (level + 1) } : undefined;
    blocks.forEach((b, n) => {
      // The first paragraph of a list item carries its bullet or number; later ones line up under it.
      const numbering = list && n === 0 ? { reference: list.reference, level: Math.max(0, level - 1), instance: list.instance } : undefined;
      const itemIndent = list && n > 0 ? { left: INDENT * level } : indent;
      switch (b.kind) {
        case "paragraph":
          out.push(new Paragraph({ children: this.runs(b.inlines, quote ? { italics: true, color: MUTED } : {}), numbering, indent: numbering ? undefined : itemIndent, spacing: { after: 80 } }));
          break;
        case "heading":
          out.push(new Paragraph({ children: this.runs(b.inlines, { bold: true }), numbering, indent: numbering ? undefined : itemIndent, spacing: { before: 120, after: 60 }, keepNext: true }));
          break;
        case "code":
          b.text.split("\n").forEach((line, k) =>
            out.push(new Paragraph({ children: [new TextRun({ text: line, font: "Consolas", size: 19 })], numbering: k === 0 ? numbering : undefined, indent: { left: INDENT * (level + 1) }, spacing: { after: 0 } })),
          );
          break;
        case "rule":
          out.push(new Paragraph({ children: [], border: { bottom: { style: BorderStyle.SINGLE, size: 6, color: "9CA3AF", space: 1 } } }));
          break;
        case "quote":
          out.push(...this.blocks(b.blocks, level, undefined, true));
          break;
        case "list": {
          let reference = "bullets";
          let instance: number | undefined;
          if (b.ordered) {
            this.starts.add(b.start);
            reference = `ordered-${b.start}`;
            // Each list numbers from its own start.
            instance = ++this.instance;
          }
          for (const item of b.items) {
            if (item.length === 0) out.push(new Paragraph({ children: [], numbering: { reference, level, instance } }));
            else out.push(...this.blocks(item, level + 1, { reference, instance }, quote));
          }
          break;
        }
      }
    });
    return out;
  }
}

export function heading(text: string, level: (typeof HeadingLevel)[keyof typeof HeadingLevel]) {
  return new Paragraph({ text, heading: level, keepNext: true });
}

export function plain(text: string, options: { italics?: boolean; bold?: boolean; color?: string } = {}) {
  return new Paragraph({ children: [new TextRun({ text, ...options })], spacing: { after: 80 } });
}

export function bullet(text: string) {
  return new Paragraph({ children: [new TextRun(text)], numbering: { reference: "bullets", level: 0 } });
}

/** "Page {{page}} of {{pages}}" in the document's language, with Word's own page fields in it. */
export function pageFooter(c: Pick<MinutesContent, "heading" | "draft" | "draftMark" | "pageLabel">): Footer {
  const template = c.pageLabel(-1, -2);
  const parts = template.split(/(-1|-2)/).filter(Boolean);
  const children = parts.map((p) => (p === "-1" ? PageNumber.CURRENT : p === "-2" ? PageNumber.TOTAL_PAGES : p));
  const prefix = c.draft ? `${c.heading} · ${c.draftMark} · ` : `${c.heading} · `;
  return new Footer({
    children: [
      new Paragraph({
        alignment: AlignmentType.RIGHT,
        children: [new TextRun({ text: prefix, size: 16, color: c.draft ? ALERT : MUTED, bold: c.draft }), new TextRun({ children, size: 16, color: c.draft ? ALERT : MUTED, bold: c.draft })],
      }),
    ],
  });
}

export function cell(text: string, opts: { bold?: boolean; color?: string; width: number }) {
  return new TableCell({
    width: { size: opts.width, type: WidthType.PERCENTAGE },
    children: [new Paragraph({ children: [new TextRun({ text, bold: opts.bold, color: opts.color })] })],
    margins: { top: 60, bottom: 60, left: 80, right: 80 },
  });
}

/** The minutes of one meeting as a Word document (Office Open XML); a draft says so in every page's header. */
export async function renderMinutesDocx(c: MinutesContent, language: string): Promise<Buffer> {
  const w = new Writer();
  const body: (Paragraph | Table)[] = [];

  if (c.draft) {
    body.push(
      new Paragraph({
        alignment: AlignmentType.CENTER,
        border: {
          top: { style: BorderStyle.SINGLE, size: 18, color: ALERT, space: 4 },
          bottom: { style: BorderStyle.SINGLE, size: 18, color: ALERT, space: 4 },
          left: { style: BorderStyle.SINGLE, size: 18, color: ALERT, space: 4 },
          right: { style: BorderStyle.SINGLE, size: 18, color: ALERT, space: 4 },
        },
        children: [new TextRun({ text: c.draftMark, bold: true, size: 40, color: ALERT, characterSpacing: 60 }), new TextRun({ text: c.draftNote, break: 1, color: ALERT })],
        spacing: { after: 240 },
      }),
    );
  }
  body.push(new Paragraph({ children: [new TextRun({ text: c.titleLabel.toUpperCase(), color: MUTED, size: 20 })] }));
  body.push(heading(c.heading, HeadingLevel.HEADING_1));
  body.push(plain(c.cityLine, { color: MUTED }));
  for (const d of c.details) {
    body.push(new Paragraph({ children: [new TextRun({ text: `${d.label}: `, bold: true }), new TextRun(d.value)], spacing: { after: 40 } }));
  }

  for (const s of [c.summary, c.summaryEn]) {
    if (!s) continue;
    body.push(heading(s.heading, HeadingLevel.HEADING_2));
    body.push(...w.blocks(s.blocks));
  }

  const p = c.participants;
  body.push(heading(p.heading, HeadingLevel.HEADING_2));
  if (p.none) body.push(plain(p.none, { italics: true }));
  else {
    body.push(plain(p.countLine));
    body.push(plain(p.sectorLine, { color: MUTED }));
    body.push(...p.present.map(bullet));
    if (p.apologies.length) body.push(heading(p.apologiesHeading, HeadingLevel.HEADING_3), ...p.apologies.map(bullet));
    if (p.guests.length) body.push(heading(p.guestsHeading, HeadingLevel.HEADING_3), ...p.guests.map(bullet));
  }

  body.push(heading(c.agenda.heading, HeadingLevel.HEADING_2));
  if (c.agenda.none) body.push(plain(c.agenda.none, { italics: true }));
  for (const item of c.agenda.items) {
    body.push(
      new Paragraph({
        children: [
          new TextRun({ text: `${item.time}  `, color: MUTED }),
          new TextRun({ text: `${item.number}. ${item.title}`, bold: true }),
          new TextRun({ text: item.meta, color: MUTED, break: 1 }),
          ...(item.description ? [new TextRun({ text: item.description, break: 1 })] : []),
        ],
        spacing: { after: 100 },
      }),
    );
  }

  if (c.notes.items.length) {
    body.push(heading(c.notes.heading, HeadingLevel.HEADING_2));
    for (const item of c.notes.items) {
      body.push(heading(`${item.number}. ${item.title}`, HeadingLevel.HEADING_3));
      if (item.blocks.length) body.push(...w.blocks(item.blocks));
      else body.push(plain(c.notes.noNotes, { italics: true, color: MUTED }));
    }
  }

  body.push(heading(c.decisions.heading, HeadingLevel.HEADING_2));
  if (c.decisions.none) body.push(plain(c.decisions.none, { italics: true }));
  c.decisions.items.forEach((d, i) => {
    body.push(
      new Paragraph({
        children: [new TextRun({ text: `${i + 1}. `, bold: true }), new TextRun(d.text), ...(d.under ? [new TextRun({ text: d.under, italics: true, color: MUTED, break: 1 })] : [])],
        indent: { left: INDENT, hanging: INDENT },
        spacing: { after: 80 },
      }),
    );
  });

  body.push(heading(c.actionItems.heading, HeadingLevel.HEADING_2));
  if (c.actionItems.none) body.push(plain(c.actionItems.none, { italics: true }));
  else {
    const widths = [46, 22, 16, 16];
    body.push(
      new Table({
        width: { size: 100, type: WidthType.PERCENTAGE },
        rows: [
          new TableRow({ tableHeader: true, children: c.actionItems.columns.map((text, i) => cell(text, { bold: true, width: widths[i] })) }),
          ...c.actionItems.rows.map(
            (r) =>
              new TableRow({
                cantSplit: true,
                children: [r.what, r.owner, r.due, r.done].map((text, i) => cell(text, { width: widths[i], color: i === 3 && !r.isDone ? ALERT : undefined })),
              }),
          ),
        ],
      }),
    );
  }

  body.push(heading(c.approval.heading, HeadingLevel.HEADING_2));
  body.push(plain(c.approval.text, c.draft ? { bold: true, color: ALERT } : {}));

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
            children: [
              new Paragraph({
                alignment: AlignmentType.CENTER,
                children: [new TextRun({ text: headerText, bold: c.draft, color: c.draft ? ALERT : MUTED, size: c.draft ? 20 : 16 })],
              }),
            ],
          }),
        },
        footers: { default: pageFooter(c) },
        children: body,
      },
    ],
  });
  return Packer.toBuffer(doc);
}
