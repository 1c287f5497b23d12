import { and, asc, eq, max } from "drizzle-orm";
import type { DB } from "../client.server";
import {
  actionPlanActions,
  actionPlans,
  agendaItems,
  cities,
  ideaComments,
  ideaStageChanges,
  ideaSupports,
  ideas,
  meetings,
  pilotActions,
  pilotIndicators,
  users,
  type AgendaItemKind,
  type FundingStatus,
  type IdeaKind,
  type IdeaStage,
  type IdeaTheme,
  type ImplementationStatus,
  type PilotDecision,
} from "../schema";
import { zonedToUtc } from "../../app/utils/zoned-time";

/** Demo accounts by a short name (see DEMO_USERS in demo.ts). */
type Who = "member" | "coordinator" | "projects" | "mantova";
const ACCOUNTS: Record<Who, string> = {
  member: "member@iisalmi.example",
  coordinator: "coordinator@iisalmi.example",
  projects: "projects@iisalmi.example",
  mantova: "coordinator@mantova.example",
};

/** A past meeting by its title; its date and time come from the meeting row. */
type Move = [to: IdeaStage, meeting: string | null, reason: string, by: Who, at?: string];
/** An agenda item of a past meeting: an existing one by title, or a new one added at the end. */
type AgendaLink = { meeting: string; item: string; kind?: AgendaItemKind; minutes?: number };

type SeedPilot = {
  objective: string;
  targetGroup: string;
  startsOn: string;
  endsOn: string;
  budgetCents: number;
  responsible: string;
  partners: string;
  indicators: [name: string, target: string, result: string | null][];
  results: string | null;
  lessonsLearned: string | null;
  decision: PilotDecision | null;
};

type SeedIdea = {
  title: string;
  description: string;
  theme: IdeaTheme;
  kind: IdeaKind;
  targetGroup: string;
  author: Who;
  created: string; // YYYY-MM-DD, local noon
  moves: Move[];
  supporters: Who[];
  comments: [by: Who, body: string, on: string][];
  shared?: boolean;
  agenda?: AgendaLink[];
  pilot?: SeedPilot;
};

// Meeting titles of db/seed/meetings.ts (Iisalmi's past ULG meetings).
const M_IDEAS = "Ideas for retention and attraction";
const M_CHOOSE = "Choosing what to pilot";
const M_PLAN_PILOTS = "Planning the summer pilots";
const M_RESULTS = "First pilot results";
const M_IAP = "Towards the Integrated Action Plan";
const M_REVIEW = "Action plan review";
const M_WHY = "Why people leave and why they stay";

