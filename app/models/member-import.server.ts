import { parse } from "csv-parse/sync";
import { and, eq, sql } from "drizzle-orm";
import { z } from "zod";
import { getDb } from "#db/client.server";
import { auditLog, members, SECTORS, type Sector } from "#db/schema";
import en from "~/i18n/en";
import fi from "~/i18n/fi";
import importStrings from "~/i18n/areas/members-import";
import {
  IMPORT_FIELDS,
  MAX_IMPORT_COLUMNS,
  MAX_IMPORT_FILE_BYTES,
  MAX_IMPORT_ROWS,
  type ImportField,
  type MappingChoice,
} from "~/utils/member-import-fields";
import { recordAudit } from "./audit.server";
import { cityScope, inScope } from "./scope.server";

/** How many rows the preview table shows, and how many row errors are listed. */
export const PREVIEW_ROWS = 100;
export const MAX_ERRORS_SHOWN = 200;

export type Delimiter = ";" | "," | "\t";
export type SourceEncoding = "utf-8" | "utf-16" | "windows-1252";

/** An i18n key, optionally with "|{json options}", as everywhere else in the app. */
type Message = string;
const msg = (key: string, options?: Record<string, unknown>): Message =>
  options ? `membersImport.errors.${key}|${JSON.stringify(options)}` : `membersImport.errors.${key}`;

// ---------------------------------------------------------------- bytes → text

const startsWith = (bytes: Uint8Array, prefix: number[]) => prefix.every((b, i) => bytes[i] === b);

/**
 * The text of an uploaded file. UTF-8 (with or without BOM) is expected; UTF-16 with a BOM
 * (Excel's "Unicode text") is read too, and anything else that is text is read as Windows-1252,
 * which is what "CSV" (not "CSV UTF-8") means in a Western European Excel.
 */
export function decodeUpload(bytes: Uint8Array): { text: string; encoding: SourceEncoding } | { error: Message } {
  if (bytes.byteLength === 0) return { error: msg("empty") };
  if (bytes.byteLength > MAX_IMPORT_FILE_BYTES) return { error: msg("tooLarge") };
  // ZIP (xlsx, ods) and OLE2 (xls) containers: a workbook saved in the wrong format.
  if (startsWith(bytes, [0x50, 0x4b, 0x03, 0x04]) || startsWith(bytes, [0xd0, 0xcf, 0x11, 0xe0])) return { error: msg("workbook") };
  let text: string;
  let encoding: SourceEncoding;
  if (startsWith(bytes, [0xff, 0xfe]) || startsWith(bytes, [0xfe, 0xff])) {
    text = new TextDecoder(bytes[0] === 0xff ? "utf-16le" : "utf-16be").decode(bytes);
    encoding = "utf-16";
  } else {
    if (bytes.includes(0)) return { error: msg("notCsv") };
    try {
      text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
      encoding = "utf-8";
    } catch {
      text = new TextDecoder("windows-1252").decode(bytes);
      encoding = "windows-1252";
    }
  }
  // Images, PDFs and other binaries that happen to hold no NUL byte still have control characters.
  const controls = text.match(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f\ufffd]/g)?.length ?? 0;
  if (controls > 0 && controls > text.length / 1000) return { error: msg("notCsv") };
  if (text.replace(/^\ufeff/, "").trim() === "") return { error: msg("empty") };
  return { text, encoding };
}

// ---------------------------------------------------------------- text → rows

export type ParsedCsv = {
  delimiter: Delimiter;
  headers: string[];
  /** Non-empty data rows; `row` is the row number a spreadsheet shows (the heading is row 1). */
  rows: { row: number; cells: string[] }[];
};

function countOutsideQuotes(line: string, ch: string) {
  let n = 0;
  let quoted = false;
  for (const c of line) {
    if (c === '"') quoted = !quoted;
    else if (c === ch && !quoted) n++;
  }
  return n;
}

