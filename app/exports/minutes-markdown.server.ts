import { blocksToMarkdown, escapeMarkdown } from "./markdown-blocks.server";
import type { MinutesContent } from "./minutes-content.server";

const esc = (text: string) => escapeMarkdown(text);
/** Table cells: escaped, with pipes and line breaks kept from breaking the row. */
const cellText = (text: string) => escapeMarkdown(text, false).replace(/\|/g, "\\|").replace(/\s*\n\s*/g, " ");

/**
 * The minutes of one meeting as a Markdown file. Every piece of user text is escaped or re-written
 * from parsed blocks, so the file holds no raw HTML whatever the notes contained.
 */
export function renderMinutesMarkdown(c: MinutesContent): string {
  const out: string[] = [];
  if (c.draft) out.push(`> **${esc(c.draftMark)}** — ${esc(c.draftNote)}`);
  out.push(`# ${esc(c.documentTitle)}`);
  out.push(esc(c.cityLine));
  out.push(c.details.map((d) => `- **${esc(d.label)}:** ${escapeMarkdown(d.value, false)}`).join("\n"));

  for (const s of [c.summary, c.summaryEn]) {
    if (!s) continue;
    out.push(`## ${esc(s.heading)}`, blocksToMarkdown(s.blocks));
  }

  const p = c.participants;
  out.push(`## ${esc(p.heading)}`);
  if (p.none) out.push(`*${esc(p.none)}*`);
  else {
    out.push(esc(p.countLine), esc(p.sectorLine));
    if (p.present.length) out.push(p.present.map((line) => `- ${escapeMarkdown(line, false)}`).join("\n"));
    if (p.apologies.length) out.push(`### ${esc(p.apologiesHeading)}`, p.apologies.map((line) => `- ${escapeMarkdown(line, false)}`).join("\n"));
    if (p.guests.length) out.push(`### ${esc(p.guestsHeading)}`, p.guests.map((line) => `- ${escapeMarkdown(line, false)}`).join("\n"));
  }

  out.push(`## ${esc(c.agenda.heading)}`);
  if (c.agenda.none) out.push(`*${esc(c.agenda.none)}*`);
  else
    out.push(
      c.agenda.items
        .map((item) => {
          const lines = [`${item.number}. ${escapeMarkdown(item.time, false)} **${escapeMarkdown(item.title, false)}** — ${escapeMarkdown(item.meta, false)}`];
          if (item.description) lines.push(...item.description.split("\n").map((l) => `   ${escapeMarkdown(l, false)}`));
          return lines.join("\\\n");
        })
        .join("\n"),
    );

  if (c.notes.items.length) {
    out.push(`## ${esc(c.notes.heading)}`);
    for (const item of c.notes.items) {
      out.push(`### ${item.number}\\. ${escapeMarkdown(item.title, false)}`);
      out.push(item.blocks.length ? blocksToMarkdown(item.blocks) : `*${esc(c.notes.noNotes)}*`);
    }
  }

  out.push(`## ${esc(c.decisions.heading)}`);
  if (c.decisions.none) out.push(`*${esc(c.decisions.none)}*`);
  else out.push(c.decisions.items.map((d, i) => `${i + 1}. ${escapeMarkdown(d.text, false).replace(/\n/g, " ")}${d.under ? ` *(${escapeMarkdown(d.under, false)})*` : ""}`).join("\n"));

  out.push(`## ${esc(c.actionItems.heading)}`);
  if (c.actionItems.none) out.push(`*${esc(c.actionItems.none)}*`);
  else
    out.push(
      [
        `| ${c.actionItems.columns.map(cellText).join(" | ")} |`,
        "| --- | --- | --- | --- |",
        ...c.actionItems.rows.map((r) => `| ${[r.what, r.owner, r.due, r.done].map(cellText).join(" | ")} |`),
      ].join("\n"),
    );

  out.push(`## ${esc(c.approval.heading)}`);
  out.push(c.draft ? `**${esc(c.approval.text)}**` : esc(c.approval.text));
  return `${out.join("\n\n")}\n`;
}
