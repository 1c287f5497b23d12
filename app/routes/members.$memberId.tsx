import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { notFound, requireScope } from "~/auth/auth.server";
import { hasPermission } from "~/auth/permissions";
import { getMember } from "~/models/members.server";
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
  const { email, phone, ...rest } = member;
  return { member: { ...rest, email: seesContact ? email : null, phone: seesContact ? phone : null }, contactHidden: !seesContact };
}

export default function MemberPage() {
  const { member, contactHidden } = useLoaderData<typeof loader>();
  const { t, i18n } = useTranslation();
  const df = new Intl.DateTimeFormat(i18n.language, { dateStyle: "long", timeZone: "UTC" });
  const date = (d: string | null) => (d ? df.format(new Date(`${d}T00:00:00Z`)) : "—");
  return (
    <article>
      <p className="text-sm"><Link to="/members" className="text-brand-700 underline">{t("members.back")}</Link></p>
      <h1 className="mt-2 text-2xl font-bold">{member.name}</h1>
      <p className="text-slate-700">{[member.position, member.organisation].filter(Boolean).join(", ")}</p>
      <dl className="mt-6 grid grid-cols-1 gap-x-6 gap-y-3 rounded-lg border border-slate-200 bg-white p-4 sm:grid-cols-2">
        <Item label={t("members.sector")} value={t(`sectors.${member.sector}`)} />
        <Item label={t("members.status")} value={member.leftOn ? t("members.leftOn", { date: date(member.leftOn) }) : t("members.statusActive")} />
        <Item label={t("members.joined")} value={date(member.joinedOn)} />
        <Item label={t("members.city")} value={member.cityName} />
        {contactHidden ? (
          <p className="text-sm text-slate-700 sm:col-span-2">{t("members.contactHidden")}</p>
        ) : (
          <>
            <Item label={t("members.email")} value={member.email ?? "—"} />
            <Item label={t("members.phone")} value={member.phone ?? "—"} />
          </>
        )}
      </dl>
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
