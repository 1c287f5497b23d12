import { describe, expect, it } from "vitest";
import { fileResponse } from "~/exports/pdf.server";
import { formatCalendarDate } from "~/utils/zoned-time";

describe("fileResponse", () => {
  it("writes an ASCII fallback and an RFC 5987 name that encodes every reserved character", () => {
    const res = fileResponse("x", "text/plain", "2024-12-05 Šibenik (draft) it's *.md");
    const cd = res.headers.get("Content-Disposition")!;
    expect(cd).toContain('filename="2024-12-05 _ibenik (draft) it\'s *.md"');
    expect(cd).toContain("filename*=UTF-8''2024-12-05%20%C5%A0ibenik%20%28draft%29%20it%27s%20%2A.md");
    // The encoded form decodes back to the original name.
    expect(decodeURIComponent(cd.split("UTF-8''")[1])).toBe("2024-12-05 Šibenik (draft) it's *.md");
  });
});

describe("formatCalendarDate", () => {
  it("shows a stored YYYY-MM-DD date in the reader's language without shifting the day", () => {
    expect(formatCalendarDate("2024-12-05", "en")).toBe("Dec 5, 2024");
    expect(formatCalendarDate("2024-12-05", "fi")).toBe("5.12.2024");
  });
});
