import { Form, Link, NavLink, useRouteLoaderData } from "@remix-run/react";
import { useTranslation } from "~/i18n/use-translation";
import { hasPermission, type Permission } from "~/auth/permissions";
import type { RootData } from "~/root";

type NavItem = { to: string; label: string; permission?: Permission; anyOf?: Permission[] };

const NAV: NavItem[] = [
  { to: "/", label: "nav.dashboard" },
  { to: "/members", label: "nav.members", anyOf: ["read:member:city", "read:member:any"] },
  { to: "/meetings", label: "nav.meetings", anyOf: ["read:meeting:city", "read:meeting:any"] },
  { to: "/ideas", label: "nav.ideas", anyOf: ["read:idea:city", "read:idea:any"] },
  { to: "/action-plan", label: "actionPlan.nav", anyOf: ["read:action-plan:city", "read:action-plan:any"] },
  { to: "/reports", label: "reports.nav", anyOf: ["read:report:city", "read:report:any"] },
  { to: "/network", label: "networkPage.nav", anyOf: ["read:network:any"] },
  { to: "/admin/users", label: "nav.admin", anyOf: ["manage:user:city", "manage:user:any"] },
  { to: "/admin/outbox", label: "outbox.nav", anyOf: ["read:outbox:city", "read:outbox:any"] },
];

export function AppShell({ children }: { children: React.ReactNode }) {
  const data = useRouteLoaderData("root") as RootData | undefined;
  const { t } = useTranslation();
  const user = data?.user ?? null;
  const locale = data?.locale ?? "en";
  const items = NAV.filter((i) => !user ? false : !i.anyOf || i.anyOf.some((p) => hasPermission(user, p)));
  return (
    <div className="flex min-h-screen flex-col">
      <a href="#main" className="sr-only focus:not-sr-only focus:absolute focus:left-2 focus:top-2 focus:z-10 focus:rounded focus:bg-white focus:px-3 focus:py-2">
        {t("nav.skip")}
      </a>
      <header className="border-b border-slate-200 bg-white print:hidden">
        <div className="mx-auto flex max-w-6xl flex-wrap items-center gap-x-6 gap-y-2 px-4 py-3">
          <Link to="/" className="text-lg font-bold text-brand-800">
            {t("app.name")}
          </Link>
          {user ? (
            <p className="text-sm text-slate-700" data-testid="current-user">
              <span className="font-medium">{user.name}</span>
              {" · "}
              {t(`roles.${user.role}`)}
              {user.cityName ? ` · ${user.cityName}` : ` · ${t("app.network")}`}
            </p>
          ) : null}
          <div className="ml-auto flex flex-wrap items-center gap-3">
            <LanguageSwitch locale={locale} path={data?.path ?? "/"} />
            {user ? (
              <>
                <Link to="/settings" className="text-sm text-slate-700 underline">
                  {t("nav.settings")}
                </Link>
                <Form method="post" action="/logout">
                  <button type="submit" className="rounded border border-slate-300 px-3 py-1 text-sm hover:bg-slate-100">
                    {t("nav.signOut")}
                  </button>
                </Form>
              </>
            ) : null}
          </div>
        </div>
        {items.length > 0 ? (
          <nav aria-label={t("nav.label")} className="border-t border-slate-100">
            <ul className="mx-auto flex max-w-6xl flex-wrap gap-1 px-2 py-1">
              {items.map((item) => (
                <li key={item.to}>
                  <NavLink
                    to={item.to}
                    end={item.to === "/"}
                    prefetch="intent"
                    className={({ isActive }) =>
                      `block rounded px-3 py-2 text-sm font-medium ${isActive ? "bg-brand-50 text-brand-800" : "text-slate-700 hover:bg-slate-100"}`
                    }
                  >
                    {t(item.label)}
                  </NavLink>
                </li>
              ))}
            </ul>
          </nav>
        ) : null}
      </header>
      <main id="main" className="mx-auto w-full max-w-6xl flex-1 px-4 py-6">
        {children}
      </main>
      <footer className="border-t border-slate-200 bg-white py-3 text-center text-xs text-slate-600 print:hidden">
        {t("app.footer")}
      </footer>
    </div>
  );
}

function LanguageSwitch({ locale, path }: { locale: string; path: string }) {
  const { t } = useTranslation();
  return (
    <Form method="post" action="/language" className="flex items-center gap-2" reloadDocument>
      <input type="hidden" name="redirectTo" value={path} />
      <label htmlFor="language-switch" className="text-sm text-slate-700">
        {t("nav.language")}
      </label>
      <select
        id="language-switch"
        name="language"
        key={locale}
        defaultValue={locale}
        className="rounded border border-slate-300 bg-white px-2 py-1 text-sm"
      >
        <option value="en" lang="en">English</option>
        <option value="fi" lang="fi">Suomi</option>
      </select>
      <button type="submit" className="rounded border border-slate-300 px-2 py-1 text-sm hover:bg-slate-100">
        {t("nav.changeLanguage")}
      </button>
    </Form>
  );
}
