import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "~/i18n/use-translation";
import { MEETING_KINDS, type MeetingKind } from "#db/enums";
import { forbidden, requireUser } from "~/auth/auth.server";
import { hasPermission } from "~/auth/permissions";
import type { SessionUser } from "~/auth/session.server";
import { MeetingForm } from "~/components/meeting-form";
import { getCity, listCityOptions } from "~/models/cities.server";
import { parseMeetingForm } from "~/models/meeting-form.server";
import { createMeeting } from "~/models/meetings.server";
import { recordAudit } from "~/models/audit.server";
import { clientAddress } from "~/utils/request.server";

export const meta: MetaFunction = () => [{ title: "Schedule a meeting · ULG Workshop" }];

/** Kinds this user may schedule: city kinds for coordinators of a city, transnational for project coordinators and admins. */
function allowedKinds(user: Pick<SessionUser, "role" | "cityId">): MeetingKind[] {
  const kinds: MeetingKind[] = [];
  if (user.cityId != null && hasPermission(user, "write:meeting:city")) kinds.push(...MEETING_KINDS.filter((k) => k !== "transnational"));
  if (hasPermission(user, "write:network-meeting:any")) kinds.push("transnational");
  return kinds;
}

async function requireScheduler(request: Request, ipAddress: string) {
  const user = await requireUser(request);
  const kinds = allowedKinds(user);
  if (kinds.length === 0) {
    recordAudit({ action: "access.denied", actorUserId: user.id, cityId: user.cityId, detail: { permission: "write:meeting", path: "/meetings/new" }, ipAddress });
    throw forbidden();
  }
  return { user, kinds };
}

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { user, kinds } = await requireScheduler(request, clientAddress(context));
  return {
    kinds,
    hostCities: kinds.includes("transnational") ? listCityOptions().map((c) => ({ id: c.id, name: c.name })) : null,
    timeZone: user.city?.timeZone ?? "UTC",
  };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const ipAddress = clientAddress(context);
  const { user, kinds } = await requireScheduler(request, ipAddress);
  const formData = await request.formData();
  const kind = formData.get("kind");
  // Transnational meetings are entered in the host city's time, city meetings in the city's.
  const hostCity = kind === "transnational" ? getCity(Number(formData.get("hostCityId"))) : null;
  const timeZone = kind === "transnational" ? hostCity?.timeZone ?? "UTC" : user.city?.timeZone ?? "UTC";
  const { submission, values } = parseMeetingForm(formData, timeZone);
  if (!values) return data(submission.reply(), { status: 400 });
  if (!kinds.includes(values.kind)) return data(submission.reply({ fieldErrors: { kind: ["validation.invalid"] } }), { status: 400 });
  if (values.kind === "transnational" && !hostCity) {
    return data(submission.reply({ fieldErrors: { hostCityId: ["meetingForm.hostCityRequired"] } }), { status: 400 });
  }
  const cityId = values.kind === "transnational" ? null : user.cityId;
  const id = createMeeting(cityId, { ...values, hostCityId: values.kind === "transnational" ? hostCity!.id : null }, { id: user.id, ipAddress });
  return redirect(`/meetings/${id}?created=1`);
}

export default function NewMeeting() {
  const { kinds, hostCities, timeZone } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const { t } = useTranslation();
  return (
    <div className="mx-auto max-w-3xl">
      <p className="text-sm"><Link to="/meetings" className="text-brand-700 underline">{t("meetings.back")}</Link></p>
      <h1 className="mt-2 text-2xl font-bold">{t("meetingForm.newTitle")}</h1>
      <MeetingForm lastResult={lastResult} kinds={kinds} hostCities={hostCities} timeZone={timeZone} submitLabel={t("meetingForm.create")} defaultValue={{ kind: kinds[0], startTime: "17:00", endTime: "19:00" }} />
    </div>
  );
}
