import { and, eq, isNull } from "drizzle-orm";
import type { DB } from "../client.server";
import { agendaItems, attendance, cities, meetingGuests, meetings, members, rsvps, type AgendaItemKind, type AttendanceStatus, type MeetingKind } from "../schema";
import { zonedToUtc } from "../../app/utils/zoned-time";

type SeedItem = [title: string, kind: AgendaItemKind, minutes: number, presenter?: string];
type SeedMeeting = {
  kind: MeetingKind;
  title: string;
  purpose: string;
  date: string; // YYYY-MM-DD local
  start: string;
  end: string;
  endDate?: string;
  place?: string;
  onlineUrl?: string;
  agenda: SeedItem[];
  guests?: [name: string, organisation: string, sector: "public" | "private" | "civic" | "knowledge"][];
};

const IISALMI_PAST: SeedMeeting[] = [
  { kind: "ulg_meeting", title: "Kick-off of the Iisalmi ULG", purpose: "Meet the group, agree how we work and what the network expects from us.", date: "2023-10-05", start: "16:00", end: "18:00", place: "Iisalmi City Hall, Council room",
    agenda: [["Welcome and round of introductions", "information", 20, "Jari Savolainen"], ["Residents of the Future: network, themes and timetable", "information", 30, "Helena Kärkkäinen"], ["How the ULG works: roles, meetings, minutes", "discussion", 30], ["Next steps and next meeting", "decision", 15]] },
  { kind: "ulg_meeting", title: "Why people leave and why they stay", purpose: "Share what we know about out-migration and labour shortage in Iisalmi.", date: "2023-12-07", start: "16:00", end: "18:30", place: "Kulttuurikeskus Kuura",
    agenda: [["Population and labour figures for Iisalmi", "information", 25, "Outi Väisänen"], ["Group work: our strengths and weaknesses", "workshop", 60], ["Feedback from the Šibenik transnational meeting", "information", 20, "Helena Kärkkäinen"], ["Agree the three focus questions", "decision", 20]],
    guests: [["Riikka Toivanen", "Regional newspaper Iisalmen Sanomat", "private"]] },
  { kind: "ulg_meeting", title: "Ideas for retention and attraction", purpose: "Collect first ideas for small pilot actions under the three themes.", date: "2024-02-15", start: "16:00", end: "18:00", place: "Savonia, Iisalmi campus",
    agenda: [["Recap of the focus questions", "information", 10, "Jari Savolainen"], ["Idea workshop in three theme groups", "workshop", 70], ["Presenting the ideas", "discussion", 30]] },
  { kind: "ulg_meeting", title: "Choosing what to pilot", purpose: "Discuss the idea list and shortlist candidates for pilot actions.", date: "2024-04-18", start: "16:00", end: "18:00", place: "Iisalmi City Hall, Council room",
    agenda: [["The idea list so far", "information", 15, "Jari Savolainen"], ["Discussion of the twelve ideas", "discussion", 60], ["Shortlist for piloting", "decision", 30]] },
  { kind: "ulg_meeting", title: "Planning the summer pilots", purpose: "Plan the first two pilot actions in detail.", date: "2024-06-13", start: "15:00", end: "17:00", place: "Remote Work Hub Iisalmi", onlineUrl: "https://meet.example.org/iisalmi-ulg",
    agenda: [["Pilot 1: Welcome evening for newcomers", "workshop", 45, "Örjan Lindqvist"], ["Pilot 2: Remote-work trial weeks", "workshop", 45, "Zacharias Wikström"], ["Budget and responsibilities", "decision", 20, "Helena Kärkkäinen"]] },
  { kind: "ulg_meeting", title: "First pilot results", purpose: "Look at what the summer pilots taught us.", date: "2024-09-19", start: "16:00", end: "18:00", place: "Kulttuurikeskus Kuura",
    agenda: [["Welcome evening: numbers and feedback", "information", 25, "Örjan Lindqvist"], ["Remote-work weeks: what worked", "information", 25, "Zacharias Wikström"], ["Lessons learned", "discussion", 40], ["Continue, adapt or drop?", "decision", 20]] },
  { kind: "ulg_meeting", title: "Towards the Integrated Action Plan", purpose: "Start drafting the actions of Iisalmi's Integrated Action Plan.", date: "2024-12-05", start: "16:00", end: "18:30", place: "Iisalmi City Hall, Council room",
    agenda: [["What an IAP contains", "information", 20, "Helena Kärkkäinen"], ["Mangualde transnational meeting: what partners do", "information", 20, "Jari Savolainen"], ["Drafting actions in small groups", "workshop", 70], ["Agree the draft structure", "decision", 20]] },
  { kind: "ulg_meeting", title: "Action plan review", purpose: "Review the draft action plan before it goes to the city board.", date: "2025-03-20", start: "16:00", end: "18:00", place: "Savonia, Iisalmi campus",
    agenda: [["Draft action plan walk-through", "information", 30, "Helena Kärkkäinen"], ["Funding for the actions", "discussion", 40, "Outi Väisänen"], ["Approval of the draft for the city board", "decision", 20]] },
];

