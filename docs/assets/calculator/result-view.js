// @ts-check
// The result of one case, as a reader acts on it (CONTRACT.md "A result"): the status in
// plain words, what is still to do and by when, what can no longer be made up and whom to
// ask, then each year's hours and the clause-by-clause notes. No Chinese here: every text is
// one of the page's labels (scripts/site_builder/labels.py, CALCULATOR). Shared with the roster page, which shows a
// person's full result the same way.

import { el, fill, formatDate } from "../shared/dom.js";

/** @typedef {"public" | "professional"} Subject */
/** @typedef {"met" | "not_met" | "not_required" | "not_limiting"} Status */
/** @typedef {Record<Subject, { credited: string, required: string }>} ShownYear */
/**
 * Missing hours that can still be studied, by `by` (a date, or none).
 * @typedef {{ year: number, subject: Subject, hours: string, by?: string | null }} ToStudy
 */
/** @typedef {{ year: number, subject: Subject, hours: string, why?: string }} Closed */
/**
 * A result as the browser's entry point gives it: CONTRACT.md's fields, with `display`
 * holding the figures as people see them (rounded as the contract says).
 * @typedef {{
 *   status: Status,
 *   required_years: number[],
 *   years: Record<string, { met: boolean }>,
 *   make_up_years?: Record<string, { met: boolean }>,
 *   shortfall: Record<Subject, string | number>,
 *   still_possible?: boolean,
 *   notes: { clause: string, text: string }[],
 *   display: {
 *     any_one?: boolean,
 *     focus_year?: number | null,
 *     shortfall: Record<Subject, string>,
 *     to_study?: ToStudy[],
 *     closed?: Closed[],
 *     years: Record<string, ShownYear>,
 *     make_up_years: Record<string, ShownYear>,
 *   },
 *   errors?: undefined,
 *   crashed?: undefined,
 * }} Result
 */
/** @typedef {{ field: string, message: string }} FieldError */
/** @typedef {{ errors: FieldError[], status?: undefined, crashed?: undefined }} Refusal */
/** @typedef {{ crashed: string, errors?: undefined, status?: undefined }} Crash */
/** @typedef {Record<string, string>} Texts */
/**
 * The texts the result is told in (scripts/site_builder/labels.py, CALCULATOR; the roster page passes the same).
 * @typedef {{
 *   status: Texts, statusHelp: Texts, subject: Texts, next: Texts, clauseLabels: Texts,
 *   bar: Texts,
 *   date: string, year: string, makeUpYear: string, tableCaption: string,
 *   yearMet: string, yearNotMet: string, yearNotNeeded: string, yearFocus: string,
 *   anyOne: string, anyOneFocus: string, shortfall: string, shortfallPart: string,
 *   listSeparator: string, todoTitle: string, todoBy: string, todoOwn: string,
 *   todoMakeUp: string, todoSeparator: string, todoHow: string, platformsLink: string,
 *   closedTitle: string, closedItem: string, closedAsk: string, notPossible: string,
 *   notesTitle: string, todoLastDay?: string, todoApplication?: string,
 * }} ResultLabels
 */

/** @type {Subject[]} */
const SUBJECTS = ["public", "professional"];

/**
 * Each result shown, by its status line: what the page's other parts (the printout, the
 * calendar file, the text for the unit) read it from, without another round to the engine.
 * @type {WeakMap<Element, Result>}
 */
const shownResults = new WeakMap();

/**
 * The result `renderResult` last put into `container`, if one is there (not a refusal).
 * @param {ParentNode} container
 * @returns {Result | undefined}
 */
export function resultIn(container) {
  const status = container.querySelector(".result-status");
  return status ? shownResults.get(status) : undefined;
}

/**
 * The to-do's date, named for what it is. The engine gives every item the study window's
 * last day as its `by` (engine.py, `_next_steps`), so the calculator says so where its labels
 * have the words (`todoLastDay`); the roster keeps its exports' shorter 「…前：」.
 * @template {Pick<ResultLabels, "todoBy" | "todoLastDay">} T
 * @param {T} L
 * @returns {T}
 */
