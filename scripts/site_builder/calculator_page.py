"""The calculator page: a form for the whole case of CONTRACT.md, a result region, and the
texts the page script shows, all in Traditional here (the page is converted per script).

The page script (docs/assets/calculator/calculator.js) holds no Chinese and no number of
the notice: labels come from this page, rules from the engine running in Pyodide.
"""
from __future__ import annotations

import html
import json

from calculator import messages as M

from . import calculator_assets
from . import words as W
from .pages import key_figures
from .sources import Year

LABELS = {
    "status": W.STATUS,
    "statusHelp": {
        "met": "按本站對通知的理解，你的繼續教育學時符合要求。",
        "not_met": "按本站對通知的理解，你的繼續教育學時還不夠，缺少的學時見下表。",
        "not_required": "按通知的規定，你這次不要求繼續教育學時。",
        "not_limiting": "按通知的規定，你這次繼續教育學時不作為限制性條件。",
    },
    "subject": M.SUBJECT,
    "year": "{year} 年度",
    "tableCaption": "各年度學時：已計入／應學",
    "missing": "還差",
    "hours": "{hours} 學時",
    "yearMet": "已達到",
    "yearNotMet": "未達到",
    "shortfall": "還差：公需科目 {public} 學時、專業科目 {professional} 學時。",
    "anyOneYear": "以上年度中完成任何一個年度即可。",
    "notesTitle": "逐條說明",
    "fixErrors": "請先更正標出的 {count} 處填寫。",
    "errorsTitle": "填寫有誤",
    "loading": {
        "start": "正在載入計算引擎（第一次打開需要下載約 {megabytes} MB，之後會快很多）…",
        "downloaded": "已下載 {percent}%",
        "runtime": "正在啟動 Python 運行環境…",
        "rules": "正在載入 {year} 年度的規則…",
        "ready": "計算引擎已就緒，結果會隨填寫即時更新。",
    },
    "failed": {
        "nowasm": "你的瀏覽器不支持 WebAssembly，計算器無法運行。",
        "timeout": "計算引擎在 {seconds} 秒內沒有載入完成（網絡可能太慢）。",
        "error": "計算引擎出錯了：",
    },
    "share": {"copied": "鏈接已複製，可以發給別人或收藏。", "manual": "請複製下面的鏈接："},
    "forgotten": "已刪除這台設備上保存的記錄。",
    "numberExpected": "請填寫數字",
    "recordLabel": "第 {n} 條記錄",
    "nextTitle": "接下來",
    "platformsLink": "學習平臺與聯繫電話",
    "next": {
        "not_met": "到學習平臺補足學時，學時由所在單位核定後上傳。",
        "met": "學時由所在單位核定後上傳；培訓考試合格後，登錄內蒙古人才信息庫自行打印審驗卡。",
        "not_required": "如有疑問，請向所在單位或人社部門確認。",
        "not_limiting": "相關學習經歷仍可作為評審參考，學習記錄請保存好。",
    },
}


