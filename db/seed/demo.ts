import { and, eq } from "drizzle-orm";
import type { DB } from "../client.server";
import { cities, members, users, type Role, type Sector } from "../schema";
import { seedIdeas } from "./ideas";
import { seedMeetings } from "./meetings";
import { seedMinutes } from "./minutes";

/** The ten partner cities of "Residents of the Future" (Šibenik leads). */
export const DEMO_CITIES = [
  { slug: "alba-iulia", name: "Alba Iulia", country: "RO", language: "ro", timeZone: "Europe/Bucharest" },
  { slug: "iisalmi", name: "Iisalmi", country: "FI", language: "fi", timeZone: "Europe/Helsinki" },
  { slug: "kalamata", name: "Kalamata", country: "GR", language: "el", timeZone: "Europe/Athens" },
  { slug: "mangualde", name: "Mangualde", country: "PT", language: "pt", timeZone: "Europe/Lisbon" },
  { slug: "mantova", name: "Mantova", country: "IT", language: "it", timeZone: "Europe/Rome" },
  { slug: "plasencia", name: "Plasencia", country: "ES", language: "es", timeZone: "Europe/Madrid" },
  { slug: "saint-quentin", name: "Saint-Quentin", country: "FR", language: "fr", timeZone: "Europe/Paris" },
  { slug: "saldus", name: "Saldus", country: "LV", language: "lv", timeZone: "Europe/Riga" },
  { slug: "sibenik", name: "Šibenik", country: "HR", language: "hr", timeZone: "Europe/Zagreb", isLeadPartner: true },
  { slug: "trebinje", name: "Trebinje", country: "BA", language: "sr", timeZone: "Europe/Sarajevo" },
] as const;

export const DEMO_PASSWORD = "demo-password";

export const DEMO_USERS: { email: string; name: string; role: Role; city: string | null }[] = [
  { email: "admin@network.example", name: "Network Administrator", role: "admin", city: null },
  { email: "projects@iisalmi.example", name: "Helena Kärkkäinen", role: "project_coordinator", city: "iisalmi" },
  { email: "coordinator@iisalmi.example", name: "Jari Savolainen", role: "ulg_coordinator", city: "iisalmi" },
  { email: "member@iisalmi.example", name: "Aino Kettunen", role: "member", city: "iisalmi" },
  { email: "coordinator@mantova.example", name: "Giulia Ferrari", role: "ulg_coordinator", city: "mantova" },
];

type DemoMember = {
  name: string;
  email: string;
  organisation: string;
  sector: Sector;
  position: string;
  joinedOn: string;
  leftOn?: string;
  consentContact?: boolean;
  phone?: string;
  account?: string;
};

// Fictional people only. Örjan and Zacharias show Finnish sorting (Ö after Z).
const IISALMI_MEMBERS: DemoMember[] = [
  { name: "Jari Savolainen", email: "coordinator@iisalmi.example", organisation: "City of Iisalmi, Vitality Services", sector: "public", position: "ULG coordinator", joinedOn: "2023-09-01", consentContact: true, phone: "+358 40 000 0101", account: "coordinator@iisalmi.example" },
  { name: "Helena Kärkkäinen", email: "projects@iisalmi.example", organisation: "City of Iisalmi, Vitality Services", sector: "public", position: "Project coordinator", joinedOn: "2023-09-01", consentContact: true, phone: "+358 40 000 0102", account: "projects@iisalmi.example" },
  { name: "Aino Kettunen", email: "member@iisalmi.example", organisation: "Iisalmen Nuorisoseura ry", sector: "civic", position: "Chair", joinedOn: "2023-10-05", consentContact: true, account: "member@iisalmi.example" },
  { name: "Mikko Räsänen", email: "mikko.rasanen@example.fi", organisation: "Savonia University of Applied Sciences", sector: "knowledge", position: "Senior lecturer", joinedOn: "2023-10-05", consentContact: true, phone: "+358 40 000 0104" },
  { name: "Sanna Hyvönen", email: "sanna.hyvonen@example.fi", organisation: "Ylä-Savo Vocational College", sector: "knowledge", position: "Education manager", joinedOn: "2023-10-05" },
  { name: "Juha Partanen", email: "juha.partanen@example.fi", organisation: "Partasen Puutyö Oy", sector: "private", position: "Managing director", joinedOn: "2023-10-05", consentContact: true },
  { name: "Elina Miettinen", email: "elina.miettinen@example.fi", organisation: "Iisalmi Entrepreneurs' Association", sector: "private", position: "Board member", joinedOn: "2023-10-05" },
  { name: "Ville Korhonen", email: "ville.korhonen@example.fi", organisation: "Olvi Arena Events", sector: "private", position: "Event producer", joinedOn: "2023-12-07" },
  { name: "Päivi Tervo", email: "paivi.tervo@example.fi", organisation: "Ylä-Savo Welfare Area", sector: "public", position: "Integration coordinator", joinedOn: "2023-10-05", consentContact: true },
  { name: "Antti Heikkinen", email: "antti.heikkinen@example.fi", organisation: "Iisalmi Sports Club", sector: "civic", position: "Volunteer coordinator", joinedOn: "2023-12-07" },
  { name: "Outi Väisänen", email: "outi.vaisanen@example.fi", organisation: "Regional Council of Pohjois-Savo", sector: "public", position: "Development specialist", joinedOn: "2024-02-15" },
  { name: "Zacharias Wikström", email: "zacharias.wikstrom@example.fi", organisation: "Remote Work Hub Iisalmi", sector: "private", position: "Founder", joinedOn: "2024-02-15", consentContact: true },
  { name: "Örjan Lindqvist", email: "orjan.lindqvist@example.fi", organisation: "International Students' Association", sector: "civic", position: "Coordinator", joinedOn: "2024-04-18" },
  { name: "Laura Pesonen", email: "laura.pesonen@example.fi", organisation: "Iisalmi Upper Secondary School", sector: "knowledge", position: "Teacher", joinedOn: "2024-04-18" },
  { name: "Tero Huttunen", email: "tero.huttunen@example.fi", organisation: "Local Action Group Ylä-Savo", sector: "civic", position: "Project manager", joinedOn: "2023-10-05" },
  { name: "Marja Leinonen", email: "marja.leinonen@example.fi", organisation: "Kauppa Leinonen", sector: "private", position: "Shop owner", joinedOn: "2023-10-05", leftOn: "2024-06-30" },
];

