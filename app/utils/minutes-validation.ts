import type { MinutesSnapshot } from "~/models/minutes-snapshot";

/**
 * The minutes editor's fields, read from a posted form: what was typed (so a refused form comes back
 * as it was), the snapshot to save, and field messages. Rows are numbered fields
 * (`decision.0.text`, `action.2.ownerMemberId`…), so the form works without JavaScript: blank rows
 * are ignored, a row is removed by ticking "remove" or emptying it.
 */

export const FIELD_LIMITS = { note: 50_000, summary: 20_000, decision: 5_000, action: 2_000, reason: 2_000, comment: 5_000, rows: 100 } as const;

export const COMMENTS_PAGE_SIZE = 50;
export const REVISIONS_PAGE_SIZE = 50;

export type DecisionRow = { text: string; agendaItemId: string };
export type ActionRow = { id: string; description: string; ownerMemberId: string; dueOn: string; agendaItemId: string; doneOn: string };

export type MinutesFormValues = {
  summary: string;
  summaryEn: string;
  notes: Record<string, string>;
  decisions: DecisionRow[];
  actions: ActionRow[];
  reason: string;
};

export type FieldErrors = Record<string, string[]>;

const tooLong = (max: number) => `minutes.errors.tooLong|${JSON.stringify({ max })}`;
const str = (v: FormDataEntryValue | null) => (typeof v === "string" ? v.replace(/\r\n/g, "\n") : "");
const idOrNull = (v: string): number | null | "bad" => {
  if (v.trim() === "") return null;
  return /^[1-9]\d{0,9}$/.test(v.trim()) ? Number(v.trim()) : "bad";
};

/** The editor's values for a stored snapshot. */
export function valuesFromSnapshot(s: MinutesSnapshot): MinutesFormValues {
  return {
    summary: s.summary ?? "",
    summaryEn: s.summaryEn ?? "",
    notes: Object.fromEntries(s.notes.map((n) => [String(n.agendaItemId), n.notes])),
    decisions: s.decisions.map((d) => ({ text: d.text, agendaItemId: d.agendaItemId == null ? "" : String(d.agendaItemId) })),
    actions: s.actionItems.map((a) => ({
      id: a.id == null ? "" : String(a.id),
      description: a.description,
      ownerMemberId: a.ownerMemberId == null ? "" : String(a.ownerMemberId),
      dueOn: a.dueOn ?? "",
      agendaItemId: a.agendaItemId == null ? "" : String(a.agendaItemId),
      doneOn: a.doneOn ?? "",
    })),
    reason: "",
  };
}

