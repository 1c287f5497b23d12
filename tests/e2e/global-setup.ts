// Starts one production server for the whole end-to-end run:
// a temp directory with a fresh database seeded with the demo network, `node server.js` on a
// free port of 127.0.0.1, and teardown that stops it (by pid) and removes the directory.
// PORT, DATABASE_PATH and NODE_ENV from the caller's environment are ignored on purpose, so a
// developer's shell never points the tests at a real database or a busy port.
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { TestProject } from "vitest/node";

declare module "vitest" {
  export interface ProvidedContext {
    baseUrl: string;
    databasePath: string;
    projectRoot: string;
  }
}

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

/** Environment variables of the caller that must not leak into the test server. */
const IGNORED = ["PORT", "DATABASE_PATH", "NODE_ENV", "HOST", "TRUST_PROXY", "SESSION_SECRET", "COOKIE_SECURE"];

function cleanEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: Record<string, string | undefined> = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (IGNORED.includes(key) || key.startsWith("SMTP_") || key.startsWith("VITEST")) continue;
    env[key] = value;
  }
  return { ...env, ...extra } as NodeJS.ProcessEnv;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.unref();
    probe.on("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const address = probe.address();
      if (!address || typeof address === "string") {
        probe.close();
        reject(new Error("could not read the probe port"));
        return;
      }
      const { port } = address;
      probe.close(() => resolve(port));
    });
  });
}

async function waitForHealth(baseUrl: string, server: ChildProcess, output: () => string, timeoutMs = 30_000) {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  while (Date.now() < deadline) {
    if (server.exitCode !== null) {
      throw new Error(`The test server exited with code ${server.exitCode} before answering /healthz.\n${output()}`);
    }
    try {
      const res = await fetch(`${baseUrl}/healthz`);
      if (res.status === 200) return;
      lastError = new Error(`/healthz answered ${res.status}`);
    } catch (error) {
      lastError = error;
    }
    await new Promise((r) => setTimeout(r, 150));
  }
  throw new Error(`The test server did not become healthy within ${timeoutMs} ms: ${String(lastError)}\n${output()}`);
}

function stop(server: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (server.exitCode !== null || server.signalCode !== null || server.pid === undefined) return resolve();
    const force = setTimeout(() => {
      try {
        process.kill(server.pid!, "SIGKILL");
      } catch {
        // already gone
      }
    }, 5_000);
    server.once("exit", () => {
      clearTimeout(force);
      resolve();
    });
    try {
      process.kill(server.pid, "SIGTERM");
    } catch {
      clearTimeout(force);
      resolve();
    }
  });
}

export default async function setup(project: TestProject) {
  const serverBuild = path.join(root, "build/server/index.js");
  if (!fs.existsSync(serverBuild)) {
    throw new Error(
      `The end-to-end tests need the production build, and ${path.relative(root, serverBuild)} is missing.\n` +
        "Run `npm run build` first (or `npm test`, which builds before the end-to-end tests).",
    );
  }

  const tempDir = fs.mkdtempSync(path.join(os.tmpdir(), "ulg-e2e-"));
  const databasePath = path.join(tempDir, "e2e.sqlite");
  let server: ChildProcess | undefined;
  // What the server wrote to stderr: an error logged while the tests ran (a 500 a test did not
  // look at, a failure in a background task) fails the run at teardown.
  let serverErrors = "";

  const teardown = async () => {
    if (server) await stop(server);
    fs.rmSync(tempDir, { recursive: true, force: true });
    const errors = serverErrors
      .split("\n")
      // Node's own runtime warnings are not the app's errors.
      .filter((line) => line.trim() !== "" && !/^\(node:\d+\) \w*Warning:/.test(line) && !line.includes("--trace-warnings"));
    if (errors.length > 0) {
      throw new Error(`The test server logged errors during the run:\n${errors.slice(0, 200).join("\n")}`);
    }
  };

  try {
    execFileSync("npx", ["tsx", "scripts/seed-demo.ts"], {
      cwd: root,
      env: cleanEnv({ DATABASE_PATH: databasePath, NODE_ENV: "test" }),
      stdio: ["ignore", "pipe", "pipe"],
      timeout: 120_000,
    });

    const port = await freePort();
    const baseUrl = `http://127.0.0.1:${port}`;
    let output = "";
    // `node` itself (not npm or npx), so the pid we hold is the server's. The preloaded watcher
    // stops it should this process die without running the teardown.
    server = spawn(process.execPath, ["--require", path.join(root, "tests/e2e/parent-watch.cjs"), "server.js"], {
      cwd: root,
      env: cleanEnv({
        NODE_ENV: "production",
        COOKIE_SECURE: "false",
        SESSION_SECRET: crypto.randomBytes(32).toString("hex"),
        HOST: "127.0.0.1",
        PORT: String(port),
        DATABASE_PATH: databasePath,
        ULG_QUIET_LOG: "1",
        ULG_E2E_PARENT_PID: String(process.pid),
        ULG_E2E_TEMP_DIR: tempDir,
      }),
      stdio: ["ignore", "pipe", "pipe"],
    });
    const keep = (chunk: Buffer) => {
      output += chunk.toString();
      if (output.length > 20_000) output = output.slice(-20_000);
    };
    server.stdout?.on("data", keep);
    server.stderr?.on("data", (chunk: Buffer) => {
      keep(chunk);
      if (serverErrors.length < 100_000) serverErrors += chunk.toString();
      // Server-side errors during the run are worth seeing next to the failing test.
      process.stderr.write(`[e2e server] ${chunk.toString()}`);
    });

    const started = server;
    process.once("exit", () => {
      // Last resort if the teardown did not run (an exception in the runner): never leave it behind.
      if (started.exitCode === null && started.pid !== undefined) {
        try {
          process.kill(started.pid, "SIGKILL");
        } catch {
          // already gone
        }
      }
    });

    await waitForHealth(baseUrl, server, () => output);

    project.provide("baseUrl", baseUrl);
    project.provide("databasePath", databasePath);
    project.provide("projectRoot", root);
    process.env.ULG_E2E_BASE_URL = baseUrl;
  } catch (error) {
    await teardown().catch(() => undefined);
    throw error;
  }

  return teardown;
}
