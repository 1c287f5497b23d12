import { sql } from "drizzle-orm";
import {
  index,
  integer,
  primaryKey,
  sqliteTable,
  text,
  uniqueIndex,
} from "drizzle-orm/sqlite-core";

import { AGENDA_ITEM_KINDS, ATTENDANCE_STATUSES, FUNDING_STATUSES, IDEA_KINDS, IDEA_STAGES, IDEA_THEMES, IMPLEMENTATION_STATUSES, LANGUAGES, MEETING_KINDS, MINUTES_STATUSES, PILOT_DECISIONS, ROLES, RSVP_RESPONSES, SECTORS } from "./enums";

export { AGENDA_ITEM_KINDS, ATTENDANCE_STATUSES, FUNDING_STATUSES, IDEA_KINDS, IDEA_STAGES, IDEA_THEMES, IMPLEMENTATION_STATUSES, LANGUAGES, MEETING_KINDS, MINUTES_STATUSES, PILOT_DECISIONS, ROLES, RSVP_RESPONSES, SECTORS };
export type { AgendaItemKind, AttendanceStatus, FundingStatus, IdeaKind, IdeaStage, IdeaTheme, ImplementationStatus, Language, MeetingKind, MinutesStatus, PilotDecision, Role, RsvpResponse, Sector } from "./enums";

// Timestamps are stored as milliseconds since the epoch (UTC).
const createdAt = () =>
  integer("created_at", { mode: "timestamp_ms" })
    .notNull()
    .default(sql`(cast(unixepoch('subsec') * 1000 as integer))`)
    .$defaultFn(() => new Date());

export const cities = sqliteTable("cities", {
  id: integer("id").primaryKey({ autoIncrement: true }),
  slug: text("slug").notNull().unique(),
  name: text("name").notNull(),
  // ISO 3166-1 alpha-2
  country: text("country").notNull(),
  isLeadPartner: integer("is_lead_partner", { mode: "boolean" }).notNull().default(false),
  // BCP 47 language tag of the ULG's working language (fi, ro, el…)
  language: text("language").notNull(),
  timeZone: text("time_zone").notNull(),
  createdAt: createdAt(),
});

export const users = sqliteTable(
  "users",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    // Always stored lower-cased, so the unique index is case-insensitive.
    email: text("email").notNull(),
    name: text("name").notNull(),
    passwordHash: text("password_hash"),
    role: text("role", { enum: ROLES }).notNull(),
    // null only for admins, who belong to the whole installation
    cityId: integer("city_id").references(() => cities.id),
    language: text("language", { enum: LANGUAGES }).notNull().default("en"),
    active: integer("active", { mode: "boolean" }).notNull().default(true),
    // Set when the person asks for their account to be erased; a coordinator carries it out.
    erasureRequestedAt: integer("erasure_requested_at", { mode: "timestamp_ms" }),
    // SHA-256 of the secret in the personal calendar feed address; renewing replaces it.
    calendarTokenHash: text("calendar_token_hash"),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex("users_email_unique").on(t.email), index("users_city_idx").on(t.cityId)],
);

