import { stringify } from "csv-stringify/sync";
import { and, eq, isNull, sql } from "drizzle-orm";
import { getDb } from "#db/client.server";
import { cities, members, type Sector } from "#db/schema";
import { inScope, type Scope } from "./scope.server";

export type ExportRow = {
  cityName: string;
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
  hasAccount: boolean;
};

/**
 * Every roster entry in the scope, active and left, sorted by city and then by name with the
 * language's rules. Erased entries are left out: they hold no personal data, only history.
 */
export function membersForExport(scope: Scope, locale: string): ExportRow[] {
  const rows = getDb()
    .select({
      cityName: cities.name,
      name: members.name,
      email: members.email,
      phone: members.phone,
      organisation: members.organisation,
      sector: members.sector,
      position: members.position,
      joinedOn: members.joinedOn,
      leftOn: members.leftOn,
      consentContact: members.consentContact,
      consentPhotos: members.consentPhotos,
      hasAccount: sql<number>`${members.userId} is not null`,
    })
    .from(members)
    .innerJoin(cities, eq(cities.id, members.cityId))
    .where(and(inScope(members.cityId, scope), isNull(members.erasedAt)))
    .all();
  const collator = new Intl.Collator(locale, { sensitivity: "base", numeric: true });
  rows.sort((a, b) => collator.compare(a.cityName, b.cityName) || collator.compare(a.name, b.name));
  return rows.map((r) => ({ ...r, hasAccount: Boolean(r.hasAccount) }));
}

export function findCityBySlug(slug: string) {
  return getDb().select({ id: cities.id, slug: cities.slug, name: cities.name, timeZone: cities.timeZone }).from(cities).where(eq(cities.slug, slug)).get() ?? null;
}

/**
 * A spreadsheet opens a cell starting with = + - @ as a formula; an apostrophe in front keeps it
 * text (OWASP "CSV injection"). The importer takes the apostrophe off again.
 */
function guard(value: string | null): string {
  if (!value) return "";
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

type Translate = (key: string) => string;

/**
 * The roster as CSV for Excel and LibreOffice: UTF-8 with a byte-order mark (without it Excel reads
 * ä, ö, š as two odd characters each), CRLF line ends, a heading row in the reader's language.
 */
export function rosterCsv(rows: ExportRow[], opts: { t: Translate; withCity: boolean; delimiter: ";" | "," }): string {
  const { t } = opts;
  const col = (key: string) => t(`membersImport.exportColumns.${key}`);
  const yesNo = (v: boolean) => (v ? t("common.yes") : t("common.no"));
  const header = [
    ...(opts.withCity ? [col("city")] : []),
    col("name"),
    col("email"),
    col("phone"),
    col("organisation"),
    col("sector"),
    col("position"),
    col("joinedOn"),
    col("leftOn"),
    col("consentContact"),
    col("consentPhotos"),
    col("hasAccount"),
  ];
  const records = rows.map((r) => [
    ...(opts.withCity ? [guard(r.cityName)] : []),
    guard(r.name),
    guard(r.email),
    // Phone numbers hold only + ( ) 0-9 . - / and spaces (the form checks): no formula can hide there.
    r.phone ?? "",
    guard(r.organisation),
    t(`sectors.${r.sector}`),
    guard(r.position),
    r.joinedOn ?? "",
    r.leftOn ?? "",
    yesNo(r.consentContact),
    yesNo(r.consentPhotos),
    yesNo(r.hasAccount),
  ]);
  return stringify([header, ...records], { bom: true, record_delimiter: "windows", delimiter: opts.delimiter });
}
