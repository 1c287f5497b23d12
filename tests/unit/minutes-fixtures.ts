// Rows for the minutes exports and the reporting pack, inserted directly: the minutes editor is a
// separate capability, and these tests are about reading what is stored.
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { eq } from "drizzle-orm";
import { getDb } from "#db/client.server";
import {
  actionItems,
  agendaItems,
  attendance,
  meetingGuests,
  meetings,
  minutes,
  minutesDecisions,
  minutesItemNotes,
  type AttendanceStatus,
  type MinutesStatus,
  type Sector,
} from "#db/schema";
import { createMeeting } from "~/models/meetings.server";

export type MeetingFixture = { meetingId: number; cityId: number; itemIds: number[]; minutesId: number | null };

/** A held meeting of a city (or the network) on a given day, 17:00–19:00 UTC, with an agenda. */
export function heldMeeting(
  cityId: number | null,
  opts: { day?: string; title?: string; items?: number | string[]; place?: string; hostCityId?: number } = {},
): MeetingFixture {
  const day = opts.day ?? "2024-12-05";
  const meetingId = createMeeting(
    cityId,
    {
      kind: cityId == null ? "transnational" : "ulg_meeting",
      title: opts.title ?? "Syysokous",
      purpose: "Valitaan pilotit.",
      startsAt: new Date(`${day}T15:00:00Z`),
      endsAt: new Date(`${day}T17:00:00Z`),
      timeZone: "Europe/Helsinki",
      place: opts.place ?? "Kulttuurikeskus, Iisalmi",
      onlineUrl: null,
      hostCityId: cityId == null ? (opts.hostCityId ?? null) : null,
    },
    { id: 1 },
  );
  const titles = Array.isArray(opts.items) ? opts.items : Array.from({ length: opts.items ?? 3 }, (_, i) => `Kohta ${i + 1}`);
  const itemIds = titles.map(
    (title, position) =>
      getDb()
        .insert(agendaItems)
        .values({ meetingId, cityId, position, title, durationMinutes: 15, kind: position % 2 ? "decision" : "discussion", presenterText: position === 0 ? "Puheenjohtaja" : null })
        .returning({ id: agendaItems.id })
        .get().id,
  );
  return { meetingId, cityId: cityId ?? 0, itemIds, minutesId: null };
}

export type MinutesFixture = {
  status?: MinutesStatus;
  approvedByUserId?: number;
  summary?: string;
  summaryEn?: string;
  notes?: (string | null)[];
  decisions?: string[];
  actions?: { description: string; ownerMemberId?: number; dueOn?: string; doneOn?: string }[];
};

/** Minutes for a meeting made by heldMeeting: notes by agenda position, decisions, action items. */
export function addMinutes(m: MeetingFixture, f: MinutesFixture = {}): number {
  const db = getDb();
  const cityId = db.select({ cityId: meetings.cityId }).from(meetings).where(eq(meetings.id, m.meetingId)).get()!.cityId;
  const status = f.status ?? "approved";
  const row = db
    .insert(minutes)
    .values({
      meetingId: m.meetingId,
      cityId,
      status,
      revision: 3,
      summary: f.summary ?? null,
      summaryEn: f.summaryEn ?? null,
      circulatedAt: status === "draft" ? null : new Date("2024-12-08T10:00:00Z"),
      approvedAt: status === "approved" ? new Date("2025-01-16T12:00:00Z") : null,
      approvedByUserId: status === "approved" ? (f.approvedByUserId ?? null) : null,
    })
    .returning({ id: minutes.id })
    .get();
  (f.notes ?? []).forEach((notes, i) => {
    if (notes != null) db.insert(minutesItemNotes).values({ minutesId: row.id, agendaItemId: m.itemIds[i], cityId, notes }).run();
  });
  (f.decisions ?? []).forEach((text, position) =>
    db.insert(minutesDecisions).values({ minutesId: row.id, cityId, position, text, agendaItemId: m.itemIds[position % Math.max(1, m.itemIds.length)] ?? null }).run(),
  );
  (f.actions ?? []).forEach((a, position) =>
    db
      .insert(actionItems)
      .values({ minutesId: row.id, meetingId: m.meetingId, cityId, position, description: a.description, ownerMemberId: a.ownerMemberId ?? null, dueOn: a.dueOn ?? null, doneOn: a.doneOn ?? null })
      .run(),
  );
  m.minutesId = row.id;
  return row.id;
}

export function recordAttendance(m: MeetingFixture, entries: { memberId: number; status: AttendanceStatus }[]) {
  const db = getDb();
  for (const e of entries) db.insert(attendance).values({ meetingId: m.meetingId, memberId: e.memberId, cityId: m.cityId, status: e.status, recordedAt: new Date() }).run();
}

export function addGuest(m: MeetingFixture, name: string, organisation: string | null, sector: Sector | null) {
  getDb().insert(meetingGuests).values({ meetingId: m.meetingId, cityId: m.cityId, name, organisation, sector }).run();
}

/** The text of a PDF as pdftotext (poppler) reads it. */
export function pdfText(buffer: Buffer | Uint8Array, layout = false): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "minutes-pdf-"));
  try {
    const file = path.join(dir, "file.pdf");
    fs.writeFileSync(file, buffer);
    return execFileSync("pdftotext", [...(layout ? ["-layout"] : []), "-enc", "UTF-8", file, "-"], { encoding: "utf8" });
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** The number of pages, from pdfinfo. */
export function pdfPages(buffer: Buffer | Uint8Array): number {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "minutes-pdf-"));
  try {
    const file = path.join(dir, "file.pdf");
    fs.writeFileSync(file, buffer);
    const info = execFileSync("pdfinfo", [file], { encoding: "utf8" });
    return Number(/Pages:\s+(\d+)/.exec(info)![1]);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** Every partner language's letters, for checking that exports keep them. */
export const ALPHABETS = {
  finnish: "Äijä öljyä, Åland",
  greek: "Καλημέρα, Καλαμάτα",
  latvian: "ā ē ī ū ļ ņ ģ ķ š ž č, Saldus",
  romanian: "ș ț ă â î, Alba Iulia",
  croatian: "Šibenik č ć đ ž",
  serbian: "Ђурђевак, Требиње љ њ џ ћ",
};
