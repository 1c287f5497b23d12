import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { notFound } from "~/auth/auth.server";
import { statementCountingEnabled } from "../../server/request-stats.js";

// The benchmark's baseline (npm run bench): a page of this same server that reads no data, so
// every other page's throughput is compared with what Remix, React and the shell cost alone.
// Requested without a session cookie, the root loader touches no database either. Outside the
// benchmark (ULG_BENCH unset) it does not exist.
export async function loader(_: LoaderFunctionArgs) {
  if (!statementCountingEnabled()) throw notFound();
  return { ok: true };
}

export const meta: MetaFunction = () => [{ title: "ULG Workshop" }];

export default function BenchBare() {
  // Only the product name: no text to translate, nothing read.
  return <h1>ULG Workshop</h1>;
}
