// Plain values shared by the schema, the server and the browser bundle (no drizzle imports here).
export const ROLES = ["member", "ulg_coordinator", "project_coordinator", "admin"] as const;
export type Role = (typeof ROLES)[number];

export const SECTORS = ["public", "private", "civic", "knowledge"] as const;
export type Sector = (typeof SECTORS)[number];

export const LANGUAGES = ["en", "fi"] as const;
export type Language = (typeof LANGUAGES)[number];
