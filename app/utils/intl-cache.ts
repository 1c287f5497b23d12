import { remember } from "./bounded-cache";

// Building an Intl.DateTimeFormat costs far more than using one (ICU loads locale and zone data):
// pages that format a date per row made a new one each time, which was most of their render time
// (30 ms of the idea page's move form with 50 meetings). Formatters are immutable, so one per
// locale and options is shared.
const formats = new Map<string, Intl.DateTimeFormat>();
const numberFormats = new Map<string, Intl.NumberFormat>();
const collators = new Map<string, Intl.Collator>();
// Locales × zones × styles in use are few; the bound only guards against unexpected variety.
const LIMIT = 1000;
const keyOf = (locale: string | undefined, options: object) => `${locale ?? ""}\u0000${JSON.stringify(options)}`;

/** A shared Intl.DateTimeFormat for these arguments (same output as `new Intl.DateTimeFormat(...)`). */
export function dateFormat(locale: string | undefined, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  return remember(formats, keyOf(locale, options), LIMIT, () => new Intl.DateTimeFormat(locale, options));
}

/** A shared Intl.NumberFormat (same output as `new Intl.NumberFormat(...)`). */
export function numberFormat(locale: string | undefined, options: Intl.NumberFormatOptions = {}): Intl.NumberFormat {
  return remember(numberFormats, keyOf(locale, options), LIMIT, () => new Intl.NumberFormat(locale, options));
}

/** A shared Intl.Collator (loading a language's collation rules is the costly part of sorting a roster). */
export function sharedCollator(locale: string | undefined, options: Intl.CollatorOptions = {}): Intl.Collator {
  return remember(collators, keyOf(locale, options), LIMIT, () => new Intl.Collator(locale, options));
}
