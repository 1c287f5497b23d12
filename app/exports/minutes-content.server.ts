import { SECTORS } from "#db/enums";
import type { MinutesDocument } from "~/models/minutes-document.server";
import { runningTimes } from "~/utils/agenda-times";
import { displayMemberName } from "~/utils/member-display";
import { memoT } from "~/utils/memo-t";
import { dateFormat } from "~/utils/intl-cache";
import { formatCalendarDate, formatMeetingRange, formatTime } from "~/utils/zoned-time";
import { markdownBlocks, type Block } from "./markdown-blocks.server";
import { meetingFileStem } from "./pdf.server";

export type Translate = (key: string, options?: Record<string, unknown>) => string;

/**
 * The minutes of one meeting as translated, formatted text, shared by the PDF, DOCX and Markdown
 * writers so the three say exactly the same thing and each only lays it out.
 */
export type MinutesContent = {
  draft: boolean;
  draftMark: string;
  draftNote: string;
  /** "ULG meeting 2: Autumn meeting" */
  heading: string;
  /** "Minutes: ULG meeting 2: Autumn meeting" */
  documentTitle: string;
  titleLabel: string;
  cityLine: string;
  details: { label: string; value: string }[];
  status: string;
  summary: { heading: string; blocks: Block[] } | null;
  summaryEn: { heading: string; blocks: Block[] } | null;
  participants: {
    heading: string;
    countLine: string;
    sectorLine: string;
    present: string[];
    apologiesHeading: string;
    apologies: string[];
    guestsHeading: string;
    guests: string[];
    none: string | null;
  };
  agenda: { heading: string; items: { number: number; time: string; title: string; meta: string; description: string | null }[]; none: string | null };
  notes: { heading: string; items: { number: number; title: string; blocks: Block[] }[]; noNotes: string };
  decisions: { heading: string; items: { text: string; under: string | null }[]; none: string | null };
  actionItems: {
    heading: string;
    columns: [string, string, string, string];
    rows: { what: string; owner: string; due: string; done: string; isDone: boolean }[];
    none: string | null;
  };
  approval: { heading: string; text: string };
  pageLabel: (page: number, pages: number) => string;
  /** "2024-12-05-ulg-meeting-2-minutes", with "-DRAFT" when not approved. */
  fileStem: string;
};

/** "5 Dec 2024" for a stored YYYY-MM-DD day, in the document's language. */
export function formatDay(day: string, locale: string): string {
  return formatCalendarDate(day, locale);
}

function formatInstant(at: Date, locale: string, timeZone: string): string {
  return dateFormat(locale, { dateStyle: "long", timeZone }).format(at);
}

export function minutesFileStem(doc: Pick<MinutesDocument, "meeting" | "minutes">): string {
  return `${meetingFileStem(doc.meeting)}-minutes${doc.minutes.status === "approved" ? "" : "-DRAFT"}`;
}

