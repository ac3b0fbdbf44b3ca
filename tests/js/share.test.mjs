// What leaves the calculator besides the printout: the deadline as a calendar file, the result
// as text for the unit, and which browsers are chat apps' (where downloads do nothing). The
// labels here are stand-ins in the pages' style; the figures are made up, never a notice's.
import { test } from "node:test";
import assert from "node:assert/strict";
import { escapeText, foldLine, icsText, nextDay } from "../../docs/assets/shared/ics.js";
import { csvToTsv, resultText } from "../../docs/assets/shared/copy-text.js";
import { inAppBrowser } from "../../docs/assets/shared/inapp.js";
import { applicationLine, deadlineOf, todoLabels } from "../../docs/assets/calculator/result-view.js";

const L = {
  date: "{y}年{m}月{d}日",
  status: { met: "符合要求", not_met: "尚未達到要求" },
  subject: { public: "公需科目", professional: "專業科目" },
  shortfall: "還差：{parts}。",
  shortfallPart: "{subject} {hours} 學時",
  listSeparator: "、",
  todoTitle: "還要做的",
  todoBy: "{date}前：",
  todoLastDay: "學習期最後一天 {date} 前：",
  todoOwn: "{year}年度{subject}還要學 {hours} 學時",
  todoMakeUp: "補學{year}年度{subject} {hours} 學時",
  todoSeparator: "；",
  todoApplication: "請在申報日期（{date}）前學完。",
  closedTitle: "按本通知已經補不上的",
  closedItem: "{year}年度{subject}差 {hours} 學時。{why}",
  next: { met: "學時由所在單位核定後上傳。", not_met: "" },
  copy: {
    title: "{notice}年度繼續教育學時自查結果",
    name: "查詢名稱：{name}",
    status: "結果：{status}",
    asOf: "查詢日期：{date}",
    reading: "以單位和人社部門的審核為準。",
    site: "自查網址：{address}",
  },
};

const NOT_MET = {
  status: "not_met",
  display: {
    shortfall: { public: "12", professional: "0" },
    to_study: [
      { year: 3001, subject: "public", hours: "2", by: "3001-11-30" },
      { year: 3000, subject: "public", hours: "10", by: "3001-11-30" },
    ],
    closed: [{ year: 2999, subject: "professional", hours: "4.5", why: "已過補學年度。" }],
    years: {},
    make_up_years: {},
  },
};

test("the calendar file is one all-day event, CRLF throughout, its text escaped", () => {
  const text = icsText({
    date: "3001-11-30",
    summary: "學時,截止; 前",
    description: "第一行\n第二行",
    uid: "deadline-3001@example.org",
    stamp: new Date(Date.UTC(3001, 5, 1, 8, 9, 10)),
    remindDaysBefore: 7,
  });
  assert.ok(text.endsWith("\r\n"));
  assert.ok(!/[^\r]\n/.test(text), "every line ends with CRLF");
  const lines = text.split("\r\n");
  assert.equal(lines[0], "BEGIN:VCALENDAR");
  assert.ok(lines.includes("VERSION:2.0") && lines.includes("BEGIN:VEVENT") && lines.includes("END:VCALENDAR"));
  assert.ok(lines.includes("DTSTART;VALUE=DATE:30011130"));
  assert.ok(lines.includes("DTEND;VALUE=DATE:30011201"));
  assert.ok(lines.includes("DTSTAMP:30010601T080910Z"));
  assert.ok(lines.includes("UID:deadline-3001@example.org"));
  assert.ok(lines.includes("SUMMARY:學時\\,截止\\; 前"));
  assert.ok(lines.includes("DESCRIPTION:第一行\\n第二行"));
  assert.ok(lines.includes("TRIGGER:-P7D"));
});

test("long lines fold at 75 octets, never inside a character, and unfold to the same text", () => {
  const line = `DESCRIPTION:${"繼續教育學時".repeat(20)}abc`;
  const folded = foldLine(line);
  const parts = folded.split("\r\n");
  assert.ok(parts.length > 1);
  for (const part of parts) assert.ok(Buffer.byteLength(part, "utf8") <= 75, part);
  assert.ok(parts.slice(1).every((part) => part.startsWith(" ")));
  assert.equal(parts.map((part, i) => (i ? part.slice(1) : part)).join(""), line);
  assert.equal(foldLine("SUMMARY:short"), "SUMMARY:short");
});

