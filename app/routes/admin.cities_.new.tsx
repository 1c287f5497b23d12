import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useActionData } from "@remix-run/react";
import { useTranslation } from "~/i18n/use-translation";
import { requirePermission } from "~/auth/auth.server";
import { AdminNav } from "~/components/admin-nav";
import { CityForm } from "~/components/city-form";
import { handleCityForm } from "~/models/city-form.server";
import { clientAddress } from "~/utils/request.server";

export const meta: MetaFunction = () => [{ title: "Add a city · ULG Workshop" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requirePermission(request, "manage:city:any", clientAddress(context));
  return null;
}

export async function action({ request, context }: ActionFunctionArgs) {
  const ipAddress = clientAddress(context);
  const user = await requirePermission(request, "manage:city:any", ipAddress);
  return handleCityForm(request, null, { id: user.id, ipAddress });
}

export default function NewCity() {
  const lastResult = useActionData<typeof action>();
  const { t } = useTranslation();
  return (
    <div>
      <AdminNav />
      <div className="mx-auto max-w-2xl">
        <h1 className="mt-4 text-2xl font-bold">{t("citiesAdmin.newTitle")}</h1>
        <CityForm lastResult={lastResult} />
      </div>
    </div>
  );
}
