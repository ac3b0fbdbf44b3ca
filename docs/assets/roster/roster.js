// The unit's roster page (單位批量自查): a file in, every person's result out, in this
// browser only. The file is read and checked in a worker (worker.js) by the same Python as the
// command line; the page shows the summary, a table of every person (a page of rows at a
// time, so that 10,000 people stay fast), a person's full explanation (the calculator's own
// result view), the errors, exports and printing. Nothing is stored: no local storage, no
// IndexedDB, no cache, no address; 「清除」 and leaving the page drop the file and the results.
// No Chinese here: every text is one of the page's labels (roster_page.py).

import { el, fill, formatDate, renderResult } from "../calculator/result-view.js";

const PAGE_SIZE = 50;
const MAX_ERRORS_LISTED = 300;
const SKIPPED_LISTED = 5; // skipped rows listed before the rest fold away (on paper: listed, then counted)
const SKIPPED_PRINTED = 10;
const COLUMNS_OPEN = 12; // the columns read are shown unfolded up to this many (always when there are warnings)
const LOAD_LIMIT_MS = 90_000;
// How each engine words a fetch that found no network: Chromium, Firefox, WebKit.
const NETWORK_FAILURE = /Failed to fetch|NetworkError|Load failed|ERR_INTERNET_DISCONNECTED/i;
const STATUSES = ["met", "not_met", "not_required", "not_limiting", "errors"];
let current = null; // the roster page on screen, if any

function attach() {
  const root = document.getElementById("roster");
  if (current && current.root !== root) {
    current.detach();
    current = null;
  }
  if (!root || root.dataset.attached) return;
  root.dataset.attached = "1";
  current = new RosterPage(root);
  current.start();
}

class RosterPage {
  constructor(root) {
    this.root = root;
    this.L = JSON.parse(root.dataset.labels);
    this.notice = Number(root.dataset.notice);
    this.script = document.documentElement.lang.toLowerCase().includes("hant") ? "hant" : "hans";
    this.$ = (selector) => root.querySelector(selector);
    this.status = this.$("#roster-status");
    this.bar = this.$("#roster-progress");
    this.nextId = 1;
    this.checking = 0; // the id of the check whose answer is awaited
    this.pending = new Map(); // export id -> resolve
    this.file = null;
    this.records = null;
    this.people = [];
    this.shown = [];
    this.page = 0;
    this.openRow = null;
  }

  start() {
    this.boot();
    const on = (selector, event, handler) => this.$(selector).addEventListener(event, handler);
    // A records file goes with the roster it was chosen for: a next roster starts without it
    // (an .xlsx has its own 學習記錄 sheet), unless it is chosen before that roster.
    on("#roster-file", "change", (event) => event.target.files[0] && this.choose(event.target.files[0], this.recordsUsed ? null : this.records));
    on("#roster-records", "change", (event) => {
      this.records = event.target.files[0] || null;
      this.recordsUsed = false;
      if (this.file) this.choose(this.file, this.records);
    });
    const drop = this.$("#roster-drop");
    drop.addEventListener("dragover", (event) => { event.preventDefault(); drop.classList.add("dragging"); });
    drop.addEventListener("dragleave", () => drop.classList.remove("dragging"));
    drop.addEventListener("drop", (event) => {
      event.preventDefault();
      drop.classList.remove("dragging");
      const [file, records] = event.dataTransfer.files;
      if (file) this.choose(file, records || (this.recordsUsed ? null : this.records));
    });
    // A file dropped beside the box would make the browser open it instead of the page.
    this.onWindowDrop = (event) => { if (event.dataTransfer?.types?.includes("Files")) event.preventDefault(); };
    window.addEventListener("dragover", this.onWindowDrop);
    window.addEventListener("drop", this.onWindowDrop);
    on("#roster-status-filter", "change", () => this.filter());
    on("#roster-search", "input", () => this.filter());
    on("#roster-prev", "click", () => this.turn(-1));
    on("#roster-next", "click", () => this.turn(1));
    on("#roster-export-xlsx", "click", () => this.export("xlsx"));
    on("#roster-export-csv", "click", () => this.export("csv"));
    on("#roster-print", "click", () => this.print());
    on("#roster-clear", "click", () => this.clear());
    on("#roster-table", "click", (event) => {
      const button = event.target.closest("button[data-open]");
      if (button) this.toggle(Number(button.dataset.open));
    });
    this.$("#roster-table thead tr").append(...["row", "name", "status", "shortfall", "todo", "clauses"]
      .map((key) => el("th", { scope: "col", class: `col-${key}` }, this.L.column[key])));
    // The browser's own print (its menu, Ctrl+P, a phone's share → print) prints what the
    // button prints: the section is kept built while results are shown, and made again just
    // before printing, so that its printing date is today's.
    this.beforePrint = () => this.report && this.buildPrint();
    window.addEventListener("beforeprint", this.beforePrint);
  }