function isDate(v: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(v)) return false;
  const d = new Date(`${v}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === v;
}

/** Row indexes present in the form for a prefix (`decision`, `action`), in order. */
function rowIndexes(form: FormData, prefix: string): number[] {
  const seen = new Set<number>();
  const re = new RegExp(`^${prefix}\\.(\\d{1,4})\\.`);
  for (const key of form.keys()) {
    const m = re.exec(key);
    if (m) seen.add(Number(m[1]));
  }
  return [...seen].sort((a, b) => a - b);
}

/**
 * Reads the editor's form. `meetingDay` (YYYY-MM-DD in the meeting's zone) is the earliest due
 * date allowed. Errors are keyed by the row's position in the returned values, which is how the
 * form is rendered again.
 */
export function parseMinutesForm(form: FormData, meetingDay: string): { values: MinutesFormValues; snapshot: MinutesSnapshot; errors: FieldErrors; formErrors: string[] } {
  const errors: FieldErrors = {};
  const formErrors: string[] = [];
  const add = (key: string, message: string) => (errors[key] ??= []).push(message);

  const summary = str(form.get("summary"));
  const summaryEn = str(form.get("summaryEn"));
  const reason = str(form.get("reason")).trim();
  if (summary.length > FIELD_LIMITS.summary) add("summary", tooLong(FIELD_LIMITS.summary));
  if (summaryEn.length > FIELD_LIMITS.summary) add("summaryEn", tooLong(FIELD_LIMITS.summary));
  if (reason.length > FIELD_LIMITS.reason) add("reason", tooLong(FIELD_LIMITS.reason));

  const notes: Record<string, string> = {};
  const snapshotNotes: MinutesSnapshot["notes"] = [];
  for (const [key, value] of form.entries()) {
    const m = /^note\.(\d{1,10})$/.exec(key);
    if (!m) continue;
    const text = str(value);
    notes[m[1]] = text;
    if (text.length > FIELD_LIMITS.note) add(key, tooLong(FIELD_LIMITS.note));
    // An empty note is simply not kept.
    if (text.trim() !== "") snapshotNotes.push({ agendaItemId: Number(m[1]), notes: text });
  }

  const decisions: DecisionRow[] = [];
  const snapshotDecisions: MinutesSnapshot["decisions"] = [];
  for (const i of rowIndexes(form, "decision")) {
    const row = { text: str(form.get(`decision.${i}.text`)), agendaItemId: str(form.get(`decision.${i}.agendaItemId`)) };
    if (form.get(`decision.${i}.remove`) === "on" || (row.text.trim() === "" && row.agendaItemId === "")) continue;
    const n = decisions.length;
    decisions.push(row);
    const agendaItemId = idOrNull(row.agendaItemId);
    if (row.text.trim() === "") add(`decision.${n}.text`, "minutes.errors.decisionRequired");
    if (row.text.length > FIELD_LIMITS.decision) add(`decision.${n}.text`, tooLong(FIELD_LIMITS.decision));
    if (agendaItemId === "bad") add(`decision.${n}.agendaItemId`, "minutes.errors.unknownAgendaItem");
    snapshotDecisions.push({ agendaItemId: agendaItemId === "bad" ? null : agendaItemId, text: row.text.trim() });
  }

  const actions: ActionRow[] = [];
  const snapshotActions: MinutesSnapshot["actionItems"] = [];
  for (const i of rowIndexes(form, "action")) {
    const row: ActionRow = {
      id: str(form.get(`action.${i}.id`)).trim(),
      description: str(form.get(`action.${i}.description`)),
      ownerMemberId: str(form.get(`action.${i}.ownerMemberId`)).trim(),
      dueOn: str(form.get(`action.${i}.dueOn`)).trim(),
      agendaItemId: str(form.get(`action.${i}.agendaItemId`)).trim(),
      doneOn: str(form.get(`action.${i}.doneOn`)).trim(),
    };
    const blank = row.id === "" && row.description.trim() === "" && row.ownerMemberId === "" && row.dueOn === "" && row.agendaItemId === "";
    if (form.get(`action.${i}.remove`) === "on" || blank) continue;
    const n = actions.length;
    actions.push(row);
    const id = idOrNull(row.id);
    const owner = idOrNull(row.ownerMemberId);
    const agendaItemId = idOrNull(row.agendaItemId);
    if (row.description.trim() === "") add(`action.${n}.description`, "minutes.errors.actionRequired");
    if (row.description.length > FIELD_LIMITS.action) add(`action.${n}.description`, tooLong(FIELD_LIMITS.action));
    if (id === "bad") add(`action.${n}.description`, "minutes.errors.unknownActionItem");
    if (owner === "bad") add(`action.${n}.ownerMemberId`, "minutes.errors.ownerNotInCity");
    if (agendaItemId === "bad") add(`action.${n}.agendaItemId`, "minutes.errors.unknownAgendaItem");
    if (row.dueOn !== "" && !isDate(row.dueOn)) add(`action.${n}.dueOn`, "validation.date");
    else if (row.dueOn !== "" && row.dueOn < meetingDay) add(`action.${n}.dueOn`, `minutes.errors.dueBeforeMeeting|${JSON.stringify({ day: meetingDay })}`);
    snapshotActions.push({
      ...(typeof id === "number" ? { id } : {}),
      agendaItemId: typeof agendaItemId === "number" ? agendaItemId : null,
      description: row.description.trim(),
      ownerMemberId: typeof owner === "number" ? owner : null,
      dueOn: row.dueOn === "" ? null : row.dueOn,
    });
  }
  if (decisions.length > FIELD_LIMITS.rows || actions.length > FIELD_LIMITS.rows) formErrors.push(`minutes.errors.tooManyRows|${JSON.stringify({ max: FIELD_LIMITS.rows })}`);

  const values: MinutesFormValues = { summary, summaryEn, notes, decisions, actions, reason };
  const snapshot: MinutesSnapshot = {
    summary: summary.trim() === "" ? null : summary,
    summaryEn: summaryEn.trim() === "" ? null : summaryEn,
    notes: snapshotNotes,
    decisions: snapshotDecisions,
    actionItems: snapshotActions,
  };
  return { values, snapshot, errors, formErrors };
}
