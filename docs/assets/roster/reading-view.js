// @ts-check
// What the reader made of the file: every person's bad cells and the records that name nobody,
// the reader's warnings (the one that makes every result wrong first), and the columns it read.

import { el, fill } from "../shared/dom.js";
import { errorTexts } from "./person-text.js";

/** @typedef {import("./roster.js").RosterPage} RosterPage */
/** @typedef {import("./roster.js").Warning} Warning */

export const MAX_ERRORS_LISTED = 300;
const SKIPPED_LISTED = 5; // skipped rows listed before the rest fold away (on paper: listed, then counted)
const COLUMNS_OPEN = 12; // the columns read are shown unfolded up to this many (always when there are warnings)

/** @param {RosterPage} page */
export function renderErrors(page) {
  const { L, $ } = page;
  const report = /** @type {import("./roster.js").Report} */ (page.report);
  const box = $("#roster-errors");
  // Each person's bad cells, then the rows of the records that name nobody in the roster.
  const lines = page.people.filter((p) => p.status === "errors")
    .flatMap((p) => errorTexts(p.person, L).map((text) => (p.name ? fill(L.errorOf, { name: p.name, text }) : text)))
    .concat((report.unmatched_records || []).map((e) => e.text || e.message));
  box.hidden = !lines.length;
  /** @type {HTMLElement} */ (box.querySelector("h3")).textContent = fill(L.errorsTitle, { count: lines.length });
  /** @type {HTMLElement} */ (box.querySelector("ul")).replaceChildren(...lines.slice(0, MAX_ERRORS_LISTED).map((text) => el("li", {}, text)));
  const more = /** @type {HTMLElement} */ (box.querySelector(".roster-errors-more"));
  more.hidden = lines.length <= MAX_ERRORS_LISTED;
  more.textContent = fill(L.errorsMore, { count: lines.length - MAX_ERRORS_LISTED });
}

// --- what was read: the reader's warnings and the columns it read -----------------------
/** @param {RosterPage} page */
export function renderReading(page) {
  const { L, $ } = page;
  const report = /** @type {import("./roster.js").Report} */ (page.report);
  const R = L.reading;
  const warnings = report.warnings || [];
  const box = $("#roster-warnings");
  // No hour column found: every result below would be wrong, so it is said as an alert.
  const alert = warnings.some((w) => w.kind === "no_hour_columns");
  box.classList.toggle("roster-warnings-alert", alert);
  if (alert) box.setAttribute("role", "alert");
  else box.removeAttribute("role");
  box.hidden = !warnings.length;
  /** @type {HTMLElement} */ (box.querySelector(".roster-warnings-title")).textContent = alert ? R.alertTitle : R.warningsTitle;
  /** @type {HTMLElement} */ (box.querySelector("ul")).replaceChildren(...warningItems(warnings, R, SKIPPED_LISTED, true));

  const columns = report.columns || [];
  const details = /** @type {HTMLDetailsElement} */ ($("#roster-read-columns"));
  details.hidden = !columns.length;
  details.open = warnings.length > 0 || columns.length <= COLUMNS_OPEN;
  const read = columns.filter((c) => c.read_as).length;
  const count = fill(read === columns.length ? R.columnsAllRead : R.columnsCount, { read, ignored: columns.length - read });
  /** @type {HTMLElement} */ (details.querySelector("summary")).replaceChildren(el("strong", {}, R.columnsTitle), el("span", { class: "roster-read-count" }, count));
  const sheets = [...new Set(columns.map((c) => c.sheet))];
  /** @type {HTMLElement} */ (details.querySelector(".roster-read-body")).replaceChildren(el("p", { class: "hint" }, R.columnsHint),
    ...sheets.flatMap((sheet) => [
      sheets.length > 1 ? el("p", { class: "roster-read-sheet" }, fill(R.sheet, { sheet })) : "",
      el("ul", { class: "roster-read-list" }, ...columns.filter((c) => c.sheet === sheet).map((c) => el("li",
        { class: c.read_as ? "read" : "not-read", "data-letter": String(c.letter) },
        el("span", { class: "roster-read-letter" }, fill(R.letter, { letter: c.letter })),
        el("span", { class: "roster-read-header" }, fill(R.header, { header: c.header }), c.hidden ? el("em", {}, R.hidden) : ""),
        el("span", { class: "roster-read-as" }, c.read_as ? fill(R.readAs, { what: c.read_as }) : R.notRead)))),
    ]));
}

/**
 * The warnings as list items, the one that makes every result wrong first; the rows skipped
 * as not people, however many, take a few lines: `listed` of them, then the rest folded away
 * (`fold`, on screen) or counted (on paper).
 * @param {Warning[]} warnings
 * @param {Record<string, string>} R the reading texts
 * @param {number} listed
 * @param {boolean} fold
 * @returns {HTMLLIElement[]}
 */
export function warningItems(warnings, R, listed, fold) {
  const item = (/** @type {Warning} */ w) => el("li", { class: `warning-${w.kind}` }, w.message);
  const skipped = warnings.filter((w) => w.kind === "skipped_row");
  const items = [...warnings.filter((w) => w.kind === "no_hour_columns"),
    ...warnings.filter((w) => w.kind !== "no_hour_columns" && w.kind !== "skipped_row")].map(item);
  items.push(...skipped.slice(0, listed).map(item));
  const rest = skipped.slice(listed);
  if (rest.length && fold) {
    items.push(el("li", { class: "warning-skipped-more" }, el("details", {},
      el("summary", {}, fill(R.skippedMore, { count: rest.length })),
      el("ul", {}, ...rest.slice(0, MAX_ERRORS_LISTED).map(item)))));
  } else if (rest.length) items.push(el("li", { class: "warning-skipped-more" }, fill(R.skippedNotListed, { count: rest.length })));
  return items;
}
