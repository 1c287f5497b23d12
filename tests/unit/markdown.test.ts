import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { Markdown } from "~/components/markdown";

const html = (text: string) => renderToStaticMarkup(createElement(Markdown, { children: text }));

describe("Markdown (rendered once per text)", () => {
  it("renders the same HTML from the cache as on first use, raw HTML still as text", () => {
    const text = "**Bold** <script>alert(1)</script> [x](javascript:alert(1))\n\n- one\n- two";
    const first = html(text);
    expect(first).toContain("<strong>Bold</strong>");
    expect(first).not.toContain("<script>");
    expect(first).toContain("&lt;script&gt;");
    expect(first).not.toContain("javascript:");
    expect(html(text)).toBe(first);
  });

  it("keeps different texts apart and stays correct beyond the cache's bounds", () => {
    for (let i = 0; i < 2100; i++) expect(html(`Note ${i}`)).toBe(`<div class="break-words"><p class="my-2">Note ${i}</p></div>`);
    expect(html("Note 0")).toBe('<div class="break-words"><p class="my-2">Note 0</p></div>');
    const long = "word ".repeat(300_000);
    expect(html(long)).toContain("word word");
  });
});