export const IISALMI_IDEAS: SeedIdea[] = [
  {
    title: "Tervetuloilta uusille asukkaille",
    description:
      "Kaksi kertaa vuodessa järjestettävä **tervetuloilta** Iisalmeen muuttaneille.\n\n- kaupungin palvelut esittäytyvät\n- yhdistykset ja harrastusseurat kertovat toiminnastaan\n- kahvit ja paikallista ruokaa\n\nTavoitteena on, että uusi asukas löytää ensimmäisen kuukauden aikana ainakin yhden porukan, johon kuulua.",
    theme: "city_branding",
    kind: "retention_event",
    targetGroup: "Iisalmeen viimeisen vuoden aikana muuttaneet",
    author: "member",
    created: "2024-02-15",
    moves: [
      ["discussed", M_IDEAS, "Esiteltiin ryhmätyön tuloksena; laaja kannatus.", "coordinator"],
      ["shortlisted", M_CHOOSE, "Valittiin kesän pilottien ehdokkaaksi: edullinen ja nopea toteuttaa.", "coordinator"],
      ["piloting", M_PLAN_PILOTS, "Ensimmäinen tervetuloilta pidetään elokuussa 2024.", "coordinator"],
      ["evaluated", M_RESULTS, "57 osallistujaa, palaute erinomaista. Arviointi valmis.", "coordinator"],
      ["in_action_plan", M_IAP, "Vakiinnutetaan kahdesti vuodessa järjestettäväksi; toimintasuunnitelman toimenpide 1.", "projects"],
    ],
    supporters: ["member", "coordinator", "projects"],
    comments: [
      ["coordinator", "Kuura on varattavissa elokuun lopulle, kysyin jo.", "2024-04-20"],
      ["member", "Nuorisoseura voi hoitaa kahvituksen.", "2024-04-22"],
      ["projects", "Muistetaan kutsu myös englanniksi.", "2024-06-14"],
    ],
    agenda: [
      { meeting: M_PLAN_PILOTS, item: "Pilot 1: Welcome evening for newcomers" },
      { meeting: M_RESULTS, item: "Welcome evening: numbers and feedback" },
      { meeting: M_IAP, item: "Tervetuloilta toimintasuunnitelmaan", kind: "decision", minutes: 15 },
    ],
    pilot: {
      objective: "Hypoteesi: kun uusi asukas tapaa yhdistyksiä ja palveluja yhdessä illassa, hän kiinnittyy paikkakuntaan nopeammin.",
      targetGroup: "Vuoden 2024 aikana Iisalmeen muuttaneet, myös kansainväliset opiskelijat",
      startsOn: "2024-08-01",
      endsOn: "2024-08-31",
      budgetCents: 125_050,
      responsible: "Örjan Lindqvist, International Students' Association",
      partners: "Iisalmen kaupunki, Kulttuurikeskus Kuura, Iisalmen Nuorisoseura ry",
      indicators: [
        ["Osallistujia", "40", "57"],
        ["Tyytyväisyys (1–5)", "4,0", "4,4"],
        ["Yhdistyksiin liittyneitä kolmen kuukauden sisällä", "10", "14"],
      ],
      results: "Iltaan tuli 57 uutta asukasta, joista 12 kansainvälisiä opiskelijoita. Palautteen keskiarvo 4,4/5.",
      lessonsLearned: "Kutsu kannattaa lähettää muuttoilmoituksen yhteydessä. Englanninkielinen opastus oli tarpeen.",
      decision: "scale",
    },
  },
  {
    title: "Etätyökokeiluviikot Iisalmessa",
    description:
      "Pääkaupunkiseudulla asuvat etätyöntekijät kutsutaan **kahdeksi viikoksi** kokeilemaan etätyötä Iisalmessa: työpiste Remote Work Hubissa, majoitus tuettuun hintaan ja ohjelmaa iltaisin.",
    theme: "digital_transition",
    kind: "attraction_effort",
    targetGroup: "Etätyötä tekevät 25–45-vuotiaat",
    author: "coordinator",
    created: "2024-02-15",
    moves: [
      ["discussed", M_IDEAS, "Esiteltiin digitaalisen siirtymän ryhmässä.", "coordinator"],
      ["shortlisted", M_CHOOSE, "Kokeillaan kesällä yhdessä Remote Work Hubin kanssa.", "coordinator"],
      ["piloting", M_PLAN_PILOTS, "Kokeiluviikot kesä–elokuussa 2024.", "coordinator"],
      ["evaluated", M_RESULTS, "11 kokeilijaa, neljä harkitsee muuttoa. Malli vaatii muutoksia.", "coordinator"],
      ["in_action_plan", M_IAP, "Mukaan toimintasuunnitelmaan muokattuna: lyhyempi jakso, yritysyhteistyö.", "projects"],
    ],
    supporters: ["coordinator", "projects"],
    comments: [
      ["member", "Voisiko majoitus olla mökeissä järven rannalla?", "2024-03-01"],
      ["coordinator", "Hyvä ajatus, kysytään Lomakeskukselta.", "2024-03-04"],
    ],
    agenda: [
      { meeting: M_PLAN_PILOTS, item: "Pilot 2: Remote-work trial weeks" },
      { meeting: M_RESULTS, item: "Remote-work weeks: what worked" },
    ],
    pilot: {
      objective: "Selvittää, houkutteleeko kahden viikon maksuton kokeilu etätyöntekijöitä harkitsemaan muuttoa Iisalmeen.",
      targetGroup: "Pääkaupunkiseudun etätyöntekijät",
      startsOn: "2024-06-24",
      endsOn: "2024-08-16",
      budgetCents: 480_000,
      responsible: "Zacharias Wikström, Remote Work Hub Iisalmi",
      partners: "Savonia-ammattikorkeakoulu, Iisalmen kaupunki, paikalliset majoittajat",
      indicators: [
        ["Kokeilijoita", "15", "11"],
        ["Muuttoa harkitsevia kokeilun jälkeen", "5", "4"],
        ["Yöpymisiä", "150", "132"],
      ],
      results: "11 kokeilijaa kahdeksassa viikossa; neljä kertoi harkitsevansa muuttoa ja yksi muutti syksyllä.",
      lessonsLearned: "Kaksi viikkoa on monelle liian pitkä; työnantajat on otettava mukaan alusta asti.",
      decision: "adapt",
    },
  },
  {
    title: "Paluumuuttajien kesätapaaminen",
    description:
      "Kesätapaaminen Iisalmesta lähteneille ja heidän perheilleen Olvifestin viikonloppuna. Paikalliset työnantajat kertovat avoimista paikoista, ja kaupunki esittelee tontteja ja asuntoja.",
    theme: "city_branding",
    kind: "attraction_effort",
    targetGroup: "Iisalmesta muualle muuttaneet",
    author: "projects",
    created: "2024-02-15",
    moves: [
      ["discussed", M_IDEAS, "Hyvä tilaisuus tavoittaa kesällä käymässä olevat.", "coordinator"],
      ["shortlisted", M_CHOOSE, "Valittiin kokeiltavaksi heinäkuussa.", "coordinator"],
      ["piloting", M_PLAN_PILOTS, "Tapaaminen 20.7.2024.", "coordinator"],
      ["evaluated", M_RESULTS, "Osallistujia vähemmän kuin tavoiteltiin; ajankohta pohdittava uudelleen.", "coordinator"],
    ],
    supporters: ["member", "projects"],
    comments: [["member", "Olvifestin aikaan moni on joka tapauksessa kotiseudulla.", "2024-02-20"]],
    agenda: [
      { meeting: M_PLAN_PILOTS, item: "Paluumuuttajien kesätapaaminen: järjestelyt", kind: "workshop", minutes: 20 },
      { meeting: M_RESULTS, item: "Continue, adapt or drop?" },
    ],
    pilot: {
      objective: "Tavoittaa kesällä kotiseudulla käyvät entiset iisalmelaiset ja kertoa heille työ- ja asumismahdollisuuksista.",
      targetGroup: "Iisalmesta muuttaneet 25–40-vuotiaat ja heidän perheensä",
      startsOn: "2024-07-20",
      endsOn: "2024-07-20",
      budgetCents: 200_000,
      responsible: "Helena Kärkkäinen, Iisalmen kaupunki",
      partners: "Olvifest, Iisalmen Yrittäjät ry",
      indicators: [
        ["Osallistujia", "60", "38"],
        ["Yhteystietonsa jättäneitä", "30", "22"],
      ],
      results: "38 osallistujaa, joista 22 jätti yhteystietonsa. Kolme on ollut yhteydessä työnantajiin.",
      lessonsLearned: "Festivaalin ohjelma kilpaili tapaamisen kanssa; ensi kerralla oma ajankohta juhannuksen jälkeen.",
      decision: "adapt",
    },
  },
  {
    title: "Kesätyöseteli nuorille",
    description:
      "Kaupunki myöntää 15–17-vuotiaille **kesätyösetelin**, jolla paikallinen yritys tai yhdistys saa tuen nuoren palkkaamiseen kahdeksi viikoksi. Nuori saa ensimmäisen kosketuksen iisalmelaiseen työelämään.",
    theme: "responsibility_sustainability",
    kind: "service_or_tool",
    targetGroup: "15–17-vuotiaat nuoret ja paikalliset työnantajat",
    author: "member",
    created: "2023-12-07",
    moves: [
      ["discussed", M_WHY, "Nousi esiin pohdittaessa, miksi nuoret lähtevät.", "coordinator"],
      ["shortlisted", M_CHOOSE, "Vahva kannatus yrittäjiltä.", "coordinator"],
      ["piloting", M_PLAN_PILOTS, "Kokeillaan nuorisopalveluiden kesän 2024 setelimallin osana.", "coordinator"],
      ["evaluated", M_RESULTS, "Setelillä palkattiin 46 nuorta; yritykset haluavat jatkoa.", "coordinator"],
      ["in_action_plan", M_REVIEW, "Mukaan toimintasuunnitelmaan; rahoitus haetaan kaupungin talousarviosta.", "projects"],
    ],
    supporters: ["member", "coordinator", "projects"],
    comments: [
      ["projects", "Elinkeinopalvelut voisi hallinnoida seteleitä.", "2024-04-19"],
      ["member", "Nuorisoseura ottaa kaksi nuorta heti!", "2024-04-25"],
    ],
    agenda: [
      { meeting: M_IAP, item: "Drafting actions in small groups" },
      { meeting: M_REVIEW, item: "Funding for the actions" },
    ],
  },
  {
    title: "Iisalmi-lähettiläät",
    description:
      "Muualla asuvista iisalmelaisista ja Iisalmeen muuttaneista koottu **lähettiläsverkosto**, joka kertoo kaupungista omissa verkostoissaan ja somessa. Lähettiläät saavat materiaalia ja kutsun kerran vuodessa tapaamiseen.",
    theme: "city_branding",
    kind: "other",
    targetGroup: "Kaupungin ystävät eri puolilla Suomea",
    author: "coordinator",
    created: "2024-02-15",
    moves: [
      ["discussed", M_IDEAS, "Liittyy kaupungin brändityöhön.", "coordinator"],
      ["shortlisted", M_CHOOSE, "Edullinen tapa vahvistaa mainetta.", "coordinator"],
      ["piloting", M_PLAN_PILOTS, "Ensimmäiset kymmenen lähettilästä syksyllä 2024.", "coordinator"],
      ["evaluated", M_IAP, "Lähettiläät tavoittivat somessa yli 20 000 ihmistä.", "coordinator"],
      ["in_action_plan", M_REVIEW, "Toimenpiteeksi osana kaupungin markkinointia.", "projects"],
    ],
    supporters: ["projects"],
    comments: [],
    agenda: [{ meeting: M_REVIEW, item: "Iisalmi-lähettiläät toimintasuunnitelmaan", kind: "decision", minutes: 15 }],
  },
  {
    title: "Yhteisöllinen etätyötila kirjastoon",
    description: "Kirjaston toiseen kerrokseen muutama **etätyöpiste** neuvotteluhuoneineen, varattavissa kirjastokortilla.",
    theme: "digital_transition",
    kind: "service_or_tool",
    targetGroup: "Etätyöntekijät ja opiskelijat",
    author: "member",
    created: "2024-09-19",
    moves: [
      ["discussed", M_IAP, "Etätyöviikkojen palautteesta syntynyt idea.", "coordinator"],
      ["shortlisted", M_IAP, "Kirjasto on valmis kokeiluun.", "coordinator"],
      ["piloting", M_REVIEW, "Kokeilu alkaa, kun kalusteet on hankittu.", "coordinator"],
    ],
    supporters: ["member", "coordinator"],
    comments: [["coordinator", "Kirjastotoimenjohtaja kävi katsomassa tilaa.", "2024-12-10"]],
    agenda: [{ meeting: M_REVIEW, item: "Kirjaston etätyötila: kokeilun aloitus", kind: "decision", minutes: 10 }],
  },
  {
    title: "Korjauskahvila ja kierrätyspaja",
    description: "Kerran kuussa **korjauskahvila**, jossa vapaaehtoiset auttavat korjaamaan vaatteita, pyöriä ja pientä elektroniikkaa.",
    theme: "responsibility_sustainability",
    kind: "retention_event",
    targetGroup: "Kaikki kaupunkilaiset",
    author: "member",
    created: "2024-04-18",
    moves: [
      ["discussed", M_CHOOSE, "Yhdistää kestävyyden ja yhteisöllisyyden.", "coordinator"],
      ["shortlisted", M_IAP, "Urheiluseura ja nuorisoseura lupasivat vapaaehtoisia.", "coordinator"],
      ["piloting", M_REVIEW, "Kolme kokeilukertaa keväällä 2025.", "coordinator"],
    ],
    supporters: ["member"],
    comments: [["member", "Tarvitaan ompelukoneita – kysyn seurakunnalta.", "2025-03-25"]],
  },
  {
    title: "Digitaalinen tervetulopaketti",
    description: "Uudelle asukkaalle **yksi verkkosivu**: palvelut, harrastukset, joukkoliikenne, päivähoito ja tapahtumat suomeksi ja englanniksi.",
    theme: "digital_transition",
    kind: "service_or_tool",
    targetGroup: "Uudet asukkaat",
    author: "coordinator",
    created: "2024-04-18",
    moves: [
      ["discussed", M_CHOOSE, "Täydentää tervetuloiltaa.", "coordinator"],
      ["shortlisted", M_REVIEW, "Suunnitellaan työpajassa.", "coordinator"],
    ],
    supporters: ["member", "coordinator", "projects"],
    comments: [["projects", "Yhdistetään kaupungin verkkosivu-uudistukseen.", "2025-03-21"]],
    agenda: [{ meeting: M_CHOOSE, item: "Discussion of the twelve ideas" }],
  },
  {
    title: "Lähiruokatori kauppatorille",
    description: "Lauantaisin kesällä **lähiruokatori**, jossa ylä-savolaiset tuottajat myyvät suoraan.",
    theme: "responsibility_sustainability",
    kind: "attraction_effort",
    targetGroup: "Kaupunkilaiset ja matkailijat",
    author: "projects",
    created: "2024-04-18",
    moves: [
      ["discussed", M_CHOOSE, "Kannatusta yrittäjiltä.", "coordinator"],
      ["shortlisted", M_IAP, "Leader-ryhmä voi tukea.", "coordinator"],
    ],
    supporters: ["member", "projects"],
    comments: [],
  },
  {
    title: "Opiskelijoiden asuntolupaus",
    description: "Savonian ja ammattiopiston opiskelijoille **taattu asunto** ensimmäiseksi vuodeksi ja tutustumistapahtuma kaupungin työnantajiin.",
    theme: "city_branding",
    kind: "attraction_effort",
    targetGroup: "Opiskelijat",
    author: "member",
    created: "2024-09-19",
    moves: [["discussed", M_IAP, "Vuokrataloyhtiön kanssa neuvoteltava.", "coordinator"]],
    supporters: ["member"],
    comments: [["coordinator", "Kysyn vuokrataloyhtiön tilannetta.", "2024-12-09"]],
  },
  {
    title: "Mentorirengas maahanmuuttajayrittäjille",
    description: "Kokeneet yrittäjät **mentoroivat** Iisalmeen muuttaneita, yritystä perustavia maahanmuuttajia.",
    theme: "responsibility_sustainability",
    kind: "other",
    targetGroup: "Maahanmuuttajat, jotka perustavat yritystä",
    author: "coordinator",
    created: "2024-06-13",
    moves: [["discussed", M_RESULTS, "Yrittäjäyhdistys kiinnostunut.", "coordinator"]],
    supporters: ["coordinator"],
    comments: [],
  },
  {
    title: "Järvimaisemat somessa",
    description: "Kuvaajat ja asukkaat jakavat **järvimaisemia** yhteisellä tunnisteella; parhaat kuvat kaupungin markkinointiin.",
    theme: "city_branding",
    kind: "attraction_effort",
    targetGroup: "Some-käyttäjät",
    author: "member",
    created: "2024-06-13",
    moves: [["discussed", M_RESULTS, "Toteutettavissa ilman budjettia.", "coordinator"]],
    supporters: ["member", "coordinator"],
    comments: [["member", "Tunnisteeksi #järvi-iisalmi?", "2024-06-20"]],
  },
  {
    title: "Kesäasukkaiden etätyöpäivät",
    description: "Mökkeilijöille **etätyöpäivät** kesällä: työpiste, kahvit ja verkostoitumista paikallisten yritysten kanssa.",
    theme: "digital_transition",
    kind: "retention_event",
    targetGroup: "Kesäasukkaat",
    author: "member",
    created: "2025-05-06",
    moves: [],
    supporters: ["member"],
    comments: [],
  },
  {
    title: "Yhteiskyyti kylille",
    description: "Kylien asukkaille **yhteiskyytipalvelu** kaupunkiin: kyydin tarjoajat ja tarvitsijat samassa palvelussa.",
    theme: "responsibility_sustainability",
    kind: "service_or_tool",
    targetGroup: "Kylien asukkaat",
    author: "coordinator",
    created: "2025-06-11",
    moves: [],
    supporters: [],
    comments: [["member", "Tämä olisi tärkeä ikäihmisille.", "2025-06-15"]],
  },
  {
    title: "Harrastuspassi uusille perheille",
    description: "Uusi perhe saa **harrastuspassin**, jolla lapset voivat kokeilla kolmea harrastusta maksutta.",
    theme: "city_branding",
    kind: "other",
    targetGroup: "Lapsiperheet",
    author: "member",
    created: "2025-08-19",
    moves: [],
    supporters: ["member", "projects"],
    comments: [],
  },
  {
    title: "Sähköpyörien lainaamo",
    description: "Kirjastosta voi lainata **sähköpyörän** viikoksi kerrallaan.",
    theme: "responsibility_sustainability",
    kind: "service_or_tool",
    targetGroup: "Kaupunkilaiset",
    author: "projects",
    created: "2025-10-02",
    moves: [],
    supporters: [],
    comments: [],
  },
  {
    title: "Iisalmen oma podcast",
    description: "Podcast, jossa **muuttajat kertovat** tarinansa.",
    theme: "city_branding",
    kind: "other",
    targetGroup: "Muuttoa harkitsevat",
    author: "member",
    created: "2024-02-15",
    moves: [
      ["discussed", M_CHOOSE, "Kiinnostava, mutta kuka tekee?", "coordinator"],
      ["parked", M_PLAN_PILOTS, "Odottaa tekijää; palataan, kun löytyy vapaaehtoinen.", "coordinator"],
    ],
    supporters: ["member"],
    comments: [["coordinator", "Lukion medialinja voisi kiinnostua.", "2024-06-14"]],
  },
  {
    title: "Digitaalinen kaupunkikortti",
    description: "Yksi **mobiilikortti** kirjastoon, uimahalliin ja joukkoliikenteeseen.",
    theme: "digital_transition",
    kind: "service_or_tool",
    targetGroup: "Kaikki kaupunkilaiset",
    author: "coordinator",
    created: "2024-02-15",
    moves: [
      ["discussed", M_CHOOSE, "Tekninen toteutus selvitettävä.", "coordinator"],
      ["shortlisted", M_PLAN_PILOTS, "Selvitetään järjestelmien yhteensopivuus.", "coordinator"],
      ["parked", M_IAP, "Järjestelmähankinnat kesken; palataan vuonna 2026.", "coordinator"],
    ],
    supporters: ["coordinator", "projects"],
    comments: [],
  },
  {
    title: "Muuttobonus 5 000 euroa",
    description: "Jokainen Iisalmeen muuttava työikäinen saisi **5 000 euron** bonuksen.",
    theme: "city_branding",
    kind: "attraction_effort",
    targetGroup: "Työikäiset muuttajat",
    author: "member",
    created: "2024-02-15",
    moves: [
      ["discussed", M_CHOOSE, "Keskusteltiin kustannuksista.", "coordinator"],
      ["rejected", M_CHOOSE, "Liian kallis eikä tutkimusten mukaan pidä muuttajia.", "coordinator"],
    ],
    supporters: [],
    comments: [["projects", "Kunnan talous ei kestä tätä.", "2024-04-18"]],
  },
  {
    title: "Autoton kävelykatu kesäksi",
    description: "Savonkatu **autottomaksi** kesä–elokuuksi.",
    theme: "responsibility_sustainability",
    kind: "other",
    targetGroup: "Keskustan asukkaat ja yrittäjät",
    author: "coordinator",
    created: "2024-04-18",
    moves: [
      ["discussed", M_PLAN_PILOTS, "Kauppiaat vastustavat.", "coordinator"],
      ["rejected", M_RESULTS, "Ei yrittäjien tukea; liikennesuunnittelu ei puolla.", "coordinator"],
    ],
    supporters: ["coordinator"],
    comments: [],
  },
];

