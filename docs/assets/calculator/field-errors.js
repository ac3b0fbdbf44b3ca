// @ts-check
// The form's fields as the engine and the reader name them: a message under its field, the
// fields that a link or this device's storage left unread, and a field's path and label.
// A field's message is shown once the reader has been in that field (left it, or changed it),
// or after a deliberate step (share, print, save), or for a case someone entered before (a
// link, a saved check): never for a box the reader has not reached yet, such as those that
// choosing a title application brings up.

import { el, fill } from "../shared/dom.js";

/** @typedef {import("./result-view.js").FieldError} FieldError */
/** @typedef {HTMLInputElement | HTMLSelectElement} Field */

export class FieldErrors {
  /**
   * @param {HTMLElement} root the calculator's element
   * @param {HTMLFormElement} form
   * @param {HTMLElement} records the list of record rows
   * @param {Record<string, string>} L the saved checks' texts: `unread` names a field left unread
   */
  constructor(root, form, records, L) {
    this.root = root;
    this.form = form;
    this.records = records;
    this.L = L;
    /** Every field's message is shown: a deliberate step was taken, or the case was entered before. */
    this.all = false;
  }

  /**
   * The reader has been in this field. A radio group and a record's amount box are one field.
   * @param {EventTarget | null} target
   */
  touch(target) {
    const input = /** @type {HTMLElement} */ (target);
    if (!input?.dataset?.field && !input?.dataset?.reveals) return;
    const group = /** @type {HTMLInputElement} */ (input).type === "radio"
      ? this.form.querySelectorAll(`[name="${CSS.escape(/** @type {HTMLInputElement} */ (input).name)}"]`) : [input];
    for (const node of /** @type {Iterable<HTMLElement>} */ (group)) node.dataset.touched = "1";
  }

  /**
   * From now on every field's message is shown (`true`), or only those of fields the reader
   * has been in (`false`: a new check, whose boxes are forgotten as touched).
   * @param {boolean} all
   */
  showAll(all) {
    this.all = all;
    if (!all) for (const node of /** @type {NodeListOf<HTMLElement>} */ (this.root.querySelectorAll("[data-touched]"))) delete node.dataset.touched;
  }

  /**
   * Whether a message is the reader's to see now: its field has been touched (a record's own
   * message: any of the record's boxes), or it names no box of the form.
   * @param {FieldError} error
   */
  due({ field }) {
    if (this.all) return true;
    const row = field.match(/^records\[(\d+)\]$/);
    const inputs = row ? [...(this.records.children[Number(row[1])]?.querySelectorAll("[data-key]") || [])] : this.fieldsOf(field);
    if (!inputs.length) return true;
    return inputs.some((input) => /** @type {HTMLElement} */ (input).dataset.touched);
  }

  /**
   * The fields marked by CaseForm.fill() that still count: shown for this purpose, and not
   * answered by the reader since.
   * @param {string | undefined} purpose
   * @returns {FieldError[]}
   */
  unread(purpose) {
    /** @type {Map<string, FieldError>} */
    const errors = new Map();
    for (const node of /** @type {NodeListOf<HTMLElement>} */ (this.root.querySelectorAll("[data-unread]"))) {
      if (!this.inPlay(node, purpose)) continue;
      const field = this.pathOf(node);
      if (!errors.has(field)) errors.set(field, { field, message: fill(this.L.unread, { field: this.nameOf(node) }) });
    }
    return [...errors.values()];
  }

  /** The names of every field left unread, whatever the purpose. */
  unreadNames() {
    return [...new Set([...this.root.querySelectorAll("[data-unread]")].map((node) => this.nameOf(/** @type {HTMLElement} */ (node))))];
  }

  /**
   * @param {HTMLElement} node
   * @param {string | undefined} purpose
   */
  inPlay(node, purpose) {
    if (/** @type {Field} */ (node).disabled) return false;
    const section = /** @type {HTMLElement | null} */ (node.closest("[data-show-when]"));
    if (section && section.dataset.showWhen !== purpose) return false;
    return !/** @type {HTMLElement | null} */ (node.closest("[data-revealed-by]"))?.hidden;
  }

