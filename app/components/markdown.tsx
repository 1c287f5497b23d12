/**
 * HTML made from user-written Markdown by markdownHtml (app/utils/markdown.server.tsx) and nothing
 * else: the type keeps an ordinary string from reaching dangerouslySetInnerHTML below.
 */
export type MarkdownHtml = string & { readonly __markdownHtml: true };

/**
 * User-written Markdown (idea descriptions, comments, minutes, plans). The loader turns the text
 * into safe HTML on the server (no raw HTML, unsafe links dropped, every text escaped), so the
 * browser neither downloads nor runs a Markdown parser; this box only puts that HTML in place.
 */
export function Markdown({ html, className }: { html: MarkdownHtml; className?: string }) {
  return <div className={["break-words", className].filter(Boolean).join(" ")} dangerouslySetInnerHTML={{ __html: html }} />;
}