const IISALMI_UPCOMING: (Omit<SeedMeeting, "date"> & { inDays: number })[] = [
  { kind: "ulg_meeting", title: "Follow-up of the action plan", purpose: "See where the actions of the plan stand and what is stuck.", inDays: 14, start: "16:00", end: "18:00", place: "Iisalmi City Hall, Council room",
    agenda: [["Status of each action", "information", 40, "Helena Kärkkäinen"], ["What is stuck and why", "discussion", 40], ["Next year's priorities", "decision", 30]] },
  { kind: "workshop", title: "Newcomer welcome kit workshop", purpose: "Design the welcome kit for people moving to Iisalmi.", inDays: 45, start: "17:00", end: "19:30", place: "Kulttuurikeskus Kuura",
    agenda: [["What newcomers asked for", "information", 20, "Örjan Lindqvist"], ["Designing the kit", "workshop", 90]] },
];

const MANTOVA: (SeedMeeting & { inDays?: number })[] = [
  { kind: "ulg_meeting", title: "Primo incontro del gruppo locale", purpose: "Presentazione del progetto e del gruppo.", date: "2023-10-12", start: "17:30", end: "19:30", place: "Palazzo del Municipio",
    agenda: [["Benvenuto", "information", 15, "Giulia Ferrari"], ["Il progetto Residents of the Future", "information", 45], ["Discussione", "discussion", 45]] },
  { kind: "ulg_meeting", title: "Idee per attrarre giovani", purpose: "Raccolta di idee.", date: "2024-03-14", start: "17:30", end: "19:30", place: "Startup Hub Mantova", agenda: [["Laboratorio di idee", "workshop", 90]] },
];

const NETWORK: { host: string; title: string; from: string; to: string; place: string }[] = [
  { host: "sibenik", title: "Kick-off meeting in Šibenik", from: "2023-09-26", to: "2023-09-28", place: "Šibenik, Croatia" },
  { host: "kalamata", title: "Transnational meeting in Kalamata: city branding", from: "2024-03-05", to: "2024-03-07", place: "Kalamata, Greece" },
  { host: "mangualde", title: "Transnational meeting in Mangualde", from: "2024-10-08", to: "2024-10-10", place: "Mangualde, Portugal" },
  { host: "saldus", title: "Transnational meeting in Saldus: digital transition", from: "2025-05-13", to: "2025-05-15", place: "Saldus, Latvia" },
  { host: "alba-iulia", title: "Final network meeting in Alba Iulia", from: "2025-11-18", to: "2025-11-20", place: "Alba Iulia, Romania" },
];

// Who did not come to a meeting, by meeting index: a fixed pattern so the demo reads the same every time.
function statusFor(memberIndex: number, meetingIndex: number): AttendanceStatus {
  const n = (memberIndex * 7 + meetingIndex * 3) % 10;
  if (n === 0) return "absent";
  if (n === 1) return "excused";
  if (n === 2) return "remote";
  return "present";
}

function isoDay(offsetDays: number, timeZone: string): string {
  const d = new Date(Date.now() + offsetDays * 86_400_000);
  return new Intl.DateTimeFormat("en-CA", { timeZone, year: "numeric", month: "2-digit", day: "2-digit" }).format(d);
}