/** The separator of the heading line: whichever of ; , and tab occurs most (Finnish Excel writes ;). */
function detectDelimiter(headerLine: string): Delimiter {
  const candidates: Delimiter[] = [";", ",", "\t"];
  let best: Delimiter = ",";
  let bestCount = 0;
  for (const d of candidates) {
    const n = countOutsideQuotes(headerLine, d);
    if (n > bestCount) {
      best = d;
      bestCount = n;
    }
  }
  return best;
}

/** The line where a quotation mark that is never closed was opened (for the error message). */
function unclosedQuoteLine(text: string): number {
  let line = 1;
  let quoted = false;
  let openedAt = 1;
  for (const c of text) {
    if (c === "\n") line++;
    else if (c === '"') {
      quoted = !quoted;
      if (quoted) openedAt = line;
    }
  }
  return openedAt;
}

export function readCsv(input: string): ParsedCsv | { error: Message } {
  // One line-end style, so a file mixing CRLF and LF (a hand-edited export) still parses.
  let text = input.replace(/^\ufeff/, "").replace(/\r\n?/g, "\n");
  const firstLine = text.slice(0, text.indexOf("\n") === -1 ? undefined : text.indexOf("\n"));
  let delimiter: Delimiter;
  // Line numbers in messages count the file's own lines, including a removed hint line.
  let lineOffset = 0;
  // Excel's "sep=;" hint line names the separator and is not shown as a row.
  const hint = /^sep=(.)$/i.exec(firstLine);
  if (hint && [";", ",", "\t"].includes(hint[1])) {
    delimiter = hint[1] as Delimiter;
    text = text.slice(firstLine.length + 1);
    lineOffset = 1;
  } else {
    delimiter = detectDelimiter(firstLine);
  }
  let records: string[][];
  try {
    records = parse(text, {
      delimiter,
      relax_column_count: true,
      // Spreadsheets accept a quotation mark inside an unquoted value (5" screen); so do we.
      relax_quotes: true,
      skip_empty_lines: false,
    }) as string[][];
  } catch (e) {
    const err = e as { code?: string; lines?: number };
    if (err.code === "CSV_QUOTE_NOT_CLOSED") return { error: msg("quoteNotClosed", { line: unclosedQuoteLine(text) + lineOffset }) };
    if (err.code === "CSV_INVALID_CLOSING_QUOTE") return { error: msg("badQuote", { line: (err.lines ?? 1) + lineOffset }) };
    return { error: msg("unreadable", { line: (err.lines ?? 1) + lineOffset }) };
  }
  const headers = (records[0] ?? []).map((h) => h.replace(/\s+/g, " ").trim());
  if (headers.every((h) => h === "")) return { error: msg("noHeader") };
  if (headers.length > MAX_IMPORT_COLUMNS) return { error: msg("tooManyColumns", { max: MAX_IMPORT_COLUMNS }) };
  const rows: ParsedCsv["rows"] = [];
  for (let i = 1; i < records.length; i++) {
    const cells = records[i];
    if (cells.every((c) => c.trim() === "")) continue;
    rows.push({ row: i + 1, cells });
    if (rows.length > MAX_IMPORT_ROWS) return { error: msg("tooManyRows", { max: MAX_IMPORT_ROWS }) };
  }
  if (rows.length === 0) return { error: msg("noRows") };
  return { delimiter, headers, rows };
}

// ---------------------------------------------------------------- heading → field

/** Lower-case words of a heading or value: "E-mail" → "e mail", "Tehtävä/Asema" → "tehtävä asema". */
export function normalizeWords(value: string): string {
  return value
    .normalize("NFC")
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, " ")
    .trim();
}

const exportColumns = [importStrings.en, importStrings.fi].map(
  (lang) => (lang.membersImport as { exportColumns: Record<string, string> }).exportColumns,
);
const fieldLabels = [importStrings.en, importStrings.fi].map(
  (lang) => (lang.membersImport as { fields: Record<ImportField, string> }).fields,
);

