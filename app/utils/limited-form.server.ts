/** How much of an over-long body is read and thrown away before giving up on it. */
const DRAIN_LIMIT_BYTES = 64 * 1024 * 1024;

export type LimitedForm = { kind: "ok"; formData: FormData } | { kind: "tooLarge" } | { kind: "unreadable" };

/**
 * Reads a form body (multipart or URL-encoded) of at most `maxBytes`. A bigger body is read to its
 * end (up to 64 MB) and discarded: answering before the browser has sent the whole upload makes
 * many browsers show a connection error instead of the page that explains the limit.
 */
export async function readLimitedFormData(request: Request, maxBytes: number): Promise<LimitedForm> {
  const declared = Number(request.headers.get("Content-Length") ?? Number.NaN);
  let tooLarge = Number.isFinite(declared) && declared > maxBytes;
  const chunks: Uint8Array[] = [];
  let total = 0;
  if (request.body) {
    const reader = request.body.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      total += value.byteLength;
      if (total > maxBytes) tooLarge = true;
      if (!tooLarge) chunks.push(value);
      if (total > DRAIN_LIMIT_BYTES) {
        await reader.cancel();
        break;
      }
    }
  }
  if (tooLarge) return { kind: "tooLarge" };
  const body = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    body.set(chunk, offset);
    offset += chunk.byteLength;
  }
  try {
    const formData = await new Response(body, {
      headers: { "Content-Type": request.headers.get("Content-Type") ?? "application/x-www-form-urlencoded" },
    }).formData();
    return { kind: "ok", formData };
  } catch {
    return { kind: "unreadable" };
  }
}
