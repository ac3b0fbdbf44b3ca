// @ts-check
// What leaves the page: the printout (every input, the check's name, the site's name and
// address, the printing date, the platforms' phone numbers), a link to share the case
// (`#case=`, CONTRACT.md "The browser page's contract"; engine.js decodes it), the deadline
// as a calendar file, and the result as text for the unit. In a chat app's browser, where
// downloads and printing do nothing, the page says what to do and offers the text to copy.

import { el, fill, formatDate, today } from "../shared/dom.js";
import { resultText } from "../shared/copy-text.js";
import { icsText } from "../shared/ics.js";
import { copyText, copyBox, inAppBrowser, inAppNotice, saveFile } from "../shared/inapp.js";
import { applicationLine, deadlineOf, resultIn } from "./result-view.js";

/** @typedef {import("./case-form.js").CaseForm} CaseForm */
/** @typedef {import("./result-view.js").Result} Result */
/** @typedef {import("./result-view.js").ResultLabels} ResultLabels */
/** @typedef {import("../shared/inapp.js").InAppLabels} InAppLabels */
/** @typedef {import("../shared/copy-text.js").CopyLabels} CopyLabels */
/** @typedef {Record<string, string>} Texts */
/**
 * The texts this module reads (scripts/site_builder/labels.py, CALCULATOR).
 * @typedef {ResultLabels & { print: Texts, saved: Texts, actions: Texts, calendar: Texts,
 *   copy: CopyLabels & Texts, inApp: InAppLabels }} PrintLabels
 */
/** @typedef {{ name: string, address: string, phone: string }} Platform */

/**
 * What each calculator element last showed, for the browser's own print and the buttons.
 * @type {WeakMap<HTMLElement, { caseForm: CaseForm, purpose: string | undefined, labels: PrintLabels }>}
 */
const shown = new WeakMap();

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
  const all = /** @type {PrintLabels} */ (/** @type {unknown} */ (labels));
  const first = !shown.has(root);
  shown.set(root, { caseForm, purpose, labels: all });
  if (first) attach(root);
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
    // Sex and the circumstances are asked where the year's rules read them.
    if (f.querySelector("#sex-label")) rows.push([text(f.querySelector("#sex-label")), chosen("person.sex") || L.none]);
    const boxes = /** @type {NodeListOf<HTMLInputElement>} */ (f.querySelectorAll(".circumstances input[type=checkbox]:checked"));
    const ticked = [...boxes].map((box) => {
      const words = text(box.closest("label")?.childNodes[1]);
      const revealed = box.dataset.reveals && /** @type {HTMLInputElement | null} */ (f.querySelector(`[name="${box.dataset.reveals}"]`));
      return revealed ? `${words}：${revealed.value}` : words;
    });
    const list = f.querySelector(".circumstances");
    if (list) rows.push([text(list.previousElementSibling), ticked.join("；") || L.none]);
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
    platformsBlock(all),
  );
  printHead(root);
  root.querySelector("#print-output")?.remove(); // its text was of the result before
  resultExtras(root);
}

// --- the printout's head and the platforms' phone numbers ---------------------------------

/**
 * The check's name, if the reader named it: the name box holds it (saved-view.js), and a
 * name the page gave by itself (「查詢 3」) says nothing on paper.
 * @param {HTMLElement} root
 * @param {PrintLabels} labels
 * @returns {string}
 */
function checkName(root, labels) {
  const name = /** @type {HTMLInputElement | null} */ (root.querySelector("#check-name"))?.value.trim() || "";
  const escape = (/** @type {string} */ text) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  const given = new RegExp(`^${labels.saved.defaultName.split("{n}").map(escape).join("\\d+")}$`);
  return given.test(name) ? "" : name;
}

/** The page's own address, without a case or a place in it. */
const pageAddress = () => `${location.origin}${location.pathname}`;

/**
 * Above the printed result: the site's name and the page's address, the check's name and
 * the printing date. Made again before each print, so the name and the date are current.
 * @param {HTMLElement} root
 */
function printHead(root) {
  const state = shown.get(root);
  if (!state) return;
  const P = state.labels.print;
  const column = root.querySelector(".result-column") || root;
  let head = /** @type {HTMLElement | null} */ (column.querySelector(":scope > .print-head"));
  if (!head) {
    head = el("div", { class: "print-head" });
    column.prepend(head);
  }
  const site = document.querySelector('meta[property="og:site_name"]')?.getAttribute("content") || "";
  const name = checkName(root, state.labels);
  const meta = [fill(P.printedOn, { date: formatDate(today(), state.labels) })];
  if (name) meta.unshift(fill(P.name, { name }));
  head.replaceChildren(
    el("p", { class: "print-site" }, fill(P.site, { site, address: pageAddress() })),
    el("p", { class: "print-meta" }, meta.join("　")),
  );
}

