/** A translate function as pages call it: a key and, for interpolation or plurals, options. */
export type Translate = (key: string, options?: Record<string, unknown>) => string;
/** The same, as lists use it. */
export type ListT = Translate;

/**
 * A translate function that remembers its answers, for one render: i18next resolves every call
 * anew (namespaces, fallbacks, plural rules, interpolation), and pages and lists that label every
 * row the same way ("10 min", the stage, "3 supporters") paid that per row. Answers depend only on
 * the key and options, so each distinct pair is looked up once.
 */
export function memoT(t: (key: never, options?: never) => unknown): Translate {
  const answers = new Map<string, string>();
  return (key, options) => {
    let id = key;
    if (options) {
      for (const name in options) {
        const value = options[name];
        id += `\u0000${name}\u0001${typeof value === "object" && value !== null ? JSON.stringify(value) : String(value)}`;
      }
    }
    let answer = answers.get(id);
    if (answer === undefined) {
      answer = String(t(key as never, options as never));
      answers.set(id, answer);
    }
    return answer;
  };
}
