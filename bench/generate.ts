// The benchmark's data set: a large, deterministic network in its own SQLite file.
//
// Full scale, per city (10 cities): 60 members with accounts plus two coordinators, 400 held
// meetings with 8 agenda items, attendance of every member and minutes each (notes per item,
// decisions, action items, a revision), a few upcoming meetings, 3,000 ideas with 10 comments and
// 5 supports each (some shared with the network, some piloted), and an action plan. The "small"
// scale has the same shape with a tenth of the rows; the bench compares statement counts of the two.
//
// Rows go in through raw prepared INSERTs inside one transaction per table group: several
// hundred thousand rows a second. The FTS5 index of ideas is filled by its insert trigger in the
// same transaction (FTS5 buffers a transaction's changes in memory, so that costs little).
// A generated file is cached under .cache/bench, keyed by this file's text, the migrations and
// the scale, so a re-run copies it instead of building it again.
import Database from "better-sqlite3";
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { drizzle } from "drizzle-orm/better-sqlite3";
import { applyMigrations, migrationsFolder, openSqlite } from "../db/client.server";
import { DEMO_CITIES } from "../db/seed/demo";
import * as schema from "../db/schema";
import { hashPassword } from "../app/auth/password.server";

export const BENCH_PASSWORD = "bench-password";
export const COORDINATOR_EMAIL = "coordinator@bench.example";

export type Scale = "full" | "small";

const SIZES: Record<Scale, { members: number; meetings: number; ideas: number }> = {
  full: { members: 60, meetings: 400, ideas: 3000 },
  small: { members: 6, meetings: 40, ideas: 300 },
};
const AGENDA_ITEMS = 8;
// The meeting the bench opens (and takes minutes.pdf/.docx of) has a long agenda.
const LARGE_AGENDA_ITEMS = 30;
const UPCOMING_MEETINGS = 4;
const COMMENTS_PER_IDEA = 10;
const SUPPORTS_PER_IDEA = 5;
const PACK_MEETINGS = 25;
// Minutes of the last meetings of each city are still being written or read.
const UNAPPROVED_TAIL = 10;
// Action items stay open for the last meetings only, as in a group that follows them up.
const OPEN_ACTION_TAIL = 12;
// The word /ideas?q= searches for: present in about one idea in eight.
export const SEARCH_WORD = "festival";

/** What the bench needs to know about a generated data set. */
export type BenchMeta = {
  scale: Scale;
  coordinatorEmail: string;
  password: string;
  cityId: number;
  /** A held meeting of the coordinator's city with a long agenda and approved minutes. */
  largeMeetingId: number;
  ideaId: number;
  searchWord: string;
  /** A period in which exactly PACK_MEETINGS meetings of the city have approved minutes. */
  pack: { from: string; to: string; meetings: number };
  rows: Record<string, number>;
  generatedMs: number;
};

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, "..");

/** Mulberry32: a small seeded generator, so every run writes the same rows. */
function prng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (n: number) => Math.floor(next() * n),
    pick: <T>(list: readonly T[]) => list[Math.floor(next() * list.length)],
  };
}

