import { diffWordsWithSpace } from "diff";
import type { MinutesSnapshot } from "~/models/minutes-snapshot";

/**
 * A readable word-level comparison of two revisions, section by section (summary, English summary,
 * the notes of each agenda item, decisions, action items), so a reader sees where a change is.
 */

export type DiffPart = { value: string; added: boolean; removed: boolean };
export type DiffSection = { kind: "summary" | "summaryEn" | "notes" | "decisions" | "actionItems"; agendaTitle?: string; parts: DiffPart[]; changed: boolean };

type Names = { agenda: Map<number, string>; owners: Map<number, string> };

function decisionsText(s: MinutesSnapshot, names: Names): string {
  return s.decisions.map((d) => `• ${d.text}${d.agendaItemId != null && names.agenda.has(d.agendaItemId) ? ` (${names.agenda.get(d.agendaItemId)})` : ""}`).join("\n");
}

function actionsText(s: MinutesSnapshot, names: Names): string {
  return s.actionItems
    .map((a) => {
      const extra = [a.ownerMemberId != null ? (names.owners.get(a.ownerMemberId) ?? "?") : null, a.dueOn].filter(Boolean).join(", ");
      return `• ${a.description}${extra ? ` (${extra})` : ""}`;
    })
    .join("\n");
}

function section(kind: DiffSection["kind"], before: string, after: string, agendaTitle?: string): DiffSection {
  const parts = diffWordsWithSpace(before, after).map((c) => ({ value: c.value, added: c.added, removed: c.removed }));
  return { kind, agendaTitle, parts, changed: parts.some((p) => p.added || p.removed) };
}

export function diffSnapshots(from: MinutesSnapshot, to: MinutesSnapshot, agenda: { id: number; title: string }[], owners: Map<number, string>): DiffSection[] {
  const names: Names = { agenda: new Map(agenda.map((a) => [a.id, a.title])), owners };
  const noteOf = (s: MinutesSnapshot, id: number) => s.notes.find((n) => n.agendaItemId === id)?.notes ?? "";
  return [
    section("summary", from.summary ?? "", to.summary ?? ""),
    section("summaryEn", from.summaryEn ?? "", to.summaryEn ?? ""),
    ...agenda.map((a) => section("notes", noteOf(from, a.id), noteOf(to, a.id), a.title)),
    section("decisions", decisionsText(from, names), decisionsText(to, names)),
    section("actionItems", actionsText(from, names), actionsText(to, names)),
  ];
}
