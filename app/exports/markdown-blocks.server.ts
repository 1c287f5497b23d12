import { isValidElement, type ReactElement, type ReactNode } from "react";
import Markdown from "react-markdown";

/**
 * User-written Markdown (minutes notes, summaries) as plain blocks that the PDF, DOCX and Markdown
 * writers can lay out. It is parsed by react-markdown itself, the same parser the pages use, so a
 * note reads the same on screen and on paper; raw HTML comes out as text, never as markup, and
 * unsafe link targets (javascript: and the like) are dropped by react-markdown's URL filter.
 */

export type Inline =
  | { text: string; bold?: boolean; italic?: boolean; code?: boolean; strike?: boolean; link?: string }
  | { lineBreak: true };

export type Block =
  | { kind: "paragraph"; inlines: Inline[] }
  | { kind: "heading"; level: number; inlines: Inline[] }
  | { kind: "list"; ordered: boolean; start: number; items: Block[][] }
  | { kind: "quote"; blocks: Block[] }
  | { kind: "code"; text: string }
  | { kind: "rule" };

type Style = { bold?: boolean; italic?: boolean; code?: boolean; strike?: boolean; link?: string };

type Element = ReactElement<{ children?: ReactNode; href?: string; src?: string; alt?: string; start?: number }>;

const BLOCK_TAGS = new Set(["p", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "blockquote", "pre", "hr", "table"]);

function childrenOf(node: ReactNode): ReactNode[] {
  if (node == null || typeof node === "boolean") return [];
  if (Array.isArray(node)) return node.flatMap(childrenOf);
  if (isValidElement(node)) {
    const el = node as Element;
    // The root is a Fragment: step through it.
    if (typeof el.type !== "string") return childrenOf(el.props.children);
  }
  return [node];
}

function textOf(node: ReactNode): string {
  if (typeof node === "string" || typeof node === "number") return String(node);
  if (Array.isArray(node)) return node.map(textOf).join("");
  if (isValidElement(node)) return textOf((node as Element).props.children);
  return "";
}

function inlinesOf(nodes: ReactNode[], style: Style = {}): Inline[] {
  const out: Inline[] = [];
  for (const node of nodes) {
    if (typeof node === "string" || typeof node === "number") {
      // A soft line break inside a paragraph is a space, as in the browser.
      const text = String(node).replace(/\s*\n\s*/g, " ");
      if (text) out.push({ text, ...style });
      continue;
    }
    if (!isValidElement(node)) continue;
    const el = node as Element;
    const kids = childrenOf(el.props.children);
    switch (el.type) {
      case "strong":
        out.push(...inlinesOf(kids, { ...style, bold: true }));
        break;
      case "em":
        out.push(...inlinesOf(kids, { ...style, italic: true }));
        break;
      case "del":
        out.push(...inlinesOf(kids, { ...style, strike: true }));
        break;
      case "code":
        out.push({ text: textOf(el.props.children), ...style, code: true });
        break;
      case "a":
        // An emptied href is an unsafe target: keep the words, drop the link.
        out.push(...inlinesOf(kids, el.props.href ? { ...style, link: el.props.href } : style));
        break;
      case "img":
        // Images are not fetched: the address stands in for them, as on the pages.
        if (el.props.src) out.push({ text: el.props.alt || String(el.props.src), ...style, link: String(el.props.src) });
        break;
      case "br":
        out.push({ lineBreak: true });
        break;
      default:
        out.push(...inlinesOf(kids, style));
    }
  }
  return trimInlines(out);
}

/**
 * Tidies a run list: white space at the ends and after a line break goes, and neighbouring runs
 * with the same style join into one.
 */
function trimInlines(inlines: Inline[]): Inline[] {
  const out: Inline[] = [];
  for (const inline of inlines) {
    const prev = out[out.length - 1];
    if ("lineBreak" in inline) {
      if (prev) out.push(inline);
      continue;
    }
    const text = !prev || "lineBreak" in prev ? inline.text.replace(/^\s+/, "") : inline.text;
    if (!text) continue;
    if (prev && !("lineBreak" in prev) && sameStyle(prev, inline)) out[out.length - 1] = { ...prev, text: prev.text + text };
    else out.push({ ...inline, text });
  }
  while (out.length && "lineBreak" in out[out.length - 1]) out.pop();
  const last = out[out.length - 1];
  if (last && !("lineBreak" in last)) {
    const text = last.text.replace(/\s+$/, "");
    if (text) out[out.length - 1] = { ...last, text };
    else out.pop();
  }
  return out;
}

function sameStyle(a: Style, b: Style) {
  return !!a.bold === !!b.bold && !!a.italic === !!b.italic && !!a.code === !!b.code && !!a.strike === !!b.strike && a.link === b.link;
}

