// The self-check calculator page: form <-> case (CONTRACT.md), the engine in a worker, the
// result, share links, printing and this device's memory. No Chinese and no number of the
// notice here: texts come from the page (data-labels), rules from the engine.

const STORE_PREFIX = "alxa-ce-case-";
let engine = null; // one worker per tab (engine.js), kept across Material's instant page changes
let current = null; // the calculator page on screen, if any

function attach() {
  const root = document.getElementById("calculator");
  if (current && current.root !== root) current.detach();
  if (!root || root.dataset.attached) return;
  root.dataset.attached = "1";
  current = new CalculatorPage(root);
  current.start();
}

class CalculatorPage {
  constructor(root) {
    this.root = root;
    this.labels = JSON.parse(root.dataset.labels);
    this.form = root.querySelector("#case-form");
    this.records = root.querySelector("#records");
    this.template = root.querySelector("#record-template");
    this.result = root.querySelector("#result");
    this.notice = Number(root.dataset.notice);
    this.script = document.documentElement.lang.toLowerCase().includes("hant") ? "hant" : "hans";
    this.storeKey = STORE_PREFIX + this.notice;
    this.latest = 0;
  }

  start() {
    startEngine(this.root.dataset);
    this.onEngine = (state) => this.showEngine(state);
    engine.listeners.add(this.onEngine);
    this.showEngine(engine.state);

    this.fill(this.initialCase());
    this.form.addEventListener("input", () => this.changed());
    this.form.addEventListener("change", () => this.changed());
    this.root.querySelector("#add-record").addEventListener("click", () => {
      this.addRecord({ year: this.notice });
      this.changed();
      this.records.lastElementChild.querySelector("input").focus();
    });
    this.root.querySelector("#share").addEventListener("click", () => this.share());
    this.root.querySelector("#print").addEventListener("click", () => window.print());
    this.root.querySelector(".print-requirements").addEventListener("click", () => window.print());
    this.root.querySelector("#forget").addEventListener("click", () => this.forget());
    // Opening another shared link in this tab changes only the address's #case= part.
    this.onHash = () => {
      const shared = decodeCase(location.hash);
      if (shared) {
        this.fill(shared);
        this.changed();
      }
    };
    window.addEventListener("hashchange", this.onHash);
    this.changed();
  }

  detach() {
    engine.listeners.delete(this.onEngine);
    window.removeEventListener("hashchange", this.onHash);
    current = null;
  }

  // --- the case in the address, on this device, or a fresh one ------------------------
  initialCase() {
    const fromLink = decodeCase(location.hash);
    if (fromLink) return fromLink;
    try {
      const saved = JSON.parse(localStorage.getItem(this.storeKey) || "null");
      if (saved) return saved;
    } catch (error) { /* storage unavailable or corrupt: start fresh */ }
    return { notice: this.notice, purpose: "annual", records: [] };
  }

  fill(caseData) {
    const f = this.form;
    const set = (name, value) => {
      const inputs = f.querySelectorAll(`[name="${name}"]`);
      for (const input of inputs) {
        if (input.type === "radio") input.checked = input.value === value;
        else if (input.type === "checkbox") input.checked = value === true;
        else input.value = value == null ? "" : Array.isArray(value) ? value.join(", ") : String(value);
      }
    };
    set("purpose", caseData.purpose || "annual");
    if (caseData.level) set("level", caseData.level);
    set("assessment_years", caseData.assessment_years || []);
    set("as_of", caseData.as_of || today());
    const person = caseData.person || {};
    for (const key of ["sex", "birth_date", "non_public", "grassroots", "high_skilled", "postdoc",
      "epidemic_years", "transferred_year", "exceptional_since"]) set(`person.${key}`, person[key]);
    this.records.replaceChildren();
    for (const record of caseData.records || []) this.addRecord(record);
  }

  addRecord(record) {
    const row = this.template.content.firstElementChild.cloneNode(true);
    const field = (key) => row.querySelector(`[data-key="${key}"]`);
    field("year").value = record.year ?? "";
    field("studied_on").value = record.studied_on ?? "";
    if (record.channel) field("channel").value = record.channel;
    if (record.subject) field("subject").value = record.subject;
    const inMinutes = record.minutes !== undefined && record.hours === undefined;
    field("unit").value = inMinutes ? "minutes" : "hours";
    field("amount").value = (inMinutes ? record.minutes : record.hours) ?? "";
    row.querySelector(".remove-record").addEventListener("click", () => {
      row.remove();
      this.changed();
    });
    this.records.append(row);
    this.numberRecords();
  }

