// @ts-check
// Results as plain text, for a chat or a spreadsheet: the calculator's result as a reader
// sends it to the unit (「複製給單位」), and the roster's CSV as tab-separated text that pastes
// into the cells of a spreadsheet. Pure functions: no page, no Chinese (the labels bring it).

import { fill, formatDate } from "./dom.js";
import { todoByDate, todoLabels } from "../calculator/result-view.js";

/** @typedef {import("../calculator/result-view.js").Result} Result */
/** @typedef {import("../calculator/result-view.js").ResultLabels} ResultLabels */
/**
 * The words of the text for the unit (labels.py, CALCULATOR's `copy`).
 * @typedef {{ title: string, name: string, status: string, asOf: string, reading: string,
 *   site: string }} CopyLabels
 */
/**
 * What the text says besides the result: the notice's year, the check's name (if the
 * reader named it), its date (YYYY-MM-DD) and purpose in the page's words, the line on a
 * title application (result-view.js `applicationLine`), the page's address.
 * @typedef {{ notice: number, name?: string, asOf: string, purpose?: string,
 *   application?: string | null, address: string }} CopyFacts
 */

/**
 * The result as a reader sends it: the status, what is missing by subject and year, what to
 * do by when, what is closed, the check's date and the site's address; a line each.
 * @param {Result} result
 * @param {CopyFacts} facts
 * @param {ResultLabels & { copy: CopyLabels }} L
 * @returns {string}
 */
export function resultText(result, facts, L) {
  const C = L.copy;
  const shown = result.display;
  const lines = [fill(C.title, { notice: facts.notice })];
  if (facts.name) lines.push(fill(C.name, { name: facts.name }));
  lines.push(fill(C.status, { status: L.status[result.status] }));
  if (result.status === "not_met") {
    const missing = /** @type {("public" | "professional")[]} */ (["public", "professional"])
      .filter((s) => shown.shortfall[s] !== "0")
      .map((s) => fill(L.shortfallPart, { subject: L.subject[s], hours: shown.shortfall[s] }));
    if (missing.length) lines.push(fill(L.shortfall, { parts: missing.join(L.listSeparator) }));
    const todo = todoByDate(shown.to_study || [], facts.notice, todoLabels(L));
    if (todo.length) {
      lines.push(`${L.todoTitle}：`);
      for (const { by, texts } of todo) lines.push(`${by}${texts.join(L.todoSeparator)}`);
    }
    if (facts.application) lines.push(facts.application);
    const closed = shown.closed || [];
    if (closed.length) {
      lines.push(`${L.closedTitle}：`);
      for (const item of closed) {
        lines.push(fill(L.closedItem, { year: item.year, subject: L.subject[item.subject], hours: item.hours, why: item.why }).trim());
      }
    }
  } else {
    const next = L.next[result.status];
    if (next) lines.push(next);
  }
  const asked = formatDate(facts.asOf, L) + (facts.purpose ? `（${facts.purpose}）` : "");
  lines.push(fill(C.asOf, { date: asked }));
  lines.push(C.reading);
  lines.push(fill(C.site, { address: facts.address }));
  return lines.join("\n");
}

/**
 * A CSV text (RFC 4180: quoted fields, doubled quotes, line breaks inside quotes) as
 * tab-separated lines, which a spreadsheet pastes into cells where CSV would fill one column.
 * A tab or line break inside a cell becomes a space.
 * @param {string} csv
 * @returns {string}
 */
export function csvToTsv(csv) {
  const text = csv.replace(/^\uFEFF/, "");
  /** @type {string[][]} */
  const rows = [];
  /** @type {string[]} */
  let row = [];
  let cell = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ",") {
      row.push(cell);
      cell = "";
    } else if (c === "\n" || c === "\r") {
      if (c === "\r" && text[i + 1] === "\n") i++;
      row.push(cell);
      rows.push(row);
      row = [];
      cell = "";
    } else cell += c;
  }
  if (cell || row.length) {
    row.push(cell);
    rows.push(row);
  }
  return rows.map((r) => r.map((v) => v.replace(/[\t\r\n]+/g, " ")).join("\t")).join("\n");
}
