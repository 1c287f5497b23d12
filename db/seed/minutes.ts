import { and, asc, eq } from "drizzle-orm";
import type { DB } from "../client.server";
import { actionItems, agendaItems, cities, meetings, members, minutes, minutesComments, minutesDecisions, minutesItemNotes, minutesRevisions, users, type MinutesStatus } from "../schema";
import type { MinutesSnapshot } from "../../app/models/minutes-snapshot";
import { zonedToUtc } from "../../app/utils/zoned-time";

type Snapshot = MinutesSnapshot;

type Who = "coordinator" | "projects" | "member" | "mantova";
const ACCOUNTS: Record<Who, string> = {
  coordinator: "coordinator@iisalmi.example",
  projects: "projects@iisalmi.example",
  member: "member@iisalmi.example",
  mantova: "coordinator@mantova.example",
};

/** A due date counted from the day the demo is seeded, so "not yet due" stays true in a fresh demo. */
type Due = string | { inDays: number };

type SeedAction = { item: string | null; text: string; owner: string; due: Due | null; done?: string };

type SeedMinutes = {
  meeting: string; // title of a past meeting of the city
  status: MinutesStatus;
  summary: string;
  summaryEn?: string;
  notes: Record<string, string>; // agenda item title → Markdown
  decisions: [item: string | null, text: string][];
  actions: SeedAction[];
  writer: Who;
  approver?: Who;
  savedOn: string[]; // a draft save on each day (YYYY-MM-DD, city time)
  circulatedOn?: string;
  approvedOn?: string;
  // A correction after approval: the approved text had these decisions, fixed later with a reason.
  correction?: { on: string; reason: string; approvedDecisions: [item: string | null, text: string][] };
  comments?: [by: Who, body: string, on: string][];
};

