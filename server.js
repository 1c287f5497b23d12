// The production (and development) HTTP server: one home for the client address, security
// headers, the same-origin check on writes, compression and request logging.
import { createRequestHandler } from "@remix-run/express";
import compression from "compression";
import crypto from "node:crypto";
import express from "express";
import morgan from "morgan";
import { serverTimingMiddleware } from "./server/request-stats.js";

const isProduction = process.env.NODE_ENV === "production";
const port = Number(process.env.PORT || 3000);
const host = process.env.HOST || "127.0.0.1";
const trustProxy = ["1", "true", "yes"].includes(String(process.env.TRUST_PROXY || "").toLowerCase());

const viteDevServer = isProduction
  ? undefined
  : await import("vite").then((vite) => vite.createServer({ server: { middlewareMode: true } }));

const build = viteDevServer
  ? () => viteDevServer.ssrLoadModule("virtual:remix/server-build")
  : await import("./build/server/index.js");

const app = express();
app.disable("x-powered-by");
if (trustProxy) app.set("trust proxy", true);

// Benchmark only (ULG_BENCH=1): SQL statements per request in a Server-Timing header.
const serverTiming = serverTimingMiddleware();
if (serverTiming) app.use(serverTiming);

app.use(compression());

// Security headers on every response; the nonce lets Remix's own inline scripts run.
app.use((req, res, next) => {
  const nonce = crypto.randomBytes(16).toString("base64");
  res.locals.cspNonce = nonce;
  const csp = [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}'${viteDevServer ? " 'unsafe-inline'" : ""}`,
    "style-src 'self'" + (viteDevServer ? " 'unsafe-inline'" : ""),
    "img-src 'self' data:",
    "font-src 'self'",
    `connect-src 'self'${viteDevServer ? " ws:" : ""}`,
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join("; ");
  res.setHeader("Content-Security-Policy", csp);
  res.setHeader("X-Content-Type-Options", "nosniff");
  res.setHeader("X-Frame-Options", "DENY");
  res.setHeader("Referrer-Policy", "same-origin");
  res.setHeader("Cross-Origin-Opener-Policy", "same-origin");
  res.setHeader("Permissions-Policy", "camera=(), microphone=(), geolocation=()");
  next();
});

// CSRF defence: a write whose Origin (or, without one, Referer) names another scheme, host or
// port than this request is refused. With SameSite=Lax cookies and no writes on GET, that is enough.
const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);
app.use((req, res, next) => {
  if (SAFE_METHODS.has(req.method)) return next();
  const hostHeader = trustProxy ? req.get("x-forwarded-host") || req.get("host") : req.get("host");
  const expected = `${req.protocol}://${hostHeader}`.toLowerCase();
  const source = req.get("origin") ?? req.get("referer");
  if (source === undefined) return next();
  let origin;
  try {
    origin = source === "null" ? "null" : new URL(source).origin.toLowerCase();
  } catch {
    origin = "invalid";
  }
  if (origin !== expected) {
    res.status(403).type("text/plain").send("Forbidden: cross-origin request refused");
    return;
  }
  next();
});

if (viteDevServer) {
  app.use(viteDevServer.middlewares);
} else {
  // Fingerprinted assets never change.
  app.use("/assets", express.static("build/client/assets", { immutable: true, maxAge: "1y", index: false }));
  // The other public files (favicon, fonts) all have an extension: a page's address skips the
  // file-system lookup that would only miss.
  const publicFiles = express.static("build/client", { maxAge: "1h", index: false });
  app.use((req, res, next) => (/\.[^/]+$/.test(req.path) ? publicFiles(req, res, next) : next()));
}

// The calendar feed carries its secret in the query string: keep it out of the access log.
morgan.token("url", (req) => (req.originalUrl || req.url).replace(/([?&]token=)[^&]*/g, "$1[hidden]"));
app.use(morgan(isProduction ? "combined" : "tiny", { skip: () => process.env.ULG_QUIET_LOG === "1" }));

app.all(
  "*",
  (req, res, next) => {
    // Pages may hold personal data: never stored by browsers or proxies unless a route says
    // otherwise. Applied just before the headers go out, so a route's own Cache-Control wins
    // (the Remix adapter appends headers, which would otherwise send both).
    const writeHead = res.writeHead;
    res.writeHead = function (...args) {
      if (!res.getHeader("Cache-Control")) res.setHeader("Cache-Control", "no-store");
      return writeHead.apply(this, args);
    };
    next();
  },
  createRequestHandler({
    build,
    getLoadContext: (req, res) => ({
      clientAddress: req.ip || req.socket.remoteAddress || "unknown",
      cspNonce: res.locals.cspNonce,
    }),
  }),
);

const server = app.listen(port, host, () => {
  const address = server.address();
  const shown = typeof address === "object" && address ? `${address.address}:${address.port}` : `${host}:${port}`;
  console.log(`ULG Workshop listening on http://${shown}`);
});

function shutdown() {
  server.close(() => process.exit(0));
  // Keep-alive sockets would hold close() open; do not wait for them.
  server.closeIdleConnections?.();
  setTimeout(() => process.exit(0), 3000).unref();
}
process.on("SIGTERM", shutdown);
process.on("SIGINT", shutdown);
