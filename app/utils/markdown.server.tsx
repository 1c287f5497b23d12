import { renderToStaticMarkup } from "react-dom/server";
import ReactMarkdown, { type Components } from "react-markdown";
import type { MarkdownHtml } from "~/components/markdown";
import type { MinutesHtml } from "~/components/minutes-text";
import type { MinutesSnapshot } from "~/models/minutes-snapshot";

/**
 * User-written Markdown (idea descriptions, minutes, comments, plans) as HTML, made on the server
 * only: react-markdown and its parser stay out of the browser's bundle, and the browser inserts the
 * finished HTML. Safe by construction: raw HTML is never enabled (no rehype-raw), so `<script>` and
 * other tags come out as escaped text; react-markdown's default URL filter empties `javascript:` and
 * other unsafe targets; React escapes every text and attribute. Links leave the app without passing
 * a referrer or lending it search ranking.
 */
const components: Components = {
  // An unsafe target (javascript: and the like) is emptied by the URL filter: show the text only.
  a: ({ node: _node, href, children, ...rest }) =>
    !href ? (
      <span>{children}</span>
    ) : (
      <a {...rest} href={href} rel="noopener noreferrer nofollow" className="text-blue-800 underline hover:text-blue-950">
        {children}
      </a>
    ),
  // Headings inside user text step down so they never compete with the page's own h1/h2.
  h1: ({ node: _node, ...rest }) => <h3 className="mt-4 text-lg font-semibold" {...rest} />,
  h2: ({ node: _node, ...rest }) => <h4 className="mt-4 text-base font-semibold" {...rest} />,
  h3: ({ node: _node, ...rest }) => <h5 className="mt-3 font-semibold" {...rest} />,
  h4: ({ node: _node, ...rest }) => <h6 className="mt-3 font-semibold" {...rest} />,
  h5: ({ node: _node, ...rest }) => <h6 className="mt-3 font-semibold" {...rest} />,
  h6: ({ node: _node, ...rest }) => <h6 className="mt-3 font-semibold" {...rest} />,
  p: ({ node: _node, ...rest }) => <p className="my-2" {...rest} />,
  ul: ({ node: _node, ...rest }) => <ul className="my-2 list-disc pl-6" {...rest} />,
  ol: ({ node: _node, ...rest }) => <ol className="my-2 list-decimal pl-6" {...rest} />,
  blockquote: ({ node: _node, ...rest }) => <blockquote className="my-2 border-l-4 border-slate-300 pl-3 text-slate-700" {...rest} />,
  code: ({ node: _node, ...rest }) => <code className="rounded bg-slate-100 px-1 font-mono text-sm" {...rest} />,
  pre: ({ node: _node, ...rest }) => <pre className="my-2 overflow-x-auto rounded bg-slate-100 p-2" {...rest} />,
  // Users may paste images from anywhere; show the address as a link instead of loading third-party content.
  img: ({ src, alt }) =>
    src ? (
      <a href={String(src)} rel="noopener noreferrer nofollow" className="text-blue-800 underline">
        {alt || String(src)}
      </a>
    ) : null,
};

// Parsing Markdown is the costliest part of rendering minutes or an idea page (micromark rebuilds its
// parser for every text). The HTML depends on the text alone (the options above never change), so a
// text read again (the same minutes for every member, the same description on every visit) reuses
// it. Bounded by entries and by characters held (text and HTML), oldest use dropped first.
const CACHE_ENTRIES = 2000;
const CACHE_CHARS = 4_000_000;
const rendered = new Map<string, MarkdownHtml>();
let cachedChars = 0;

/** The safe HTML of one Markdown text (the inside of the `<Markdown>` box). */
export function markdownHtml(text: string): MarkdownHtml {
  const hit = rendered.get(text);
  if (hit !== undefined) {
    // Most recently used last, so the oldest entries are the first to go.
    rendered.delete(text);
    rendered.set(text, hit);
    return hit;
  }
  const html = renderToStaticMarkup(<ReactMarkdown components={components} skipHtml={false}>{text}</ReactMarkdown>) as MarkdownHtml;
  const size = text.length + html.length;
  if (size <= CACHE_CHARS / 10) {
    rendered.set(text, html);
    cachedChars += size;
    for (const [key, value] of rendered) {
      if (rendered.size <= CACHE_ENTRIES && cachedChars <= CACHE_CHARS) break;
      rendered.delete(key);
      cachedChars -= key.length + value.length;
    }
  }
  return html;
}

/** As markdownHtml, keeping "nothing written" (null or empty) as null. */
export function optionalMarkdownHtml(text: string | null | undefined): MarkdownHtml | null {
  return text ? markdownHtml(text) : null;
}

/** The Markdown parts of minutes as HTML: summaries and the notes under each agenda item (by item id). */
export function minutesHtml(snapshot: Pick<MinutesSnapshot, "summary" | "summaryEn" | "notes">): MinutesHtml {
  const notes: Record<string, MarkdownHtml> = {};
  for (const n of snapshot.notes) if (n.notes) notes[String(n.agendaItemId)] = markdownHtml(n.notes);
  return { summary: optionalMarkdownHtml(snapshot.summary), summaryEn: optionalMarkdownHtml(snapshot.summaryEn), notes };
}