const FIRST = ["Aino", "Mikko", "Sanna", "Juha", "Elina", "Ville", "Päivi", "Antti", "Outi", "Laura", "Tero", "Marja", "Ioana", "Andrei", "Eleni", "Nikos", "Joana", "Tiago", "Giulia", "Marco", "Lucía", "Javier", "Camille", "Hugo", "Līga", "Jānis", "Ana", "Ivan", "Milica", "Dragan"];
const LAST = ["Korhonen", "Virtanen", "Mäkinen", "Nieminen", "Popescu", "Ionescu", "Papadopoulos", "Georgiou", "Silva", "Santos", "Rossi", "Bianchi", "García", "Martínez", "Dubois", "Moreau", "Bērziņš", "Kalniņš", "Horvat", "Kovačević", "Petrović", "Jovanović"];
const ORGS = ["City Development Office", "Regional Council", "Chamber of Commerce", "Youth Association", "University of Applied Sciences", "Vocational College", "Remote Work Hub", "Tourism Board", "Sports Club", "Local Action Group", "Cultural Centre", "Library"];
const POSITIONS = ["Chair", "Coordinator", "Project manager", "Teacher", "Founder", "Development specialist", "Board member", "Volunteer"];
const WORDS = ["retention", "young", "families", "remote", "workers", "coworking", "space", "digital", "services", "branding", "campaign", "return", "migrants", "students", "housing", "welcome", "package", "local", "food", "market", "sustainable", "tourism", "mentoring", "entrepreneurs", "school", "partnership", "library", "evening", "sauna", "lake", "trail", "volunteers", "newcomers", "ambassadors", "summer", "winter", "network", "survey", "pilot", "budget", "timeline", "indicator", "district", "centre", "mobility", "bicycle", "energy", "repair", "café"];
const STAGES_WEIGHTED = ["proposed", "proposed", "proposed", "discussed", "discussed", "shortlisted", "piloting", "evaluated", "in_action_plan", "parked", "rejected"] as const;
const THEMES = schema.IDEA_THEMES;
const IDEA_KINDS = schema.IDEA_KINDS;
const SECTORS = schema.SECTORS;
const ITEM_KINDS = schema.AGENDA_ITEM_KINDS;
const ATTENDANCE = ["present", "present", "present", "remote", "excused", "absent"] as const;

const DAY = 86_400_000;
// Held meetings: every second day from here (15:00 UTC, two hours).
const FIRST_MEETING = Date.UTC(2023, 5, 5, 15, 0, 0);
// Upcoming meetings lie far enough ahead to stay upcoming for years of bench runs.
const FIRST_UPCOMING = Date.UTC(2030, 0, 8, 15, 0, 0);

function sentence(r: ReturnType<typeof prng>, words: number) {
  const out: string[] = [];
  for (let i = 0; i < words; i++) out.push(r.pick(WORDS));
  const s = out.join(" ");
  return s[0].toUpperCase() + s.slice(1);
}

function isoDay(ms: number) {
  return new Date(ms).toISOString().slice(0, 10);
}

/** The cache key: this generator's text, the migrations and the scale. */
export function generatorVersion(scale: Scale): string {
  const h = crypto.createHash("sha256");
  h.update(fs.readFileSync(fileURLToPath(import.meta.url)));
  const folder = migrationsFolder();
  for (const f of fs.readdirSync(folder).filter((f) => f.endsWith(".sql")).sort()) {
    h.update(f);
    h.update(fs.readFileSync(path.join(folder, f)));
  }
  h.update(scale);
  return h.digest("hex").slice(0, 16);
}

export function cacheDir() {
  return path.join(root, ".cache", "bench");
}

/**
 * Returns a cached data set of this scale, generating it first when the cache holds none for the
 * current generator version. The file must be copied before a server writes to it.
 */
export async function ensureDataSet(scale: Scale, log: (s: string) => void = () => {}): Promise<{ file: string; meta: BenchMeta; cached: boolean }> {
  const version = generatorVersion(scale);
  const dir = cacheDir();
  const file = path.join(dir, `bench-${scale}-${version}.sqlite`);
  const metaFile = `${file}.json`;
  if (fs.existsSync(file) && fs.existsSync(metaFile)) {
    return { file, meta: JSON.parse(fs.readFileSync(metaFile, "utf8")) as BenchMeta, cached: true };
  }
  fs.mkdirSync(dir, { recursive: true });
  // Older versions of this scale are of no further use.
  for (const f of fs.readdirSync(dir)) if (f.startsWith(`bench-${scale}-`)) fs.rmSync(path.join(dir, f), { force: true });
  const tmp = `${file}.tmp-${process.pid}`;
  const meta = await generate(tmp, scale, log);
  fs.renameSync(tmp, file);
  fs.writeFileSync(metaFile, JSON.stringify(meta, null, 2));
  return { file, meta, cached: false };
}

