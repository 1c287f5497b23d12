import { stringify } from "csv-stringify/sync";

export type CsvDelimiter = ";" | ",";

/**
 * A spreadsheet opens a cell starting with = + - @ as a formula; an apostrophe in front keeps it
 * text (OWASP "CSV injection"). Use it on every value a person typed.
 */
export function csvText(value: string | null | undefined): string {
  if (!value) return "";
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

/**
 * Rows as CSV for Excel and LibreOffice: UTF-8 with a byte-order mark (without it Excel reads
 * ä, ö, š as two odd characters each) and CRLF line ends.
 */
export function toCsv(rows: string[][], delimiter: CsvDelimiter = ";"): string {
  return stringify(rows, { bom: true, record_delimiter: "windows", delimiter });
}

/**
 * Excel splits on its locale's list separator: ";" wherever the decimal separator is a comma,
 * which is every partner country; `?sep=comma` serves the others (as the roster export does).
 */
export function csvDelimiterFrom(url: URL): CsvDelimiter {
  return url.searchParams.get("sep") === "comma" ? "," : ";";
}
