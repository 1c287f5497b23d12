import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { createPdf, pdfToBuffer, type Pdf } from "~/exports/pdf.server";

function text(buffer: Buffer): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "pdf-fonts-"));
  try {
    const file = path.join(dir, "doc.pdf");
    fs.writeFileSync(file, buffer);
    return execFileSync("pdftotext", ["-enc", "UTF-8", file, "-"], { encoding: "utf8" });
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** The decoded tables of the document's regular font (fontkit's table cache): shared across documents. */
const parsedRegular = (doc: Pdf) => (doc as unknown as { _fontFamilies: Record<string, { font: { _tables: unknown } }> })._fontFamilies.regular?.font._tables;
const fontObject = (doc: Pdf) => (doc as unknown as { _fontFamilies: Record<string, { font: unknown }> })._fontFamilies.regular?.font;

describe("PDF fonts parsed once per process", () => {
  it("gives every document its own embedding of one shared parsed font, with the same text", async () => {
    const lines = ["Καλαμάτα · Šibenik · Требиње · Alba Iulia: ș ț ā ē ī ū", "Ääni ja öljy"];
    const make = async () => {
      const doc = createPdf({ title: "Fonts" });
      doc.text(lines[0]);
      doc.font("bold").text(lines[1]);
      const parsed = parsedRegular(doc);
      return { parsed, font: fontObject(doc), buffer: await pdfToBuffer(doc) };
    };
    const a = await make();
    const b = await make();
    // Two documents written at the same time do not share their embedded subsets.
    const [c, d] = await Promise.all([make(), make()]);
    expect(a.parsed).toBeDefined();
    expect(b.parsed).toBe(a.parsed);
    expect(d.parsed).toBe(a.parsed);
    // …while glyph caches stay per document (fontkit keeps a glyph's code points from its first creation).
    expect(b.font).not.toBe(a.font);
    for (const doc of [a, b, c, d]) {
      const t = text(doc.buffer);
      for (const line of lines) expect(t).toContain(line);
    }
    // The font of each document is a subset of the glyphs it uses, not the whole font.
    expect(b.buffer.length).toBeLessThan(200_000);
    expect(Math.abs(b.buffer.length - a.buffer.length)).toBeLessThan(1000);
  });
});
