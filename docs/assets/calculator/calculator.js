// The self-check calculator page: form <-> case (CONTRACT.md), the engine in a worker, the
// result, share links, printing and the checks this device keeps. No Chinese and no number of
// the notice here: texts come from the page (data-labels), rules from the engine.

import { SavedChecks } from "./saved-checks.js";
import { el, fill, formatDate, renderResult, summaryLine } from "./result-view.js";

const Engine = window.CalculatorEngine; // engine.js, loaded on every page before this module
let engine = null; // one worker per tab, kept across Material's instant page changes
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
    this.bar = root.querySelector("#status-bar");
    this.notice = Number(root.dataset.notice);
    this.script = document.documentElement.lang.toLowerCase().includes("hant") ? "hant" : "hans";
    this.store = new SavedChecks(this.notice, Engine.storeKey(this.notice), this.labels.saved.previous, {
      onWrite: (ok) => this.wrote(ok),
      onChange: () => this.store && this.followOthers(), // (not while the store is being made)
    });
    this.latest = 0;
    this.check = null; // the saved check on screen (a copy), or null for one not saved
    // "new" (saved on the first change), "link" (saved only when asked), "device", or "gone"
    // (deleted in another tab while shown here: saved only when asked, as a new check)
    this.origin = "new";
    this.failing = false; // the last write to this device's storage failed
  }

  start() {
    engine = window.calculatorEngine || Engine.start(this.root.dataset);
    this.onEngine = (state) => this.showEngine(state);
    engine.listeners.add(this.onEngine);
    this.showEngine(engine.state);

    const link = this.openInitial();
    const on = (selector, event, handler) => this.root.querySelector(selector).addEventListener(event, handler);
    // The saved-check controls sit in the form but are not part of the case.
    const edit = (event) => {
      const target = event.target;
      if (target.closest(".saved-checks")) return;
      delete target.dataset.raw; // the reader's own value replaces what a link had put there
      // ...and answers the message that what was there could not be read.
      delete target.dataset.unread;
      if (target.type === "radio") for (const radio of this.form.querySelectorAll(`[name="${target.name}"]`)) delete radio.dataset.unread;
      const row = target.closest("li.record");
      if (row) delete row.dataset.unread;
      this.changed(true);
    };
    this.form.addEventListener("input", edit);
    this.form.addEventListener("change", edit);
    on("#add-record", "click", () => {
      delete this.records.dataset.unread;
      this.addRecord({ year: this.notice });
      this.numberRecords();
      this.changed(true);
      this.records.lastElementChild.querySelector("input").focus();
    });
    on("#share", "click", () => this.share());
    on("#print", "click", () => window.print());
    on(".print-requirements", "click", () => window.print());
    on("#saved-list", "change", (event) => event.target.value ? this.openSaved(event.target.value) : this.newCheck());
    on("#new-check", "click", () => this.newCheck());
    on("#save-check", "click", () => this.save());
    on("#delete-check", "click", () => this.remove());
    on("#check-name", "change", () => this.check && this.save());
    on("#status-bar a", "click", (event) => {
      event.preventDefault();
      this.result.scrollIntoView({ block: "start" });
      this.result.focus({ preventScroll: true });
    });
    // Opening another shared link in this tab changes only the address's #case= part.
    this.onHash = () => /^#case=/.test(location.hash) && this.openLink();
    window.addEventListener("hashchange", this.onHash);
    // Other tabs' changes to the saved checks come in as they are written; this tab's pending
    // edits are written before it is hidden or left.
    this.onStorage = (event) => (event.key === null || event.key === this.store.key) && this.store.sync();
    this.onHide = () => document.visibilityState === "hidden" && this.store.flush();
    this.onLeave = () => this.store.flush();
    this.onBack = (event) => event.persisted && this.store.sync(); // back from the history cache: it missed them
    window.addEventListener("storage", this.onStorage);
    document.addEventListener("visibilitychange", this.onHide);
    window.addEventListener("pagehide", this.onLeave);
    window.addEventListener("pageshow", this.onBack);
    this.watchResult();
    this.changed(false);
    // A shared link is opened to see its result: bring it into view once the page's styles
    // have laid it out (before that, the form's height is not yet its own).
    if (link) {
      // (Beside the form on a wide screen, it is in view already.)
      const show = () => this.result.getBoundingClientRect().top > innerHeight / 2 && this.result.scrollIntoView({ block: "start" });
      if (document.readyState === "complete") show();
      else window.addEventListener("load", show, { once: true });
    }
  }

  detach() {
    engine.listeners.delete(this.onEngine);
    window.removeEventListener("hashchange", this.onHash);
    window.removeEventListener("storage", this.onStorage);
    document.removeEventListener("visibilitychange", this.onHide);
    window.removeEventListener("pagehide", this.onLeave);
    window.removeEventListener("pageshow", this.onBack);
    this.store.flush();
    this.observer?.disconnect();
    current = null;
  }

  // --- which check is on screen: a link's, one saved on this device, or a new one --------
  openInitial() {
    if (/^#case=/.test(location.hash) && this.openLink(false)) return true;
    const check = this.store.get(this.store.current);
    if (check) this.use(check, "device");
    else this.use(null, "new");
    if (/^#case=/.test(location.hash)) this.say(this.labels.saved.damaged); // said after use() set its line
    return false;
  }

  // A link never replaces a saved check: it opens as a new check, saved only when asked.
  openLink(update = true) {
    const shared = Engine.decodeCase(location.hash);
    if (!shared) {
      this.say(this.labels.saved.damaged);
      return false;
    }
    this.use(null, "link", shared);
    if (update) this.changed(false);
    return true;
  }

  use(check, origin, caseData = check ? check.case : this.blankCase()) {
    this.check = check ? { ...check } : null;
    this.origin = origin;
    this.fill(caseData);
    const unread = this.unreadNames();
    if (!unread.length) return this.showSaved();
    const L = this.labels.saved;
    const fields = unread.map((name) => `「${name}」`).join(this.labels.listSeparator);
    this.showSaved(check ? fill(L.unreadSaved, { name: check.name, fields }) : fill(L.unreadLink, { fields }));
  }

  blankCase() {
    return { notice: this.notice, purpose: "annual", records: [] };
  }

  openSaved(id) {
    const check = this.store.get(id);
    if (!check) return this.newCheck();
    this.store.open(id);
    this.clearLink();
    this.use(check, "device");
    this.changed(false);
  }

  newCheck() {
    this.store.open(null);
    this.clearLink();
    this.use(null, "new");
    this.changed(false);
  }

  save() {
    const L = this.labels.saved;
    const typed = this.root.querySelector("#check-name").value.trim();
    if (!this.check) {
      const name = typed || fill(L.defaultName, { n: this.store.list().length + 1 });
      this.check = this.store.make(name, this.caseData);
      this.origin = "device";
      this.clearLink();
    } else if (typed) this.check.name = typed;
    this.check.case = this.caseData;
    const ok = this.store.put(this.check, { now: true });
    this.showSaved(ok ? fill(L.savedAs, { name: this.check.name }) : L.notSaved);
  }

  // Deleting takes effect at once and can be undone from the message it leaves.
  remove() {
    const L = this.labels.saved;
    const check = this.check;
    const shown = { case: this.caseData, origin: this.origin };
    const ok = check ? this.store.remove(check.id) : true;
    this.newCheck();
    const undo = el("button", { type: "button", class: "md-button undo" }, L.undo);
    undo.addEventListener("click", () => {
      if (check) {
        const kept = this.store.put(check, { now: true, revive: true });
        this.use(check, "device");
        if (!kept) return this.changed(false);
      } else this.use(null, shown.origin === "device" ? "new" : shown.origin, shown.case);
      this.changed(false);
      this.say(check ? fill(L.restored, { name: check.name }) : L.restoredUnsaved);
    });
    if (!ok) this.say(fill(L.notDeleted, { name: check.name }), undo);
    else this.say(check ? fill(L.deleted, { name: check.name }) : L.deletedUnsaved, undo);
  }

  clearLink() {
    if (location.hash) history.replaceState(null, "", location.pathname + location.search);
  }

  showSaved(message) {
    const L = this.labels.saved;
    this.showList();
    this.root.querySelector("#check-name").value = this.check ? this.check.name : "";
    this.root.querySelector("#delete-check").disabled = !this.check && !["link", "gone"].includes(this.origin) && !this.hasContent();
    this.say(message || (this.failing ? L.notSaved
      : this.check ? fill(L.editing, { name: this.check.name })
        : this.origin === "link" ? L.fromLink
          : this.origin === "gone" ? fill(L.deletedElsewhere, { name: this.goneName }) : L.fresh));
  }

  // Rebuilt only when the checks or their names changed: another tab writes every pause in
  // its typing, and a list open in this tab should not close under the reader.
  showList() {
    const list = this.root.querySelector("#saved-list");
    const checks = this.store.list();
    const shown = JSON.stringify(checks.map((c) => [c.id, c.name]));
    if (shown !== this.listShown) {
      this.listShown = shown;
      list.replaceChildren(el("option", { value: "" }, this.labels.saved.new),
        ...checks.map((c) => el("option", { value: c.id }, c.name)));
    }
    list.value = this.check ? this.check.id : "";
  }

  say(text, ...extra) {
    const status = this.root.querySelector("#saved-status");
    status.replaceChildren(el("span", { class: "saved-text" }, text), ...extra);
    // Nothing saved is worth more than the usual grey line: the reader may be about to leave.
    status.classList.toggle("saved-failed", Boolean(this.failing));
  }

  // Every write to this device's storage ends here: a failure is said at once (never
  // 「已保存」 when nothing was), and the usual line comes back once a write succeeds.
  wrote(ok) {
    if (!ok) {
      this.failing = true;
      this.say(this.labels.saved.notSaved);
    } else if (this.failing) {
      this.failing = false;
      this.showSaved();
    }
  }

  // Another tab changed the saved checks: the list follows; the check on screen is shown as
  // that tab left it, or, if that tab deleted it, stays on screen as not saved.
  followOthers() {
    const L = this.labels.saved;
    const kept = this.check && this.store.get(this.check.id);
    if (this.check && !kept) {
      this.goneName = this.check.name;
      this.check = null;
      this.origin = "gone";
      this.showSaved();
    } else if (kept && kept.saved !== this.check.saved) {
      // The reader's place in the form is kept: the same field keeps the focus.
      const active = document.activeElement;
      const field = this.form.contains(active) && !active.closest(".saved-checks") ? active.dataset.field || active.id : null;
      this.use(kept, "device");
      this.changed(false);
      if (field) this.form.querySelector(`[data-field="${CSS.escape(field)}"], #${CSS.escape(field)}`)?.focus({ preventScroll: true });
      this.say(fill(L.updatedElsewhere, { name: kept.name }));
    } else this.showList();
  }

  hasContent() {
    return Boolean(this.caseData && (this.caseData.records.length || this.caseData.purpose !== "annual"));
  }

  // A new check is kept from its first change; a saved one on every change (written once
  // typing pauses); a link's, or one deleted in another tab, only when the reader saves it.
  remember(byUser) {
    if (!byUser) return; // opening a check, or the engine's answer, changes nothing kept
    if (this.check) {
      this.check.case = this.caseData;
      this.store.put(this.check);
    } else if (this.origin === "new") {
      const n = this.store.list().length + 1;
      this.check = this.store.make(fill(this.labels.saved.defaultName, { n }), this.caseData);
      this.origin = "device";
      this.store.put(this.check, { now: true });
      this.showSaved();
    }
  }

  // --- the form <-> the case ----------------------------------------------------------
  // A link or this device's storage may hold anything: a box takes only a value (a list of
  // values where the form takes several); anything else leaves the box empty and marked, and
  // the mark is that field's message until the reader fills it in (unreadErrors).
  fill(caseData) {
    const f = this.form;
    for (const node of this.root.querySelectorAll("[data-unread]")) delete node.dataset.unread;
    const set = (name, value, many = false) => {
      const inputs = f.querySelectorAll(`[name="${name}"]`);
      const readable = value === undefined || isValue(value) || (many && Array.isArray(value) && value.every(isValue));
      for (const input of inputs) {
        if (!readable) input.dataset.unread = "1";
        if (input.type === "radio") input.checked = readable && input.value === value;
        else if (input.type === "checkbox") input.checked = readable && value === true;
        else put(input, readable ? value : undefined);
      }
    };
    set("purpose", typeof caseData.purpose === "string" || isObject(caseData.purpose) || Array.isArray(caseData.purpose) ? caseData.purpose : "annual");
    if (caseData.level !== undefined && caseData.level !== null) set("level", caseData.level);
    set("assessment_years", caseData.assessment_years || [], true);
    set("as_of", caseData.as_of || today());
    const person = isObject(caseData.person) ? caseData.person : {};
    for (const key of ["sex", "birth_date", "non_public", "grassroots", "high_skilled", "postdoc",
      "epidemic_years", "transferred_year", "exceptional_since"]) set(`person.${key}`, person[key], key === "epidemic_years");
    for (const box of f.querySelectorAll("[data-reveals]")) {
      const value = person[box.dataset.reveals.slice("person.".length)];
      box.checked = value != null && value !== "" && !(Array.isArray(value) && !value.length);
    }
    // Built apart and added at once: one change of the page, not one per record (Material
    // looks at every change; 1,000 records one by one took seconds).
    const rows = document.createDocumentFragment();
    const records = caseData.records === undefined ? [] : caseData.records;
    if (Array.isArray(records)) delete this.records.dataset.unread;
    else this.records.dataset.unread = "1";
    for (const record of Array.isArray(records) ? records : []) {
      this.addRecord(isObject(record) ? record : {}, rows);
      if (!isObject(record)) rows.lastElementChild.dataset.unread = "1";
    }
    this.records.replaceChildren(rows);
    this.numberRecords();
  }

  addRecord(record, to = this.records) {
    const row = this.template.content.firstElementChild.cloneNode(true);
    const field = (key) => row.querySelector(`[data-key="${key}"]`);
    const set = (input, value) => {
      if (value === undefined || isValue(value)) return put(input, value);
      put(input, undefined);
      input.dataset.unread = "1";
    };
    set(field("year"), record.year);
    set(field("studied_on"), record.studied_on);
    if (record.channel !== undefined) set(field("channel"), record.channel);
    if (record.subject !== undefined) set(field("subject"), record.subject);
    const inMinutes = record.minutes !== undefined && record.hours === undefined;
    field("unit").value = inMinutes ? "minutes" : "hours";
    set(field("amount"), inMinutes ? record.minutes : record.hours);
    row.querySelector(".remove-record").addEventListener("click", () => {
      row.remove();
      this.numberRecords();
      this.changed(true);
    });
    to.append(row);
  }

  // Field paths (records[2].hours) and labels follow the rows' order: done once per change
  // of rows, not on every keystroke.
  numberRecords() {
    [...this.records.children].forEach((row, i) => {
      const title = fill(this.labels.recordLabel, { n: i + 1 });
      row.querySelector(".record-title").textContent = title;
      for (const input of row.querySelectorAll("[data-key]")) {
        input.dataset.field = `records[${i}].${input.dataset.key}`;
        input.setAttribute("aria-label", `${title} ${input.parentElement.firstChild.textContent.trim()}`);
      }
      row.querySelector(".remove-record").setAttribute("aria-label", `${row.querySelector(".remove-record").textContent} ${title}`);
      row.querySelector("[data-error-key]").dataset.errorFor = `records[${i}]`;
    });
  }

  readCase() {
    const f = this.form;
    const value = (name) => (f.querySelector(`[name="${name}"]:checked`) || f.querySelector(`[name="${name}"]:not([type=radio])`) || {}).value;
    const input = (name) => f.querySelector(`[name="${name}"]`);
    const purpose = value("purpose");
    const caseData = { notice: this.notice, purpose, records: [] };
    const asOf = dateOf(input("as_of"));
    if (asOf) caseData.as_of = asOf;
    if (purpose === "title") {
      caseData.level = choiceOf(input("level"));
      const person = {};
      const sex = f.querySelector('[name="person.sex"]:checked');
      if (sex) person.sex = sex.value;
      const birth = dateOf(input("person.birth_date"));
      if (birth) person.birth_date = birth;
      for (const flag of ["non_public", "grassroots", "high_skilled", "postdoc"]) {
        if (input(`person.${flag}`)?.checked) person[flag] = true;
      }
      const revealed = (key) => f.querySelector(`[data-reveals="person.${key}"]`)?.checked;
      if (revealed("epidemic_years")) {
        const epidemic = yearsOf(value("person.epidemic_years"));
        if (epidemic.length) person.epidemic_years = epidemic;
      }
      for (const key of ["transferred_year", "exceptional_since"]) {
        const raw = revealed(key) ? numberOf(input(`person.${key}`)) : undefined;
        if (raw !== undefined) person[key] = raw;
      }
      caseData.person = person;
    }
    if (purpose === "assessment") caseData.assessment_years = yearsOf(value("assessment_years"));
    for (const row of this.records.children) {
      const get = (key) => row.querySelector(`[data-key="${key}"]`);
      const record = { year: numberOf(get("year")), channel: choiceOf(get("channel")) };
      const studied = dateOf(get("studied_on"));
      if (studied) record.studied_on = studied;
      if (get("channel").value !== "qualification_exam") {
        record.subject = choiceOf(get("subject"));
        const amount = numberOf(get("amount"));
        if (amount !== undefined) record[get("unit").value] = amount;
      }
      if (record.year === undefined) delete record.year;
      caseData.records.push(record);
    }
    return caseData;
  }

  // --- every change: show what applies, remember, ask the engine ----------------------
  changed(byUser) {
    const caseData = this.readCase();
    // The fields of this purpose (CSS; engine.js set it from the head for the first paint).
    document.documentElement.dataset.calcPurpose = caseData.purpose;
    for (const row of this.records.children) {
      const exam = row.querySelector('[data-key="channel"]').value === "qualification_exam";
      for (const key of ["subject", "amount", "unit"]) row.querySelector(`[data-key="${key}"]`).disabled = exam;
    }
    for (const box of this.form.querySelectorAll("[data-reveals]")) {
      this.form.querySelector(`[data-revealed-by="${box.dataset.reveals}"]`).hidden = !box.checked;
    }
    this.caseData = caseData;
    this.remember(byUser);
    this.ask();
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
    status.textContent = fill(this.labels.loading[stage] || "", { year: this.notice });
    this.root.querySelector("#engine-percent").textContent =
      downloading ? fill(this.labels.loading.downloaded, { percent: Math.floor(100 * state.downloaded) }) : "";
    this.root.querySelector("#engine").dataset.stage = state.stage;
    if (state.failed) {
      this.root.querySelector("#engine").hidden = true;
      const box = this.root.querySelector("#engine-failed");
      box.hidden = false;
      box.querySelector("#engine-failed-reason").textContent =
        fill(this.labels.failed[state.failed.kind], state.failed) + (state.failed.detail || "");
      this.result.dataset.engine = "failed";
      this.root.dataset.engineFailed = state.failed.kind;
    } else if (state.ready && this.caseData) this.ask();
  }

  // --- the result ---------------------------------------------------------------------
  show(result) {
    const L = this.labels;
    const body = this.result.querySelector("#result-body");
    this.result.dataset.seq = String(Number(this.result.dataset.seq || 0) + 1); // for tests and tools
    if (!performance.getEntriesByName("calculator-first-result").length) performance.mark("calculator-first-result");
    this.clearErrors();
    if (result.crashed) {
      console.error("calculator:", result.crashed); // for whoever reports it; the reader gets words
      result = { errors: [{ field: "", message: L.failed.case }] };
    }
    // What could not be read from a link or storage is said first, in place of what the
    // engine says of the empty box it left.
    const unread = this.unreadErrors();
    if (unread.length) {
      const covered = (field) => unread.some((u) => field === u.field || field.startsWith(`${u.field}.`) || field.startsWith(`${u.field}[`));
      result = { errors: [...unread, ...(result.errors || []).filter((e) => !covered(e.field))] };
    }
    this.showBar(result);
    this.showInputs();
    if (result.errors) {
      delete this.result.dataset.status;
      delete this.result.dataset.shortfallPublic;
      delete this.result.dataset.shortfallProfessional;
      this.result.dataset.errors = String(result.errors.length);
      for (const error of result.errors) this.showError(error);
      // An error summary: each message leads to its field (the field shows it too).
      const item = ({ field, message }) => {
        const go = el("a", { href: `#${this.fieldsOf(field)[0]?.id || "case-form"}` }, message);
        go.addEventListener("click", (event) => {
          event.preventDefault();
          const input = this.fieldsOf(field)[0];
          input?.scrollIntoView({ block: "center" });
          input?.focus({ preventScroll: true });
        });
        return el("li", {}, go);
      };
      body.replaceChildren(el("p", { class: "result-errors" }, fill(L.fixErrors, { count: result.errors.length })),
        el("ul", { class: "error-summary" }, ...result.errors.map(item)));
      return;
    }
    delete this.result.dataset.errors;
    this.result.dataset.status = result.status;
    this.result.dataset.shortfallPublic = String(result.shortfall.public);
    this.result.dataset.shortfallProfessional = String(result.shortfall.professional);
    body.replaceChildren(...renderResult(result, L, {
      notice: this.notice,
      clauseHref: (clause) => `../notice/#c-${clause.replaceAll(".", "-")}`,
      platformsHref: "../platforms/",
    }));
  }

  // The fields marked by fill() that still count: shown for this purpose, and not
  // answered by the reader since.
  unreadErrors() {
    const errors = new Map();
    for (const node of this.root.querySelectorAll("[data-unread]")) {
      if (!this.inPlay(node)) continue;
      const field = this.pathOf(node);
      if (!errors.has(field)) errors.set(field, { field, message: fill(this.labels.saved.unread, { field: this.nameOf(node) }) });
    }
    return [...errors.values()];
  }

  unreadNames() {
    return [...new Set([...this.root.querySelectorAll("[data-unread]")].map((node) => this.nameOf(node)))];
  }

  inPlay(node) {
    if (node.disabled) return false;
    const section = node.closest("[data-show-when]");
    if (section && section.dataset.showWhen !== this.caseData.purpose) return false;
    return !node.closest("[data-revealed-by]")?.hidden;
  }

  // The field path the engine would name: records, records[0], records[0].hours, level.
  pathOf(node) {
    if (node === this.records) return "records";
    if (node.matches("li.record")) return node.querySelector("[data-error-key]").dataset.errorFor;
    if (node.dataset.key === "amount") return node.dataset.field.replace(/amount$/, node.closest("li").querySelector('[data-key="unit"]').value);
    return node.dataset.field;
  }

  // A field as the form names it: its label (a record's fields with the record's number).
  nameOf(node) {
    const clean = (words) => words.replace(/\s+/g, " ").trim();
    const text = (n) => (n ? clean(n.textContent) : "");
    // A tick box's own words, without the clause it cites.
    const words = (input) => clean([...(input?.closest("label")?.childNodes || [])]
      .filter((n) => n.nodeType === Node.TEXT_NODE).map((n) => n.textContent).join(" "));
    if (node === this.records) return text(node.closest("fieldset").querySelector("legend"));
    if (node.matches("li.record")) return text(node.querySelector(".record-title"));
    if (node.hasAttribute("aria-label")) return node.getAttribute("aria-label");
    if (node.type === "radio") return text(document.getElementById(node.closest("[role=radiogroup]")?.getAttribute("aria-labelledby") || ""));
    const label = node.id ? text(this.form.querySelector(`label[for="${CSS.escape(node.id)}"]`)) : "";
    const revealedBy = node.closest("[data-revealed-by]")?.dataset.revealedBy;
    if (revealedBy) return `${words(this.form.querySelector(`[data-reveals="${CSS.escape(revealedBy)}"]`))}：${label}`;
    return label || words(node);
  }

  clearErrors() {
    for (const box of this.root.querySelectorAll(".field-error")) { box.hidden = true; box.textContent = ""; }
    for (const input of this.root.querySelectorAll("[aria-invalid]")) input.removeAttribute("aria-invalid");
  }

  // The inputs of a field path: records[2].hours -> that row's amount box.
  fieldsOf(field) {
    const recordField = field.match(/^records\[(\d+)\]\.(\w+)$/);
    if (!recordField) return [...this.root.querySelectorAll(`[data-field="${CSS.escape(field)}"]`)];
    const key = ["hours", "minutes"].includes(recordField[2]) ? "amount" : recordField[2];
    return [...this.root.querySelectorAll(`[data-field="records[${recordField[1]}].${key}"]`)];
  }

  showError({ field, message }) {
    // A record's messages go under its row; person.sex under its field box.
    const row = field.match(/^records\[(\d+)\]/);
    let box = this.root.querySelector(`.field-error[data-error-for="${CSS.escape(row ? row[0] : field)}"]`);
    const inputs = this.fieldsOf(field);
    box = box || this.root.querySelector('.field-error[data-error-for="records"]');
    if (box) {
      box.hidden = false;
      box.append(el("span", { "data-error-field": field }, message), " ");
    }
    for (const input of inputs) input.setAttribute("aria-invalid", "true");
  }

  // On a phone the form is long: a bar at the bottom keeps the status and what is missing in
  // view while the result is out of sight, and opens it.
  watchResult() {
    if (!("IntersectionObserver" in window)) return;
    // "In sight" once the result reaches above the screen's last quarter.
    this.observer = new IntersectionObserver(([entry]) => {
      this.bar.classList.toggle("away", !entry.isIntersecting);
    }, { rootMargin: "0px 0px -25% 0px" });
    this.observer.observe(this.result);
  }

  showBar(result) {
    const [status, detail] = summaryLine(result, this.labels);
    this.bar.dataset.status = result.errors ? "errors" : result.status;
    this.bar.querySelector(".status-bar-status").textContent = status;
    this.bar.querySelector(".status-bar-detail").textContent = detail;
  }

  // What was asked, for the printed result: every input beside the verdict, and the date.
  showInputs() {
    const L = this.labels.print;
    const f = this.form;
    const text = (node) => (node ? node.textContent.replace(/\s+/g, " ").trim() : "");
    const labelOf = (input) => text(input.closest("label")?.childNodes[0]) || text(f.querySelector(`label[for="${input.id}"]`));
    const rows = [];
    const chosen = (name) => text(f.querySelector(`[name="${name}"]:checked`)?.closest("label"));
    rows.push([text(f.querySelector("#purpose-label")), chosen("purpose")]);
    const purpose = this.caseData.purpose;
    const visible = (node) => !node.closest("[data-show-when]") || node.closest("[data-show-when]").dataset.showWhen === purpose;
    for (const input of f.querySelectorAll("#level, #assessment_years, #as_of, #birth_date")) {
      if (!visible(input)) continue;
      const value = input.tagName === "SELECT" ? input.selectedOptions[0]?.textContent : input.value;
      rows.push([labelOf(input), value || L.none]);
    }
    if (purpose === "title") {
      rows.push([text(f.querySelector("#sex-label")), chosen("person.sex") || L.none]);
      const ticked = [...f.querySelectorAll(".circumstances input[type=checkbox]:checked")].map((box) => {
        const words = text(box.closest("label").childNodes[1]);
        const revealed = box.dataset.reveals && f.querySelector(`[name="${box.dataset.reveals}"]`);
        return revealed ? `${words}：${revealed.value}` : words;
      });
      rows.push([text(f.querySelector(".circumstances").previousElementSibling), ticked.join("；") || L.none]);
    }
    const head = this.template.content.firstElementChild;
    const columns = ["year", "studied_on", "channel", "subject", "amount"]
      .map((key) => text(head.querySelector(`[data-key="${key}"]`).closest("label").childNodes[0]));
    const records = [...this.records.children].map((row) => {
      const get = (key) => row.querySelector(`[data-key="${key}"]`);
      const option = (key) => (get(key).disabled ? "" : get(key).selectedOptions[0]?.textContent || "");
      const amount = get("amount").disabled || !get("amount").value ? "" : `${get("amount").value} ${option("unit")}`;
      return el("tr", {}, ...[get("year").value, get("studied_on").value, option("channel"), option("subject"), amount]
        .map((v) => el("td", {}, v)));
    });
    const inputs = this.root.querySelector("#print-inputs");
    inputs.replaceChildren(
      el("h2", {}, L.title),
      el("dl", {}, ...rows.flatMap(([k, v]) => [el("dt", {}, k), el("dd", {}, v)])),
      el("table", { class: "print-records" }, el("caption", {}, L.records),
        el("thead", {}, el("tr", {}, ...columns.map((c) => el("th", { scope: "col" }, c)))),
        el("tbody", {}, ...records)),
      el("p", {}, fill(L.printedOn, { date: formatDate(today(), this.labels) })),
    );
  }

  // --- share --------------------------------------------------------------------------
  share() {
    const link = `${location.origin}${location.pathname}#case=${encodeCase(this.caseData)}`;
    const out = this.root.querySelector("#share-output");
    out.hidden = false;
    const manual = () => out.replaceChildren(this.labels.share.manual, " ",
      el("input", { value: link, readonly: "", class: "share-link", "aria-label": this.labels.share.manual }));
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(link).then(() => out.replaceChildren(this.labels.share.copied), manual);
    } else manual();
    out.dataset.link = link;
  }

}