const IISALMI: SeedMinutes[] = [
  {
    meeting: "Kick-off of the Iisalmi ULG",
    status: "approved",
    summary: "Ryhmä kokoontui ensimmäistä kertaa. Sovittiin toimintatavoista, kokousrytmistä (noin joka toinen kuukausi) ja siitä, että muistiot kiertävät jäsenillä ennen hyväksymistä.",
    summaryEn: "First meeting of the group. We agreed how we work, a meeting every two months or so, and that minutes go round the members before approval.",
    notes: {
      "Welcome and round of introductions": "Jari opened the meeting. **14 members** introduced themselves and said what brought them to the group; most named the lack of young adults and skilled workers as the main worry.",
      "Residents of the Future: network, themes and timetable": "Helena presented the network of ten cities, the three themes and the timetable until December 2025. Questions about the budget for pilot actions: small, but real.",
      "How the ULG works: roles, meetings, minutes": "Discussion on how often to meet. Evenings suit the business members better than daytime. Minutes are written by the ULG coordinator and circulated within a week.",
      "Next steps and next meeting": "Next meeting in early December on why people leave and why they stay.",
    },
    decisions: [
      ["How the ULG works: roles, meetings, minutes", "The ULG meets about every two months on a weekday evening, 16:00–18:00."],
      ["How the ULG works: roles, meetings, minutes", "Minutes are circulated to members within a week and approved at the next meeting."],
    ],
    actions: [
      { item: "Next steps and next meeting", text: "Send the population and labour statistics of Iisalmi to the group before the next meeting", owner: "Outi Väisänen", due: "2023-11-30", done: "2023-11-27" },
      { item: "How the ULG works: roles, meetings, minutes", text: "Set up the shared calendar of ULG meetings", owner: "Jari Savolainen", due: "2023-10-20", done: "2023-10-16" },
    ],
    writer: "coordinator",
    approver: "projects",
    savedOn: ["2023-10-06", "2023-10-09"],
    circulatedOn: "2023-10-10",
    approvedOn: "2023-12-07",
  },
  {
    meeting: "Why people leave and why they stay",
    status: "approved",
    summary: "Käytiin läpi väestö- ja työvoimaluvut ja tunnistettiin ryhmätyössä Iisalmen vahvuudet ja heikkoudet. Valittiin kolme kysymystä, joihin ryhmä keskittyy.",
    summaryEn: "We looked at the population and labour figures and named Iisalmi's strengths and weaknesses. Three focus questions were chosen.",
    notes: {
      "Population and labour figures for Iisalmi": "Outi showed that the 20–34 age group has shrunk by a fifth in ten years, while job vacancies in care and industry stay unfilled.",
      "Group work: our strengths and weaknesses": "Strengths: nature, safety, short distances, a strong club life. Weaknesses: few rental flats for young people, weak public transport, *the town is not known* outside Savo.",
      "Feedback from the Šibenik transnational meeting": "Helena told about the kick-off in Šibenik: partners have the same problems; Šibenik's returnee campaign was of interest.",
      "Agree the three focus questions": "The group voted on six candidate questions.",
    },
    decisions: [
      ["Agree the three focus questions", "Focus questions: 1) how to keep young adults, 2) how to welcome newcomers and returnees, 3) how to make remote work from Iisalmi possible."],
    ],
    actions: [
      { item: "Group work: our strengths and weaknesses", text: "Write up the strengths and weaknesses from the group work on one page", owner: "Mikko Räsänen", due: "2024-01-15", done: "2024-01-12" },
      { item: "Feedback from the Šibenik transnational meeting", text: "Ask Šibenik for the material of their returnee campaign", owner: "Helena Kärkkäinen", due: "2024-01-31", done: "2024-02-02" },
    ],
    writer: "coordinator",
    approver: "projects",
    savedOn: ["2023-12-08", "2023-12-11"],
    circulatedOn: "2023-12-12",
    approvedOn: "2024-02-15",
  },
  {
    meeting: "Ideas for retention and attraction",
    status: "approved",
    summary: "Ideatyöpajassa kerättiin yli 20 ideaa kolmen teeman alle. Ideat kirjataan sovellukseen ja käsitellään seuraavassa kokouksessa.",
    summaryEn: "The idea workshop produced more than twenty ideas under the three themes. They are logged in the app and discussed at the next meeting.",
    notes: {
      "Recap of the focus questions": "Jari reminded the group of the three focus questions agreed in December.",
      "Idea workshop in three theme groups": "Three groups of four to five people. The branding group had the most ideas; the digital group focused on remote-work spaces.",
      "Presenting the ideas": "Each group presented its best five. Similar ideas were merged on the spot.",
    },
    decisions: [[null, "All ideas from the workshop are logged in the app by the end of February."]],
    actions: [
      { item: "Presenting the ideas", text: "Log the workshop ideas in the app", owner: "Jari Savolainen", due: "2024-02-29", done: "2024-02-28" },
      { item: "Idea workshop in three theme groups", text: "Find out which empty premises in the centre could host a remote-work space", owner: "Zacharias Wikström", due: "2024-04-15", done: "2024-04-10" },
    ],
    writer: "coordinator",
    approver: "projects",
    savedOn: ["2024-02-16", "2024-02-19"],
    circulatedOn: "2024-02-20",
    approvedOn: "2024-04-18",
  },
  {
    meeting: "Choosing what to pilot",
    status: "approved",
    summary: "Käytiin läpi ideat ja valittiin kuusi ideaa jatkovalmisteluun. Kaksi niistä kokeillaan kesällä 2024.",
    summaryEn: "The group discussed the ideas and shortlisted six for further work; two of them will be piloted in summer 2024.",
    notes: {
      "The idea list so far": "Twelve ideas were ready for discussion; the rest were merged or parked.",
      "Discussion of the twelve ideas": "Long discussion on costs and who would carry each idea. The **welcome evening** and the **remote-work trial weeks** had the widest support.",
      "Shortlist for piloting": "Vote by dots; results recorded in the app.",
    },
    decisions: [
      ["Shortlist for piloting", "Six ideas are shortlisted; the welcome evening for newcomers and the remote-work trial weeks are piloted in summer 2024."],
    ],
    actions: [
      { item: "Shortlist for piloting", text: "Prepare a one-page plan for the welcome evening", owner: "Örjan Lindqvist", due: "2024-06-01", done: "2024-05-30" },
      { item: "Shortlist for piloting", text: "Prepare a one-page plan for the remote-work trial weeks", owner: "Zacharias Wikström", due: "2024-06-01", done: "2024-06-03" },
      { item: "Discussion of the twelve ideas", text: "Ask the Regional Council whether the pilots fit its small-projects funding", owner: "Outi Väisänen", due: "2024-05-31" },
    ],
    writer: "coordinator",
    approver: "projects",
    savedOn: ["2024-04-19", "2024-04-22"],
    circulatedOn: "2024-04-23",
    approvedOn: "2024-06-13",
    correction: {
      on: "2024-09-20",
      reason: "Päätöksessä luki viisi ideaa; äänestyksessä valittiin kuusi (korjattu Sanna Hyvösen huomautuksesta).",
      approvedDecisions: [
        ["Shortlist for piloting", "Five ideas are shortlisted; the welcome evening for newcomers and the remote-work trial weeks are piloted in summer 2024."],
      ],
    },
  },
  {
    meeting: "Planning the summer pilots",
    status: "approved",
    summary: "Suunniteltiin kesän kaksi pilottia: uusien asukkaiden tervetuloilta ja etätyöviikot. Budjetti ja vastuuhenkilöt sovittiin.",
    summaryEn: "We planned the two summer pilots, the welcome evening and the remote-work weeks, and agreed the budget and who is responsible.",
    notes: {
      "Pilot 1: Welcome evening for newcomers": "Örjan presented the plan: one evening in August at Kuura, local clubs present themselves, food from a local caterer. Invitations through the welfare area's integration services and employers.",
      "Pilot 2: Remote-work trial weeks": "Zacharias presented two trial weeks in July at the Remote Work Hub for people working remotely from the capital region, with free desks and a sauna evening.",
      "Budget and responsibilities": "Total budget 4 000 €, of which 1 500 € for the welcome evening.",
    },
    decisions: [
      ["Budget and responsibilities", "The welcome evening (1 500 €) and the remote-work trial weeks (2 500 €) are carried out as planned."],
      ["Pilot 1: Welcome evening for newcomers", "The welcome evening is held on 22 August 2024 at Kulttuurikeskus Kuura."],
    ],
    actions: [
      { item: "Pilot 1: Welcome evening for newcomers", text: "Book Kulttuurikeskus Kuura for the welcome evening", owner: "Aino Kettunen", due: "2024-06-30", done: "2024-06-20" },
      { item: "Pilot 2: Remote-work trial weeks", text: "Publish the call for remote workers", owner: "Zacharias Wikström", due: "2024-06-21", done: "2024-06-19" },
      { item: "Budget and responsibilities", text: "Open a cost centre for the pilots", owner: "Helena Kärkkäinen", due: "2024-06-28", done: "2024-06-27" },
    ],
    writer: "coordinator",
    approver: "projects",
    savedOn: ["2024-06-14", "2024-06-17"],
    circulatedOn: "2024-06-18",
    approvedOn: "2024-09-19",
  },
  {
    meeting: "First pilot results",
    status: "approved",
    summary: "Tervetuloiltaan osallistui 46 uutta asukasta ja etätyöviikoille 11 etätyöntekijää. Molempia jatketaan muokattuina.",
    summaryEn: "The welcome evening drew 46 newcomers and the remote-work weeks 11 remote workers. Both continue, adapted.",
    notes: {
      "Welcome evening: numbers and feedback": "46 newcomers and 12 clubs took part. Feedback: the evening was good, but many did not know about it until the same week.",
      "Remote-work weeks: what worked": "11 participants, 3 of them are considering moving. Fast internet and the sauna evening got the best marks; housing information was missing.",
      "Lessons learned": "Invite earlier and through employers; have housing information ready; measure who actually moves.",
      "Continue, adapt or drop?": "Both pilots continue in 2025 with changes.",
    },
    decisions: [
      ["Continue, adapt or drop?", "The welcome evening continues twice a year; invitations go out four weeks ahead, also through employers."],
      ["Continue, adapt or drop?", "The remote-work weeks continue in 2025 with a housing information package."],
    ],
    actions: [
      { item: "Welcome evening: numbers and feedback", text: "Collect the feedback forms of the welcome evening into one summary", owner: "Aino Kettunen", due: "2024-10-31", done: "2024-10-28" },
      { item: "Remote-work weeks: what worked", text: "Put together housing information for remote workers with the city's housing company", owner: "Päivi Tervo", due: "2024-11-30" },
      { item: "Lessons learned", text: "Add a question on moving plans to the follow-up survey", owner: "Mikko Räsänen", due: "2024-11-15", done: "2024-11-20" },
    ],
    writer: "coordinator",
    approver: "coordinator",
    savedOn: ["2024-09-20", "2024-09-23"],
    circulatedOn: "2024-09-24",
    approvedOn: "2024-12-05",
  },
  {
    meeting: "Towards the Integrated Action Plan",
    status: "circulated",
    summary: "Aloitettiin Iisalmen toimintasuunnitelman (IAP) laatiminen. Pienryhmät luonnostelivat toimenpiteet kolmen teeman alle; rakenne hyväksyttiin.",
    summaryEn: "We started drafting Iisalmi's Integrated Action Plan. Small groups drafted actions under the three themes and the structure was agreed.",
    notes: {
      "What an IAP contains": "Helena explained the parts of an IAP: vision, objectives, actions with timing, cost, funding and indicators.",
      "Mangualde transnational meeting: what partners do": "Jari told about Mangualde's work with local employers and Saldus' digital services for newcomers.",
      "Drafting actions in small groups": "Three groups drafted 4–6 actions each. The young people's group asked that the youth council comments before anything is fixed.",
      "Agree the draft structure": "The structure of the plan follows the three themes.",
    },
    decisions: [
      ["Agree the draft structure", "The action plan follows the three themes of the network, with no more than 15 actions."],
    ],
    actions: [
      { item: "Drafting actions in small groups", text: "Ask the youth council to comment on the draft actions for young people", owner: "Aino Kettunen", due: "2025-01-31" },
      { item: "Drafting actions in small groups", text: "Draft a one-page newcomer guide in plain Finnish and English", owner: "Aino Kettunen", due: { inDays: 21 } },
      { item: "Agree the draft structure", text: "Combine the groups' drafts into the first version of the plan", owner: "Helena Kärkkäinen", due: "2025-02-28", done: "2025-02-26" },
      { item: "Mangualde transnational meeting: what partners do", text: "Share the Mangualde presentations with the group", owner: "Jari Savolainen", due: null },
    ],
    writer: "coordinator",
    savedOn: ["2024-12-06", "2024-12-09"],
    circulatedOn: "2024-12-10",
    comments: [
      ["member", "Thank you for the clear minutes. One addition: the youth group also asked for summer jobs for under-18s to be in the plan.", "2024-12-11"],
      ["projects", "Under the remote-work actions we should mention the library's work space, it came up in the group too.", "2024-12-12"],
      ["member", "I will bring the youth council's comments to the next meeting.", "2024-12-16"],
    ],
  },
  {
    meeting: "Action plan review",
    status: "draft",
    summary: "Toimintasuunnitelman luonnos käytiin läpi. Rahoitus on varmistettu kolmelle toimenpiteelle; muille haetaan rahoitusta.",
    notes: {
      "Draft action plan walk-through": "Helena went through the 12 actions of the draft. Comments on timing and indicators were noted in the draft.",
      "Funding for the actions": "Outi: three actions can be funded from the city's budget, two through the Regional Council's call in spring. *To check:* the LEADER call.",
    },
    decisions: [["Approval of the draft for the city board", "The draft action plan goes to the city board with the changes agreed today."]],
    actions: [
      { item: "Funding for the actions", text: "Check whether the LEADER call fits the welcome evening", owner: "Tero Huttunen", due: "2025-04-30" },
      { item: "Approval of the draft for the city board", text: "Send the draft plan to the city board", owner: "Helena Kärkkäinen", due: "2025-04-10" },
    ],
    writer: "coordinator",
    savedOn: ["2025-03-21", "2025-03-24"],
  },
];

