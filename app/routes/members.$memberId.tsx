import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData, useSearchParams } from "@remix-run/react";
import { useTranslation } from "~/i18n/use-translation";
import { notFound, requireScope } from "~/auth/auth.server";
import { hasPermission } from "~/auth/permissions";
import { getMember } from "~/models/members.server";
import { displayMemberName } from "~/utils/member-display";
import { clientAddress } from "~/utils/request.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.member.name ?? ""} · ULG Workshop` }];

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { user, scope } = await requireScope(request, "read:member", clientAddress(context));
  const id = Number(params.memberId);
  if (!Number.isSafeInteger(id) || id < 1) throw notFound();
  const member = getMember(scope, id);
  // Another city's member is indistinguishable from one that does not exist.
  if (!member) throw notFound();
  const seesContact =
    member.consentContact ||
    hasPermission(user, "read:member-contact:city") ||
    hasPermission(user, "read:member-contact:any") ||
    member.userId === user.id;
  const { email, phone, account, ...rest } = member;
  const canWrite = hasPermission(user, "write:member:city");
  return {
    member: { ...rest, email: seesContact ? email : null, phone: seesContact ? phone : null },
    contactHidden: !seesContact,
    account: account && account.active !== null ? { active: Boolean(account.active), hasPassword: Boolean(account.hasPassword), erasureRequested: Boolean(account.erasureRequestedAt) } : null,
    can: {
      edit: canWrite && !member.erasedAt,
      invite: hasPermission(user, "invite:member:city") && !member.erasedAt && !member.leftOn && Boolean(email) && !(account?.hasPassword && account.active),
      erase: hasPermission(user, "erase:member:city") && !member.erasedAt,
    },
  };
}

export default function MemberPage() {
  const { member, contactHidden, account, can } = useLoaderData<typeof loader>();
  const [params] = useSearchParams();
  const { t, i18n } = useTranslation();
  const flash = (["added", "saved", "ended", "rejoined", "invited"] as const).find((k) => params.get(k));
  const flashText = { added: "memberForm.added", saved: "memberForm.saved", ended: "membership.ended", rejoined: "membership.rejoined", invited: "roster.invited" };
  const df = new Intl.DateTimeFormat(i18n.language, { dateStyle: "long", timeZone: "UTC" });
  const date = (d: string | null) => (d ? df.format(new Date(`${d}T00:00:00Z`)) : "—");
  return (
    <article>
      <p className="text-sm"><Link to="/members" className="text-brand-700 underline">{t("members.back")}</Link></p>
      {flash ? (
        <p role="status" className="mt-3 rounded bg-green-50 px-3 py-2 text-green-900">
          {t(flashText[flash])}
        </p>
      ) : null}
      <h1 className="mt-2 text-2xl font-bold">{displayMemberName(member, t)}</h1>
      <p className="text-slate-700">{[member.position, member.organisation].filter(Boolean).join(", ")}</p>
      <dl className="mt-6 grid grid-cols-1 gap-x-6 gap-y-3 rounded-lg border border-slate-200 bg-white p-4 sm:grid-cols-2">
        <Item label={t("members.sector")} value={t(`sectors.${member.sector}`)} />
        <Item label={t("members.status")} value={member.leftOn ? t("members.leftOn", { date: date(member.leftOn) }) : t("members.statusActive")} />
        <Item label={t("members.joined")} value={date(member.joinedOn)} />
        <Item label={t("members.city")} value={member.cityName} />
        <Item label={t("members.account")} value={account ? (account.active ? t("roster.hasAccount") : t("accounts.inactive")) : t("roster.noAccount")} />
        {contactHidden ? null : (
          <>
            <Item label={t("members.email")} value={member.email ?? "—"} />
            <Item label={t("members.phone")} value={member.phone ?? "—"} />
          </>
        )}
      </dl>
      {/* Outside the list: a <dl> may hold only term and description groups (axe: definition-list). */}
      {contactHidden ? <p className="mt-3 text-sm text-slate-700">{t("members.contactHidden")}</p> : null}
      {account?.erasureRequested && can.erase ? (
        <p role="status" className="mt-4 rounded border border-amber-500 bg-amber-50 px-3 py-2 text-amber-900">
          {t("roster.erasureRequested")}
        </p>
      ) : null}
      {can.edit || can.invite || can.erase ? (
        <div className="mt-6 flex flex-wrap gap-3">
          {can.edit ? (
            <Link to={`/members/${member.id}/edit`} className="rounded bg-brand-700 px-4 py-2 font-medium text-white hover:bg-brand-800">
              {t("roster.edit")}
            </Link>
          ) : null}
          {can.invite ? (
            <Link to={`/members/${member.id}/invite`} className="rounded border border-slate-400 px-4 py-2 hover:bg-slate-100">
              {t("roster.invite")}
            </Link>
          ) : null}
          {can.erase ? (
            <Link to={`/members/${member.id}/erase`} className="rounded border border-red-700 px-4 py-2 text-red-800 hover:bg-red-50">
              {t("roster.erase")}
            </Link>
          ) : null}
        </div>
      ) : null}
    </article>
  );
}

function Item({ label, value }: { label: string; value: string }) {
  return (
    <div>
      <dt className="text-sm text-slate-600">{label}</dt>
      <dd className="font-medium">{value}</dd>
    </div>
  );
}
