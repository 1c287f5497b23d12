import { z } from "zod";

const boolish = z
  .enum(["true", "false", "1", "0", "yes", "no", ""])
  .optional()
  .transform((v) => (v === undefined || v === "" ? undefined : ["true", "1", "yes"].includes(v)));

const schema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  DATABASE_PATH: z.string().min(1).default("data/ulg.sqlite"),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default("127.0.0.1"),
  // Comma-separated: the first signs new cookies, all verify (rotation).
  SESSION_SECRET: z
    .string({ error: "SESSION_SECRET is required: one or more comma-separated random secrets of at least 32 characters" })
    .min(1, "SESSION_SECRET is required")
    .transform((v) => v.split(",").map((s) => s.trim()).filter(Boolean))
    .refine((l) => l.every((s) => s.length >= 32), "each SESSION_SECRET must be at least 32 characters"),
  // Secure cookies unless the operator opts out for a plain-HTTP trial.
  COOKIE_SECURE: boolish,
  SESSION_IDLE_DAYS: z.coerce.number().positive().default(7),
  SESSION_MAX_DAYS: z.coerce.number().positive().default(30),
  TRUST_PROXY: boolish,
  SMTP_HOST: z.string().optional(),
  SMTP_PORT: z.coerce.number().int().positive().optional(),
  SMTP_USER: z.string().optional(),
  SMTP_PASSWORD: z.string().optional(),
  SMTP_FROM: z.string().optional(),
  SMTP_SECURE: boolish,
});

export type Env = z.infer<typeof schema>;

let cached: Env | undefined;

/** Reads and checks the environment once; a bad value stops start-up with a message naming it. */
export function getEnv(): Env {
  if (cached) return cached;
  const parsed = schema.safeParse(process.env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`);
    const message = `Invalid configuration in the environment:\n${lines.join("\n")}`;
    throw new Error(message);
  }
  cached = parsed.data;
  return cached;
}

export function cookieSecure(env: Env = getEnv()): boolean {
  return env.COOKIE_SECURE ?? env.NODE_ENV === "production";
}
