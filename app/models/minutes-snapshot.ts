/**
 * The JSON written to minutes_revisions.snapshot after every save, circulation, approval and correction.
 * The editor, the revision diff and the demo seed all read and write exactly this shape.
 */
export type MinutesSnapshot = {
  summary: string | null;
  summaryEn: string | null;
  notes: { agendaItemId: number; notes: string }[];
  decisions: { agendaItemId: number | null; text: string }[];
  actionItems: {
    id?: number;
    agendaItemId: number | null;
    description: string;
    ownerMemberId: number | null;
    dueOn: string | null;
    doneOn?: string | null;
  }[];
};
