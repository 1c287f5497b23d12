import { describe, expect, it } from "vitest";
import { dateFormat } from "~/utils/intl-cache";

describe("shared date formatters", () => {
  it("returns one formatter per locale and options, formatting exactly like a fresh one", () => {
    const options: Intl.DateTimeFormatOptions = { dateStyle: "medium", timeZone: "Europe/Helsinki" };
    const a = dateFormat("fi", options);
    expect(dateFormat("fi", { dateStyle: "medium", timeZone: "Europe/Helsinki" })).toBe(a);
    expect(dateFormat("en", options)).not.toBe(a);
    expect(dateFormat("fi", { dateStyle: "medium", timeZone: "Europe/Riga" })).not.toBe(a);
    const at = new Date("2025-12-31T22:30:00Z");
    expect(a.format(at)).toBe(new Intl.DateTimeFormat("fi", options).format(at));
    expect(a.format(at)).toBe("1.1.2026");
  });

  it("still refuses an unknown time zone", () => {
    expect(() => dateFormat("en", { timeZone: "Mars/Olympus" })).toThrow(RangeError);
  });
});
