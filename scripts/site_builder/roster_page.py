"""The unit's roster page (單位批量自查): a unit's officer checks every person of a roster
file at once, in the browser. Texts are written in Traditional here (the page is converted
per script); the page script (docs/assets/roster/roster.js) holds no Chinese.

The file is read and checked in a Web Worker (docs/assets/roster/worker.js) by the same
Python as `python -m calculator roster`; the page loads that Python itself (roster_assets),
so that the calculator's first visit never downloads it.
"""
from __future__ import annotations

import html
import json

from . import calculator_assets, roster_assets
from .calculator_page import LABELS as CALCULATOR_LABELS
from .sources import Year

# What the calculator's result view (result-view.js `renderResult`) reads, said of a person
# of the roster rather than of the reader.
RESULT_LABELS = {
    **{key: CALCULATOR_LABELS[key] for key in (
        "status", "subject", "date", "year", "makeUpYear", "tableCaption", "yearMet", "yearNotMet", "yearNotNeeded",
        "yearFocus", "anyOneFocus", "shortfall", "shortfallPart", "listSeparator", "todoTitle", "todoBy", "todoOwn",
        "todoMakeUp", "todoSeparator", "todoHow", "closedTitle", "closedItem", "closedAsk", "notPossible", "notesTitle",
        "next", "platformsLink")},
    "statusHelp": {
        "met": "按本站對通知的理解，這位人員的繼續教育學時夠了。",
        "not_met": "按本站對通知的理解，這位人員的繼續教育學時還不夠。",
        "not_required": "這次不需要繼續教育學時：學時多少都不影響。",
        "not_limiting": "學時不夠也可以申報，相關學習經歷作為評審參考。",
    },
    "anyOne": "只需完成其中一個年度，其他年度不必完成。",
}

