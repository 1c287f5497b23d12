import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "~/i18n/use-translation";
import { IDEA_KINDS, IDEA_STAGES, IDEA_THEMES, type IdeaKind, type IdeaStage, type IdeaTheme } from "#db/enums";
import { requireScope } from "~/auth/auth.server";
import { hasPermission } from "~/auth/permissions";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { IdeaCard, plainExcerpt, useIdeaCardText } from "~/components/idea-card";
import { Pagination } from "~/components/pagination";
import { ideasByStage, IDEAS_PAGE_SIZE, listIdeas, type IdeaFilters, type IdeaSort } from "~/models/ideas.server";
import { clientAddress, pageParam } from "~/utils/request.server";

export const meta: MetaFunction = () => [{ title: "Ideas · ULG Workshop" }];

const Q_MAX = 200;

function oneOf<T extends string>(values: readonly T[], value: string | null): T | undefined {
  return (values as readonly string[]).includes(value ?? "") ? (value as T) : undefined;
}

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { user, scope } = await requireScope(request, "read:idea", clientAddress(context));
  const url = new URL(request.url);
  const params = url.searchParams;
  const view = params.get("view") === "board" ? "board" : "list";
  const q = (params.get("q") ?? "").trim().slice(0, Q_MAX);
  const theme = oneOf<IdeaTheme>(IDEA_THEMES, params.get("theme"));
  const kind = oneOf<IdeaKind>(IDEA_KINDS, params.get("kind"));
  const stage = oneOf<IdeaStage>(IDEA_STAGES, params.get("stage"));
  const sort: IdeaSort = params.get("sort") === "supported" ? "supported" : "newest";
  // "me" is the viewer; a numeric id narrows to that author (still only inside the viewer's scope).
  const authorParam = params.get("author") ?? "";
  const authorUserId = authorParam === "me" ? user.id : /^\d{1,9}$/.test(authorParam) ? Number(authorParam) : undefined;
  const author = authorParam === "me" || authorUserId != null ? authorParam : "";
  const filters: IdeaFilters = { q: q || undefined, theme, kind, stage, authorUserId, sort };
  const page = pageParam(url);
  const common = {
    view,
    filters: { q, theme: theme ?? "", kind: kind ?? "", stage: stage ?? "", author, sort },
    filtered: Boolean(q || theme || kind || stage || authorUserId != null),
    canCreate: user.cityId != null && hasPermission(user, "write:idea:own"),
    canFilterMine: user.cityId != null,
    showCity: scope.kind === "all",
    timeZone: user.city?.timeZone ?? "UTC",
  };
  if (view === "board") {
    const columns = ideasByStage(scope, filters);
    return { ...common, columns, rows: null, total: columns.reduce((n, c) => n + c.total, 0), page: 1, pageSize: IDEAS_PAGE_SIZE };
  }
  const { rows, total } = listIdeas(scope, { ...filters, page });
  // The excerpt as plain text made here: the cards show it without any Markdown work in the browser.
  const cards = rows.map((r) => ({ ...r, excerpt: plainExcerpt(r.excerpt) }));
  return { ...common, columns: null, rows: cards, total, page, pageSize: IDEAS_PAGE_SIZE };
}

type Filters = ReturnType<typeof useLoaderData<typeof loader>>["filters"];

/** The address of this page with the current filters and some changed (empty values dropped). */
function ideasHref(filters: Filters, changes: Record<string, string>) {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries({ ...filters, ...changes })) {
    if (value && !(key === "sort" && value === "newest") && !(key === "view" && value === "list")) params.set(key, value);
  }
  const query = params.toString();
  return query ? `/ideas?${query}` : "/ideas";
}

