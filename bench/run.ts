// npm run bench: every main page of the production server measured against a bare Remix page of
// the same server, over a large generated data set (bench/generate.ts). See README "Benchmark".
//
//   npm run bench                          the full run (about 5 minutes on a 2-core machine)
//   npm run bench -- -d 2 --pages bare,/ideas --files none    a short trial
//
// Flags: -d/--duration seconds per page (10), -c/--connections (50), --warmup seconds (5),
// --turns (5: the page and the bare page each run in this many turns, duration/turns seconds each),
// --pages comma list of page names or addresses to keep (bare is always measured),
// --files all|none|comma list (minutes.pdf,minutes.docx,pack.zip), --file-requests (20),
// --no-small (skip the constancy check against the small data set), --no-build, --no-write
// (do not write bench/results.json), BENCH_NODE_OPTIONS=… (NODE_OPTIONS for the server), --probe (no load: 10 sequential requests per page and file,
// median server time from Server-Timing; for finding slow queries while the machine is busy).
import autocannon from "autocannon";
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import zlib from "node:zlib";
import { parseArgs } from "node:util";
import { ensureDataSet, type BenchMeta } from "./generate";
import { sqlStatementsFromServerTiming } from "../server/request-stats.js";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

// The pass/fail targets of issue 7; the others are reported against their aims.
const MIN_RATIO = 0.5;
const MAX_STATEMENTS = 10;
const AIM = { ratio: 0.7, p99Ms: 250, jsKbGzip: 150, rssMb: 300, pdfMedianMs: 100, packMedianMs: 2000 };

const { values: args } = parseArgs({
  options: {
    duration: { type: "string", short: "d", default: "10" },
    connections: { type: "string", short: "c", default: "50" },
    warmup: { type: "string", default: "5" },
    turns: { type: "string", default: "5" },
    pages: { type: "string" },
    files: { type: "string", default: "all" },
    "file-requests": { type: "string", default: "20" },
    "no-small": { type: "boolean", default: false },
    "no-build": { type: "boolean", default: false },
    "no-write": { type: "boolean", default: false },
    probe: { type: "boolean", default: false },
  },
});
const duration = Number(args.duration);
const connections = Number(args.connections);
const warmup = Number(args.warmup);
const slices = Math.max(1, Number(args.turns));
const fileRequests = Number(args["file-requests"]);

type PageDef = { name: string; path: (m: BenchMeta) => string; signedIn: boolean };
type FileDef = { name: string; path: (m: BenchMeta) => string; contentType: RegExp };

const PAGES: PageDef[] = [
  // Signed out on purpose: with no session cookie the root loader reads nothing.
  { name: "bare", path: () => "/bench/bare", signedIn: false },
  { name: "/", path: () => "/", signedIn: true },
  { name: "/members", path: () => "/members", signedIn: true },
  { name: "/meetings", path: () => "/meetings", signedIn: true },
  { name: "/meetings/:id", path: (m) => `/meetings/${m.largeMeetingId}`, signedIn: true },
  { name: "/meetings/:id/minutes", path: (m) => `/meetings/${m.largeMeetingId}/minutes`, signedIn: true },
  { name: "/ideas", path: () => "/ideas", signedIn: true },
  { name: "/ideas?q=", path: (m) => `/ideas?q=${encodeURIComponent(m.searchWord)}`, signedIn: true },
  { name: "/ideas/:id", path: (m) => `/ideas/${m.ideaId}`, signedIn: true },
  { name: "/network", path: () => "/network", signedIn: true },
];
const FILES: FileDef[] = [
  { name: "minutes.pdf", path: (m) => `/meetings/${m.largeMeetingId}/minutes.pdf`, contentType: /^application\/pdf/ },
  { name: "minutes.docx", path: (m) => `/meetings/${m.largeMeetingId}/minutes.docx`, contentType: /wordprocessingml/ },
  { name: "pack.zip", path: (m) => `/reports/pack.zip?from=${m.pack.from}&to=${m.pack.to}`, contentType: /^application\/zip/ },
];

