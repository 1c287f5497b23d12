/** A translate function as pages call it: a key and, for interpolation or plurals, options. */
export type Translate = (key: string, options?: Record<string, unknown>) => string;

/**
 * A translate function that remembers its answers, for one render: i18next resolves every call
 * anew (namespaces, fallbacks, plural rules, interpolation), and pages that label every row the
 * same way ("10 min", the agenda kind, "Owner") paid that per row. Answers depend only on the key
 * and options, so each distinct pair is looked up once.
 */
export function memoT(t: (key: never, options?: never) => unknown): Translate {
  const answers = new Map<string, string>();
  return (key, options) => {
    const cacheKey = options ? `${key}\u0000${JSON.stringify(options)}` : key;
    let answer = answers.get(cacheKey);
    if (answer === undefined) {
      answer = String(t(key as never, options as never));
      answers.set(cacheKey, answer);
    }
    return answer;
  };
}
