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
    # The status in plain words: what it means for the reader (CONTRACT statuses).
    "statusHelp": {
        "met": "按本站對通知的理解，你的繼續教育學時夠了。",
        "not_met": "按本站對通知的理解，你的繼續教育學時還不夠。",
        "not_required": "這次不需要繼續教育學時：學時多少都不影響。",
        "not_limiting": "學時不夠也可以申報，相關學習經歷作為評審參考。",
    },
    "subject": M.SUBJECT,
    "date": "{y}年{m}月{d}日",
    "year": "{year} 年度",
    "makeUpYear": "{year} 年度（補學）",
    "tableCaption": "各年度學時：已計入／應學",
    "yearMet": "已達到",
    "yearNotMet": "未達到",
    "yearNotNeeded": "不必",
    "yearFocus": "完成這一年即可",
    "anyOne": "你只需完成其中一個年度，其他年度不必完成。",
    "anyOneFocus": "最容易完成的是 {year} 年度。",
    "shortfall": "還差：{parts}。",
    "shortfallPart": "{subject} {hours} 學時",
    "listSeparator": "、",
    "todoTitle": "還要做的",
    "todoBy": "{date}前：",
    "todoOwn": "{year}年度{subject}還要學 {hours} 學時",
    "todoMakeUp": "補學{year}年度{subject} {hours} 學時",
    "todoSeparator": "；",
    "todoHow": "在學習平臺學習，學時由所在單位核定後上傳。",
    "closedTitle": "按本通知已經補不上的",
    "closedItem": "{year}年度{subject}差 {hours} 學時。{why}",
    "closedAsk": "這部分請向所在單位或旗區人社部門諮詢：",
    "notPossible": "有的缺口按本通知已經補不上（見下面），只靠補學，這次達不到要求。",
    "notesTitle": "逐條說明",
    "fixErrors": "請先更正下面 {count} 處填寫：",
    "loading": {
        "start": "正在載入計算引擎（第一次打開需要下載約 {megabytes} MB，之後會快很多）…",
        "downloaded": "已下載 {percent}%",
        "runtime": "正在啟動 Python 運行環境…",
        "rules": "正在載入 {year} 年度的規則…",
        "ready": "計算引擎已就緒，結果會隨填寫即時更新。",
    },
    "waiting": "計算引擎載入後，結果會顯示在這裡。",
    "failed": {
        "nowasm": "你的瀏覽器不支持 WebAssembly，計算器無法運行。",
        "timeout": "計算引擎在 {seconds} 秒內沒有載入完成（網絡可能太慢）。",
        "error": "計算引擎出錯了：",
        "case": "這組填寫讓計算出錯了（不是你的錯）。請檢查數字是否過大，或刪去最近改動的一項再試；仍不行請聯繫本站。",
    },
    "share": {"copied": "鏈接已複製，可以發給別人或收藏。", "manual": "請複製下面的鏈接："},
    "recordLabel": "第 {n} 條記錄",
    "platformsLink": "學習平臺與聯繫電話",
    "next": {
        "not_met": "",
        "met": "學時由所在單位核定後上傳；培訓考試合格後，登錄內蒙古人才信息庫自行打印審驗卡。",
        "not_required": "如有疑問，請向所在單位或人社部門確認。",
        "not_limiting": "學習記錄請保存好，評審時作為參考。",
    },
    "bar": {"open": "看結果", "shortfall": "還差 公需 {public}・專業 {professional} 學時", "errors": "有 {count} 處要更正"},
    "saved": {
        "new": "新的查詢（還沒有保存）",
        "fromLink": "這是從鏈接打開的查詢，沒有保存在這台設備上；要保存，點「保存」。",
        "editing": "正在查看「{name}」，修改會自動保存在這台設備上。",
        "fresh": "新的查詢：填寫後會自動保存在這台設備上。",
        "savedAs": "已保存為「{name}」。",
        "deleted": "已刪除「{name}」。",
        "deletedUnsaved": "已清空這次查詢。",
        "undo": "撤銷",
        "restored": "已恢復「{name}」。",
        "restoredUnsaved": "已恢復剛才的填寫。",
        "defaultName": "查詢 {n}",
        "previous": "上次的查詢",
        "damaged": "這個鏈接不完整或已損壞，沒有打開；這台設備上保存的查詢沒有改動。",
        "notSaved": "沒有保存：瀏覽器的存儲空間已滿，或不允許本站保存（如無痕模式）。結果照常顯示，但關閉頁面後這次的填寫不會留下；要留下，可以「複製分享鏈接」收藏。",
        "notDeleted": "沒能在這台設備上刪除「{name}」：瀏覽器的存儲空間無法寫入，下次打開時它可能還在。",
        "unread": "「{field}」的內容無法讀取，沒有讀入，請重新填寫。",
        "unreadLink": "鏈接中有的內容無法讀取，沒有讀入：{fields}；其餘內容已打開。",
        "unreadSaved": "保存的「{name}」中有的內容無法讀取，沒有讀入：{fields}；其餘內容已打開，改好後會自動保存。",
        "deletedElsewhere": "「{name}」已在另一個頁面中刪除。這裡的填寫沒有保存；要保留，點「保存」存為新的查詢。",
        "updatedElsewhere": "「{name}」剛在另一個頁面中改過，這裡顯示的是改過的內容，修改會自動保存在這台設備上。",
    },
    "print": {"title": "查詢內容", "printedOn": "打印日期：{date}", "none": "無", "records": "學習記錄"},
}


