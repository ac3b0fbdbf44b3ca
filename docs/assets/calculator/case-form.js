// @ts-check
// The calculator's form <-> a case (CONTRACT.md "A case"): the form filled from a case (a
// link's, a saved check's, or a new one), its record rows, and the case read back from it.
// What a box could not take is marked (data-unread) for field-errors.js to name.

import { el, fill, formatDate, today } from "../shared/dom.js";
import { choiceOf, circumstanceOf, dateOf, isObject, isValue, numberOf, put, takesAmount, yearsOf } from "./case-values.js";

/** @typedef {import("./case-values.js").Case} Case */
/** @typedef {HTMLInputElement | HTMLSelectElement} Field */
/**
 * The words of a case in short (scripts/site_builder/labels.py, CALCULATOR "arrival").
 * @typedef {{ records: string, noRecords: string, record: string, recordExam: string, date: string }} SummaryLabels
 */

/**
 * A circumstance of the person that the form asks about: its field (`person.<id>`), its kind
 * ("yes_no", "years" or "year") and its tick box.
 * @typedef {{ id: string, kind: string, tick: HTMLInputElement }} Circumstance
 */

export class CaseForm {
  /**
   * @param {HTMLElement} root the calculator's element
   * @param {number} notice the notice's year (a new record's year)
   * @param {string} recordLabel a record's name, such as 「第 {n} 條記錄」
   * @param {() => void} onRemove a record row was removed by the reader
   */
  constructor(root, notice, recordLabel, onRemove) {
    this.root = root;
    this.notice = notice;
    this.recordLabel = recordLabel;
    this.onRemove = onRemove;
    this.form = /** @type {HTMLFormElement} */ (root.querySelector("#case-form"));
    this.records = /** @type {HTMLOListElement} */ (root.querySelector("#records"));
    this.template = /** @type {HTMLTemplateElement} */ (root.querySelector("#record-template"));
  }

  /**
   * The circumstances this year's rules read, as the page declares them (data-circumstance and
   * data-kind on each tick box, written from the rule blocks), in the form's order.
   * @returns {Circumstance[]}
   */
  circumstances() {
    return [.../** @type {NodeListOf<HTMLInputElement>} */ (this.form.querySelectorAll("[data-circumstance]"))]
      .map((tick) => ({ id: String(tick.dataset.circumstance), kind: String(tick.dataset.kind), tick }));
  }

  /** @returns {Case} */
  blank() {
    return { notice: this.notice, purpose: "annual", records: [] };
  }

  /**
   * A link or this device's storage may hold anything: a box takes only a value (a list of
   * values where the form takes several); anything else leaves the box empty and marked, and
   * the mark is that field's message until the reader fills it in (field-errors.js).
   * @param {Record<string, unknown>} caseData
   */
  fill(caseData) {
    const f = this.form;
    for (const node of this.root.querySelectorAll("[data-unread]")) delete /** @type {HTMLElement} */ (node).dataset.unread;
    /** @type {(name: string, value: unknown, many?: boolean) => void} */
    const set = (name, value, many = false) => {
      const inputs = /** @type {NodeListOf<Field>} */ (f.querySelectorAll(`[name="${name}"]`));
      const readable = value === undefined || isValue(value) || (many && Array.isArray(value) && value.every(isValue));
      for (const input of inputs) {
        if (!readable) input.dataset.unread = "1";
        if (input.type === "radio") /** @type {HTMLInputElement} */ (input).checked = readable && input.value === value;
        else if (input.type === "checkbox") /** @type {HTMLInputElement} */ (input).checked = readable && value === true;
        else put(input, readable ? value : undefined);
      }
    };
    set("purpose", typeof caseData.purpose === "string" || isObject(caseData.purpose) || Array.isArray(caseData.purpose) ? caseData.purpose : "annual");
    if (caseData.level !== undefined && caseData.level !== null) set("level", caseData.level);
    set("assessment_years", caseData.assessment_years || [], true);
    set("as_of", caseData.as_of || today());
    const person = isObject(caseData.person) ? caseData.person : {};
    set("person.sex", person.sex);
    set("person.birth_date", person.birth_date);
    for (const { id, kind } of this.circumstances()) set(`person.${id}`, person[id], kind === "years");
    for (const box of /** @type {NodeListOf<HTMLInputElement>} */ (f.querySelectorAll("[data-reveals]"))) {
      const value = person[String(box.dataset.reveals).slice("person.".length)];
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
      if (!isObject(record)) /** @type {HTMLElement} */ (rows.lastElementChild).dataset.unread = "1";
    }
    this.records.replaceChildren(rows);
    this.numberRecords();
  }

