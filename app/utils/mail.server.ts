import nodemailer, { type Transporter } from "nodemailer";
import { eq } from "drizzle-orm";
import { getDb } from "#db/client.server";
import { outbox } from "#db/schema";
import { getEnv } from "./env.server";

export type OutgoingMail = {
  kind: string;
  cityId?: number | null;
  to: string;
  toName?: string | null;
  /** The recipient's language: subject and body are already written in it. */
  language: string;
  subject: string;
  text: string;
  html?: string | null;
  attachments?: { filename: string; content: string | Buffer; contentType?: string }[];
};

let transporter: Transporter | null | undefined;

function getTransporter(): Transporter | null {
  if (transporter !== undefined) return transporter;
  const env = getEnv();
  transporter = env.SMTP_HOST
    ? nodemailer.createTransport({
        host: env.SMTP_HOST,
        port: env.SMTP_PORT ?? 587,
        secure: env.SMTP_SECURE ?? false,
        auth: env.SMTP_USER ? { user: env.SMTP_USER, pass: env.SMTP_PASSWORD ?? "" } : undefined,
      })
    : null;
  return transporter;
}

/** For tests that start their own SMTP server after the module loaded. */
export function resetMailTransport() {
  transporter = undefined;
}

export function smtpConfigured(): boolean {
  return Boolean(getEnv().SMTP_HOST);
}

/**
 * Records the message in the outbox, then sends it when SMTP is configured. Without SMTP it
 * stays in the outbox (status "outbox") where coordinators can read it and copy a link by hand.
 * Call it outside database transactions: sending waits on the network.
 */
export async function sendMail(mail: OutgoingMail): Promise<{ id: number; status: "outbox" | "sent" | "failed" }> {
  const db = getDb();
  const row = db
    .insert(outbox)
    .values({
      kind: mail.kind,
      cityId: mail.cityId ?? null,
      toAddress: mail.to,
      toName: mail.toName ?? null,
      language: mail.language,
      subject: mail.subject,
      textBody: mail.text,
      htmlBody: mail.html ?? null,
    })
    .returning({ id: outbox.id })
    .get();
  const transport = getTransporter();
  if (!transport) return { id: row.id, status: "outbox" };
  try {
    const env = getEnv();
    await transport.sendMail({
      from: env.SMTP_FROM ?? "ULG Workshop <no-reply@localhost>",
      to: mail.toName ? { name: mail.toName, address: mail.to } : mail.to,
      subject: mail.subject,
      text: mail.text,
      html: mail.html ?? undefined,
      headers: { "Content-Language": mail.language },
      attachments: mail.attachments,
    });
    db.update(outbox).set({ status: "sent", sentAt: new Date() }).where(eq(outbox.id, row.id)).run();
    return { id: row.id, status: "sent" };
  } catch (error) {
    db.update(outbox)
      .set({ status: "failed", error: String((error as Error).message ?? error).slice(0, 500) })
      .where(eq(outbox.id, row.id))
      .run();
    return { id: row.id, status: "failed" };
  }
}

/** The address of the app as the request saw it, for links in e-mail. */
export function appOrigin(request: Request): string {
  return new URL(request.url).origin;
}
