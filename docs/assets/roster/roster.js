// @ts-check
// The unit's roster page (單位批量自查): a file in, every person's result out, in this
// browser only. The file is read and checked in a worker (worker.js) by the same Python as the
// command line; this module holds the page's state and talks to the worker, and its parts show
// the results: roster-table.js (the summary, the filter and the table of people),
// reading-view.js (the errors, warnings and the columns read), roster-print.js (printing and
// exports). Nothing is stored: no local storage, no IndexedDB, no cache, no address;
// 「清除」 and leaving the page drop the file and the results. No Chinese here: every text is
// one of the page's labels (scripts/site_builder/labels.py, ROSTER).

import { attachPage, el, fill, listen, today } from "../shared/dom.js";
import { RosterTable } from "./roster-table.js";
import { renderErrors, renderReading } from "./reading-view.js";
import { buildPrint, exportResults } from "./roster-print.js";

/** @typedef {import("./person-text.js").Person} Person */
/** @typedef {import("./person-text.js").Listed} Listed */
/** @typedef {{ kind: string, message: string, row?: number, letter?: string, sheet?: string }} Warning */
/**
 * The worker's report of a roster (CONTRACT.md "A unit's roster"), or why it could not be read.
 * @typedef {{
 *   unreadable?: string,
 *   notice?: number,
 *   people: Person[],
 *   summary: { people: number, [status: string]: number },
 *   unmatched_records?: { text?: string, message: string }[],
 *   warnings?: Warning[],
 *   columns?: { sheet: string, letter: string, number: number, header: string, read_as: string | null, hidden: boolean }[],
 * }} Report
 */
/** @typedef {Record<string, string>} Texts */
/**
 * The page's texts (scripts/site_builder/labels.py, ROSTER).
 * @typedef {import("./person-text.js").PersonLabels & {
 *   column: Texts, loading: Texts, failed: Texts, summary: Texts, filter: Texts, page: Texts,
 *   reading: Texts, print: Texts, chosen: string, errorOf: string, errorsTitle: string,
 *   errorsMore: string, exportName: string, none: string, open: string, close: string,
 *   errorStatus: string,
 * }} Labels
 */
/** A message from the worker (worker.js lists them). @typedef {Record<string, any>} Answer */

const LOAD_LIMIT_MS = 90_000;
// How each engine words a fetch that found no network: Chromium, Firefox, WebKit.
const NETWORK_FAILURE = /Failed to fetch|NetworkError|Load failed|ERR_INTERNET_DISCONNECTED/i;
const EXPORTS = ["#roster-export-xlsx", "#roster-export-csv", "#roster-print", "#roster-clear"];

export class RosterPage {
  /** @param {HTMLElement} root */
  constructor(root) {
    this.root = root;
    /** @type {Labels} */
    this.L = JSON.parse(String(root.dataset.labels));
    this.notice = Number(root.dataset.notice);
    this.script = document.documentElement.lang.toLowerCase().includes("hant") ? "hant" : "hans";
    /** One of the page's own elements (always there). */
    this.$ = (/** @type {string} */ selector) => /** @type {HTMLElement} */ (root.querySelector(selector));
    this.status = this.$("#roster-status");
    this.bar = /** @type {HTMLProgressElement} */ (this.$("#roster-progress"));
    this.nextId = 1;
    this.checking = 0; // the id of the check whose answer is awaited
    /** @type {Map<number, (answer: Answer) => void>} export id -> resolve */
    this.pending = new Map();
    /** @type {File | null} */
    this.file = null;
    /** @type {File | null} */
    this.records = null;
    this.recordsUsed = false;
    /** @type {Report | null} */
    this.report = null;
    /** @type {Listed[]} */
    this.people = [];
    this.showUnits = false;
    /** @type {string | undefined} the day the check was made as of */
    this.asOf = undefined;
    this.ready = false;
    this.cleared = false;
    /** @type {Worker | undefined} */
    this.worker = undefined;
    /** @type {ReturnType<typeof setTimeout> | undefined} */
    this.timer = undefined;
    this.table = new RosterTable(this);
    /** @type {(event: DragEvent) => void} A file dropped beside the box would make the browser open it instead of the page. */
    this.onWindowDrop = (event) => { if (event.dataTransfer?.types?.includes("Files")) event.preventDefault(); };
    // The browser's own print (its menu, Ctrl+P, a phone's share → print) prints what the
    // button prints: the section is kept built while results are shown, and made again just
    // before printing, so that its printing date is today's.
    this.beforePrint = () => this.report && buildPrint(this);
  }

