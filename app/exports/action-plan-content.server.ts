import type { PlanDocument } from "~/models/action-plan.server";
import { dateFormat } from "~/utils/intl-cache";
import { formatEuros } from "~/utils/money";
import { formatCalendarDate, utcToZonedParts } from "~/utils/zoned-time";
import { markdownBlocks, type Block } from "./markdown-blocks.server";
import type { Translate } from "./minutes-content.server";

export type Detail = { label: string; value: string };

export type PlanActionContent = {
  /** "3. Remote-work trial weeks" */
  heading: string;
  details: Detail[];
  description: Block[];
  origin: {
    heading: string;
    idea: { heading: string; title: string; stage: string; blocks: Block[] } | null;
    pilot: { heading: string; details: Detail[]; indicators: { heading: string; columns: [string, string, string]; rows: [string, string, string][] } | null } | null;
    meetings: { heading: string; lines: string[]; none: string | null };
    none: string | null;
  };
};

/**
 * A city's action plan as translated, formatted text, shared by the PDF and DOCX writers so both
 * say the same and each only lays it out.
 */
export type PlanContent = {
  draft: boolean;
  draftMark: string;
  draftNote: string;
  /** The plan's own title, or "Integrated Action Plan". */
  heading: string;
  documentTitle: string;
  titleLabel: string;
  cityLine: string;
  networkLine: string;
  dateLine: string;
  statusLine: string;
  contentsHeading: string;
  vision: { heading: string; blocks: Block[]; none: string | null };
  objectives: { heading: string; blocks: Block[]; none: string | null };
  actionsHeading: string;
  noActions: string | null;
  actions: PlanActionContent[];
  pageLabel: (page: number, pages: number) => string;
  /** "2026-11-28-iisalmi-integrated-action-plan", with "-DRAFT" when the plan is not final. */
  fileStem: string;
};

const lines = (text: string | null) => (text ?? "").split(/\r?\n/).map((l) => l.trim()).filter(Boolean).join("; ");

export function planContent(doc: PlanDocument, t: Translate, language: string, now = new Date()): PlanContent {
  const locale = language;
  const tz = doc.city.timeZone;
  const today = utcToZonedParts(now, tz).date;
  const draft = doc.plan?.finalisedAt == null;
  const day = (d: Date) => dateFormat(locale, { dateStyle: "long", timeZone: tz }).format(d);
  const vision = markdownBlocks(doc.plan?.vision ?? "");
  const objectives = markdownBlocks(doc.plan?.objectives ?? "");
  const status = doc.plan?.finalisedAt
    ? t("actionPlanExport.statusFinal", { date: day(doc.plan.finalisedAt) })
    : t("actionPlanExport.statusDraft");
  const revision = doc.plan ? ` (${t("actionPlanExport.revision", { revision: doc.plan.revision, date: day(doc.plan.updatedAt) })})` : "";

  const actions = doc.actions.map((a, n): PlanActionContent => {
    const details: Detail[] = [];
    const add = (key: string, value: string | null | undefined) => {
      if (value) details.push({ label: t(`actionPlan.fields.${key}`), value });
    };
    add("timing", a.timing);
    add("lead", a.lead);
    add("partners", lines(a.partners));
    add("cost", a.costCents == null ? null : formatEuros(a.costCents, locale));
    add("fundingSource", a.fundingSource);
    add("fundingStatus", a.fundingStatus ? t(`actionPlan.funding.${a.fundingStatus}`) : null);
    add("implementationStatus", t(`actionPlan.implementation.${a.implementationStatus}`));
    add("indicators", lines(a.indicators));
    add("risks", lines(a.risks));

    const pilot = a.pilot;
    const pilotDetails: Detail[] = [];
    if (pilot) {
      const addP = (key: string, value: string | null | undefined) => {
        if (value) pilotDetails.push({ label: t(`actionPlanExport.pilot.${key}`), value });
      };
      addP("objective", pilot.objective);
      addP("period", pilot.startsOn || pilot.endsOn ? [pilot.startsOn, pilot.endsOn].map((d) => (d ? formatCalendarDate(d, locale) : "…")).join(" – ") : null);
      addP("results", pilot.results);
      addP("lessons", pilot.lessonsLearned);
      addP("decision", pilot.decision ? t(`actionPlanExport.decisions.${pilot.decision}`) : t("actionPlanExport.pilot.noDecision"));
    }
    const meetingLines = a.meetings.map((m) => {
      const parts = [t("actionPlanExport.meetingLine", { kind: t(`meetingKinds.${m.kind}`), number: m.number, title: m.title, date: day(m.startsAt) })];
      if (m.items.length) parts.push(t("actionPlanExport.agendaItems", { items: m.items.join("; ") }));
      for (const mv of m.moves) {
        parts.push(mv.fromStage ? t("actionPlanExport.moved", { from: t(`ideaStages.${mv.fromStage}`), to: t(`ideaStages.${mv.toStage}`) }) : t("actionPlanExport.movedTo", { to: t(`ideaStages.${mv.toStage}`) }));
      }
      return parts.join(" · ");
    });
    return {
      heading: `${n + 1}. ${a.title}`,
      details,
      description: markdownBlocks(a.description ?? ""),
      origin: {
        heading: t("actionPlanExport.origin"),
        idea: a.idea ? { heading: t("actionPlanExport.idea"), title: a.idea.title, stage: t("actionPlanExport.ideaStage", { stage: t(`ideaStages.${a.idea.stage}`) }), blocks: markdownBlocks(a.idea.description) } : null,
        pilot: pilot
          ? {
              heading: t("actionPlanExport.pilot.heading"),
              details: pilotDetails,
              indicators: pilot.indicators.length
                ? {
                    heading: t("actionPlanExport.pilot.indicators"),
                    columns: [t("actionPlanExport.pilot.indicator"), t("actionPlanExport.pilot.target"), t("actionPlanExport.pilot.result")],
                    rows: pilot.indicators.map((i) => [i.name, i.target ?? "—", i.result ?? "—"]),
                  }
                : null,
            }
          : null,
        meetings: { heading: t("actionPlanExport.meetings"), lines: meetingLines, none: meetingLines.length ? null : t("actionPlanExport.noMeetings") },
        none: a.idea ? null : t("actionPlanExport.noIdea"),
      },
    };
  });

  const heading = doc.plan?.title || t("actionPlanExport.title");
  return {
    draft,
    draftMark: t("minutesExport.draftMark"),
    draftNote: t("actionPlanExport.draftNote"),
    heading,
    documentTitle: `${heading} – ${doc.city.name}`,
    titleLabel: t("actionPlanExport.title"),
    cityLine: doc.city.name,
    networkLine: t("actionPlanExport.network", { network: t("app.network") }),
    dateLine: formatCalendarDate(today, locale),
    statusLine: `${status}${revision}`,
    contentsHeading: t("actionPlanExport.contents"),
    vision: { heading: t("actionPlan.vision"), blocks: vision, none: vision.length ? null : t("actionPlan.noVision") },
    objectives: { heading: t("actionPlan.objectives"), blocks: objectives, none: objectives.length ? null : t("actionPlan.noObjectives") },
    actionsHeading: t("actionPlanExport.actions"),
    noActions: actions.length ? null : t("actionPlan.noActions"),
    actions,
    pageLabel: (page, pages) => t("minutesExport.page", { page, pages }),
    fileStem: `${today}-${doc.city.slug}-integrated-action-plan${draft ? "-DRAFT" : ""}`,
  };
}
