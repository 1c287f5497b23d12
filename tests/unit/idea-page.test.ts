import { spyOnStatements } from "./sql-count";
import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { getConnection, getDb } from "#db/client.server";
import { agendaItems, auditLog, ideaComments, ideaStageChanges, ideaSupports, ideas, outbox, users, type IdeaStage } from "#db/schema";
import { resources } from "~/i18n/config";
import { createMeeting, cancelMeeting } from "~/models/meetings.server";
import { action as pageAction, loader as pageLoader } from "~/routes/ideas.$ideaId";
import { allowedMoves } from "~/utils/idea-page-validation";
import { context, cookieFor, makeCity, makeUser, request, settle } from "./factories";

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyFn = (args: any) => Promise<unknown>;
type Reply = { init: { status: number }; data: { intent: string; formErrors?: string[]; result?: { error?: Record<string, string[] | null> }; supported?: boolean; supportCount?: number } };
type Page = Awaited<ReturnType<typeof pageLoader>>;

const call = (fn: AnyFn, id: number, cookie: string, form?: Record<string, string>, query = "") =>
  settle(() => fn({ request: request(`/ideas/${id}${query}`, { cookie, form }), context: context(), params: { ideaId: String(id) } }));
const get = (id: number, cookie: string, query = "") => call(pageLoader, id, cookie, undefined, query);
const post = (id: number, cookie: string, form: Record<string, string>) => call(pageAction, id, cookie, form);
const status = (r: unknown) => (r instanceof Response ? r.status : (r as Reply).init?.status);

let iisalmi: number, mantova: number;
let coordId: number, memberId: number, member2Id: number, authorId: number;
let coord: string, member: string, member2: string, author: string, project: string, admin: string, mantovaCoord: string, mantovaMember: string;

function makeIdea(cityId: number, over: Partial<typeof ideas.$inferInsert> = {}) {
  return getDb()
    .insert(ideas)
    .values({ cityId, authorUserId: authorId, title: "Welcome weekend for newcomers", description: "A **weekend** of events.\n\n- sauna\n- lake", theme: "city_branding", kind: "retention_event", targetGroup: "New residents", ...over })
    .returning()
    .get().id;
}

const ideaRow = (id: number) => getDb().select().from(ideas).where(eq(ideas.id, id)).get()!;
const commentsOf = (id: number) => getDb().select().from(ideaComments).where(eq(ideaComments.ideaId, id)).all();
const historyOf = (id: number) => getDb().select().from(ideaStageChanges).where(eq(ideaStageChanges.ideaId, id)).all();
const outboxFor = (email: string) => getDb().select().from(outbox).where(and(eq(outbox.toAddress, email), eq(outbox.kind, "idea_stage"))).all();

function meetingIn(cityId: number, title: string, daysFromNow = -10) {
  const start = new Date(Date.now() + daysFromNow * 86_400_000);
  return createMeeting(
    cityId,
    { kind: "ulg_meeting", title, purpose: null, startsAt: start, endsAt: new Date(start.getTime() + 7_200_000), timeZone: "Europe/Helsinki", place: null, onlineUrl: null, hostCityId: null },
    { id: coordId },
  );
}

beforeAll(async () => {
  iisalmi = makeCity({ name: "Iisalmi", language: "fi" }).id;
  mantova = makeCity({ name: "Mantova", language: "it", timeZone: "Europe/Rome" }).id;
  const c = await makeUser("ulg_coordinator", iisalmi, { name: "Coordinator Kaisa" });
  coordId = c.id;
  coord = await cookieFor(c.id);
  const m = await makeUser("member", iisalmi, { name: "Member Matti" });
  memberId = m.id;
  member = await cookieFor(m.id);
  const m2 = await makeUser("member", iisalmi);
  member2Id = m2.id;
  member2 = await cookieFor(m2.id);
  const a = await makeUser("member", iisalmi, { name: "Aino Author", language: "fi", email: "aino@example.fi" });
  authorId = a.id;
  author = await cookieFor(a.id);
  project = await cookieFor((await makeUser("project_coordinator", iisalmi)).id);
  admin = await cookieFor((await makeUser("admin", null)).id);
  mantovaCoord = await cookieFor((await makeUser("ulg_coordinator", mantova)).id);
  mantovaMember = await cookieFor((await makeUser("member", mantova)).id);
});