export const sessions = sqliteTable(
  "sessions",
  {
    // SHA-256 of the random token the cookie holds: a copy of the database cannot sign anyone in.
    idHash: text("id_hash").primaryKey(),
    userId: integer("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    createdAt: createdAt(),
    lastSeenAt: integer("last_seen_at", { mode: "timestamp_ms" }).notNull(),
    expiresAt: integer("expires_at", { mode: "timestamp_ms" }).notNull(),
    ipAddress: text("ip_address"),
    userAgent: text("user_agent"),
  },
  (t) => [index("sessions_user_idx").on(t.userId)],
);

export const members = sqliteTable(
  "members",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    cityId: integer("city_id")
      .notNull()
      .references(() => cities.id),
    userId: integer("user_id").references(() => users.id, { onDelete: "set null" }),
    name: text("name").notNull(),
    email: text("email"),
    phone: text("phone"),
    organisation: text("organisation"),
    sector: text("sector", { enum: SECTORS }).notNull(),
    position: text("position"),
    joinedOn: text("joined_on"), // YYYY-MM-DD
    leftOn: text("left_on"), // YYYY-MM-DD; null while active
    consentContact: integer("consent_contact", { mode: "boolean" }).notNull().default(false),
    consentPhotos: integer("consent_photos", { mode: "boolean" }).notNull().default(false),
    // Personal data removed on request; the row stays so attendance and minutes keep their shape.
    erasedAt: integer("erased_at", { mode: "timestamp_ms" }),
    createdAt: createdAt(),
  },
  (t) => [
    index("members_city_idx").on(t.cityId, t.leftOn),
    uniqueIndex("members_city_email_unique").on(t.cityId, t.email),
    uniqueIndex("members_user_unique").on(t.userId),
  ],
);

export const auditLog = sqliteTable(
  "audit_log",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    at: integer("at", { mode: "timestamp_ms" }).notNull(),
    actorUserId: integer("actor_user_id").references(() => users.id, { onDelete: "set null" }),
    // For a failed sign-in there is no user: the e-mail typed is kept here.
    actorLabel: text("actor_label"),
    cityId: integer("city_id").references(() => cities.id),
    action: text("action").notNull(),
    entityType: text("entity_type"),
    entityId: text("entity_id"),
    detail: text("detail"),
    ipAddress: text("ip_address"),
  },
  (t) => [index("audit_city_at_idx").on(t.cityId, t.at), index("audit_at_idx").on(t.at)],
);

export const loginFailures = sqliteTable(
  "login_failures",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    email: text("email").notNull(),
    ipAddress: text("ip_address").notNull(),
    at: integer("at", { mode: "timestamp_ms" }).notNull(),
  },
  (t) => [index("login_failures_email_idx").on(t.email, t.at), index("login_failures_ip_idx").on(t.ipAddress, t.at)],
);

// One-time link printed by `npm start` on an empty database to create the first admin.
export const setupTokens = sqliteTable("setup_tokens", {
  tokenHash: text("token_hash").primaryKey(),
  createdAt: createdAt(),
  usedAt: integer("used_at", { mode: "timestamp_ms" }),
});

export const TOKEN_KINDS = ["invite", "reset"] as const;

/** Single-use links (invitations, password resets). Only a hash of the token is stored. */
export const authTokens = sqliteTable(
  "auth_tokens",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    tokenHash: text("token_hash").notNull().unique(),
    kind: text("kind", { enum: TOKEN_KINDS }).notNull(),
    userId: integer("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    createdByUserId: integer("created_by_user_id").references(() => users.id, { onDelete: "set null" }),
    createdAt: createdAt(),
    expiresAt: integer("expires_at", { mode: "timestamp_ms" }).notNull(),
    usedAt: integer("used_at", { mode: "timestamp_ms" }),
  },
  (t) => [index("auth_tokens_user_idx").on(t.userId, t.kind)],
);

export const OUTBOX_STATUSES = ["outbox", "sent", "failed"] as const;

/** Every e-mail the app writes. Without SMTP it stays here (status "outbox") for coordinators to copy links by hand. */
export const outbox = sqliteTable(
  "outbox",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    cityId: integer("city_id").references(() => cities.id),
    kind: text("kind").notNull(),
    toAddress: text("to_address").notNull(),
    toName: text("to_name"),
    language: text("language").notNull(),
    subject: text("subject").notNull(),
    textBody: text("text_body").notNull(),
    htmlBody: text("html_body"),
    status: text("status", { enum: OUTBOX_STATUSES }).notNull().default("outbox"),
    error: text("error"),
    createdAt: createdAt(),
    sentAt: integer("sent_at", { mode: "timestamp_ms" }),
  },
  (t) => [index("outbox_city_created_idx").on(t.cityId, t.createdAt)],
);