export function todoLabels(L) {
  return L.todoLastDay ? { ...L, todoBy: L.todoLastDay } : L;
}

/**
 * The first date by which something is still to study, if any (YYYY-MM-DD).
 * @param {Result} result
 * @returns {string | undefined}
 */
export function deadlineOf(result) {
  if (result.status !== "not_met") return undefined;
  return (result.display.to_study || []).map((item) => item.by).filter((by) => !!by).sort()[0] || undefined;
}

/**
 * For a title application checked as of a day before the window's last day: the hours are
 * verified by the unit for that application, so finishing before it is the safe course.
 * The site's reading stands (hours studied until the window's last day count); this only
 * says when it is safest to have them. Null where it does not apply.
 * @param {Result} result
 * @param {{ purpose?: string, asOf: string }} asked the case's purpose and its check date
 * @param {Pick<ResultLabels, "todoApplication" | "date">} L
 * @returns {string | null}
 */
export function applicationLine(result, { purpose, asOf }, L) {
  const last = deadlineOf(result);
  if (purpose !== "title" || !last || !L.todoApplication || !(asOf < last)) return null;
  return fill(L.todoApplication, { date: formatDate(asOf, L), last: formatDate(last, L) });
}

/**
 * The result's nodes. `notice`: the notice's year (its own hours, against make-up years);
 * `clauseHref(id)`: where a clause's text is.
 * @param {Result} result
 * @param {ResultLabels} L
 * @param {{ notice: number, clauseHref: (clause: string) => string, platformsHref: string }} where
 * @returns {HTMLElement[]}
 */
export function renderResult(result, L, { notice, clauseHref, platformsHref }) {
  const shown = result.display;
  /** @type {HTMLElement[]} */
  const parts = [
    el("p", { class: `result-status status-${result.status}` }, L.status[result.status]),
    el("p", { class: "result-lead" }, L.statusHelp[result.status]),
  ];
  shownResults.set(parts[0], result);
  const focus = shown.focus_year;
  if (shown.any_one && result.required_years.length > 1) {
    parts.push(el("p", { class: "result-any-one" }, L.anyOne, focus ? " " + fill(L.anyOneFocus, { year: focus }) : ""));
  }
  if (result.status === "not_met") {
    if (result.still_possible === false) parts.push(el("p", { class: "result-not-possible" }, L.notPossible));
    const missing = SUBJECTS.filter((s) => shown.shortfall[s] !== "0")
      .map((s) => fill(L.shortfallPart, { subject: L.subject[s], hours: shown.shortfall[s] }));
    parts.push(el("p", { class: "result-shortfall" }, fill(L.shortfall, { parts: missing.join(L.listSeparator) })));
    parts.push(...todo(shown.to_study || [], L, notice, platformsHref));
    parts.push(...closed(shown.closed || [], L, platformsHref));
  }
  const table = yearsTable(result, L, focus);
  if (table) parts.push(table);
  const next = L.next[result.status];
  if (next) parts.push(el("p", { class: "result-next" }, next));
  parts.push(el("h3", {}, L.notesTitle));
  parts.push(el("ul", { class: "result-notes" }, ...result.notes.map((note) => el("li", {},
    el("a", { href: clauseHref(note.clause) }, L.clauseLabels[note.clause] || note.clause), " ", note.text))));
  return parts;
}

/**
 * What is still to study, a line per date: 「2025年11月30日前：」 (none without a date) and
 * that date's items, the notice year's own hours first, then each make-up year by year
 * (「2025年度專業科目還要學 20 學時」「補學2023年度公需科目 10 學時」).
 * @param {ToStudy[]} items
 * @param {number} notice
 * @param {Pick<ResultLabels, "date" | "subject" | "todoOwn" | "todoMakeUp" | "todoBy">} L
 * @returns {{ by: string, texts: string[] }[]}
 */
