// Invitations and password resets through a real SMTP server on loopback. The server starts at
// the top of the file and SMTP_* is set before anything reads the environment; the app modules
// are imported afterwards, so the mail transport is created with this server's address.
import type { AddressInfo } from "node:net";
import { SMTPServer } from "smtp-server";
import { afterAll, describe, expect, it, vi } from "vitest";

type Received = { from: string; to: string[]; raw: string };
const received: Received[] = [];

const server = new SMTPServer({
  secure: false,
  authOptional: true,
  disabledCommands: ["STARTTLS"],
  logger: false,
  onRcptTo(address, _session, callback) {
    // A recipient the server refuses, to see a failure recorded.
    if (address.address.startsWith("refused")) return callback(new Error("550 No such mailbox"));
    callback();
  },
  onData(stream, session, callback) {
    const chunks: Buffer[] = [];
    stream.on("data", (chunk: Buffer) => chunks.push(chunk));
    stream.on("end", () => {
      received.push({
        from: session.envelope.mailFrom ? session.envelope.mailFrom.address : "",
        to: session.envelope.rcptTo.map((r) => r.address),
        raw: Buffer.concat(chunks).toString("utf8"),
      });
      callback();
    });
  },
});
await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", () => resolve()));
const port = (server.server.address() as AddressInfo).port;
process.env.SMTP_HOST = "127.0.0.1";
process.env.SMTP_PORT = String(port);
process.env.SMTP_FROM = "ULG Workshop <no-reply@ulg.example>";

const { and, desc, eq } = await import("drizzle-orm");
const { getDb } = await import("#db/client.server");
const { outbox, users } = await import("#db/schema");
const { resetMailTransport, smtpConfigured } = await import("~/utils/mail.server");
const { action: inviteAction } = await import("~/routes/members.$memberId_.invite");
const { action: forgotAction } = await import("~/routes/forgot-password");
const { loader: acceptLoader } = await import("~/routes/invite.$token");
const { context, cookieFor, makeCity, makeMember, makeUser, request, settle } = await import("./factories");

resetMailTransport();

afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

// ---------------------------------------------------------------- reading a raw message

function splitMessage(raw: string) {
  const at = raw.indexOf("\r\n\r\n");
  const head = raw.slice(0, at).replace(/\r\n[ \t]+/g, " ");
  const headers = new Map<string, string>();
  for (const line of head.split("\r\n")) {
    const colon = line.indexOf(":");
    headers.set(line.slice(0, colon).toLowerCase(), line.slice(colon + 1).trim());
  }
  return { headers, body: raw.slice(at + 4) };
}

/** RFC 2047 encoded words (=?UTF-8?Q?…?= / =?UTF-8?B?…?=); the space between two of them is dropped. */
function decodeHeader(value: string): string {
  return value
    .replace(/(\?=)\s+(=\?)/g, "$1$2")
    .replace(/=\?([^?]+)\?([QqBb])\?([^?]*)\?=/g, (_m, _charset: string, enc: string, text: string) =>
      enc.toUpperCase() === "B"
        ? Buffer.from(text, "base64").toString("utf8")
        : Buffer.from(text.replace(/_/g, " ").replace(/=([0-9A-Fa-f]{2})/g, (_x, h: string) => String.fromCharCode(parseInt(h, 16))), "latin1").toString("utf8"),
    );
}

function decodeBody(body: string, encoding: string | undefined): string {
  const enc = (encoding ?? "7bit").toLowerCase();
  if (enc === "base64") return Buffer.from(body.replace(/\s+/g, ""), "base64").toString("utf8");
  if (enc === "quoted-printable") {
    const bytes = body.replace(/=\r\n/g, "").replace(/=([0-9A-Fa-f]{2})/g, (_x, h: string) => String.fromCharCode(parseInt(h, 16)));
    return Buffer.from(bytes, "latin1").toString("utf8");
  }
  return body;
}

/** The decoded text/plain and text/html parts of a (possibly multipart) message. */
function parts(raw: string): { headers: Map<string, string>; text: string; html: string } {
  const { headers, body } = splitMessage(raw);
  const type = headers.get("content-type") ?? "text/plain";
  const found = { text: "", html: "" };
  const boundary = /boundary="?([^";]+)"?/.exec(type)?.[1];
  const sections = boundary ? body.split(`--${boundary}`).slice(1, -1).map((s) => s.replace(/^\r\n/, "")) : [raw];
  for (const section of sections) {
    const part = boundary ? splitMessage(section) : { headers, body };
    const partType = part.headers.get("content-type") ?? "";
    const decoded = decodeBody(part.body.replace(/\r\n$/, ""), part.headers.get("content-transfer-encoding"));
    if (partType.startsWith("text/plain")) found.text = decoded;
    if (partType.startsWith("text/html")) found.html = decoded;
  }
  return { headers, ...found };
}