LABELS = {
    "loading": {
        "start": "正在載入檢查程序（第一次打開需要下載約 {megabytes} MB，用過本站學時自查的約 {extra} MB；之後會快很多）…",
        "libraries": "正在載入表格讀取程序…",
        "writer": "正在載入 Excel 導出程序…",
        "ready": "檢查程序已就緒：選擇花名冊文件即可開始。",
        "waitFile": "已選擇文件，檢查程序載入後自動開始…",
        "reading": "正在讀取「{name}」…",
        "checking": "正在檢查：{done}／{total} 人",
        "done": "「{name}」檢查完畢，共 {people} 人。",
        "cleared": "已清除：文件和結果都已從這個頁面的內存中刪除。",
        "restarting": "正在重新準備檢查程序（不需要再下載）…",
    },
    "failed": {
        "nowasm": "你的瀏覽器不支持 WebAssembly，批量自查無法運行。請換用新版的瀏覽器。",
        "timeout": "檢查程序在 {seconds} 秒內沒有載入完成（網絡可能太慢）。請稍後刷新頁面再試。",
        "offline": "沒有聯網：批量自查的檢查程序還沒有保存在這台設備上。請聯網後打開本頁一次（之後沒有網絡也能用），再選擇文件。",
        "error": "檢查程序沒有載入成功。請刷新頁面再試；仍不行，請換用新版的瀏覽器，或聯繫本站。",
        "crashed": "這個文件讓檢查程序出錯了（不是你的錯）。請確認它是花名冊文件，或另存為 .xlsx 後再試；仍不行請聯繫本站。",
        "export": "導出沒有成功，請再試一次。",
        "library": "表格讀取程序沒有載入成功（網絡可能斷了）。請檢查網絡，再選擇一次文件。",
    },
    "summary": {
        "people": "共 {count} 人",
        "met": "符合要求",
        "not_met": "尚未達到",
        "not_required": "不要求學時",
        "not_limiting": "學時不作限制",
        "errors": "填寫有誤",
        "hint": "點一類的人數，表格就只列出這一類人員。",
    },
    "filter": {"all": "全部", "shown": "顯示 {from}–{to}，共 {count} 人", "none": "沒有符合條件的人員。"},
    "page": {"of": "第 {page}／{pages} 頁"},
    "column": {"row": "行", "name": "姓名", "status": "結果", "shortfall": "還差", "todo": "要學的（截止日期）", "clauses": "條款",
               "problem": "問題"},
    "shortfallPublic": "公需 {hours}",
    "shortfallProfessional": "專業 {hours}",
    "closedNote": "另有補不上的缺口",
    "none": "—",
    "errorsTitle": "填寫有誤的行（{count} 處）",
    "errorStatus": "填寫有誤",
    "errorOf": "{name}：{text}",
    "errorLine": "第{row}行「{column}」：{message}",
    "errorLineNoColumn": "第{row}行：{message}",
    "errorsMore": "還有 {count} 處沒有列出，請看導出的 Excel 文件的「錯誤」工作表。",
    "open": "展開說明",
    "close": "收起說明",
    "exportName": "{notice}年度花名冊自查結果-{date}",
    "chosen": "已選擇：{name}",
    "print": {"title": "{notice}年度繼續教育學時批量自查", "file": "文件：{name}", "recordsFile": "學習記錄文件：{name}",
              "printedOn": "打印日期：{date}", "asOf": "查詢日期：未填寫的按 {date}", "warnings": "讀取花名冊時的提示",
              "notMet": "尚未達到要求的人員（{count} 人）", "noneNotMet": "沒有尚未達到要求的人員。",
              "reading": "結果是本站對通知的理解，以單位和人社部門的審核為準。"},
    # What was read, above the results: the warnings (each message a whole sentence from the
    # reader), then which column of the file was read as what.
    "reading": {
        "warningsTitle": "看結果之前，請先核對這些提示：",
        "alertTitle": "下面的結果還不能用：",
        "skippedMore": "另外還跳過了 {count} 行（點開查看）",
        "skippedNotListed": "另外還跳過了 {count} 行，沒有逐行列出。",
        "columnsTitle": "讀取的列",
        "columnsCount": "（{read} 列讀取，{ignored} 列不讀取）",
        "columnsAllRead": "（{read} 列，都讀取了）",
        "columnsHint": "請核對每一列讀成了什麼：讀錯或漏讀的，改表頭後重新選擇文件。",
        "sheet": "工作表「{sheet}」",
        "letter": "第{letter}列",
        "header": "「{header}」",
        "readAs": "→ {what}",
        "notRead": "不讀取",
        "hidden": "（隱藏列）",
    },
    "result": RESULT_LABELS,
}