/**
 * A meeting of a city's ULG, or of the whole network (transnational: cityId null, hostCityId set).
 * Times are UTC; forms take them in the city's time zone.
 */
export const meetings = sqliteTable(
  "meetings",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    cityId: integer("city_id").references(() => cities.id),
    hostCityId: integer("host_city_id").references(() => cities.id),
    kind: text("kind", { enum: MEETING_KINDS }).notNull(),
    // "ULG meeting 4": counted per city (or network) and kind.
    number: integer("number").notNull(),
    title: text("title").notNull(),
    purpose: text("purpose"),
    startsAt: integer("starts_at", { mode: "timestamp_ms" }).notNull(),
    endsAt: integer("ends_at", { mode: "timestamp_ms" }).notNull(),
    // The zone the times were entered in (the city's, or the host city's for transnational meetings).
    timeZone: text("time_zone").notNull(),
    place: text("place"),
    onlineUrl: text("online_url"),
    cancelledAt: integer("cancelled_at", { mode: "timestamp_ms" }),
    cancelReason: text("cancel_reason"),
    // Increases on every change, so calendar programs replace the old entry (iCalendar SEQUENCE).
    sequence: integer("sequence").notNull().default(0),
    noticeSentAt: integer("notice_sent_at", { mode: "timestamp_ms" }),
    reminderSentAt: integer("reminder_sent_at", { mode: "timestamp_ms" }),
    createdByUserId: integer("created_by_user_id").references(() => users.id, { onDelete: "set null" }),
    createdAt: createdAt(),
    updatedAt: integer("updated_at", { mode: "timestamp_ms" }).notNull().$defaultFn(() => new Date()),
  },
  (t) => [
    index("meetings_city_starts_idx").on(t.cityId, t.startsAt),
    index("meetings_starts_idx").on(t.startsAt),
    // Upcoming meetings (the list's first tab, the dashboard): those not yet ended, without reading past ones.
    index("meetings_city_ends_idx").on(t.cityId, t.endsAt),
    uniqueIndex("meetings_city_kind_number_unique").on(t.cityId, t.kind, t.number),
  ],
);

export const agendaItems = sqliteTable(
  "agenda_items",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    meetingId: integer("meeting_id")
      .notNull()
      .references(() => meetings.id, { onDelete: "cascade" }),
    // Copied from the meeting (null for network meetings) so city scoping works on this table too.
    cityId: integer("city_id").references(() => cities.id),
    position: integer("position").notNull(),
    title: text("title").notNull(),
    description: text("description"),
    durationMinutes: integer("duration_minutes").notNull(),
    presenterMemberId: integer("presenter_member_id").references(() => members.id, { onDelete: "set null" }),
    presenterText: text("presenter_text"),
    kind: text("kind", { enum: AGENDA_ITEM_KINDS }).notNull(),
    // The idea discussed under this item; the ideas capability adds the foreign key's table.
    ideaId: integer("idea_id"),
    createdAt: createdAt(),
  },
  // No foreign key on idea_id: adding one would rebuild the table (see STACK pitfall 5); the app checks it.
  (t) => [index("agenda_items_meeting_idx").on(t.meetingId, t.position), index("agenda_items_idea_idx").on(t.ideaId)],
);

export const rsvps = sqliteTable(
  "rsvps",
  {
    meetingId: integer("meeting_id")
      .notNull()
      .references(() => meetings.id, { onDelete: "cascade" }),
    memberId: integer("member_id")
      .notNull()
      .references(() => members.id),
    cityId: integer("city_id")
      .notNull()
      .references(() => cities.id),
    response: text("response", { enum: RSVP_RESPONSES }).notNull(),
    respondedAt: integer("responded_at", { mode: "timestamp_ms" }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.meetingId, t.memberId] }), index("rsvps_member_idx").on(t.memberId)],
);

