// @ts-check
// The roster's results on screen: the summary's counts, the filter by status and name, and the
// table of people a page of rows at a time (so that 10,000 people stay fast), where a name opens
// that person's full result (the calculator's own result view, asked of the worker).

import { el, fill } from "../shared/dom.js";
import { renderResult } from "../calculator/result-view.js";
import { errorTexts, filterPeople, shortfallOf, todoLines } from "./person-text.js";

/** @typedef {import("./person-text.js").Listed} Listed */
/** @typedef {import("./roster.js").RosterPage} RosterPage */

export const PAGE_SIZE = 50;
export const STATUSES = ["met", "not_met", "not_required", "not_limiting", "errors"];

/**
 * How many pages of rows `count` people take (one at least, for the empty table).
 * @param {number} count
 */
export function pagesOf(count) {
  return Math.max(1, Math.ceil(count / PAGE_SIZE));
}

export class RosterTable {
  /** @param {RosterPage} page */
  constructor(page) {
    this.page = page;
    /** @type {Listed[]} the people the filter shows */
    this.shown = [];
    this.number = 0; // the page of rows shown, from 0
    /** @type {number | null} the person whose full result is open */
    this.openRow = null;
    /** @type {{ index: number, result: import("../calculator/result-view.js").Result } | null} the last full result asked for */
    this.explained = null;
  }

  /** Forgets every person shown. */
  clear() {
    this.shown = [];
    this.openRow = null;
    this.explained = null;
  }

  // --- the summary, the filter and the table ---------------------------------------------
  renderSummary() {
    const { L, $ } = this.page;
    const S = L.summary;
    const summary = /** @type {import("./roster.js").Report} */ (this.page.report).summary;
    const item = (/** @type {string} */ status, /** @type {number} */ count) => {
      const button = el("button", { type: "button", class: `roster-count count-${status}`, "data-status": status, "data-count": String(count) },
        el("span", { class: "roster-count-number" }, String(count)), el("span", { class: "roster-count-label" }, S[status]));
      button.addEventListener("click", () => {
        /** @type {HTMLSelectElement} */ ($("#roster-status-filter")).value = status;
        this.filter();
        $("#roster-list").scrollIntoView({ block: "start" });
      });
      return button;
    };
    $("#roster-summary").replaceChildren(
      el("p", { class: "roster-total", "data-count": String(summary.people) }, fill(S.people, { count: summary.people })),
      el("div", { class: "roster-counts" }, ...STATUSES.map((status) => item(status, summary[status] ?? 0))),
      el("p", { class: "hint roster-counts-hint" }, S.hint));
  }

  renderFilter() {
    const { L, $ } = this.page;
    const select = $("#roster-status-filter");
    const counts = /** @type {import("./roster.js").Report} */ (this.page.report).summary;
    select.replaceChildren(el("option", { value: "all" }, `${L.filter.all}（${counts.people}）`),
      ...STATUSES.map((s) => el("option", { value: s }, `${L.summary[s]}（${counts[s] ?? 0}）`)));
    /** @type {HTMLInputElement} */ ($("#roster-search")).value = "";
  }

  filter() {
    const { $ } = this.page;
    const status = /** @type {HTMLSelectElement} */ ($("#roster-status-filter")).value || "all";
    const query = /** @type {HTMLInputElement} */ ($("#roster-search")).value.trim();
    this.shown = filterPeople(this.page.people, status, query);
    this.number = 0;
    this.openRow = null;
    this.renderPage();
  }

  /** @param {number} step -1 for the page before, 1 for the next */
  turn(step) {
    const pages = pagesOf(this.shown.length);
    this.number = Math.min(pages - 1, Math.max(0, this.number + step));
    this.openRow = null;
    this.renderPage();
    this.page.$("#roster-list").scrollIntoView({ block: "start" });
  }

