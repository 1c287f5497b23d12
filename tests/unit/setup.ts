import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, afterEach, beforeEach, vi } from "vitest";

// Every test file gets its own database and ignores the caller's PORT, DATABASE_PATH and NODE_ENV.
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "ulg-unit-"));
process.env.DATABASE_PATH = path.join(dir, "test.sqlite");
process.env.NODE_ENV = "test";
process.env.PORT = "0";
process.env.SESSION_SECRET = "unit-test-secret-unit-test-secret-0123456789";
delete process.env.SMTP_HOST;

// A console error or warning during a test is a failure.
let consoleProblems: string[] = [];
beforeEach(() => {
  consoleProblems = [];
  vi.spyOn(console, "error").mockImplementation((...args: unknown[]) => {
    consoleProblems.push(args.map(String).join(" "));
  });
  vi.spyOn(console, "warn").mockImplementation((...args: unknown[]) => {
    consoleProblems.push(args.map(String).join(" "));
  });
});
afterEach(() => {
  vi.restoreAllMocks();
  if (consoleProblems.length) throw new Error(`console error/warning during test:\n${consoleProblems.join("\n")}`);
});

afterAll(async () => {
  const { closeConnection } = await import("#db/client.server");
  closeConnection();
  fs.rmSync(dir, { recursive: true, force: true });
});
