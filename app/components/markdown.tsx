import ReactMarkdown, { type Components } from "react-markdown";

/**
 * Renders user-written Markdown (idea descriptions, comments) safely: raw HTML is never enabled
 * (no rehype-raw), so `<script>` and other tags show as text; react-markdown's default URL filter
 * drops `javascript:` and other unsafe link targets. Links leave the app without passing a referrer
 * or lending it search ranking.
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

// Parsing Markdown is the costliest part of rendering a page of minutes or an idea with its
// comments (micromark rebuilds its parser for every text). The rendered elements depend on the
// text alone (the options above never change) and React elements are immutable, so a text read
// again — the same minutes for every member, the same comments on every visit — reuses them.
const CACHE_ENTRIES = 2000;
const CACHE_CHARS = 2_000_000;
const rendered = new Map<string, ReturnType<typeof ReactMarkdown>>();
let cachedChars = 0;

function render(text: string) {
  const hit = rendered.get(text);
  if (hit !== undefined) {
    // Most recently used last, so the oldest entries are the first to go.
    rendered.delete(text);
    rendered.set(text, hit);
    return hit;
  }
  // react-markdown's sync Markdown is a pure function of its props (no hooks), so it is called directly.
  const element = ReactMarkdown({ children: text, components, skipHtml: false });
  if (text.length <= CACHE_CHARS / 10) {
    rendered.set(text, element);
    cachedChars += text.length;
    for (const [key] of rendered) {
      if (rendered.size <= CACHE_ENTRIES && cachedChars <= CACHE_CHARS) break;
      rendered.delete(key);
      cachedChars -= key.length;
    }
  }
  return element;
}

export function Markdown({ children, className }: { children: string; className?: string }) {
  return <div className={["break-words", className].filter(Boolean).join(" ")}>{render(children)}</div>;
}