  numberRecords() {
    [...this.records.children].forEach((row, i) => {
      row.querySelector(".record-title").textContent = this.text(this.labels.recordLabel, { n: i + 1 });
      for (const input of row.querySelectorAll("[data-key]")) {
        input.dataset.field = `records[${i}].${input.dataset.key}`;
        input.setAttribute("aria-label", `${row.querySelector(".record-title").textContent} ${input.parentElement.firstChild.textContent.trim()}`);
      }
      row.querySelector("[data-error-key]").dataset.errorFor = `records[${i}]`;
    });
  }

  readCase() {
    const f = this.form;
    const value = (name) => (f.querySelector(`[name="${name}"]:checked`) || f.querySelector(`[name="${name}"]:not([type=radio])`) || {}).value;
    const purpose = value("purpose");
    const caseData = { notice: this.notice, purpose, records: [] };
    const asOf = value("as_of");
    if (asOf) caseData.as_of = asOf;
    if (purpose === "title") {
      caseData.level = value("level");
      const person = {};
      const sex = f.querySelector('[name="person.sex"]:checked');
      if (sex) person.sex = sex.value;
      if (value("person.birth_date")) person.birth_date = value("person.birth_date");
      for (const flag of ["non_public", "grassroots", "high_skilled", "postdoc"]) {
        if (f.querySelector(`[name="person.${flag}"]`).checked) person[flag] = true;
      }
      const epidemic = yearsOf(value("person.epidemic_years"));
      if (epidemic.length) person.epidemic_years = epidemic;
      for (const key of ["transferred_year", "exceptional_since"]) {
        const raw = numberOf(f.querySelector(`[name="person.${key}"]`));
        if (raw !== undefined) person[key] = raw;
      }
      caseData.person = person;
    }
    if (purpose === "assessment") caseData.assessment_years = yearsOf(value("assessment_years"));
    for (const row of this.records.children) {
      const get = (key) => row.querySelector(`[data-key="${key}"]`);
      const record = { year: numberOf(get("year")), channel: get("channel").value };
      if (get("studied_on").value) record.studied_on = get("studied_on").value;
      if (get("channel").value !== "qualification_exam") {
        record.subject = get("subject").value;
        const amount = numberOf(get("amount"));
        if (amount !== undefined) record[get("unit").value] = amount;
      }
      if (record.year === undefined) delete record.year;
      caseData.records.push(record);
    }
    return caseData;
  }

  // --- every change: remember, show what applies, ask the engine ----------------------
  changed() {
    this.numberRecords();
    const caseData = this.readCase();
    this.showApplicable(caseData.purpose);
    for (const row of this.records.children) {
      const exam = row.querySelector('[data-key="channel"]').value === "qualification_exam";
      for (const key of ["subject", "amount", "unit"]) row.querySelector(`[data-key="${key}"]`).disabled = exam;
    }
    try { localStorage.setItem(this.storeKey, JSON.stringify(caseData)); } catch (error) { /* private mode */ }
    this.caseData = caseData;
    this.ask();
  }

  showApplicable(purpose) {
    for (const part of this.root.querySelectorAll("[data-show-when]")) {
      part.hidden = part.dataset.showWhen !== purpose;
    }
  }

  async ask() {
    if (!engine.state.ready) return; // asked again when the engine is ready
    const ticket = ++this.latest;
    const result = await engine.check(this.caseData, today(), this.script);
    if (ticket === this.latest) this.show(result);
  }