def render(year: Year, depth: int) -> str:
    """`depth`: how many folders below the whole site's root the page is."""
    root = "../" * depth
    policy = year.policy
    extra = round(sum(_served_size(path) for path in roster_assets.wheel_files()) / 1e6, 1)
    texts = json.loads(json.dumps(LABELS).replace("{megabytes}", str(download_megabytes())).replace("{extra}", str(extra)))
    texts["result"]["clauseLabels"] = policy.clause_labels
    labels = json.dumps(texts, ensure_ascii=False)
    runtime = root + calculator_assets.runtime_path()
    engine = root + calculator_assets.calculator_path()
    roster = root + roster_assets.folder_path()
    lock = json.dumps(json.loads(roster_assets.inline_lock()), separators=(",", ":"))
    # Written in Traditional, as the whole page: its conversion to Simplified turns each link
    # into the Simplified template's (roster_assets.templates), file name included.
    templates = roster_assets.templates(year.year)
    template_labels = {"xlsx": "下載 Excel 模板（.xlsx）", "csv": "下載 CSV 模板"}
    template_links = " ".join(
        f'<a class="md-button" href="{html.escape(roster + path)}" download="{html.escape(name)}">{template_labels[kind]}</a>'
        for kind, (path, name) in templates.items())
    return f"""---
title: {year.year}年度單位批量自查
hide: [toc]
---

# 單位批量自查

<div id="roster" class="calculator roster" data-notice="{year.year}" data-runtime="{runtime}" data-calculator="{engine}" data-roster="{roster}" data-calculator-package="{calculator_assets.PACKAGE}" data-package="{roster_assets.PACKAGE}" data-lock="{html.escape(lock)}" data-labels="{html.escape(labels)}">
<link rel="stylesheet" href="../../assets/roster/roster.css">

<p class="roster-intro">單位經辦人用它一次檢查本單位所有人員的學時：選擇花名冊文件，按 {year.year} 年度通知逐人檢查夠不夠、還差多少、到哪天前還能補，可以導出和打印。<strong>文件只在你的瀏覽器中讀取和計算，不會上傳或發送到任何地方，也不會保存在這台設備上；</strong>關閉頁面或點「清除」，文件和結果就從內存中刪除。結果是本站對通知的理解（<a href="../interpretation/">口徑說明</a>），以單位和人社部門的審核為準。個人自查請用<a href="../calculator/">學時自查</a>。</p>

<section class="roster-step roster-template">
<h2>1. 準備花名冊</h2>
<p>可以用模板，也可以用本單位現有的花名冊：表頭在前 10 行內、有「姓名」一列即可，列的順序不限，簡體繁體都可以，其他列（聯繫電話、備註等）不影響。</p>
<p class="roster-templates">{template_links}</p>
{_columns_help(year)}
</section>

<section class="roster-step roster-choose">
<h2>2. 選擇文件</h2>
<div id="roster-drop" class="roster-drop">
  <input id="roster-file" class="visually-hidden" type="file" accept=".xlsx,.xlsm,.xls,.ods,.csv,.txt">
  <label for="roster-file" class="roster-drop-label"><span class="md-button md-button--primary">選擇花名冊文件</span> <span class="roster-drop-hint">或把文件拖到這裡（.xlsx、.xls、.ods、.csv）</span></label>
  <p id="roster-file-name" class="roster-file-name">&nbsp;</p>
</div>
<p class="hint roster-records-line"><input id="roster-records" class="visually-hidden" type="file" accept=".csv,.txt">CSV 花名冊的學習記錄另存為一個文件的，選擇花名冊後再選擇它（可選）：<label for="roster-records" class="md-button roster-records-button">選擇學習記錄文件</label> <span id="roster-records-name"></span></p>
<div id="roster-engine" class="roster-engine" role="status" aria-live="polite">
  <progress id="roster-progress" max="1"></progress>
  <span id="roster-status">{html.escape(texts["loading"]["start"])}</span>
</div>
</section>

<section class="roster-step roster-results" id="roster-results" aria-labelledby="roster-results-title">
<div class="roster-results-head"><h2 id="roster-results-title">3. 結果</h2>
<span class="roster-actions">
  <button type="button" id="roster-export-xlsx" class="md-button" disabled>導出 Excel</button>
  <button type="button" id="roster-export-csv" class="md-button" disabled>導出 CSV</button>
  <button type="button" id="roster-print" class="md-button" disabled>打印</button>
  <button type="button" id="roster-clear" class="md-button" disabled>清除</button>
</span></div>
<p class="hint roster-export-hint"><label class="check"><input type="checkbox" id="roster-full-ids"> 導出完整身份證號</label>（不勾選時，導出的文件中身份證號只顯示前 6 位和後 4 位）</p>
<div id="roster-warnings" class="roster-warnings" hidden><p class="roster-warnings-title"></p><ul></ul></div>
<details id="roster-read-columns" class="roster-read-columns" hidden><summary></summary><div class="roster-read-body"></div></details>
<div id="roster-summary" class="roster-summary" aria-live="polite"><p class="result-waiting">選擇花名冊文件後，每個人的結果會顯示在這裡。</p></div>
<div id="roster-list" class="roster-list" hidden>
<div class="roster-filter">
  <label for="roster-status-filter">結果</label>
  <select id="roster-status-filter"></select>
  <label for="roster-search">搜索姓名</label>
  <input id="roster-search" type="search" autocomplete="off" placeholder="輸入姓名">
</div>
<p id="roster-shown" class="hint roster-shown" aria-live="polite"></p>
<div class="roster-table-wrap"><table id="roster-table" class="roster-table">
<thead><tr></tr></thead><tbody></tbody></table></div>
<nav class="roster-pages" aria-label="分頁">
  <button type="button" id="roster-prev" class="md-button">上一頁</button>
  <span id="roster-page"></span>
  <button type="button" id="roster-next" class="md-button">下一頁</button>
</nav>
</div>
<section id="roster-errors" class="roster-errors" hidden aria-labelledby="roster-errors-title">
<h3 id="roster-errors-title"></h3>
<ul></ul>
<p class="hint roster-errors-more" hidden></p>
</section>
</section>

<section id="roster-print-out" class="roster-print-out"></section>

<script type="module" src="../../assets/roster/roster.js"></script>
</div>
"""


