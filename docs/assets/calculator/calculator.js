// @ts-check
// The self-check calculator page: the form's case goes to the engine (a worker, engine.js)
// on every change, and its answer to the result. Each part of the page is its own module:
// case-form.js (the form <-> the case), field-errors.js, result-panel.js (the result),
// saved-view.js (the checks this device keeps), print-share.js (printing and links). No
// Chinese and no number of the notice here: texts come from the page (data-labels), rules
// from the engine.

import { attachPage, fill, listen, today } from "../shared/dom.js";
import { CaseForm } from "./case-form.js";
import { FieldErrors } from "./field-errors.js";
import { share, showInputs } from "./print-share.js";
import { ResultPanel } from "./result-panel.js";
import { SavedView } from "./saved-view.js";

/** @typedef {import("./case-values.js").Case} Case */
/** @typedef {import("./result-view.js").Result} Result */
/** @typedef {import("./result-view.js").Refusal} Refusal */
/** @typedef {import("./result-view.js").Crash} Crash */
/** @typedef {Record<string, string>} Texts */
/**
 * The page's texts (scripts/site_builder/labels.py, CALCULATOR).
 * @typedef {import("./result-view.js").ResultLabels & {
 *   saved: Texts, print: Texts, share: Texts, loading: Texts, failed: Texts,
 *   recordLabel: string, fixErrors: string,
 * }} Labels
 */

const page = /** @type {EngineWindow} */ (window); // its globals: engine.js
const Engine = /** @type {CalculatorEngineClass} */ (page.CalculatorEngine); // engine.js, loaded on every page before this module
/** @type {CalculatorEngine} one worker per tab, kept across Material's instant page changes */
let engine;

class CalculatorPage {
  /** @param {HTMLElement} root */
  constructor(root) {
    this.root = root;
    /** @type {Labels} */
    this.labels = JSON.parse(String(root.dataset.labels));
    this.notice = Number(root.dataset.notice);
    this.script = document.documentElement.lang.toLowerCase().includes("hant") ? "hant" : "hans";
    this.caseForm = new CaseForm(root, this.notice, this.labels.recordLabel, () => this.changed(true));
    this.fields = new FieldErrors(root, this.caseForm.form, this.caseForm.records, this.labels.saved);
    this.panel = new ResultPanel(root, this.labels, this.notice, this.fields);
    this.saved = new SavedView(root, this.labels, this.notice, Engine, {
      show: (caseData) => {
        this.caseForm.fill(caseData);
        return this.fields.unreadNames();
      },
      changed: (byUser) => this.changed(byUser),
      caseData: () => this.caseData,
      blank: () => this.caseForm.blank(),
      form: this.caseForm.form,
    });
    this.latest = 0;
    /** @type {Case | undefined} the case the form holds, as last read */
    this.caseData = undefined;
    /** @type {(state: EngineState) => void} */
    this.onEngine = (state) => this.showEngine(state);
  }