describe("the idea page", () => {
  it("shows the idea with what the viewer may do, and the meetings that discussed it", async () => {
    const id = makeIdea(iisalmi);
    const meeting = meetingIn(iisalmi, "Spring meeting");
    getDb().insert(agendaItems).values({ meetingId: meeting, cityId: iisalmi, position: 0, title: "Newcomer weekend", durationMinutes: 20, kind: "discussion", ideaId: id }).run();
    const other = makeIdea(iisalmi);
    getDb().insert(agendaItems).values({ meetingId: meeting, cityId: iisalmi, position: 1, title: "Something else", durationMinutes: 20, kind: "information", ideaId: other }).run();

    const asAuthor = (await get(id, author)) as Page;
    expect(asAuthor.idea).toMatchObject({ title: "Welcome weekend for newcomers", stage: "proposed", authorName: "Aino Author", access: "city", targetGroup: "New residents" });
    expect(asAuthor.can).toEqual({ support: true, comment: true, moderate: false, edit: true });
    expect(asAuthor.discussedAt?.map((d) => [d.meetingId, d.title, d.items.map((i) => i.title)])).toEqual([[meeting, "Spring meeting", ["Newcomer weekend"]]]);
    expect(asAuthor.moves).toBeNull();

    const asMember = (await get(id, member)) as Page;
    expect(asMember.can).toEqual({ support: true, comment: true, moderate: false, edit: false });
    const asCoord = (await get(id, coord)) as Page;
    expect(asCoord.can).toEqual({ support: true, comment: true, moderate: true, edit: false });
    expect(asCoord.moves?.map((m) => m.stage)).toEqual(["discussed", "parked", "rejected"]);
    // The move form's meeting choices come when the form is opened (?move), not with every view.
    expect(asCoord.meetings).toBeNull();
    expect(((await get(id, coord, "?move=1")) as Page).meetings?.map((m) => m.id)).toContain(meeting);
    expect(((await get(id, member, "?move=1")) as Page).meetings).toBeNull();
    const asAdmin = (await get(id, admin)) as Page;
    expect(asAdmin.can).toEqual({ support: false, comment: false, moderate: false, edit: false });
    expect(asAdmin.comments).not.toBeNull();

    const anonymous = (await settle(() => pageLoader({ request: request(`/ideas/${id}`), context: context(), params: { ideaId: String(id) } }))) as Response;
    expect(anonymous.status).toBe(302);
    expect(anonymous.headers.get("Location")).toMatch(/^\/login/);
    expect(status(await get(999_999, member))).toBe(404);
    expect(status(await get(Number.NaN, member))).toBe(404);
  });

  it("answers 404 to another city, shared or not (partners read shared ideas at /network/ideas/:id)", async () => {
    const id = makeIdea(iisalmi, { title: "Secret plan" });
    expect(status(await get(id, mantovaCoord))).toBe(404);
    expect(status(await post(id, mantovaCoord, { intent: "support" }))).toBe(404);
    expect(status(await post(id, mantovaMember, { intent: "add-comment", body: "Hi" }))).toBe(404);

    expect(((await post(id, coord, { intent: "share", shared: "1" })) as Response).status).toBe(302);
    expect(ideaRow(id).sharedWithNetwork).toBe(true);
    expect(getDb().select().from(auditLog).where(and(eq(auditLog.action, "idea.share"), eq(auditLog.entityId, String(id)))).all()).toHaveLength(1);
    expect(((await post(id, member, { intent: "comment-on-nothing" })) as Reply).init.status).toBe(400);
    await post(id, member, { intent: "add-comment", body: "Our own discussion" });
    await post(id, coord, { intent: "move", toStage: "discussed", reason: "Talked about it" });

    expect(status(await get(id, mantovaMember))).toBe(404);

    // Every write from a partner city is refused as for an unknown idea.
    const writes: Record<string, string>[] = [
      { intent: "support" },
      { intent: "add-comment", body: "From Mantova" },
      { intent: "move", toStage: "shortlisted", reason: "Because" },
      { intent: "share", shared: "0" },
    ];
    for (const form of writes) {
      expect(status(await post(id, mantovaCoord, form))).toBe(404);
    }
    expect(ideaRow(id)).toMatchObject({ supportCount: 0, stage: "discussed", sharedWithNetwork: true, commentCount: 1 });

    await post(id, coord, { intent: "share", shared: "0" });
    expect(status(await get(id, mantovaMember))).toBe(404);
    expect(status(await post(id, member, { intent: "share", shared: "1" }))).toBe(403);
    expect(ideaRow(id).sharedWithNetwork).toBe(false);
  });
});