const MANTOVA_MEMBERS: DemoMember[] = [
  { name: "Giulia Ferrari", email: "coordinator@mantova.example", organisation: "Comune di Mantova", sector: "public", position: "ULG coordinator", joinedOn: "2023-09-15", consentContact: true, account: "coordinator@mantova.example" },
  { name: "Luca Bianchi", email: "luca.bianchi@example.it", organisation: "Università di Mantova", sector: "knowledge", position: "Researcher", joinedOn: "2023-10-10" },
  { name: "Chiara Rossi", email: "chiara.rossi@example.it", organisation: "Confcommercio Mantova", sector: "private", position: "Policy officer", joinedOn: "2023-10-10" },
  { name: "Marco Esposito", email: "marco.esposito@example.it", organisation: "Associazione Giovani Mantova", sector: "civic", position: "President", joinedOn: "2023-10-10" },
  { name: "Francesca Romano", email: "francesca.romano@example.it", organisation: "Startup Hub Mantova", sector: "private", position: "Community manager", joinedOn: "2024-01-20" },
  { name: "Davide Colombo", email: "davide.colombo@example.it", organisation: "Comune di Mantova, Tourism Office", sector: "public", position: "Officer", joinedOn: "2024-01-20" },
];

/**
 * Seeds the demo network. Idempotent: rows that exist (by slug, e-mail) are left as they are, so
 * running it again adds nothing and changes nothing a user did.
 */
export async function seedDemo(db: DB, hashPassword: (p: string) => Promise<string>) {
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  db.transaction((tx) => {
    for (const c of DEMO_CITIES) {
      tx.insert(cities)
        .values({ ...c, isLeadPartner: "isLeadPartner" in c ? c.isLeadPartner : false })
        .onConflictDoNothing({ target: cities.slug })
        .run();
    }
    const cityId = (slug: string) => tx.select({ id: cities.id }).from(cities).where(eq(cities.slug, slug)).get()!.id;
    for (const u of DEMO_USERS) {
      tx.insert(users)
        .values({ email: u.email, name: u.name, role: u.role, cityId: u.city ? cityId(u.city) : null, passwordHash, language: "en" })
        .onConflictDoNothing({ target: users.email })
        .run();
    }
    const userId = (email: string) => tx.select({ id: users.id }).from(users).where(eq(users.email, email)).get()?.id ?? null;
    for (const [slug, list] of [["iisalmi", IISALMI_MEMBERS], ["mantova", MANTOVA_MEMBERS]] as const) {
      const id = cityId(slug);
      for (const m of list) {
        const { account, ...values } = m;
        const exists = tx.select({ id: members.id }).from(members).where(and(eq(members.cityId, id), eq(members.email, m.email))).get();
        if (exists) continue;
        tx.insert(members)
          .values({ ...values, cityId: id, userId: account ? userId(account) : null, consentContact: m.consentContact ?? false })
          .run();
      }
    }
    seedMeetings(tx as unknown as DB);
    seedIdeas(tx as unknown as DB);
    // After the ideas: they add agenda items to past meetings, and minutes are written against the agenda.
    seedMinutes(tx as unknown as DB);
  });
}