/** Meetings of the demo network; skips any meeting that already exists (same city, kind and number). */
export function seedMeetings(tx: DB) {
  const city = (slug: string) => tx.select().from(cities).where(eq(cities.slug, slug)).get()!;
  const roster = (cityId: number) => tx.select().from(members).where(eq(members.cityId, cityId)).all();

  const insertMeeting = (cityId: number | null, hostCityId: number | null, number: number, m: SeedMeeting, timeZone: string, createdAt: Date) => {
    const exists = tx
      .select({ id: meetings.id })
      .from(meetings)
      .where(and(cityId == null ? isNull(meetings.cityId) : eq(meetings.cityId, cityId), eq(meetings.kind, m.kind), eq(meetings.number, number)))
      .get();
    if (exists) return null;
    const row = tx
      .insert(meetings)
      .values({
        cityId,
        hostCityId,
        kind: m.kind,
        number,
        title: m.title,
        purpose: m.purpose,
        startsAt: zonedToUtc(m.date, m.start, timeZone),
        endsAt: zonedToUtc(m.endDate ?? m.date, m.end, timeZone),
        timeZone,
        place: m.place ?? null,
        onlineUrl: m.onlineUrl ?? null,
        createdAt,
        updatedAt: createdAt,
      })
      .returning({ id: meetings.id })
      .get();
    return row.id;
  };

  const addAgenda = (meetingId: number, cityId: number | null, items: SeedItem[], people: { id: number; name: string }[]) => {
    items.forEach(([title, kind, minutes, presenter], position) => {
      const member = presenter ? people.find((p) => p.name === presenter) : undefined;
      tx.insert(agendaItems)
        .values({ meetingId, cityId, position, title, kind, durationMinutes: minutes, presenterMemberId: member?.id ?? null, presenterText: member ? null : presenter ?? null })
        .run();
    });
  };

  for (const slug of ["iisalmi", "mantova"] as const) {
    const c = city(slug);
    const people = roster(c.id);
    const past = slug === "iisalmi" ? IISALMI_PAST : MANTOVA;
    const counters: Record<string, number> = {};
    past.forEach((m, i) => {
      counters[m.kind] = (counters[m.kind] ?? 0) + 1;
      const id = insertMeeting(c.id, null, counters[m.kind], m, c.timeZone, new Date(`${m.date}T08:00:00Z`));
      if (id == null) return;
      addAgenda(id, c.id, m.agenda, people);
      const recordedAt = new Date(`${m.date}T20:00:00Z`);
      people
        .filter((p) => p.joinedOn != null && p.joinedOn <= m.date && (p.leftOn == null || p.leftOn > m.date))
        .forEach((p, pi) => {
          tx.insert(attendance).values({ meetingId: id, memberId: p.id, cityId: c.id, status: statusFor(pi, i), recordedAt }).run();
        });
      for (const [name, organisation, sector] of m.guests ?? []) {
        tx.insert(meetingGuests).values({ meetingId: id, cityId: c.id, name, organisation, sector }).run();
      }
    });
    const upcoming = slug === "iisalmi" ? IISALMI_UPCOMING : [{ kind: "ulg_meeting" as const, title: "Prossimo incontro", purpose: "Aggiornamento sulle azioni pilota.", inDays: 21, start: "17:30", end: "19:00", place: "Palazzo del Municipio", agenda: [["Aggiornamento", "information", 30], ["Discussione", "discussion", 45]] as SeedItem[] }];
    for (const u of upcoming) {
      counters[u.kind] = (counters[u.kind] ?? 0) + 1;
      const date = isoDay(u.inDays, c.timeZone);
      const id = insertMeeting(c.id, null, counters[u.kind], { ...u, date }, c.timeZone, new Date());
      if (id == null) continue;
      addAgenda(id, c.id, u.agenda, people);
      // A few answers already in, so the RSVP counts have something to show.
      people
        .filter((p) => p.leftOn == null)
        .slice(0, 6)
        .forEach((p, pi) => {
          tx.insert(rsvps).values({ meetingId: id, memberId: p.id, cityId: c.id, response: (["yes", "yes", "maybe", "no", "yes", "maybe"] as const)[pi], respondedAt: new Date() }).run();
        });
    }
  }

  NETWORK.forEach((n, i) => {
    const host = city(n.host);
    const id = insertMeeting(null, host.id, i + 1, { kind: "transnational", title: n.title, purpose: "Transnational meeting of the Residents of the Future network.", date: n.from, endDate: n.to, start: "09:00", end: "16:00", place: n.place, agenda: [] }, host.timeZone, new Date(`${n.from}T00:00:00Z`));
    void id;
  });
}