const pageFilter = args.pages?.split(",").map((s) => s.trim()).filter(Boolean);
const pages = PAGES.filter((p) => p.name === "bare" || !pageFilter || pageFilter.includes(p.name));
const files = args.files === "none" ? [] : args.files === "all" ? FILES : FILES.filter((f) => args.files!.split(",").includes(f.name));

export type Row = {
  page: string;
  name: string;
  kind: "html" | "file";
  status: number;
  missing?: boolean;
  requestsPerSecond: number | null;
  p50Ms: number | null;
  p99Ms: number | null;
  /** p99 of the requests after each connection's first (see slice()). */
  p99LaterMs?: number | null;
  ratioToBare: number | null;
  sqlStatements: number | null;
  sqlStatementsSmall?: number | null;
  cpuMsPerRequest?: number | null;
  jsKbGzip: number | null;
  cssKbGzip: number | null;
  medianMs?: number | null;
  maxMs?: number | null;
  errors?: number;
};

function log(s: string) {
  process.stdout.write(`${s}\n`);
}

/** Newest modification time of the files a build is made from. */
function newestSource(): number {
  let newest = 0;
  const walk = (p: string) => {
    const st = fs.statSync(p);
    if (st.isDirectory()) for (const f of fs.readdirSync(p)) walk(path.join(p, f));
    else newest = Math.max(newest, st.mtimeMs);
  };
  for (const p of ["app", "db", "public", "vite.config.ts", "package.json", "package-lock.json"]) {
    if (fs.existsSync(path.join(root, p))) walk(path.join(root, p));
  }
  return newest;
}

function build() {
  const built = path.join(root, "build", "server", "index.js");
  if (args["no-build"] && fs.existsSync(built)) return "skipped (--no-build)";
  if (fs.existsSync(built) && fs.statSync(built).mtimeMs > newestSource()) return "up to date";
  execFileSync("npm", ["run", "build"], { cwd: root, stdio: ["ignore", "ignore", "inherit"] });
  return "built";
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

type Server = { base: string; child: ChildProcess; dir: string; output: () => string };

async function startServer(dataFile: string): Promise<Server> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "ulg-bench-"));
  const dbFile = path.join(dir, "bench.sqlite");
  // The server writes (sessions, audit): it gets a copy, the cache stays clean.
  fs.copyFileSync(dataFile, dbFile);
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    NODE_ENV: "production",
    HOST: "127.0.0.1",
    PORT: String(port),
    DATABASE_PATH: dbFile,
    SESSION_SECRET: crypto.randomBytes(32).toString("hex"),
    COOKIE_SECURE: "false",
    ULG_BENCH: "1",
    ULG_QUIET_LOG: "1",
    // The e2e watcher: the server stops should this process die without stopping it.
    ULG_E2E_PARENT_PID: String(process.pid),
    ULG_E2E_TEMP_DIR: dir,
    // For trying V8 flags on the server (e.g. --max-old-space-size); unset, it runs as `npm start` does.
    ...(process.env.BENCH_NODE_OPTIONS ? { NODE_OPTIONS: process.env.BENCH_NODE_OPTIONS } : {}),
  };
  let output = "";
  const child = spawn(process.execPath, ["--require", path.join(root, "tests/e2e/parent-watch.cjs"), "server.js"], {
    cwd: root,
    env,
    stdio: ["ignore", "pipe", "pipe"],
  });
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-20_000);
  };
  child.stdout!.on("data", keep);
  child.stderr!.on("data", keep);
  process.once("exit", () => {
    if (child.exitCode === null) child.kill("SIGKILL");
  });
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server exited (${child.exitCode}):\n${output}`);
    try {
      const res = await fetch(`${base}/healthz`);
      if (res.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`server did not answer /healthz:\n${output}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  return { base, child, dir, output: () => output };
}

async function stopServer(server: Server) {
  if (server.child.exitCode === null) {
    const exited = new Promise((r) => server.child.once("exit", r));
    server.child.kill("SIGTERM");
    await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
    if (server.child.exitCode === null) server.child.kill("SIGKILL");
  }
  fs.rmSync(server.dir, { recursive: true, force: true });
}

