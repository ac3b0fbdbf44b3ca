// What the calculator reads from a box of its form, as the engine then judges it: a box is
// faked by what the page reads of it (value, data-*, and whether the browser could parse it).
import { test } from "node:test";
import assert from "node:assert/strict";
import { choiceOf, circumstanceOf, dateOf, numberOf, put, takesAmount, yearsOf } from "../../docs/assets/calculator/case-values.js";

/** A number or date box: the browser keeps only what it can parse (`accepts`). */
function box(value = "", { badInput = false, accepts = () => true } = {}) {
  let held = value;
  return {
    dataset: {},
    validity: { badInput },
    get value() { return held; },
    set value(text) { held = accepts(text) ? text : ""; },
  };
}
const numbersOnly = (text) => text === "" || Number.isFinite(Number(text));

test("a number typed in a box reaches the engine as a number", () => {
  assert.equal(numberOf(box("12")), 12);
  assert.equal(numberOf(box("7.5")), 7.5);
  assert.equal(numberOf(box("0")), 0);
});

test("an empty box is not given, so that the engine says when it is required", () => {
  assert.equal(numberOf(box("")), undefined);
  assert.equal(numberOf(null), undefined);
  assert.equal(dateOf(box("")), undefined);
});

test("what the browser could not read is still sent, for the engine to name the field", () => {
  assert.equal(numberOf(box("", { badInput: true })), "?");
  assert.equal(numberOf(box("1e", { badInput: true })), "1e");
  assert.equal(dateOf(box("", { badInput: true })), "?"); // 1979-02-30, or half typed
});

test("a value a link holds that the box refuses goes back to the engine as it was", () => {
  const hours = box("", { accepts: numbersOnly });
  put(hours, "twelve");
  assert.equal(hours.value, "");
  assert.equal(numberOf(hours), "twelve");
  const channel = box("", { accepts: (text) => ["", "platform", "industry"].includes(text) });
  put(channel, "radio");
  assert.equal(choiceOf(channel), "radio");
  put(channel, { not: "a value" });
  assert.deepEqual(choiceOf(channel), { not: "a value" });
});

test("once the reader types, their value replaces the one the link had", () => {
  const hours = box("", { accepts: numbersOnly });
  put(hours, "twelve");
  hours.value = "12";
  assert.equal(numberOf(hours), 12);
});

test("a value the box takes is shown as it is and read back the same", () => {
  const hours = box("", { accepts: numbersOnly });
  put(hours, 30);
  assert.equal(hours.value, "30");
  assert.equal(numberOf(hours), 30);
  const date = box();
  put(date, "2025-03-02");
  assert.equal(dateOf(date), "2025-03-02");
  const years = box();
  put(years, [2023, 2024]);
  assert.deepEqual(yearsOf(years.value), [2023, 2024]);
});

test("years are read from however they are separated, in Chinese or English punctuation", () => {
  assert.deepEqual(yearsOf("2023, 2024"), [2023, 2024]);
  assert.deepEqual(yearsOf("2023，2024、2025；2026 2027"), [2023, 2024, 2025, 2026, 2027]);
  assert.deepEqual(yearsOf(""), []);
  assert.deepEqual(yearsOf(undefined), []);
});

test("a word that is not a year is kept, for the engine to say what is valid", () => {
  assert.deepEqual(yearsOf("2023, 前年"), [2023, "前年"]);
  assert.deepEqual(yearsOf("2023.5"), ["2023.5"]);
});

test("a circumstance is given only once ticked, in the form its kind takes", () => {
  assert.equal(circumstanceOf("yes_no", true, null), true);
  assert.equal(circumstanceOf("yes_no", false, null), undefined);
  assert.deepEqual(circumstanceOf("years", true, box("2022，2023")), [2022, 2023]);
  assert.equal(circumstanceOf("year", true, box("2021")), 2021);
  // A box filled but not ticked is not given; ticked with nothing typed is not given either.
  assert.equal(circumstanceOf("years", false, box("2022")), undefined);
  assert.equal(circumstanceOf("years", true, box("")), undefined);
  assert.equal(circumstanceOf("year", true, box("")), undefined);
  // What the engine must name is sent as typed.
  assert.deepEqual(circumstanceOf("years", true, box("2022, 前年")), [2022, "前年"]);
  assert.equal(circumstanceOf("year", true, box("", { badInput: true })), "?");
});

test("a channel takes hours or minutes unless the page marks it as taking none", () => {
  assert.equal(takesAmount({ dataset: {} }), true);
  assert.equal(takesAmount({ dataset: { takesAmount: "false" } }), false);
  assert.equal(takesAmount(undefined), true); // a channel the form does not know: the engine names it
});