describe("supports", () => {
  it("toggles one support per user and keeps the counter in step", async () => {
    const id = makeIdea(iisalmi);
    const first = (await post(id, member, { intent: "support" })) as Response;
    expect(first.status).toBe(302);
    expect(first.headers.get("Location")).toBe(`/ideas/${id}?supported=1#support`);
    expect(ideaRow(id).supportCount).toBe(1);
    expect(((await get(id, member)) as Page).supported).toBe(true);
    expect(((await get(id, member2)) as Page).supported).toBe(false);

    await post(id, member2, { intent: "support" });
    await post(id, coord, { intent: "support" });
    expect(ideaRow(id).supportCount).toBe(3);
    const undo = (await post(id, member, { intent: "support" })) as Response;
    expect(undo.headers.get("Location")).toBe(`/ideas/${id}?unsupported=1#support`);
    expect(ideaRow(id).supportCount).toBe(2);
    expect(getDb().select().from(ideaSupports).where(eq(ideaSupports.ideaId, id)).all().map((s) => s.userId).sort()).toEqual([member2Id, coordId].sort());

    // The script's fetcher gets the new state as data.
    const viaFetcher = (await post(id, member, { intent: "support", fetch: "1" })) as Reply;
    expect(viaFetcher.data).toEqual({ intent: "support", supported: true, supportCount: 3 });
    expect(ideaRow(id).supportCount).toBe(3);
  });

  it("refuses admins (403) and keeps the count", async () => {
    const id = makeIdea(iisalmi);
    expect(status(await post(id, admin, { intent: "support" }))).toBe(403);
    expect(ideaRow(id).supportCount).toBe(0);
    expect(getDb().select().from(auditLog).where(and(eq(auditLog.action, "access.denied"), eq(auditLog.entityId, String(id)))).all()).toHaveLength(1);
  });
});