const MANTOVA_IDEAS: SeedIdea[] = [
  {
    title: "Weekend per nomadi digitali",
    description: "Un **weekend** di prova per lavoratori da remoto: coworking, alloggio e visite guidate della città.",
    theme: "digital_transition",
    kind: "attraction_effort",
    targetGroup: "Lavoratori da remoto",
    author: "mantova",
    created: "2024-03-14",
    shared: true,
    moves: [
      ["discussed", "Idee per attrarre giovani", "Proposta durante il laboratorio.", "mantova"],
      ["shortlisted", null, "Scelta per un progetto pilota.", "mantova", "2024-05-20"],
      ["piloting", null, "Primo weekend a settembre 2024.", "mantova", "2024-07-10"],
    ],
    supporters: ["mantova"],
    comments: [],
    agenda: [{ meeting: "Idee per attrarre giovani", item: "Laboratorio di idee" }],
  },
  {
    title: "Mappa delle botteghe storiche",
    description: "Una **mappa** delle botteghe storiche del centro, per residenti e nuovi arrivati.",
    theme: "city_branding",
    kind: "service_or_tool",
    targetGroup: "Nuovi residenti e turisti",
    author: "mantova",
    created: "2024-03-14",
    shared: true,
    moves: [["discussed", "Idee per attrarre giovani", "Interesse di Confcommercio.", "mantova"]],
    supporters: [],
    comments: [],
  },
  {
    title: "Bonus affitto per giovani lavoratori",
    description: "Un contributo all'**affitto** per chi si trasferisce a Mantova per lavoro.",
    theme: "responsibility_sustainability",
    kind: "attraction_effort",
    targetGroup: "Giovani lavoratori",
    author: "mantova",
    created: "2024-10-02",
    moves: [],
    supporters: [],
    comments: [],
  },
  {
    title: "Festa dei nuovi residenti",
    description: "Una **festa** annuale in piazza Sordello per dare il benvenuto ai nuovi residenti.",
    theme: "city_branding",
    kind: "retention_event",
    targetGroup: "Nuovi residenti",
    author: "mantova",
    created: "2024-03-14",
    moves: [["discussed", "Idee per attrarre giovani", "Da organizzare con le associazioni.", "mantova"]],
    supporters: ["mantova"],
    comments: [],
  },
];

