/**
 * An idea's page at a page of its comments, with more search parameters if given
 * (`/ideas/7?commentsPage=2&editComment=31`): the links and forms of the comment list and the
 * action's redirects build it alike.
 */
export function ideaCommentsAddress(ideaId: number, page: number, more: Record<string, string> = {}): string {
  const params = new URLSearchParams({ ...(page > 1 ? { commentsPage: String(page) } : {}), ...more });
  return `/ideas/${ideaId}${params.size ? `?${params}` : ""}`;
}
