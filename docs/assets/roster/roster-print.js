// @ts-check
// What leaves the roster page: the A4 print of the check (roster.css prints only this, while
// there are results) and the exports that the worker writes (.xlsx, .csv), downloaded here.
// In a chat app's browser (WeChat), where a download does nothing, the page says to open it
// in a browser and offers the results (and the CSV template) as text to copy.

import { el, fill, formatDate, today } from "../shared/dom.js";
import { csvToTsv } from "../shared/copy-text.js";
import { inAppBrowser, inAppNotice, saveFile } from "../shared/inapp.js";
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
  const app = inAppBrowser();
  // No file can be saved here: the results come as the CSV's text, which pastes into cells.
  const asked = app ? "csv" : kind;
  const said = [page.status.textContent, page.status.className];
  const answer = await page.ask({ type: "export", kind: asked, maskIds: !/** @type {HTMLInputElement} */ ($("#roster-full-ids")).checked });
  // The status said that the .xlsx writer was loading: back to what it said before.
  if (page.status.textContent === L.loading.writer) page.say(String(said[0]), said[1].replace("roster-status-", ""));
  if (answer.type !== "exported") {
    console.error("roster export:", answer.message);
    page.say(L.failed.export, "error");
    return;
  }
  if (app) {
    const text = csvToTsv(new TextDecoder().decode(answer.bytes));
    const T = /** @type {{ inApp: import("../shared/inapp.js").InAppLabels, inAppResults: string }} */ (/** @type {unknown} */ (L));
    showInApp(page.root, inAppNotice(app, "download", text, T.inApp, T.inAppResults));
    return;
  }
  saveFile(new Blob([answer.bytes], { type: TYPES[kind] }), `${fill(L.exportName, { notice: page.notice, date: today() })}.${kind}`);
}

/**
 * The message in place of a download, under the buttons that asked for it.
 * @param {HTMLElement} root the roster's element
 * @param {HTMLElement} notice
 */
function showInApp(root, notice) {
  root.querySelector(".roster-in-app")?.remove();
  const box = el("div", { class: "roster-in-app", role: "status" }, notice);
  const place = root.querySelector(".roster-export-hint") || root.querySelector(".roster-templates");
  if (place) place.after(box);
}

/**
 * A template link in a chat app's browser: the CSV template's text (as tab-separated
 * lines), or for the .xlsx the file's address to open in a browser.
 * @param {HTMLAnchorElement} link
 * @param {HTMLElement} root
 * @param {string} app
 */
async function templateInApp(link, root, app) {
  const L = JSON.parse(String(root.dataset.labels));
  const place = /** @type {HTMLElement} */ (link.closest(".roster-templates"));
  const show = (/** @type {HTMLElement} */ notice) => {
    root.querySelector(".roster-in-app")?.remove();
    place.after(el("div", { class: "roster-in-app", role: "status" }, notice));
  };
  if (link.pathname.endsWith(".csv")) {
    try {
      const response = await fetch(link.href);
      if (response.ok) {
        show(inAppNotice(app, "download", csvToTsv(await response.text()), L.inApp, L.inAppTemplate));
        return;
      }
    } catch {
      // offline and not kept: the address below still serves once the reader is online
    }
  }
  show(inAppNotice(app, "download", link.href, L.inApp, L.inAppAddress));
}

// The template links are plain links of the page (no script is needed to download them in a
// browser); in a chat app's browser a click on one would do nothing, so it is answered here.
// Listened to on the document: the page's links are there before, and after, any script
// attaches to the page. (Not where there is no page: the unit tests import under Node.)
globalThis.document?.addEventListener("click", (event) => {
  // 「清除」 promises that nothing of the file is left on the page: its text to copy neither.
  if (/** @type {Element} */ (event.target).closest?.("#roster #roster-clear")) document.querySelector(".roster-in-app")?.remove();
  const link = /** @type {Element} */ (event.target).closest?.(".roster-templates a[download]");
  const root = /** @type {HTMLElement | null} */ (link?.closest("#roster") || null);
  const app = inAppBrowser();
  if (!link || !root || !app) return;
  event.preventDefault();
  templateInApp(/** @type {HTMLAnchorElement} */ (link), root, app);
});
// A next file: the text of the one before goes with its results.
globalThis.document?.addEventListener("change", (event) => {
  if (/** @type {Element} */ (event.target).closest?.("#roster-file, #roster-records")) document.querySelector(".roster-in-app")?.remove();
});
