import { spyOnStatements } from "./sql-count";
import { parse } from "csv-parse/sync";
import { strFromU8, unzipSync } from "fflate";
import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { getConnection, getDb } from "#db/client.server";
import { auditLog, ideas } from "#db/schema";
import { loader as packLoader } from "~/routes/reports.pack[.zip]";
import { loader as pageLoader } from "~/routes/reports._index";
import { context, cookieFor, makeCity, makeMember, makeUser, request, settle } from "./factories";
import { addGuest, addMinutes, ALPHABETS, heldMeeting, pdfText, recordAttendance } from "./minutes-fixtures";

let iisalmi: number, saldus: number;
let member: string, ulg: string, project: string, admin: string, saldusProject: string;
let aino: number, ilze: number, nikos: number;

beforeAll(async () => {
  iisalmi = makeCity({ name: "Iisalmi", slug: "iisalmi", language: "fi", timeZone: "Europe/Helsinki" }).id;
  saldus = makeCity({ name: "Saldus", slug: "saldus", country: "LV", language: "lv", timeZone: "Europe/Riga" }).id;
  member = await cookieFor((await makeUser("member", iisalmi)).id);
  ulg = await cookieFor((await makeUser("ulg_coordinator", iisalmi)).id);
  const approver = await makeUser("ulg_coordinator", iisalmi, { name: "Jari Savolainen" });
  project = await cookieFor((await makeUser("project_coordinator", iisalmi, { language: "en" })).id);
  admin = await cookieFor((await makeUser("admin", null, { language: "en" })).id);
  saldusProject = await cookieFor((await makeUser("project_coordinator", saldus)).id);
  aino = makeMember(iisalmi, { name: "Aino Äijälä", organisation: "Iisalmen kaupunki", sector: "public" }).id;
  ilze = makeMember(iisalmi, { name: "Ilze Bērziņa", organisation: ALPHABETS.latvian, sector: "civic" }).id;
  nikos = makeMember(iisalmi, { name: "Νίκος Ђурђевак", organisation: "=cmd()", sector: "private" }).id;

  // 2024: two approved, one circulated, one draft, one without minutes; 2023 and 2025 outside the period.
  const approved1 = heldMeeting(iisalmi, { day: "2024-03-05", title: "Kevätkokous" });
  recordAttendance(approved1, [
    { memberId: aino, status: "present" },
    { memberId: ilze, status: "remote" },
    { memberId: nikos, status: "excused" },
  ]);
  addGuest(approved1, "Goran Gost", "Требиње", null);
  addMinutes(approved1, {
    approvedByUserId: approver.id,
    notes: [`Muistiinpano ${ALPHABETS.greek}`],
    decisions: ["Päätös A", "Päätös B"],
    actions: [{ description: "Avoin", ownerMemberId: aino }, { description: "Tehty", ownerMemberId: ilze, doneOn: "2024-04-01" }],
  });
  const approved2 = heldMeeting(iisalmi, { day: "2024-12-05", title: `Joulukokous ${ALPHABETS.serbian}` });
  recordAttendance(approved2, [{ memberId: aino, status: "present" }]);
  addMinutes(approved2, { approvedByUserId: approver.id, decisions: ["Päätös C"] });
  const circulated = heldMeeting(iisalmi, { day: "2024-06-05", title: "Kesäkokous" });
  addMinutes(circulated, { status: "circulated", decisions: ["Ehdotus"] });
  const draft = heldMeeting(iisalmi, { day: "2024-09-05", title: "Syyskokous" });
  addMinutes(draft, { status: "draft" });
  const noMinutes = heldMeeting(iisalmi, { day: "2024-10-05", title: "Työpaja ilman muistiota" });
  recordAttendance(noMinutes, [{ memberId: ilze, status: "present" }]);
  addMinutes(heldMeeting(iisalmi, { day: "2023-12-31", title: "Vanha" }));
  addMinutes(heldMeeting(iisalmi, { day: "2025-01-01", title: "Uusi" }));
  // Saldus has its own approved minutes in 2024, which Iisalmi's pack must not hold.
  addMinutes(heldMeeting(saldus, { day: "2024-05-05", title: "Saldus sapulce" }));

  const idea = (stage: (typeof ideas.$inferInsert)["stage"], createdAt: string) =>
    getDb().insert(ideas).values({ cityId: iisalmi, title: "Idea", description: "x", theme: "city_branding", kind: "other", stage, createdAt: new Date(createdAt) }).run();
  idea("proposed", "2024-02-01T10:00:00Z");
  idea("proposed", "2022-02-01T10:00:00Z");
  idea("piloting", "2024-05-01T10:00:00Z");
});

const pack = (cookie: string | undefined, query: string) =>
  settle(() => packLoader({ request: request(`/reports/pack.zip?${query}`, { cookie }), context: context(), params: {} })) as Promise<Response>;
