// Building an Intl.DateTimeFormat costs far more than using one (ICU loads locale and zone data):
// pages that format a date per row made a new one each time, which was most of their render time
// (30 ms of the idea page's move form with 50 meetings). Formatters are immutable, so one per
// locale and options is shared.
const formats = new Map<string, Intl.DateTimeFormat>();

/** A shared Intl.DateTimeFormat for these arguments (same output as `new Intl.DateTimeFormat(...)`). */
export function dateFormat(locale: string | undefined, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `${locale ?? ""}\u0000${JSON.stringify(options)}`;
  let format = formats.get(key);
  if (!format) {
    format = new Intl.DateTimeFormat(locale, options);
    // Locales × zones × styles in use are few; the bound only guards against unexpected variety.
    if (formats.size >= 1000) formats.clear();
    formats.set(key, format);
  }
  return format;
}

const numberFormats = new Map<string, Intl.NumberFormat>();

/** A shared Intl.NumberFormat (same output as `new Intl.NumberFormat(...)`). */
export function numberFormat(locale: string | undefined, options: Intl.NumberFormatOptions = {}): Intl.NumberFormat {
  const key = `${locale ?? ""}\u0000${JSON.stringify(options)}`;
  let format = numberFormats.get(key);
  if (!format) {
    format = new Intl.NumberFormat(locale, options);
    if (numberFormats.size >= 1000) numberFormats.clear();
    numberFormats.set(key, format);
  }
  return format;
}

const collators = new Map<string, Intl.Collator>();

/** A shared Intl.Collator (loading a language's collation rules is the costly part of sorting a roster). */
export function sharedCollator(locale: string | undefined, options: Intl.CollatorOptions = {}): Intl.Collator {
  const key = `${locale ?? ""}\u0000${JSON.stringify(options)}`;
  let c = collators.get(key);
  if (!c) {
    c = new Intl.Collator(locale, options);
    if (collators.size >= 1000) collators.clear();
    collators.set(key, c);
  }
  return c;
}