/** Whole headings recognised exactly, in English and Finnish, including what the export writes. */
const EXACT_HEADINGS = new Map<string, MappingChoice>();
function addHeading(heading: string, choice: MappingChoice) {
  const key = normalizeWords(heading);
  if (!EXACT_HEADINGS.has(key)) EXACT_HEADINGS.set(key, choice);
}
for (const labels of fieldLabels) for (const f of IMPORT_FIELDS) addHeading(labels[f], f);
for (const columns of exportColumns) {
  for (const [key, label] of Object.entries(columns)) {
    addHeading(label, (IMPORT_FIELDS as readonly string[]).includes(key) ? (key as ImportField) : "ignore");
  }
}
for (const [heading, choice] of [
  ["account", "ignore"],
  ["has account", "ignore"],
  ["tili", "ignore"],
  ["id", "ignore"],
  ["nro", "ignore"],
  ["city", "ignore"],
  ["kaupunki", "ignore"],
  ["status", "ignore"],
  ["s posti", "email"],
  ["tila", "ignore"],
] as const) {
  addHeading(heading, choice);
}

/**
 * Word beginnings that suggest a field, tried in this order (so "Sukunimi" is the last name before
 * "nimi" makes it the name, and "Organisation name" is the organisation).
 */
const HEADING_STEMS: [MappingChoice, string[]][] = [
  // Not "kuva" alone: "Kuvaus" is a description.
  ["consentPhotos", ["photo", "valokuva", "kuvalupa", "kuvauslupa", "kuvat"]],
  ["consentContact", ["consent", "suostum", "lupa"]],
  // Not "posti" alone: "Postiosoite" is a postal address.
  ["email", ["mail", "email", "sähköposti", "sahkoposti", "sposti"]],
  ["phone", ["phone", "puh", "tel", "mobile", "gsm", "matkapuh", "kännykkä"]],
  ["sector", ["sector", "sektori"]],
  ["organisation", ["organi", "company", "employer", "affiliation", "yritys", "yhteisö", "työnantaja", "taho"]],
  ["position", ["position", "title", "role", "job", "tehtävä", "asema", "nimike", "titteli", "rooli", "ammatti"]],
  ["joinedOn", ["joined", "join", "start", "since", "liitty", "alkaen", "aloit"]],
  ["leftOn", ["left", "leave", "end", "lopet", "eronnut", "erosi", "päätty", "poistu"]],
  ["firstName", ["first", "given", "forename", "etunimi"]],
  ["lastName", ["last", "surname", "family", "sukunimi"]],
  ["name", ["name", "nimi", "member", "jäsen", "person", "henkilö"]],
];

function guessHeading(heading: string): MappingChoice {
  const key = normalizeWords(heading);
  if (!key) return "ignore";
  const exact = EXACT_HEADINGS.get(key);
  if (exact) return exact;
  const words = key.split(" ");
  for (const [choice, stems] of HEADING_STEMS) {
    if (words.some((w) => stems.some((s) => w.startsWith(s)))) return choice;
  }
  return "ignore";
}

/** A field per column, guessed from the headings; a field already taken leaves later columns unmatched. */
export function guessMapping(headers: string[]): MappingChoice[] {
  const taken = new Set<MappingChoice>();
  return headers.map((h) => {
    const guess = guessHeading(h);
    if (guess === "ignore" || taken.has(guess)) return "ignore";
    taken.add(guess);
    return guess;
  });
}

/** Problems with the matching as a whole (the rows are not checked until these are fixed). */
export function checkMapping(mapping: MappingChoice[]): Message[] {
  const errors: Message[] = [];
  const counts = new Map<MappingChoice, number>();
  for (const m of mapping) counts.set(m, (counts.get(m) ?? 0) + 1);
  for (const f of IMPORT_FIELDS) if ((counts.get(f) ?? 0) > 1) errors.push(msg("fieldTwice", { field: f }));
  const hasName = counts.has("name");
  const hasParts = counts.has("firstName") || counts.has("lastName");
  if (hasName && hasParts) errors.push(msg("nameMixed"));
  else if (!hasName && !hasParts) errors.push(msg("nameNotMapped"));
  if (!counts.has("sector")) errors.push(msg("sectorNotMapped"));
  return errors;
}