def render(year: Year, depth: int) -> str:
    """`depth`: how many folders below the site root the page is (for the runtime's address)."""
    policy = year.policy
    root = "../" * depth
    link = lambda clause: f'<a href="../notice/#c-{clause.replace(".", "-")}">{W.clause_label(clause)}</a>' if clause else ""
    # Each circumstance links the clause whose rule reads it, found in this year's rules.
    person = lambda field: link(policy.clause_of(field))
    # The page script's texts ride on a data attribute: Material's instant navigation would
    # run a <script type="application/json"> as JavaScript when it swaps the page in.
    texts = json.loads(json.dumps(LABELS).replace("{megabytes}", str(calculator_assets.download_megabytes())))
    labels = json.dumps({**texts, "clauseNames": policy.clauses,
                         "clauseLabels": {c: W.clause_label(c) for c in policy.clauses}}, ensure_ascii=False)
    channels = "".join(f'<option value="{c.id}">{html.escape(c.name)}</option>' for c in policy.channels.values())
    channel_help = "".join(f"<li>{html.escape(c.name)}（{link(c.clause)}）</li>" for c in policy.channels.values())
    flags = "".join(
        f'<label class="check"><input type="checkbox" name="person.{flag}" data-field="person.{flag}"> {text}'
        f' <span class="hint">（{person(flag)}）</span></label>'
        for flag, text in (
            ("non_public", "我在非公有制經濟領域工作"),
            ("grassroots", "我在蘇木鎮等基層一線工作"),
            ("high_skilled", "我是高技能人才"),
            ("postdoc", "我是出站博士后（在站期間獲中國博士后科學基金資助或主持省部級以上科研項目，出站後留在自治區工作）"),
        ))
    runtime, engine = root + calculator_assets.runtime_path(), root + calculator_assets.calculator_path()
    # Not the wasm: engine.js fetches and compiles it itself, from the head (see there).
    preload = [runtime + "pyodide.asm.mjs", runtime + "pyodide.mjs",
               engine + "python_stdlib.zip", engine + calculator_assets.wheel_name()]
    engine_data = {"runtime": runtime, "calculator": engine, "package": calculator_assets.PACKAGE,
                   "runtimeBytes": calculator_assets.runtime_bytes(),
                   "lock": json.dumps(json.loads(calculator_assets.inline_lock()), separators=(",", ":"))}
    requirements = "".join(f"<li><strong>{html.escape(label)}</strong>：{html.escape(text)}（{link(clause)}）</li>"
                           for label, text, clause in key_figures(year))
    return f"""---
title: {year.year}年度學時自查
# Fetched as soon as the page's head is read, before the worker asks for them, and the page
# script started from the head, so that Pyodide loads while the page is still arriving
# (overrides/main.html).
preload: {json.dumps(preload)}
engine: {json.dumps(engine_data, ensure_ascii=False)}
---

# 學時自查

<div id="calculator" class="calculator" data-notice="{year.year}" data-runtime="{runtime}" data-calculator="{engine}" data-package="{calculator_assets.PACKAGE}" data-runtime-bytes="{engine_data["runtimeBytes"]}" data-lock="{html.escape(engine_data["lock"])}" data-labels="{html.escape(labels)}">

<p>填寫你的情況和學習記錄，計算器按 {year.year} 年度通知逐條檢查你是否達到學時要求、還差多少。
<strong>所有計算都在你的瀏覽器中進行，填寫的內容不會發送到任何地方。</strong>結果是本站對通知的理解（見<a href="../interpretation/">口徑說明</a>），以單位和人社部門的審核為準。</p>

<div id="engine" class="engine" role="status" aria-live="polite">
  <progress id="engine-progress" max="3" value="0"></progress>
  <span id="engine-percent" aria-hidden="true"></span>
  <span id="engine-status">{html.escape(texts["loading"]["start"])}</span>
</div>
<div id="engine-failed" class="admonition failure" hidden>
  <p id="engine-failed-reason"></p>
  <p>你仍可以對照下面的學時要求（可以打印）、<a href="../notice/#rule-{policy.requirement_clause.replace('.', '-')}">通知的規則卡片</a>和<a href="../faq/">常見問題</a>自查：</p>
  <ul class="requirements">{requirements}</ul>
  <button type="button" class="md-button print-requirements">打印學時要求</button>
</div>

<form id="case-form" class="case-form" novalidate autocomplete="off">
<fieldset>
<legend>查詢什麼</legend>
<div class="field" data-field-box="purpose">
  <span class="label" id="purpose-label">查詢目的</span>
  <div role="radiogroup" aria-labelledby="purpose-label">
    <label class="check"><input type="radio" name="purpose" value="title" data-field="purpose" checked> 申報職稱評審</label>
    <label class="check"><input type="radio" name="purpose" value="annual" data-field="purpose"> 只看 {year.year} 年度學夠沒有</label>
    <label class="check"><input type="radio" name="purpose" value="assessment" data-field="purpose"> 考核認定（在蘇木鎮、嘎查村基層單位工作的高校畢業生）</label>
  </div>
  <p class="hint">職稱評審見{link(policy.title_clause)}，年度要求見{link(policy.requirement_clause)}，考核認定見{link(policy.assessment_clause or policy.requirement_clause)}。</p>
  <p class="field-error" data-error-for="purpose" hidden></p>
</div>
<div class="field" data-show-when="title" data-field-box="level">
  <label for="level">申報的職稱級別</label>
  <select id="level" name="level" data-field="level">
    <option value="senior">高級</option><option value="intermediate" selected>中級</option><option value="junior">初級</option>
  </select>
  <p class="hint">高級、中級要完成 {W.years(policy.title_years.get("senior", ()))} 年度；初級要完成 {W.years(policy.title_years.get("junior", ()))} 年度（{link(policy.title_clause)}）。</p>
  <p class="field-error" data-error-for="level" hidden></p>
</div>
<div class="field" data-show-when="assessment" data-field-box="assessment_years">
  <label for="assessment_years">考核認定要求的年度</label>
  <input id="assessment_years" name="assessment_years" data-field="assessment_years" inputmode="numeric" placeholder="如 {year.year - 1}, {year.year}">
  <p class="hint">按考核認定要求的年限填寫，多個年度用逗號分開（{link(policy.assessment_clause or policy.requirement_clause)}）。</p>
  <p class="field-error" data-error-for="assessment_years" hidden></p>
</div>
<div class="field" data-field-box="as_of">
  <label for="as_of">查詢日期</label>
  <input id="as_of" name="as_of" type="date" data-field="as_of">
  <p class="hint">默認是今天；申報職稱的，填申報日期。年齡按這一天計算。</p>
  <p class="field-error" data-error-for="as_of" hidden></p>
</div>
</fieldset>

<fieldset data-show-when="title">
<legend>你的情況</legend>
<div class="field" data-field-box="person.sex">
  <span class="label" id="sex-label">性別</span>
  <div role="radiogroup" aria-labelledby="sex-label">
    <label class="check"><input type="radio" name="person.sex" value="female" data-field="person.sex"> 女</label>
    <label class="check"><input type="radio" name="person.sex" value="male" data-field="person.sex"> 男</label>
  </div>
  <p class="field-error" data-error-for="person.sex" hidden></p>
</div>
<div class="field" data-field-box="person.birth_date">
  <label for="birth_date">出生日期</label>
  <input id="birth_date" name="person.birth_date" type="date" data-field="person.birth_date">
  <p class="hint">到一定年齡可減免學時（{person("birth_date")}）。</p>
  <p class="field-error" data-error-for="person.birth_date" hidden></p>
</div>
<div class="field">
  <span class="label">符合的情形（可多選）</span>
  {flags}
</div>
<div class="field" data-field-box="person.epidemic_years">
  <label for="epidemic_years">符合疫情防控職稱評審傾斜政策的年度</label>
  <input id="epidemic_years" name="person.epidemic_years" data-field="person.epidemic_years" inputmode="numeric" placeholder="沒有就不填；如 {year.year - 2}">
  <p class="hint">醫療衛生專業技術人員，這些年度不要求學時（{person("epidemic_years")}）。</p>
  <p class="field-error" data-error-for="person.epidemic_years" hidden></p>
</div>
<div class="field" data-field-box="person.transferred_year">
  <label for="transferred_year">從黨政機關轉任到專業技術崗位的年份</label>
  <input id="transferred_year" name="person.transferred_year" type="number" inputmode="numeric" data-field="person.transferred_year" placeholder="沒有就不填">
  <p class="hint">只要求轉任那一年起的年度；當年參加評審的，不要求學時（{person("transferred_year")}）。</p>
  <p class="field-error" data-error-for="person.transferred_year" hidden></p>
</div>
<div class="field" data-field-box="person.exceptional_since">
  <label for="exceptional_since">破格申報的，現崗位開始任職的年份</label>
  <input id="exceptional_since" name="person.exceptional_since" type="number" inputmode="numeric" data-field="person.exceptional_since" placeholder="不是破格申報就不填">
  <p class="hint">按實際任職年限完成學時（{person("exceptional_since")}）。</p>
  <p class="field-error" data-error-for="person.exceptional_since" hidden></p>
</div>
</fieldset>

<fieldset>
<legend>學習記錄</legend>
<p class="hint">每次培訓填一條。學時按證書填寫；證書只寫了時長、沒有學時的，填分鐘，按 {policy.minutes_per_hour} 分鐘計 1 學時（{link(policy.conversion_clause or policy.requirement_clause)}）。職業資格考試合格的，不用填學時。</p>
<details class="hint"><summary>各種培訓計入哪個科目</summary><ul>{channel_help}</ul></details>
<ol id="records" class="records"></ol>
<p class="field-error" data-error-for="records" hidden></p>
<button type="button" id="add-record" class="md-button">＋ 添加一條學習記錄</button>
</fieldset>
</form>

<template id="record-template">
<li class="record">
  <div class="record-head"><strong class="record-title"></strong> <button type="button" class="remove-record md-button">刪除</button></div>
  <div class="record-grid">
    <label>年度 <input type="number" inputmode="numeric" data-key="year" required></label>
    <label>學習日期 <input type="date" data-key="studied_on"></label>
    <label class="wide">培訓渠道 <select data-key="channel">{channels}</select></label>
    <label>科目 <select data-key="subject"><option value="public">公需科目</option><option value="professional">專業科目</option></select></label>
    <label>數量 <input type="number" inputmode="decimal" min="0" step="any" data-key="amount"></label>
    <label>單位 <select data-key="unit"><option value="hours">學時</option><option value="minutes">分鐘</option></select></label>
  </div>
  <p class="field-error" data-error-key="record" hidden></p>
</li>
</template>

<section id="result" class="result" aria-live="polite" aria-labelledby="result-title" tabindex="-1">
<h2 id="result-title">結果</h2>
<div id="result-body"><p>填寫後，結果會顯示在這裡。</p></div>
</section>

<div class="calculator-actions">
  <button type="button" id="share" class="md-button md-button--primary">複製分享鏈接</button>
  <button type="button" id="print" class="md-button">打印結果</button>
  <button type="button" id="forget" class="md-button">刪除本機保存的記錄</button>
  <p id="share-output" role="status" hidden></p>
  <p class="hint">你填寫的內容只保存在這台設備的瀏覽器裡，方便下次打開；不會上傳。</p>
</div>

</div>
"""