const page = (cookie: string, query = "") =>
  settle(() => pageLoader({ request: request(`/reports${query ? `?${query}` : ""}`, { cookie }), context: context(), params: {} }));

async function open(res: Response) {
  expect(res.status).toBe(200);
  const files = unzipSync(new Uint8Array(await res.arrayBuffer()));
  return files;
}

const csv = (bytes: Uint8Array) => parse(strFromU8(bytes), { bom: true, delimiter: ";", relax_column_count: true, skip_empty_lines: false }) as string[][];

describe("the reporting pack", () => {
  it("holds the period's approved minutes as PDF and DOCX, one combined PDF and the two CSV files, sorted and dated", async () => {
    const res = await pack(project, "from=2024-01-01&to=2024-12-31");
    expect(res.headers.get("Content-Type")).toBe("application/zip");
    expect(res.headers.get("Content-Disposition")).toContain('filename="2024-01-01-2024-12-31-iisalmi-reporting-pack.zip"');
    const files = await open(res);
    const names = Object.keys(files);
    expect(names).toEqual([
      "2024-01-01-2024-12-31-iisalmi-all-minutes.pdf",
      "attendance.csv",
      "minutes/2024-03-05-ulg-meeting-1-minutes.docx",
      "minutes/2024-03-05-ulg-meeting-1-minutes.pdf",
      "minutes/2024-12-05-ulg-meeting-2-minutes.docx",
      "minutes/2024-12-05-ulg-meeting-2-minutes.pdf",
      "summary.csv",
    ]);
    const first = pdfText(files["minutes/2024-03-05-ulg-meeting-1-minutes.pdf"]).replace(/\s+/g, " ");
    expect(first).toContain("Kevätkokous");
    expect(first).toContain(ALPHABETS.greek);
    expect(first).toContain("Hyväksynyt Jari Savolainen");
    const docx = unzipSync(files["minutes/2024-12-05-ulg-meeting-2-minutes.docx"]);
    expect(strFromU8(docx["word/document.xml"])).toContain(`Joulukokous ${ALPHABETS.serbian}`);

    const combined = pdfText(files["2024-01-01-2024-12-31-iisalmi-all-minutes.pdf"]).replace(/\s+/g, " ");
    expect(combined).toContain("Iisalmi: kokousmuistiot");
    expect(combined).toContain("Sisällys");
    expect(combined).toMatch(/ULG-kokous 1: Kevätkokous sivu 2/);
    expect(combined).toContain(`Joulukokous ${ALPHABETS.serbian}`);
    expect(combined).not.toContain("LUONNOS");
    expect(combined).not.toContain("Kesäkokous");
    expect(combined).not.toContain("Saldus sapulce");

    const attendance = csv(files["attendance.csv"]);
    expect(attendance[0]).toEqual(["Kokous", "Päivä", "Nimi", "Organisaatio", "Sektori", "Osallistuja", "Läsnäolo"]);
    const rows = attendance.slice(1).map((r) => [r[0], r[1], r[2], r[3], r[5], r[6]]);
    expect(rows).toContainEqual(["ULG-kokous 1: Kevätkokous", "2024-03-05", "Ilze Bērziņa", ALPHABETS.latvian, expect.any(String), expect.any(String)]);
    expect(rows.find((r) => r[2] === "Νίκος Ђурђевак")?.[3]).toBe("'=cmd()");
    expect(rows.find((r) => r[2] === "Goran Gost")?.[3]).toBe("Требиње");
    // The meeting without minutes is in the attendance list; meetings outside the period are not.
    expect(rows.some((r) => r[0].includes("Työpaja ilman muistiota"))).toBe(true);
    expect(rows.some((r) => r[0].includes("Vanha") || r[0].includes("Uusi"))).toBe(false);

    const summary = csv(files["summary.csv"]);
    const header = summary[0];
    const at = (row: string[], name: string) => row[header.indexOf(name)];
    const spring = summary.find((r) => r[0] === "ULG-kokous 1: Kevätkokous")!;
    expect(at(spring, "Osallistujat")).toBe("3");
    expect(at(spring, "Julkinen")).toBe("1");
    expect(at(spring, "Kolmas sektori")).toBe("1");
    expect(at(spring, "Sektori ei tiedossa")).toBe("1");
    expect(at(spring, "Vieraat")).toBe("1");
    expect(at(spring, "Päätökset")).toBe("2");
    expect(at(spring, "Avoimet tehtävät")).toBe("1");
    expect(at(spring, "Tehdyt tehtävät")).toBe("1");
    expect(at(spring, "Muistio")).toBe("Hyväksytty");
    const summer = summary.find((r) => r[0] === "ULG-kokous 3: Kesäkokous")!;
    expect(at(summer, "Muistio")).toBe("Kommentoitavana (ei paketissa)");
    expect(at(summer, "Päätökset")).toBe("");
    expect(summary.find((r) => r[0] === "ULG-kokous 5: Työpaja ilman muistiota")?.[2]).toBe("Ei muistiota");
    const total = summary.find((r) => r[0] === "Yhteensä")!;
    expect(total[2]).toBe("5 kokousta");
    expect(at(total, "Päätökset")).toBe("3");
    const stageRows = summary.slice(summary.findIndex((r) => r[0] === "Idean vaihe") + 1);
    expect(stageRows).toContainEqual(["Ehdotettu", "2", "1"]);
    expect(stageRows.find((r) => r[0] !== "Ehdotettu" && r[1] === "1")?.[2]).toBe("1");
    expect(stageRows).toHaveLength(8);

    const audit = getDb().select().from(auditLog).where(and(eq(auditLog.action, "report.pack"), eq(auditLog.cityId, iisalmi))).all();
    expect(audit.length).toBeGreaterThan(0);
  });

  it("includes drafts only when asked, marked DRAFT in the file name and the document", async () => {
    const files = await open(await pack(project, "from=2024-01-01&to=2024-12-31&drafts=1"));
    const names = Object.keys(files);
    expect(names).toContain("minutes/2024-06-05-ulg-meeting-3-minutes-DRAFT.pdf");
    expect(names).toContain("minutes/2024-09-05-ulg-meeting-4-minutes-DRAFT.docx");
    expect(names.filter((n) => n.startsWith("minutes/"))).toHaveLength(8);
    expect(pdfText(files["minutes/2024-09-05-ulg-meeting-4-minutes-DRAFT.pdf"])).toContain("LUONNOS");
    expect(pdfText(files["minutes/2024-03-05-ulg-meeting-1-minutes.pdf"])).not.toContain("LUONNOS");
    const docx = unzipSync(files["minutes/2024-06-05-ulg-meeting-3-minutes-DRAFT.docx"]);
    expect(Object.entries(docx).some(([n, b]) => n.startsWith("word/header") && strFromU8(b).includes("LUONNOS"))).toBe(true);
    const combined = pdfText(files["2024-01-01-2024-12-31-iisalmi-all-minutes.pdf"]);
    expect(combined).toContain("Kesäkokous [LUONNOS]");
    // Only the drafts' pages carry the mark.
    const pages = combined.split("\f");
    const springPage = pages.find((p) => p.includes("Kevätkokous") && p.includes("MUISTIO"))!;
    expect(springPage).not.toContain("LUONNOS");
    const summary = csv(files["summary.csv"]);
    expect(summary.find((r) => r[0] === "ULG-kokous 4: Syyskokous")?.[2]).toBe("Luonnos");
  });

  it("gives an empty period an archive with the CSV files and a combined PDF that says so", async () => {
    const files = await open(await pack(project, "from=2020-01-01&to=2020-12-31"));
    expect(Object.keys(files)).toEqual(["2020-01-01-2020-12-31-iisalmi-all-minutes.pdf", "attendance.csv", "summary.csv"]);
    expect(pdfText(files["2020-01-01-2020-12-31-iisalmi-all-minutes.pdf"])).toContain("Ajanjaksolla ei ole muistioita.");
  });
});