describe("comments", () => {
  it("adds plain-text comments (script tags kept as text) and counts them", async () => {
    const id = makeIdea(iisalmi);
    const body = "Great idea!\n<script>alert('x')</script>\nSecond line";
    const res = (await post(id, member, { intent: "add-comment", body: `  ${body}  ` })) as Response;
    expect(res.status).toBe(302);
    const [row] = commentsOf(id);
    expect(res.headers.get("Location")).toBe(`/ideas/${id}?commented=1#comment-${row.id}`);
    expect(row).toMatchObject({ body, authorUserId: memberId, cityId: iisalmi });
    expect(ideaRow(id).commentCount).toBe(1);
    const page = (await get(id, coord)) as Page;
    expect(page.comments?.items).toEqual([expect.objectContaining({ id: row.id, body, authorName: "Member Matti", mine: false, hidden: false, edited: false })]);
    expect(page.comments?.total).toBe(1);
  });

  it("refuses empty and over-long comments with field messages and saves nothing", async () => {
    const id = makeIdea(iisalmi);
    const cases: [string, string][] = [
      ["", "validation.required"],
      ["   \n  ", "validation.required"],
      ["x".repeat(100 * 1024), 'ideaComments.tooLong|{"max":5000}'],
      ["y".repeat(5001), 'ideaComments.tooLong|{"max":5000}'],
    ];
    for (const [body, message] of cases) {
      const res = (await post(id, member, { intent: "add-comment", body })) as Reply;
      expect(res.init.status).toBe(400);
      expect(res.data.result?.error?.body).toEqual([message]);
    }
    expect(commentsOf(id)).toHaveLength(0);
    expect(ideaRow(id).commentCount).toBe(0);
    expect(((await post(id, member, { intent: "add-comment", body: "z".repeat(5000) })) as Response).status).toBe(302);
  });

  it("lets only the author edit their comment", async () => {
    const id = makeIdea(iisalmi);
    await post(id, member, { intent: "add-comment", body: "First thought" });
    const [c] = commentsOf(id);
    // The edit form without JavaScript: ?editComment=<id>.
    expect(((await get(id, member, `?editComment=${c.id}`)) as Page).editCommentId).toBe(c.id);

    const edited = (await post(id, member, { intent: "edit-comment", commentId: String(c.id), body: "Second thought" })) as Response;
    expect(edited.status).toBe(302);
    expect(edited.headers.get("Location")).toBe(`/ideas/${id}?commentSaved=1#comment-${c.id}`);
    expect(commentsOf(id)[0].body).toBe("Second thought");

    for (const cookie of [member2, coord]) {
      expect(status(await post(id, cookie, { intent: "edit-comment", commentId: String(c.id), body: "Hijacked" }))).toBe(403);
    }
    expect(status(await post(id, admin, { intent: "edit-comment", commentId: String(c.id), body: "Hijacked" }))).toBe(403);
    const bad = (await post(id, member, { intent: "edit-comment", commentId: String(c.id), body: "" })) as Reply;
    expect(bad.init.status).toBe(400);
    expect(bad.data.result?.error?.body).toEqual(["validation.required"]);
    // A comment of another idea is not found here.
    const otherIdea = makeIdea(iisalmi);
    const missing = (await post(otherIdea, member, { intent: "edit-comment", commentId: String(c.id), body: "Moved" })) as Reply;
    expect(missing.init.status).toBe(400);
    expect(missing.data.formErrors).toEqual(["ideaComments.notFound"]);
    expect(commentsOf(id)[0].body).toBe("Second thought");
  });

  it("lets coordinators hide a comment with a reason and show it again; members get 403", async () => {
    const id = makeIdea(iisalmi);
    await post(id, member, { intent: "add-comment", body: "Rude words here" });
    await post(id, member2, { intent: "add-comment", body: "A kind reply" });
    const [c] = commentsOf(id);
    expect(ideaRow(id).commentCount).toBe(2);

    // The hide form is made for the one comment a coordinator asks for; members never get it.
    expect(((await get(id, coord, `?hideComment=${c.id}`)) as Page).hideCommentId).toBe(c.id);
    expect(((await get(id, coord)) as Page).hideCommentId).toBeNull();
    expect(((await get(id, member2, `?hideComment=${c.id}`)) as Page).hideCommentId).toBeNull();
    expect(status(await post(id, member2, { intent: "hide-comment", commentId: String(c.id), reason: "I dislike it" }))).toBe(403);
    expect(status(await post(id, member, { intent: "unhide-comment", commentId: String(c.id) }))).toBe(403);
    const noReason = (await post(id, coord, { intent: "hide-comment", commentId: String(c.id), reason: "" })) as Reply;
    expect(noReason.init.status).toBe(400);
    expect(noReason.data.result?.error?.reason).toEqual(["validation.required"]);
    expect(commentsOf(id)[0].hiddenAt).toBeNull();

    expect(((await post(id, coord, { intent: "hide-comment", commentId: String(c.id), reason: "Off-topic insult" })) as Response).status).toBe(302);
    expect(commentsOf(id)[0]).toMatchObject({ hiddenByUserId: coordId, hiddenReason: "Off-topic insult", body: "Rude words here" });
    expect(ideaRow(id).commentCount).toBe(1);
    // Hiding twice changes nothing.
    expect(((await post(id, project, { intent: "hide-comment", commentId: String(c.id), reason: "Again" })) as Reply).init.status).toBe(400);
    expect(ideaRow(id).commentCount).toBe(1);

    // Everyone, the author and coordinators included, sees the reason instead of the text.
    for (const cookie of [member, member2, coord]) {
      const page = (await get(id, cookie)) as Page;
      expect(page.comments?.items[0]).toMatchObject({ hidden: true, hiddenReason: "Off-topic insult", body: null });
      expect(JSON.stringify(page)).not.toContain("Rude words");
    }
    // The author cannot edit a hidden comment.
    const locked = (await post(id, member, { intent: "edit-comment", commentId: String(c.id), body: "Sorry" })) as Reply;
    expect(locked.init.status).toBe(400);
    expect(locked.data.formErrors).toEqual(["ideaComments.hiddenLocked"]);

    expect(((await post(id, coord, { intent: "unhide-comment", commentId: String(c.id) })) as Response).status).toBe(302);
    expect(commentsOf(id)[0]).toMatchObject({ hiddenAt: null, hiddenReason: null });
    expect(ideaRow(id).commentCount).toBe(2);
    expect(((await get(id, member)) as Page).comments?.items[0].body).toBe("Rude words here");
    const actions = getDb().select({ action: auditLog.action }).from(auditLog).where(eq(auditLog.entityId, String(id))).all().map((a) => a.action);
    expect(actions).toEqual(expect.arrayContaining(["idea.comment.add", "idea.comment.hide", "idea.comment.unhide"]));
  });
});

