import { execFileSync, spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { strFromU8, unzipSync } from "fflate";
import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "#db/client.server";
import { actionPlans } from "#db/schema";
import { eq } from "drizzle-orm";
import { loader as docxLoader } from "~/routes/action-plan[.docx]";
import { loader as pdfLoader } from "~/routes/action-plan[.pdf]";
import { linkToMeeting, makeAction, makeIdea, makePilot, makePlan } from "./action-plan-fixtures";
import { context, cookieFor, makeCity, makeUser, request, settle } from "./factories";
import { ALPHABETS, heldMeeting, pdfPages, pdfText } from "./minutes-fixtures";

let iisalmi: number, saldus: number;
let member: string, admin: string, saldusMember: string;
let planId: number;

beforeAll(async () => {
  iisalmi = makeCity({ name: "Iisalmi", slug: "iisalmi", language: "fi", timeZone: "Europe/Helsinki" }).id;
  saldus = makeCity({ name: "Saldus", slug: "saldus", country: "LV", language: "lv", timeZone: "Europe/Riga" }).id;
  member = await cookieFor((await makeUser("member", iisalmi, { language: "en" })).id);
  admin = await cookieFor((await makeUser("admin", null, { language: "en" })).id);
  saldusMember = await cookieFor((await makeUser("member", saldus)).id);

  planId = makePlan(iisalmi, {
    title: `Iisalmen toimintasuunnitelma ${ALPHABETS.finnish}`,
    vision: `Visio: **muutetaan ja jäädään**. ${ALPHABETS.greek}\n\n- ${ALPHABETS.serbian}\n- ${ALPHABETS.latvian}\n\n<script>alert(1)</script> jää tekstiksi.`,
    objectives: `1. Pito ${ALPHABETS.romanian}\n2. Veto ${ALPHABETS.croatian}`,
  }).id;
  const meeting = heldMeeting(iisalmi, { day: "2024-05-14", title: "Pilottien valinta" });
  const welcome = makeIdea(iisalmi, `Tervetuloilta ${ALPHABETS.greek}`, "in_action_plan", "Uusien asukkaiden **ilta**.");
  makePilot(welcome.id, iisalmi, { objective: "Uudet asukkaat viihtyvät", startsOn: "2024-08-01", endsOn: "2024-08-31", results: "Hyvä", lessonsLearned: "Kahdesti vuodessa", decision: "scale" }, [
    ["Osallistujia", "40", "52"],
    [`Tyytyväisyys ${ALPHABETS.serbian}`, "4/5", "4,6/5"],
  ]);
  linkToMeeting(welcome.id, iisalmi, meeting.meetingId, `Pilotti 1 ${ALPHABETS.latvian}`, ["evaluated", "in_action_plan"]);
  makeAction(planId, iisalmi, 0, {
    ideaId: welcome.id,
    title: `Tervetuloilta ${ALPHABETS.greek}`,
    description: "Kahdesti vuodessa.",
    timing: "2026 Q1 – 2030 Q4",
    lead: "Iisalmen kaupunki",
    partners: `Kuura\n${ALPHABETS.croatian}`,
    costCents: 1_200_050,
    fundingSource: "Kaupungin talousarvio",
    fundingStatus: "secured",
    implementationStatus: "in_progress",
    indicators: "Osallistujia 100 vuodessa",
    risks: `Tilat ${ALPHABETS.romanian}`,
  });
  makeAction(planId, iisalmi, 1, { title: "Ilman ideaa", costCents: 50_000, fundingStatus: "sought" });
  // Another city's plan, which Iisalmi's documents must not hold.
  makeAction(makePlan(saldus, { title: "Saldus plāns", vision: "Saldus vīzija" }).id, saldus, 0, { title: "Saldus darbība" });
});

const fetchDoc = (format: "pdf" | "docx", cookie: string, query = "") =>
  settle(() => (format === "pdf" ? pdfLoader : docxLoader)({ request: request(`/action-plan.${format}${query}`, { cookie }), context: context(), params: {} })) as Promise<Response>;
const bytes = async (res: Response) => Buffer.from(await res.arrayBuffer());
const today = () => new Intl.DateTimeFormat("en-CA", { timeZone: "Europe/Helsinki", year: "numeric", month: "2-digit", day: "2-digit" }).format(new Date());

describe("action-plan.pdf", () => {
  it("holds the title page, contents, vision, objectives and every action with its idea, pilot and meetings, in every alphabet", async () => {
    const res = await fetchDoc("pdf", member);
    expect(res.status).toBe(200);
    expect(res.headers.get("Content-Type")).toBe("application/pdf");
    expect(res.headers.get("Content-Disposition")).toContain(`filename="${today()}-iisalmi-integrated-action-plan-DRAFT.pdf"`);
    const buffer = await bytes(res);
    const text = pdfText(buffer).replace(/[ \t]+/g, " ");
    const flat = text.replace(/\s+/g, " ");
    for (const letters of Object.values(ALPHABETS)) expect(flat).toContain(letters);
    for (const heading of ["INTEGROITU TOIMINTASUUNNITELMA", "Sisällys", "Visio", "Tavoitteet", "Toimenpiteet", "Mistä toimenpide syntyi", "Pilotti", "Käsitelty"]) expect(flat).toContain(heading);
    expect(flat).toContain("LUONNOS");
    expect(flat).toContain("Iisalmi");
    expect(flat).toContain("Residents of the Future");
    // Money in the city's language, statuses translated, pilot indicators with target and result.
    expect(flat).toMatch(/12 000,50 €/);
    expect(flat).toContain("Varmistettu");
    expect(flat).toContain("Käynnissä");
    // Table rows stay on one line in layout mode (plain mode may read a column as its own block).
    expect(pdfText(buffer, true).replace(/\s+/g, " ")).toMatch(/Osallistujia 40 52/);
    expect(flat).toContain("Laajennetaan");
    expect(flat).toMatch(/ULG-kokous \d+: Pilottien valinta/);
    expect(flat).toContain("Arvioitu → Toimintasuunnitelmassa");
    expect(flat).toContain("<script>alert(1)</script> jää tekstiksi.");
    expect(flat).toContain("Toimenpide ei syntynyt ULG Workshopiin kirjatusta ideasta.");
    expect(flat).not.toContain("Saldus darbība");
    expect(flat).not.toContain("Saldus plāns");
    // Title page, contents, vision and objectives, then each action from its own page.
    expect(pdfPages(buffer)).toBeGreaterThanOrEqual(4);
    const pages = text.split("\f");
    expect(pages[0]).toContain("Iisalmen toimintasuunnitelma");
    expect(pages[1]).toContain("Sisällys");
    expect(pages[1]).toMatch(/1\. Tervetuloilta[^\n]*\s+\d+/);
  });

  it("loses the DRAFT mark once the plan is declared final", async () => {
    getDb().update(actionPlans).set({ finalisedAt: new Date() }).where(eq(actionPlans.id, planId)).run();
    try {
      const res = await fetchDoc("pdf", member);
      expect(res.headers.get("Content-Disposition")).toContain(`filename="${today()}-iisalmi-integrated-action-plan.pdf"`);
      const flat = pdfText(await bytes(res)).replace(/\s+/g, " ");
      expect(flat).not.toContain("LUONNOS");
      expect(flat).toContain("Lopullinen versio");
    } finally {
      getDb().update(actionPlans).set({ finalisedAt: null }).where(eq(actionPlans.id, planId)).run();
    }
  });

  it("gives an admin the city named in ?city=, and a partner city's member 404 for it", async () => {
    const res = await fetchDoc("pdf", admin, `?city=${saldus}`);
    expect(res.status).toBe(200);
    expect(pdfText(await bytes(res))).toContain("Saldus darbība");
    expect((await fetchDoc("pdf", saldusMember, `?city=${iisalmi}`)).status).toBe(404);
  });
});

describe("action-plan.docx", () => {
  it("is valid Office Open XML with every section, every alphabet and a DRAFT header", async () => {
    const res = await fetchDoc("docx", member);
    expect(res.status).toBe(200);
    expect(res.headers.get("Content-Type")).toBe("application/vnd.openxmlformats-officedocument.wordprocessingml.document");
    expect(res.headers.get("Content-Disposition")).toContain(`filename="${today()}-iisalmi-integrated-action-plan-DRAFT.docx"`);
    const files = unzipSync(new Uint8Array(await bytes(res)));
    const names = Object.keys(files);
    for (const part of ["[Content_Types].xml", "_rels/.rels", "word/document.xml", "word/_rels/document.xml.rels", "word/styles.xml", "word/numbering.xml"]) expect(names).toContain(part);
    expectWellFormed(Object.fromEntries(names.filter((n) => n.endsWith(".xml") || n.endsWith(".rels")).map((n) => [n, strFromU8(files[n])])));
    const contentTypes = strFromU8(files["[Content_Types].xml"]);
    const rels = strFromU8(files["word/_rels/document.xml.rels"]);
    for (const [, target, mode] of rels.matchAll(/Target="([^"]+)"(?: TargetMode="(\w+)")?/g)) {
      if (mode === "External") continue;
      const part = target.startsWith("/") ? target.slice(1) : `word/${target}`;
      expect(names, target).toContain(part);
      expect(contentTypes.includes(`PartName="/${part}"`) || contentTypes.includes(`Extension="${part.split(".").pop()}"`), part).toBe(true);
    }
    const xml = strFromU8(files["word/document.xml"]);
    const text = xml.replace(/<[^>]+>/g, "").replace(/[\u00a0\u202f]/g, " ");
    for (const letters of Object.values(ALPHABETS)) expect(text).toContain(letters);
    for (const heading of ["Sisällys", "Visio", "Tavoitteet", "Toimenpiteet", "Mistä toimenpide syntyi", "Pilotti", "Käsitelty", "Residents of the Future"]) expect(text).toContain(heading);
    expect(text).toContain("12 000,50 €");
    expect(text).toContain("&lt;script&gt;alert(1)&lt;/script&gt; jää tekstiksi.");
    // Sections are real Word headings, lists real lists, the indicators a table.
    expect(xml).toContain('<w:pStyle w:val="Heading2"/>');
    expect(xml).toContain("<w:numPr>");
    expect(xml).toContain("<w:tbl>");
    const headers = names.filter((n) => /^word\/header\d*\.xml$/.test(n)).map((n) => strFromU8(files[n]));
    expect(headers.some((h) => h.includes("LUONNOS"))).toBe(true);
    expect(text).not.toContain("Saldus darbība");
  });

  it("converts in LibreOffice Writer headlessly when it is installed", async () => {
    const soffice = ["/usr/bin/soffice", "/usr/local/bin/soffice"].find((p) => fs.existsSync(p));
    // soffice without its Writer component (Debian's libreoffice-writer-nogui) cannot open a DOCX at all.
    const writer = soffice && fs.existsSync(path.join(path.dirname(fs.realpathSync(soffice)), "libswlo.so"));
    const buffer = await bytes(await fetchDoc("docx", member));
    expect(buffer.subarray(0, 2).toString()).toBe("PK");
    // CI machines have no LibreOffice: only the conversion is left out there, not the test.
    if (!writer) return;
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "plan-docx-"));
    try {
      const file = path.join(dir, "plan.docx");
      fs.writeFileSync(file, buffer);
      execFileSync(soffice, [`-env:UserInstallation=file://${dir}/profile`, "--headless", "--convert-to", "pdf", "--outdir", dir, file], { stdio: "pipe", timeout: 120_000 });
      const text = pdfText(fs.readFileSync(path.join(dir, "plan.pdf"))).replace(/\s+/g, " ");
      expect(text).toContain("Toimenpiteet");
      expect(text).toContain(ALPHABETS.greek);
      expect(text).toContain(ALPHABETS.serbian);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }, 180_000);
});

/** Parses each XML part with Python's expat; fails naming the part that is not well-formed. */
function expectWellFormed(parts: Record<string, string>) {
  const script = [
    "import json, sys, xml.dom.minidom",
    "for name, text in json.load(sys.stdin).items():",
    "    try: xml.dom.minidom.parseString(text.encode('utf-8'))",
    "    except Exception as e: sys.exit(name + ': ' + str(e))",
  ].join("\n");
  const result = spawnSync("python3", ["-c", script], { input: JSON.stringify(parts), encoding: "utf8" });
  expect(result.error).toBeUndefined();
  expect(result.status, result.stderr).toBe(0);
}
