import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { Markdown } from "~/components/markdown";
import { markdownHtml, minutesHtml } from "~/utils/markdown.server";

describe("Markdown made into HTML on the server (once per text)", () => {
  it("renders the same safe HTML from the cache as on first use: raw HTML as text, unsafe links dropped", () => {
    const text = "**Bold** <script>alert(1)</script> [x](javascript:alert(1)) [ok](https://example.org)\n\n- one\n- two\n\n# Title\n\n![pic](https://e.org/p.png)";
    const first = markdownHtml(text);
    expect(first).toContain("<strong>Bold</strong>");
    expect(first).not.toContain("<script>");
    expect(first).toContain("&lt;script&gt;alert(1)&lt;/script&gt;");
    expect(first).not.toContain("javascript:");
    // The emptied link keeps its text, without a link.
    expect(first).toContain("<span>x</span>");
    expect(first).toContain('<a href="https://example.org" rel="noopener noreferrer nofollow"');
    expect(first).toContain('<ul class="my-2 list-disc pl-6">');
    // Headings step down below the page's own, images become links.
    expect(first).toContain('<h3 class="mt-4 text-lg font-semibold">Title</h3>');
    expect(first).not.toContain("<img");
    expect(first).toContain('<a href="https://e.org/p.png" rel="noopener noreferrer nofollow" class="text-blue-800 underline">pic</a>');
    expect(markdownHtml(text)).toBe(first);
  });

  it("escapes attribute breakouts in link targets", () => {
    const html = markdownHtml('[x](https://e.org/"onmouseover="alert(1))');
    expect(html).not.toMatch(/"\s*onmouseover=/);
  });

  it("keeps different texts apart and stays correct beyond the cache's bounds", () => {
    for (let i = 0; i < 2100; i++) expect(markdownHtml(`Note ${i}`)).toBe(`<p class="my-2">Note ${i}</p>`);
    expect(markdownHtml("Note 0")).toBe('<p class="my-2">Note 0</p>');
    const long = "word ".repeat(300_000);
    expect(markdownHtml(long)).toContain("word word");
  });

  it("gives the box in the page the server's HTML as it is", () => {
    const html = markdownHtml("*hi* <b>there</b>");
    expect(renderToStaticMarkup(createElement(Markdown, { html, className: "mt-2" }))).toBe(`<div class="break-words mt-2">${html}</div>`);
    expect(html).toContain("&lt;b&gt;there&lt;/b&gt;");
  });

  it("renders the Markdown parts of minutes by agenda item, leaving empty ones out", () => {
    const html = minutesHtml({ summary: "**S**", summaryEn: null, notes: [{ agendaItemId: 4, notes: "<i>n</i>" }, { agendaItemId: 5, notes: "" }] });
    expect(html.summary).toBe('<p class="my-2"><strong>S</strong></p>');
    expect(html.summaryEn).toBeNull();
    expect(html.notes).toEqual({ "4": '<p class="my-2">&lt;i&gt;n&lt;/i&gt;</p>' });
  });
});
