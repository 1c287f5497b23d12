import { spyOnStatements } from "./sql-count";
import { execFileSync, spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { strFromU8, unzipSync } from "fflate";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { getConnection } from "#db/client.server";
import { markdownBlocks } from "~/exports/markdown-blocks.server";
import { loader as docxLoader } from "~/routes/meetings.$meetingId_.minutes[.docx]";
import { loader as mdLoader } from "~/routes/meetings.$meetingId_.minutes[.md]";
import { loader as pdfLoader } from "~/routes/meetings.$meetingId_.minutes[.pdf]";
import { loader as meetingLoader } from "~/routes/meetings.$meetingId";
import { context, cookieFor, makeCity, makeMember, makeUser, request, settle } from "./factories";
import { addGuest, addMinutes, ALPHABETS, heldMeeting, pdfPages, pdfText, recordAttendance, type MeetingFixture } from "./minutes-fixtures";

let iisalmi: number, kalamata: number, trebinje: number;
let coord: string, member: string, project: string, admin: string, kalamataCoord: string, trebinjeCoord: string;
let approverName: string;
let aino: number, nikos: number, ilze: number, ion: number, ana: number, former: number;

beforeAll(async () => {
  iisalmi = makeCity({ name: "Iisalmi", language: "fi", timeZone: "Europe/Helsinki" }).id;
  kalamata = makeCity({ name: "Καλαμάτα", country: "GR", language: "el", timeZone: "Europe/Athens" }).id;
  trebinje = makeCity({ name: "Требиње", country: "BA", language: "sr", timeZone: "Europe/Sarajevo" }).id;
  const coordUser = await makeUser("ulg_coordinator", iisalmi, { name: "Jari Savolainen", language: "en" });
  approverName = coordUser.name;
  coord = await cookieFor(coordUser.id);
  const m = await makeUser("member", iisalmi, { language: "en" });
  member = await cookieFor(m.id);
  project = await cookieFor((await makeUser("project_coordinator", iisalmi)).id);
  admin = await cookieFor((await makeUser("admin", null)).id);
  kalamataCoord = await cookieFor((await makeUser("ulg_coordinator", kalamata)).id);
  trebinjeCoord = await cookieFor((await makeUser("ulg_coordinator", trebinje)).id);
  aino = makeMember(iisalmi, { name: "Aino Äijälä", organisation: "Iisalmen kaupunki", sector: "public", userId: m.id }).id;
  nikos = makeMember(iisalmi, { name: "Νίκος Παπαδόπουλος", organisation: "Καλημέρα Α.Ε.", sector: "private" }).id;
  ilze = makeMember(iisalmi, { name: "Ilze Bērziņa", organisation: "Saldus ā ē ī ū ļ ņ", sector: "civic" }).id;
  ion = makeMember(iisalmi, { name: "Ion Țărănuș", organisation: "Universitatea din Alba Iulia", sector: "knowledge" }).id;
  ana = makeMember(iisalmi, { name: "Ana Đurić", organisation: "Šibenik", sector: "public" }).id;
  former = makeMember(iisalmi, { name: "", erasedAt: new Date(), organisation: "Yhdistys ry", sector: "civic" }).id;
});

type Format = "pdf" | "docx" | "md";
const loaders = { pdf: pdfLoader, docx: docxLoader, md: mdLoader };
const fetchExport = (format: Format, meetingId: number, cookie?: string) =>
  settle(() =>
    loaders[format]({
      request: request(`/meetings/${meetingId}/minutes.${format}`, { cookie }),
      context: context(),
      params: { meetingId: String(meetingId) },
    }),
  ) as Promise<Response>;
const bytes = async (res: Response) => Buffer.from(await res.arrayBuffer());

/** A full Iisalmi meeting: every partner alphabet, Markdown notes, decisions, action items, people. */
function fullMeeting(status: "draft" | "circulated" | "approved" = "approved", approvedByUserId?: number): MeetingFixture {
  const m = heldMeeting(iisalmi, { title: "Syysokous: Ђурђевак", items: ["Tervetuloa", `Pilotit ${ALPHABETS.greek}`, "Muut asiat"] });
  recordAttendance(m, [
    { memberId: aino, status: "present" },
    { memberId: nikos, status: "remote" },
    { memberId: ilze, status: "present" },
    { memberId: ion, status: "excused" },
    { memberId: ana, status: "absent" },
    { memberId: former, status: "present" },
  ]);
  addGuest(m, "Goran Ђурђевић", "Требиње", "public");
  addGuest(m, "Vieras Ilman Sektoria", null, null);
  addMinutes(m, {
    status,
    approvedByUserId,
    summary: `Yhteenveto: **tärkeää** ja _kursiivia_. ${ALPHABETS.finnish}`,
    summaryEn: "We chose **two pilots**.",
    notes: [
      `Avattiin kokous. ${ALPHABETS.romanian}\n\n- ensimmäinen ${ALPHABETS.latvian}\n- toinen **lihava** ja *kursiivi*\n  1. sisempi\n\n<script>alert(1)</script> jäi tekstiksi.`,
      `## Keskustelu\n\n${ALPHABETS.greek} ja ${ALPHABETS.serbian}.\n\n1. yksi\n2. kaksi\n\n> lainaus ${ALPHABETS.croatian}`,
      null,
    ],
    decisions: [`Päätettiin pilotista ${ALPHABETS.croatian}.`, "Seuraava kokous tammikuussa."],
    actions: [
      { description: `Varaa tila ${ALPHABETS.latvian}`, ownerMemberId: ilze, dueOn: "2025-01-10" },
      { description: "Lähetä kutsu", ownerMemberId: aino, dueOn: "2024-12-20", doneOn: "2024-12-18" },
      { description: "Ilman vastuuhenkilöä" },
    ],
  });
  return m;
}

const approverId = async () => (await makeUser("ulg_coordinator", iisalmi, { name: "Hyväksyjä Öberg" })).id;

describe("minutes.pdf", () => {
  it("is a real PDF in the city's language with every partner alphabet, the people, notes, decisions and approval", async () => {
    const m = fullMeeting("approved", await approverId());
    const res = await fetchExport("pdf", m.meetingId, member);
    expect(res.status).toBe(200);
    expect(res.headers.get("Content-Type")).toBe("application/pdf");
    expect(res.headers.get("Content-Disposition")).toContain(`filename="2024-12-05-ulg-meeting-${numberOf(m)}-minutes.pdf"`);
    const buffer = await bytes(res);
    expect(buffer.subarray(0, 5).toString()).toBe("%PDF-");
    const text = pdfText(buffer);
    const flat = text.replace(/\s+/g, " ");
    for (const letters of Object.values(ALPHABETS)) expect(flat).toContain(letters);
    // Finnish labels, because Iisalmi works in Finnish (the reader's English does not matter).
    for (const label of ["MUISTIO", "Osallistujat", "Esityslista", "Muistiinpanot", "Päätökset", "Tehtävät", "Hyväksyntä"]) expect(flat).toContain(label);
    expect(flat).toContain("Syysokous: Ђурђевак");
    expect(flat).toContain("Iisalmi");
    expect(flat).toContain("Kulttuurikeskus, Iisalmi");
    // 4 members came (one remote, one erased) plus 2 guests; counted by sector.
    expect(flat).toContain("6 osallistujaa (4 jäsentä, 2 vierasta)");
    expect(flat).toContain("Sektoreittain: Julkinen 2, Yksityinen 1, Kolmas sektori 2, Tutkimus ja koulutus 0, sektori ei tiedossa 1");
    expect(flat).toContain("Νίκος Παπαδόπουλος, Καλημέρα Α.Ε.");
    expect(flat).toContain("etänä");
    expect(flat).toContain("Entinen jäsen");
    expect(flat).toContain("Ion Țărănuș"); // apologies
    expect(flat).not.toContain("Ana Đurić"); // absent people are not listed
    expect(flat).toContain("Goran Ђурђевић");
    // Markdown rendered, not shown as markup; script tags as text.
    expect(flat).toContain("toinen lihava ja kursiivi");
    expect(flat).not.toContain("**");
    expect(flat).toContain("<script>alert(1)</script> jäi tekstiksi.");
    expect(text).toContain("•");
    expect(flat).toMatch(/1\. yksi 2\. kaksi/);
    expect(flat).toContain("Tämän kohdan alle ei kirjoitettu muistiinpanoja.");
    expect(flat).toContain("Päätettiin pilotista");
    expect(flat).toContain("Kohta 1: Tervetuloa");
    expect(flat).toContain("Avoinna");
    expect(flat).toContain("10.1.2025");
    expect(flat).toContain("Hyväksynyt Hyväksyjä Öberg 16. tammikuuta 2025");
    expect(flat).not.toContain("LUONNOS");
  });

  it("marks drafts and circulated minutes DRAFT on every page, in the file name and the title", async () => {
    const m = heldMeeting(kalamata, { title: "Συνάντηση", items: Array.from({ length: 12 }, (_, i) => `Θέμα ${i + 1}`) });
    addMinutes(m, { status: "circulated", notes: Array.from({ length: 12 }, () => "Καλημέρα. ".repeat(80)) });
    const res = await fetchExport("pdf", m.meetingId, admin);
    expect(res.status).toBe(200);
    expect(res.headers.get("Content-Disposition")).toMatch(/minutes-DRAFT\.pdf"/);
    const buffer = await bytes(res);
    const pages = pdfText(buffer).split("\f").filter((p) => p.trim());
    expect(pages.length).toBeGreaterThan(1);
    // Greek is not an interface language: English labels, Greek content.
    for (const page of pages) expect(page).toContain("DRAFT");
    expect(pages[0]).toContain("Not approved: these minutes may still change.");
    expect(pages[0]).toContain("Circulated for comments on");
    expect(pages[0]).toContain("Συνάντηση");
    expect(pdfPages(buffer)).toBe(pages.length);
  });
});

function numberOf(m: MeetingFixture): number {
  return getConnection().sqlite.prepare("select number from meetings where id = ?").pluck().get(m.meetingId) as number;
}

describe("who may download minutes", () => {
  it("members read circulated and approved minutes, not drafts; coordinators and admins read drafts too", async () => {
    const draft = heldMeeting(iisalmi, { day: "2025-02-01" });
    addMinutes(draft, { status: "draft", notes: ["luonnos"] });
    const circulated = heldMeeting(iisalmi, { day: "2025-02-02" });
    addMinutes(circulated, { status: "circulated" });
    for (const format of ["pdf", "docx", "md"] as const) {
      expect((await fetchExport(format, draft.meetingId, member)).status, format).toBe(404);
      expect((await fetchExport(format, circulated.meetingId, member)).status, format).toBe(200);
      expect((await fetchExport(format, draft.meetingId, coord)).status, format).toBe(200);
      expect((await fetchExport(format, draft.meetingId, project)).status, format).toBe(200);
      expect((await fetchExport(format, draft.meetingId, admin)).status, format).toBe(200);
    }
  });

  it("answers 404 for another city's minutes, a meeting without minutes and an unknown meeting; anonymous readers sign in first", async () => {
    const m = fullMeeting("approved");
    const none = heldMeeting(iisalmi, { day: "2025-03-01" });
    for (const format of ["pdf", "docx", "md"] as const) {
      expect((await fetchExport(format, m.meetingId, kalamataCoord)).status, format).toBe(404);
      expect((await fetchExport(format, m.meetingId, trebinjeCoord)).status, format).toBe(404);
      expect((await fetchExport(format, none.meetingId, coord)).status, format).toBe(404);
      expect((await fetchExport(format, 999_999, coord)).status, format).toBe(404);
      const anonymous = await fetchExport(format, m.meetingId);
      expect(anonymous.status).toBe(302);
      expect(anonymous.headers.get("Location")).toContain("/login");
    }
  });

  it("lets everyone read a network meeting's approved minutes, and only network writers its draft", async () => {
    const approved = heldMeeting(null, { day: "2024-10-08", hostCityId: kalamata, title: "Mangualde" });
    addMinutes(approved, { status: "approved" });
    const draft = heldMeeting(null, { day: "2024-10-09", hostCityId: kalamata, title: "Mangualde 2" });
    addMinutes(draft, { status: "draft" });
    expect((await fetchExport("md", approved.meetingId, kalamataCoord)).status).toBe(200);
    expect((await fetchExport("md", approved.meetingId, member)).status).toBe(200);
    expect((await fetchExport("md", draft.meetingId, member)).status).toBe(404);
    expect((await fetchExport("md", draft.meetingId, coord)).status).toBe(404);
    expect((await fetchExport("md", draft.meetingId, project)).status).toBe(200);
    const text = await (await fetchExport("md", approved.meetingId, member)).text();
    // No city: English, with the host.
    expect(text).toContain("Network meeting hosted by Καλαμάτα");
  });
});

describe("the meeting page", () => {
  it("offers the minutes files to those who may read them", async () => {
    const page = async (meetingId: number, cookie: string) =>
      (await meetingLoader({ request: request(`/meetings/${meetingId}`, { cookie }), context: context(), params: { meetingId: String(meetingId) } })) as { minutesStatus: string | null };
    const draft = heldMeeting(iisalmi, { day: "2025-02-10" });
    addMinutes(draft, { status: "draft" });
    const approved = heldMeeting(iisalmi, { day: "2025-02-11" });
    addMinutes(approved, { status: "approved" });
    const none = heldMeeting(iisalmi, { day: "2025-02-12" });
    expect((await page(draft.meetingId, member)).minutesStatus).toBeNull();
    expect((await page(draft.meetingId, coord)).minutesStatus).toBe("draft");
    expect((await page(approved.meetingId, member)).minutesStatus).toBe("approved");
    expect((await page(none.meetingId, coord)).minutesStatus).toBeNull();
  });
});

describe("minutes.docx", () => {
  it("is valid Office Open XML with every alphabet, a real list and a DRAFT header for drafts", async () => {
    const m = fullMeeting("draft");
    const res = await fetchExport("docx", m.meetingId, coord);
    expect(res.status).toBe(200);
    expect(res.headers.get("Content-Type")).toBe("application/vnd.openxmlformats-officedocument.wordprocessingml.document");
    expect(res.headers.get("Content-Disposition")).toMatch(/-minutes-DRAFT\.docx"/);
    const buffer = await bytes(res);
    const files = unzipSync(new Uint8Array(buffer));
    const names = Object.keys(files);
    for (const part of ["[Content_Types].xml", "_rels/.rels", "word/document.xml", "word/_rels/document.xml.rels", "word/styles.xml", "word/numbering.xml"]) {
      expect(names).toContain(part);
    }
    // Every XML part parses (a real XML parser, Python's expat).
    expectWellFormed(Object.fromEntries(names.filter((n) => n.endsWith(".xml") || n.endsWith(".rels")).map((n) => [n, strFromU8(files[n])])));
    // Every part the relationships name exists, and the content types cover them.
    const contentTypes = strFromU8(files["[Content_Types].xml"]);
    const rels = strFromU8(files["word/_rels/document.xml.rels"]);
    for (const [, target, mode] of rels.matchAll(/Target="([^"]+)"(?: TargetMode="(\w+)")?/g)) {
      if (mode === "External") continue;
      const part = target.startsWith("/") ? target.slice(1) : `word/${target}`;
      expect(names, target).toContain(part);
      expect(contentTypes.includes(`PartName="/${part}"`) || contentTypes.includes(`Extension="${part.split(".").pop()}"`), part).toBe(true);
    }
    const xml = strFromU8(files["word/document.xml"]);
    const text = xml.replace(/<w:tab\/>/g, " ").replace(/<[^>]+>/g, "");
    for (const letters of Object.values(ALPHABETS)) expect(text).toContain(letters);
    expect(text).toContain("Osallistujat");
    expect(text).toContain("toinen lihava ja kursiivi");
    expect(text).toContain("&lt;script&gt;alert(1)&lt;/script&gt; jäi tekstiksi.");
    expect(xml).toContain("<w:numPr>");
    expect(xml).toMatch(/<w:b\/>[\s\S]*?lihava/);
    // The DRAFT mark: a banner in the body and the header of every page.
    expect(text).toContain("LUONNOS");
    const headers = names.filter((n) => /^word\/header\d*\.xml$/.test(n)).map((n) => strFromU8(files[n]));
    expect(headers.some((h) => h.includes("LUONNOS"))).toBe(true);

    const approved = fullMeeting("approved");
    const approvedFiles = unzipSync(new Uint8Array(await bytes(await fetchExport("docx", approved.meetingId, coord))));
    expect(strFromU8(approvedFiles["word/document.xml"])).not.toContain("LUONNOS");
  });

  it("opens in LibreOffice Writer when it is installed (headless conversion keeps the text)", async () => {
    const soffice = ["/usr/bin/soffice", "/usr/local/bin/soffice"].find((p) => fs.existsSync(p));
    // soffice without its Writer component (Debian's libreoffice-writer-nogui) cannot open a DOCX at all.
    const writer = soffice && fs.existsSync(path.join(path.dirname(fs.realpathSync(soffice)), "libswlo.so"));
    const m = fullMeeting("approved");
    const buffer = await bytes(await fetchExport("docx", m.meetingId, coord));
    if (!writer) {
      // LibreOffice is not required: without it the structural checks of the test above are the proof; re-check the main part.
      expectWellFormed({ "word/document.xml": strFromU8(unzipSync(new Uint8Array(buffer))["word/document.xml"]) });
      return;
    }
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "minutes-docx-"));
    try {
      const file = path.join(dir, "minutes.docx");
      fs.writeFileSync(file, buffer);
      execFileSync(soffice, [`-env:UserInstallation=file://${dir}/profile`, "--headless", "--convert-to", "pdf", "--outdir", dir, file], { stdio: "pipe", timeout: 120_000 });
      const text = pdfText(fs.readFileSync(path.join(dir, "minutes.pdf"))).replace(/\s+/g, " ");
      expect(text).toContain("Osallistujat");
      expect(text).toContain(ALPHABETS.greek);
      expect(text).toContain(ALPHABETS.serbian);
      expect(text).toContain(ALPHABETS.romanian);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }, 180_000);
});

/** Parses each XML part with Python's expat (one process for all parts); fails naming the part that is not well-formed. */
function expectWellFormed(parts: Record<string, string>) {
  const script = [
    "import json, sys, xml.dom.minidom",
    "for name, text in json.load(sys.stdin).items():",
    "    try: xml.dom.minidom.parseString(text.encode('utf-8'))",
    "    except Exception as e: sys.exit(name + ': ' + str(e))",
  ].join("\n");
  const python = fs.existsSync("/usr/bin/python3") ? "/usr/bin/python3" : "python3";
  const result = spawnSync(python, ["-c", script], { input: JSON.stringify(parts), encoding: "utf8" });
  expect(result.error).toBeUndefined();
  expect(result.status, result.stderr).toBe(0);
}

describe("minutes.md", () => {
  it("is Markdown text with the whole record, a DRAFT line for drafts and no raw HTML", async () => {
    const m = fullMeeting("circulated");
    const res = await fetchExport("md", m.meetingId, member);
    expect(res.status).toBe(200);
    expect(res.headers.get("Content-Type")).toBe("text/markdown; charset=utf-8");
    expect(res.headers.get("Content-Disposition")).toMatch(/-minutes-DRAFT\.md"/);
    const text = await res.text();
    expect(text.split("\n")[0]).toBe("> **LUONNOS** — Ei hyväksytty: muistio voi vielä muuttua.");
    expect(text).toContain("# Muistio: ULG-kokous");
    for (const heading of ["## Osallistujat", "## Esityslista", "## Muistiinpanot", "## Päätökset", "## Tehtävät", "## Hyväksyntä"]) expect(text).toContain(heading);
    for (const letters of Object.values(ALPHABETS)) expect(text.replace(/\\/g, "")).toContain(letters);
    expect(text).toContain("**lihava**");
    expect(text).toContain("| Mitä | Vastuuhenkilö | Määräaika | Tehty |");
    expect(text).toContain("Avoinna");
    // The script tag is text: escaped, so no Markdown reader turns it into HTML.
    expect(text).not.toMatch(/(^|[^\\])<script/);
    expect(text).toContain("\\<script>alert(1)\\</script>");
    // Read back with the app's own Markdown parser, the note's list survives.
    const blocks = markdownBlocks(text);
    expect(blocks.some((b) => b.kind === "list")).toBe(true);
  });
});

describe("SQL statements", () => {
  it("runs the same number for 3 agenda items and 5 people as for 15 items and 40 people", async () => {
    const build = (items: number, people: number) => {
      const m = heldMeeting(iisalmi, { day: items === 3 ? "2025-04-01" : "2025-04-02", items });
      const ids = Array.from({ length: people }, (_, i) => makeMember(iisalmi, { name: `Henkilö ${items}-${i}`, sector: (["public", "private", "civic", "knowledge"] as const)[i % 4] }).id);
      recordAttendance(m, ids.map((memberId, i) => ({ memberId, status: i % 5 === 0 ? "remote" : "present" })));
      addMinutes(m, {
        notes: Array.from({ length: items }, (_, i) => `Muistiinpano ${i} **tärkeä**`),
        decisions: Array.from({ length: items }, (_, i) => `Päätös ${i}`),
        actions: Array.from({ length: items }, (_, i) => ({ description: `Tehtävä ${i}`, ownerMemberId: ids[i % ids.length], dueOn: "2025-05-01" })),
      });
      return m;
    };
    const small = build(3, 5);
    const large = build(15, 40);
    const count = async (format: Format, m: MeetingFixture) => {
      const spy = spyOnStatements();
      const res = await fetchExport(format, m.meetingId, member);
      const n = spy.count();
      spy.restore();
      expect(res.status).toBe(200);
      return n;
    };
    for (const format of ["pdf", "docx", "md"] as const) {
      const a = await count(format, small);
      const b = await count(format, large);
      expect(a, format).toBeGreaterThan(3);
      // The session, the meeting with its minutes, the agenda, decisions with action items, people.
      expect(a, format).toBeLessThanOrEqual(5);
      expect(b, format).toBe(a);
    }
  });
});