def render(year: Year, depth: int) -> str:
    """`depth`: how many folders below the site root the page is (for the runtime's address).

    The HTML is served in the state the page script shows first (a year's own check, the
    title and assessment fields hidden), so that nothing moves when the script starts."""
    policy = year.policy
    root = "../" * depth
    link = lambda clause: f'<a href="../notice/#c-{clause.replace(".", "-")}">{year.label(clause)}</a>' if clause else ""
    # Each circumstance links the clause whose rule reads it, found in this year's rules.
    person = lambda field: link(policy.clause_of(field))
    # The page script's texts ride on a data attribute: Material's instant navigation would
    # run a <script type="application/json"> as JavaScript when it swaps the page in.
    texts = json.loads(json.dumps(LABELS).replace("{megabytes}", str(calculator_assets.download_megabytes())))
    labels = json.dumps({**texts, "clauseLabels": policy.clause_labels}, ensure_ascii=False)
    channels = "".join(f'<option value="{c.id}">{html.escape(c.name)}</option>' for c in policy.channels.values())
    runtime, engine = root + calculator_assets.runtime_path(), root + calculator_assets.calculator_path()
    # Not the wasm: engine.js fetches and compiles it itself, from the head (see there).
    preload = [runtime + "pyodide.asm.mjs", runtime + "pyodide.mjs",
               engine + "python_stdlib.zip", engine + calculator_assets.wheel_name()]
    engine_data = {"notice": year.year, "preload": preload, "runtime": runtime, "calculator": engine, "package": calculator_assets.PACKAGE,
                   "runtimeBytes": calculator_assets.runtime_bytes(),
                   "lock": json.dumps(json.loads(calculator_assets.inline_lock()), separators=(",", ":"))}
    # The memory snapshot a returning visit starts from (fetched after a first result: engine.js).
    snapshot = calculator_assets.snapshot_info()
    requirements = "".join(f"<li><strong>{html.escape(label)}</strong>：{html.escape(text)}（{link(clause)}）</li>"
                           for label, text, clause in key_figures(year))
    return f"""---
title: {year.year}年度學時自查
hide: [toc]
# The engine is started from the page's head (overrides/main.html, engine.js), once the page
# has been painted; `preload` is fetched then, before the worker asks for it.
engine: {json.dumps(engine_data, ensure_ascii=False)}
---

# 學時自查

<div id="calculator" class="calculator" data-notice="{year.year}" data-runtime="{runtime}" data-calculator="{engine}" data-package="{calculator_assets.PACKAGE}" data-runtime-bytes="{engine_data["runtimeBytes"]}" data-snapshot="{engine}{snapshot["name"]}" data-snapshot-bytes="{snapshot["bytes"]}" data-snapshot-integrity="{snapshot["integrity"]}" data-lock="{html.escape(engine_data["lock"])}" data-labels="{html.escape(labels)}">

<p class="calculator-intro">按 {year.year} 年度通知逐條檢查你的學時夠不夠、還差多少、到哪天前還能補。<strong>計算在你的瀏覽器中進行，填寫的內容不會發送到任何地方。</strong>結果是本站對通知的理解（<a href="../interpretation/">口徑說明</a>），以單位和人社部門的審核為準。單位要一次檢查多人的，用<a href="../roster/">單位批量自查</a>。</p>

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

<div class="calculator-layout">
<form id="case-form" class="case-form" novalidate autocomplete="off">
{_saved_checks()}
<fieldset>
<legend>查詢什麼</legend>
<div class="field" data-field-box="purpose">
  <span class="label" id="purpose-label">查詢目的</span>
  <div role="radiogroup" aria-labelledby="purpose-label" class="choices">
    <label class="check"><input type="radio" name="purpose" value="annual" data-field="purpose" checked> 只看 {year.year} 年度學夠沒有</label>
    <label class="check"><input type="radio" name="purpose" value="title" data-field="purpose"> 申報職稱評審</label>
    <label class="check"><input type="radio" name="purpose" value="assessment" data-field="purpose"> 考核認定（在蘇木鎮、嘎查村基層單位工作的高校畢業生）</label>
  </div>
  <p class="field-error" data-error-for="purpose" hidden></p>
</div>
<div class="field" data-show-when="title" data-field-box="level">
  <label for="level">申報的職稱級別</label>
  <select id="level" name="level" data-field="level">
    <option value="senior">高級</option><option value="intermediate" selected>中級</option><option value="junior">初級</option>
  </select>
  <p class="hint">高級、中級要完成 {W.years(policy.title_years.get("senior", ()))} 年度，初級要完成 {W.years(policy.title_years.get("junior", ()))} 年度（{link(policy.title_clause)}）。</p>
  <p class="field-error" data-error-for="level" hidden></p>
</div>
<div class="field" data-show-when="assessment" data-field-box="assessment_years">
  <label for="assessment_years">考核認定要求的年度</label>
  <input id="assessment_years" name="assessment_years" data-field="assessment_years" inputmode="numeric" placeholder="如 {year.year - 1}, {year.year}">
  <p class="hint">多個年度用逗號分開（{link(policy.assessment_clause or policy.requirement_clause)}）。</p>
  <p class="field-error" data-error-for="assessment_years" hidden></p>
</div>
<div class="field" data-field-box="as_of">
  <label for="as_of">查詢日期</label>
  <input id="as_of" name="as_of" type="date" data-field="as_of">
  <p class="hint">默認是今天；申報職稱的填申報日期，年齡按這一天算。</p>
  <p class="field-error" data-error-for="as_of" hidden></p>
</div>
</fieldset>

<fieldset data-show-when="title">
<legend>你的情況</legend>
<div class="field-row">
<div class="field" data-field-box="person.sex">
  <span class="label" id="sex-label">性別</span>
  <div role="radiogroup" aria-labelledby="sex-label" class="choices inline">
    <label class="check"><input type="radio" name="person.sex" value="female" data-field="person.sex"> 女</label>
    <label class="check"><input type="radio" name="person.sex" value="male" data-field="person.sex"> 男</label>
  </div>
  <p class="field-error" data-error-for="person.sex" hidden></p>
</div>
<div class="field" data-field-box="person.birth_date">
  <label for="birth_date">出生日期</label>
  <input id="birth_date" name="person.birth_date" type="date" data-field="person.birth_date">
  <p class="field-error" data-error-for="person.birth_date" hidden></p>
</div>
</div>
<p class="hint">年齡到了一定歲數可減免學時（{person("birth_date")}）。</p>
{_circumstances(policy, person)}
</fieldset>

<fieldset>
<legend>學習記錄</legend>
<p class="hint">每次培訓填一條，學時按證書填。證書只有時長的填分鐘，按 {policy.minutes_per_hour} 分鐘計 1 學時（{link(policy.conversion_clause or policy.requirement_clause)}）。{_year_hint(year)}</p>
<ol id="records" class="records"></ol>
<p class="field-error" data-error-for="records" hidden></p>
<button type="button" id="add-record" class="md-button">＋ 添加一條學習記錄</button>
{_channel_table(policy, link)}
</fieldset>
</form>

<div class="result-column">
<section id="result" class="result" aria-live="polite" aria-labelledby="result-title" tabindex="-1">
<div class="result-head"><h2 id="result-title">結果</h2>
<span class="result-actions"><button type="button" id="share" class="md-button">複製分享鏈接</button><button type="button" id="print" class="md-button">打印</button></span></div>
<p class="hint share-hint">分享鏈接裡有你填寫的出生日期和學習記錄，只發給你信任的人。</p>
<p id="share-output" role="status" hidden></p>
<div id="result-body"><p class="result-waiting">{html.escape(texts["waiting"])}</p></div>
</section>
</div>
</div>

<div id="status-bar" class="status-bar"><a href="#result" tabindex="-1"><span class="status-bar-status"></span> <span class="status-bar-detail"></span> <span class="status-bar-open">{html.escape(texts["bar"]["open"])} ›</span></a></div>

<section id="print-inputs" class="print-inputs"></section>

<template id="record-template">
<li class="record">
  <span class="record-title visually-hidden"></span>
  <label class="record-year">計入年度 <input type="number" inputmode="numeric" data-key="year" required></label>
  <label class="record-date">學習日期 <input type="date" data-key="studied_on"></label>
  <button type="button" class="remove-record" aria-label="刪除這條記錄">刪除</button>
  <label class="record-channel">培訓渠道 <select data-key="channel">{channels}</select></label>
  <label class="record-subject">科目 <select data-key="subject"><option value="public">公需科目</option><option value="professional">專業科目</option></select></label>
  <label class="record-amount">數量 <input type="number" inputmode="decimal" min="0" step="any" data-key="amount"></label>
  <label class="record-unit">單位 <select data-key="unit"><option value="hours">學時</option><option value="minutes">分鐘</option></select></label>
  <p class="field-error" data-error-key="record" hidden></p>
</li>
</template>

</div>
"""