/** @type {Map<string, Promise<Platform[]>>} by the platforms page's address */
const platformLists = new Map();

/**
 * The platforms that have a phone number, read from the year's platforms page (made from
 * platforms.yaml at build, so the numbers have one source). The page is the site's own, and
 * the service worker keeps it for offline visits.
 * @param {string} address
 * @returns {Promise<Platform[]>}
 */
function platformsAt(address) {
  let list = platformLists.get(address);
  if (!list) {
    list = fetch(address).then((response) => {
      if (!response.ok) throw new Error(`${response.status}`);
      return response.text();
    }).then((html) => {
      const article = new DOMParser().parseFromString(html, "text/html").querySelector("article");
      /** @type {Platform[]} */
      const found = [];
      for (const heading of article ? article.querySelectorAll("h2") : []) {
        const title = /** @type {HTMLElement} */ (heading.cloneNode(true));
        title.querySelector(".headerlink")?.remove();
        let phone = "";
        let web = "";
        for (let next = heading.nextElementSibling; next && next.tagName !== "H2"; next = next.nextElementSibling) {
          phone ||= next.querySelector('a[href^="tel:"]')?.textContent?.trim() || "";
          web ||= next.querySelector('a[href^="http"]')?.textContent?.trim() || "";
        }
        if (phone) found.push({ name: String(title.textContent).trim(), address: web, phone });
      }
      if (!found.length) throw new Error("no phone numbers on the platforms page");
      return found;
    });
    list.catch(() => platformLists.delete(address)); // asked again with the next result
    platformLists.set(address, list);
  }
  return list;
}

/**
 * The platforms' names, addresses and phone numbers, printed (on screen the result links
 * their page). Until they are read, or if they cannot be, the page's full address.
 * @param {PrintLabels} labels
 * @returns {HTMLElement}
 */
function platformsBlock(labels) {
  const P = labels.print;
  const address = new URL("../platforms/", location.href).href;
  const list = el("ul", {});
  const block = el("section", { class: "print-platforms", "data-platforms": "loading" },
    el("h3", {}, P.platforms), list);
  const fallback = () => list.replaceChildren(el("li", {}, fill(P.platformsAt, { address })));
  fallback();
  platformsAt(address).then((platforms) => {
    list.replaceChildren(...platforms.map((p) => el("li", {}, fill(P.platformLine, p))));
    block.dataset.platforms = "ready";
  }, () => {
    block.dataset.platforms = "failed";
  });
  return block;
}

// --- the result's own actions: the application's line, calendar, text for the unit --------

/**
 * What the reader asked, as the result's texts need it: the check date (today when left
 * empty, as the engine takes it), the purpose in the form's words, the check's name.
 * @param {HTMLElement} root
 */
function asked(root) {
  const state = /** @type {NonNullable<ReturnType<typeof shown.get>>} */ (shown.get(root));
  const caseData = state.caseForm.read();
  const chosen = state.caseForm.form.querySelector('[name="purpose"]:checked')?.closest("label");
  return {
    purpose: caseData.purpose,
    asOf: typeof caseData.as_of === "string" && caseData.as_of ? caseData.as_of : today(),
    purposeWords: chosen ? String(chosen.textContent).replace(/\s+/g, " ").trim() : "",
    name: checkName(root, state.labels),
  };
}

/**
 * The result as text for the unit.
 * @param {HTMLElement} root
 * @param {Result} result
 */
function textForUnit(root, result) {
  const state = /** @type {NonNullable<ReturnType<typeof shown.get>>} */ (shown.get(root));
  const notice = Number(root.dataset.notice);
  const facts = asked(root);
  return resultText(result, {
    notice,
    name: facts.name,
    asOf: facts.asOf,
    purpose: facts.purposeWords,
    application: applicationLine(result, facts, state.labels),
    address: pageAddress(),
  }, state.labels);
}

/**
 * Added to the result just shown: under a title application checked before the window's
 * last day, the line on when to finish; then 「加入日曆」 (when there is a date to keep) and
 * 「複製給單位」, with the place where they answer.
 * @param {HTMLElement} root
 */