// ---------------------------------------------------------------- values

function normalizeValue(value: string): string {
  return normalizeWords(value.replace(/\b(and|ja)\b/gi, " "));
}

/** Sector names in English and Finnish, including the app's own labels (what the export writes). */
const SECTOR_WORDS = new Map<string, Sector>();
const addSector = (word: string, sector: Sector) => SECTOR_WORDS.set(normalizeValue(word), sector);
for (const s of SECTORS) {
  addSector(s, s);
  addSector(en.sectors[s], s);
  addSector(fi.sectors[s], s);
}
for (const [sector, words] of [
  ["public", ["public sector", "government", "municipality", "public authority", "public administration", "julkinen sektori", "julkishallinto", "kunta", "kaupunki", "valtio"]],
  ["private", ["private sector", "business", "company", "enterprise", "yksityinen sektori", "yritys", "yritykset", "elinkeinoelämä"]],
  ["civic", ["civil society", "civic society", "civic sector", "third sector", "ngo", "non profit", "nonprofit", "association", "kolmas sektori", "järjestö", "järjestöt", "yhdistys", "kansalaisjärjestö", "kansalaisyhteiskunta"]],
  ["knowledge", ["education", "research", "academia", "university", "school", "knowledge and education", "tutkimus", "koulutus", "tutkimus ja koulutus", "koulutus ja tutkimus", "tutkimus koulutus", "oppilaitos", "yliopisto", "korkeakoulu", "osaaminen"]],
] as const) {
  for (const w of words) addSector(w, sector);
}

export function parseSector(value: string): Sector | null {
  return SECTOR_WORDS.get(normalizeValue(value)) ?? null;
}

const YES = new Set(["yes", "y", "true", "1", "x", "on", "kyllä", "kylla", "k", "joo", "✓", "✔", en.common.yes.toLowerCase(), fi.common.yes.toLowerCase()]);
const NO = new Set(["no", "n", "false", "0", "off", "ei", "e", "-", en.common.no.toLowerCase(), fi.common.no.toLowerCase()]);

function parseConsent(value: string): boolean | null {
  const v = value.trim().toLowerCase();
  if (v === "" || NO.has(v)) return false;
  if (YES.has(v)) return true;
  return null;
}