  start() {
    engine = page.calculatorEngine || Engine.start(/** @type {EngineData} */ (this.root.dataset));
    engine.listeners.add(this.onEngine);
    this.showEngine(engine.state);

    const link = this.saved.openInitial();
    const on = listen(this.root);
    const form = this.caseForm.form;
    // The saved-check controls sit in the form but are not part of the case.
    const edit = (/** @type {Event} */ event) => {
      const target = /** @type {HTMLInputElement} */ (event.target);
      if (target.closest(".saved-checks")) return;
      delete target.dataset.raw; // the reader's own value replaces what a link had put there
      // ...and answers the message that what was there could not be read.
      delete target.dataset.unread;
      if (target.type === "radio") {
        for (const radio of /** @type {NodeListOf<HTMLInputElement>} */ (form.querySelectorAll(`[name="${target.name}"]`))) delete radio.dataset.unread;
      }
      const row = /** @type {HTMLElement | null} */ (target.closest("li.record"));
      if (row) delete row.dataset.unread;
      this.changed(true);
    };
    form.addEventListener("input", edit);
    form.addEventListener("change", edit);
    on("#add-record", "click", () => {
      const records = this.caseForm.records;
      delete records.dataset.unread;
      this.caseForm.addRecord({ year: this.notice });
      this.caseForm.numberRecords();
      this.changed(true);
      /** @type {HTMLInputElement} */ (/** @type {Element} */ (records.lastElementChild).querySelector("input")).focus();
    });
    on("#share", "click", () => share(this.root, this.caseData, this.labels.share));
    on("#print", "click", () => window.print());
    on(".print-requirements", "click", () => window.print());
    this.saved.start();
    on("#status-bar a", "click", (event) => {
      event.preventDefault();
      this.panel.open();
    });
    this.panel.watch();
    this.changed(false);
    // A shared link is opened to see its result: bring it into view once the page's styles
    // have laid it out (before that, the form's height is not yet its own).
    if (link) {
      const show = () => this.panel.reveal();
      if (document.readyState === "complete") show();
      else window.addEventListener("load", show, { once: true });
    }
  }

  detach() {
    engine.listeners.delete(this.onEngine);
    this.saved.detach();
    this.panel.detach();
  }

  // --- every change: show what applies, remember, ask the engine ----------------------
  /** @param {boolean} byUser the reader's own change (not a check opened, nor the engine's answer) */
  changed(byUser) {
    const caseData = this.caseForm.read();
    this.caseForm.showFields(caseData.purpose);
    this.caseData = caseData;
    this.saved.remember(byUser);
    this.ask();
  }

  async ask() {
    if (!engine.state.ready) return; // asked again when the engine is ready
    const ticket = ++this.latest;
    const result = /** @type {Result | Refusal | Crash} */ (await engine.check(this.caseData, today(), this.script));
    if (ticket === this.latest) this.show(result);
  }

  /** @param {Result | Refusal | Crash} result */
  show(result) {
    this.panel.show(result, this.fields.unread(this.caseData?.purpose));
    showInputs(this.root, this.caseForm, this.caseData?.purpose, this.labels);
  }

  /** @param {EngineState} state */
  showEngine(state) {
    const status = /** @type {HTMLElement} */ (this.root.querySelector("#engine-status"));
    const progress = /** @type {HTMLProgressElement} */ (this.root.querySelector("#engine-progress"));
    const stages = ["start", "runtime", "rules", "ready"];
    // Where the download is counted, the bar follows it up to 2 of 3; then the last stages.
    const index = Math.max(0, stages.indexOf(state.stage));
    const downloading = state.downloaded !== null && state.downloaded < 1 && !state.ready;
    progress.value = state.downloaded !== null && index < 2 ? 2 * state.downloaded : index;
    const stage = downloading ? "start" : state.stage;
    status.textContent = fill(this.labels.loading[stage] || "", { year: this.notice });
    /** @type {HTMLElement} */ (this.root.querySelector("#engine-percent")).textContent =
      downloading ? fill(this.labels.loading.downloaded, { percent: Math.floor(100 * /** @type {number} */ (state.downloaded)) }) : "";
    const box = /** @type {HTMLElement} */ (this.root.querySelector("#engine"));
    box.dataset.stage = state.stage;
    if (state.failed) {
      box.hidden = true;
      const failed = /** @type {HTMLElement} */ (this.root.querySelector("#engine-failed"));
      failed.hidden = false;
      /** @type {HTMLElement} */ (failed.querySelector("#engine-failed-reason")).textContent =
        fill(this.labels.failed[state.failed.kind], state.failed) + (state.failed.detail || "");
      this.panel.engineFailed();
      this.root.dataset.engineFailed = state.failed.kind;
    } else if (state.ready && this.caseData) this.ask();
  }
}

attachPage("calculator", (root) => new CalculatorPage(root));
