/** A translate function as i18next's t is called in lists (a key, optionally simple values). */
export type ListT = (key: string, options?: Record<string, string | number>) => string;

/**
 * t with its answers kept: a list repeats the same labels (stage, theme, "3 supporters") on every
 * row, and each i18next lookup (with plural rules) costs more than the rest of the row. Meant to
 * live for one render of one list.
 */
export function memoT(t: ListT): ListT {
  const answers = new Map<string, string>();
  return (key, options) => {
    let id = key;
    if (options) for (const name in options) id += `\u0000${name}\u0001${options[name]}`;
    let answer = answers.get(id);
    if (answer === undefined) {
      answer = t(key, options);
      answers.set(id, answer);
    }
    return answer;
  };
}
