import { useTranslation } from "~/i18n/use-translation";
import { SECTORS, type Sector } from "#db/enums";
import { numberFormat } from "~/utils/intl-cache";

type Mix = { bySector: Record<Sector, number>; unknown: number; total: number; members: number; guests: number };

const BAR_COLORS: Record<Sector | "unknown", string> = {
  public: "#1d4ed8",
  private: "#047857",
  civic: "#b45309",
  knowledge: "#7c3aed",
  unknown: "#475569",
};

/** Who came (present, remote and guests) by sector: counts in text and a bar chart drawn on the server as SVG. */
export function AttendanceSectorMix({ mix }: { mix: Mix }) {
  const { t, i18n } = useTranslation();
  const nf = numberFormat(i18n.language);
  const rows: { key: Sector | "unknown"; label: string; n: number }[] = [
    ...SECTORS.map((s) => ({ key: s, label: t(`sectors.${s}`), n: mix.bySector[s] })),
    ...(mix.unknown > 0 ? [{ key: "unknown" as const, label: t("attendance.sectorNotGiven"), n: mix.unknown }] : []),
  ];
  const max = Math.max(1, ...rows.map((r) => r.n));
  const summary = rows.map((r) => `${r.label} ${nf.format(r.n)}`).join(", ");
  const rowH = 28;
  const labelW = 170;
  const barW = 220;
  return (
    <section aria-labelledby="sector-mix-heading" className="rounded-lg border border-slate-200 bg-white p-4">
      <h2 id="sector-mix-heading" className="text-lg font-semibold">{t("attendance.mixTitle")}</h2>
      <p className="mt-1 text-slate-800" data-testid="came-count">
        {t("attendance.mixSummary", { total: nf.format(mix.total), members: nf.format(mix.members), guests: nf.format(mix.guests) })}
      </p>
      {mix.total === 0 ? null : (
        <svg role="img" aria-label={t("attendance.mixChartLabel", { summary })} viewBox={`0 0 ${labelW + barW + 40} ${rowH * rows.length}`} className="mt-3 w-full max-w-md">
            {rows.map((r, i) => {
              const y = i * rowH;
              return (
                <g key={r.key}>
                  <text x={0} y={y + 19} fontSize="13" fill="#1e293b">{r.label}</text>
                  <rect x={labelW} y={y + 6} width={barW} height={16} fill="#f1f5f9" />
                  <rect x={labelW} y={y + 6} width={Math.round((r.n / max) * barW)} height={16} fill={BAR_COLORS[r.key]} />
                  <text x={labelW + barW + 6} y={y + 19} fontSize="13" fill="#1e293b">{nf.format(r.n)}</text>
                </g>
              );
            })}
        </svg>
      )}
    </section>
  );
}
