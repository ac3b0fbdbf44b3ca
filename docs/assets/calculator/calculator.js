// @ts-check
// The self-check calculator page: the form's case goes to the engine (a worker, engine.js)
// on every change, and its answer to the result. Each part of the page is its own module:
// case-form.js (the form <-> the case), field-errors.js, result-panel.js (the result),
// saved-view.js (the checks this device keeps), print-share.js (printing and links). No
// Chinese and no number of the notice here: texts come from the page (data-labels), rules
// from the engine.
//
// Nothing is judged before the reader asks: a form holding nothing entered shows what the
// notice asks, and a field's message waits until the reader has been in it (field-errors.js).
// A shared link is its own layout from the first paint (html.calc-link, set in the page's
// head): its result first, the case in short, the form on request; the page never scrolls
// itself.

import { attachPage, fill, listen, today } from "../shared/dom.js";
import { CaseForm } from "./case-form.js";
import { FieldErrors } from "./field-errors.js";
import { encodeCase, share, showInputs } from "./print-share.js";
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
 *   saved: Texts, print: Texts, share: Texts, loading: Texts, failed: Texts, prompt: Texts,
 *   arrival: import("./case-form.js").SummaryLabels, recordLabel: string, fixErrors: string,
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
      show: (caseData, origin) => {
        this.arrive(origin);
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
    /** @type {Result | Refusal | Crash | undefined} the engine's answer for that case, if it has come */
    this.answer = undefined;
    // A pointer held down: what would change the page's layout waits until it is released,
    // so that a message appearing as a box loses the focus does not move the button being tapped.
    this.pressing = false;
    /** @type {(() => void) | null} */
    this.afterPress = null;
    /** @type {ReturnType<typeof setTimeout> | undefined} */
    this.pressTimer = undefined;
    /** @type {(state: EngineState) => void} */
    this.onEngine = (state) => this.showEngine(state);
  }

  start() {
    engine = page.calculatorEngine || Engine.start(/** @type {EngineData} */ (this.root.dataset));
    engine.listeners.add(this.onEngine);
    this.showEngine(engine.state);

    this.saved.openInitial();
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
      // A changed choice has been answered (a radio or a list is not "left" as a box is);
      // a box is touched once the reader leaves it.
      if (event.type === "change") this.fields.touch(target);
      this.changed(true);
    };
    form.addEventListener("input", edit);
    form.addEventListener("change", edit);
    form.addEventListener("focusout", (event) => {
      const target = /** @type {HTMLElement} */ (event.target);
      if (target.closest(".saved-checks") || target.dataset.touched) return;
      this.fields.touch(target);
      this.render();
    });
    on("#add-record", "click", () => {
      const records = this.caseForm.records;
      delete records.dataset.unread;
      this.caseForm.addRecord({ year: this.notice });
      this.caseForm.numberRecords();
      this.changed(true);
      /** @type {HTMLInputElement} */ (/** @type {Element} */ (records.lastElementChild).querySelector("input")).focus();
    });
    // Sharing, printing and saving are the reader's deliberate steps: every message is due.
    on("#share", "click", () => {
      this.deliberate();
      share(this.root, this.caseData, this.labels.share);
    });
    on("#print", "click", () => {
      this.deliberate();
      window.print();
    });
    on("#save-check", "click", () => this.deliberate());
    on(".print-requirements", "click", () => window.print());
    on("#edit-case", "click", () => this.editCase());
    this.saved.start();
    on("#status-bar a", "click", (event) => {
      event.preventDefault();
      this.panel.open();
    });
    this.panel.watch();
    this.onRelease = () => {
      if (!this.pressing) return;
      this.pressing = false;
      clearTimeout(this.pressTimer);
      setTimeout(() => { // after the click that this release completes
        const then = this.afterPress;
        this.afterPress = null;
        then?.();
      }, 0);
    };
    this.onPress = () => {
      this.pressing = true;
      clearTimeout(this.pressTimer);
      this.pressTimer = setTimeout(/** @type {() => void} */ (this.onRelease), 1500); // a press whose end never reaches the page
    };
    document.addEventListener("pointerdown", this.onPress, true);
    window.addEventListener("pointerup", this.onRelease, true);
    window.addEventListener("pointercancel", this.onRelease, true);
    // The other script's page (the header's switch) opens the same case: a link's as a link
    // again, with the reader's changes; a check saved here is this device's current one there too.
    this.onSwitch = (/** @type {Event} */ event) => {
      const switchLink = /** @type {HTMLAnchorElement | null} */ (/** @type {Element} */ (event.target).closest?.("a.script-switch"));
      if (!switchLink) return;
      const to = new URL(switchLink.href);
      to.hash = ["link", "gone"].includes(this.saved.origin) && this.caseData ? `case=${encodeCase(this.caseData)}` : "";
      switchLink.href = to.href;
    };
    document.addEventListener("click", this.onSwitch, true);
    this.changed(false);
  }

  detach() {
    engine.listeners.delete(this.onEngine);
    this.saved.detach();
    this.panel.detach();
    if (this.onPress) document.removeEventListener("pointerdown", this.onPress, true);
    if (this.onRelease) {
      window.removeEventListener("pointerup", this.onRelease, true);
      window.removeEventListener("pointercancel", this.onRelease, true);
    }
    if (this.onSwitch) document.removeEventListener("click", this.onSwitch, true);
    // (Material keeps <html> across its page changes: the next page is not a link's.)
    document.documentElement.classList.remove("calc-link");
  }

  // --- which layout: a shared link's, or the usual one ---------------------------------
  /**
   * A check is put on screen. A link's gets the link's layout (result first, the case in
   * short); a case entered before (a link's, or one saved here) has every message due; a new
   * check has none until the reader reaches its fields.
   * @param {import("./saved-view.js").SavedView["origin"]} origin
   */
  arrive(origin) {
    const link = origin === "link";
    document.documentElement.classList.toggle("calc-link", link);
    if (link) delete this.root.dataset.editing;
    /** @type {HTMLElement} */ (this.root.querySelector("#edit-case")).setAttribute("aria-expanded", String(!link));
    this.fields.showAll(origin !== "new");
  }

  // 「修改」: the form, in place of the case in short; the result stays where it is.
  editCase() {
    this.root.dataset.editing = "";
    /** @type {HTMLElement} */ (this.root.querySelector("#edit-case")).setAttribute("aria-expanded", "true");
    const first = /** @type {HTMLElement | null} */ (this.caseForm.form.querySelector('[name="purpose"]:checked, [name="purpose"]'));
    first?.focus();
  }

  showSummary() {
    if (!document.documentElement.classList.contains("calc-link")) return;
    /** @type {HTMLElement} */ (this.root.querySelector("#case-summary-body")).replaceChildren(
      ...this.caseForm.summary(this.labels.arrival, this.labels));
  }

  // Share, print, save: from now on the messages of every field are due, and shown at once.
  deliberate() {
    this.fields.showAll(true);
    this.render();
  }

  /**
   * Runs `then` now, or once the pointer held down is released.
   * @param {() => void} then
   */
  whenReleased(then) {
    if (this.pressing) this.afterPress = then;
    else then();
  }

  /**
   * Whether the form holds nothing the reader (or whoever made the link or the saved check)
   * entered: the purpose and date as a new check has them, no record, nothing unreadable.
   * @param {Case} caseData
   */
  isBlank(caseData) {
    return caseData.purpose === "annual" && !caseData.records.length && (!caseData.as_of || caseData.as_of === today())
      && !this.root.querySelector("[data-unread], [data-raw]");
  }

  // --- every change: show what applies, remember, ask the engine ----------------------
  /** @param {boolean} byUser the reader's own change (not a check opened, nor the engine's answer) */
  changed(byUser) {
    const caseData = this.caseForm.read();
    this.caseForm.showFields(caseData.purpose);
    this.caseData = caseData;
    this.saved.remember(byUser);
    this.showSummary();
    if (this.isBlank(caseData)) {
      ++this.latest; // an answer still on its way is for a case no longer there
      this.answer = undefined;
      this.render();
      return;
    }
    // A case to judge, and none judged yet: what the notice asks goes; the loading line holds
    // the result's place until the engine answers (on a link's first paint it is all there is).
    if (!this.answer) this.panel.waiting();
    this.ask();
  }

  async ask() {
    if (!engine.state.ready || !this.caseData || this.isBlank(this.caseData)) return; // asked again when the engine is ready
    const ticket = ++this.latest;
    const result = /** @type {Result | Refusal | Crash} */ (await engine.check(this.caseData, today(), this.script));
    if (ticket !== this.latest) return;
    this.answer = result;
    this.render();
  }

  // The region as the case and the fields touched say: the engine's answer, or what the
  // notice asks (a blank form); nothing yet while a case waits for the engine's first answer.
  render() {
    this.whenReleased(() => {
      if (this.answer) this.panel.show(this.answer, this.fields.unread(this.caseData?.purpose));
      else if (this.caseData && this.isBlank(this.caseData)) this.panel.prompt();
      else return;
      showInputs(this.root, this.caseForm, this.caseData?.purpose, this.labels);
    });
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
    } else if (state.ready) {
      this.panel.engineReady();
      if (this.caseData) this.ask();
    }
  }
}

attachPage("calculator", (root) => new CalculatorPage(root));