export function minutesContent(doc: MinutesDocument, translate: Translate): MinutesContent {
  // Rows repeat labels (sectors, agenda kinds, durations): each distinct one is translated once.
  const t = memoT(translate);
  const locale = doc.language;
  const { meeting, minutes } = doc;
  const tz = meeting.timeZone;
  const person = (p: { name: string; erasedAt: Date | null }) => displayMemberName(p, t);
  const draft = minutes.status !== "approved";
  const heading = `${t(`meetingKinds.${meeting.kind}`)} ${meeting.number}: ${meeting.title}`;

  const details = [{ label: t("minutesExport.when"), value: `${formatMeetingRange(meeting.startsAt, meeting.endsAt, locale, tz, "full")} (${tz})` }];
  if (meeting.place) details.push({ label: t("minutesExport.where"), value: meeting.place });
  if (meeting.onlineUrl) details.push({ label: t("minutesExport.online"), value: meeting.onlineUrl });
  if (meeting.purpose) details.push({ label: t("minutesExport.purpose"), value: meeting.purpose });

  let status: string;
  if (minutes.status === "approved" && minutes.approvedAt) {
    const date = formatInstant(minutes.approvedAt, locale, tz);
    status = minutes.approvedByName
      ? t("minutesExport.statusApproved", { name: minutes.approvedByName, date })
      : t("minutesExport.statusApprovedNoName", { date });
  } else if (minutes.status === "approved") {
    status = t("minutesExport.statusApprovedNoName", { date: "" }).trim();
  } else if (minutes.status === "circulated") {
    status = minutes.circulatedAt
      ? t("minutesExport.statusCirculated", { date: formatInstant(minutes.circulatedAt, locale, tz) })
      : t("minutesExport.statusCirculatedNoDate");
  } else {
    status = t("minutesExport.statusDraft");
  }
  status = `${status} (${t("minutesExport.revision", { revision: minutes.revision })})`;
  details.push({ label: t("minutesExport.status"), value: status });

  const sector = (s: string | null) => (s ? t(`sectors.${s}`) : t("minutesExport.sectorUnknown"));
  const personLine = (name: string, organisation: string | null, sectorKey: string | null) =>
    [name, organisation].filter(Boolean).join(", ") + ` (${sector(sectorKey)})`;
  const came = doc.attendees.filter((a) => a.status === "present" || a.status === "remote");
  const sectorParts = SECTORS.map((s) => `${t(`sectors.${s}`)} ${doc.mix.bySector[s]}`);
  if (doc.mix.unknown > 0) sectorParts.push(`${t("minutesExport.sectorUnknown")} ${doc.mix.unknown}`);

  const { starts } = runningTimes(doc.agenda);
  const startMs = meeting.startsAt.getTime();
  const numberOf = new Map(doc.agenda.map((a, i) => [a.id, i + 1]));
  const titleOf = new Map(doc.agenda.map((a) => [a.id, a.title]));
  const underItem = (id: number | null) =>
    id != null && numberOf.has(id) ? t("minutesExport.decisionItem", { number: numberOf.get(id), title: titleOf.get(id) }) : null;

  const summary = markdownBlocks(minutes.summary);
  const summaryEn = markdownBlocks(minutes.summaryEn);

  return {
    draft,
    draftMark: t("minutesExport.draftMark"),
    draftNote: t("minutesExport.draftNote"),
    heading,
    documentTitle: t("minutesExport.docTitle", { meeting: heading }),
    titleLabel: t("minutesExport.title"),
    cityLine: meeting.cityName ?? t("minutesExport.network", { host: meeting.hostCityName ?? "" }),
    details,
    status,
    summary: summary.length ? { heading: t("minutesExport.summary"), blocks: summary } : null,
    summaryEn: summaryEn.length ? { heading: t("minutesExport.summaryEn"), blocks: summaryEn } : null,
    participants: {
      heading: t("minutesExport.participants"),
      countLine: t("minutesExport.participantCount", { count: doc.mix.total, members: doc.mix.members, guests: doc.mix.guests }),
      sectorLine: t("minutesExport.bySector", { list: sectorParts.join(", ") }),
      present: came.map((a) => personLine(person(a), a.organisation, a.sector) + (a.status === "remote" ? ` – ${t("minutesExport.remote")}` : "")),
      apologiesHeading: t("minutesExport.apologies"),
      apologies: doc.attendees.filter((a) => a.status === "excused").map((a) => personLine(person(a), a.organisation, a.sector)),
      guestsHeading: t("minutesExport.guests"),
      guests: doc.guests.map((g) => personLine(g.name, g.organisation, g.sector)),
      none: doc.attendees.length === 0 && doc.guests.length === 0 ? t("minutesExport.noAttendance") : null,
    },
    agenda: {
      heading: t("minutesExport.agenda"),
      items: doc.agenda.map((a, i) => ({
        number: i + 1,
        time: formatTime(new Date(startMs + starts[i] * 60_000), locale, tz),
        title: a.title,
        meta: [
          t(`agendaKinds.${a.kind}`),
          t("meetingPage.minutes", { count: a.durationMinutes }),
          a.presenter == null ? null : typeof a.presenter === "string" ? a.presenter : person(a.presenter),
        ]
          .filter(Boolean)
          .join(" · "),
        description: a.description,
      })),
      none: doc.agenda.length === 0 ? t("minutesExport.noAgenda") : null,
    },
    notes: {
      heading: t("minutesExport.notes"),
      items: doc.agenda.map((a, i) => ({ number: i + 1, title: a.title, blocks: markdownBlocks(a.notes) })),
      noNotes: t("minutesExport.noNotes"),
    },
    decisions: {
      heading: t("minutesExport.decisions"),
      items: doc.decisions.map((d) => ({ text: d.text, under: underItem(d.agendaItemId) })),
      none: doc.decisions.length === 0 ? t("minutesExport.noDecisions") : null,
    },
    actionItems: {
      heading: t("minutesExport.actionItems"),
      columns: [t("minutesExport.colWhat"), t("minutesExport.colOwner"), t("minutesExport.colDue"), t("minutesExport.colDone")],
      rows: doc.actionItems.map((a) => ({
        what: a.description,
        owner: a.owner ? person(a.owner) : t("minutesExport.noOwner"),
        due: a.dueOn ? formatDay(a.dueOn, locale) : "—",
        done: a.doneOn ? formatDay(a.doneOn, locale) : t("minutesExport.open"),
        isDone: a.doneOn != null,
      })),
      none: doc.actionItems.length === 0 ? t("minutesExport.noActionItems") : null,
    },
    approval: { heading: t("minutesExport.approval"), text: draft ? `${status}. ${t("minutesExport.draftNote")}` : status },
    pageLabel: (page, pages) => t("minutesExport.page", { page, pages }),
    fileStem: minutesFileStem(doc),
  };
}