/** Peak resident set size of a process in MB (VmHWM), or its current RSS where no peak is kept. */
function peakRssMb(pid: number): number | null {
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, "utf8");
    const kb = /VmHWM:\s+(\d+)/.exec(status)?.[1] ?? /VmRSS:\s+(\d+)/.exec(status)?.[1];
    return kb ? Math.round(Number(kb) / 1024) : null;
  } catch {
    return null;
  }
}

/** CPU time (user + system) a process has used so far, in ms; null where /proc is missing. */
function cpuMs(pid: number): number | null {
  try {
    // Fields after the command name (which may hold spaces): utime and stime are the 12th and 13th.
    const fields = fs.readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1].split(" ");
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
  } catch {
    return null;
  }
}

function currentRssMb(pid: number): number | null {
  try {
    const kb = /VmRSS:\s+(\d+)/.exec(fs.readFileSync(`/proc/${pid}/status`, "utf8"))?.[1];
    return kb ? Math.round(Number(kb) / 1024) : null;
  } catch {
    return null;
  }
}

/** Signs in through the login form, as a browser would (same-origin POST), and returns the Cookie header. */
async function signIn(base: string, meta: BenchMeta): Promise<string> {
  const res = await fetch(`${base}/login`, {
    method: "POST",
    redirect: "manual",
    headers: { Origin: base, "Content-Type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ email: meta.coordinatorEmail, password: meta.password }),
  });
  const cookie = res.headers.getSetCookie().map((c) => c.split(";")[0]).find((c) => c.startsWith("ulg_session="));
  if (res.status !== 302 || !cookie) throw new Error(`sign-in failed: HTTP ${res.status}`);
  return cookie;
}

async function get(base: string, p: string, cookie?: string) {
  const started = performance.now();
  const res = await fetch(`${base}${p}`, { redirect: "manual", headers: cookie ? { Cookie: cookie } : {} });
  const body = Buffer.from(await res.arrayBuffer());
  return { res, body, ms: performance.now() - started, sql: sqlStatementsFromServerTiming(res.headers.get("server-timing")) };
}

/** Gzipped kB of the JS modules and stylesheets an HTML page makes the browser load. */
async function assetWeight(base: string, html: string) {
  const js = new Set<string>();
  const css = new Set<string>();
  for (const tag of html.match(/<link\b[^>]*>/g) ?? []) {
    const href = /\bhref="([^"]+)"/.exec(tag)?.[1];
    if (!href) continue;
    if (/\brel="modulepreload"/.test(tag)) js.add(href);
    else if (/\brel="stylesheet"/.test(tag)) css.add(href);
  }
  for (const m of html.matchAll(/<script\b[^>]*\bsrc="([^"]+)"/g)) js.add(m[1]);
  // Remix starts the client with an inline module script that imports the entry and route modules.
  for (const m of html.matchAll(/import\s*(?:[\w{}\s,*]+from\s*)?["'](\/[^"']+\.js)["']/g)) js.add(m[1]);
  for (const m of html.matchAll(/import\(["'](\/[^"']+\.js)["']\)/g)) js.add(m[1]);
  const kb = async (urls: Set<string>) => {
    let bytes = 0;
    for (const u of urls) {
      const res = await fetch(new URL(u, base));
      if (!res.ok) throw new Error(`asset ${u}: HTTP ${res.status}`);
      bytes += zlib.gzipSync(Buffer.from(await res.arrayBuffer())).length;
    }
    return Math.round((bytes / 1024) * 10) / 10;
  };
  return { jsKbGzip: await kb(js), cssKbGzip: await kb(css) };
}

const round = (n: number, d = 1) => Math.round(n * 10 ** d) / 10 ** d;

/** What several short autocannon runs of one address add up to. */
type Tally = { requests: number; seconds: number; cpuMs: number | null; latencies: number[]; laterLatencies: number[]; errors: number };
const newTally = (): Tally => ({ requests: 0, seconds: 0, cpuMs: 0, latencies: [], laterLatencies: [], errors: 0 });

