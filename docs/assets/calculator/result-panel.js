// @ts-check
// The calculator's result on the page: the engine's answer (or the fields to correct, each
// leading to its field), the figures tests and tools read from its data attributes, and the
// phone's status bar that stays in view while the result is out of sight. Before the reader
// has entered anything it shows what the notice asks (served with the page), never a status:
// the region then carries `data-prompt` instead of `data-status` or `data-errors`.

import { el, fill } from "../shared/dom.js";
import { renderResult, summaryLine } from "./result-view.js";

/** @typedef {import("./result-view.js").Result} Result */
/** @typedef {import("./result-view.js").Refusal} Refusal */
/** @typedef {import("./result-view.js").Crash} Crash */
/** @typedef {import("./result-view.js").ResultLabels} ResultLabels */
/** @typedef {import("./field-errors.js").FieldErrors} FieldErrors */

export class ResultPanel {
  /**
   * @param {HTMLElement} root the calculator's element
   * @param {ResultLabels & { fixErrors: string, failed: Record<string, string>, prompt: Record<string, string> }} labels
   * @param {number} notice
   * @param {FieldErrors} fields
   */
  constructor(root, labels, notice, fields) {
    this.L = labels;
    this.notice = notice;
    this.fields = fields;
    this.result = /** @type {HTMLElement} */ (root.querySelector("#result"));
    this.bar = /** @type {HTMLElement} */ (root.querySelector("#status-bar"));
    this.body = /** @type {HTMLElement} */ (root.querySelector("#result-body"));
    this.needed = /** @type {HTMLElement} */ (root.querySelector("#result-prompt .result-needed"));
    /** @type {IntersectionObserver | undefined} */
    this.observer = undefined;
  }

  /**
   * What the notice asks, in place of a result: the form holds nothing the reader entered, or
   * the engine's only objections are to boxes the reader has not reached (`needed`: their
   * names, said as what is still to fill, not as errors).
   * @param {string[]} [needed]
   */
  prompt(needed = []) {
    this.clearFigures();
    delete this.result.dataset.errors;
    this.result.dataset.prompt = "";
    this.body.replaceChildren();
    this.needed.hidden = !needed.length;
    this.needed.textContent = needed.length ? fill(this.L.prompt.needed, { fields: needed.join(this.L.listSeparator) }) : "";
    this.fields.clear();
    delete this.bar.dataset.status; // no status to keep in view
  }

  /** A case waits for the engine's first answer: neither what the notice asks nor a result. */
  waiting() {
    delete this.result.dataset.prompt;
  }

  clearFigures() {
    delete this.result.dataset.status;
    delete this.result.dataset.shortfallPublic;
    delete this.result.dataset.shortfallProfessional;
  }

  /**
   * Shows the engine's answer. `unread`: what could not be read from a link or storage, said
   * first, in place of what the engine says of the empty box it left. A field's message is
   * shown only when it is due (FieldErrors.due); if none is, the region says what is still to
   * fill instead.
   * @param {Result | Refusal | Crash} answer
   * @param {import("./result-view.js").FieldError[]} unread
   */
  show(answer, unread) {
    const L = this.L;
    const body = this.body;
    this.result.dataset.seq = String(Number(this.result.dataset.seq || 0) + 1); // for tests and tools
    if (!performance.getEntriesByName("calculator-first-result").length) performance.mark("calculator-first-result");
    this.fields.clear();
    /** @type {Result | Refusal} */
    let result;
    if (answer.crashed) {
      console.error("calculator:", answer.crashed); // for whoever reports it; the reader gets words
      result = { errors: [{ field: "", message: L.failed.case }] };
    } else result = /** @type {Result | Refusal} */ (answer);
    if (unread.length) {
      const covered = (/** @type {string} */ field) => unread.some((u) => field === u.field || field.startsWith(`${u.field}.`) || field.startsWith(`${u.field}[`));
      result = { errors: [...unread, ...(result.errors || []).filter((e) => !covered(e.field))] };
    }
    if (result.errors) {
      const due = result.errors.filter((error) => this.fields.due(error));
      if (!due.length) {
        const names = result.errors.map(({ field }) => {
          const input = this.fields.fieldsOf(field)[0];
          return input ? this.fields.nameOf(input) : "";
        });
        this.prompt([...new Set(names.filter(Boolean))]);
        return;
      }
      result = { errors: due };
    }
    delete this.result.dataset.prompt;
    this.showBar(result);
    if (result.errors) {
      this.clearFigures();
      this.result.dataset.errors = String(result.errors.length);
      for (const error of result.errors) this.fields.show(error);
      // An error summary: each message leads to its field (the field shows it too).
      const item = (/** @type {import("./result-view.js").FieldError} */ { field, message }) => {
        const go = el("a", { href: `#${this.fields.fieldsOf(field)[0]?.id || "case-form"}` }, message);
        go.addEventListener("click", (event) => {
          event.preventDefault();
          const input = this.fields.fieldsOf(field)[0];
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

  /** The engine could not start: the result says so (for tests and tools). */
  engineFailed() {
    this.result.dataset.engine = "failed";
  }

  /** The engine is ready: said on the region (for tests and tools, with `data-prompt`). */
  engineReady() {
    this.result.dataset.engine = "ready";
  }

  /** Brings the result into view (the status bar's link). */
  open() {
    this.result.scrollIntoView({ block: "start" });
    this.result.focus({ preventScroll: true });
  }

  // On a phone the form is long: a bar at the bottom keeps the status and what is missing in
  // view while the result is out of sight, and opens it.
  watch() {
    if (!("IntersectionObserver" in window)) return;
    // "In sight" once the result reaches above the screen's last quarter.
    this.observer = new IntersectionObserver(([entry]) => {
      this.bar.classList.toggle("away", !entry.isIntersecting);
    }, { rootMargin: "0px 0px -25% 0px" });
    this.observer.observe(this.result);
  }

  detach() {
    this.observer?.disconnect();
  }

  /** @param {Result | Refusal} result */
  showBar(result) {
    const [status, detail] = summaryLine(result, this.L);
    this.bar.dataset.status = result.errors ? "errors" : result.status;
    /** @type {HTMLElement} */ (this.bar.querySelector(".status-bar-status")).textContent = status;
    /** @type {HTMLElement} */ (this.bar.querySelector(".status-bar-detail")).textContent = detail;
  }
}