describe("who may take the pack", () => {
  it("refuses members and ULG coordinators (403) and sends anonymous visitors to sign in", async () => {
    expect((await pack(member, "from=2024-01-01&to=2024-12-31")).status).toBe(403);
    expect((await pack(ulg, "from=2024-01-01&to=2024-12-31")).status).toBe(403);
    expect(((await page(member)) as Response).status).toBe(403);
    expect(((await page(ulg)) as Response).status).toBe(403);
    const anonymous = await pack(undefined, "from=2024-01-01&to=2024-12-31");
    expect(anonymous.status).toBe(302);
    expect(anonymous.headers.get("Location")).toContain("/login");
  });

  it("gives a project coordinator their own city only: another city's id answers 404", async () => {
    expect((await pack(project, `from=2024-01-01&to=2024-12-31&city=${iisalmi}`)).status).toBe(200);
    expect((await pack(project, `from=2024-01-01&to=2024-12-31&city=${saldus}`)).status).toBe(404);
    const files = await open(await pack(saldusProject, "from=2024-01-01&to=2024-12-31"));
    expect(Object.keys(files)).toContain("minutes/2024-05-05-ulg-meeting-1-minutes.pdf");
    // Latvian is not an interface language: the pack is in English.
    expect(pdfText(files["minutes/2024-05-05-ulg-meeting-1-minutes.pdf"])).toContain("Participants");
  });

  it("makes an admin choose the city (400 with a message), then gives any city's pack", async () => {
    const missing = await pack(admin, "from=2024-01-01&to=2024-12-31");
    expect(missing.status).toBe(400);
    expect(await missing.text()).toContain("City: Choose the city whose pack you want.");
    expect((await pack(admin, "from=2024-01-01&to=2024-12-31&city=999999")).status).toBe(400);
    const files = await open(await pack(admin, `from=2024-01-01&to=2024-12-31&city=${iisalmi}`));
    expect(Object.keys(files)).toContain("minutes/2024-12-05-ulg-meeting-2-minutes.pdf");
    const pageResult = (await page(admin, "from=2024-01-01&to=2024-12-31")) as { init: { status: number }; data: { lastResult: { error: Record<string, string[]> } } };
    expect(pageResult.init.status).toBe(400);
    expect(pageResult.data.lastResult.error.city).toEqual(["reports.errors.cityRequired"]);
  });
});