/** One autocannon run added to a tally, with every response's latency and the server's CPU time. */
async function slice(server: Server, url: string, cookie: string | undefined, seconds: number, tally: Tally) {
  const before = cpuMs(server.child.pid!);
  const run = autocannon({ url, connections, duration: seconds, headers: cookie ? { cookie } : {} });
  // A connection's first request waits longest: the server serves requests on the connections it
  // already has before it gets to a newly opened one (a plain Node http server does the same under
  // autocannon or wrk). Their latencies are also kept apart, for the p99 of the requests after them.
  const connected = new Set<unknown>();
  run.on("response", (client, _status, _bytes, responseTime) => {
    tally.latencies.push(responseTime);
    if (connected.has(client)) tally.laterLatencies.push(responseTime);
    else connected.add(client);
  });
  const result = await run;
  // autocannon leaves the requests still in flight when its time is up; the server goes on
  // rendering them. Their CPU time belongs to this run, and the next run must not queue behind them.
  await drained(server);
  const after = cpuMs(server.child.pid!);
  tally.requests += result.requests.total;
  tally.seconds += result.duration;
  tally.errors += result.errors + result.timeouts + result.non2xx;
  tally.cpuMs = before !== null && after !== null && tally.cpuMs !== null ? tally.cpuMs + (after - before) : null;
}

/** Waits until the server has been idle for a tenth of a second (at most 3 s). */
async function drained(server: Server) {
  const until = Date.now() + 3000;
  let last = cpuMs(server.child.pid!);
  while (last !== null && Date.now() < until) {
    await new Promise((r) => setTimeout(r, 100));
    const now = cpuMs(server.child.pid!);
    if (now === null || now - last <= 10) return;
    last = now;
  }
}

function percentileMs(sorted: number[], p: number): number | null {
  if (sorted.length === 0) return null;
  return round(sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)], 0);
}

function summarise(t: Tally) {
  const sorted = [...t.latencies].sort((a, b) => a - b);
  const later = [...t.laterLatencies].sort((a, b) => a - b);
  return {
    requestsPerSecond: t.seconds > 0 ? round(t.requests / t.seconds, 0) : null,
    p50Ms: percentileMs(sorted, 50),
    p99Ms: percentileMs(sorted, 99),
    p99LaterMs: percentileMs(later, 99),
    cpuMsPerRequest: t.cpuMs !== null && t.requests > 0 ? round(t.cpuMs / t.requests, 2) : null,
    errors: t.errors,
  };
}

const bareRuns: number[] = [];
const bareCpuRuns: number[] = [];