type SeedAction = {
  idea: string;
  timing: string;
  lead: string;
  partners: string;
  costCents: number;
  fundingSource: string;
  fundingStatus: FundingStatus;
  implementationStatus: ImplementationStatus;
  indicators: string;
  risks: string;
};

const IISALMI_PLAN = {
  title: "Iisalmen integroitu toimintasuunnitelma 2026–2030",
  vision:
    "Vuonna 2030 Iisalmi on kaupunki, jonne **muutetaan ja jäädään**: uusi asukas löytää paikkansa nopeasti, nuoret saavat ensimmäisen työkokemuksensa kotikaupungista ja etätyö järven rannalla on helppoa.\n\nToimintasuunnitelma kokoaa URBACT-paikallisryhmän (ULG) kokeilut pysyviksi toimenpiteiksi.",
  objectives:
    "1. **Pito**: uusista asukkaista 80 % asuu Iisalmessa vielä kolmen vuoden kuluttua.\n2. **Veto**: 50 uutta etätyöntekijää tai paluumuuttajaa vuodessa.\n3. **Nuoret**: jokaiselle 15–17-vuotiaalle mahdollisuus kesätyöhön.\n4. **Maine**: Iisalmi tunnetaan hyvän elämän pikkukaupunkina.",
};

const IISALMI_ACTIONS: SeedAction[] = [
  {
    idea: "Tervetuloilta uusille asukkaille",
    timing: "2026 Q1 – 2030 Q4, kahdesti vuodessa",
    lead: "Iisalmen kaupunki, elinvoimapalvelut",
    partners: "Kulttuurikeskus Kuura, yhdistykset, International Students' Association",
    costCents: 500_000,
    fundingSource: "Kaupungin talousarvio",
    fundingStatus: "secured",
    implementationStatus: "in_progress",
    indicators: "Osallistujia 100 vuodessa; tyytyväisyys vähintään 4/5",
    risks: "Vapaaehtoisten jaksaminen; tilojen saatavuus",
  },
  {
    idea: "Kesätyöseteli nuorille",
    timing: "2026–2030, joka kesä kesä–elokuu",
    lead: "Iisalmen kaupunki, nuorisopalvelut",
    partners: "Iisalmen Yrittäjät ry, yhdistykset",
    costCents: 6_000_000,
    fundingSource: "Kaupungin talousarvio ja yritysten omavastuu",
    fundingStatus: "applied",
    implementationStatus: "planned",
    indicators: "Setelillä palkattuja nuoria 60 vuodessa",
    risks: "Talousarvion leikkaukset; yritysten kiinnostus",
  },
  {
    idea: "Etätyökokeiluviikot Iisalmessa",
    timing: "2026 Q2 – 2027 Q4",
    lead: "Remote Work Hub Iisalmi",
    partners: "Savonia-ammattikorkeakoulu, majoittajat, työnantajat",
    costCents: 1_200_050,
    fundingSource: "EAKR / Pohjois-Savon liitto",
    fundingStatus: "sought",
    implementationStatus: "planned",
    indicators: "Kokeilijoita 30 vuodessa; muuttaneita 5 vuodessa",
    risks: "Rahoituspäätös viivästyy; majoituskapasiteetti kesällä",
  },
  {
    idea: "Iisalmi-lähettiläät",
    timing: "2026 Q1 alkaen, jatkuva",
    lead: "Iisalmen kaupunki, viestintä",
    partners: "Lähettiläät, paikallinen media",
    costCents: 150_000,
    fundingSource: "Kaupungin markkinointibudjetti",
    fundingStatus: "secured",
    implementationStatus: "done",
    indicators: "Lähettiläitä 50; somen tavoittavuus 50 000 vuodessa",
    risks: "Lähettiläiden aktiivisuus hiipuu",
  },
];

