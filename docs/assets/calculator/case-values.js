// @ts-check
// One box of the form <-> one value of the case (CONTRACT.md "A case"). A link or this
// device's storage may hold anything: a box takes what it can hold, and a value it refuses is
// kept beside it and sent back as it was, so that the engine judges the same case as the
// command line would and says what is wrong, instead of the page computing another case.

/**
 * A case as the page sends it to the engine: CONTRACT.md's fields, each as read from the form
 * (a value the form could not hold is passed on as it came, for the engine to name).
 * @typedef {{
 *   notice: number,
 *   purpose: string | undefined,
 *   records: Record<string, unknown>[],
 *   level?: unknown,
 *   as_of?: unknown,
 *   person?: Record<string, unknown>,
 *   assessment_years?: unknown[],
 * }} Case
 */

/**
 * A box of the form: what these helpers read of an <input> or a <select>.
 * @typedef {{ value: string, dataset: DOMStringMap, validity?: { badInput: boolean } }} Box
 */

/**
 * @param {unknown} value
 * @returns {value is Record<string, unknown>}
 */
export function isObject(value) {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

/**
 * One value of JSON: what a box of the form can hold.
 * @param {unknown} value
 * @returns {value is string | number | boolean | null}
 */
export function isValue(value) {
  return value === null || ["string", "number", "boolean"].includes(typeof value);
}

/**
 * "2023, 2024" -> [2023, 2024]; a word that is not a whole number is passed on as it is,
 * so that the engine names the field and says what would be valid.
 * @param {unknown} text
 * @returns {(number | string)[]}
 */
export function yearsOf(text) {
  return String(text || "").split(/[\s,，、;；]+/).filter(Boolean).map((t) => (/^\d+$/.test(t) ? Number(t) : t));
}

/**
 * Puts a value from a link or this device into a box. A box refuses what it cannot hold (a date
 * that does not exist, a word in a number box, an unknown choice): the value is then kept
 * beside it (`data-raw`) and sent as it was.
 * @param {Box} input
 * @param {unknown} value
 */
export function put(input, value) {
  const text = value == null ? "" : Array.isArray(value) ? value.join(", ") : String(value);
  input.value = text;
  if (input.value !== text) input.dataset.raw = JSON.stringify(value);
  else delete input.dataset.raw;
}

/**
 * The value a box refused, while the reader has not typed another.
 * @param {Box} input
 * @returns {unknown}
 */
export function kept(input) {
  return input.dataset.raw !== undefined && input.value === "" ? JSON.parse(input.dataset.raw) : undefined;
}

/**
 * @param {Box} select
 * @returns {unknown}
 */
export function choiceOf(select) {
  return kept(select) ?? select.value;
}

/**
 * A number box's value: a number, nothing when empty, or what was typed when it is not a
 * number (for the engine to name).
 * @param {Box | null | undefined} input
 * @returns {unknown}
 */
export function numberOf(input) {
  if (!input) return undefined;
  if (kept(input) !== undefined) return kept(input);
  if (input.validity && input.validity.badInput) return input.value || "?";
  if (input.value === "") return undefined;
  const n = Number(input.value);
  return Number.isFinite(n) ? n : input.value;
}

/**
 * A date box holding a date that does not exist (1979-02-30) or is half typed has no value:
 * the engine is told, so that it says so instead of taking the date as not given.
 * @param {Box | null | undefined} input
 * @returns {unknown}
 */
export function dateOf(input) {
  if (!input) return undefined;
  if (kept(input) !== undefined) return kept(input);
  if (input.validity && input.validity.badInput) return "?";
  return input.value || undefined;
}

/**
 * One circumstance of the person as the form gives it (CONTRACT.md "A case", person): a
 * yes/no is a yes when ticked; a list of years or one year is what its box holds once ticked.
 * Not ticked, or ticked with an empty box: not given. The kinds are the rule blocks'
 * (`asks`), which the page writes on each tick box (data-kind).
 * @param {string | undefined} kind "yes_no", "years" or "year"
 * @param {boolean} ticked
 * @param {Box | null | undefined} box the box a year or years are typed in
 * @returns {unknown}
 */
export function circumstanceOf(kind, ticked, box) {
  if (!ticked) return undefined;
  if (kind === "yes_no") return true;
  if (kind === "years") {
    const years = yearsOf(box?.value);
    return years.length ? years : undefined;
  }
  return numberOf(box);
}

/**
 * Whether a record of a channel gives its hours or minutes: the page marks the channels whose
 * record takes none (one that meets a subject in full, or counts a fixed number of hours) with
 * data-takes-amount="false" on their <option>. A channel the form does not know takes one.
 * @param {{ dataset: DOMStringMap } | null | undefined} option the chosen channel's option
 * @returns {boolean}
 */
export function takesAmount(option) {
  return option?.dataset.takesAmount !== "false";
}