test("escaping and the day after cover the calendar's edge cases", () => {
  assert.equal(escapeText("a\\b,c;d\r\ne"), "a\\\\b\\,c\\;d\\ne");
  assert.equal(nextDay("3000-02-28"), "3000-03-01"); // 3000 is not a leap year
  assert.equal(nextDay("3001-12-31"), "3002-01-01");
});

test("the text for the unit says the status, what is missing by year, by when, the date and the address", () => {
  const text = resultText(/** @type {any} */ (NOT_MET), {
    notice: 3001, name: "張老師", asOf: "3001-06-01", purpose: "申報職稱評審",
    application: "請在申報日期（3001年6月1日）前學完。", address: "https://example.org/3001/calculator/",
  }, /** @type {any} */ (L));
  assert.deepEqual(text.split("\n"), [
    "3001年度繼續教育學時自查結果",
    "查詢名稱：張老師",
    "結果：尚未達到要求",
    "還差：公需科目 12 學時。",
    "還要做的：",
    "學習期最後一天 3001年11月30日 前：3001年度公需科目還要學 2 學時；補學3000年度公需科目 10 學時",
    "請在申報日期（3001年6月1日）前學完。",
    "按本通知已經補不上的：",
    "2999年度專業科目差 4.5 學時。已過補學年度。",
    "查詢日期：3001年6月1日（申報職稱評審）",
    "以單位和人社部門的審核為準。",
    "自查網址：https://example.org/3001/calculator/",
  ]);
  const met = resultText(/** @type {any} */ ({ status: "met", display: { shortfall: {} } }),
    { notice: 3001, asOf: "3001-06-01", address: "https://example.org/" }, /** @type {any} */ (L));
  assert.ok(met.includes("結果：符合要求") && met.includes("學時由所在單位核定後上傳。") && !met.includes("查詢名稱"));
});

test("a title application before the window's last day is told to finish by its own date", () => {
  assert.equal(deadlineOf(/** @type {any} */ (NOT_MET)), "3001-11-30");
  assert.equal(applicationLine(/** @type {any} */ (NOT_MET), { purpose: "title", asOf: "3001-06-01" }, L),
    "請在申報日期（3001年6月1日）前學完。");
  assert.equal(applicationLine(/** @type {any} */ (NOT_MET), { purpose: "annual", asOf: "3001-06-01" }, L), null);
  assert.equal(applicationLine(/** @type {any} */ (NOT_MET), { purpose: "title", asOf: "3001-11-30" }, L), null);
  assert.equal(deadlineOf(/** @type {any} */ ({ status: "met", display: {} })), undefined);
  // The roster's labels have no last-day words: its to-do keeps the exports' 「…前：」.
  assert.equal(todoLabels(L).todoBy, L.todoLastDay);
  const roster = { ...L, todoLastDay: undefined };
  assert.equal(todoLabels(roster).todoBy, "{date}前：");
});

test("chat apps' browsers are told from the user agent; browsers of their own are not", () => {
  const android = "Mozilla/5.0 (Linux; Android 13; V2203A) AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/111.0.5563.116 Mobile Safari/537.36";
  assert.equal(inAppBrowser(`${android} XWEB/1160043 MMWEBSDK/20240301 MMWEBID/1234 MicroMessenger/8.0.48.2580(0x28003036) WeChat/arm64 Weixin NetType/WIFI Language/zh_CN ABI/arm64`), "wechat");
  assert.equal(inAppBrowser("Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 QQ/9.0.30.613 V1_IPH_SQ_9.0.30_1_APP_A Pixel/1170 SimpleUISwitch/0"), "qq");
  assert.equal(inAppBrowser(`${android} AlipayClient/10.5.86.8000 Language/zh-Hans`), "alipay");
  assert.equal(inAppBrowser(`${android} AliApp(DingTalk/7.5.0) com.alibaba.android.rimet/12345 Channel/700159 language/zh-CN`), "dingtalk");
  assert.equal(inAppBrowser(`${android} Weibo (HUAWEI-ALN-AL00__weibo__13.6.1__android__android12)`), "weibo");
  assert.equal(inAppBrowser(android), null);
  assert.equal(inAppBrowser(`${android.replace("Version/4.0 ", "")} MQQBrowser/13.6`), null, "QQ Browser downloads");
  assert.equal(inAppBrowser("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Safari/537.36"), null);
});

test("CSV becomes tab-separated lines, quotes and line breaks inside cells read as CSV", () => {
  assert.equal(csvToTsv('\uFEFF姓名,結果\r\n"張,三","說""好""\n了"\r\n李四,\r\n'), '姓名\t結果\n張,三\t說"好" 了\n李四\t');
  assert.equal(csvToTsv("a,b"), "a\tb");
});