const noon = (day: string, timeZone: string) => zonedToUtc(day, "12:00", timeZone);

/**
 * Ideas of Iisalmi and Mantova with their supports, comments, stage history linked to the meetings
 * that decided each move, agenda items that discussed them, three pilots and Iisalmi's action plan
 * draft. Runs after seedMeetings. Idempotent: an idea whose title the city already has is skipped
 * with everything hanging from it, and the plan is written only when the city has none.
 */
export function seedIdeas(tx: DB) {
  const userId = (who: Who) => tx.select({ id: users.id }).from(users).where(eq(users.email, ACCOUNTS[who])).get()?.id ?? null;

  for (const [slug, list] of [["iisalmi", IISALMI_IDEAS], ["mantova", MANTOVA_IDEAS]] as const) {
    const city = tx.select().from(cities).where(eq(cities.slug, slug)).get();
    if (!city) continue;
    const cityMeetings = tx.select().from(meetings).where(eq(meetings.cityId, city.id)).orderBy(asc(meetings.startsAt)).all();
    const meetingByTitle = (title: string) => {
      const m = cityMeetings.find((x) => x.title === title);
      if (!m) throw new Error(`demo seed: no meeting "${title}" in ${slug}`);
      return m;
    };

    for (const spec of list) {
      const exists = tx.select({ id: ideas.id }).from(ideas).where(and(eq(ideas.cityId, city.id), eq(ideas.title, spec.title))).get();
      if (exists) continue;
      const createdAt = noon(spec.created, city.timeZone);
      const authorId = userId(spec.author);
      const moves = spec.moves.map(([to, meetingTitle, reason, by, at]) => {
        const meeting = meetingTitle ? meetingByTitle(meetingTitle) : null;
        // A move decided at a meeting is dated at the meeting's end.
        const when = meeting ? meeting.endsAt : noon(at!, city.timeZone);
        return { to, meetingId: meeting?.id ?? null, reason, by: userId(by), at: when };
      });
      const stage: IdeaStage = moves.at(-1)?.to ?? "proposed";
      const supporters = [...new Set(spec.supporters.map(userId).filter((id): id is number => id != null))];
      const comments = spec.comments.map(([by, body, on]) => ({ by: userId(by), body, at: noon(on, city.timeZone) }));
      const updatedAt = moves.at(-1)?.at ?? createdAt;
      const idea = tx
        .insert(ideas)
        .values({
          cityId: city.id,
          authorUserId: authorId,
          title: spec.title,
          description: spec.description,
          theme: spec.theme,
          kind: spec.kind,
          targetGroup: spec.targetGroup,
          stage,
          sharedWithNetwork: spec.shared ?? false,
          supportCount: supporters.length,
          commentCount: comments.length,
          createdAt,
          updatedAt,
        })
        .returning({ id: ideas.id })
        .get();

      tx.insert(ideaStageChanges).values({ ideaId: idea.id, cityId: city.id, fromStage: null, toStage: "proposed", byUserId: authorId, at: createdAt }).run();
      let from: IdeaStage = "proposed";
      for (const m of moves) {
        tx.insert(ideaStageChanges).values({ ideaId: idea.id, cityId: city.id, fromStage: from, toStage: m.to, reason: m.reason, meetingId: m.meetingId, byUserId: m.by, at: m.at }).run();
        from = m.to;
      }
      supporters.forEach((uid, i) => {
        tx.insert(ideaSupports).values({ ideaId: idea.id, userId: uid, cityId: city.id, createdAt: new Date(createdAt.getTime() + (i + 1) * 3_600_000) }).run();
      });
      for (const c of comments) {
        tx.insert(ideaComments).values({ ideaId: idea.id, cityId: city.id, authorUserId: c.by, body: c.body, createdAt: c.at, updatedAt: c.at }).run();
      }

      for (const link of spec.agenda ?? []) {
        const meeting = meetingByTitle(link.meeting);
        const existing = tx.select({ id: agendaItems.id }).from(agendaItems).where(and(eq(agendaItems.meetingId, meeting.id), eq(agendaItems.title, link.item))).get();
        if (existing) {
          tx.update(agendaItems).set({ ideaId: idea.id }).where(eq(agendaItems.id, existing.id)).run();
        } else {
          const { last } = tx.select({ last: max(agendaItems.position) }).from(agendaItems).where(eq(agendaItems.meetingId, meeting.id)).get()!;
          tx.insert(agendaItems)
            .values({ meetingId: meeting.id, cityId: city.id, position: (last ?? -1) + 1, title: link.item, kind: link.kind ?? "discussion", durationMinutes: link.minutes ?? 15, ideaId: idea.id })
            .run();
        }
      }

      if (spec.pilot) {
        const { indicators, ...pilot } = spec.pilot;
        const row = tx
          .insert(pilotActions)
          .values({ ...pilot, ideaId: idea.id, cityId: city.id, updatedAt })
          .returning({ id: pilotActions.id })
          .get();
        indicators.forEach(([name, target, result], position) => {
          tx.insert(pilotIndicators).values({ pilotId: row.id, cityId: city.id, position, name, target, result }).run();
        });
      }
    }

    if (slug === "iisalmi" && !tx.select({ id: actionPlans.id }).from(actionPlans).where(eq(actionPlans.cityId, city.id)).get()) {
      const at = noon("2025-03-21", city.timeZone);
      const plan = tx
        .insert(actionPlans)
        .values({ cityId: city.id, ...IISALMI_PLAN, revision: 1, updatedAt: at, updatedByUserId: userId("projects"), createdAt: at })
        .returning({ id: actionPlans.id })
        .get();
      IISALMI_ACTIONS.forEach((a, position) => {
        const idea = tx.select().from(ideas).where(and(eq(ideas.cityId, city.id), eq(ideas.title, a.idea))).get();
        if (!idea) return;
        const { idea: _title, ...fields } = a;
        tx.insert(actionPlanActions)
          .values({ ...fields, planId: plan.id, cityId: city.id, ideaId: idea.id, position, title: idea.title, description: idea.description, updatedAt: at })
          .run();
      });
    }
  }
}
