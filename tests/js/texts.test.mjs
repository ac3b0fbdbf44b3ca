// What a reader is told, in the page's own words: the labels here are the calculator's and
// the roster's (calculator_page.py, roster_page.py), in Traditional Chinese.
import { test } from "node:test";
import assert from "node:assert/strict";
import { fill, formatDate, today } from "../../docs/assets/shared/dom.js";
import { summaryLine, todoByDate } from "../../docs/assets/calculator/result-view.js";
import { errorTexts, filterPeople, shortfallOf, todoLines } from "../../docs/assets/roster/person-text.js";
import { pagesOf } from "../../docs/assets/roster/roster-table.js";

const RESULT = {
  date: "{y}年{m}月{d}日",
  subject: { public: "公需科目", professional: "專業科目" },
  todoBy: "{date}前：",
  todoOwn: "{year}年度{subject}還要學 {hours} 學時",
  todoMakeUp: "補學{year}年度{subject} {hours} 學時",
  todoSeparator: "；",
  listSeparator: "、",
  status: { met: "已達到", not_met: "未達到" },
  bar: { errors: "有 {count} 處要更正", shortfall: "還差 公需 {public}、專業 {professional}" },
};
const ROSTER = {
  result: RESULT,
  shortfallPublic: "公需科目差 {hours} 學時",
  shortfallProfessional: "專業科目差 {hours} 學時",
  closedNote: "有的缺口已經補不上",
  errorLine: "第 {row} 行 {column} 欄：{message}",
  errorLineNoColumn: "第 {row} 行：{message}",
};

test("a label's places are filled in, and a place with nothing to say is left empty", () => {
  assert.equal(fill("還差：{parts}。", { parts: "公需科目 10 學時" }), "還差：公需科目 10 學時。");
  assert.equal(fill("{year} 年度", { year: 2025 }), "2025 年度");
  assert.equal(fill("最容易完成的是 {year} 年度。", {}), "最容易完成的是  年度。");
  assert.equal(fill("共 {count} 人", { count: 0 }), "共 0 人");
});

test("dates are written as the page's label says, without leading zeros", () => {
  assert.equal(formatDate("2025-03-02", RESULT), "2025年3月2日");
  assert.equal(formatDate("2025-11-30", RESULT), "2025年11月30日");
});

test("today is the reader's local date, as the engine takes it", () => {
  assert.equal(today(new Date(2025, 0, 5, 23, 59)), "2025-01-05");
  assert.equal(today(new Date(2025, 11, 31, 0, 0)), "2025-12-31");
  assert.match(today(), /^\d{4}-\d{2}-\d{2}$/);
});

test("what is still to study: a line per date, the notice year's own hours first, then make-up years in order", () => {
  const lines = todoByDate([
    { year: 2023, subject: "public", hours: "20", by: "2025-11-30" },
    { year: 2025, subject: "professional", hours: "6", by: "2025-11-30" },
    { year: 2022, subject: "professional", hours: "4", by: "2025-11-30" },
    { year: 2024, subject: "public", hours: "1", by: "2025-06-30" },
  ], 2025, RESULT);
  assert.deepEqual(lines, [
    { by: "2025年11月30日前：", texts: ["2025年度專業科目還要學 6 學時", "補學2022年度專業科目 4 學時", "補學2023年度公需科目 20 學時"] },
    { by: "2025年6月30日前：", texts: ["補學2024年度公需科目 1 學時"] },
  ]);
  assert.deepEqual(todoByDate([{ year: 2025, subject: "public", hours: "2", by: null }], 2025, RESULT),
    [{ by: "", texts: ["2025年度公需科目還要學 2 學時"] }]);
});

test("the phone's status bar says the status and what is missing, or how many fields to correct", () => {
  const notMet = { status: "not_met", display: { shortfall: { public: "10", professional: "0" } } };
  assert.deepEqual(summaryLine(notMet, RESULT), ["未達到", "還差 公需 10、專業 0"]);
  assert.deepEqual(summaryLine({ status: "met", display: { shortfall: { public: "0", professional: "0" } } }, RESULT), ["已達到", ""]);
  assert.deepEqual(summaryLine({ errors: [{ field: "level", message: "" }, { field: "as_of", message: "" }] }, RESULT), ["有 2 處要更正", ""]);
});

const person = (status, extra = {}) => ({
  person: { row: 7, status, shortfall: { public: "0", professional: "0" }, ...extra },
  index: 0, status, name: "王芳",
});

test("a roster's person who has not met the requirement: what is missing per subject", () => {
  assert.equal(shortfallOf(person("not_met", { shortfall: { public: "6", professional: "20.5" } }), ROSTER),
    "公需科目差 6 學時、專業科目差 20.5 學時");
  assert.equal(shortfallOf(person("not_met", { shortfall: { public: "0", professional: "3" } }), ROSTER), "專業科目差 3 學時");
  assert.equal(shortfallOf(person("met"), ROSTER), "");
});

test("a roster's person whose row could not be read: each problem with its row and column", () => {
  const bad = person("errors", { errors: [{ column: "D", message: "不是日期" }, { message: "沒有姓名" }, { text: "整行是空的" }] });
  assert.deepEqual(errorTexts(bad.person, ROSTER), ["第 7 行 D 欄：不是日期", "第 7 行：沒有姓名", "整行是空的"]);
  assert.equal(shortfallOf(bad, ROSTER), "第 7 行 D 欄：不是日期；第 7 行：沒有姓名；整行是空的");
});

test("a roster's to-do list reads as the calculator's, and says when some of it is closed", () => {
  const p = person("not_met", {
    to_study: [{ year: 2023, subject: "public", hours: "20", by: "2025-11-30" }, { year: 2025, subject: "public", hours: "6", by: "2025-11-30" }],
    closed: [{ year: 2024 }],
  });
  assert.deepEqual(todoLines(p, ROSTER, 2025),
    ["2025年11月30日前：2025年度公需科目還要學 6 學時；補學2023年度公需科目 20 學時", "有的缺口已經補不上"]);
  assert.deepEqual(todoLines(person("met"), ROSTER, 2025), []);
});

test("the roster's filter: by status, by part of a name, or both", () => {
  const people = [
    { name: "王芳", status: "met" }, { name: "王小明", status: "not_met" }, { name: "李四", status: "not_met" },
  ].map((p, index) => ({ ...p, index, person: {} }));
  const shown = (status, query) => filterPeople(people, status, query).map((p) => p.name);
  assert.deepEqual(shown("all", ""), ["王芳", "王小明", "李四"]);
  assert.deepEqual(shown("not_met", ""), ["王小明", "李四"]);
  assert.deepEqual(shown("all", "王"), ["王芳", "王小明"]);
  assert.deepEqual(shown("not_met", "王"), ["王小明"]);
  assert.deepEqual(shown("errors", ""), []);
});

test("the roster's table: 50 people a page, and one page even when empty", () => {
  assert.equal(pagesOf(0), 1);
  assert.equal(pagesOf(50), 1);
  assert.equal(pagesOf(51), 2);
  assert.equal(pagesOf(10_000), 200);
});
