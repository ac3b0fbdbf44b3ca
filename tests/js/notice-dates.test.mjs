// The study period's line (docs/assets/notice-dates.js): before, within and after a window, and
// the days left. The window here is made up, not a notice's: the logic is the same for any
// year (tests/browser/test_dates.py checks the built pages with the rules' own dates).
import { test } from "node:test";
import assert from "node:assert/strict";
import { dayNumber, fillWindowStatus, windowSentence, windowState } from "../../docs/assets/notice-dates.js";

const FROM = "2031-01-05";
const TO = "2031-11-30";
const LABELS = {
  date: "{y}年{m}月{d}日",
  before: "學習期自{from}開始",
  during: "本年度學習期還有 {days} 天（至{to}）",
  after: "學習期已於{to}結束。",
};

test("before the first day: before, nothing counted", () => {
  assert.deepEqual(windowState("2031-01-04", FROM, TO), { phase: "before", daysLeft: 0 });
  assert.deepEqual(windowState("2030-12-31", FROM, TO), { phase: "before", daysLeft: 0 });
});

test("the first day is within, and every day to the last is counted", () => {
  assert.deepEqual(windowState(FROM, FROM, TO), { phase: "during", daysLeft: dayNumber(TO) - dayNumber(FROM) + 1 });
  assert.equal(dayNumber(TO) - dayNumber(FROM) + 1, 330);
});

test("the last day itself is within, with one day left (today)", () => {
  assert.deepEqual(windowState(TO, FROM, TO), { phase: "during", daysLeft: 1 });
  assert.deepEqual(windowState("2031-11-29", FROM, TO), { phase: "during", daysLeft: 2 });
});

test("the day after the last is after", () => {
  assert.deepEqual(windowState("2031-12-01", FROM, TO), { phase: "after", daysLeft: 0 });
  assert.deepEqual(windowState("2032-06-01", FROM, TO), { phase: "after", daysLeft: 0 });
});

test("days are counted across month ends, leap days and daylight-saving changes alike", () => {
  assert.equal(windowState("2032-02-28", "2032-01-01", "2032-03-01")?.daysLeft, 3); // 28, 29 February, 1 March
  assert.equal(windowState("2031-03-29", "2031-03-01", "2031-03-31")?.daysLeft, 3);
  assert.equal(windowState("2031-10-26", "2031-10-01", "2031-10-27")?.daysLeft, 2);
});

test("a date that is not one, or a window that ends before it starts, gives nothing", () => {
  assert.equal(windowState("2031-02-30", FROM, TO), null);
  assert.equal(windowState("today", FROM, TO), null);
  assert.equal(windowState("2031-06-01", TO, FROM), null);
  assert.equal(windowState("2031-06-01", "", TO), null);
});

test("the sentences say the window's dates in the labels' words", () => {
  const window = { from: FROM, to: TO, year: "2031" };
  assert.equal(windowSentence({ phase: "before", daysLeft: 0 }, window, LABELS), "學習期自2031年1月5日開始");
  assert.equal(windowSentence({ phase: "during", daysLeft: 12 }, window, LABELS), "本年度學習期還有 12 天（至2031年11月30日）");
  assert.equal(windowSentence({ phase: "after", daysLeft: 0 }, window, LABELS), "學習期已於2031年11月30日結束。");
});

/** An element as the module reads it: its data attributes and its text. */
function element(dataset) {
  return /** @type {HTMLElement} */ (/** @type {unknown} */ ({ dataset: { windowStatus: "", ...dataset }, textContent: "" }));
}

test("an element is filled from its own attributes, and says its phase", () => {
  const node = element({ windowFrom: FROM, windowTo: TO, windowYear: "2031", windowLabels: JSON.stringify(LABELS) });
  assert.equal(fillWindowStatus(node, TO), true);
  assert.equal(node.textContent, "本年度學習期還有 1 天（至2031年11月30日）");
  assert.equal(node.dataset.windowPhase, "during");
});

test("an element whose attributes cannot be read is left as it was", () => {
  for (const dataset of [
    { windowFrom: FROM, windowTo: TO, windowLabels: "{not json" },
    { windowFrom: FROM, windowTo: TO },
    { windowFrom: FROM, windowLabels: JSON.stringify(LABELS) },
    { windowFrom: FROM, windowTo: TO, windowLabels: JSON.stringify({ date: "{y}" }) },
  ]) {
    const node = element(dataset);
    assert.equal(fillWindowStatus(node, TO), false);
    assert.equal(node.textContent, "");
    assert.equal(node.dataset.windowPhase, undefined);
  }
});