export const attendance = sqliteTable(
  "attendance",
  {
    meetingId: integer("meeting_id")
      .notNull()
      .references(() => meetings.id, { onDelete: "cascade" }),
    memberId: integer("member_id")
      .notNull()
      .references(() => members.id),
    cityId: integer("city_id")
      .notNull()
      .references(() => cities.id),
    status: text("status", { enum: ATTENDANCE_STATUSES }).notNull(),
    recordedAt: integer("recorded_at", { mode: "timestamp_ms" }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.meetingId, t.memberId] }), index("attendance_member_idx").on(t.memberId)],
);

/** People at a meeting who are not on the roster. */
export const meetingGuests = sqliteTable(
  "meeting_guests",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    meetingId: integer("meeting_id")
      .notNull()
      .references(() => meetings.id, { onDelete: "cascade" }),
    cityId: integer("city_id")
      .notNull()
      .references(() => cities.id),
    name: text("name").notNull(),
    organisation: text("organisation"),
    sector: text("sector", { enum: SECTORS }),
    createdAt: createdAt(),
  },
  (t) => [index("meeting_guests_meeting_idx").on(t.meetingId)],
);

/** Files attached to a meeting (signed sheets, slides, photos); the bytes live under the data folder. */
export const meetingFiles = sqliteTable(
  "meeting_files",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    meetingId: integer("meeting_id")
      .notNull()
      .references(() => meetings.id, { onDelete: "cascade" }),
    cityId: integer("city_id")
      .notNull()
      .references(() => cities.id),
    fileName: text("file_name").notNull(),
    contentType: text("content_type").notNull(),
    sizeBytes: integer("size_bytes").notNull(),
    sha256: text("sha256").notNull(),
    storageKey: text("storage_key").notNull().unique(),
    uploadedByUserId: integer("uploaded_by_user_id").references(() => users.id, { onDelete: "set null" }),
    createdAt: createdAt(),
  },
  (t) => [index("meeting_files_meeting_idx").on(t.meetingId)],
);

/** A pilot-action idea of a city's ULG, travelling through the pipeline towards the action plan. */
export const ideas = sqliteTable(
  "ideas",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    cityId: integer("city_id")
      .notNull()
      .references(() => cities.id),
    authorUserId: integer("author_user_id").references(() => users.id, { onDelete: "set null" }),
    title: text("title").notNull(),
    // Markdown, rendered without raw HTML.
    description: text("description").notNull(),
    theme: text("theme", { enum: IDEA_THEMES }).notNull(),
    kind: text("kind", { enum: IDEA_KINDS }).notNull(),
    targetGroup: text("target_group"),
    stage: text("stage", { enum: IDEA_STAGES }).notNull().default("proposed"),
    sharedWithNetwork: integer("shared_with_network", { mode: "boolean" }).notNull().default(false),
    // Kept in step with idea_supports and idea_comments so lists sort and show counts without a query per row.
    supportCount: integer("support_count").notNull().default(0),
    commentCount: integer("comment_count").notNull().default(0),
    createdAt: createdAt(),
    updatedAt: integer("updated_at", { mode: "timestamp_ms" }).notNull().$defaultFn(() => new Date()),
  },
  (t) => [
    index("ideas_city_created_idx").on(t.cityId, t.createdAt),
    // Theme too, so the dashboard's count by stage and theme reads the index alone, not every idea row.
    index("ideas_city_stage_theme_idx").on(t.cityId, t.stage, t.theme),
    // The reader's own ideas (dashboard, "my ideas" filter) without scanning the city's ideas.
    index("ideas_author_created_idx").on(t.authorUserId, t.createdAt),
    index("ideas_city_support_idx").on(t.cityId, t.supportCount),
    index("ideas_shared_idx").on(t.sharedWithNetwork, t.createdAt),
  ],
);

export const ideaSupports = sqliteTable(
  "idea_supports",
  {
    ideaId: integer("idea_id")
      .notNull()
      .references(() => ideas.id, { onDelete: "cascade" }),
    userId: integer("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    cityId: integer("city_id")
      .notNull()
      .references(() => cities.id),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.ideaId, t.userId] })],
);

