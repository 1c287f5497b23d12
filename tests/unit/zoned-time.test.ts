import { describe, expect, it } from "vitest";
import { formatCalendarDate, formatDateShort, formatMeetingDate, formatTime } from "~/utils/zoned-time";

describe("date and time texts (kept between calls)", () => {
  const instant = new Date("2025-03-31T07:00:00Z");

  it("give what Intl gives, each in its own zone and language, the first time and again", () => {
    for (let round = 0; round < 2; round++) {
      expect(formatTime(instant, "en", "Europe/Helsinki")).toBe(new Intl.DateTimeFormat("en", { hour: "2-digit", minute: "2-digit", timeZone: "Europe/Helsinki" }).format(instant));
      expect(formatTime(instant, "en", "Europe/Lisbon")).toBe(new Intl.DateTimeFormat("en", { hour: "2-digit", minute: "2-digit", timeZone: "Europe/Lisbon" }).format(instant));
      expect(formatTime(instant.toISOString(), "fi", "Europe/Helsinki")).toBe(new Intl.DateTimeFormat("fi", { hour: "2-digit", minute: "2-digit", timeZone: "Europe/Helsinki" }).format(instant));
      expect(formatDateShort(instant, "fi", "Europe/Helsinki")).toBe(new Intl.DateTimeFormat("fi", { dateStyle: "medium", timeZone: "Europe/Helsinki" }).format(instant));
      expect(formatMeetingDate(instant, "en", "Europe/Helsinki")).toBe(new Intl.DateTimeFormat("en", { dateStyle: "full", timeZone: "Europe/Helsinki" }).format(instant));
    }
  });

  it("keep a short date and a long date of the same instant apart, and calendar dates in UTC", () => {
    expect(formatDateShort(instant, "en", "UTC")).not.toBe(formatMeetingDate(instant, "en", "UTC"));
    // Late in the evening in Lisbon is already the next day in Helsinki.
    const late = new Date("2025-03-31T22:30:00Z");
    expect(formatDateShort(late, "en", "Europe/Helsinki")).toContain("Apr");
    expect(formatDateShort(late, "en", "Europe/Lisbon")).toContain("Mar");
    expect(formatCalendarDate("2024-12-05", "en")).toBe("Dec 5, 2024");
  });

  it("refuse an invalid date as Intl does, and keep nothing for it", () => {
    expect(() => formatTime("not a date", "en", "UTC")).toThrow(RangeError);
    expect(() => formatTime("not a date", "en", "UTC")).toThrow(RangeError);
  });
});
