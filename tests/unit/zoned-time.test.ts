// Meeting times as text: the kept texts are the ones formatRange gives, per language, zone and style.
import { describe, expect, it } from "vitest";
import { todayIn } from "~/models/action-items.server";
import { formatMeetingRange, utcToZonedParts } from "~/utils/zoned-time";

describe("formatMeetingRange", () => {
  it("gives the same text on the first and later calls, distinct per language, zone and style", () => {
    const start = new Date("2024-12-05T14:00:00Z");
    const end = new Date("2024-12-05T16:30:00Z");
    const direct = (locale: string, timeZone: string, dateStyle: "medium" | "full") =>
      new Intl.DateTimeFormat(locale, { dateStyle, timeStyle: "short", timeZone }).formatRange(start, end).replace(/[\u2009\u202f]/g, " ");
    for (const [locale, timeZone, style] of [["en", "Europe/Helsinki", "medium"], ["fi", "Europe/Helsinki", "medium"], ["en", "Europe/Rome", "medium"], ["en", "Europe/Helsinki", "full"]] as const) {
      expect(formatMeetingRange(start, end, locale, timeZone, style)).toBe(direct(locale, timeZone, style));
      expect(formatMeetingRange(start.toISOString(), end.toISOString(), locale, timeZone, style)).toBe(direct(locale, timeZone, style));
    }
    expect(formatMeetingRange(start, end, "fi", "Europe/Helsinki")).toContain("16.00");
    expect(formatMeetingRange(start, end, "fi", "Europe/Rome")).toContain("15.00");
    expect(formatMeetingRange(start, new Date("2024-12-06T10:00:00Z"), "en", "Europe/Helsinki")).toContain("Dec 6");
  });
});

describe("todayIn", () => {
  it("is the calendar date in the zone, as the zone's wall clock gives it", () => {
    const lateUtc = new Date("2025-03-30T22:30:00Z");
    expect(todayIn("Europe/Helsinki", lateUtc)).toBe("2025-03-31");
    expect(todayIn("UTC", lateUtc)).toBe("2025-03-30");
    expect(todayIn("America/New_York", new Date("2025-01-01T03:00:00Z"))).toBe("2024-12-31");
    for (let t = Date.UTC(2025, 0, 1); t < Date.UTC(2026, 0, 1); t += 5 * 3_600_000 + 17 * 60_000) {
      expect(todayIn("Europe/Helsinki", new Date(t))).toBe(utcToZonedParts(t, "Europe/Helsinki").date);
    }
  });
});