function resultExtras(root) {
  const body = root.querySelector("#result-body");
  const result = body && resultIn(body);
  if (!body || !result) return;
  const state = /** @type {NonNullable<ReturnType<typeof shown.get>>} */ (shown.get(root));
  const A = state.labels.actions;
  const line = applicationLine(result, asked(root), state.labels);
  const todo = body.querySelector(".result-todo");
  if (line && todo) (todo.nextElementSibling || todo).after(el("p", { class: "result-application" }, line));
  const output = el("div", { class: "reader-output", role: "status" });
  const buttons = [];
  if (deadlineOf(result)) {
    const calendar = el("button", { type: "button", class: "md-button", id: "add-calendar" }, A.calendar);
    calendar.addEventListener("click", () => addToCalendar(root, result, output));
    buttons.push(calendar);
  }
  const copy = el("button", { type: "button", class: "md-button", id: "copy-for-unit" }, A.copy);
  copy.addEventListener("click", () => copyForUnit(root, result, output));
  buttons.push(copy);
  const notes = body.querySelector(".result-notes")?.previousElementSibling;
  const before = body.querySelector(".result-years") || body.querySelector(".result-next") || notes;
  const actions = el("div", { class: "reader-actions" }, el("p", { class: "reader-buttons" }, ...buttons), output);
  if (before) before.before(actions);
  else body.append(actions);
}

/**
 * The deadline as a calendar file: downloaded, or in a chat app's browser shown to copy.
 * @param {HTMLElement} root
 * @param {Result} result
 * @param {HTMLElement} output
 */
function addToCalendar(root, result, output) {
  const state = /** @type {NonNullable<ReturnType<typeof shown.get>>} */ (shown.get(root));
  const C = state.labels.calendar;
  const date = /** @type {string} */ (deadlineOf(result));
  const notice = Number(root.dataset.notice);
  const description = textForUnit(root, result);
  const text = icsText({
    date,
    summary: fill(C.summary, { notice }),
    description,
    url: pageAddress(),
    uid: `deadline-${notice}-${date}-${hash(description)}@${location.hostname || "localhost"}`,
    remindDaysBefore: 7,
    reminder: fill(C.reminder, { notice, date: formatDate(date, state.labels) }),
  });
  const app = inAppBrowser();
  if (app) {
    output.replaceChildren(inAppNotice(app, "download", text, state.labels.inApp));
    return;
  }
  saveFile(new Blob([text], { type: "text/calendar;charset=utf-8" }), fill(C.fileName, { notice }));
  output.replaceChildren(el("p", {}, C.saved));
}

/**
 * The result as text on the clipboard; where the browser refuses, shown to copy by hand.
 * @param {HTMLElement} root
 * @param {Result} result
 * @param {HTMLElement} output
 */
async function copyForUnit(root, result, output) {
  const state = /** @type {NonNullable<ReturnType<typeof shown.get>>} */ (shown.get(root));
  const text = textForUnit(root, result);
  if (await copyText(text)) {
    output.replaceChildren(el("p", {}, state.labels.copy.copied));
    return;
  }
  output.replaceChildren(el("p", {}, state.labels.copy.manual), copyBox(text, state.labels.inApp));
}

/**
 * A short stable digest of a text (FNV-1a), for an event's UID.
 * @param {string} text
 */
function hash(text) {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return (h >>> 0).toString(36);
}

// --- once per calculator element: the name box, the print button, the browser's print ----

/**
 * The printout follows the name box as it is typed (the browser's own print need not fire
 * `beforeprint` first: a phone's share → print, a headless PDF); and in a chat app's
 * browser, where printing does nothing, 「打印」 says what to do and offers the text.
 * @param {HTMLElement} root
 */
function attach(root) {
  root.querySelector("#check-name")?.addEventListener("input", () => printHead(root));
  root.querySelector("#print")?.addEventListener("click", () => {
    const app = inAppBrowser();
    const state = shown.get(root);
    if (!app || !state) return;
    const body = root.querySelector("#result-body");
    const result = body && resultIn(body);
    const text = result ? textForUnit(root, result) : pageAddress();
    let output = /** @type {HTMLElement | null} */ (root.querySelector("#print-output"));
    if (!output) {
      output = el("div", { id: "print-output", class: "reader-output", role: "status" });
      root.querySelector("#share-output")?.after(output);
    }
    output.replaceChildren(inAppNotice(app, "print", text, state.labels.inApp));
  });
}

// Ctrl+P, the browser's menu: the date printed is the day of printing, not of the result.
// (Not where there is no page: the unit tests import this module under Node.)
globalThis.window?.addEventListener("beforeprint", () => {
  const root = document.getElementById("calculator");
  if (root) printHead(root);
});

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
