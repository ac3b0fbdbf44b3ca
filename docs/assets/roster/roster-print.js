// @ts-check
// What leaves the roster page: the A4 print of the check (roster.css prints only this, while
// there are results) and the exports that the worker writes (.xlsx, .csv), downloaded here.

import { el, fill, formatDate, today } from "../shared/dom.js";
import { shortfallOf, todoLines } from "./person-text.js";
import { STATUSES } from "./roster-table.js";
import { warningItems } from "./reading-view.js";

/** @typedef {import("./roster.js").RosterPage} RosterPage */

const SKIPPED_PRINTED = 10;
const TYPES = { xlsx: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", csv: "text/csv" };

/**
 * The print section: the file, the day the check was made as of, the reader's warnings, the
 * summary and the not-met list. Made again just before printing, so that its date is today's.
 * @param {RosterPage} page
 */
export function buildPrint(page) {
  const { L, $ } = page;
  const report = /** @type {import("./roster.js").Report} */ (page.report);
  const P = L.print;
  const S = L.summary;
  const summary = report.summary;
  const notMet = page.people.filter((p) => p.status === "not_met");
  const notice = report.notice || page.notice;
  const cell = (/** @type {string} */ tag, /** @type {(string | Node)[]} */ ...children) =>
    el(/** @type {"th" | "td"} */ (tag), tag === "th" ? { scope: "col" } : {}, ...children);
  const list = notMet.length ? el("table", { class: "roster-print-list" },
    el("thead", {}, el("tr", {}, ...["row", "name", "shortfall", "todo"].map((k) => cell("th", L.column[k])))),
    el("tbody", {}, ...notMet.map((p) => el("tr", {}, cell("td", String(p.person.row)),
      cell("td", p.name + (p.person.unit ? `（${p.person.unit}）` : "")), cell("td", shortfallOf(p, L)),
      cell("td", ...todoLines(p, L, notice).map((line) => el("span", { class: "roster-todo-line" }, line)))))))
    : el("p", {}, P.noneNotMet);
  const files = [fill(P.file, { name: page.file?.name || "" })];
  if (page.records && page.recordsUsed) files.push(fill(P.recordsFile, { name: page.records.name }));
  const warnings = report.warnings || [];
  const date = (/** @type {string} */ iso) => formatDate(iso, L.result);
  $("#roster-print-out").replaceChildren(
    el("h2", {}, fill(P.title, { notice })),
    el("p", {}, files.join("　")),
    el("p", {}, fill(P.asOf, { date: date(page.asOf || today()) }), "　", fill(P.printedOn, { date: date(today()) })),
    ...(warnings.length
      ? [el("h3", {}, P.warnings), el("ul", { class: "roster-print-warnings" }, ...warningItems(warnings, L.reading, SKIPPED_PRINTED, false))] : []),
    el("table", { class: "roster-print-summary" }, el("tbody", {},
      el("tr", {}, cell("th", fill(S.people, { count: summary.people })), ...STATUSES.map((s) => cell("td", `${S[s]} ${summary[s] ?? 0}`))))),
    el("h3", {}, fill(P.notMet, { count: notMet.length })),
    list,
    el("p", {}, P.reading),
  );
  page.root.classList.add("roster-printable");
}

/**
 * The results as a file the worker writes, downloaded under the page's name for it.
 * @param {RosterPage} page
 * @param {"xlsx" | "csv"} kind
 */
export async function exportResults(page, kind) {
  if (!page.report) return;
  const { L, $ } = page;
  const said = [page.status.textContent, page.status.className];
  const answer = await page.ask({ type: "export", kind, maskIds: !/** @type {HTMLInputElement} */ ($("#roster-full-ids")).checked });
  // The status said that the .xlsx writer was loading: back to what it said before.
  if (page.status.textContent === L.loading.writer) page.say(String(said[0]), said[1].replace("roster-status-", ""));
  if (answer.type !== "exported") {
    console.error("roster export:", answer.message);
    page.say(L.failed.export, "error");
    return;
  }
  const href = URL.createObjectURL(new Blob([answer.bytes], { type: TYPES[kind] }));
  const link = el("a", { href, download: `${fill(L.exportName, { notice: page.notice, date: today() })}.${kind}`, hidden: "" });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(href), 10_000);
}
