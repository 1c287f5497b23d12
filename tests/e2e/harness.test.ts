// The checks the other tests lean on must be able to fail: axe-core really runs (under the app's
// CSP) and finds a violation, and an error in the browser console is caught.
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { expectNoAxeViolations, expectNoProblems, launchBrowser, newContext, url, watchPage } from "./helpers";

let browser: Browser;

beforeAll(async () => {
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
});

describe("test harness", () => {
  it("axe-core reports a page with an unlabelled field and an image without text", async () => {
    const context = await newContext(browser);
    try {
      const page = await context.newPage();
      // A page of the app's origin (under its CSP) with no React on it to repair the markup.
      await page.goto(url("/healthz"));
      await page.setContent(
        '<!doctype html><html lang="en"><head><title>Broken</title></head><body><main><h1>Broken</h1>' +
          '<input type="text"><img src="/favicon.ico"></main></body></html>',
      );
      const failure = await expectNoAxeViolations(page, "a broken page").then(
        () => null,
        (error: Error) => error.message,
      );
      expect(failure).toContain("axe-core violations on a broken page");
      expect(failure).toContain("image-alt");
      expect(failure).toContain("label");
    } finally {
      await context.close();
    }
  });

  it("catches errors in the browser console and uncaught exceptions", async () => {
    const context = await newContext(browser);
    try {
      const page = await context.newPage();
      const problems = watchPage(page);
      await page.goto(url("/login"));
      await page.evaluate(() => {
        console.error("something broke");
        setTimeout(() => {
          throw new Error("uncaught in the page");
        });
      });
      await expect.poll(() => problems.errors.length).toBe(2);
      expect(() => expectNoProblems(problems)).toThrow(/something broke/);
      expect(problems.errors.join("\n")).toContain("uncaught in the page");
    } finally {
      await context.close();
    }
  });
});