  /**
   * The field path the engine would name: records, records[0], records[0].hours, level.
   * @param {HTMLElement} node
   * @returns {string}
   */
  pathOf(node) {
    if (node === this.records) return "records";
    if (node.matches("li.record")) return /** @type {string} */ (/** @type {HTMLElement} */ (node.querySelector("[data-error-key]")).dataset.errorFor);
    if (node.dataset.key === "amount") {
      const unit = /** @type {HTMLSelectElement} */ (/** @type {HTMLElement} */ (node.closest("li")).querySelector('[data-key="unit"]'));
      return /** @type {string} */ (node.dataset.field).replace(/amount$/, unit.value);
    }
    return /** @type {string} */ (node.dataset.field);
  }

  /**
   * A field as the form names it: its label (a record's fields with the record's number).
   * @param {HTMLElement} node
   * @returns {string}
   */
  nameOf(node) {
    const clean = (/** @type {string} */ words) => words.replace(/\s+/g, " ").trim();
    const text = (/** @type {Node | null | undefined} */ n) => (n ? clean(String(n.textContent)) : "");
    // A tick box's own words, without the clause it cites.
    const words = (/** @type {Element | null} */ input) => clean([...(input?.closest("label")?.childNodes || [])]
      .filter((n) => n.nodeType === Node.TEXT_NODE).map((n) => n.textContent).join(" "));
    if (node === this.records) return text(node.closest("fieldset")?.querySelector("legend"));
    if (node.matches("li.record")) return text(node.querySelector(".record-title"));
    if (node.hasAttribute("aria-label")) return /** @type {string} */ (node.getAttribute("aria-label"));
    if (/** @type {Field} */ (node).type === "radio") return text(document.getElementById(node.closest("[role=radiogroup]")?.getAttribute("aria-labelledby") || ""));
    const label = node.id ? text(this.form.querySelector(`label[for="${CSS.escape(node.id)}"]`)) : "";
    const revealedBy = /** @type {HTMLElement | null} */ (node.closest("[data-revealed-by]"))?.dataset.revealedBy;
    if (revealedBy) return `${words(this.form.querySelector(`[data-reveals="${CSS.escape(revealedBy)}"]`))}：${label}`;
    return label || words(node);
  }

  clear() {
    for (const box of /** @type {NodeListOf<HTMLElement>} */ (this.root.querySelectorAll(".field-error"))) { box.hidden = true; box.textContent = ""; }
    for (const input of this.root.querySelectorAll("[aria-invalid]")) input.removeAttribute("aria-invalid");
  }

  /**
   * The inputs of a field path: records[2].hours -> that row's amount box.
   * @param {string} field
   * @returns {Field[]}
   */
  fieldsOf(field) {
    const recordField = field.match(/^records\[(\d+)\]\.(\w+)$/);
    if (!recordField) return [.../** @type {NodeListOf<Field>} */ (this.root.querySelectorAll(`[data-field="${CSS.escape(field)}"]`))];
    const key = ["hours", "minutes"].includes(recordField[2]) ? "amount" : recordField[2];
    return [.../** @type {NodeListOf<Field>} */ (this.root.querySelectorAll(`[data-field="records[${recordField[1]}].${key}"]`))];
  }

  /** @param {FieldError} error */
  show({ field, message }) {
    // A record's messages go under its row; person.sex under its field box.
    const row = field.match(/^records\[(\d+)\]/);
    let box = /** @type {HTMLElement | null} */ (this.root.querySelector(`.field-error[data-error-for="${CSS.escape(row ? row[0] : field)}"]`));
    const inputs = this.fieldsOf(field);
    box = box || /** @type {HTMLElement | null} */ (this.root.querySelector('.field-error[data-error-for="records"]'));
    if (box) {
      box.hidden = false;
      box.append(el("span", { "data-error-field": field }, message), " ");
    }
    for (const input of inputs) input.setAttribute("aria-invalid", "true");
  }
}