  start() {
    this.boot();
    const on = listen(this.root);
    /** @param {Event} event */
    const chosen = (event) => /** @type {HTMLInputElement} */ (event.target).files?.[0];
    // A records file goes with the roster it was chosen for: a next roster starts without it
    // (an .xlsx has its own 學習記錄 sheet), unless it is chosen before that roster.
    on("#roster-file", "change", (event) => {
      const file = chosen(event);
      if (file) this.choose(file, this.recordsUsed ? null : this.records);
    });
    on("#roster-records", "change", (event) => {
      this.records = chosen(event) || null;
      this.recordsUsed = false;
      if (this.file) this.choose(this.file, this.records);
    });
    const drop = this.$("#roster-drop");
    drop.addEventListener("dragover", (event) => { event.preventDefault(); drop.classList.add("dragging"); });
    drop.addEventListener("dragleave", () => drop.classList.remove("dragging"));
    drop.addEventListener("drop", (event) => {
      event.preventDefault();
      drop.classList.remove("dragging");
      const [file, records] = /** @type {DataTransfer} */ (event.dataTransfer).files;
      if (file) this.choose(file, records || (this.recordsUsed ? null : this.records));
    });
    window.addEventListener("dragover", this.onWindowDrop);
    window.addEventListener("drop", this.onWindowDrop);
    on("#roster-status-filter", "change", () => this.table.filter());
    on("#roster-search", "input", () => this.table.filter());
    on("#roster-prev", "click", () => this.table.turn(-1));
    on("#roster-next", "click", () => this.table.turn(1));
    on("#roster-export-xlsx", "click", () => exportResults(this, "xlsx"));
    on("#roster-export-csv", "click", () => exportResults(this, "csv"));
    on("#roster-print", "click", () => this.print());
    on("#roster-clear", "click", () => this.clear());
    on("#roster-table", "click", (event) => {
      const button = /** @type {HTMLElement | null} */ (/** @type {Element} */ (event.target).closest("button[data-open]"));
      if (button) this.table.toggle(Number(button.dataset.open));
    });
    this.$("#roster-table thead tr").append(...["row", "name", "status", "shortfall", "todo", "clauses"]
      .map((key) => el("th", { scope: "col", class: `col-${key}` }, this.L.column[key])));
    window.addEventListener("beforeprint", this.beforePrint);
  }

  detach() {
    // Leaving the page (Material's instant navigation keeps the tab): nothing stays behind.
    this.worker?.terminate();
    clearTimeout(this.timer);
    window.removeEventListener("dragover", this.onWindowDrop);
    window.removeEventListener("drop", this.onWindowDrop);
    window.removeEventListener("beforeprint", this.beforePrint);
    this.people = [];
    this.table.shown = [];
    this.report = this.file = this.records = null;
  }

  // --- the worker ------------------------------------------------------------------------
  boot() {
    if (typeof WebAssembly !== "object") return this.fail("nowasm");
    const d = this.root.dataset;
    const absolute = (/** @type {string | undefined} */ path) => new URL(/** @type {string} */ (path), location.href).href;
    const worker = this.worker = new Worker(new URL("worker.js", import.meta.url), { type: "module" });
    worker.onmessage = ({ data }) => this.receive(data);
    worker.onerror = (event) => this.fail("error", event.message || "");
    this.timer = setTimeout(() => !this.ready && this.fail("timeout"), LOAD_LIMIT_MS);
    this.setState("loading");
    worker.postMessage({ type: "init", runtime: absolute(d.runtime), calculator: absolute(d.calculator), roster: absolute(d.roster),
      lock: d.lock, calculatorPackage: d.calculatorPackage, package: d.package, notice: this.notice, today: today(), script: this.script,
      // A worker of a page that the site's service worker controls fetches through it: what it
      // fetches is kept for offline use (worker.js keepForOffline).
      offline: Boolean(navigator.serviceWorker?.controller) });
  }