  renderPage() {
    const { L, $ } = this.page;
    const F = L.filter;
    const pages = pagesOf(this.shown.length);
    const first = this.number * PAGE_SIZE;
    const rows = this.shown.slice(first, first + PAGE_SIZE);
    const body = $("#roster-table tbody");
    body.replaceChildren(...rows.flatMap((p) => this.rowsOf(p)));
    $("#roster-shown").textContent = this.shown.length
      ? fill(F.shown, { from: first + 1, to: first + rows.length, count: this.shown.length }) : F.none;
    $("#roster-page").textContent = fill(L.page.of, { page: this.number + 1, pages });
    /** @type {HTMLButtonElement} */ ($("#roster-prev")).disabled = this.number === 0;
    /** @type {HTMLButtonElement} */ ($("#roster-next")).disabled = this.number >= pages - 1;
    $(".roster-pages").hidden = pages === 1;
  }

  /**
   * A person's row, and their full result's row under it when it is open.
   * @param {Listed} p
   * @returns {HTMLTableRowElement[]}
   */
  rowsOf(p) {
    const L = this.page.L;
    const { person } = p;
    const { index } = p;
    const open = this.openRow === index;
    const name = el("button", { type: "button", class: "roster-name", "data-open": String(index), "aria-expanded": String(open),
      title: open ? L.close : L.open }, p.name || L.none);
    /** @type {Record<string, string | Node | (string | Node)[]>} */
    const cells = {
      row: String(person.row),
      name: [name, this.page.showUnits && person.unit ? el("span", { class: "roster-unit" }, String(person.unit)) : ""],
      status: el("span", { class: `roster-status status-${p.status}` }, p.status === "errors" ? L.errorStatus : L.result.status[p.status]),
      shortfall: shortfallOf(p, L),
      todo: this.todoOf(p),
      clauses: (person.clauses || []).map((c) => L.result.clauseLabels[c] || c).join("、"),
    };
    // An error row's problems stand where the shortfall would, under their own name.
    const label = (/** @type {string} */ key) => L.column[key === "shortfall" && p.status === "errors" ? "problem" : key];
    const tr = el("tr", { "data-status": p.status, "data-row": String(person.row), class: open ? "open" : "" },
      ...Object.entries(cells).map(([key, value]) => el("td", { class: `col-${key}`, "data-label": label(key) }, ...[value].flat())));
    if (!open) return [tr];
    return [tr, el("tr", { class: "roster-detail" }, el("td", { colspan: "6" }, this.detailOf(p)))];
  }

  /**
   * What is still to study, a line each.
   * @param {Listed} p
   */
  todoOf(p) {
    const page = this.page;
    return todoLines(p, page.L, page.report?.notice || page.notice).map((line) => el("span", { class: "roster-todo-line" }, line));
  }

  /** @param {number} index the person whose full result opens or closes */
  toggle(index) {
    this.openRow = this.openRow === index ? null : index;
    this.renderPage();
    const button = /** @type {HTMLButtonElement | null} */ (this.page.root.querySelector(`button[data-open="${index}"]`));
    button?.focus({ preventScroll: true });
    if (this.openRow !== null) button?.closest("tr")?.scrollIntoView({ block: "nearest" });
  }

  /**
   * @param {Listed} p
   * @returns {HTMLElement}
   */
  detailOf(p) {
    const page = this.page;
    if (p.status === "errors") {
      return el("div", { class: "roster-detail-body" }, el("ul", { class: "roster-detail-errors" },
        ...errorTexts(p.person, page.L).map((text) => el("li", {}, text))));
    }
    // The person's full result stays in the worker until it is opened (one at a time here).
    const body = el("div", { class: "roster-detail-body", "aria-busy": "true" }, el("p", { class: "result-waiting" }, "\u00a0"));
    const show = (/** @type {import("../calculator/result-view.js").Result} */ result) => {
      body.removeAttribute("aria-busy");
      body.replaceChildren(...renderResult(result, page.L.result, {
        notice: page.report?.notice || page.notice,
        clauseHref: (clause) => `../notice/#c-${clause.replaceAll(".", "-")}`,
        platformsHref: "../platforms/",
      }));
    };
    if (this.explained?.index === p.index) show(this.explained.result);
    else {
      page.ask({ type: "explain", index: p.index }).then((answer) => {
        if (answer.type !== "explained" || !page.report) return;
        this.explained = { index: p.index, result: JSON.parse(answer.json) };
        show(this.explained.result);
      });
    }
    return body;
  }
}