  detach() {
    // Leaving the page (Material's instant navigation keeps the tab): nothing stays behind.
    this.worker?.terminate();
    clearTimeout(this.timer);
    window.removeEventListener("dragover", this.onWindowDrop);
    window.removeEventListener("drop", this.onWindowDrop);
    window.removeEventListener("beforeprint", this.beforePrint);
    this.people = this.shown = [];
    this.report = this.file = this.records = null;
  }

  // --- the worker ------------------------------------------------------------------------
  boot() {
    if (typeof WebAssembly !== "object") return this.fail("nowasm");
    const d = this.root.dataset;
    const absolute = (path) => new URL(path, location.href).href;
    this.worker = new Worker(new URL("worker.js", import.meta.url), { type: "module" });
    this.worker.onmessage = ({ data }) => this.receive(data);
    this.worker.onerror = (event) => this.fail("error", event.message || "");
    this.timer = setTimeout(() => !this.ready && this.fail("timeout"), LOAD_LIMIT_MS);
    this.setState("loading");
    this.worker.postMessage({ type: "init", runtime: absolute(d.runtime), calculator: absolute(d.calculator), roster: absolute(d.roster),
      lock: d.lock, calculatorPackage: d.calculatorPackage, package: d.package, notice: this.notice, today: today(), script: this.script,
      // A worker of a page that the site's service worker controls fetches through it: what it
      // fetches is kept for offline use (worker.js keepForOffline).
      offline: Boolean(navigator.serviceWorker?.controller) });
  }

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

  setState(state) {
    this.root.dataset.state = state;
  }

  say(text, kind = "") {
    this.status.textContent = text;
    this.status.className = kind ? `roster-status-${kind}` : "";
  }

  // A fraction from 0 to 1, null while the size of the work is unknown (the bar moves on its
  // own), false to hide it (its room stays: nothing below moves).
  progress(value) {
    this.bar.classList.toggle("idle", value === false);
    if (value === null || value === false) this.bar.removeAttribute("value");
    else this.bar.value = value;
  }

