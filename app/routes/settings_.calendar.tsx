import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { useEffect, useState } from "react";
import { useTranslation } from "~/i18n/use-translation";
import { requirePermission } from "~/auth/auth.server";
import { accessFor } from "~/auth/permissions";
import { feedAddress, feedSecretFlash, hasCalendarFeed, isCurrentCalendarToken, renewCalendarToken } from "~/models/calendar.server";
import { appOrigin } from "~/utils/mail.server";
import { clientAddress } from "~/utils/request.server";

// `settings_` keeps this page out of the settings page, which has no <Outlet/>.

export const meta: MetaFunction = () => [{ title: "Calendar feed · ULG Workshop" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "update:settings:own", clientAddress(context));
  const flash = feedSecretFlash();
  const secret: unknown = await flash.parse(request.headers.get("Cookie"));
  // Shown once, and only while it is still this user's current secret.
  const address = typeof secret === "string" && isCurrentCalendarToken(user.id, secret) ? feedAddress(appOrigin(request), secret) : null;
  const done = new URL(request.url).searchParams.get("done");
  const body = {
    address,
    hasFeed: hasCalendarFeed(user.id),
    networkOnly: accessFor(user, "read:meeting") === "any",
    done: done === "created" || done === "renewed" ? done : null,
  };
  return secret == null ? body : data(body, { headers: { "Set-Cookie": await flash.serialize("", { maxAge: 0 }) } });
}

export async function action({ request, context }: ActionFunctionArgs) {
  const ipAddress = clientAddress(context);
  const user = await requirePermission(request, "update:settings:own", ipAddress);
  const form = await request.formData();
  if (form.get("intent") !== "renew") throw new Response("Bad Request", { status: 400 });
  const replaced = hasCalendarFeed(user.id);
  const token = renewCalendarToken({ id: user.id, cityId: user.cityId, ipAddress });
  return redirect(`/settings/calendar?done=${replaced ? "renewed" : "created"}`, {
    headers: { "Set-Cookie": await feedSecretFlash().serialize(token) },
  });
}

function CopyButton({ targetId }: { targetId: string }) {
  const { t } = useTranslation();
  // Without JavaScript there is nothing to copy with: the field is selected on focus instead.
  const [ready, setReady] = useState(false);
  const [copied, setCopied] = useState(false);
  useEffect(() => setReady(typeof navigator !== "undefined" && Boolean(navigator.clipboard)), []);
  if (!ready) return null;
  return (
    <button
      type="button"
      className="rounded border border-slate-400 px-3 py-2 text-sm font-medium hover:bg-slate-100"
      onClick={() => {
        const input = document.getElementById(targetId) as HTMLInputElement | null;
        if (!input) return;
        void navigator.clipboard.writeText(input.value).then(() => setCopied(true));
      }}
    >
      <span aria-live="polite">{copied ? t("calendar.copied") : t("calendar.copy")}</span>
    </button>
  );
}

export default function CalendarSettings() {
  const { address, hasFeed, networkOnly, done } = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  const section = "mt-6 space-y-3 rounded-lg border border-slate-200 bg-white p-6";
  return (
    <div className="mx-auto max-w-xl">
      <p className="text-sm">
        <Link to="/settings" className="text-brand-700 underline">{t("calendar.back")}</Link>
      </p>
      <h1 className="mt-2 text-2xl font-bold">{t("calendar.title")}</h1>
      {done && address ? <p role="status" className="mt-3 rounded bg-green-50 px-3 py-2 text-green-900">{t(`calendar.${done}`)}</p> : null}
      <div className="mt-3 space-y-3">
        <p>{t(networkOnly ? "calendar.introAdmin" : "calendar.intro")}</p>
        <p className="text-sm text-slate-700">{t("calendar.private")}</p>
      </div>

      {address ? (
        <section aria-labelledby="feed-address-title" className={section}>
          <h2 id="feed-address-title" className="text-lg font-semibold">
            <label htmlFor="feed-address">{t("calendar.yourAddress")}</label>
          </h2>
          <p id="feed-address-hint" className="text-sm font-medium text-amber-900">{t("calendar.copyNow")}</p>
          <div className="flex flex-col gap-2 sm:flex-row">
            <input
              id="feed-address"
              type="text"
              readOnly
              value={address}
              aria-describedby="feed-address-hint"
              onFocus={(e) => e.currentTarget.select()}
              className="block w-full min-w-0 rounded border border-slate-400 bg-slate-50 px-3 py-2 font-mono text-sm"
            />
            <CopyButton targetId="feed-address" />
          </div>
        </section>
      ) : null}

      <section aria-labelledby="feed-manage-title" className={section}>
        <h2 id="feed-manage-title" className="text-lg font-semibold">{t(hasFeed ? "calendar.renew" : "calendar.create")}</h2>
        {address ? null : <p className="text-sm text-slate-700">{t(hasFeed ? "calendar.exists" : "calendar.none")}</p>}
        {hasFeed ? <p className="text-sm text-slate-700">{t("calendar.renewWarning")}</p> : null}
        <Form method="post">
          <input type="hidden" name="intent" value="renew" />
          <button type="submit" className="rounded bg-brand-700 px-4 py-2 font-medium text-white hover:bg-brand-800">
            {t(hasFeed ? "calendar.renew" : "calendar.create")}
          </button>
        </Form>
      </section>

      <section aria-labelledby="feed-how-title" className={section}>
        <h2 id="feed-how-title" className="text-lg font-semibold">{t("calendar.howTitle")}</h2>
        <ul className="list-disc space-y-1 pl-5 text-sm">
          {(["outlook", "google", "apple", "thunderbird"] as const).map((k) => (
            <li key={k}>{t(`calendar.how.${k}`)}</li>
          ))}
        </ul>
        <p className="text-sm text-slate-700">{t("calendar.how.refresh")}</p>
      </section>
    </div>
  );
}
