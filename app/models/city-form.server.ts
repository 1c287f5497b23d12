import { parseWithZod } from "@conform-to/zod/v4";
import { data, redirect } from "@remix-run/node";
import { CitySchema } from "~/utils/city-validation";
import { citySlugTaken, saveCity } from "./cities.server";

/** The shared action of the new-city and edit-city pages. */
export async function handleCityForm(request: Request, cityId: number | null, actor: { id: number; ipAddress?: string }) {
  const submission = parseWithZod(await request.formData(), { schema: CitySchema });
  if (submission.status !== "success") return data(submission.reply(), { status: 400 });
  if (citySlugTaken(submission.value.slug, cityId ?? undefined)) {
    return data(submission.reply({ fieldErrors: { slug: ["citiesAdmin.slugTaken"] } }), { status: 400 });
  }
  saveCity(cityId, submission.value, actor);
  return redirect("/admin/cities?saved=1");
}