// ---------------------------------------------------------------- tests

describe("mail through SMTP", () => {
  it("sends a Finnish invitation that a real SMTP server receives, and marks it sent", async () => {
    expect(smtpConfigured()).toBe(true);
    const iisalmi = makeCity({ name: "Iisalmi", language: "fi", timeZone: "Europe/Helsinki" });
    const coordinator = await makeUser("ulg_coordinator", iisalmi.id, { name: "Jari Savolainen" });
    const member = makeMember(iisalmi.id, { name: "Päivi Ääri", email: "paivi.aari@example.org" });
    const cookie = await cookieFor(coordinator.id);

    const res = (await settle(() =>
      inviteAction({
        request: request(`/members/${member.id}/invite`, { method: "POST", cookie }),
        context: context(),
        params: { memberId: String(member.id) },
      }),
    )) as Response;
    expect(res.status).toBe(302);

    expect(received).toHaveLength(1);
    const message = received[0];
    expect(message.to).toEqual(["paivi.aari@example.org"]);
    expect(message.from).toBe("no-reply@ulg.example");

    const { headers, text, html } = parts(message.raw);
    expect(decodeHeader(headers.get("subject")!)).toBe("Kutsu ULG Workshopiin – ULG-ryhmä Iisalmi");
    expect(decodeHeader(headers.get("to")!)).toContain("paivi.aari@example.org");
    expect(headers.get("content-language")).toBe("fi");
    expect(text).toContain("Hei Päivi Ääri,");
    expect(text).toContain("Jari Savolainen on kutsunut sinut ULG Workshopiin");
    expect(text).toContain("Hyväksy kutsu avaamalla tämä linkki ja valitsemalla salasana:");
    const link = /http:\/\/localhost\/invite\/([A-Za-z0-9_-]+)/.exec(text);
    expect(link).not.toBeNull();
    expect(html).toContain(`<a href="${link![0]}">`);
    expect(html).toContain('lang="fi"');

    // The link in the received mail is the one that works.
    const token = link![1];
    expect(await acceptLoader({ request: request(`/invite/${token}`), context: context(), params: { token } })).toMatchObject({
      email: "paivi.aari@example.org",
    });

    const row = getDb().select().from(outbox).where(eq(outbox.toAddress, "paivi.aari@example.org")).get()!;
    expect(row.status).toBe("sent");
    expect(row.sentAt).not.toBeNull();
    expect(row.error).toBeNull();
  });

  it("records a refused message as failed, with the server's reason", async () => {
    const city = makeCity({ language: "en" });
    const coordinator = await makeUser("ulg_coordinator", city.id);
    const member = makeMember(city.id, { email: "refused@example.org" });
    const cookie = await cookieFor(coordinator.id);
    const res = (await settle(() =>
      inviteAction({
        request: request(`/members/${member.id}/invite`, { method: "POST", cookie }),
        context: context(),
        params: { memberId: String(member.id) },
      }),
    )) as Response;
    // The invitation exists; the coordinator can copy the link from the outbox.
    expect(res.status).toBe(302);
    const row = getDb().select().from(outbox).where(eq(outbox.toAddress, "refused@example.org")).get()!;
    expect(row.status).toBe("failed");
    expect(row.error).toMatch(/No such mailbox/);
  });

  it("delivers a password reset in the account's language without making the answer wait", async () => {
    const city = makeCity({ language: "fi" });
    const person = await makeUser("member", city.id, { language: "en", name: "Emma English" });
    const before = received.length;
    const res = (await settle(() =>
      forgotAction({ request: request("/forgot-password", { form: { email: person.email } }), context: context(), params: {} }),
    )) as Response;
    expect(res.headers.get("Location")).toBe("/forgot-password?sent=1");
    await vi.waitFor(() => {
      const row = getDb().select().from(outbox).where(and(eq(outbox.toAddress, person.email), eq(outbox.kind, "reset"))).orderBy(desc(outbox.id)).get();
      expect(row?.status).toBe("sent");
    });
    expect(received.length).toBe(before + 1);
    const { headers, text } = parts(received.at(-1)!.raw);
    expect(decodeHeader(headers.get("subject")!)).toBe("Choose a new password for ULG Workshop");
    expect(text).toMatch(/http:\/\/localhost\/reset-password\/[A-Za-z0-9_-]+/);
    expect(getDb().select().from(users).where(eq(users.id, person.id)).get()!.passwordHash).not.toBeNull();
  });
});

