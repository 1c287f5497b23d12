// Plain values shared by the schema, the server and the browser bundle (no drizzle imports here).
export const ROLES = ["member", "ulg_coordinator", "project_coordinator", "admin"] as const;
export type Role = (typeof ROLES)[number];

export const SECTORS = ["public", "private", "civic", "knowledge"] as const;
export type Sector = (typeof SECTORS)[number];

export const LANGUAGES = ["en", "fi"] as const;
export type Language = (typeof LANGUAGES)[number];

export const MEETING_KINDS = ["ulg_meeting", "transnational", "pilot_event", "workshop"] as const;
export type MeetingKind = (typeof MEETING_KINDS)[number];

export const AGENDA_ITEM_KINDS = ["information", "discussion", "decision", "workshop"] as const;
export type AgendaItemKind = (typeof AGENDA_ITEM_KINDS)[number];

export const RSVP_RESPONSES = ["yes", "no", "maybe"] as const;
export type RsvpResponse = (typeof RSVP_RESPONSES)[number];

export const ATTENDANCE_STATUSES = ["present", "remote", "excused", "absent"] as const;
export type AttendanceStatus = (typeof ATTENDANCE_STATUSES)[number];

export const IDEA_THEMES = ["city_branding", "digital_transition", "responsibility_sustainability"] as const;
export type IdeaTheme = (typeof IDEA_THEMES)[number];

export const IDEA_KINDS = ["retention_event", "attraction_effort", "service_or_tool", "other"] as const;
export type IdeaKind = (typeof IDEA_KINDS)[number];

/** The pipeline in order, then the two side exits. */
export const IDEA_STAGES = ["proposed", "discussed", "shortlisted", "piloting", "evaluated", "in_action_plan", "parked", "rejected"] as const;
export type IdeaStage = (typeof IDEA_STAGES)[number];

export const PILOT_DECISIONS = ["scale", "adapt", "drop"] as const;
export type PilotDecision = (typeof PILOT_DECISIONS)[number];

/** Minutes travel draft → circulated → approved; a correction after approval returns them to a new approved revision. */
export const MINUTES_STATUSES = ["draft", "circulated", "approved"] as const;
export type MinutesStatus = (typeof MINUTES_STATUSES)[number];

export const FUNDING_STATUSES = ["secured", "applied", "sought"] as const;
export type FundingStatus = (typeof FUNDING_STATUSES)[number];

export const IMPLEMENTATION_STATUSES = ["planned", "in_progress", "done"] as const;
export type ImplementationStatus = (typeof IMPLEMENTATION_STATUSES)[number];