// --- small helpers -----------------------------------------------------------------------
function today() {
  const d = new Date();
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, "0")}-${String(d.getDate()).padStart(2, "0")}`;
}

function isObject(value) {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

// One value of JSON: what a box of the form can hold.
function isValue(value) {
  return value === null || ["string", "number", "boolean"].includes(typeof value);
}

function yearsOf(text) {
  // "2023, 2024" -> [2023, 2024]; a word that is not a whole number is passed on as it is,
  // so that the engine names the field and says what would be valid.
  return String(text || "").split(/[\s,，、;；]+/).filter(Boolean).map((t) => (/^\d+$/.test(t) ? Number(t) : t));
}

// Put a value from a link or this device into a box. A box refuses what it cannot hold (a date
// that does not exist, a word in a number box, an unknown choice): the value is then kept
// beside it and sent as it was, so that the engine judges the same case as the command line
// would and says what is wrong, instead of the page computing another case.
function put(input, value) {
  const text = value == null ? "" : Array.isArray(value) ? value.join(", ") : String(value);
  input.value = text;
  if (input.value !== text) input.dataset.raw = JSON.stringify(value);
  else delete input.dataset.raw;
}

function kept(input) {
  return input.dataset.raw !== undefined && input.value === "" ? JSON.parse(input.dataset.raw) : undefined;
}

function choiceOf(select) {
  return kept(select) ?? select.value;
}

function numberOf(input) {
  if (!input) return undefined;
  if (kept(input) !== undefined) return kept(input);
  if (input.validity && input.validity.badInput) return input.value || "?";
  if (input.value === "") return undefined;
  const n = Number(input.value);
  return Number.isFinite(n) ? n : input.value;
}

// A date box holding a date that does not exist (1979-02-30) or is half typed has no value:
// the engine is told, so that it says so instead of taking the date as not given.
function dateOf(input) {
  if (!input) return undefined;
  if (kept(input) !== undefined) return kept(input);
  if (input.validity && input.validity.badInput) return "?";
  return input.value || undefined;
}

function encodeCase(caseData) {
  const bytes = new TextEncoder().encode(JSON.stringify(caseData));
  let binary = "";
  for (const b of bytes) binary += String.fromCharCode(b);
  return btoa(binary).replaceAll("+", "-").replaceAll("/", "_").replace(/=+$/, "");
}

// Attach the form when the page is parsed, without waiting for Material; then on every page
// Material's instant navigation shows.
if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", attach);
else attach();
if (window.document$) window.document$.subscribe(attach);
