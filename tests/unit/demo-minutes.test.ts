import { and, asc, eq, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "#db/client.server";
import { actionItems, cities, meetings, members, minutes, minutesComments, minutesRevisions, users } from "#db/schema";
import { seedDemo } from "#db/seed/demo";
import { myActionItems, todayIn } from "~/models/action-items.server";

const cityId = (slug: string) => getDb().select().from(cities).where(eq(cities.slug, slug)).get()!.id;
// eslint-disable-next-line @typescript-eslint/no-explicit-any
const rows = (table: any) => getDb().select({ n: sql<number>`count(*)` }).from(table).get()!.n as number;

/** Iisalmi's ULG meetings with their minutes (if any), in order. */
function iisalmiMinutes() {
  return getDb()
    .select({ number: meetings.number, startsAt: meetings.startsAt, id: minutes.id, status: minutes.status, revision: minutes.revision, approvedAt: minutes.approvedAt, approvedBy: minutes.approvedByUserId })
    .from(meetings)
    .leftJoin(minutes, eq(minutes.meetingId, meetings.id))
    .where(and(eq(meetings.cityId, cityId("iisalmi")), eq(meetings.kind, "ulg_meeting")))
    .orderBy(asc(meetings.number))
    .all();
}

beforeAll(async () => {
  await seedDemo(getDb(), async (p) => `plain:${p}`);
});

describe("the demo minutes", () => {
  it("give Iisalmi's past meetings 1–6 approved minutes, meeting 7 circulated and meeting 8 a draft; upcoming meetings have none", () => {
    const list = iisalmiMinutes();
    expect(list.map((m) => [m.number, m.status])).toEqual([
      [1, "approved"], [2, "approved"], [3, "approved"], [4, "approved"], [5, "approved"], [6, "approved"],
      [7, "circulated"], [8, "draft"], [9, null],
    ]);
    for (const m of list.slice(0, 6)) {
      expect(m.approvedAt).toBeInstanceOf(Date);
      expect(m.approvedBy).not.toBeNull();
      // Approved only after the meeting was held.
      expect(m.approvedAt!.getTime()).toBeGreaterThan(m.startsAt.getTime());
    }
    expect(list.slice(0, 8).every((m) => m.startsAt >= new Date("2023-06-01") && m.startsAt <= new Date("2025-12-31"))).toBe(true);
  });

  it("keep one revision per save with the snapshot shape, the current revision last, and one correction with a reason", () => {
    const list = iisalmiMinutes().filter((m) => m.id != null);
    for (const m of list) {
      const revs = getDb().select().from(minutesRevisions).where(eq(minutesRevisions.minutesId, m.id!)).orderBy(asc(minutesRevisions.revision)).all();
      expect(revs.map((r) => r.revision)).toEqual(revs.map((_, i) => i + 1));
      expect(revs.at(-1)!.revision).toBe(m.revision);
      expect(revs.at(-1)!.status).toBe(m.status);
      for (const r of revs) {
        const snap = JSON.parse(r.snapshot);
        expect(Object.keys(snap).sort()).toEqual(["actionItems", "decisions", "notes", "summary", "summaryEn"]);
        for (const n of snap.notes) expect(Object.keys(n).sort()).toEqual(["agendaItemId", "notes"]);
        for (const d of snap.decisions) expect(Object.keys(d).sort()).toEqual(["agendaItemId", "text"]);
        for (const a of snap.actionItems) expect(Object.keys(a).sort()).toEqual(["agendaItemId", "description", "doneOn", "dueOn", "id", "ownerMemberId"]);
      }
    }
    const corrections = getDb().select().from(minutesRevisions).where(sql`${minutesRevisions.reason} is not null`).all();
    expect(corrections).toHaveLength(1);
    expect(corrections[0].status).toBe("approved");
    const revs = getDb().select().from(minutesRevisions).where(eq(minutesRevisions.minutesId, corrections[0].minutesId)).orderBy(asc(minutesRevisions.revision)).all();
    // The approved text before the correction differs from the corrected one.
    const before = JSON.parse(revs.at(-2)!.snapshot).decisions[0].text;
    const after = JSON.parse(revs.at(-1)!.snapshot).decisions[0].text;
    expect(before).toContain("Five ideas");
    expect(after).toContain("Six ideas");
  });

  it("has three member comments on the circulated minutes", () => {
    const circulated = iisalmiMinutes().find((m) => m.status === "circulated")!;
    const comments = getDb().select().from(minutesComments).where(eq(minutesComments.minutesId, circulated.id!)).all();
    expect(comments).toHaveLength(3);
    expect(comments.every((c) => c.authorUserId != null && c.body.length > 20)).toBe(true);
  });

  it("has action items with owners from the city's roster, some done and some open, one overdue for member@iisalmi.example", () => {
    const iisalmi = cityId("iisalmi");
    const items = getDb().select({ doneOn: actionItems.doneOn, dueOn: actionItems.dueOn, ownerCity: members.cityId, cityId: actionItems.cityId }).from(actionItems).leftJoin(members, eq(members.id, actionItems.ownerMemberId)).all();
    expect(items.every((i) => i.ownerCity === i.cityId)).toBe(true);
    const own = items.filter((i) => i.cityId === iisalmi);
    expect(own.filter((i) => i.doneOn).length).toBeGreaterThanOrEqual(10);
    expect(own.filter((i) => !i.doneOn).length).toBeGreaterThanOrEqual(5);

    const aino = getDb().select().from(users).where(eq(users.email, "member@iisalmi.example")).get()!;
    const mine = myActionItems(aino, "Europe/Helsinki")!;
    const today = todayIn("Europe/Helsinki");
    expect(mine.open.filter((i) => i.dueOn != null && i.dueOn < today)).toHaveLength(1);
    expect(mine.open.filter((i) => i.dueOn == null || i.dueOn >= today).length).toBeGreaterThanOrEqual(1);
    expect(mine.done.length).toBeGreaterThanOrEqual(2);
  });

  it("gives Mantova two approved minutes in Italian", () => {
    const list = getDb().select().from(minutes).where(eq(minutes.cityId, cityId("mantova"))).all();
    expect(list.map((m) => m.status)).toEqual(["approved", "approved"]);
    expect(list.every((m) => /incontro|giovani/.test(m.summary ?? ""))).toBe(true);
  });

  it("adds nothing when run again", async () => {
    const before = [rows(minutes), rows(minutesRevisions), rows(actionItems), rows(minutesComments)];
    await seedDemo(getDb(), async (p) => `plain:${p}`);
    expect([rows(minutes), rows(minutesRevisions), rows(actionItems), rows(minutesComments)]).toEqual(before);
  });
});