def download_megabytes() -> float:
    """A first visit's download for this page: the calculator's runtime and the roster's wheels
    (their .br copies, as the site serves them)."""
    extra = sum(_served_size(path) for path in roster_assets.wheel_files())
    return round(calculator_assets.download_megabytes() + extra / 1e6, 1)


def _served_size(path) -> int:
    br = path.with_name(path.name + ".br")
    return br.stat().st_size if br.exists() else path.stat().st_size


def _columns_help(year: Year) -> str:
    """The columns the roster reads (CONTRACT.md, "A unit's roster"), in a few lines."""
    y = year.year
    rows = [
        ("姓名", "必填"),
        ("身份證號", "18 位；性別、出生日期沒填時從身份證號讀出。請把這一列設為「文本」格式，存成數字會丟失後幾位"),
        ("性別、出生日期", "男／女；出生日期如 1978-04-12、1978/4/12、1978年4月12日"),
        ("查詢目的", "年度、職稱評審、考核認定（不填：年度）"),
        ("申報級別", "初級、中級、高級（職稱評審時填）"),
        ("查詢日期", "申報日期，年齡按這一天算（不填：今天）"),
        ("非公有制經濟領域、基層一線、高技能人才、出站博士後", "是／否（或 √），不填為否"),
        ("疫情防控年度、考核認定年度", "年份，多個用頓號或逗號分開"),
        ("轉任年度、破格任職年度", "一個年份"),
        (f"{y}公需、{y}專業（其他年度同樣寫法，如 {y - 1}專業）",
         f"單位核定的該年度該科目學時，沒有就不填。也可以寫「公需科目（學時）」「專業科目（學時）」，"
         f"年度寫在這幾列上方（如合併單元格「{y}年度」）或表頭上方的標題裡（如「{y}年專業技術人員繼續教育培訓花名冊」）"),
        (f"{y}職業資格考試", "該年度通過職業資格考試的填「是」"),
    ]
    body = "".join(f"<tr><td>{html.escape(a)}</td><td>{html.escape(b)}</td></tr>" for a, b in rows)
    return ('<details class="roster-columns"><summary>花名冊各列怎麼填</summary>'
            f'<table><thead><tr><th scope="col">列名</th><th scope="col">填什麼</th></tr></thead><tbody>{body}</tbody></table>'
            "<p>要逐條填寫學習記錄（學習日期、培訓渠道等）的，在同一個 Excel 文件中加一個名為「學習記錄」的工作表"
            "（CSV 花名冊則另存一個文件），每條記錄一行：身份證號（或序號、姓名）、計入年度、學習日期、培訓渠道、科目、學時或分鐘。</p>"
            "<p>合計、小計行，模板的「示例」行和重複的表頭不當作人員檢查；「合計學時」列只用來核對。"
            "檢查後，結果上方會列出每一列讀作什麼、跳過了哪些行，請先核對。</p>"
            "</details>")