const MANTOVA: SeedMinutes[] = [
  {
    meeting: "Primo incontro del gruppo locale",
    status: "approved",
    summary: "Primo incontro del gruppo locale: presentazione del progetto e dei partecipanti, accordo sul calendario degli incontri.",
    summaryEn: "First meeting of the local group: the project and the members were introduced and the meeting calendar agreed.",
    notes: {
      Benvenuto: "Giulia Ferrari ha aperto l'incontro e ringraziato i presenti.",
      "Il progetto Residents of the Future": "Presentazione della rete, dei tre temi e del calendario fino a dicembre 2025.",
      Discussione: "I partecipanti hanno indicato come priorità l'attrazione di giovani lavoratori e la valorizzazione del centro storico.",
    },
    decisions: [["Discussione", "Il gruppo si riunisce ogni tre mesi, di giovedì alle 17:30."]],
    actions: [{ item: "Discussione", text: "Raccogliere i dati sulla popolazione giovane di Mantova", owner: "Luca Bianchi", due: "2023-12-15", done: "2023-12-12" }],
    writer: "mantova",
    approver: "mantova",
    savedOn: ["2023-10-13"],
    circulatedOn: "2023-10-16",
    approvedOn: "2024-03-14",
  },
  {
    meeting: "Idee per attrarre giovani",
    status: "approved",
    summary: "Laboratorio di idee per attrarre e trattenere i giovani: raccolte quindici proposte.",
    notes: { "Laboratorio di idee": "Quindici proposte in tre gruppi; le più votate: spazio di coworking per nomadi digitali e una guida per chi arriva in città." },
    decisions: [["Laboratorio di idee", "Le proposte più votate sono condivise con la rete."]],
    actions: [{ item: "Laboratorio di idee", text: "Inserire le proposte nell'applicazione", owner: "Francesca Romano", due: "2024-04-15" }],
    writer: "mantova",
    approver: "mantova",
    savedOn: ["2024-03-15", "2024-03-18"],
    circulatedOn: "2024-03-19",
    approvedOn: "2024-04-30",
  },
];