  /** @param {Answer} data */
  receive(data) {
    const L = this.L.loading;
    if (data.type === "stage") {
      performance.mark(`roster-${data.stage}`); // phases, for scripts/bench_roster_ready.py
      // A library loaded for a check or an export says so; the start's steps only while no file waits.
      const text = L[data.stage];
      if (text && (data.id ? data.id === this.checking || this.pending.has(data.id) : !this.file && !this.cleared)) this.say(text);
    } else if (data.type === "ready") {
      this.cleared = false;
      performance.mark("roster-ready");
      this.ready = true;
      clearTimeout(this.timer);
      if (this.root.dataset.state === "loading") {
        this.setState("ready");
        this.say(L.ready);
        this.progress(false);
      }
    } else if (data.type === "failed") this.fail("error", data.message);
    else if (data.type === "progress" && data.id === this.checking) {
      this.progress(data.total ? data.done / data.total : null);
      this.say(fill(L.checking, { done: data.done, total: data.total }));
    } else if (data.type === "report" && data.id === this.checking) this.show(data.json);
    else if (data.type === "exported" || data.type === "explained" || data.type === "error") {
      const resolve = this.pending.get(data.id);
      this.pending.delete(data.id);
      if (resolve) resolve(data);
      else if (data.type === "error" && data.id === this.checking) {
        this.crashed(data.message);
        if (data.library) this.say(this.L.failed.library, "error"); // the network, not the file
      }
    }
  }

  /**
   * @param {string} kind
   * @param {string} [detail]
   */
  fail(kind, detail = "") {
    clearTimeout(this.timer);
    // Offline, what failed to load was never kept on this device: the roster's libraries are
    // kept once the page has been used online (worker.js keepForOffline), not by other pages.
    if ((kind === "error" || kind === "timeout") && (navigator.onLine === false || NETWORK_FAILURE.test(detail))) kind = "offline";
    if (detail) console.error("roster:", detail); // for whoever reports it; the reader gets words
    this.setState("failed");
    this.progress(false);
    this.say(fill(this.L.failed[kind], { seconds: LOAD_LIMIT_MS / 1000 }), "error");
  }

  /** @param {string} state */
  setState(state) {
    this.root.dataset.state = state;
  }

  /**
   * @param {string} text
   * @param {string} [kind] "error", or none
   */
  say(text, kind = "") {
    this.status.textContent = text;
    this.status.className = kind ? `roster-status-${kind}` : "";
  }

  /**
   * A fraction from 0 to 1, null while the size of the work is unknown (the bar moves on its
   * own), false to hide it (its room stays: nothing below moves).
   * @param {number | null | false} value
   */
  progress(value) {
    this.bar.classList.toggle("idle", value === false);
    if (value === null || value === false) this.bar.removeAttribute("value");
    else this.bar.value = value;
  }

  // --- a file ----------------------------------------------------------------------------
  /**
   * @param {File} file the roster
   * @param {File | null} records a records file that goes with it
   */
  choose(file, records) {
    if (this.root.dataset.state === "failed") return; // the page says why, and to reload it
    if (this.root.dataset.state === "checking") this.restart(); // the check under way is stopped
    performance.clearMarks("roster-table-shown");
    performance.mark("roster-file-chosen");
    this.file = file;
    this.records = records || null;
    this.recordsUsed = Boolean(records);
    if (!records) /** @type {HTMLInputElement} */ (this.$("#roster-records")).value = "";
    const id = this.checking = this.nextId++;
    this.clearResults();
    this.$("#roster-file-name").textContent = fill(this.L.chosen, { name: file.name });
    this.$("#roster-records-name").textContent = records ? fill(this.L.chosen, { name: records.name }) : "";
    this.setState(this.ready ? "checking" : "loading");
    this.say(this.ready ? fill(this.L.loading.reading, { name: file.name }) : this.L.loading.waitFile);
    this.progress(null);
    /** @type {HTMLButtonElement} */ (this.$("#roster-clear")).disabled = false; // 「清除」 also stops a check under way
    // The files themselves (handles, not their bytes): the worker reads them.
    /** @type {Worker} */ (this.worker).postMessage({ type: "check", id, file, name: file.name, records: records || undefined, recordsName: records?.name,
      today: (this.asOf = today()), notice: this.notice, script: this.script });
    // The worker answers once it is ready: say what it is doing then.
    if (!this.ready) {
      const waitReady = setInterval(() => {
        if (id !== this.checking || !this.ready) return;
        clearInterval(waitReady);
        if (this.root.dataset.state !== "done") this.say(fill(this.L.loading.reading, { name: file.name }));
      }, 100);
    }
  }