/** Writes a fresh data set of the given scale into `file` (which must not exist). */
export async function generate(file: string, scale: Scale, log: (s: string) => void = () => {}): Promise<BenchMeta> {
  const started = performance.now();
  const size = SIZES[scale];
  const passwordHash = await hashPassword(BENCH_PASSWORD);
  const sqlite = openSqlite(file);
  applyMigrations(sqlite, drizzle(sqlite, { schema }));
  // Bulk loading: a crash only loses this throwaway file, so no fsync per commit.
  sqlite.pragma("synchronous = OFF");
  const r = prng(20261128);
  const rows: Record<string, number> = {};
  const add = (table: string, n = 1) => (rows[table] = (rows[table] ?? 0) + n);
  const ins = (sql: string) => {
    const stmt = sqlite.prepare(sql);
    const table = /insert into (\w+)/i.exec(sql)![1];
    return (...params: unknown[]) => {
      add(table);
      return stmt.run(...params);
    };
  };

  const insCity = ins("INSERT INTO cities (slug, name, country, is_lead_partner, language, time_zone, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)");
  const insUser = ins("INSERT INTO users (email, name, password_hash, role, city_id, language, active, created_at) VALUES (?, ?, ?, ?, ?, ?, 1, ?)");
  const insMember = ins(
    "INSERT INTO members (city_id, user_id, name, email, phone, organisation, sector, position, joined_on, left_on, consent_contact, consent_photos, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
  );
  const insMeeting = ins(
    "INSERT INTO meetings (city_id, host_city_id, kind, number, title, purpose, starts_at, ends_at, time_zone, place, online_url, sequence, created_by_user_id, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?, ?)",
  );
  const insItem = ins(
    "INSERT INTO agenda_items (meeting_id, city_id, position, title, description, duration_minutes, presenter_member_id, presenter_text, kind, idea_id, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
  );
  const insAttendance = ins("INSERT INTO attendance (meeting_id, member_id, city_id, status, recorded_at) VALUES (?, ?, ?, ?, ?)");
  const insRsvp = ins("INSERT INTO rsvps (meeting_id, member_id, city_id, response, responded_at) VALUES (?, ?, ?, ?, ?)");
  const insGuest = ins("INSERT INTO meeting_guests (meeting_id, city_id, name, organisation, sector, created_at) VALUES (?, ?, ?, ?, ?, ?)");
  const insMinutes = ins(
    "INSERT INTO minutes (meeting_id, city_id, status, revision, summary, summary_en, circulated_at, circulated_by_user_id, approved_at, approved_by_user_id, updated_at, updated_by_user_id, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
  );
  const insNote = ins("INSERT INTO minutes_item_notes (minutes_id, agenda_item_id, city_id, notes) VALUES (?, ?, ?, ?)");
  const insDecision = ins("INSERT INTO minutes_decisions (minutes_id, city_id, position, agenda_item_id, text) VALUES (?, ?, ?, ?, ?)");
  const insAction = ins(
    "INSERT INTO action_items (minutes_id, meeting_id, city_id, position, agenda_item_id, description, owner_member_id, due_on, done_on, done_by_user_id, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
  );
  const insRevision = ins("INSERT INTO minutes_revisions (minutes_id, city_id, revision, status, snapshot, reason, by_user_id, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
  const insMinutesComment = ins("INSERT INTO minutes_comments (minutes_id, city_id, author_user_id, body, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)");
  const insIdea = ins(
    "INSERT INTO ideas (city_id, author_user_id, title, description, theme, kind, target_group, stage, shared_with_network, support_count, comment_count, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
  );
  const insSupport = ins("INSERT INTO idea_supports (idea_id, user_id, city_id, created_at) VALUES (?, ?, ?, ?)");
  const insComment = ins("INSERT INTO idea_comments (idea_id, city_id, author_user_id, body, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)");
  const insStage = ins("INSERT INTO idea_stage_changes (idea_id, city_id, from_stage, to_stage, reason, meeting_id, by_user_id, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
  const insPilot = ins(
    "INSERT INTO pilot_actions (idea_id, city_id, objective, target_group, starts_on, ends_on, budget_cents, responsible, partners, results, lessons_learned, decision, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
  );
  const insIndicator = ins("INSERT INTO pilot_indicators (pilot_id, city_id, position, name, target, result) VALUES (?, ?, ?, ?, ?, ?)");
  const insPlan = ins("INSERT INTO action_plans (city_id, title, vision, objectives, revision, updated_at, updated_by_user_id, created_at) VALUES (?, ?, ?, ?, 1, ?, ?, ?)");
  const insPlanAction = ins(
    "INSERT INTO action_plan_actions (plan_id, city_id, idea_id, position, title, description, timing, lead, partners, cost_cents, funding_source, funding_status, implementation_status, indicators, risks, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
  );

  const created = FIRST_MEETING - 30 * DAY;
  const id = (info: Database.RunResult) => Number(info.lastInsertRowid);

  type CityData = { id: number; tz: string; lang: string; projectUserId: number; coordUserId: number; memberIds: number[]; memberNames: string[]; memberUserIds: number[]; heldMeetings: { id: number; startsAt: number; itemIds: number[] }[] };
  const cityData: CityData[] = [];
  let largeMeetingId = 0;
  let pack = { from: "", to: "", meetings: 0 };

  // People, meetings and minutes.
  sqlite.transaction(() => {
    insUser("admin@bench.example", "Bench Administrator", passwordHash, "admin", null, "en", created);
    DEMO_CITIES.forEach((c, ci) => {
      const cityId = id(insCity(c.slug, c.name, c.country, "isLeadPartner" in c && c.isLeadPartner ? 1 : 0, c.language, c.timeZone, created));
      const lang = c.language === "fi" ? "fi" : "en";
      const projectEmail = ci === 0 ? COORDINATOR_EMAIL : `projects@${c.slug}.bench.example`;
      const projectUserId = id(insUser(projectEmail, `${r.pick(FIRST)} ${r.pick(LAST)}`, passwordHash, "project_coordinator", cityId, lang, created));
      const coordUserId = id(insUser(`coordinator@${c.slug}.bench.example`, `${r.pick(FIRST)} ${r.pick(LAST)}`, passwordHash, "ulg_coordinator", cityId, lang, created));
      const memberIds: number[] = [];
      const memberNames: string[] = [];
      const memberUserIds: number[] = [];
      for (let m = 0; m < size.members; m++) {
        const name = `${r.pick(FIRST)} ${r.pick(LAST)}`;
        const email = `member${m + 1}@${c.slug}.bench.example`;
        const userId = id(insUser(email, name, passwordHash, "member", cityId, lang, created));
        memberUserIds.push(userId);
        memberNames.push(name);
        const left = m % 15 === 14 ? isoDay(FIRST_MEETING + 300 * DAY) : null;
        memberIds.push(
          id(
            insMember(cityId, userId, name, email, m % 3 === 0 ? `+000 40 ${String(1000 + m)}` : null, r.pick(ORGS), SECTORS[m % SECTORS.length], r.pick(POSITIONS), isoDay(created), left, m % 2, m % 4 === 0 ? 1 : 0, created),
          ),
        );
      }
      cityData.push({ id: cityId, tz: c.timeZone, lang, projectUserId, coordUserId, memberIds, memberNames, memberUserIds, heldMeetings: [] });
    });

    for (const city of cityData) {
      const numbers = new Map<string, number>();
      const total = size.meetings + UPCOMING_MEETINGS;
      for (let i = 0; i < total; i++) {
        const held = i < size.meetings;
        const kind = i % 20 === 7 ? "pilot_event" : i % 10 === 3 ? "workshop" : "ulg_meeting";
        const number = (numbers.get(kind) ?? 0) + 1;
        numbers.set(kind, number);
        const startsAt = held ? FIRST_MEETING + i * 2 * DAY : FIRST_UPCOMING + (i - size.meetings) * 14 * DAY;
        const meetingId = id(
          insMeeting(city.id, null, kind, number, `${sentence(r, 3)} ${number}`, sentence(r, 12), startsAt, startsAt + 2 * 3600_000, city.tz, "City Hall, meeting room 2", i % 4 === 0 ? "https://meet.example/ulg" : null, city.coordUserId, startsAt - 20 * DAY, startsAt - 20 * DAY),
        );
        // The last held meeting of the first city is the one the bench opens: a long agenda.
        const large = city === cityData[0] && i === size.meetings - 1 - UNAPPROVED_TAIL;
        if (large) largeMeetingId = meetingId;
        const itemCount = large ? LARGE_AGENDA_ITEMS : AGENDA_ITEMS;
        const itemIds: number[] = [];
        const itemTitles: string[] = [];
        for (let p = 0; p < itemCount; p++) {
          const presenter = p % 3 === 2 ? null : city.memberIds[(i + p) % city.memberIds.length];
          const itemTitle = sentence(r, 4);
          itemTitles.push(itemTitle);
          itemIds.push(
            id(insItem(meetingId, city.id, p + 1, itemTitle, p % 2 ? sentence(r, 15) : null, 10 + (p % 4) * 5, presenter, presenter ? null : "Guest speaker", ITEM_KINDS[p % ITEM_KINDS.length], null, startsAt - 10 * DAY)),
          );
        }
        if (!held) {
          city.memberIds.forEach((mid, k) => {
            if (k % 3 !== 2) insRsvp(meetingId, mid, city.id, k % 5 === 0 ? "maybe" : "yes", startsAt - 5 * DAY);
          });
          continue;
        }
        city.heldMeetings.push({ id: meetingId, startsAt, itemIds });
        for (const mid of city.memberIds) insAttendance(meetingId, mid, city.id, r.pick(ATTENDANCE), startsAt + 3 * 3600_000);
        if (i % 5 === 0) insGuest(meetingId, city.id, `${r.pick(FIRST)} ${r.pick(LAST)}`, r.pick(ORGS), r.pick(SECTORS), startsAt);

        const tail = size.meetings - i;
        const status = tail <= 3 ? "draft" : tail <= UNAPPROVED_TAIL ? "circulated" : "approved";
        const revision = status === "approved" ? 3 : status === "circulated" ? 2 : 1;
        const savedAt = startsAt + DAY;
        const summary = `${sentence(r, 25)}.\n\n- ${sentence(r, 8)}\n- ${sentence(r, 8)}`;
        const summaryEn = i % 2 ? sentence(r, 20) + "." : null;
        const minutesId = id(
          insMinutes(meetingId, city.id, status, revision, summary, summaryEn, status !== "draft" ? savedAt + DAY : null, status !== "draft" ? city.coordUserId : null, status === "approved" ? startsAt + 14 * DAY : null, status === "approved" ? city.coordUserId : null, savedAt, city.coordUserId, savedAt),
        );
        const notes = itemIds.map((itemId, k) => ({ agendaItemId: itemId, title: itemTitles[k], notes: `${sentence(r, 30)}.\n\n${sentence(r, 20)}.` }));
        for (const n of notes) insNote(minutesId, n.agendaItemId, city.id, n.notes);
        const decisions = [0, 1].map((k) => ({ position: k + 1, agendaItemId: itemIds[(k * 3) % itemIds.length], text: sentence(r, 12) + "." }));
        for (const d of decisions) insDecision(minutesId, city.id, d.position, d.agendaItemId, d.text);
        const open = tail <= OPEN_ACTION_TAIL;
        const actions = [0, 1, 2].map((k) => ({
          position: k + 1,
          agendaItemId: itemIds[(k * 2 + 1) % itemIds.length],
          description: sentence(r, 10),
          ownerMemberId: city.memberIds[(i * 3 + k) % city.memberIds.length],
          ownerName: city.memberNames[(i * 3 + k) % city.memberIds.length],
          dueOn: isoDay(startsAt + (14 + k * 7) * DAY),
          doneOn: open ? null : isoDay(startsAt + (10 + k * 7) * DAY),
        }));
        for (const a of actions) insAction(minutesId, meetingId, city.id, a.position, a.agendaItemId, a.description, a.ownerMemberId, a.dueOn, a.doneOn, a.doneOn ? city.coordUserId : null, savedAt);
        // One snapshot row per revision, as every save keeps one, in the app's snapshot shape.
        const snapshot = JSON.stringify({
          summary,
          summaryEn,
          notes,
          decisions: decisions.map((d) => ({ text: d.text, agendaItemId: d.agendaItemId })),
          actions: actions.map((a) => ({ description: a.description, ownerMemberId: a.ownerMemberId, ownerName: a.ownerName, dueOn: a.dueOn })),
        });
        for (let rev = 1; rev <= revision; rev++) {
          const revStatus = rev === 3 ? "approved" : rev === 2 ? "circulated" : "draft";
          insRevision(minutesId, city.id, rev, revStatus, snapshot, null, city.coordUserId, savedAt + (rev - 1) * DAY);
        }
        if (status === "circulated") {
          for (let k = 0; k < 2; k++) insMinutesComment(minutesId, city.id, city.memberUserIds[k], sentence(r, 14) + ".", savedAt + 2 * DAY, savedAt + 2 * DAY);
        }
      }
    }
    // The reporting pack: PACK_MEETINGS consecutive held meetings of the first city, all approved
    // (every second day at 15:00 UTC, so the local calendar days are unambiguous).
    const held = cityData[0].heldMeetings;
    const start = Math.max(0, held.length - UNAPPROVED_TAIL - 1 - PACK_MEETINGS - 5);
    const chosen = held.slice(start, start + PACK_MEETINGS);
    pack = { from: isoDay(chosen[0].startsAt), to: isoDay(chosen[chosen.length - 1].startsAt), meetings: chosen.length };

    // Transnational meetings of the network, hosted in turn.
    cityData.forEach((city, k) => {
      const startsAt = FIRST_MEETING + (60 + k * 120) * DAY;
      insMeeting(null, city.id, "transnational", k + 1, `Transnational meeting ${k + 1}`, sentence(r, 12), startsAt, startsAt + 8 * 3600_000, city.tz, "Town hall", null, null, startsAt - 60 * DAY, startsAt - 60 * DAY);
    });
  })();
  log(`  people, meetings and minutes: ${Math.round(performance.now() - started)} ms`);

  // Ideas, their comments, supports, stage history and pilots; the action plans.
  const ideasStarted = performance.now();
  let ideaId = 0;
  sqlite.transaction(() => {
    for (const city of cityData) {
      const planActions: { ideaId: number; title: string }[] = [];
      let firstIdeaId = 0;
      for (let k = 0; k < size.ideas; k++) {
        const stage = STAGES_WEIGHTED[k % STAGES_WEIGHTED.length];
        const at = FIRST_MEETING + Math.floor((k / size.ideas) * 800 * DAY) + r.int(DAY);
        const author = city.memberUserIds[k % city.memberUserIds.length];
        const title = `${sentence(r, 4)}${k % 8 === 0 ? ` ${SEARCH_WORD}` : ""}`;
        const description = `${sentence(r, 40)}.\n\n${sentence(r, 25)}${k % 8 === 4 ? ` ${SEARCH_WORD}` : ""}.`;
        const shared = k % 20 === 0 ? 1 : 0;
        const newId = id(
          insIdea(city.id, author, title, description, THEMES[k % THEMES.length], IDEA_KINDS[k % IDEA_KINDS.length], k % 2 ? "Young families" : "Remote workers", stage, shared, SUPPORTS_PER_IDEA, COMMENTS_PER_IDEA, at, at + DAY),
        );
        if (k === 0) firstIdeaId = newId;
        if (city === cityData[0] && k === Math.floor(size.ideas / 2)) ideaId = newId;
        for (let s = 0; s < SUPPORTS_PER_IDEA; s++) insSupport(newId, city.memberUserIds[(k + 1 + s * 7) % city.memberUserIds.length], city.id, at + s * 3600_000);
        for (let c = 0; c < COMMENTS_PER_IDEA; c++) insComment(newId, city.id, city.memberUserIds[(k + c * 3) % city.memberUserIds.length], sentence(r, 18) + ".", at + (c + 1) * 3600_000, at + (c + 1) * 3600_000);
        if (stage !== "proposed") {
          const meeting = city.heldMeetings[Math.min(city.heldMeetings.length - 1, Math.floor((k / size.ideas) * city.heldMeetings.length))];
          insStage(newId, city.id, "proposed", stage, sentence(r, 8), meeting.id, city.coordUserId, at + 2 * DAY);
        }
        if (stage === "piloting" || stage === "evaluated" || stage === "in_action_plan") {
          const pilotId = id(
            insPilot(newId, city.id, sentence(r, 12), "Young families", isoDay(at + 30 * DAY), isoDay(at + 120 * DAY), 250_000 + r.int(1_000_000), `${r.pick(FIRST)} ${r.pick(LAST)}`, r.pick(ORGS), stage === "piloting" ? null : sentence(r, 15), stage === "piloting" ? null : sentence(r, 15), stage === "piloting" ? null : stage === "in_action_plan" ? "scale" : "adapt", at + 120 * DAY),
          );
          for (let p = 0; p < 3; p++) insIndicator(pilotId, city.id, p + 1, sentence(r, 3), String(10 * (p + 1)), stage === "piloting" ? null : String(8 * (p + 1)));
        }
        if (stage === "in_action_plan" && planActions.length < 20) planActions.push({ ideaId: newId, title });
      }
      // Some agenda items discuss an idea (a city's ideas have consecutive ids).
      sqlite.prepare("UPDATE agenda_items SET idea_id = ? + (id % ?) WHERE city_id = ? AND position = 2").run(firstIdeaId, size.ideas, city.id);
      const planId = id(insPlan(city.id, "Integrated Action Plan", sentence(r, 30) + ".", `- ${sentence(r, 10)}\n- ${sentence(r, 10)}\n- ${sentence(r, 10)}`, FIRST_MEETING + 700 * DAY, city.projectUserId, FIRST_MEETING + 400 * DAY));
      planActions.forEach((a, p) =>
        insPlanAction(planId, city.id, a.ideaId, p + 1, a.title, sentence(r, 30) + ".", "2026 Q1 – 2027 Q2", r.pick(ORGS), r.pick(ORGS), 1_000_000 + r.int(10_000_000), "ERDF", schema.FUNDING_STATUSES[p % 3], schema.IMPLEMENTATION_STATUSES[p % 3], sentence(r, 8), sentence(r, 8), FIRST_MEETING + 700 * DAY),
      );
    }
  })();
  log(`  ideas, comments, supports, pilots, plans: ${Math.round(performance.now() - ideasStarted)} ms`);

  const problems = sqlite.pragma("foreign_key_check") as unknown[];
  if (problems.length) throw new Error(`generated data breaks ${problems.length} foreign key reference(s)`);
  const ftsRows = (sqlite.prepare("SELECT count(*) AS n FROM ideas_fts WHERE ideas_fts MATCH ?").get(SEARCH_WORD) as { n: number }).n;
  if (ftsRows === 0) throw new Error("the full-text index of ideas is empty");
  // One self-contained file for the cache.
  sqlite.pragma("wal_checkpoint(TRUNCATE)");
  sqlite.close();
  return {
    scale,
    coordinatorEmail: COORDINATOR_EMAIL,
    password: BENCH_PASSWORD,
    cityId: cityData[0].id,
    largeMeetingId,
    ideaId,
    searchWord: SEARCH_WORD,
    pack,
    rows,
    generatedMs: Math.round(performance.now() - started),
  };
}

// `npx tsx bench/generate.ts [full|small]`: generate (or find in the cache) and print the summary.
if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const scale: Scale = process.argv[2] === "small" ? "small" : "full";
  const t = performance.now();
  const { file, meta, cached } = await ensureDataSet(scale, console.log);
  console.log(`${cached ? "cached" : "generated"} ${file} in ${Math.round(performance.now() - t)} ms`);
  console.log(JSON.stringify(meta, null, 2));
  // The server's database module keeps nothing open here, but argon2's worker pool may.
  process.exit(0);
}
