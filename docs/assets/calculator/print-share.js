// @ts-check
// What leaves the page: the printed result's copy of every input, and a link to share the
// case (`#case=`, CONTRACT.md "The browser page's contract"; engine.js decodes it).

import { el, fill, formatDate, today } from "../shared/dom.js";

/** @typedef {import("./case-form.js").CaseForm} CaseForm */
/** @typedef {Record<string, string>} Texts */

/**
 * A case in a shared link: its JSON in UTF-8, base64url without padding.
 * @param {unknown} caseData
 * @returns {string}
 */
export function encodeCase(caseData) {
  const bytes = new TextEncoder().encode(JSON.stringify(caseData));
  let binary = "";
  for (const b of bytes) binary += String.fromCharCode(b);
  return btoa(binary).replaceAll("+", "-").replaceAll("/", "_").replace(/=+$/, "");
}

/**
 * What was asked, for the printed result: every input beside the verdict, and the date.
 * @param {HTMLElement} root the calculator's element
 * @param {CaseForm} caseForm
 * @param {string | undefined} purpose
 * @param {{ print: Texts, date: string }} labels
 */
export function showInputs(root, caseForm, purpose, labels) {
  const L = labels.print;
  const f = caseForm.form;
  const text = (/** @type {Node | null | undefined} */ node) => (node ? String(node.textContent).replace(/\s+/g, " ").trim() : "");
  const labelOf = (/** @type {HTMLInputElement | HTMLSelectElement} */ input) =>
    text(input.closest("label")?.childNodes[0]) || text(f.querySelector(`label[for="${input.id}"]`));
  /** @type {[string, string][]} */
  const rows = [];
  const chosen = (/** @type {string} */ name) => text(f.querySelector(`[name="${name}"]:checked`)?.closest("label"));
  rows.push([text(f.querySelector("#purpose-label")), chosen("purpose")]);
  const visible = (/** @type {Element} */ node) =>
    !node.closest("[data-show-when]") || /** @type {HTMLElement} */ (node.closest("[data-show-when]")).dataset.showWhen === purpose;
  for (const input of /** @type {NodeListOf<HTMLInputElement | HTMLSelectElement>} */ (f.querySelectorAll("#level, #assessment_years, #as_of, #birth_date"))) {
    if (!visible(input)) continue;
    const value = input.tagName === "SELECT" ? /** @type {HTMLSelectElement} */ (input).selectedOptions[0]?.textContent : input.value;
    rows.push([labelOf(input), value || L.none]);
  }
  if (purpose === "title") {
    rows.push([text(f.querySelector("#sex-label")), chosen("person.sex") || L.none]);
    const boxes = /** @type {NodeListOf<HTMLInputElement>} */ (f.querySelectorAll(".circumstances input[type=checkbox]:checked"));
    const ticked = [...boxes].map((box) => {
      const words = text(box.closest("label")?.childNodes[1]);
      const revealed = box.dataset.reveals && /** @type {HTMLInputElement | null} */ (f.querySelector(`[name="${box.dataset.reveals}"]`));
      return revealed ? `${words}：${revealed.value}` : words;
    });
    rows.push([text(f.querySelector(".circumstances")?.previousElementSibling), ticked.join("；") || L.none]);
  }
  const head = /** @type {Element} */ (caseForm.template.content.firstElementChild);
  const columns = ["year", "studied_on", "channel", "subject", "amount"]
    .map((key) => text(head.querySelector(`[data-key="${key}"]`)?.closest("label")?.childNodes[0]));
  const records = caseForm.rows().map((row) => {
    const get = (/** @type {string} */ key) => /** @type {HTMLInputElement & HTMLSelectElement} */ (row.querySelector(`[data-key="${key}"]`));
    const option = (/** @type {string} */ key) => (get(key).disabled ? "" : get(key).selectedOptions[0]?.textContent || "");
    const amount = get("amount").disabled || !get("amount").value ? "" : `${get("amount").value} ${option("unit")}`;
    return el("tr", {}, ...[get("year").value, get("studied_on").value, option("channel"), option("subject"), amount]
      .map((v) => el("td", {}, v)));
  });
  /** @type {HTMLElement} */ (root.querySelector("#print-inputs")).replaceChildren(
    el("h2", {}, L.title),
    el("dl", {}, ...rows.flatMap(([k, v]) => [el("dt", {}, k), el("dd", {}, v)])),
    el("table", { class: "print-records" }, el("caption", {}, L.records),
      el("thead", {}, el("tr", {}, ...columns.map((c) => el("th", { scope: "col" }, c)))),
      el("tbody", {}, ...records)),
    el("p", {}, fill(L.printedOn, { date: formatDate(today(), labels) })),
  );
}

/**
 * The case's link, copied for the reader where the browser lets the page; else shown to copy.
 * @param {HTMLElement} root the calculator's element
 * @param {unknown} caseData
 * @param {Texts} L the share texts
 */
export function share(root, caseData, L) {
  const link = `${location.origin}${location.pathname}#case=${encodeCase(caseData)}`;
  const out = /** @type {HTMLElement} */ (root.querySelector("#share-output"));
  out.hidden = false;
  const manual = () => out.replaceChildren(L.manual, " ",
    el("input", { value: link, readonly: "", class: "share-link", "aria-label": L.manual }));
  if (navigator.clipboard && window.isSecureContext) {
    navigator.clipboard.writeText(link).then(() => out.replaceChildren(L.copied), manual);
  } else manual();
  out.dataset.link = link;
}
