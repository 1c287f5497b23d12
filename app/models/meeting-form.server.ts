import { parseWithZod } from "@conform-to/zod/v4";
import { MeetingSchema } from "~/utils/meeting-validation";
import { zonedToUtc } from "~/utils/zoned-time";
import type { MeetingValues } from "./meetings.server";

/** Parses the schedule form and turns the wall-clock times into UTC instants in the given zone. */
export function parseMeetingForm(formData: FormData, timeZone: string) {
  const submission = parseWithZod(formData, { schema: MeetingSchema });
  if (submission.status !== "success") return { submission, values: null };
  const v = submission.value;
  const values: MeetingValues = {
    kind: v.kind,
    title: v.title,
    purpose: v.purpose,
    startsAt: zonedToUtc(v.date, v.startTime, timeZone),
    endsAt: zonedToUtc(v.date, v.endTime, timeZone),
    timeZone,
    place: v.place,
    onlineUrl: v.onlineUrl,
    hostCityId: v.hostCityId ?? null,
  };
  return { submission, values };
}