export default function Ideas() {
  const { view, filters, filtered, canCreate, canFilterMine, showCity, timeZone, columns, rows, total, page, pageSize } = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  const cardText = useIdeaCardText(timeZone);
  const tabClass = (active: boolean) =>
    `rounded px-3 py-2 text-sm font-medium ${active ? "bg-brand-700 text-white" : "border border-slate-300 text-slate-800 hover:bg-slate-100"}`;
  const selectClass = "mt-1 block w-full rounded border border-slate-400 bg-white px-3 py-2";
  const labelClass = "block text-sm font-medium text-slate-800";
  return (
    <div>
      <div className="flex flex-wrap items-center gap-3">
        <h1 className="mr-auto text-2xl font-bold">{t("ideas.title")}</h1>
        {canCreate ? (
          <Link to="/ideas/new" className="rounded bg-brand-700 px-4 py-2 font-medium text-white hover:bg-brand-800">
            {t("ideas.new")}
          </Link>
        ) : null}
      </div>

      <nav aria-label={t("ideas.viewLabel")} className="mt-4 flex gap-2">
        <Link to={ideasHref(filters, { view: "list" })} aria-current={view === "list" ? "page" : undefined} className={tabClass(view === "list")}>
          {t("ideas.listView")}
        </Link>
        <Link to={ideasHref(filters, { view: "board" })} aria-current={view === "board" ? "page" : undefined} className={tabClass(view === "board")}>
          {t("ideas.boardView")}
        </Link>
      </nav>

      <Form method="get" role="search" aria-label={t("ideas.filters")} className="mt-4 rounded-lg border border-slate-200 bg-white p-4">
        {view === "board" ? <input type="hidden" name="view" value="board" /> : null}
        <div className="grid grid-cols-2 gap-3 lg:grid-cols-3">
          <div className="col-span-2 lg:col-span-3">
            <label htmlFor="ideas-q" className={labelClass}>
              {t("ideas.search")}
            </label>
            <input
              id="ideas-q"
              type="search"
              name="q"
              defaultValue={filters.q}
              maxLength={Q_MAX}
              aria-describedby="ideas-q-hint"
              className="mt-1 block w-full rounded border border-slate-400 bg-white px-3 py-2"
            />
            <p id="ideas-q-hint" className="text-xs text-slate-600">
              {t("ideas.searchHint")}
            </p>
          </div>
          <div>
            <label htmlFor="ideas-theme" className={labelClass}>
              {t("ideas.theme")}
            </label>
            <select id="ideas-theme" name="theme" defaultValue={filters.theme} className={selectClass}>
              <option value="">{t("ideas.allThemes")}</option>
              {IDEA_THEMES.map((theme) => (
                <option key={theme} value={theme}>
                  {t(`ideaThemes.${theme}`)}
                </option>
              ))}
            </select>
          </div>
          <div>
            <label htmlFor="ideas-kind" className={labelClass}>
              {t("ideas.kind")}
            </label>
            <select id="ideas-kind" name="kind" defaultValue={filters.kind} className={selectClass}>
              <option value="">{t("ideas.allKinds")}</option>
              {IDEA_KINDS.map((kind) => (
                <option key={kind} value={kind}>
                  {t(`ideaKinds.${kind}`)}
                </option>
              ))}
            </select>
          </div>
          <div>
            <label htmlFor="ideas-stage" className={labelClass}>
              {t("ideas.stage")}
            </label>
            <select id="ideas-stage" name="stage" defaultValue={filters.stage} className={selectClass}>
              <option value="">{t("ideas.allStages")}</option>
              {IDEA_STAGES.map((stage) => (
                <option key={stage} value={stage}>
                  {t(`ideaStages.${stage}`)}
                </option>
              ))}
            </select>
          </div>
          {canFilterMine ? (
            <div>
              <label htmlFor="ideas-author" className={labelClass}>
                {t("ideas.author")}
              </label>
              <select id="ideas-author" name="author" defaultValue={filters.author === "me" ? "me" : ""} className={selectClass}>
                <option value="">{t("ideas.everyone")}</option>
                <option value="me">{t("ideas.myIdeas")}</option>
              </select>
            </div>
          ) : null}
          <div>
            <label htmlFor="ideas-sort" className={labelClass}>
              {t("ideas.sort")}
            </label>
            <select id="ideas-sort" name="sort" defaultValue={filters.sort} className={selectClass}>
              <option value="newest">{t("ideas.sortNewest")}</option>
              <option value="supported">{t("ideas.sortSupported")}</option>
            </select>
          </div>
        </div>
        <div className="mt-3 flex flex-wrap items-center gap-4">
          <button type="submit" className="rounded bg-brand-700 px-4 py-2 font-medium text-white hover:bg-brand-800">
            {t("ideas.apply")}
          </button>
          {filtered ? (
            <Link to={view === "board" ? "/ideas?view=board" : "/ideas"} className="text-brand-700 underline">
              {t("ideas.clear")}
            </Link>
          ) : null}
        </div>
      </Form>

      {total > 0 ? <p className="mt-4 text-sm text-slate-700">{t("ideas.count", { count: total })}</p> : null}

      {total === 0 ? (
        <p className="mt-6 text-slate-700" data-testid="ideas-empty">
          {filtered ? t("ideas.emptyFiltered") : canCreate ? t("ideas.empty") : t("ideas.emptyReadOnly")}
        </p>
      ) : view === "board" && columns ? (
        <section aria-labelledby="ideas-board-title" className="mt-4">
          <h2 id="ideas-board-title" className="sr-only">
            {t("ideas.board")}
          </h2>
          <p id="ideas-board-hint" className="text-sm text-slate-700">
            {t("ideas.boardHint")}
          </p>
          {/* Focusable so keyboard users can scroll the columns sideways on a narrow screen. */}
          <div
            tabIndex={0}
            role="region"
            aria-labelledby="ideas-board-title"
            aria-describedby="ideas-board-hint"
            className="mt-2 flex snap-x gap-4 overflow-x-auto pb-4 focus:outline-2 focus:outline-brand-700"
          >
            {columns.map((column) => (
              <section
                key={column.stage}
                aria-labelledby={`stage-${column.stage}`}
                data-testid={`board-column-${column.stage}`}
                className="w-72 shrink-0 snap-start rounded-lg bg-slate-100 p-3"
              >
                <h3 id={`stage-${column.stage}`} className="font-semibold">
                  {t(`ideaStages.${column.stage}`)}{" "}
                  <span className="font-normal text-slate-700">({t("ideas.columnCount", { count: column.total })})</span>
                </h3>
                {column.ideas.length === 0 ? (
                  <p className="mt-2 text-sm text-slate-700">{t("ideas.columnEmpty")}</p>
                ) : (
                  <ul className="mt-2 space-y-2">
                    {column.ideas.map((idea) => (
                      <li key={idea.id}>
                        <IdeaCard idea={idea} compact showCity={showCity} text={cardText} />
                      </li>
                    ))}
                  </ul>
                )}
                {column.total > column.ideas.length ? (
                  <p className="mt-2 text-sm">
                    <Link to={ideasHref(filters, { view: "list", stage: column.stage })} className="text-brand-700 underline">
                      {t("ideas.columnMore", { count: column.total - column.ideas.length })}
                    </Link>
                  </p>
                ) : null}
              </section>
            ))}
          </div>
        </section>
      ) : rows ? (
        <>
          <ul className="mt-4 space-y-3">
            {rows.map((idea) => (
              <li key={idea.id}>
                <IdeaCard idea={idea} showCity={showCity} text={cardText} />
              </li>
            ))}
          </ul>
          <Pagination page={page} total={total} pageSize={pageSize} />
        </>
      ) : null}
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