  /**
   * A record's row, filled from `record`, added to `to`.
   * @param {Record<string, unknown>} record
   * @param {ParentNode} [to]
   */
  addRecord(record, to = this.records) {
    const row = /** @type {HTMLLIElement} */ (/** @type {Element} */ (this.template.content.firstElementChild).cloneNode(true));
    const field = (/** @type {string} */ key) => /** @type {Field} */ (row.querySelector(`[data-key="${key}"]`));
    /** @type {(input: Field, value: unknown) => void} */
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
    /** @type {HTMLButtonElement} */ (row.querySelector(".remove-record")).addEventListener("click", () => {
      row.remove();
      this.numberRecords();
      this.onRemove();
    });
    to.append(row);
  }

  /** The rows, in their order. */
  rows() {
    return /** @type {HTMLLIElement[]} */ ([...this.records.children]);
  }

  // Field paths (records[2].hours) and labels follow the rows' order: done once per change
  // of rows, not on every keystroke.
  numberRecords() {
    this.rows().forEach((row, i) => {
      const title = fill(this.recordLabel, { n: i + 1 });
      /** @type {HTMLElement} */ (row.querySelector(".record-title")).textContent = title;
      for (const input of /** @type {NodeListOf<Field>} */ (row.querySelectorAll("[data-key]"))) {
        input.dataset.field = `records[${i}].${input.dataset.key}`;
        input.setAttribute("aria-label", `${title} ${String(input.parentElement?.firstChild?.textContent).trim()}`);
      }
      const remove = /** @type {HTMLButtonElement} */ (row.querySelector(".remove-record"));
      remove.setAttribute("aria-label", `${remove.textContent} ${title}`);
      /** @type {HTMLElement} */ (row.querySelector("[data-error-key]")).dataset.errorFor = `records[${i}]`;
    });
  }

  /**
   * The case the form holds.
   * @returns {Case}
   */
  read() {
    const f = this.form;
    const value = (/** @type {string} */ name) =>
      /** @type {Field | null} */ (f.querySelector(`[name="${name}"]:checked`) || f.querySelector(`[name="${name}"]:not([type=radio])`))?.value;
    const input = (/** @type {string} */ name) => /** @type {HTMLInputElement | null} */ (f.querySelector(`[name="${name}"]`));
    const purpose = value("purpose"); // none when the link's purpose was not one of the form's: the engine says so
    /** @type {Case} */
    const caseData = { notice: this.notice, purpose, records: [] };
    const asOf = dateOf(input("as_of"));
    if (asOf) caseData.as_of = asOf;
    if (purpose === "title") {
      caseData.level = choiceOf(/** @type {Field} */ (f.querySelector('[name="level"]')));
      /** @type {Record<string, unknown>} */
      const person = {};
      const sex = /** @type {HTMLInputElement | null} */ (f.querySelector('[name="person.sex"]:checked'));
      if (sex) person.sex = sex.value;
      const birth = dateOf(input("person.birth_date"));
      if (birth) person.birth_date = birth;
      for (const { id, kind, tick } of this.circumstances()) {
        const given = circumstanceOf(kind, tick.checked, kind === "yes_no" ? null : input(`person.${id}`));
        if (given !== undefined) person[id] = given;
      }
      caseData.person = person;
    }
    if (purpose === "assessment") caseData.assessment_years = yearsOf(value("assessment_years"));
    for (const row of this.rows()) {
      const get = (/** @type {string} */ key) => /** @type {Field} */ (row.querySelector(`[data-key="${key}"]`));
      /** @type {Record<string, unknown>} */
      const record = { year: numberOf(get("year")), channel: choiceOf(get("channel")) };
      const studied = dateOf(get("studied_on"));
      if (studied) record.studied_on = studied;
      if (takesAmount(/** @type {HTMLSelectElement} */ (get("channel")).selectedOptions[0])) {
        record.subject = choiceOf(get("subject"));
        const amount = numberOf(get("amount"));
        if (amount !== undefined) record[get("unit").value] = amount;
      }
      if (record.year === undefined) delete record.year;
      caseData.records.push(record);
    }
    return caseData;
  }

