import { remember } from "./bounded-cache";

/** A translate function as pages call it: a key and, for interpolation or plurals, options. */
export type Translate = (key: string, options?: Record<string, unknown>) => string;
/** The same, as lists use it. */
export type ListT = Translate;

type Answers = Map<string, string>;

/** The cache key of a call, or null when an option is an object (those are not remembered). */
function callId(key: string, options: Record<string, unknown> | undefined): string | null {
  let id = key;
  if (options) {
    for (const name in options) {
      const value = options[name];
      if (typeof value === "object" && value !== null) return null;
      id += `\u0000${name}\u0001${String(value)}`;
    }
  }
  return id;
}

function remembering(t: (key: never, options?: never) => unknown, answers: Answers, limit: number): Translate {
  return (key, options) => {
    const id = callId(key, options);
    if (id === null) return String(t(key as never, options as never));
    return remember(answers, id, limit, () => String(t(key as never, options as never)));
  };
}

/**
 * A translate function that remembers its answers for as long as it lives (one export, one
 * list): i18next resolves every call anew (namespaces, fallbacks, plural rules, interpolation),
 * and lists that label every row the same way paid that per row.
 */
export function memoT(t: (key: never, options?: never) => unknown): Translate {
  return remembering(t, new Map(), 10_000);
}

const byLanguage = new Map<string, Answers>();
const PER_LANGUAGE_LIMIT = 5_000;

/**
 * A translate function whose answers are shared by every render in the same language. The
 * translations are bundled and never change while the process runs, so an answer depends only on
 * the language, the key and the options; resolving the same labels on every page cost about a
 * millisecond per page.
 */
export function languageCachedT(t: (key: never, options?: never) => unknown, language: string): Translate {
  let answers = byLanguage.get(language);
  if (!answers) {
    answers = new Map();
    byLanguage.set(language, answers);
  }
  return remembering(t, answers, PER_LANGUAGE_LIMIT);
}
