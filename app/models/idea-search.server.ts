/**
 * Turns anything a user types into a safe FTS5 query: every word becomes a quoted prefix term
 * ("word"*), so quotes, AND/OR/NOT, *, NEAR( and other FTS5 syntax are matched as text and never
 * cause a syntax error. Words are ANDed, as people expect from a search box.
 */
export function ftsQuery(input: string): string | null {
  const words = input
    .normalize("NFC")
    .split(/[^\p{L}\p{N}]+/u)
    .filter((w) => w.length > 0)
    .slice(0, 12);
  if (words.length === 0) return null;
  return words.map((w) => `"${w.replace(/"/g, '""')}"*`).join(" ");
}