export const ideaComments = sqliteTable(
  "idea_comments",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    ideaId: integer("idea_id")
      .notNull()
      .references(() => ideas.id, { onDelete: "cascade" }),
    cityId: integer("city_id")
      .notNull()
      .references(() => cities.id),
    authorUserId: integer("author_user_id").references(() => users.id, { onDelete: "set null" }),
    body: text("body").notNull(),
    hiddenAt: integer("hidden_at", { mode: "timestamp_ms" }),
    hiddenByUserId: integer("hidden_by_user_id").references(() => users.id, { onDelete: "set null" }),
    hiddenReason: text("hidden_reason"),
    createdAt: createdAt(),
    updatedAt: integer("updated_at", { mode: "timestamp_ms" }).notNull().$defaultFn(() => new Date()),
  },
  (t) => [index("idea_comments_idea_idx").on(t.ideaId, t.createdAt)],
);

/** Every move through the pipeline: who, when, why, and the meeting that decided it. */
export const ideaStageChanges = sqliteTable(
  "idea_stage_changes",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    ideaId: integer("idea_id")
      .notNull()
      .references(() => ideas.id, { onDelete: "cascade" }),
    cityId: integer("city_id")
      .notNull()
      .references(() => cities.id),
    fromStage: text("from_stage", { enum: IDEA_STAGES }),
    toStage: text("to_stage", { enum: IDEA_STAGES }).notNull(),
    reason: text("reason"),
    meetingId: integer("meeting_id").references(() => meetings.id, { onDelete: "set null" }),
    byUserId: integer("by_user_id").references(() => users.id, { onDelete: "set null" }),
    at: integer("at", { mode: "timestamp_ms" }).notNull(),
  },
  (t) => [index("idea_stage_changes_idea_idx").on(t.ideaId, t.at)],
);

export const pilotActions = sqliteTable("pilot_actions", {
  id: integer("id").primaryKey({ autoIncrement: true }),
  ideaId: integer("idea_id")
    .notNull()
    .unique()
    .references(() => ideas.id, { onDelete: "cascade" }),
  cityId: integer("city_id")
    .notNull()
    .references(() => cities.id),
  objective: text("objective"),
  targetGroup: text("target_group"),
  startsOn: text("starts_on"),
  endsOn: text("ends_on"),
  // Whole cents, so euros add up exactly.
  budgetCents: integer("budget_cents"),
  responsible: text("responsible"),
  partners: text("partners"),
  results: text("results"),
  lessonsLearned: text("lessons_learned"),
  decision: text("decision", { enum: PILOT_DECISIONS }),
  updatedAt: integer("updated_at", { mode: "timestamp_ms" }).notNull().$defaultFn(() => new Date()),
});

export const pilotIndicators = sqliteTable(
  "pilot_indicators",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    pilotId: integer("pilot_id")
      .notNull()
      .references(() => pilotActions.id, { onDelete: "cascade" }),
    cityId: integer("city_id")
      .notNull()
      .references(() => cities.id),
    position: integer("position").notNull(),
    name: text("name").notNull(),
    target: text("target"),
    result: text("result"),
  },
  (t) => [index("pilot_indicators_pilot_idx").on(t.pilotId, t.position)],
);

/**
 * The minutes of one meeting. The current text lives in this row and its child tables; every save also
 * writes a full snapshot to minutes_revisions. `revision` is the optimistic lock: a save names the
 * revision it was made on and is refused when it is no longer the current one.
 */
