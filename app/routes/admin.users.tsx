import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "~/i18n/use-translation";
import { notFound, requireScope } from "~/auth/auth.server";
import { endUserSessions } from "~/auth/session.server";
import { FormError } from "~/components/forms";
import { Pagination } from "~/components/pagination";
import { AdminNav } from "~/components/admin-nav";
import { recordAudit } from "~/models/audit.server";
import { assignableRoles, changeRole, getUserInScope, listUsers, setUserActive, USERS_PAGE_SIZE } from "~/models/users.server";
import { ROLES, type Role } from "#db/enums";
import { accountsAwaitingPassword } from "~/models/invitations.server";
import { getDb } from "#db/client.server";
import { clientAddress, pageParam } from "~/utils/request.server";

export const meta: MetaFunction = () => [{ title: "Accounts · ULG Workshop" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { user, scope } = await requireScope(request, "manage:user", clientAddress(context));
  const url = new URL(request.url);
  const q = (url.searchParams.get("q") ?? "").trim().slice(0, 200);
  const page = pageParam(url);
  const { rows, total } = listUsers(scope, { q: q || undefined, page });
  // Accounts that have not chosen a password yet get a "Resend invitation" button.
  const awaitingPassword = [...accountsAwaitingPassword(rows.map((r) => r.id))];
  return {
    rows,
    total,
    pageSize: USERS_PAGE_SIZE,
    page,
    q,
    me: user.id,
    allCities: scope.kind === "all",
    awaitingPassword,
    invited: url.searchParams.has("invited"),
    created: url.searchParams.has("created"),
    roleChanged: url.searchParams.has("roleChanged"),
    roles: assignableRoles(user.role).filter((r) => r !== "admin"),
  };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const ipAddress = clientAddress(context);
  const { user, scope } = await requireScope(request, "manage:user", ipAddress);
  const form = await request.formData();
  const intent = form.get("intent");
  const id = Number(form.get("userId"));
  if (!Number.isSafeInteger(id) || id < 1) return data({ formErrors: ["validation.invalid"] }, { status: 400 });
  const target = getUserInScope(scope, id);
  if (!target) throw notFound();
  // Only an admin may touch an admin account.
  if (target.role === "admin" && user.role !== "admin") throw notFound();
  if (intent === "role") {
    if (target.id === user.id) return data({ formErrors: ["accountsAdmin.notYourRole"] }, { status: 400 });
    const role = form.get("role");
    const allowed: Role[] = assignableRoles(user.role).filter((r) => r !== "admin");
    // Admin accounts belong to no city, so they are made as such (new account), never by a role switch.
    if (!(ROLES as readonly unknown[]).includes(role) || !allowed.includes(role as Role) || target.role === "admin" || target.cityId == null) {
      return data({ formErrors: ["validation.invalid"] }, { status: 400 });
    }
    changeRole(target.id, role as Role, { id: user.id, ipAddress }, target.cityId);
    const back = new URL(request.url);
    return redirect(`${back.pathname}?roleChanged=${target.id}`);
  }
  if (intent !== "deactivate" && intent !== "activate") return data({ formErrors: ["validation.invalid"] }, { status: 400 });
  if (target.id === user.id) return data({ formErrors: ["accounts.notYourself"] }, { status: 400 });
  const active = intent === "activate";
  getDb().transaction(() => {
    setUserActive(target.id, active);
    recordAudit({
      action: active ? "user.activate" : "user.deactivate",
      actorUserId: user.id,
      cityId: target.cityId,
      entityType: "user",
      entityId: target.id,
      ipAddress,
    });
  });
  // A deactivated account is signed out everywhere at once.
  if (!active) await endUserSessions(target.id);
  const url = new URL(request.url);
  return redirect(url.pathname + url.search);
}

export default function AdminUsers() {
  const { rows, total, pageSize, page, q, me, allCities, awaitingPassword, invited, created, roleChanged, roles } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t } = useTranslation();
  return (
    <div>
      <AdminNav />
      <div className="mt-4 flex flex-wrap items-center gap-3">
        <h1 className="mr-auto text-2xl font-bold">{t("accounts.title")}</h1>
        <Link to="/admin/users/new" className="rounded bg-brand-700 px-4 py-2 font-medium text-white hover:bg-brand-800">
          {t("accountsAdmin.add")}
        </Link>
      </div>
      {created ? <p role="status" className="mt-3 rounded bg-green-50 px-3 py-2 text-green-900">{t("accountsAdmin.created")}</p> : null}
      {roleChanged ? <p role="status" className="mt-3 rounded bg-green-50 px-3 py-2 text-green-900">{t("accountsAdmin.roleChanged")}</p> : null}
      {invited ? <p role="status" className="mt-3 rounded bg-green-50 px-3 py-2 text-green-900">{t("invitation.resent")}</p> : null}
      <Form method="get" role="search" className="mt-4 flex flex-wrap items-end gap-3">
        <div>
          <label htmlFor="q" className="block text-sm font-medium">{t("accounts.search")}</label>
          <input id="q" name="q" type="search" defaultValue={q} className="mt-1 rounded border border-slate-400 px-3 py-2" />
        </div>
        <button type="submit" className="rounded bg-brand-700 px-4 py-2 font-medium text-white">{t("members.filter")}</button>
      </Form>
      <div className="mt-4"><FormError errors={actionData?.formErrors} /></div>
      <div className="mt-2 overflow-x-auto rounded-lg border border-slate-200 bg-white">
        <table className="min-w-full text-left text-sm">
          <caption className="sr-only">{t("accounts.title")}</caption>
          <thead className="bg-slate-100">
            <tr>
              <th scope="col" className="px-3 py-2">{t("accounts.name")}</th>
              <th scope="col" className="px-3 py-2">{t("accounts.email")}</th>
              <th scope="col" className="px-3 py-2">{t("accounts.role")}</th>
              {allCities ? <th scope="col" className="px-3 py-2">{t("members.city")}</th> : null}
              <th scope="col" className="px-3 py-2">{t("accounts.state")}</th>
              <th scope="col" className="px-3 py-2"><span className="sr-only">{t("accounts.actions")}</span></th>
            </tr>
          </thead>
          <tbody>
            {rows.map((u) => (
              <tr key={u.id} className="border-t border-slate-100">
                <td className="px-3 py-2 font-medium">{u.name}</td>
                <td className="px-3 py-2">{u.email}</td>
                <td className="px-3 py-2">
                  {u.id !== me && u.role !== "admin" && u.cityName ? (
                    <Form method="post" className="flex flex-wrap items-center gap-1">
                      <input type="hidden" name="userId" value={u.id} />
                      <label htmlFor={`role-${u.id}`} className="sr-only">{t("accountsAdmin.roleFor", { name: u.name })}</label>
                      <select id={`role-${u.id}`} name="role" defaultValue={u.role} className="rounded border border-slate-400 bg-white px-2 py-1">
                        {roles.map((r) => (
                          <option key={r} value={r}>{t(`roles.${r}`)}</option>
                        ))}
                      </select>
                      <button type="submit" name="intent" value="role" className="rounded border border-slate-300 px-2 py-1 hover:bg-slate-100">
                        {t("accountsAdmin.changeRole")}
                        <span className="sr-only"> {u.name}</span>
                      </button>
                    </Form>
                  ) : (
                    t(`roles.${u.role}`)
                  )}
                </td>
                {allCities ? <td className="px-3 py-2">{u.cityName ?? t("app.network")}</td> : null}
                <td className="px-3 py-2">{u.active ? t("accounts.active") : t("accounts.inactive")}</td>
                <td className="px-3 py-2">
                  {u.id !== me ? (
                    <Form method="post">
                      <input type="hidden" name="userId" value={u.id} />
                      <button
                        type="submit"
                        name="intent"
                        value={u.active ? "deactivate" : "activate"}
                        className="rounded border border-slate-300 px-2 py-1 hover:bg-slate-100"
                      >
                        {u.active ? t("accounts.deactivate") : t("accounts.activate")}
                        <span className="sr-only"> {u.name}</span>
                      </button>
                    </Form>
                  ) : null}
                  {awaitingPassword.includes(u.id) ? (
                    <Form method="post" action={`/admin/users/${u.id}/invite`} className="mt-1">
                      <button type="submit" className="rounded border border-slate-300 px-2 py-1 hover:bg-slate-100">
                        {t("invitation.resendButton")}
                        <span className="sr-only"> {u.name}</span>
                      </button>
                    </Form>
                  ) : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <Pagination page={page} total={total} pageSize={pageSize} />
      <p className="mt-2 text-sm text-slate-700">{t("accounts.count", { count: total })} <Link to="/admin/audit" className="underline">{t("nav.audit")}</Link></p>
    </div>
  );
}
