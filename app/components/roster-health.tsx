import { useTranslation } from "~/i18n/use-translation";
import { SECTORS, type Sector } from "#db/enums";
import { numberFormat } from "~/utils/intl-cache";

export const ROSTER_TARGET = { min: 10, max: 20 } as const;

const BAR_COLORS: Record<Sector, string> = {
  public: "#1d4ed8",
  private: "#047857",
  civic: "#b45309",
  knowledge: "#7c3aed",
};

/** Active members against the 10–20 target and the sector mix, drawn server-side as SVG (no JS needed). */
export function RosterHealth({ active, bySector, headingLevel = 2 }: { active: number; bySector: Record<Sector, number>; headingLevel?: 2 | 3 }) {
  const { t, i18n } = useTranslation();
  const nf = numberFormat(i18n.language);
  const missing = SECTORS.filter((s) => bySector[s] === 0);
  const outside = active < ROSTER_TARGET.min || active > ROSTER_TARGET.max;
  const max = Math.max(1, ...SECTORS.map((s) => bySector[s]));
  const summary = SECTORS.map((s) => `${t(`sectors.${s}`)} ${bySector[s]}`).join(", ");
  const Heading = headingLevel === 2 ? "h2" : "h3";
  const rowH = 28;
  const labelW = 170;
  const barW = 220;
  return (
    <section aria-labelledby="roster-health" className="rounded-lg border border-slate-200 bg-white p-4">
      <Heading id="roster-health" className="text-lg font-semibold">
        {t("roster.health")}
      </Heading>
      <p className="mt-1 text-slate-800">
        <span className="text-2xl font-bold" data-testid="active-count">{nf.format(active)}</span>{" "}
        {t("dashboard.activeMembers")} · {t("dashboard.target", { min: ROSTER_TARGET.min, max: ROSTER_TARGET.max })}
      </p>
      <svg
        role="img"
        aria-label={t("roster.chartLabel", { summary })}
        viewBox={`0 0 ${labelW + barW + 40} ${rowH * SECTORS.length}`}
        className="mt-3 w-full max-w-md"
      >
        {SECTORS.map((s, i) => {
          const w = Math.round((bySector[s] / max) * barW);
          const y = i * rowH;
          return (
            <g key={s}>
              <text x={0} y={y + 19} fontSize="13" fill="#1e293b">
                {t(`sectors.${s}`)}
              </text>
              <rect x={labelW} y={y + 6} width={barW} height={16} fill="#f1f5f9" />
              <rect x={labelW} y={y + 6} width={w} height={16} fill={BAR_COLORS[s]} data-testid={`bar-${s}`} />
              <text x={labelW + barW + 6} y={y + 19} fontSize="13" fill="#1e293b" data-testid={`sector-${s}`}>
                {bySector[s]}
              </text>
            </g>
          );
        })}
      </svg>
      {outside || missing.length > 0 ? (
        <div role="status" className="mt-3 rounded border border-amber-500 bg-amber-50 px-3 py-2 text-sm text-amber-900">
          {outside ? <p>{t("dashboard.sizeWarning", { count: active, min: ROSTER_TARGET.min, max: ROSTER_TARGET.max })}</p> : null}
          {missing.length > 0 ? <p>{t("dashboard.missingSectors", { sectors: missing.map((s) => t(`sectors.${s}`)).join(", ") })}</p> : null}
        </div>
      ) : (
        <p className="mt-3 text-sm text-green-800">{t("roster.withinTarget")}</p>
      )}
    </section>
  );
}