def _saved_checks() -> str:
    """This device's saved checks: a list, a name, save, new, delete (with undo)."""
    return """<div class="saved-checks">
  <div class="saved-row">
    <label for="saved-list" class="visually-hidden">本機保存的查詢</label>
    <select id="saved-list" aria-describedby="saved-status"><option value="">新的查詢</option></select>
    <button type="button" id="new-check" class="md-button">新建</button>
  </div>
  <div class="saved-row">
    <label for="check-name" class="visually-hidden">這次查詢的名稱</label>
    <input id="check-name" maxlength="40" placeholder="名稱（可不填），如：張老師中級">
    <button type="button" id="save-check" class="md-button">保存</button>
    <button type="button" id="delete-check" class="md-button">刪除</button>
  </div>
  <p id="saved-status" class="saved-status" role="status"><span class="saved-text">&nbsp;</span></p>
</div>"""


# The person's circumstances, in the notice's order, each linked to the rule that reads it.
# Yes/no circumstances are a tick box; those that need a year reveal its box when ticked.
FLAGS = (
    ("non_public", "在非公有制經濟領域工作"),
    ("grassroots", "在蘇木鎮等基層一線工作"),
    ("high_skilled", "是高技能人才"),
    ("postdoc", "是出站博士后（在站期間獲中國博士后科學基金資助或主持省部級以上科研項目，出站後留在自治區工作）"),
)
YEAR_FIELDS = (
    ("epidemic_years", "符合疫情防控職稱評審傾斜政策（醫療衛生人員）", "哪些年度", "如 {example}，多個用逗號分開", "text"),
    ("transferred_year", "從黨政機關轉任到專業技術崗位", "轉任年份", "如 {example}", "number"),
    ("exceptional_since", "破格申報", "現崗位開始任職的年份", "如 {example}", "number"),
)


