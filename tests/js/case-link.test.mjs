// A case shared as a link (`#case=`): what the calculator page writes (print-share.js) is what
// engine.js reads back when the link is opened, in another tab or on another device.
import { test } from "node:test";
import assert from "node:assert/strict";
import { encodeCase } from "../../docs/assets/calculator/print-share.js";
import { loadEngine } from "./engine-script.mjs";

const { decodeCase } = loadEngine();

const CASE = {
  notice: 2025,
  purpose: "title",
  level: "senior",
  as_of: "2025-09-01",
  person: { sex: "female", birth_date: "1978-04-12", epidemic_years: [2022, 2023] },
  records: [
    { year: 2025, studied_on: "2025-03-02", channel: "platform", subject: "public", hours: 30 },
    { year: 2023, channel: "industry", subject: "professional", minutes: 1350 },
  ],
};

test("a shared link opens the same case", () => {
  assert.deepEqual(decodeCase(`#case=${encodeCase(CASE)}`), CASE);
});

test("Chinese text, in either script, and emoji survive the link", () => {
  const named = { ...CASE, note: "張老師（中級）繼續教育學时 ✓ 🎓", records: [{ year: 2025, channel: "自定", subject: "公需科目" }] };
  assert.deepEqual(decodeCase(`#case=${encodeCase(named)}`), named);
});

test("the link uses only characters an address keeps as they are", () => {
  // Several lengths, so that every padding case and the characters base64 would add occur.
  for (let n = 0; n < 12; n++) {
    const link = encodeCase({ notice: 2025, purpose: "annual", records: [], pad: "?".repeat(n) + "\u00ff\u00fe" });
    assert.match(link, /^[A-Za-z0-9_-]+$/);
  }
});

test("a damaged or foreign address opens no case", () => {
  const good = encodeCase(CASE);
  assert.equal(decodeCase(`#case=${good.slice(0, -7)}`), null); // cut short: not JSON any more
  assert.equal(decodeCase("#case="), null);
  assert.equal(decodeCase(`#case=${good}!`), null);
  assert.equal(decodeCase(`#other=${good}`), null);
  assert.equal(decodeCase(""), null);
  assert.equal(decodeCase(undefined), null);
});

test("a link holding JSON that is not a case object opens no case", () => {
  for (const value of [[1, 2], "text", 42, null]) assert.equal(decodeCase(`#case=${encodeCase(value)}`), null);
});
