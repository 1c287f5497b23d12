import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireUser, notFound } from "~/auth/auth.server";
import { GeneralErrorBoundary } from "~/components/error-boundary";

// Unknown addresses: signed-out visitors are sent to sign in (nothing about the app's pages leaks), others get 404.
export async function loader({ request }: LoaderFunctionArgs) {
  await requireUser(request);
  throw notFound();
}

export async function action({ request }: LoaderFunctionArgs) {
  await requireUser(request);
  throw notFound();
}

export default function NotFound() {
  return <GeneralErrorBoundary />;
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