describe("the pipeline", () => {
  it("allows one step forward or back and the side exits; a side exit returns where it came from", () => {
    expect(allowedMoves("proposed", null)).toEqual(["discussed", "parked", "rejected"]);
    expect(allowedMoves("shortlisted", null)).toEqual(["piloting", "discussed", "parked", "rejected"]);
    expect(allowedMoves("in_action_plan", null)).toEqual(["evaluated", "parked", "rejected"]);
    expect(allowedMoves("parked", "piloting")).toEqual(["piloting", "discussed", "rejected"]);
    expect(allowedMoves("parked", "discussed")).toEqual(["discussed", "rejected"]);
    expect(allowedMoves("rejected", null)).toEqual(["discussed", "parked"]);
  });

  it("moves an idea, records the history and tells the author in Finnish", async () => {
    const id = makeIdea(iisalmi, { title: "Saunailta" });
    const meeting = meetingIn(iisalmi, "Kevätkokous");
    const res = (await post(id, coord, { intent: "move", toStage: "discussed", reason: "Käsiteltiin kokouksessa", meetingId: String(meeting) })) as Response;
    expect(res.status).toBe(302);
    expect(res.headers.get("Location")).toBe(`/ideas/${id}?moved=1#history`);
    expect(ideaRow(id).stage).toBe("discussed");
    const [h] = historyOf(id);
    expect(h).toMatchObject({ fromStage: "proposed", toStage: "discussed", reason: "Käsiteltiin kokouksessa", meetingId: meeting, byUserId: coordId, cityId: iisalmi });

    const mails = outboxFor("aino@example.fi").filter((m) => m.textBody.includes(`/ideas/${id}\n`));
    expect(mails).toHaveLength(1);
    const fi = resources.fi.common as unknown as { ideaStages: Record<IdeaStage, string> };
    expect(mails[0]).toMatchObject({ language: "fi", kind: "idea_stage", cityId: iisalmi, status: "outbox" });
    expect(mails[0].subject).toBe(`Ideasi ”Saunailta” siirtyi vaiheeseen: ${fi.ideaStages.discussed}`);
    expect(mails[0].textBody).toContain("Käsiteltiin kokouksessa");
    expect(mails[0].textBody).toContain(`http://localhost/ideas/${id}`);
    expect(mails[0].textBody).toContain("Kevätkokous");
    expect(mails[0].textBody).toContain("Coordinator Kaisa");

    const page = (await get(id, member)) as Page;
    expect(page.history).toEqual([
      expect.objectContaining({ fromStage: "proposed", toStage: "discussed", byName: "Coordinator Kaisa", meeting: expect.objectContaining({ id: meeting, title: "Kevätkokous" }) }),
    ]);
    // No longer proposed: the author's edit link goes.
    expect(((await get(id, author)) as Page).can.edit).toBe(false);
    expect(getDb().select().from(auditLog).where(and(eq(auditLog.action, "idea.stage"), eq(auditLog.entityId, String(id)))).all()).toHaveLength(1);
  });

  it("refuses moves that skip stages, and bad reasons or meetings, writing nothing", async () => {
    const id = makeIdea(iisalmi);
    const mantovaMeeting = meetingIn(mantova, "Riunione");
    const cancelled = meetingIn(iisalmi, "Cancelled one", 5);
    cancelMeeting(cancelled, "Storm", { id: coordId }, iisalmi);
    const cases: [Record<string, string>, string, string][] = [
      [{ toStage: "shortlisted", reason: "Skip ahead" }, "toStage", "ideaPipeline.notAllowed"],
      [{ toStage: "in_action_plan", reason: "Skip ahead" }, "toStage", "ideaPipeline.notAllowed"],
      [{ toStage: "proposed", reason: "Same stage" }, "toStage", "ideaPipeline.notAllowed"],
      [{ toStage: "famous", reason: "Nonsense" }, "toStage", "validation.invalid"],
      [{ toStage: "", reason: "No stage chosen" }, "toStage", "ideaPipeline.chooseStageError"],
      [{ toStage: "discussed", reason: "" }, "reason", "validation.required"],
      [{ toStage: "discussed", reason: "r".repeat(2001) }, "reason", 'ideaComments.tooLong|{"max":2000}'],
      [{ toStage: "discussed", reason: "Decided", meetingId: String(mantovaMeeting) }, "meetingId", "ideaPipeline.meetingInvalid"],
      [{ toStage: "discussed", reason: "Decided", meetingId: String(cancelled) }, "meetingId", "ideaPipeline.meetingInvalid"],
      [{ toStage: "discussed", reason: "Decided", meetingId: "abc" }, "meetingId", "validation.invalid"],
    ];
    for (const [form, field, message] of cases) {
      const res = (await post(id, coord, { intent: "move", ...form })) as Reply;
      expect(res.init.status).toBe(400);
      expect(res.data.result?.error?.[field]).toEqual([message]);
    }
    expect(ideaRow(id).stage).toBe("proposed");
    expect(historyOf(id)).toHaveLength(0);
    expect(outboxFor("aino@example.fi").filter((m) => m.textBody.includes(`/ideas/${id}\n`))).toHaveLength(0);
  });

  it("refuses members (403) and other cities (404)", async () => {
    const id = makeIdea(iisalmi);
    expect(status(await post(id, member, { intent: "move", toStage: "discussed", reason: "I want it" }))).toBe(403);
    expect(status(await post(id, author, { intent: "move", toStage: "discussed", reason: "Mine" }))).toBe(403);
    expect(status(await post(id, admin, { intent: "move", toStage: "discussed", reason: "Admin" }))).toBe(403);
    expect(status(await post(id, mantovaCoord, { intent: "move", toStage: "discussed", reason: "Other city" }))).toBe(404);
    expect(ideaRow(id).stage).toBe("proposed");
    expect(historyOf(id)).toHaveLength(0);
  });

  it("walks the whole pipeline, parks and returns to where it was", async () => {
    const id = makeIdea(iisalmi, { authorUserId: memberId });
    const move = (toStage: string, by = coord) => post(id, by, { intent: "move", toStage, reason: `To ${toStage}` });
    for (const stage of ["discussed", "shortlisted", "piloting"]) expect(status(await move(stage))).toBe(302);
    expect(status(await move("shortlisted", project))).toBe(302); // one step back
    expect(status(await move("piloting"))).toBe(302);
    expect(status(await move("parked"))).toBe(302);
    let page = (await get(id, coord)) as Page;
    expect(page.moves).toEqual([
      { stage: "piloting", how: "return" },
      { stage: "discussed", how: "plain" },
      { stage: "rejected", how: "plain" },
    ]);
    expect(((await move("evaluated")) as Reply).init.status).toBe(400);
    expect(status(await move("rejected"))).toBe(302);
    // Parked, then rejected: the way back still leads to piloting.
    expect(((await get(id, coord)) as Page).moves?.[0]).toEqual({ stage: "piloting", how: "return" });
    expect(status(await move("piloting"))).toBe(302);
    for (const stage of ["evaluated", "in_action_plan"]) expect(status(await move(stage))).toBe(302);
    expect(((await move("proposed")) as Reply).init.status).toBe(400);
    expect(ideaRow(id).stage).toBe("in_action_plan");
    page = (await get(id, member)) as Page;
    expect(page.history.map((h) => `${h.fromStage}>${h.toStage}`)).toEqual([
      "proposed>discussed",
      "discussed>shortlisted",
      "shortlisted>piloting",
      "piloting>shortlisted",
      "shortlisted>piloting",
      "piloting>parked",
      "parked>rejected",
      "rejected>piloting",
      "piloting>evaluated",
      "evaluated>in_action_plan",
    ]);
    // The author (an English speaker) got one mail per move, in English.
    const email = getDb().select({ email: users.email }).from(users).where(eq(users.id, memberId)).get()!.email;
    const mails = outboxFor(email).filter((m) => m.textBody.includes(`/ideas/${id}\n`));
    expect(mails).toHaveLength(10);
    expect(mails.at(-1)).toMatchObject({ language: "en", subject: "Your idea “Welcome weekend for newcomers” moved to In action plan" });
  });

  it("sends no mail when the author moved it or the account is gone", async () => {
    const coordIdea = makeIdea(iisalmi, { authorUserId: coordId });
    const coordEmail = getDb().select({ email: users.email }).from(users).where(eq(users.id, coordId)).get()!.email;
    expect(status(await post(coordIdea, coord, { intent: "move", toStage: "discussed", reason: "My own" }))).toBe(302);
    expect(outboxFor(coordEmail)).toHaveLength(0);

    const orphan = makeIdea(iisalmi, { authorUserId: null });
    const before = getDb().select().from(outbox).all().length;
    expect(status(await post(orphan, coord, { intent: "move", toStage: "discussed", reason: "Orphan" }))).toBe(302);
    const gone = await makeUser("member", iisalmi, { email: "gone@example.fi", active: false });
    const goneIdea = makeIdea(iisalmi, { authorUserId: gone.id });
    expect(status(await post(goneIdea, coord, { intent: "move", toStage: "discussed", reason: "Gone" }))).toBe(302);
    expect(getDb().select().from(outbox).all().length).toBe(before);
    expect(((await get(orphan, member)) as Page).idea.authorName).toBe("");
  });
});