  // --- a file ----------------------------------------------------------------------------
  choose(file, records) {
    if (this.root.dataset.state === "failed") return; // the page says why, and to reload it
    if (this.root.dataset.state === "checking") this.restart(); // the check under way is stopped
    performance.clearMarks("roster-table-shown");
    performance.mark("roster-file-chosen");
    this.file = file;
    this.records = records || null;
    this.recordsUsed = Boolean(records);
    if (!records) this.$("#roster-records").value = "";
    const id = this.checking = this.nextId++;
    this.clearResults();
    this.$("#roster-file-name").textContent = fill(this.L.chosen, { name: file.name });
    this.$("#roster-records-name").textContent = records ? fill(this.L.chosen, { name: records.name }) : "";
    this.setState(this.ready ? "checking" : "loading");
    this.say(this.ready ? fill(this.L.loading.reading, { name: file.name }) : this.L.loading.waitFile);
    this.progress(null);
    this.$("#roster-clear").disabled = false; // 「清除」 also stops a check under way
    // The files themselves (handles, not their bytes): the worker reads them.
    this.worker.postMessage({ type: "check", id, file, name: file.name, records: records || undefined, recordsName: records?.name,
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

  show(json) {
    performance.mark("roster-report-received"); // phases, for scripts/bench_roster.py
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
    this.renderSummary();
    this.renderFilter();
    this.filter();
    this.renderErrors();
    this.renderReading();
    for (const id of ["#roster-export-xlsx", "#roster-export-csv", "#roster-print", "#roster-clear"]) this.$(id).disabled = false;
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
      this.buildPrint();
    });
  }

  crashed(message) {
    console.error("roster:", message); // for whoever reports it; the reader gets words
    this.setState("unreadable");
    this.progress(false);
    this.say(this.L.failed.crashed, "error");
  }

  // --- the summary, the filter and the table ---------------------------------------------
  renderSummary() {
    const S = this.L.summary;
    const summary = this.report.summary;
    const item = (status, count) => {
      const button = el("button", { type: "button", class: `roster-count count-${status}`, "data-status": status, "data-count": String(count) },
        el("span", { class: "roster-count-number" }, String(count)), el("span", { class: "roster-count-label" }, S[status]));
      button.addEventListener("click", () => {
        this.$("#roster-status-filter").value = status;
        this.filter();
        this.$("#roster-list").scrollIntoView({ block: "start" });
      });
      return button;
    };
    this.$("#roster-summary").replaceChildren(
      el("p", { class: "roster-total", "data-count": String(summary.people) }, fill(S.people, { count: summary.people })),
      el("div", { class: "roster-counts" }, ...STATUSES.map((status) => item(status, summary[status] ?? 0))),
      el("p", { class: "hint roster-counts-hint" }, S.hint));
  }

  renderFilter() {
    const select = this.$("#roster-status-filter");
    const counts = this.report.summary;
    select.replaceChildren(el("option", { value: "all" }, `${this.L.filter.all}（${counts.people}）`),
      ...STATUSES.map((s) => el("option", { value: s }, `${this.L.summary[s]}（${counts[s] ?? 0}）`)));
    this.$("#roster-search").value = "";
  }

  filter() {
    const status = this.$("#roster-status-filter").value || "all";
    const query = this.$("#roster-search").value.trim();
    this.shown = this.people.filter((p) => (status === "all" || p.status === status) && (!query || p.name.includes(query)));
    this.page = 0;
    this.openRow = null;
    this.renderPage();
  }

  turn(step) {
    const pages = Math.max(1, Math.ceil(this.shown.length / PAGE_SIZE));
    this.page = Math.min(pages - 1, Math.max(0, this.page + step));
    this.openRow = null;
    this.renderPage();
    this.$("#roster-list").scrollIntoView({ block: "start" });
  }

  renderPage() {
    const F = this.L.filter;
    const pages = Math.max(1, Math.ceil(this.shown.length / PAGE_SIZE));
    const first = this.page * PAGE_SIZE;
    const rows = this.shown.slice(first, first + PAGE_SIZE);
    const body = this.$("#roster-table tbody");
    body.replaceChildren(...rows.flatMap((p) => this.rowsOf(p)));
    this.$("#roster-shown").textContent = this.shown.length
      ? fill(F.shown, { from: first + 1, to: first + rows.length, count: this.shown.length }) : F.none;
    this.$("#roster-page").textContent = fill(this.L.page.of, { page: this.page + 1, pages });
    this.$("#roster-prev").disabled = this.page === 0;
    this.$("#roster-next").disabled = this.page >= pages - 1;
    this.$(".roster-pages").hidden = pages === 1;
  }

  rowsOf(p) {
    const L = this.L;
    const { person } = p;
    const { index } = p;
    const open = this.openRow === index;
    const name = el("button", { type: "button", class: "roster-name", "data-open": String(index), "aria-expanded": String(open),
      title: open ? L.close : L.open }, p.name || L.none);
    const cells = {
      row: String(person.row),
      name: [name, this.showUnits && person.unit ? el("span", { class: "roster-unit" }, String(person.unit)) : ""],
      status: el("span", { class: `roster-status status-${p.status}` }, p.status === "errors" ? L.errorStatus : L.result.status[p.status]),
      shortfall: this.shortfallOf(p),
      todo: this.todoOf(p),
      clauses: (person.clauses || []).map((c) => L.result.clauseLabels[c] || c).join("、"),
    };
    // An error row's problems stand where the shortfall would, under their own name.
    const label = (key) => L.column[key === "shortfall" && p.status === "errors" ? "problem" : key];
    const tr = el("tr", { "data-status": p.status, "data-row": String(person.row), class: open ? "open" : "" },
      ...Object.entries(cells).map(([key, value]) => el("td", { class: `col-${key}`, "data-label": label(key) }, ...[value].flat())));
    if (!open) return [tr];
    return [tr, el("tr", { class: "roster-detail" }, el("td", { colspan: "6" }, this.detailOf(p)))];
  }

  shortfallOf(p) {
    if (p.status === "errors") return this.errorTexts(p.person).join("；");
    if (p.status !== "not_met") return "";
    const s = p.person.shortfall;
    const parts = [];
    if (s.public !== "0") parts.push(fill(this.L.shortfallPublic, { hours: s.public }));
    if (s.professional !== "0") parts.push(fill(this.L.shortfallProfessional, { hours: s.professional }));
    return parts.join(this.L.result.listSeparator);
  }

  // What is still to study, as the calculator's own to-do list says it (result-view.js): a line
  // per date, the notice year's own hours first, then each make-up year named as one
  // (「2025年11月30日前：2025年度公需科目還要學 6 學時；補學2023年度公需科目 20 學時」). A year
  // other than the notice's own is a make-up year: the engine lists no other year as still open.
  todoLines(p) {
    if (p.status !== "not_met") return [];
    const R = this.L.result;
    const notice = this.report?.notice || this.notice;
    const own = (item) => (item.year === notice ? 0 : 1);
    const byDate = new Map();
    for (const item of [...(p.person.to_study || [])].sort((a, b) => own(a) - own(b) || a.year - b.year)) {
      const text = fill(item.year === notice ? R.todoOwn : R.todoMakeUp, { year: item.year, subject: R.subject[item.subject], hours: item.hours });
      byDate.set(item.by, [...(byDate.get(item.by) || []), text]);
    }
    const lines = [...byDate].map(([by, texts]) => (by ? fill(R.todoBy, { date: formatDate(by, R) }) : "") + texts.join(R.todoSeparator));
    if (p.person.closed) lines.push(this.L.closedNote);
    return lines;
  }

  todoOf(p) {
    return this.todoLines(p).map((line) => el("span", { class: "roster-todo-line" }, line));
  }

  errorTexts(person) {
    return (person.errors || []).map((e) => e.text || fill(e.column ? this.L.errorLine : this.L.errorLineNoColumn,
      { row: person.row, column: e.column, message: e.message }));
  }

  toggle(index) {
    this.openRow = this.openRow === index ? null : index;
    this.renderPage();
    const button = this.$(`button[data-open="${index}"]`);
    button?.focus({ preventScroll: true });
    if (this.openRow !== null) button?.closest("tr").scrollIntoView({ block: "nearest" });
  }

  detailOf(p) {
    if (p.status === "errors") {
      return el("div", { class: "roster-detail-body" }, el("ul", { class: "roster-detail-errors" },
        ...this.errorTexts(p.person).map((text) => el("li", {}, text))));
    }
    // The person's full result stays in the worker until it is opened (one at a time here).
    const body = el("div", { class: "roster-detail-body", "aria-busy": "true" }, el("p", { class: "result-waiting" }, "\u00a0"));
    const show = (result) => {
      body.removeAttribute("aria-busy");
      body.replaceChildren(...renderResult(result, this.L.result, {
        notice: this.report.notice || this.notice,
        clauseHref: (clause) => `../notice/#c-${clause.replaceAll(".", "-")}`,
        platformsHref: "../platforms/",
      }));
    };
    if (this.explained?.index === p.index) show(this.explained.result);
    else {
      this.ask({ type: "explain", index: p.index }).then((answer) => {
        if (answer.type !== "explained" || !this.report) return;
        this.explained = { index: p.index, result: JSON.parse(answer.json) };
        show(this.explained.result);
      });
    }
    return body;
  }

  renderErrors() {
    const box = this.$("#roster-errors");
    // Each person's bad cells, then the rows of the records that name nobody in the roster.
    const lines = this.people.filter((p) => p.status === "errors")
      .flatMap((p) => this.errorTexts(p.person).map((text) => (p.name ? fill(this.L.errorOf, { name: p.name, text }) : text)))
      .concat((this.report.unmatched_records || []).map((e) => e.text || e.message));
    box.hidden = !lines.length;
    box.querySelector("h3").textContent = fill(this.L.errorsTitle, { count: lines.length });
    box.querySelector("ul").replaceChildren(...lines.slice(0, MAX_ERRORS_LISTED).map((text) => el("li", {}, text)));
    const more = box.querySelector(".roster-errors-more");
    more.hidden = lines.length <= MAX_ERRORS_LISTED;
    more.textContent = fill(this.L.errorsMore, { count: lines.length - MAX_ERRORS_LISTED });
  }

  // --- what was read: the reader's warnings and the columns it read -----------------------
  renderReading() {
    const R = this.L.reading;
    const warnings = this.report.warnings || [];
    const box = this.$("#roster-warnings");
    // No hour column found: every result below would be wrong, so it is said as an alert.
    const alert = warnings.some((w) => w.kind === "no_hour_columns");
    box.classList.toggle("roster-warnings-alert", alert);
    if (alert) box.setAttribute("role", "alert");
    else box.removeAttribute("role");
    box.hidden = !warnings.length;
    box.querySelector(".roster-warnings-title").textContent = alert ? R.alertTitle : R.warningsTitle;
    box.querySelector("ul").replaceChildren(...this.warningItems(warnings, SKIPPED_LISTED, true));

    const columns = this.report.columns || [];
    const details = this.$("#roster-read-columns");
    details.hidden = !columns.length;
    details.open = warnings.length > 0 || columns.length <= COLUMNS_OPEN;
    const read = columns.filter((c) => c.read_as).length;
    const count = fill(read === columns.length ? R.columnsAllRead : R.columnsCount, { read, ignored: columns.length - read });
    details.querySelector("summary").replaceChildren(el("strong", {}, R.columnsTitle), el("span", { class: "roster-read-count" }, count));
    const sheets = [...new Set(columns.map((c) => c.sheet))];
    details.querySelector(".roster-read-body").replaceChildren(el("p", { class: "hint" }, R.columnsHint),
      ...sheets.flatMap((sheet) => [
        sheets.length > 1 ? el("p", { class: "roster-read-sheet" }, fill(R.sheet, { sheet })) : "",
        el("ul", { class: "roster-read-list" }, ...columns.filter((c) => c.sheet === sheet).map((c) => el("li",
          { class: c.read_as ? "read" : "not-read", "data-letter": String(c.letter) },
          el("span", { class: "roster-read-letter" }, fill(R.letter, { letter: c.letter })),
          el("span", { class: "roster-read-header" }, fill(R.header, { header: c.header }), c.hidden ? el("em", {}, R.hidden) : ""),
          el("span", { class: "roster-read-as" }, c.read_as ? fill(R.readAs, { what: c.read_as }) : R.notRead)))),
      ]));
  }

  // The warnings as list items, the one that makes every result wrong first; the rows skipped
  // as not people, however many, take a few lines: `listed` of them, then the rest folded away
  // (`fold`, on screen) or counted (on paper).
  warningItems(warnings, listed, fold) {
    const R = this.L.reading;
    const item = (w) => el("li", { class: `warning-${w.kind}` }, w.message);
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

  // --- exports, printing, clearing -------------------------------------------------------
  async export(kind) {
    if (!this.report) return;
    const said = [this.status.textContent, this.status.className];
    const answer = await this.ask({ type: "export", kind, maskIds: !this.$("#roster-full-ids").checked });
    // The status said that the .xlsx writer was loading: back to what it said before.
    if (this.status.textContent === this.L.loading.writer) this.say(said[0], said[1].replace("roster-status-", ""));
    if (answer.type !== "exported") {
      console.error("roster export:", answer.message);
      this.say(this.L.failed.export, "error");
      return;
    }
    const type = kind === "xlsx" ? "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" : "text/csv";
    const href = URL.createObjectURL(new Blob([answer.bytes], { type }));
    const link = el("a", { href, download: `${fill(this.L.exportName, { notice: this.notice, date: today() })}.${kind}`, hidden: "" });
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(href), 10_000);
  }

  // 「打印」: the print section is already built (buildPrint), as for the browser's own print.
  print() {
    if (this.report) window.print();
  }

  // What prints on A4 (roster.css: only this, while there are results): the file, the day
  // the check was made as of, the reader's warnings, the summary and the not-met list.
  buildPrint() {
    const P = this.L.print;
    const S = this.L.summary;
    const summary = this.report.summary;
    const notMet = this.people.filter((p) => p.status === "not_met");
    const cell = (tag, ...children) => el(tag, tag === "th" ? { scope: "col" } : {}, ...children);
    const list = notMet.length ? el("table", { class: "roster-print-list" },
      el("thead", {}, el("tr", {}, ...["row", "name", "shortfall", "todo"].map((k) => cell("th", this.L.column[k])))),
      el("tbody", {}, ...notMet.map((p) => el("tr", {}, cell("td", String(p.person.row)),
        cell("td", p.name + (p.person.unit ? `（${p.person.unit}）` : "")), cell("td", this.shortfallOf(p)), cell("td", ...this.todoOf(p))))))
      : el("p", {}, P.noneNotMet);
    const files = [fill(P.file, { name: this.file?.name || "" })];
    if (this.records && this.recordsUsed) files.push(fill(P.recordsFile, { name: this.records.name }));
    const warnings = this.report.warnings || [];
    const date = (iso) => formatDate(iso, this.L.result);
    this.$("#roster-print-out").replaceChildren(
      el("h2", {}, fill(P.title, { notice: this.report.notice || this.notice })),
      el("p", {}, files.join("　")),
      el("p", {}, fill(P.asOf, { date: date(this.asOf || today()) }), "　", fill(P.printedOn, { date: date(today()) })),
      ...(warnings.length
        ? [el("h3", {}, P.warnings), el("ul", { class: "roster-print-warnings" }, ...this.warningItems(warnings, SKIPPED_PRINTED, false))] : []),
      el("table", { class: "roster-print-summary" }, el("tbody", {},
        el("tr", {}, cell("th", fill(S.people, { count: summary.people })), ...STATUSES.map((s) => cell("td", `${S[s]} ${summary[s] ?? 0}`))))),
      el("h3", {}, fill(P.notMet, { count: notMet.length })),
      list,
      el("p", {}, P.reading),
    );
    this.root.classList.add("roster-printable");
  }

  // A question to the worker; the answer's message, whatever its type.
  ask(message) {
    const id = this.nextId++;
    return new Promise((resolve) => {
      this.pending.set(id, resolve);
      this.worker.postMessage({ ...message, id });
    });
  }

  clearResults() {
    this.report = this.explained = null;
    this.people = this.shown = [];
    this.openRow = null;
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
    for (const id of ["#roster-export-xlsx", "#roster-export-csv", "#roster-print", "#roster-clear"]) this.$(id).disabled = true;
  }

  clear() {
    this.checking = this.nextId++; // an answer still on its way is dropped
    this.restart();
    this.clearResults();
    this.file = this.records = null;
    this.$("#roster-file").value = "";
    this.$("#roster-records").value = "";
    this.$("#roster-file-name").textContent = "\u00a0";
    this.$("#roster-records-name").textContent = "";
    this.$("#roster-full-ids").checked = false;
    this.$("#roster-search").value = ""; // a name typed to find a row is a name of the roster too
    this.$("#roster-status-filter").value = "all";
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

function today() {
  const d = new Date();
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, "0")}-${String(d.getDate()).padStart(2, "0")}`;
}

// Attach when the page is parsed; then on every page Material's instant navigation shows
// (a page without the roster detaches it: its worker and everything it held go).
if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", attach);
else attach();
if (window.document$) window.document$.subscribe(attach);
