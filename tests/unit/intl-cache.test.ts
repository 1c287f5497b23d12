import { describe, expect, it } from "vitest";
import { dateFormat, numberFormat, sharedCollator } from "~/utils/intl-cache";

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

  it("shares number formats and collators too, with the language's own rules", () => {
    expect(numberFormat("fi")).toBe(numberFormat("fi", {}));
    expect(numberFormat("fi").format(1234.5)).toBe(new Intl.NumberFormat("fi").format(1234.5));
    const fi = sharedCollator("fi", { sensitivity: "base", numeric: true });
    expect(sharedCollator("fi", { sensitivity: "base", numeric: true })).toBe(fi);
    // Finnish sorts Ä and Ö after Z; English does not.
    expect(["Östen", "Zoe", "Aapo"].sort(fi.compare)).toEqual(["Aapo", "Zoe", "Östen"]);
    expect(["Östen", "Zoe", "Aapo"].sort(sharedCollator("en", { sensitivity: "base", numeric: true }).compare)).toEqual(["Aapo", "Östen", "Zoe"]);
  });
});