async function measurePages(server: Server, meta: BenchMeta, cookie: string): Promise<Row[]> {
  const rows: Row[] = [];
  for (const page of pages) {
    const p = page.path(meta);
    const c = page.signedIn ? cookie : undefined;
    const first = await get(server.base, p, c);
    const row: Row = { page: p, name: page.name, kind: "html", status: first.res.status, requestsPerSecond: null, p50Ms: null, p99Ms: null, ratioToBare: null, sqlStatements: null, jsKbGzip: null, cssKbGzip: null };
    rows.push(row);
    if (first.res.status !== 200 || !/text\/html/.test(first.res.headers.get("content-type") ?? "")) {
      row.missing = true;
      log(`  ${page.name.padEnd(22)} HTTP ${first.res.status}: missing`);
      continue;
    }
    Object.assign(row, await assetWeight(server.base, first.body.toString("utf8")));
    const bareRow = rows[0]?.name === "bare" && !rows[0].missing ? rows[0] : undefined;
    if (warmup > 0) await slice(server, server.base + p, c, warmup, newTally());
    // Counted after the warm-up, so a once-in-five-minutes session touch does not land here, and
    // once the warm-up's last requests are done: concurrent requests with the same cookie share
    // one session lookup, which would hide it from this request's count.
    await new Promise((r) => setTimeout(r, 250));
    row.sqlStatements = (await get(server.base, p, c)).sql;
    // This machine's speed drifts by up to half within a minute (other tenants on its host): a bare
    // run made before the page and compared with it measured the drift as much as the page. So the
    // page and the bare page take turns in short runs (the same total time each) and the ratio is
    // taken over those: whatever the machine does, both see it alike.
    const pageTally = newTally();
    const bareTally = newTally();
    const turns = bareRow && row !== bareRow ? slices : 1;
    for (let i = 0; i < turns; i++) {
      if (bareRow && row !== bareRow) await slice(server, server.base + bareRow.page, undefined, duration / turns, bareTally);
      await slice(server, server.base + p, c, duration / turns, pageTally);
    }
    Object.assign(row, summarise(pageTally));
    if (row === bareRow && row.requestsPerSecond !== null) bareRuns.push(row.requestsPerSecond);
    const bare = bareTally.requests > 0 ? summarise(bareTally) : null;
    if (bare?.requestsPerSecond && row.requestsPerSecond !== null) {
      bareRuns.push(bare.requestsPerSecond);
      if (bare.cpuMsPerRequest !== null) bareCpuRuns.push(bare.cpuMsPerRequest);
      row.ratioToBare = round(row.requestsPerSecond / bare.requestsPerSecond, 2);
    }
    log(`  ${page.name.padEnd(22)} ${String(row.requestsPerSecond).padStart(6)} req/s${bare ? ` (bare in turn with it: ${bare.requestsPerSecond})` : ""}  p99 ${row.p99Ms} ms  sql ${row.sqlStatements}  cpu ${row.cpuMsPerRequest} ms/req${bare ? ` (bare ${bare.cpuMsPerRequest})` : ""}  server RSS ${currentRssMb(server.child.pid!)} MB`);
  }
  // Every page is compared with the bare runs made in turn with it; the bare row shows the mean of
  // those (all kept in results.json, meta.bareRuns).
  const bareRow = rows.find((r) => r.name === "bare");
  if (bareRow && bareRuns.length > 0) bareRow.requestsPerSecond = round(bareRuns.reduce((x, y) => x + y, 0) / bareRuns.length, 0);
  if (bareRow && bareCpuRuns.length > 0) bareRow.cpuMsPerRequest = round(bareCpuRuns.reduce((x, y) => x + y, 0) / bareCpuRuns.length, 2);
  if (bareRow) bareRow.ratioToBare = bareRow.requestsPerSecond === null ? null : 1;
  return rows;
}

async function measureFiles(server: Server, meta: BenchMeta, cookie: string): Promise<Row[]> {
  const rows: Row[] = [];
  for (const file of files) {
    const p = file.path(meta);
    const first = await get(server.base, p, cookie);
    const row: Row = { page: p, name: file.name, kind: "file", status: first.res.status, requestsPerSecond: null, p50Ms: null, p99Ms: null, ratioToBare: null, sqlStatements: first.sql, jsKbGzip: null, cssKbGzip: null, medianMs: null, maxMs: null };
    rows.push(row);
    if (first.res.status !== 200 || !file.contentType.test(first.res.headers.get("content-type") ?? "")) {
      row.missing = true;
      log(`  ${file.name.padEnd(22)} HTTP ${first.res.status} ${first.res.headers.get("content-type")}: missing`);
      continue;
    }
    // One request at a time: the time a person waits for the file.
    const times: number[] = [];
    for (let i = 0; i < fileRequests; i++) {
      const r = await get(server.base, p, cookie);
      if (r.res.status !== 200) throw new Error(`${p}: HTTP ${r.res.status} on request ${i + 1}`);
      times.push(r.ms);
    }
    times.sort((a, b) => a - b);
    const mid = times.length / 2;
    row.medianMs = round(times.length % 2 ? times[Math.floor(mid)] : (times[mid - 1] + times[mid]) / 2);
    row.maxMs = round(times[times.length - 1]);
    row.p50Ms = row.medianMs;
    row.requestsPerSecond = round(1000 / row.medianMs, 1);
    log(`  ${file.name.padEnd(22)} median ${row.medianMs} ms  max ${row.maxMs} ms  sql ${row.sqlStatements}  ${Math.round(first.body.length / 1024)} kB`);
  }
  return rows;
}