function isoDay(offsetDays: number, timeZone: string): string {
  const d = new Date(Date.now() + offsetDays * 86_400_000);
  return new Intl.DateTimeFormat("en-CA", { timeZone, year: "numeric", month: "2-digit", day: "2-digit" }).format(d);
}

/**
 * Minutes of the demo cities' past meetings in every state, with a revision row for each save,
 * circulation, approval and correction. Idempotent: a meeting that has minutes is left alone.
 */
export function seedMinutes(tx: DB) {
  const userId = (who: Who) => tx.select({ id: users.id }).from(users).where(eq(users.email, ACCOUNTS[who])).get()?.id ?? null;

  for (const [slug, list] of [["iisalmi", IISALMI], ["mantova", MANTOVA]] as const) {
    const city = tx.select().from(cities).where(eq(cities.slug, slug)).get();
    if (!city) continue;
    const roster = tx.select({ id: members.id, name: members.name }).from(members).where(eq(members.cityId, city.id)).all();
    const memberId = (name: string) => {
      const m = roster.find((r) => r.name === name);
      if (!m) throw new Error(`demo seed: no member "${name}" in ${slug}`);
      return m.id;
    };
    const at = (day: string, time = "10:00") => zonedToUtc(day, time, city.timeZone);

    for (const spec of list) {
      const meeting = tx.select().from(meetings).where(and(eq(meetings.cityId, city.id), eq(meetings.title, spec.meeting))).get();
      if (!meeting) throw new Error(`demo seed: no meeting "${spec.meeting}" in ${slug}`);
      if (tx.select({ id: minutes.id }).from(minutes).where(eq(minutes.meetingId, meeting.id)).get()) continue;

      const items = tx.select({ id: agendaItems.id, title: agendaItems.title }).from(agendaItems).where(eq(agendaItems.meetingId, meeting.id)).orderBy(asc(agendaItems.position)).all();
      const itemId = (title: string | null) => {
        if (title == null) return null;
        const item = items.find((i) => i.title === title);
        if (!item) throw new Error(`demo seed: no agenda item "${title}" at "${spec.meeting}"`);
        return item.id;
      };
      const writer = userId(spec.writer);
      const approver = spec.approver ? userId(spec.approver) : null;
      const lastSave = spec.savedOn.at(-1)!;
      const finalAt = at(spec.correction?.on ?? spec.approvedOn ?? spec.circulatedOn ?? lastSave, spec.approvedOn || spec.correction ? "18:30" : "10:00");

      const row = tx
        .insert(minutes)
        .values({
          meetingId: meeting.id,
          cityId: city.id,
          status: spec.status,
          revision: 1,
          summary: spec.summary,
          summaryEn: spec.summaryEn ?? null,
          circulatedAt: spec.circulatedOn ? at(spec.circulatedOn) : null,
          circulatedByUserId: spec.circulatedOn ? writer : null,
          approvedAt: spec.approvedOn ? at(spec.approvedOn, "18:30") : null,
          approvedByUserId: spec.approvedOn ? approver : null,
          updatedAt: finalAt,
          updatedByUserId: spec.correction ? approver : writer,
          createdAt: at(spec.savedOn[0]),
        })
        .returning({ id: minutes.id })
        .get();
      const minutesId = row.id;

      const notes = Object.entries(spec.notes).map(([title, text]) => ({ agendaItemId: itemId(title)!, notes: text }));
      for (const n of notes) tx.insert(minutesItemNotes).values({ minutesId, cityId: city.id, agendaItemId: n.agendaItemId, notes: n.notes }).run();
      const decisions = spec.decisions.map(([title, text]) => ({ agendaItemId: itemId(title), text }));
      decisions.forEach((d, position) => tx.insert(minutesDecisions).values({ minutesId, cityId: city.id, position, ...d }).run());
      const actions = spec.actions.map((a, position) => {
        const dueOn = a.due == null ? null : typeof a.due === "string" ? a.due : isoDay(a.due.inDays, city.timeZone);
        const values = { agendaItemId: itemId(a.item), description: a.text, ownerMemberId: memberId(a.owner), dueOn };
        const id = tx
          .insert(actionItems)
          .values({ ...values, minutesId, meetingId: meeting.id, cityId: city.id, position, doneOn: a.done ?? null, doneByUserId: a.done ? writer : null, createdAt: at(spec.savedOn[0]) })
          .returning({ id: actionItems.id })
          .get().id;
        return { id, ...values };
      });

      // The revisions as the editor would have written them: a first save with the notes only, then
      // the full text for every later save, circulation and approval; a correction keeps the approved
      // (wrong) text in the earlier revisions. Each snapshot holds the done dates known on its day.
      const approvedBeforeCorrection = spec.correction ? spec.correction.approvedDecisions.map(([title, text]) => ({ agendaItemId: itemId(title), text })) : decisions;
      const snapshotOn = (day: string, opts: { corrected?: boolean; notesOnly?: boolean } = {}): Snapshot => ({
        summary: spec.summary,
        summaryEn: spec.summaryEn ?? null,
        notes,
        decisions: opts.notesOnly ? [] : opts.corrected ? decisions : approvedBeforeCorrection,
        actionItems: opts.notesOnly ? [] : actions.map((a, i) => ({ ...a, doneOn: spec.actions[i].done && spec.actions[i].done! <= day ? spec.actions[i].done! : null })),
      });
      const revisions: { status: MinutesStatus; snapshot: Snapshot; by: number | null; at: Date; reason?: string }[] = [];
      spec.savedOn.forEach((day, i) => {
        revisions.push({ status: "draft", snapshot: snapshotOn(day, { notesOnly: i === 0 && spec.savedOn.length > 1 }), by: writer, at: at(day, "15:00") });
      });
      if (spec.circulatedOn) revisions.push({ status: "circulated", snapshot: snapshotOn(spec.circulatedOn), by: writer, at: at(spec.circulatedOn) });
      if (spec.approvedOn) revisions.push({ status: "approved", snapshot: snapshotOn(spec.approvedOn), by: approver, at: at(spec.approvedOn, "18:30") });
      if (spec.correction) revisions.push({ status: "approved", snapshot: snapshotOn(spec.correction.on, { corrected: true }), by: approver, at: at(spec.correction.on, "18:30"), reason: spec.correction.reason });
      revisions.forEach((r, i) => {
        tx.insert(minutesRevisions)
          .values({ minutesId, cityId: city.id, revision: i + 1, status: r.status, snapshot: JSON.stringify(r.snapshot), reason: r.reason ?? null, byUserId: r.by, at: r.at })
          .run();
      });
      tx.update(minutes).set({ revision: revisions.length }).where(eq(minutes.id, minutesId)).run();

      for (const [by, body, on] of spec.comments ?? []) {
        const when = at(on, "09:30");
        tx.insert(minutesComments).values({ minutesId, cityId: city.id, authorUserId: userId(by), body, createdAt: when, updatedAt: when }).run();
      }
    }
  }
}