  /**
   * The case in a few lines, in the form's own words: what was asked, the person (for a title),
   * and each record on a line. For a shared link, shown in place of the form.
   * @param {SummaryLabels} L
   * @param {{ date: string, listSeparator: string, print: Record<string, string> }} page the page's date words, list separator and 「無」
   * @returns {HTMLElement[]}
   */
  summary(L, page) {
    const f = this.form;
    const text = (/** @type {Node | null | undefined} */ node) => (node ? String(node.textContent).replace(/\s+/g, " ").trim() : "");
    // A label's own words, without the hint or the clause it cites.
    const own = (/** @type {Element | null | undefined} */ label) => (label ? [...label.childNodes]
      .filter((n) => n.nodeType === Node.TEXT_NODE).map((n) => n.textContent).join(" ").replace(/\s+/g, " ").trim() : "");
    const date = (/** @type {string} */ iso) => (/^\d{4}-\d{2}-\d{2}$/.test(iso) ? formatDate(iso, page) : iso);
    const purpose = /** @type {HTMLInputElement | null} */ (f.querySelector('[name="purpose"]:checked'));
    const applies = (/** @type {Element} */ node) => {
      const section = /** @type {HTMLElement | null} */ (node.closest("[data-show-when]"));
      return !section || section.dataset.showWhen === purpose?.value;
    };
    /** @type {[string, string][]} */
    const rows = [[text(f.querySelector("#purpose-label")), own(purpose?.closest("label")) || page.print.none]];
    const level = /** @type {HTMLSelectElement} */ (f.querySelector("#level"));
    if (applies(level)) rows.push([text(f.querySelector('label[for="level"]')), text(level.selectedOptions[0])]);
    const years = /** @type {HTMLInputElement} */ (f.querySelector("#assessment_years"));
    if (applies(years)) rows.push([text(f.querySelector('label[for="assessment_years"]')), years.value || page.print.none]);
    const asOf = /** @type {HTMLInputElement} */ (f.querySelector("#as_of"));
    rows.push([text(f.querySelector('label[for="as_of"]')), asOf.value ? date(asOf.value) : page.print.none]);
    if (purpose?.value === "title") {
      // Sex and birth date are asked where the year has an age rule.
      const sex = f.querySelector('[name="person.sex"]:checked');
      if (f.querySelector("#sex-label")) rows.push([text(f.querySelector("#sex-label")), own(sex?.closest("label")) || page.print.none]);
      const birth = /** @type {HTMLInputElement | null} */ (f.querySelector("#birth_date"));
      if (birth) rows.push([text(f.querySelector('label[for="birth_date"]')), birth.value ? date(birth.value) : page.print.none]);
      const ticked = [.../** @type {NodeListOf<HTMLInputElement>} */ (f.querySelectorAll(".circumstances input[type=checkbox]:checked"))].map((box) => {
        const revealed = box.dataset.reveals && /** @type {HTMLInputElement | null} */ (f.querySelector(`[name="${box.dataset.reveals}"]`));
        return revealed && revealed.value ? `${own(box.closest("label"))}：${revealed.value}` : own(box.closest("label"));
      });
      if (ticked.length) rows.push([text(f.querySelector(".circumstances")?.closest("fieldset")?.querySelector("legend")), ticked.join(page.listSeparator)]);
    }
    const records = this.rows().map((row) => {
      const get = (/** @type {string} */ key) => /** @type {HTMLInputElement & HTMLSelectElement} */ (row.querySelector(`[data-key="${key}"]`));
      const option = (/** @type {string} */ key) => text(get(key).selectedOptions[0]);
      const values = {
        year: get("year").value, channel: option("channel"), subject: option("subject"),
        amount: get("amount").value ? `${get("amount").value} ${option("unit")}` : page.print.none,
        date: get("studied_on").value ? fill(L.date, { date: date(get("studied_on").value) }) : "",
      };
      return el("li", {}, fill(get("amount").disabled ? L.recordExam : L.record, values));
    });
    return [
      el("dl", { class: "case-summary-list" }, ...rows.flatMap(([k, v]) => [el("dt", {}, k), el("dd", {}, v)]),
        el("dt", {}, L.records), el("dd", {}, records.length ? el("ol", { class: "case-summary-records" }, ...records) : L.noRecords)),
    ];
  }

  /**
   * Shows the fields that apply to `purpose`, and to each record's channel and each ticked box.
   * @param {string | undefined} purpose
   */
  showFields(purpose) {
    // The fields of this purpose (CSS; engine.js set it from the head for the first paint).
    document.documentElement.dataset.calcPurpose = String(purpose);
    for (const row of this.rows()) {
      const none = !takesAmount(/** @type {HTMLSelectElement} */ (row.querySelector('[data-key="channel"]')).selectedOptions[0]);
      for (const key of ["subject", "amount", "unit"]) /** @type {Field} */ (row.querySelector(`[data-key="${key}"]`)).disabled = none;
    }
    for (const box of /** @type {NodeListOf<HTMLInputElement>} */ (this.form.querySelectorAll("[data-reveals]"))) {
      /** @type {HTMLElement} */ (this.form.querySelector(`[data-revealed-by="${box.dataset.reveals}"]`)).hidden = !box.checked;
    }
  }
}
