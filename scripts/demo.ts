// `npm run demo`: builds if the build is missing or older than the sources, seeds the demo network
// into its own database, and serves the production build.
import { execSync } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
process.chdir(root);

function newestMtime(target: string): number {
  const stat = fs.statSync(target);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = 0;
  for (const entry of fs.readdirSync(target)) newest = Math.max(newest, newestMtime(path.join(target, entry)));
  return newest;
}

const serverBuild = path.join(root, "build/server/index.js");
const sources = ["app", "db", "vite.config.ts", "package.json"].map((p) => path.join(root, p));
const stale = !fs.existsSync(serverBuild) || Math.max(...sources.map(newestMtime)) > fs.statSync(serverBuild).mtimeMs;
if (stale) {
  console.log("Building the app…");
  execSync("npm run build", { stdio: "inherit" });
}

process.env.NODE_ENV = "production";
process.env.DATABASE_PATH ||= "data/demo.sqlite";
if (!process.env.SESSION_SECRET) {
  process.env.SESSION_SECRET = crypto.randomBytes(32).toString("hex");
  console.warn("WARNING: SESSION_SECRET is not set; the demo generated one for this run (sessions end when it stops).");
}
// The demo is a plain-HTTP trial unless the operator says otherwise.
process.env.COOKIE_SECURE ||= "false";

const { getConnection } = await import("../db/client.server");
const { seedDemo } = await import("../db/seed/demo");
const { hashPassword } = await import("../app/auth/password.server");
await seedDemo(getConnection().db, hashPassword);
console.log("Demo network ready. Sign in with any demo account and the password demo-password:");
for (const e of ["admin@network.example", "projects@iisalmi.example", "coordinator@iisalmi.example", "member@iisalmi.example", "coordinator@mantova.example"]) {
  console.log(`  ${e}`);
}
await import("../server.js");