export function todoByDate(items, notice, L) {
  /** @type {Map<string | null | undefined, string[]>} */
  const byDate = new Map();
  const own = (/** @type {ToStudy} */ item) => (item.year === notice ? 0 : 1); // the year's own hours first, then make-up
  for (const item of [...items].sort((a, b) => own(a) - own(b) || a.year - b.year)) {
    const text = fill(item.year === notice ? L.todoOwn : L.todoMakeUp,
      { year: item.year, subject: L.subject[item.subject], hours: item.hours });
    byDate.set(item.by, [...(byDate.get(item.by) || []), text]);
  }
  return [...byDate].map(([by, texts]) => ({ by: by ? fill(L.todoBy, { date: formatDate(by, L) }) : "", texts }));
}

/**
 * @param {ToStudy[]} items
 * @param {ResultLabels} L
 * @param {number} notice
 * @param {string} platformsHref
 */
function todo(items, L, notice, platformsHref) {
  if (!items.length) return [];
  const lines = todoByDate(items, notice, todoLabels(L)).map(({ by, texts }) => el("li", {},
    by ? el("strong", {}, by) : "", texts.join(L.todoSeparator)));
  return [el("h3", {}, L.todoTitle), el("ul", { class: "result-todo" }, ...lines),
    el("p", { class: "hint" }, L.todoHow, " ", el("a", { href: platformsHref }, L.platformsLink))];
}

/**
 * @param {Closed[]} items
 * @param {ResultLabels} L
 * @param {string} platformsHref
 */
function closed(items, L, platformsHref) {
  if (!items.length) return [];
  return [
    el("h3", {}, L.closedTitle),
    el("ul", { class: "result-closed" }, ...items.map((item) => el("li", {},
      fill(L.closedItem, { year: item.year, subject: L.subject[item.subject], hours: item.hours, why: item.why })))),
    el("p", { class: "hint" }, L.closedAsk, el("a", { href: platformsHref }, L.platformsLink)),
  ];
}

/**
 * Each year checked (and each make-up year with records): credited / required per subject.
 * Under the one-year rule, the years not to finish are "not needed", not failures.
 * @param {Result} result
 * @param {ResultLabels} L
 * @param {number | null | undefined} focus
 */
function yearsTable(result, L, focus) {
  const shown = result.display;
  const rows = [];
  const anyMet = Object.values(result.years).some((y) => y.met);
  for (const [year, row] of Object.entries(result.years)) {
    let state = row.met ? L.yearMet : L.yearNotMet;
    let kind = row.met ? "year-met" : "year-not-met";
    if (shown.any_one && !row.met && (anyMet || (focus && String(focus) !== year))) [state, kind] = [L.yearNotNeeded, "year-not-needed"];
    else if (shown.any_one && !row.met && focus && String(focus) === year) [state, kind] = [L.yearFocus, "year-focus"];
    rows.push(yearRow(fill(L.year, { year }), shown.years[year], state, kind));
  }
  for (const [year, row] of Object.entries(result.make_up_years || {})) {
    rows.push(yearRow(fill(L.makeUpYear, { year }), shown.make_up_years[year], row.met ? L.yearMet : L.yearNotMet,
      row.met ? "year-met" : "year-not-met"));
  }
  if (!rows.length) return null;
  const head = el("tr", {}, el("th", { scope: "col" }, ""),
    ...SUBJECTS.map((s) => el("th", { scope: "col" }, L.subject[s])), el("th", { scope: "col" }, ""));
  return el("table", { class: "result-years" }, el("caption", {}, L.tableCaption), el("thead", {}, head), el("tbody", {}, ...rows));
}

/**
 * @param {string} label
 * @param {ShownYear} shown
 * @param {string} state
 * @param {string} kind
 */
function yearRow(label, shown, state, kind) {
  return el("tr", { class: kind }, el("th", { scope: "row" }, label),
    ...SUBJECTS.map((s) => el("td", {}, `${shown[s].credited}／${shown[s].required}`)), el("td", {}, state));
}

/**
 * One line for the phone's status bar: the status and what is missing.
 * @param {Result | Refusal} result
 * @param {Pick<ResultLabels, "bar" | "status">} L
 * @returns {[string, string]}
 */
export function summaryLine(result, L) {
  if (result.errors) return [fill(L.bar.errors, { count: result.errors.length }), ""];
  const detail = result.status === "not_met" ? fill(L.bar.shortfall, result.display.shortfall) : "";
  return [L.status[result.status], detail];
}