describe("bad input", () => {
  it("answers 400 with field messages for bad dates, a reversed period and a too long one", async () => {
    const cases: [string, string][] = [
      ["from=2024-13-01&to=2024-12-31", "From: Enter a date as YYYY-MM-DD."],
      ["from=2024-02-30&to=2024-12-31", "From: Enter a date as YYYY-MM-DD."],
      ["to=2024-12-31", "From: This field is required."],
      ["from=2024-12-31&to=2024-01-01", "To: The end date is before the start date."],
      ["from=2015-01-01&to=2024-12-31", "To: Choose a period of at most 4 years."],
      ["from=2024-01-01&to=2024-12-31&drafts=yes", "This value is not valid."],
      ["from=<script>&to=2024-12-31", "From: Enter a date as YYYY-MM-DD."],
    ];
    for (const [query, message] of cases) {
      const res = await pack(project, query);
      expect(res.status, query).toBe(400);
      expect(await res.text(), query).toContain(message);
    }
    const pageResult = (await page(project, "from=2024-12-31&to=2024-01-01")) as { init: { status: number }; data: { lastResult: { error: Record<string, string[]> }; overview: unknown } };
    expect(pageResult.init.status).toBe(400);
    expect(pageResult.data.lastResult.error.to).toEqual(["reports.errors.order"]);
    expect(pageResult.data.overview).toBeNull();
  });

  it("shows what the pack will hold, with a link that carries the period", async () => {
    const result = (await page(project, "from=2024-01-01&to=2024-12-31")) as { overview: Record<string, unknown> };
    expect(result.overview).toMatchObject({ city: "Iisalmi", meetings: 5, approved: 2, notApproved: 2, withoutMinutes: 1, href: "/reports/pack.zip?from=2024-01-01&to=2024-12-31" });
    const blank = (await page(project)) as { overview: unknown; defaults: { from: string; to: string } };
    expect(blank.overview).toBeNull();
    expect(blank.defaults.from).toMatch(/^\d{4}-01-01$/);
  });
});

describe("SQL statements", () => {
  it("runs the same number for a pack of 2 meetings as for 25", async () => {
    const city = makeCity({ name: "Kalamata", slug: "kalamata", language: "el", timeZone: "Europe/Athens" }).id;
    const cookie = await cookieFor((await makeUser("project_coordinator", city)).id);
    const people = Array.from({ length: 12 }, (_, i) => makeMember(city, { name: `Πρόσωπο ${i}`, sector: (["public", "private", "civic", "knowledge"] as const)[i % 4] }).id);
    const make = (year: number, n: number) => {
      for (let i = 0; i < n; i++) {
        const day = `${year}-${String(1 + Math.floor(i / 2.2)).padStart(2, "0")}-${String(1 + (i % 2) * 14).padStart(2, "0")}`;
        const m = heldMeeting(city, { day, items: 4 });
        recordAttendance(m, people.map((memberId) => ({ memberId, status: "present" })));
        addGuest(m, "Guest", null, "civic");
        addMinutes(m, { notes: ["**a**", "b"], decisions: ["d"], actions: [{ description: "x", ownerMemberId: people[0] }] });
      }
    };
    make(2021, 2);
    make(2022, 25);
    const count = async (query: string) => {
      const spy = spyOnStatements();
      const res = await pack(cookie, query);
      const n = spy.count();
      spy.restore();
      const files = await open(res);
      return { n, minutes: Object.keys(files).filter((f) => f.endsWith("minutes.pdf") && f.startsWith("minutes/")).length };
    };
    const small = await count("from=2021-01-01&to=2021-12-31");
    const large = await count("from=2022-01-01&to=2022-12-31");
    expect(small.minutes).toBe(2);
    expect(large.minutes).toBe(25);
    expect(large.n).toBe(small.n);
    // The bench budget (issue 7) is 10 a request: session, city, meetings, agenda, decisions with
    // action items, attendance with guests, ideas, and the audit record.
    expect(large.n).toBeLessThanOrEqual(8);
  }, 120_000);
});
