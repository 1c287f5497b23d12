import { asc, eq } from "drizzle-orm";
import { getDb } from "#db/client.server";
import { agendaItems, members } from "#db/schema";

/** A meeting's agenda in order, with presenter names, in one query. */
export function listAgendaItems(meetingId: number) {
  return getDb()
    .select({
      id: agendaItems.id,
      position: agendaItems.position,
      title: agendaItems.title,
      description: agendaItems.description,
      durationMinutes: agendaItems.durationMinutes,
      kind: agendaItems.kind,
      presenterMemberId: agendaItems.presenterMemberId,
      presenterText: agendaItems.presenterText,
      presenterName: members.name,
      presenterErasedAt: members.erasedAt,
      ideaId: agendaItems.ideaId,
    })
    .from(agendaItems)
    .leftJoin(members, eq(members.id, agendaItems.presenterMemberId))
    .where(eq(agendaItems.meetingId, meetingId))
    .orderBy(asc(agendaItems.position), asc(agendaItems.id))
    .all();
}

export type AgendaRow = ReturnType<typeof listAgendaItems>[number];

// Shared with the browser bundle (pages show running times); re-exported for server code.
export { runningTimes } from "~/utils/agenda-times";