/** YYYY-MM-DD, or D.M.YYYY as a Finnish spreadsheet shows (and re-saves) dates; null if not a real date. */
export function parseDate(value: string): string | null {
  const v = value.trim();
  let y: number, m: number, d: number;
  let match = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(v);
  if (match) [y, m, d] = [Number(match[1]), Number(match[2]), Number(match[3])];
  else if ((match = /^(\d{1,2})\.(\d{1,2})\.(\d{4})$/.exec(v))) [d, m, y] = [Number(match[1]), Number(match[2]), Number(match[3])];
  else return null;
  const date = new Date(Date.UTC(y, m - 1, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) return null;
  return `${String(y).padStart(4, "0")}-${String(m).padStart(2, "0")}-${String(d).padStart(2, "0")}`;
}

/** The export guards cells against spreadsheet formulas with a leading apostrophe; take it off again. */
function unguard(value: string): string {
  return /^'[=+\-@]/.test(value) ? value.slice(1) : value;
}

/** One line of text: a quoted value may hold line breaks, which roster fields do not keep. */
const oneLine = (value: string) => unguard(value.replace(/\s+/g, " ").trim());

const emailSchema = z.email();
const PHONE = /^[+()0-9 .\-/]*$/;
const LIMITS = { name: 120, email: 254, phone: 40, organisation: 200, position: 120 } as const;

export type MemberDraft = {
  name: string;
  email: string | null;
  phone: string | null;
  organisation: string | null;
  sector: Sector;
  position: string | null;
  joinedOn: string | null;
  leftOn: string | null;
  consentContact: boolean;
  consentPhotos: boolean;
};

export type RowError = { row: number; field: ImportField | null; message: Message };

/** What the preview shows of a row: the value as it will be saved, or as typed when it is wrong. */
export type PreviewValues = {
  name: string;
  email: string;
  phone: string;
  organisation: string;
  sector: Sector | null;
  sectorText: string;
  position: string;
  joinedOn: string;
  leftOn: string;
  consentContact: boolean | null;
  consentPhotos: boolean | null;
};

type CheckedRow = { row: number; values: PreviewValues; draft: MemberDraft | null; errors: RowError[] };

function checkRow(row: number, cells: string[], mapping: MappingChoice[]): CheckedRow {
  const errors: RowError[] = [];
  const cell = (field: ImportField) => {
    const i = mapping.indexOf(field);
    return i === -1 ? "" : (cells[i] ?? "");
  };
  const fail = (field: ImportField | null, message: Message) => errors.push({ row, field, message });
  const text = (field: "organisation" | "position" | "phone") => {
    const v = oneLine(cell(field));
    if (v.length > LIMITS[field]) fail(field, msg("tooLong", { max: LIMITS[field] }));
    return v;
  };

  const name = mapping.includes("name") ? oneLine(cell("name")) : oneLine(`${cell("firstName")} ${cell("lastName")}`);
  const nameField: ImportField = mapping.includes("name") ? "name" : mapping.includes("firstName") ? "firstName" : "lastName";
  if (!name) fail(nameField, msg("nameMissing"));
  else if (name.length > LIMITS.name) fail(nameField, msg("tooLong", { max: LIMITS.name }));

  const email = oneLine(cell("email")).toLowerCase();
  if (email.length > LIMITS.email) fail("email", msg("tooLong", { max: LIMITS.email }));
  else if (email && !emailSchema.safeParse(email).success) fail("email", msg("email"));

  const phone = text("phone");
  if (phone.length <= LIMITS.phone && !PHONE.test(phone)) fail("phone", msg("phone"));
  const organisation = text("organisation");
  const position = text("position");

  const sectorText = oneLine(cell("sector"));
  const sector = sectorText ? parseSector(sectorText) : null;
  if (!sectorText) fail("sector", msg("sectorMissing"));
  else if (!sector) fail("sector", msg("sectorUnknown", { value: sectorText.slice(0, 60) }));

  const date = (field: "joinedOn" | "leftOn") => {
    const raw = oneLine(cell(field));
    if (!raw) return { raw, value: null };
    const value = parseDate(raw);
    if (!value) fail(field, msg("date", { value: raw.slice(0, 40) }));
    return { raw, value };
  };
  const joined = date("joinedOn");
  const left = date("leftOn");
  if (joined.value && left.value && left.value < joined.value) fail("leftOn", msg("leftBeforeJoined"));

  const consent = (field: "consentContact" | "consentPhotos") => {
    const raw = oneLine(cell(field));
    const value = parseConsent(raw);
    if (value === null) fail(field, msg("consent", { value: raw.slice(0, 40) }));
    return value;
  };
  const consentContact = consent("consentContact");
  const consentPhotos = consent("consentPhotos");

  // A value the heading row has no column for is probably a separator inside an unquoted value.
  if (cells.slice(mapping.length).some((c) => c.trim() !== "")) fail(null, msg("extraCells"));

  const values: PreviewValues = {
    name,
    email,
    phone,
    organisation,
    sector,
    sectorText,
    position,
    joinedOn: joined.value ?? joined.raw,
    leftOn: left.value ?? left.raw,
    consentContact,
    consentPhotos,
  };
  const draft: MemberDraft | null =
    errors.length === 0
      ? {
          name,
          email: email || null,
          phone: phone || null,
          organisation: organisation || null,
          sector: sector!,
          position: position || null,
          joinedOn: joined.value,
          leftOn: left.value,
          consentContact: consentContact ?? false,
          consentPhotos: consentPhotos ?? false,
        }
      : null;
  return { row, values, draft, errors };
}

/** The e-mails of `emails` already on the city's roster: one query, whatever the size of the file. */
function emailsOnRoster(cityId: number, emails: string[]): Set<string> {
  if (emails.length === 0) return new Set();
  const rows = getDb()
    .select({ email: members.email })
    .from(members)
    .where(and(inScope(members.cityId, cityScope(cityId)), sql`${members.email} in (select value from json_each(${JSON.stringify(emails)}))`))
    .all();
  return new Set(rows.map((r) => r.email!));
}

export type ImportCheck = {
  total: number;
  validCount: number;
  invalidCount: number;
  /** The first MAX_ERRORS_SHOWN row errors, and how many more there are. */
  errors: RowError[];
  moreErrors: number;
  /** The first PREVIEW_ROWS rows. */
  rows: { row: number; values: PreviewValues; ok: boolean }[];
  /** Everything that can be imported, in file order (server only). */
  drafts: MemberDraft[];
};

/** Checks every row against the matching, the other rows and the city's roster. Writes nothing. */
export function checkRows(cityId: number, csv: ParsedCsv, mapping: MappingChoice[]): ImportCheck {
  const checked = csv.rows.map((r) => checkRow(r.row, r.cells, mapping));
  const byEmail = new Map<string, CheckedRow[]>();
  for (const c of checked) {
    if (c.draft?.email) byEmail.set(c.draft.email, [...(byEmail.get(c.draft.email) ?? []), c]);
  }
  const taken = emailsOnRoster(cityId, [...byEmail.keys()]);
  for (const [email, rows] of byEmail) {
    for (const c of rows) {
      if (rows.length > 1) {
        const others = rows.filter((o) => o !== c).map((o) => o.row);
        const shown = others.slice(0, 5).join(", ") + (others.length > 5 ? ", …" : "");
        c.errors.push({ row: c.row, field: "email", message: msg("duplicateInFile", { rows: shown }) });
      }
      if (taken.has(email)) c.errors.push({ row: c.row, field: "email", message: msg("duplicateInRoster") });
    }
  }
  const allErrors = checked.flatMap((c) => c.errors);
  allErrors.sort((a, b) => a.row - b.row);
  const valid = checked.filter((c) => c.errors.length === 0);
  return {
    total: checked.length,
    validCount: valid.length,
    invalidCount: checked.length - valid.length,
    errors: allErrors.slice(0, MAX_ERRORS_SHOWN),
    moreErrors: Math.max(0, allErrors.length - MAX_ERRORS_SHOWN),
    rows: checked.slice(0, PREVIEW_ROWS).map((c) => ({ row: c.row, values: c.values, ok: c.errors.length === 0 })),
    drafts: valid.map((c) => c.draft!),
  };
}

// ---------------------------------------------------------------- the whole review

const DELIMITER_NAMES = { ";": "semicolon", ",": "comma", "\t": "tab" } as const;

/** What the mapping and preview steps show; plain data, so it travels to the browser as it is. */
export type Review = {
  fileName: string;
  encoding: SourceEncoding;
  delimiter: (typeof DELIMITER_NAMES)[Delimiter];
  columns: { header: string; sample: string }[];
  mapping: MappingChoice[];
  mappingErrors: Message[];
  /** Null while the matching itself has errors. */
  check: Omit<ImportCheck, "drafts"> | null;
};

/**
 * Reads the CSV text and checks it with the given matching (or a guessed one, on upload).
 * Writes nothing.
 */
export function reviewCsv(
  cityId: number,
  text: string,
  opts: { fileName: string; encoding: SourceEncoding; mapping?: MappingChoice[] },
): { review: Review; drafts: MemberDraft[] } | { error: Message } {
  const csv = readCsv(text);
  if ("error" in csv) return csv;
  let mapping = opts.mapping;
  if (!mapping) {
    mapping = guessMapping(csv.headers);
    if (mapping.every((m) => m === "ignore")) return { error: msg("noHeader") };
  } else if (mapping.length !== csv.headers.length) {
    return { error: msg("invalidForm") };
  }
  const columns = csv.headers.map((header, i) => {
    const first = csv.rows.find((r) => (r.cells[i] ?? "").trim() !== "");
    return { header, sample: first ? oneLine(first.cells[i]).slice(0, 60) : "" };
  });
  const mappingErrors = checkMapping(mapping);
  const checked = mappingErrors.length === 0 ? checkRows(cityId, csv, mapping) : null;
  const { drafts = [], ...check } = checked ?? {};
  return {
    review: {
      fileName: opts.fileName,
      encoding: opts.encoding,
      delimiter: DELIMITER_NAMES[csv.delimiter],
      columns,
      mapping,
      mappingErrors,
      check: checked ? (check as Omit<ImportCheck, "drafts">) : null,
    },
    drafts,
  };
}

// ---------------------------------------------------------------- writing

export type ImportResult =
  | { status: "imported"; count: number }
  | { status: "alreadyImported"; count: number }
  | { status: "conflict" };

function isConstraintError(e: unknown) {
  return typeof (e as { code?: unknown })?.code === "string" && (e as { code: string }).code.startsWith("SQLITE_CONSTRAINT");
}

/**
 * Adds the members in one transaction: all of them or none. `importId` comes from the preview, so
 * a confirmation posted twice (a double click without JavaScript) imports once.
 */
export function importMembers(
  cityId: number,
  drafts: MemberDraft[],
  meta: { importId: string; fileName: string; skipped: number },
  actor: { id: number; ipAddress?: string },
): ImportResult {
  const db = getDb();
  try {
    return db.transaction((tx) => {
      const earlier = tx
        .select({ detail: auditLog.detail })
        .from(auditLog)
        .where(and(inScope(auditLog.cityId, cityScope(cityId)), eq(auditLog.action, "member.import"), eq(auditLog.entityType, "member_import"), eq(auditLog.entityId, meta.importId)))
        .get();
      if (earlier) {
        const count = Number((JSON.parse(earlier.detail ?? "{}") as { count?: number }).count ?? 0);
        return { status: "alreadyImported" as const, count };
      }
      const emails = drafts.map((d) => d.email).filter((e): e is string => Boolean(e));
      if (emailsOnRoster(cityId, emails).size > 0) return { status: "conflict" as const };
      // One prepared statement, run per row: drizzle builds a multi-row VALUES list slowly (about
      // 1.5 s for 5,000 rows here), a prepared insert takes a fraction of that.
      const insert = tx
        .insert(members)
        .values({
          cityId: sql.placeholder("cityId"),
          name: sql.placeholder("name"),
          email: sql.placeholder("email"),
          phone: sql.placeholder("phone"),
          organisation: sql.placeholder("organisation"),
          sector: sql.placeholder("sector"),
          position: sql.placeholder("position"),
          joinedOn: sql.placeholder("joinedOn"),
          leftOn: sql.placeholder("leftOn"),
          consentContact: sql.placeholder("consentContact"),
          consentPhotos: sql.placeholder("consentPhotos"),
        })
        .returning({ id: members.id })
        .prepare();
      const ids = drafts.map((d) => insert.get({ ...d, cityId })!.id);
      for (const id of ids) {
        recordAudit({ action: "member.create", actorUserId: actor.id, cityId, entityType: "member", entityId: id, detail: { source: "import", importId: meta.importId }, ipAddress: actor.ipAddress });
      }
      recordAudit({
        action: "member.import",
        actorUserId: actor.id,
        cityId,
        entityType: "member_import",
        entityId: meta.importId,
        detail: { count: ids.length, skipped: meta.skipped, fileName: meta.fileName },
        ipAddress: actor.ipAddress,
      });
      return { status: "imported" as const, count: ids.length };
    });
  } catch (e) {
    // Another write got in between the check and the insert (an e-mail added meanwhile): the
    // transaction rolled back, so nothing of this import was saved.
    if (isConstraintError(e)) return { status: "conflict" };
    throw e;
  }
}
