import { NavLink, useRouteLoaderData } from "@remix-run/react";
import { useTranslation } from "~/i18n/use-translation";
import { hasPermission } from "~/auth/permissions";
import type { RootData } from "~/root";

export function AdminNav() {
  const { t } = useTranslation();
  const user = (useRouteLoaderData("root") as RootData | undefined)?.user;
  const links = [
    { to: "/admin/users", label: "nav.accounts", show: hasPermission(user, "manage:user:city") || hasPermission(user, "manage:user:any") },
    { to: "/admin/audit", label: "nav.audit", show: hasPermission(user, "read:audit:city") || hasPermission(user, "read:audit:any") },
    { to: "/admin/cities", label: "nav.cities", show: hasPermission(user, "manage:city:any") },
    { to: "/admin/outbox", label: "outbox.nav", show: hasPermission(user, "read:outbox:city") || hasPermission(user, "read:outbox:any") },
  ].filter((l) => l.show);
  return (
    <nav aria-label={t("nav.adminLabel")}>
      <ul className="flex flex-wrap gap-2 text-sm">
        {links.map((l) => (
          <li key={l.to}>
            <NavLink to={l.to} className={({ isActive }) => `block rounded px-3 py-1 ${isActive ? "bg-slate-200 font-semibold" : "underline"}`}>
              {t(l.label)}
            </NavLink>
          </li>
        ))}
      </ul>
    </nav>
  );
}