  showEngine(state) {
    const status = this.root.querySelector("#engine-status");
    const progress = this.root.querySelector("#engine-progress");
    const stages = ["start", "runtime", "rules", "ready"];
    // Where the download is counted, the bar follows it up to 2 of 3; then the last stages.
    const index = Math.max(0, stages.indexOf(state.stage));
    const downloading = state.downloaded !== null && state.downloaded < 1 && !state.ready;
    progress.value = state.downloaded !== null && index < 2 ? 2 * state.downloaded : index;
    const stage = downloading ? "start" : state.stage;
    status.textContent = this.text(this.labels.loading[stage] || "", { year: this.notice });
    this.root.querySelector("#engine-percent").textContent =
      downloading ? this.text(this.labels.loading.downloaded, { percent: Math.floor(100 * state.downloaded) }) : "";
    this.root.querySelector("#engine").dataset.stage = state.stage;
    if (state.failed) {
      this.root.querySelector("#engine").hidden = true;
      const box = this.root.querySelector("#engine-failed");
      box.hidden = false;
      box.querySelector("#engine-failed-reason").textContent =
        this.text(this.labels.failed[state.failed.kind], state.failed) + (state.failed.detail || "");
      this.result.dataset.engine = "failed";
      this.root.dataset.engineFailed = state.failed.kind;
    } else if (state.ready) {
      progress.hidden = true;
      if (this.caseData) this.ask();
    }
  }

  // --- the result ---------------------------------------------------------------------
  show(result) {
    const L = this.labels;
    const body = this.result.querySelector("#result-body");
    this.result.dataset.seq = String(Number(this.result.dataset.seq || 0) + 1); // for tests and tools
    if (!performance.getEntriesByName("calculator-first-result").length) performance.mark("calculator-first-result");
    this.clearErrors();
    if (result.errors) {
      delete this.result.dataset.status;
      delete this.result.dataset.shortfallPublic;
      delete this.result.dataset.shortfallProfessional;
      this.result.dataset.errors = String(result.errors.length);
      for (const error of result.errors) this.showError(error);
      body.replaceChildren(el("p", { class: "result-errors" }, this.text(L.fixErrors, { count: result.errors.length })),
        el("ul", {}, ...result.errors.map((e) => el("li", {}, e.message))));
      return;
    }
    delete this.result.dataset.errors;
    this.result.dataset.status = result.status;
    this.result.dataset.shortfallPublic = String(result.shortfall.public);
    this.result.dataset.shortfallProfessional = String(result.shortfall.professional);
    const parts = [
      el("p", { class: `result-status status-${result.status}` }, L.status[result.status]),
      el("p", {}, L.statusHelp[result.status]),
    ];
    const years = Object.keys(result.years);
    if (years.length) {
      const head = el("tr", {}, el("th", { scope: "col" }, ""),
        ...["public", "professional"].map((s) => el("th", { scope: "col" }, L.subject[s])),
        el("th", { scope: "col" }, ""));
      const rows = years.map((y) => {
        const shown = result.display.years[y];
        return el("tr", { class: result.years[y].met ? "year-met" : "year-not-met" },
          el("th", { scope: "row" }, this.text(L.year, { year: y })),
          ...["public", "professional"].map((s) => el("td", {}, `${shown[s].credited}／${shown[s].required}`)),
          el("td", {}, result.years[y].met ? L.yearMet : L.yearNotMet));
      });
      parts.push(el("table", { class: "result-years" }, el("caption", {}, L.tableCaption), el("thead", {}, head), el("tbody", {}, ...rows)));
      if (result.display.any_one && years.length > 1) parts.push(el("p", { class: "hint" }, L.anyOneYear));
    }
    if (result.status === "not_met") {
      parts.push(el("p", { class: "result-shortfall" }, this.text(L.shortfall, result.display.shortfall)));
    }
    parts.push(el("h3", {}, L.notesTitle));
    parts.push(el("ul", { class: "result-notes" }, ...result.notes.map((note) => el("li", {},
      el("a", { href: `../notice/#c-${note.clause.replaceAll(".", "-")}` }, L.clauseLabels[note.clause] || note.clause),
      " ", note.text))));
    const next = el("p", {}, L.next[result.status]);
    if (result.status === "not_met") next.append(" ", el("a", { href: "../platforms/" }, L.platformsLink));
    parts.push(el("h3", {}, L.nextTitle), next);
    body.replaceChildren(...parts);
  }

  clearErrors() {
    for (const box of this.root.querySelectorAll(".field-error")) { box.hidden = true; box.textContent = ""; }
    for (const input of this.root.querySelectorAll("[aria-invalid]")) input.removeAttribute("aria-invalid");
  }