  /** @param {string} json the worker's report */
  show(json) {
    performance.mark("roster-report-received"); // phases, for scripts/bench_roster.py
    /** @type {Report} */
    const report = JSON.parse(json);
    if (report.unreadable) {
      this.setState("unreadable");
      this.progress(false);
      this.say(report.unreadable, "error");
      return;
    }
    this.report = report;
    // The unit under each name only when the roster has more than one.
    this.showUnits = new Set(report.people.map((p) => p.unit || "")).size > 1;
    this.people = report.people.map((person, index) => ({
      person,
      index,
      status: person.status,
      name: String(person.name ?? ""),
    }));
    this.table.renderSummary();
    this.table.renderFilter();
    this.table.filter();
    renderErrors(this);
    renderReading(this);
    for (const id of EXPORTS) /** @type {HTMLButtonElement} */ (this.$(id)).disabled = false;
    this.$("#roster-list").hidden = false;
    this.progress(false);
    this.say(fill(this.L.loading.done, { name: this.file?.name || "", people: report.summary.people }));
    const shown = this.checking;
    requestAnimationFrame(() => {
      // A file chosen meanwhile (the records file right after the roster) started another check:
      // this table is already gone, and that check will say when it is done.
      if (shown !== this.checking) return;
      performance.mark("roster-table-shown");
      this.setState("done");
      buildPrint(this);
    });
  }

  /** @param {string} message */
  crashed(message) {
    console.error("roster:", message); // for whoever reports it; the reader gets words
    this.setState("unreadable");
    this.progress(false);
    this.say(this.L.failed.crashed, "error");
  }

  // 「打印」: the print section is already built (buildPrint), as for the browser's own print.
  print() {
    if (this.report) window.print();
  }

  /**
   * A question to the worker; the answer's message, whatever its type.
   * @param {Record<string, unknown>} message
   * @returns {Promise<Answer>}
   */
  ask(message) {
    const id = this.nextId++;
    return new Promise((resolve) => {
      this.pending.set(id, resolve);
      /** @type {Worker} */ (this.worker).postMessage({ ...message, id });
    });
  }

  clearResults() {
    this.report = null;
    this.people = [];
    this.table.clear();
    this.$("#roster-summary").replaceChildren(el("p", { class: "result-waiting" }, "\u00a0"));
    this.$("#roster-table tbody").replaceChildren();
    this.$("#roster-list").hidden = true;
    this.$("#roster-errors").hidden = true;
    this.$("#roster-errors ul").replaceChildren();
    this.$("#roster-print-out").replaceChildren();
    this.root.classList.remove("roster-printable");
    this.$("#roster-warnings").hidden = true;
    this.$("#roster-warnings ul").replaceChildren();
    this.$("#roster-read-columns").hidden = true;
    this.$("#roster-read-columns .roster-read-body").replaceChildren();
    for (const id of EXPORTS) /** @type {HTMLButtonElement} */ (this.$(id)).disabled = true;
  }

  clear() {
    this.checking = this.nextId++; // an answer still on its way is dropped
    this.restart();
    this.clearResults();
    this.file = this.records = null;
    /** @type {HTMLInputElement} */ (this.$("#roster-file")).value = "";
    /** @type {HTMLInputElement} */ (this.$("#roster-records")).value = "";
    this.$("#roster-file-name").textContent = "\u00a0";
    this.$("#roster-records-name").textContent = "";
    /** @type {HTMLInputElement} */ (this.$("#roster-full-ids")).checked = false;
    /** @type {HTMLInputElement} */ (this.$("#roster-search")).value = ""; // a name typed to find a row is a name of the roster too
    /** @type {HTMLSelectElement} */ (this.$("#roster-status-filter")).value = "all";
    this.$("#roster-summary").replaceChildren(el("p", { class: "result-waiting" }, this.L.loading.cleared));
    this.progress(false);
    this.cleared = true; // the new worker's steps are not a first download: say only that it restarts
    this.say(this.L.loading.restarting);
  }

  // A fresh worker in place of the one that read the file: the only way to give its memory
  // back (a WebAssembly heap never shrinks, and it held the file, the names and the results)
  // and to stop a check under way. Its files come from the browser's cache: nothing is
  // downloaded again.
  restart() {
    this.worker?.terminate();
    clearTimeout(this.timer);
    this.ready = false;
    for (const resolve of this.pending.values()) resolve({ type: "error", message: "restarted" });
    this.pending.clear();
    this.boot();
  }
}

// A page without the roster detaches it: its worker and everything it held go.
attachPage("roster", (root) => new RosterPage(root));
