// Measures the minutes exports and the reporting pack on a generated temp database (never a real one):
//   npx tsx scripts/measure-exports.ts
// Prints the time of minutes.pdf for a meeting with 15 agenda items and 40 attendees, and of the
// reporting pack for a city-year of 10 and of 25 meetings, with the process's peak RSS. It prints
// figures; it asserts nothing (timings on a shared machine are noisy: compare ratios).
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "ulg-measure-"));
process.env.DATABASE_PATH = path.join(dir, "measure.sqlite");

const { getDb, closeConnection } = await import("#db/client.server");
const schema = await import("#db/schema");
const { createMeeting } = await import("~/models/meetings.server");
const { loadMinutesDocument, loadPeriodReport } = await import("~/models/minutes-document.server");
const { minutesContent } = await import("~/exports/minutes-content.server");
const { renderMinutesPdf } = await import("~/exports/minutes-pdf.server");
const { renderMinutesDocx } = await import("~/exports/minutes-docx.server");
const { buildReportingPack } = await import("~/exports/reporting-pack.server");
const { getTranslator } = await import("~/i18n/i18next.server");
const { allCities } = await import("~/models/scope.server");

const db = getDb();
const actor = db.insert(schema.users).values({ email: "measure@example.org", name: "Measure", role: "admin" }).returning().get();
const SECTORS = ["public", "private", "civic", "knowledge"] as const;
const NOTE = [
  "Keskusteltiin **pilotin** aikataulusta ja _budjetista_. Καλημέρα, Ђурђевак, ā ē ī ū, ș ț.",
  "",
  "- ensimmäinen havainto: kesätyöntekijöitä tarvitaan lisää",
  "- toinen havainto: etätyöpisteitä kirjastoon",
  "  1. kysytään kirjastolta",
  "  2. kysytään yrityksiltä",
  "",
  "Sovittiin, että asiaan palataan seuraavassa kokouksessa.",
].join("\n");

function city(slug: string) {
  return db.insert(schema.cities).values({ slug, name: slug, country: "FI", language: "fi", timeZone: "Europe/Helsinki" }).returning().get().id;
}

function people(cityId: number, n: number) {
  return Array.from({ length: n }, (_, i) =>
    db.insert(schema.members).values({ cityId, name: `Henkilö ${i} Äijälä`, organisation: `Organisaatio ${i % 9}`, sector: SECTORS[i % 4] }).returning().get().id,
  );
}

/** A held meeting with approved minutes: notes under every item, a decision and an action item per item, everyone present. */
function meetingWithMinutes(cityId: number, day: string, items: number, attendees: number[]) {
  const meetingId = createMeeting(
    cityId,
    { kind: "ulg_meeting", title: `Kokous ${day}`, purpose: "Pilotit", startsAt: new Date(`${day}T14:00:00Z`), endsAt: new Date(`${day}T16:00:00Z`), timeZone: "Europe/Helsinki", place: "Kulttuurikeskus", onlineUrl: null, hostCityId: null },
    { id: actor.id },
  );
  db.transaction((tx) => {
    const itemIds = Array.from({ length: items }, (_, position) =>
      tx.insert(schema.agendaItems).values({ meetingId, cityId, position, title: `Kohta ${position + 1}`, durationMinutes: 8, kind: "discussion" }).returning().get().id,
    );
    for (const memberId of attendees) tx.insert(schema.attendance).values({ meetingId, memberId, cityId, status: "present", recordedAt: new Date() }).run();
    const minutesId = tx.insert(schema.minutes).values({ meetingId, cityId, status: "approved", summary: NOTE, approvedAt: new Date() }).returning().get().id;
    itemIds.forEach((agendaItemId, position) => {
      tx.insert(schema.minutesItemNotes).values({ minutesId, agendaItemId, cityId, notes: NOTE }).run();
      tx.insert(schema.minutesDecisions).values({ minutesId, cityId, position, agendaItemId, text: `Päätös ${position + 1}` }).run();
      tx.insert(schema.actionItems).values({ minutesId, meetingId, cityId, position, agendaItemId, description: `Tehtävä ${position + 1}`, ownerMemberId: attendees[position % attendees.length], dueOn: "2025-06-01" }).run();
    });
  });
  return meetingId;
}

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;
const peakRss = () => process.resourceUsage().maxRSS * 1024;
async function timed<T>(runs: number, fn: () => Promise<T>) {
  await fn(); // warm-up: module loading and font parsing are not part of a request
  const times: number[] = [];
  let result!: T;
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    result = await fn();
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  return { median: times[Math.floor(times.length / 2)], min: times[0], max: times[times.length - 1], result };
}

const t = await getTranslator("fi");
const reader = { role: "admin" as const, cityId: null };

// minutes.pdf: 15 items, 40 attendees.
const one = city("yksi");
const meetingId = meetingWithMinutes(one, "2024-12-05", 15, people(one, 40));
const rssBefore = peakRss();
const pdf = await timed(20, async () => {
  const doc = loadMinutesDocument(allCities, reader, meetingId)!;
  return renderMinutesPdf(minutesContent(doc, t), "fi");
});
const docx = await timed(20, async () => {
  const doc = loadMinutesDocument(allCities, reader, meetingId)!;
  return renderMinutesDocx(minutesContent(doc, t), "fi");
});
console.log(`minutes.pdf  (15 items, 40 attendees): median ${pdf.median.toFixed(1)} ms (min ${pdf.min.toFixed(1)}, max ${pdf.max.toFixed(1)}), ${(pdf.result.length / 1024).toFixed(0)} KB; peak RSS ${mb(peakRss())} (was ${mb(rssBefore)} before)`);
console.log(`minutes.docx (15 items, 40 attendees): median ${docx.median.toFixed(1)} ms (min ${docx.min.toFixed(1)}, max ${docx.max.toFixed(1)}), ${(docx.result.length / 1024).toFixed(0)} KB`);

// The pack: a city-year of 10 and of 25 meetings, each with 10 items and 15 attendees.
for (const count of [10, 25]) {
  const c = city(`vuosi-${count}`);
  const group = people(c, 15);
  for (let i = 0; i < count; i++) {
    const d = new Date(Date.UTC(2024, 0, 8) + Math.floor((i * 350) / count) * 86_400_000).toISOString().slice(0, 10);
    meetingWithMinutes(c, d, 10, group);
  }
  const before = peakRss();
  const pack = await timed(3, async () => {
    const report = loadPeriodReport({ id: c, name: `vuosi-${count}`, slug: `vuosi-${count}`, language: "fi", timeZone: "Europe/Helsinki" }, { from: "2024-01-01", to: "2024-12-31" }, { includeDrafts: false });
    if (report === "tooMany") throw new Error("no report");
    return buildReportingPack(report, { from: "2024-01-01", to: "2024-12-31" }, t);
  });
  console.log(
    `pack.zip (${count} meetings): median ${pack.median.toFixed(0)} ms (min ${pack.min.toFixed(0)}, max ${pack.max.toFixed(0)}), ${(pack.result.zip.length / 1024).toFixed(0)} KB, ${pack.result.files.length} files; ` +
      `${(pack.median / count).toFixed(0)} ms per meeting; peak RSS ${mb(peakRss())} (was ${mb(before)})`,
  );
}

closeConnection();
fs.rmSync(dir, { recursive: true, force: true });
