// @ts-check
// Where today stands against the notice's study period, said on the page in the reader's own
// browser: the site is static and built long before it is read, so only the browser knows the
// day. Every element with `data-window-status`, on any page, is filled from its own data
// attributes alone (no page script, no Chinese here):
//
//   data-window-status              marks the element (its value is ignored)
//   data-window-from="YYYY-MM-DD"   the window's first day (the year's rules: window.from)
//   data-window-to="YYYY-MM-DD"     the window's last day, which still counts as within it (window.to)
//   data-window-year="YYYY"         the year the window belongs to (window.year)
//   data-window-labels='{...}'      JSON of the words, in the page's script:
//       "date":   a date's words, with {y} {m} {d}            (「{y}年{m}月{d}日」)
//       "before": before the window, with {from}             (「學習期自{from}開始」)
//       "during": within it, with {days} (counting today) and {to}
//       "after":  after it, with {to}
//     Each label may also use {from}, {to}, {days} and {year}.
//
// scripts/site_builder/labels.py `window_status_attributes(window, script)` returns exactly
// these attributes for a page template. Once filled, the element carries
// `data-window-phase="before|during|after"`. An element whose attributes cannot be read is
// left as it was.

import { fill, formatDate, today } from "./shared/dom.js";

/** @typedef {"before" | "during" | "after"} Phase */
/** @typedef {{ phase: Phase, daysLeft: number }} WindowState */
/** @typedef {{ date: string, before: string, during: string, after: string }} WindowLabels */

const DAY_MS = 24 * 60 * 60 * 1000;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/**
 * A YYYY-MM-DD date as a count of days, or NaN when it is not one.
 * @param {string} iso
 * @returns {number}
 */
export function dayNumber(iso) {
  const match = ISO_DATE.exec(iso);
  if (!match) return Number.NaN;
  const [y, m, d] = match.slice(1).map(Number);
  const time = Date.UTC(y, m - 1, d);
  const back = new Date(time);
  // 2025-02-30 is no date: Date.UTC would quietly make it 2025-03-02.
  if (back.getUTCFullYear() !== y || back.getUTCMonth() !== m - 1 || back.getUTCDate() !== d) return Number.NaN;
  return time / DAY_MS;
}

/**
 * Where `day` stands against the window from `from` to `to` (all YYYY-MM-DD, both ends within
 * it); `daysLeft` counts the days still open including `day` itself (1 on the last day), and is
 * 0 outside the window. Null when a date cannot be read or the window ends before it starts.
 * @param {string} day
 * @param {string} from
 * @param {string} to
 * @returns {WindowState | null}
 */
export function windowState(day, from, to) {
  const [now, start, end] = [day, from, to].map(dayNumber);
  if ([now, start, end].some(Number.isNaN) || end < start) return null;
  if (now < start) return { phase: "before", daysLeft: 0 };
  if (now > end) return { phase: "after", daysLeft: 0 };
  return { phase: "during", daysLeft: end - now + 1 };
}

/**
 * The sentence for `state`, in the labels' words.
 * @param {WindowState} state
 * @param {{ from: string, to: string, year: string }} window
 * @param {WindowLabels} L
 * @returns {string}
 */
export function windowSentence(state, window, L) {
  return fill(L[state.phase], {
    from: formatDate(window.from, L),
    to: formatDate(window.to, L),
    days: state.daysLeft,
    year: window.year,
  });
}

/**
 * Fills one element from its data attributes, for the reader's `day`.
 * @param {HTMLElement} element
 * @param {string} day
 * @returns {boolean} whether it was filled
 */
export function fillWindowStatus(element, day) {
  const { windowFrom: from = "", windowTo: to = "", windowYear: year = "", windowLabels } = element.dataset;
  /** @type {WindowLabels} */
  let L;
  try {
    L = JSON.parse(windowLabels || "");
  } catch {
    return false;
  }
  const state = windowState(day, from, to);
  if (!state || !L || typeof L[state.phase] !== "string" || typeof L.date !== "string") return false;
  const sentence = windowSentence(state, { from, to, year }, L);
  if (element.textContent !== sentence) element.textContent = sentence;
  element.dataset.windowPhase = state.phase;
  return true;
}

/** Fills every such element of the page shown now. */
function fillAll() {
  const day = today();
  for (const element of document.querySelectorAll("[data-window-status]")) {
    if (element instanceof HTMLElement) fillWindowStatus(element, day);
  }
}

if (typeof document !== "undefined") {
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", fillAll);
  else fillAll();
  // Material's instant navigation replaces the page's content without loading this module
  // again: each page it shows is announced through document$ (absent on a plain page).
  const shown = /** @type {{ document$?: { subscribe(next: () => void): unknown } }} */ (/** @type {unknown} */ (window)).document$;
  if (shown) shown.subscribe(fillAll);
  // A page left open across midnight (a phone's tab, days later) says the new day's count
  // when the reader comes back to it.
  document.addEventListener("visibilitychange", () => { if (document.visibilityState === "visible") fillAll(); });
}
