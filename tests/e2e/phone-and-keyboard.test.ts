// Usable on a 360 px wide phone, and with the keyboard alone.
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_PASSWORD, expectNoAxeViolations, expectNoProblems, launchBrowser, login, newContext, url, watchPage } from "./helpers";

let browser: Browser;

beforeAll(async () => {
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
});

/** The page does not scroll sideways (wide tables scroll inside their own box). */
async function expectNoSidewaysScroll(page: Page, label: string) {
  const { scrollWidth, clientWidth } = await page.evaluate(() => ({
    scrollWidth: document.documentElement.scrollWidth,
    clientWidth: document.documentElement.clientWidth,
  }));
  expect(scrollWidth, `${label} is ${scrollWidth}px wide on a ${clientWidth}px screen`).toBeLessThanOrEqual(clientWidth);
}

describe("on a phone", () => {
  it("shows the sign-in page and a coordinator's pages without sideways scrolling", async () => {
    const context = await newContext(browser, { viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true });
    const page = await context.newPage();
    const problems = watchPage(page);
    try {
      await page.goto(url("/login"));
      await expectNoSidewaysScroll(page, "/login");
      await login(page, "coordinator@iisalmi.example");
      for (const path of ["/", "/members", "/settings"]) {
        await page.goto(url(path));
        await expectNoSidewaysScroll(page, path);
        await expectNoAxeViolations(page, `${path} at 360 px`);
      }
      await page.goto(url("/members"));
      await page.locator("table tbody tr td:first-child a").first().click();
      await page.waitForURL(/\/members\/\d+$/);
      await expectNoSidewaysScroll(page, page.url());
    } finally {
      await context.close();
    }
    expectNoProblems(problems);
  });
});

describe("with the keyboard", () => {
  it("offers a skip link first and signs in without a mouse", async () => {
    const context = await newContext(browser);
    const page = await context.newPage();
    const problems = watchPage(page);
    try {
      await page.goto(url("/login"));
      await page.keyboard.press("Tab");
      const skip = await page.evaluate(() => ({
        text: document.activeElement?.textContent?.trim(),
        href: document.activeElement?.getAttribute("href"),
        width: document.activeElement?.getBoundingClientRect().width ?? 0,
      }));
      expect(skip.text).toBe("Skip to content");
      expect(skip.href).toBe("#main");
      // Visible while focused (it is screen-reader-only otherwise).
      expect(skip.width).toBeGreaterThan(1);

      await page.getByLabel("E-mail").focus();
      await page.keyboard.type("member@iisalmi.example");
      await page.keyboard.press("Tab");
      await page.keyboard.type(DEMO_PASSWORD);
      await page.keyboard.press("Enter");
      await page.waitForURL(url("/"));
      await expect.poll(() => page.getByRole("heading", { level: 1 }).innerText()).toBe("Iisalmi dashboard");
    } finally {
      await context.close();
    }
    expectNoProblems(problems);
  });
});

describe("input while the page hydrates", () => {
  // React 18 hydrates synchronously when a key or mouse event arrives before hydration has
  // finished, and Remix suspends in that first render: without app/entry.client.tsx holding
  // such events back, about one page load in three failed with React error #345 here.
  it("breaks nothing when keys and clicks come right after the page loads", async () => {
    const context = await newContext(browser);
    try {
      for (let i = 0; i < 6; i++) {
        const page = await context.newPage();
        const problems = watchPage(page);
        const posts: string[] = [];
        page.on("request", (r) => {
          if (r.method() === "POST") posts.push(r.url());
        });
        await page.goto(url("/login"));
        if (i % 2 === 0) await page.keyboard.press("Tab");
        else await page.mouse.click(5, 5);
        await page.waitForTimeout(300);
        // Hydrated and working: the enhanced form checks an empty form in the browser, without a request.
        await page.getByRole("button", { name: "Sign in" }).click();
        await expect.poll(() => page.getByText("This field is required.").count()).toBe(2);
        expect(posts).toEqual([]);
        expectNoProblems(problems);
        await page.close();
      }
    } finally {
      await context.close();
    }
  });
});