/** Statement counts of every page and file over the small data set: they must equal the large one's. */
async function smallCounts(meta: BenchMeta, file: string): Promise<Map<string, number | null>> {
  const server = await startServer(file);
  try {
    const cookie = await signIn(server.base, meta);
    const counts = new Map<string, number | null>();
    for (const def of [...pages, ...files]) {
      const signedIn = "signedIn" in def ? def.signedIn : true;
      const r = await get(server.base, def.path(meta), signedIn ? cookie : undefined);
      // Twice: the first request of a page may warm something up; the second is the steady state.
      const again = await get(server.base, def.path(meta), signedIn ? cookie : undefined);
      counts.set(def.name, r.res.status === 200 ? again.sql : null);
    }
    return counts;
  } finally {
    await stopServer(server);
  }
}

function table(rows: Row[]) {
  const head = ["page", "kind", "req/s", "p50 ms", "p99 ms", "p99 after 1st", "× bare", "CPU ms/req", "SQL", "SQL small", "JS kB gz", "CSS kB gz", "median ms", "max ms"];
  const cell = (v: unknown) => (v === null || v === undefined ? "–" : String(v));
  const lines = rows.map((r) =>
    r.missing
      ? [r.page, r.kind, `missing (HTTP ${r.status})`, "", "", "", "", "", "", "", "", "", "", ""]
      : [r.page, r.kind, r.kind === "html" ? r.requestsPerSecond : null, r.kind === "html" ? r.p50Ms : null, r.p99Ms, r.p99LaterMs, r.ratioToBare, r.cpuMsPerRequest, r.sqlStatements, r.sqlStatementsSmall, r.jsKbGzip, r.cssKbGzip, r.medianMs, r.maxMs].map((v, i) => (i < 2 ? String(v) : cell(v))),
  );
  const widths = head.map((h, i) => Math.max(h.length, ...lines.map((l) => String(l[i]).length)));
  const fmt = (l: unknown[]) => "| " + l.map((v, i) => String(v).padEnd(widths[i])).join(" | ") + " |";
  return [fmt(head), "| " + widths.map((w) => "-".repeat(w)).join(" | ") + " |", ...lines.map(fmt)].join("\n");
}

/** Without load: the median server time (Server-Timing app) of sequential requests, per page and file. */
async function probe(server: Server, meta: BenchMeta, cookie: string) {
  for (const def of [...pages, ...files]) {
    const signedIn = "signedIn" in def ? def.signedIn : true;
    const times: number[] = [];
    const dbTimes: number[] = [];
    let last: Awaited<ReturnType<typeof get>> | undefined;
    for (let i = 0; i < 10; i++) {
      last = await get(server.base, def.path(meta), signedIn ? cookie : undefined);
      const app = /app;[^,]*dur=([\d.]+)/.exec(last.res.headers.get("server-timing") ?? "")?.[1];
      times.push(Number(app ?? NaN));
      dbTimes.push(Number(/db;[^,]*dur=([\d.]+)/.exec(last.res.headers.get("server-timing") ?? "")?.[1] ?? NaN));
    }
    times.sort((a, b) => a - b);
    dbTimes.sort((a, b) => a - b);
    log(`  ${def.name.padEnd(22)} HTTP ${last!.res.status}  server ${times[5]} ms (min ${times[0]})  sql ${last!.sql} in ${dbTimes[5]} ms (min ${dbTimes[0]})  ${Math.round(last!.body.length / 1024)} kB`);
  }
}

