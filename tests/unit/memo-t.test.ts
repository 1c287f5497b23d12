import { describe, expect, it, vi } from "vitest";
import { languageCachedT, memoT } from "~/utils/memo-t";

describe("translation caches", () => {
  it("memoT resolves each distinct key and options once", () => {
    const t = vi.fn((key: string, options?: Record<string, unknown>) => `${key}:${options?.count ?? ""}`);
    const cached = memoT(t as never);
    expect(cached("a")).toBe("a:");
    expect(cached("a")).toBe("a:");
    expect(cached("a", { count: 2 })).toBe("a:2");
    expect(cached("a", { count: 2 })).toBe("a:2");
    expect(cached("a", { count: 3 })).toBe("a:3");
    expect(t).toHaveBeenCalledTimes(3);
  });

  it("languageCachedT shares answers across renders of one language only", () => {
    const en = vi.fn((key: string) => `en ${key}`);
    const fi = vi.fn((key: string) => `fi ${key}`);
    const lang = `test-${Math.random()}`;
    expect(languageCachedT(en as never, `${lang}-en`)("nav.home")).toBe("en nav.home");
    // A later render in the same language gets the answer without asking i18next again.
    expect(languageCachedT(en as never, `${lang}-en`)("nav.home")).toBe("en nav.home");
    expect(en).toHaveBeenCalledTimes(1);
    expect(languageCachedT(fi as never, `${lang}-fi`)("nav.home")).toBe("fi nav.home");
    expect(fi).toHaveBeenCalledTimes(1);
  });

  it("does not remember calls whose options hold objects", () => {
    let n = 0;
    const t = vi.fn(() => `answer ${++n}`);
    const cached = languageCachedT(t as never, `objects-${Math.random()}`);
    expect(cached("k", { value: { a: 1 } })).toBe("answer 1");
    expect(cached("k", { value: { a: 1 } })).toBe("answer 2");
  });

  it("starts over instead of growing past its bound", () => {
    const t = vi.fn((key: string, options?: Record<string, unknown>) => `${key} ${options?.name}`);
    const cached = languageCachedT(t as never, `bound-${Math.random()}`);
    for (let i = 0; i < 5_001; i++) cached("hello", { name: `n${i}` });
    expect(t).toHaveBeenCalledTimes(5_001);
    // n0 was dropped when the cache started over; n5000 is still there.
    cached("hello", { name: "n5000" });
    expect(t).toHaveBeenCalledTimes(5_001);
    cached("hello", { name: "n0" });
    expect(t).toHaveBeenCalledTimes(5_002);
  });
});