function blocksOf(nodes: ReactNode[]): Block[] {
  const blocks: Block[] = [];
  let pending: ReactNode[] = [];
  // Text and inline elements between blocks (a tight list item's words) form one paragraph.
  const flush = () => {
    const inlines = inlinesOf(pending);
    if (inlines.length) blocks.push({ kind: "paragraph", inlines });
    pending = [];
  };
  for (const node of nodes) {
    const el = isValidElement(node) ? (node as Element) : null;
    const tag = el && typeof el.type === "string" ? el.type : null;
    if (!el || !tag || !BLOCK_TAGS.has(tag)) {
      pending.push(node);
      continue;
    }
    flush();
    const kids = childrenOf(el.props.children);
    if (tag === "p") {
      const inlines = inlinesOf(kids);
      if (inlines.length) blocks.push({ kind: "paragraph", inlines });
    } else if (/^h[1-6]$/.test(tag)) {
      blocks.push({ kind: "heading", level: Number(tag[1]), inlines: inlinesOf(kids) });
    } else if (tag === "ul" || tag === "ol") {
      const items = kids
        .filter((k): k is Element => isValidElement(k) && (k as Element).type === "li")
        .map((li) => blocksOf(childrenOf(li.props.children)));
      blocks.push({ kind: "list", ordered: tag === "ol", start: tag === "ol" ? Number(el.props.start ?? 1) : 1, items });
    } else if (tag === "blockquote") {
      blocks.push({ kind: "quote", blocks: blocksOf(kids) });
    } else if (tag === "pre") {
      blocks.push({ kind: "code", text: textOf(el.props.children).replace(/\n$/, "") });
    } else if (tag === "hr") {
      blocks.push({ kind: "rule" });
    } else {
      // Without the GFM plugin there are no tables; keep any such text readable.
      const inlines = inlinesOf([textOf(el.props.children)]);
      if (inlines.length) blocks.push({ kind: "paragraph", inlines });
    }
  }
  flush();
  return blocks;
}

/** Parses Markdown into blocks; empty text gives no blocks. */
export function markdownBlocks(markdown: string | null | undefined): Block[] {
  if (!markdown || !markdown.trim()) return [];
  return blocksOf(childrenOf(Markdown({ children: markdown })));
}

/** The plain text of some inlines (for measuring, or for writers without styles). */
export function inlineText(inlines: Inline[]): string {
  return inlines.map((i) => ("lineBreak" in i ? "\n" : i.text)).join("");
}

// ---- Back to Markdown, with every character that could start markup escaped ----

/**
 * Escapes text so that it reads as itself in Markdown: no emphasis, link, entity or raw HTML can
 * start. Characters that only mean something at the start of a line are escaped only there, so
 * the file stays readable as plain text.
 */
export function escapeMarkdown(text: string, atLineStart = true): string {
  let out = text
    .replace(/[\\`*_[\]<]/g, (c) => `\\${c}`)
    .replace(/!(?=\\\[)/g, "\\!")
    .replace(/~~/g, "\\~\\~")
    .replace(/&(?=#?\w+;)/g, "\\&");
  if (atLineStart) out = out.replace(/^(\s*)([#>+=-])/, "$1\\$2").replace(/^(\s*\d+)([.)])/, "$1\\$2");
  return out;
}

function inlineMarkdown(inlines: Inline[]): string {
  return inlines
    .map((i, n) => {
      if ("lineBreak" in i) return "\\\n";
      let text: string;
      if (i.code) {
        const fence = i.text.includes("`") ? "``" : "`";
        text = `${fence}${i.text.includes("`") ? ` ${i.text} ` : i.text}${fence}`;
      } else {
        text = escapeMarkdown(i.text, n === 0 || "lineBreak" in inlines[n - 1]);
      }
      // Emphasis markers must hug the words, so spaces at the ends stay outside them.
      const [, lead, core, trail] = /^(\s*)([\s\S]*?)(\s*)$/.exec(text)!;
      if (!core) return text;
      let wrapped = core;
      if (i.strike) wrapped = `~~${wrapped}~~`;
      if (i.italic) wrapped = `*${wrapped}*`;
      if (i.bold) wrapped = `**${wrapped}**`;
      if (i.link) wrapped = `[${wrapped}](<${i.link.replace(/[<>\s]/g, encodeURIComponent)}>)`;
      return `${lead}${wrapped}${trail}`;
    })
    .join("");
}

/**
 * Blocks written back as Markdown. Re-writing (rather than copying the user's text) means an
 * exported .md file holds no raw HTML even when a note did: "<script>" is escaped to text.
 */
export function blocksToMarkdown(blocks: Block[], indent = ""): string {
  return blocks
    .map((b) => {
      switch (b.kind) {
        case "paragraph":
          return indentLines(inlineMarkdown(b.inlines), indent);
        case "heading":
          // Inside a document section, user headings sit below the section's own level.
          return `${indent}${"#".repeat(Math.min(6, b.level + 3))} ${inlineMarkdown(b.inlines)}`;
        case "list":
          return b.items
            .map((item, n) => {
              const marker = b.ordered ? `${b.start + n}. ` : "- ";
              const inner = indent + " ".repeat(marker.length);
              // A list right under an item's words keeps the list tight; other blocks need a blank line.
              const body = item.map((block, k) => (k === 0 ? "" : block.kind === "list" ? "\n" : "\n\n") + blocksToMarkdown([block], inner)).join("");
              return `${indent}${marker}${body.slice(inner.length)}`;
            })
            .join("\n");
        case "quote":
          return blocksToMarkdown(b.blocks)
            .split("\n")
            .map((l) => `${indent}> ${l}`.trimEnd())
            .join("\n");
        case "code": {
          const fence = b.text.includes("```") ? "~~~~" : "```";
          return [fence, ...b.text.split("\n"), fence].map((l) => `${indent}${l}`).join("\n");
        }
        case "rule":
          return `${indent}---`;
      }
    })
    .join("\n\n");
}

function indentLines(text: string, indent: string) {
  return text
    .split("\n")
    .map((l) => `${indent}${l}`)
    .join("\n");
}