def _circumstances(policy, person) -> str:
    """Only the circumstances that a rule of this year reads: a rule removed from the
    notice removes its tick box."""
    items = []
    for flag, text in FLAGS:
        if policy.clause_of(flag):
            items.append(f'<li><label class="check"><input type="checkbox" name="person.{flag}" data-field="person.{flag}"> {text}'
                         f' <span class="hint">（{person(flag)}）</span></label></li>')
    for field, text, what, placeholder, kind in YEAR_FIELDS:
        if not policy.clause_of(field):
            continue
        box = (f'<input id="{field}" name="person.{field}" data-field="person.{field}" inputmode="numeric"'
               + (' type="number"' if kind == "number" else "")
               + f' placeholder="{placeholder.format(example=policy.year - 1)}">')
        items.append(
            f'<li data-field-box="person.{field}"><label class="check"><input type="checkbox" data-reveals="person.{field}"> {text}'
            f' <span class="hint">（{person(field)}）</span></label>'
            f'<div class="revealed" data-revealed-by="person.{field}" hidden><label for="{field}">{what}</label> {box}</div>'
            f'<p class="field-error" data-error-for="person.{field}" hidden></p></li>')
    return (f'<div class="field"><span class="label">符合下面情形的請勾選（可多選，沒有就不勾）</span>'
            f'<ul class="circumstances">{"".join(items)}</ul></div>')


def _year_hint(year: Year) -> str:
    """What 計入年度 means, with this notice's make-up years."""
    policy = year.policy
    text = "「計入年度」是這條學時算在哪一年。"
    if policy.make_up:
        text += (f"補學 {W.years(policy.make_up.years)} 年度的，計入年度填要補的那一年，學習日期填實際學習的日期"
                 f"（要在 {policy.make_up.studied_in} 年度學習期內）。")
    return text


def _channel_table(policy, link) -> str:
    """Which channel counts toward which subject: from the channel rules."""
    rows = []
    for c in policy.channels.values():
        if c.meets_in_full:
            counts = f"視同完成當年度{M.SUBJECT[c.meets_in_full]}學時要求，不用填學時"
        elif c.counts_toward == "claimed":
            counts = "按所學計入公需科目或專業科目"
        else:
            counts = f"只計入{M.SUBJECT[c.counts_toward]}"
        if c.only_if_person or c.only_if_purposes:
            who = M.PERSON[c.only_if_person] if c.only_if_person else ""
            counts += f"；只在{who}{W.purposes(c.only_if_purposes)}時計入"
        rows.append(f"<tr><td>{html.escape(c.name)}</td><td>{counts}</td><td>{link(c.clause)}</td></tr>")
    return ('<details class="channel-help"><summary>各種培訓計入哪個科目</summary>'
            '<table><thead><tr><th scope="col">培訓渠道</th><th scope="col">計入</th><th scope="col">條款</th></tr></thead>'
            f'<tbody>{"".join(rows)}</tbody></table></details>')
