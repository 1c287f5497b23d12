import { defineConfig } from "vitest/config";
import { fileURLToPath } from "node:url";

// Unit and integration tests: loaders and actions called with real Requests against a fresh
// SQLite file per test file. The remix() plugin stays out of here (remix-run/remix#9871).
export default defineConfig({
  resolve: {
    alias: {
      "~": fileURLToPath(new URL("./app", import.meta.url)),
      "#db": fileURLToPath(new URL("./db", import.meta.url)),
    },
  },
  test: {
    include: ["tests/unit/**/*.test.ts", "app/**/*.test.ts"],
    setupFiles: ["tests/unit/setup.ts"],
    environment: "node",
    pool: "forks",
    testTimeout: 20_000,
  },
});