describe("speed", () => {
  async function statements(fn: () => Promise<unknown>) {
    const spy = spyOnStatements();
    const result = await fn();
    const n = spy.count();
    spy.restore();
    return { n, result };
  }

  async function ideaWith(n: number) {
    const id = makeIdea(iisalmi);
    const meeting = meetingIn(iisalmi, `Meeting for ${n}`);
    for (let i = 0; i < n; i++) {
      getDb().insert(ideaComments).values({ ideaId: id, cityId: iisalmi, authorUserId: i % 2 ? memberId : member2Id, body: `Comment ${i}`, hiddenAt: i % 5 === 0 ? new Date() : null, hiddenByUserId: i % 5 === 0 ? coordId : null, hiddenReason: i % 5 === 0 ? "Off" : null }).run();
      getDb().insert(agendaItems).values({ meetingId: meeting, cityId: iisalmi, position: i, title: `Item ${i}`, durationMinutes: 5, kind: "discussion", ideaId: id }).run();
    }
    const stages = ["discussed", "shortlisted", "piloting", "shortlisted"] as const;
    for (let i = 0; i < Math.min(n, 40); i++) {
      getDb().insert(ideaStageChanges).values({ ideaId: id, cityId: iisalmi, fromStage: i ? stages[(i - 1) % 4] : "proposed", toStage: stages[i % 4], reason: "r", meetingId: meeting, byUserId: coordId, at: new Date(Date.now() + i) }).run();
    }
    return id;
  }

  it("runs the same number of SQL statements for 2 comments as for 50", async () => {
    const small = await ideaWith(2);
    const large = await ideaWith(50);
    // Warm the session code's statements first.
    await get(small, coord);
    for (const cookie of [coord, member]) {
      const a = await statements(() => get(small, cookie));
      const b = await statements(() => get(large, cookie));
      expect((a.result as Page).comments?.items).toHaveLength(2);
      expect((b.result as Page).comments?.items).toHaveLength(50);
      expect((b.result as Page).history).toHaveLength(40);
      expect((b.result as Page).discussedAt?.[0].items).toHaveLength(50);
      expect((b.result as Page).discussedAt?.[0].moves).toHaveLength(40);
      expect(a.n).toBeGreaterThan(0);
      expect(b.n).toBe(a.n);
    }
  });
});
