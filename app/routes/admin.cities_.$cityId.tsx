import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "~/i18n/use-translation";
import { notFound, requirePermission } from "~/auth/auth.server";
import { AdminNav } from "~/components/admin-nav";
import { CityForm } from "~/components/city-form";
import { getCity } from "~/models/cities.server";
import { handleCityForm } from "~/models/city-form.server";
import { clientAddress } from "~/utils/request.server";

export const meta: MetaFunction = () => [{ title: "Edit city · ULG Workshop" }];

function cityId(params: { cityId?: string }) {
  const id = Number(params.cityId);
  if (!Number.isSafeInteger(id) || id < 1) throw notFound();
  return id;
}

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  await requirePermission(request, "manage:city:any", clientAddress(context));
  const city = getCity(cityId(params));
  if (!city) throw notFound();
  return { city: { name: city.name, slug: city.slug, country: city.country, language: city.language, timeZone: city.timeZone, isLeadPartner: city.isLeadPartner } };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const ipAddress = clientAddress(context);
  const user = await requirePermission(request, "manage:city:any", ipAddress);
  const id = cityId(params);
  if (!getCity(id)) throw notFound();
  return handleCityForm(request, id, { id: user.id, ipAddress });
}

export default function EditCity() {
  const { city } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const { t } = useTranslation();
  return (
    <div>
      <AdminNav />
      <div className="mx-auto max-w-2xl">
        <h1 className="mt-4 text-2xl font-bold">{t("citiesAdmin.editTitle", { name: city.name })}</h1>
        <CityForm lastResult={lastResult} defaultValue={city} />
      </div>
    </div>
  );
}