export const minutes = sqliteTable(
  "minutes",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    meetingId: integer("meeting_id")
      .notNull()
      .unique()
      .references(() => meetings.id, { onDelete: "cascade" }),
    // Copied from the meeting (null for network meetings) so city scoping works on this table too.
    cityId: integer("city_id").references(() => cities.id),
    status: text("status", { enum: MINUTES_STATUSES }).notNull().default("draft"),
    revision: integer("revision").notNull().default(1),
    // Markdown, rendered without raw HTML.
    summary: text("summary"),
    // Optional English summary for the network.
    summaryEn: text("summary_en"),
    circulatedAt: integer("circulated_at", { mode: "timestamp_ms" }),
    circulatedByUserId: integer("circulated_by_user_id").references(() => users.id, { onDelete: "set null" }),
    approvedAt: integer("approved_at", { mode: "timestamp_ms" }),
    approvedByUserId: integer("approved_by_user_id").references(() => users.id, { onDelete: "set null" }),
    updatedAt: integer("updated_at", { mode: "timestamp_ms" }).notNull().$defaultFn(() => new Date()),
    updatedByUserId: integer("updated_by_user_id").references(() => users.id, { onDelete: "set null" }),
    createdAt: createdAt(),
  },
  (t) => [index("minutes_city_status_idx").on(t.cityId, t.status)],
);

/** Notes written under one agenda item (Markdown). */
export const minutesItemNotes = sqliteTable(
  "minutes_item_notes",
  {
    minutesId: integer("minutes_id")
      .notNull()
      .references(() => minutes.id, { onDelete: "cascade" }),
    agendaItemId: integer("agenda_item_id")
      .notNull()
      .references(() => agendaItems.id, { onDelete: "cascade" }),
    cityId: integer("city_id").references(() => cities.id),
    notes: text("notes").notNull(),
  },
  (t) => [primaryKey({ columns: [t.minutesId, t.agendaItemId] })],
);

export const minutesDecisions = sqliteTable(
  "minutes_decisions",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    minutesId: integer("minutes_id")
      .notNull()
      .references(() => minutes.id, { onDelete: "cascade" }),
    cityId: integer("city_id").references(() => cities.id),
    position: integer("position").notNull(),
    // The agenda item the decision was taken under, when there is one.
    agendaItemId: integer("agenda_item_id").references(() => agendaItems.id, { onDelete: "set null" }),
    text: text("text").notNull(),
  },
  (t) => [index("minutes_decisions_minutes_idx").on(t.minutesId, t.position)],
);

/** What someone agreed to do; shown on the owner's dashboard and on the next meetings until done. */
export const actionItems = sqliteTable(
  "action_items",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    minutesId: integer("minutes_id")
      .notNull()
      .references(() => minutes.id, { onDelete: "cascade" }),
    meetingId: integer("meeting_id")
      .notNull()
      .references(() => meetings.id, { onDelete: "cascade" }),
    cityId: integer("city_id").references(() => cities.id),
    position: integer("position").notNull(),
    agendaItemId: integer("agenda_item_id").references(() => agendaItems.id, { onDelete: "set null" }),
    description: text("description").notNull(),
    ownerMemberId: integer("owner_member_id").references(() => members.id),
    dueOn: text("due_on"), // YYYY-MM-DD
    doneOn: text("done_on"), // YYYY-MM-DD; null while open
    doneByUserId: integer("done_by_user_id").references(() => users.id, { onDelete: "set null" }),
    createdAt: createdAt(),
  },
  (t) => [
    index("action_items_minutes_idx").on(t.minutesId, t.position),
    index("action_items_city_open_idx").on(t.cityId, t.doneOn, t.dueOn),
    index("action_items_owner_idx").on(t.ownerMemberId, t.doneOn),
  ],
);

/** A full copy of the minutes after every save, approval and correction. */
export const minutesRevisions = sqliteTable(
  "minutes_revisions",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    minutesId: integer("minutes_id")
      .notNull()
      .references(() => minutes.id, { onDelete: "cascade" }),
    cityId: integer("city_id").references(() => cities.id),
    revision: integer("revision").notNull(),
    status: text("status", { enum: MINUTES_STATUSES }).notNull(),
    // JSON: summary, summaryEn, notes per agenda item, decisions and action items as saved.
    snapshot: text("snapshot").notNull(),
    // Required for a correction of approved minutes.
    reason: text("reason"),
    byUserId: integer("by_user_id").references(() => users.id, { onDelete: "set null" }),
    at: integer("at", { mode: "timestamp_ms" }).notNull(),
  },
  (t) => [uniqueIndex("minutes_revisions_unique").on(t.minutesId, t.revision)],
);

