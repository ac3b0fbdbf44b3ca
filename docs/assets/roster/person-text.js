// @ts-check
// One person of the roster's report in the page's words: what is missing, what is still to
// study and by when, and the cells that could not be read. Pure: labels in, texts out.

import { fill } from "../shared/dom.js";
import { todoByDate } from "../calculator/result-view.js";

/** @typedef {import("../calculator/result-view.js").ToStudy} ToStudy */
/** @typedef {import("../calculator/result-view.js").ResultLabels} ResultLabels */
/**
 * A person as the worker's report gives them (CONTRACT.md "A unit's roster").
 * @typedef {{
 *   row: number, name?: unknown, unit?: unknown, status: string,
 *   shortfall: { public: string, professional: string },
 *   to_study?: ToStudy[], closed?: boolean | unknown[],
 *   clauses?: string[],
 *   errors?: { text?: string, column?: string, message?: string }[],
 * }} Person
 */
/** A person as the page lists them. @typedef {{ person: Person, index: number, status: string, name: string }} Listed */
/**
 * The texts these need (scripts/site_builder/labels.py, ROSTER).
 * @typedef {{
 *   result: ResultLabels, shortfallPublic: string, shortfallProfessional: string,
 *   closedNote: string, errorLine: string, errorLineNoColumn: string,
 * }} PersonLabels
 */

/**
 * What a person still lacks, per subject (「公需科目差 6 學時」); their problems for a person
 * whose row could not be read; nothing for the others.
 * @param {Listed} p
 * @param {PersonLabels} L
 * @returns {string}
 */
export function shortfallOf(p, L) {
  if (p.status === "errors") return errorTexts(p.person, L).join("；");
  if (p.status !== "not_met") return "";
  const s = p.person.shortfall;
  const parts = [];
  if (s.public !== "0") parts.push(fill(L.shortfallPublic, { hours: s.public }));
  if (s.professional !== "0") parts.push(fill(L.shortfallProfessional, { hours: s.professional }));
  return parts.join(L.result.listSeparator);
}

/**
 * What is still to study, as the calculator's own to-do list says it (result-view.js): a line
 * per date, the notice year's own hours first, then each make-up year named as one
 * (「2025年11月30日前：2025年度公需科目還要學 6 學時；補學2023年度公需科目 20 學時」). A year
 * other than the notice's own is a make-up year: the engine lists no other year as still open.
 * @param {Listed} p
 * @param {PersonLabels} L
 * @param {number} notice
 * @returns {string[]}
 */
export function todoLines(p, L, notice) {
  if (p.status !== "not_met") return [];
  const R = L.result;
  const lines = todoByDate(p.person.to_study || [], notice, R).map(({ by, texts }) => by + texts.join(R.todoSeparator));
  if (p.person.closed) lines.push(L.closedNote);
  return lines;
}

/**
 * A person's problems, each naming its row and column.
 * @param {Person} person
 * @param {Pick<PersonLabels, "errorLine" | "errorLineNoColumn">} L
 * @returns {string[]}
 */
export function errorTexts(person, L) {
  return (person.errors || []).map((e) => e.text || fill(e.column ? L.errorLine : L.errorLineNoColumn,
    { row: person.row, column: e.column, message: e.message }));
}

/**
 * The people the filter shows: of `status` ("all": any), whose name holds `query`.
 * @param {Listed[]} people
 * @param {string} status
 * @param {string} query
 * @returns {Listed[]}
 */
export function filterPeople(people, status, query) {
  return people.filter((p) => (status === "all" || p.status === status) && (!query || p.name.includes(query)));
}