  showError({ field, message }) {
    // records[2].hours -> the row's amount box; person.sex -> its field box.
    const recordField = field.match(/^records\[(\d+)\]\.(\w+)$/);
    let box = this.root.querySelector(`.field-error[data-error-for="${CSS.escape(field)}"]`);
    let inputs = [...this.root.querySelectorAll(`[data-field="${CSS.escape(field)}"]`)];
    if (recordField) {
      const key = ["hours", "minutes"].includes(recordField[2]) ? "amount" : recordField[2];
      box = this.root.querySelector(`.field-error[data-error-for="records[${recordField[1]}]"]`);
      inputs = [...this.root.querySelectorAll(`[data-field="records[${recordField[1]}].${key}"]`)];
    }
    box = box || this.root.querySelector('.field-error[data-error-for="records"]');
    if (box) {
      box.hidden = false;
      box.append(el("span", { "data-error-field": field }, message), " ");
    }
    for (const input of inputs) input.setAttribute("aria-invalid", "true");
  }

  // --- share, forget ------------------------------------------------------------------
  share() {
    const link = `${location.origin}${location.pathname}#case=${encodeCase(this.caseData)}`;
    history.replaceState(null, "", link);
    const out = this.root.querySelector("#share-output");
    out.hidden = false;
    const manual = () => out.replaceChildren(this.labels.share.manual, " ",
      el("input", { value: link, readonly: "", class: "share-link", "aria-label": this.labels.share.manual }));
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(link).then(() => out.replaceChildren(this.labels.share.copied), manual);
    } else manual();
    out.dataset.link = link;
  }

  forget() {
    try { localStorage.removeItem(this.storeKey); } catch (error) { /* nothing stored */ }
    history.replaceState(null, "", location.pathname);
    this.fill({ notice: this.notice, purpose: "annual", records: [] });
    this.changed();
    try { localStorage.removeItem(this.storeKey); } catch (error) { /* nothing stored */ }
    const out = this.root.querySelector("#share-output");
    out.hidden = false;
    out.textContent = this.labels.forgotten;
  }

  text(template, values) {
    return template.replace(/\{(\w+)\}/g, (_, key) => values[key] ?? "");
  }
}

// The engine was started by engine.js from the page's head; after Material's instant navigation
// brought the calculator in from another page, it starts here, from the calculator's element.
function startEngine(data) {
  engine = window.calculatorEngine || window.CalculatorEngine.start(data);
}

// --- small helpers -----------------------------------------------------------------------
function today() {
  const d = new Date();
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, "0")}-${String(d.getDate()).padStart(2, "0")}`;
}

function yearsOf(text) {
  // "2023, 2024" -> [2023, 2024]; a word that is not a whole number is passed on as it is,
  // so that the engine names the field and says what would be valid.
  return String(text || "").split(/[\s,，、;；]+/).filter(Boolean).map((t) => (/^\d+$/.test(t) ? Number(t) : t));
}

function numberOf(input) {
  if (!input) return undefined;
  if (input.validity && input.validity.badInput) return input.value || "?";
  if (input.value === "") return undefined;
  const n = Number(input.value);
  return Number.isFinite(n) ? n : input.value;
}

function encodeCase(caseData) {
  const bytes = new TextEncoder().encode(JSON.stringify(caseData));
  let binary = "";
  for (const b of bytes) binary += String.fromCharCode(b);
  return btoa(binary).replaceAll("+", "-").replaceAll("/", "_").replace(/=+$/, "");
}

function decodeCase(hash) {
  const match = /^#case=([A-Za-z0-9_-]+)$/.exec(hash || "");
  if (!match) return null;
  try {
    const base64 = match[1].replaceAll("-", "+").replaceAll("_", "/");
    const binary = atob(base64 + "===".slice((base64.length + 3) % 4));
    const data = JSON.parse(new TextDecoder().decode(Uint8Array.from(binary, (c) => c.charCodeAt(0))));
    return data && typeof data === "object" ? data : null;
  } catch (error) {
    return null;
  }
}

function el(tag, attributes, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attributes)) node.setAttribute(key, value);
  node.append(...children);
  return node;
}

// Attach the form when the page is parsed, without waiting for Material; then on every page
// Material's instant navigation shows.
if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", attach);
else attach();
if (window.document$) window.document$.subscribe(attach);