async function main() {
  const t0 = performance.now();
  log(`build: ${build()} (${Math.round(performance.now() - t0)} ms)`);
  const tData = performance.now();
  const full = await ensureDataSet("full", log);
  const small = args["no-small"] ? null : await ensureDataSet("small", log);
  log(`data: full ${full.cached ? "from cache" : `generated in ${full.meta.generatedMs} ms`}${small ? `, small ${small.cached ? "from cache" : `generated in ${small.meta.generatedMs} ms`}` : ""} (${Math.round(performance.now() - tData)} ms)`);

  const server = await startServer(full.file);
  let rows: Row[];
  let rss: number | null;
  try {
    const cookie = await signIn(server.base, full.meta);
    log(`server on ${server.base}, signed in as ${full.meta.coordinatorEmail}; ${duration} s × ${connections} connections per page`);
    if (args.probe) {
      await probe(server, full.meta, cookie);
      return;
    }
    rows = [...(await measurePages(server, full.meta, cookie)), ...(await measureFiles(server, full.meta, cookie))];
    rss = peakRssMb(server.child.pid!);
  } finally {
    await stopServer(server);
  }
  if (small) {
    const counts = await smallCounts(small.meta, small.file);
    for (const r of rows) r.sqlStatementsSmall = counts.get(r.name) ?? null;
  }

  const failures: string[] = [];
  const notes: string[] = [];
  for (const r of rows) {
    if (r.missing) {
      failures.push(`${r.page}: missing (HTTP ${r.status})`);
      continue;
    }
    if (r.errors) failures.push(`${r.page}: ${r.errors} failed or non-2xx responses under load`);
    if (r.kind === "html" && r.name !== "bare" && r.ratioToBare !== null && r.ratioToBare < MIN_RATIO) failures.push(`${r.page}: ${r.ratioToBare} × bare (< ${MIN_RATIO})`);
    if (r.sqlStatements === null) failures.push(`${r.page}: no Server-Timing statement count`);
    else if (r.sqlStatements > MAX_STATEMENTS) failures.push(`${r.page}: ${r.sqlStatements} SQL statements (> ${MAX_STATEMENTS})`);
    if (small && r.sqlStatementsSmall !== undefined && r.sqlStatementsSmall !== r.sqlStatements) {
      failures.push(`${r.page}: ${r.sqlStatements} SQL statements over the large data set, ${r.sqlStatementsSmall} over the small one (not constant)`);
    }
    if (r.kind === "html" && r.name !== "bare" && r.ratioToBare !== null && r.ratioToBare < AIM.ratio) notes.push(`${r.page}: ${r.ratioToBare} × bare (aim ${AIM.ratio})`);
    if (r.kind === "html" && r.p99Ms !== null && r.p99Ms > AIM.p99Ms) notes.push(`${r.page}: p99 ${r.p99Ms} ms (aim ≤ ${AIM.p99Ms})`);
    if (r.jsKbGzip !== null && r.jsKbGzip > AIM.jsKbGzip) notes.push(`${r.page}: ${r.jsKbGzip} kB JS gzipped (aim ≤ ${AIM.jsKbGzip})`);
    if (r.name === "minutes.pdf" && r.medianMs && r.medianMs > AIM.pdfMedianMs) notes.push(`minutes.pdf: median ${r.medianMs} ms (aim ≤ ${AIM.pdfMedianMs})`);
    if (r.name === "pack.zip" && r.medianMs && r.medianMs > AIM.packMedianMs) notes.push(`pack.zip: median ${r.medianMs} ms (aim ≤ ${AIM.packMedianMs})`);
  }
  if (rss !== null && rss > AIM.rssMb) notes.push(`server peak RSS ${rss} MB (aim ≤ ${AIM.rssMb})`);

  log("");
  log(table(rows));
  log(`\nserver peak RSS: ${rss ?? "?"} MB · whole run ${Math.round((performance.now() - t0) / 1000)} s`);
  if (!args["no-write"]) {
    const out = {
      pages: rows.map(({ name: _name, status: _status, errors: _errors, ...r }) => r),
      peakRssMb: rss,
      meta: {
        at: new Date().toISOString(),
        durationSeconds: duration,
        connections,
        fileRequests,
        bareRuns,
        cpus: os.cpus().length,
        node: process.version,
        rows: full.meta.rows,
      },
    };
    fs.writeFileSync(path.join(root, "bench", "results.json"), JSON.stringify(out, null, 2) + "\n");
    log("wrote bench/results.json");
  }
  for (const n of notes) log(`aim missed: ${n}`);
  for (const f of failures) log(`FAIL: ${f}`);
  process.exit(failures.length ? 1 : 0);
}

await main();
