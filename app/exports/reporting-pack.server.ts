import { zipSync, strToU8, type Zippable } from "fflate";
import { SECTORS } from "#db/enums";
import type { PeriodReport } from "~/models/minutes-document.server";
import { displayMemberName } from "~/utils/member-display";
import { memoT } from "~/utils/memo-t";
import { utcToZonedParts } from "~/utils/zoned-time";
import { csvText, toCsv } from "./csv.server";
import { formatDay, minutesContent, minutesFileStem, type Translate } from "./minutes-content.server";
import { renderMinutesDocx } from "./minutes-docx.server";
import { renderMinutesCollectionPdf, renderMinutesPdf } from "./minutes-pdf.server";


export type ReportingPack = { zip: Uint8Array; fileName: string; files: string[] };

/**
 * The reporting pack of a city for a period as one ZIP: each included minutes as PDF and DOCX
 * under minutes/, all of them in one PDF, attendance.csv and summary.csv. Names are dated and the
 * entries sorted, so the archive lists in date order. PDF and DOCX are stored without
 * recompression (they are compressed already); the CSV files are deflated.
 */
export async function buildReportingPack(report: PeriodReport, period: { from: string; to: string }, translate: Translate): Promise<ReportingPack> {
  // The documents and the CSV rows repeat labels (sectors, statuses, kinds): each is translated once.
  const t = memoT(translate);
  const lang = report.language;
  const entries: Record<string, Uint8Array> = {};
  const contents = report.documents.map((doc) => minutesContent(doc, t));
  for (const [i, doc] of report.documents.entries()) {
    const content = contents[i];
    const stem = `minutes/${minutesFileStem(doc)}`;
    entries[`${stem}.pdf`] = await renderMinutesPdf(content, lang);
    entries[`${stem}.docx`] = await renderMinutesDocx(content, lang);
  }
  const base = `${period.from}-${period.to}-${report.city.slug}`;
  entries[`${base}-all-minutes.pdf`] = await renderMinutesCollectionPdf(
    contents,
    {
      title: t("minutesExport.packTitle", { city: report.city.name }),
      period: t("minutesExport.packPeriod", { from: formatDay(period.from, lang), to: formatDay(period.to, lang) }),
      contentsHeading: t("minutesExport.packContents"),
      empty: t("minutesExport.packEmpty"),
      pageLabel: (page, pages) => t("minutesExport.page", { page, pages }),
      entryPage: (page) => t("minutesExport.packPage", { page }),
    },
    lang,
  );
  entries["attendance.csv"] = strToU8(attendanceCsv(report, t));
  entries["summary.csv"] = strToU8(summaryCsv(report, t));

  const files = Object.keys(entries).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const zippable: Zippable = {};
  for (const name of files) zippable[name] = [entries[name], { level: name.endsWith(".csv") ? 6 : 0 }];
  // A fixed time stamp inside the archive: the same data gives the same bytes.
  const zip = zipSync(zippable, { mtime: new Date(`${period.to}T12:00:00Z`) });
  return { zip, fileName: `${base}-reporting-pack.zip`, files };
}

function meetingTitle(m: { kind: string; number: number; title: string }, t: Translate) {
  return `${t(`meetingKinds.${m.kind}`)} ${m.number}: ${m.title}`;
}

/** One row per person per meeting: members with their recorded status, guests as present. */
function attendanceCsv(report: PeriodReport, t: Translate): string {
  const byId = new Map(report.meetings.map((m) => [m.meetingId, m]));
  const col = (key: string) => t(`attendance.csv.${key}`);
  const rows = [[col("meeting"), col("date"), col("name"), col("organisation"), col("sector"), col("participant"), col("status")]];
  for (const line of report.attendance) {
    const m = byId.get(line.meetingId)!;
    rows.push([
      csvText(meetingTitle(m, t)),
      utcToZonedParts(m.startsAt, m.timeZone).date,
      csvText(line.guest ? line.name : displayMemberName(line, t)),
      csvText(line.organisation),
      line.sector ? t(`sectors.${line.sector}`) : "",
      t(line.guest ? "attendance.csv.guest" : "attendance.csv.member"),
      t(`attendance.status.${line.status}`),
    ]);
  }
  return toCsv(rows);
}

/**
 * One row per meeting (who came by sector, decisions, action items open and done) with a total
 * row, then the city's ideas by stage: all of them now, and those logged in the period.
 */
function summaryCsv(report: PeriodReport, t: Translate): string {
  const col = (key: string) => t(`reports.csv.${key}`);
  const header = [
    col("meeting"),
    col("date"),
    col("minutes"),
    col("participants"),
    ...SECTORS.map((s) => t(`sectors.${s}`)),
    col("sectorUnknown"),
    col("members"),
    col("guests"),
    col("decisions"),
    col("actionItemsOpen"),
    col("actionItemsDone"),
  ];
  const docs = new Map(report.documents.map((d) => [d.meeting.id, d]));
  // Who came, counted from the attendance of every meeting (also those whose minutes stay out).
  const came = new Map<number, { bySector: Record<string, number>; unknown: number; members: number; guests: number }>();
  for (const line of report.attendance) {
    if (line.status !== "present" && line.status !== "remote") continue;
    const c = came.get(line.meetingId) ?? { bySector: Object.fromEntries(SECTORS.map((s) => [s, 0])), unknown: 0, members: 0, guests: 0 };
    if (line.sector) c.bySector[line.sector] += 1;
    else c.unknown += 1;
    if (line.guest) c.guests += 1;
    else c.members += 1;
    came.set(line.meetingId, c);
  }
  const totals = new Array<number>(header.length - 3).fill(0);
  const rows: string[][] = [header];
  for (const m of report.meetings) {
    const c = came.get(m.meetingId) ?? { bySector: Object.fromEntries(SECTORS.map((s) => [s, 0])), unknown: 0, members: 0, guests: 0 };
    const doc = docs.get(m.meetingId);
    const numbers = [
      c.members + c.guests,
      ...SECTORS.map((s) => c.bySector[s]),
      c.unknown,
      c.members,
      c.guests,
      doc ? doc.decisions.length : null,
      doc ? doc.actionItems.filter((a) => !a.doneOn).length : null,
      doc ? doc.actionItems.filter((a) => a.doneOn).length : null,
    ];
    numbers.forEach((n, i) => (totals[i] += n ?? 0));
    const status = m.minutesStatus == null ? col("noMinutes") : `${t(`reports.status.${m.minutesStatus}`)}${m.included ? "" : ` (${col("leftOut")})`}`;
    rows.push([
      csvText(meetingTitle(m, t)),
      utcToZonedParts(m.startsAt, m.timeZone).date,
      status,
      ...numbers.map((n) => (n == null ? "" : String(n))),
    ]);
  }
  rows.push([col("total"), "", t("reports.csv.meetingsCount", { count: report.meetings.length }), ...totals.map(String)]);
  rows.push([]);
  rows.push([col("ideaStage"), col("ideasNow"), col("ideasLogged")]);
  for (const s of report.ideasByStage) rows.push([t(`ideaStages.${s.stage}`), String(s.total), String(s.loggedInPeriod)]);
  return toCsv(rows);
}