/** Members' comments on circulated minutes. */
export const minutesComments = sqliteTable(
  "minutes_comments",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    minutesId: integer("minutes_id")
      .notNull()
      .references(() => minutes.id, { onDelete: "cascade" }),
    cityId: integer("city_id").references(() => cities.id),
    authorUserId: integer("author_user_id").references(() => users.id, { onDelete: "set null" }),
    body: text("body").notNull(),
    createdAt: createdAt(),
    updatedAt: integer("updated_at", { mode: "timestamp_ms" }).notNull().$defaultFn(() => new Date()),
  },
  (t) => [index("minutes_comments_minutes_idx").on(t.minutesId, t.createdAt)],
);

/** A city's Integrated Action Plan: vision and objectives written by the project coordinator. */
export const actionPlans = sqliteTable("action_plans", {
  id: integer("id").primaryKey({ autoIncrement: true }),
  cityId: integer("city_id")
    .notNull()
    .unique()
    .references(() => cities.id),
  title: text("title"),
  // Markdown.
  vision: text("vision"),
  objectives: text("objectives"),
  // Optimistic lock, as for minutes.
  revision: integer("revision").notNull().default(1),
  updatedAt: integer("updated_at", { mode: "timestamp_ms" }).notNull().$defaultFn(() => new Date()),
  updatedByUserId: integer("updated_by_user_id").references(() => users.id, { onDelete: "set null" }),
  // Set when the project coordinator declares the plan final; any later change makes it a draft again,
  // so a document without the DRAFT mark always shows the text that was declared final.
  finalisedAt: integer("finalised_at", { mode: "timestamp_ms" }),
  createdAt: createdAt(),
});

/** One action of the plan, grown from an idea that reached the plan. */
export const actionPlanActions = sqliteTable(
  "action_plan_actions",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    planId: integer("plan_id")
      .notNull()
      .references(() => actionPlans.id, { onDelete: "cascade" }),
    cityId: integer("city_id")
      .notNull()
      .references(() => cities.id),
    ideaId: integer("idea_id")
      .unique()
      .references(() => ideas.id, { onDelete: "set null" }),
    position: integer("position").notNull(),
    title: text("title").notNull(),
    description: text("description"),
    // Free text such as "2026 Q1 – 2027 Q2".
    timing: text("timing"),
    lead: text("lead"),
    partners: text("partners"),
    // Whole cents, so euros add up exactly.
    costCents: integer("cost_cents"),
    fundingSource: text("funding_source"),
    fundingStatus: text("funding_status", { enum: FUNDING_STATUSES }),
    implementationStatus: text("implementation_status", { enum: IMPLEMENTATION_STATUSES }).notNull().default("planned"),
    indicators: text("indicators"),
    risks: text("risks"),
    updatedAt: integer("updated_at", { mode: "timestamp_ms" }).notNull().$defaultFn(() => new Date()),
  },
  (t) => [index("action_plan_actions_plan_idx").on(t.planId, t.position)],
);

export type Minutes = typeof minutes.$inferSelect;
export type ActionItem = typeof actionItems.$inferSelect;
export type ActionPlan = typeof actionPlans.$inferSelect;
export type ActionPlanAction = typeof actionPlanActions.$inferSelect;

export type Idea = typeof ideas.$inferSelect;
export type Meeting = typeof meetings.$inferSelect;
export type AgendaItem = typeof agendaItems.$inferSelect;

export type City = typeof cities.$inferSelect;
export type User = typeof users.$inferSelect;
export type Member = typeof members.$inferSelect;
export type AuditEntry = typeof auditLog.$inferSelect;
