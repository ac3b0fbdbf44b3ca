"""The words of the calculator page and the roster page, in Traditional as the notice is
written (each page is converted per script).

CALCULATOR and ROSTER reach the page scripts as JSON in each page's data-labels attribute:
docs/assets/calculator/ and docs/assets/roster/ hold no Chinese. The rest are the words of
the pages' repeated parts (tick boxes, template links, the roster's columns), which the
templates in templates/ lay out.
"""

from __future__ import annotations

import json

from calculator import messages as M
from calculator.roster.template import ASSESSMENT_COLUMN
from calculator.rule_kinds import CIRCUMSTANCE_KINDS

from . import words as W
from .chinese import to_script

# Where a chat app's browser (WeChat, QQ, Alipay, DingTalk, Weibo) cannot download or print:
# what to do instead, and the box with the content to copy (docs/assets/shared/inapp.js).
IN_APP = {
    "apps": {"wechat": "微信", "qq": "QQ", "alipay": "支付寶", "dingtalk": "釘釘", "weibo": "微博"},
    "download": "在{app}裡打開的頁面不能下載文件。請點右上角「…」，選「在瀏覽器打開」（蘋果手機為「在 Safari 中打開」）後再下載；也可以複製下面的內容。",
    "print": "在{app}裡打開的頁面不能打印。請點右上角「…」，選「在瀏覽器打開」（蘋果手機為「在 Safari 中打開」）後再打印；也可以把下面的結果文字複製給單位。",
    "copy": "複製",
    "copied": "已複製。",
    "selected": "已選中全部文字，請長按後選「複製」。",
    "textLabel": "要複製的內容",
}

CALCULATOR = {
    "status": W.STATUS,
    # The status in plain words: what it means for the reader (the statuses of docs/dev/contract.md).
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
    # Before the reader has entered anything: what the notice asks, never a verdict; and, where
    # only fields the reader has not reached yet are missing, which ones (not as errors).
    "prompt": {
        "lead": "填寫學習記錄後，這裡會顯示你的學時夠不夠、還差多少。通知的要求：",
        "needed": "填好這些後顯示結果：{fields}",
    },
    # A shared link opened: its result first, the case in short, the form on request.
    "arrival": {
        "note": "這是別人通過鏈接分享給你的查詢，下面先顯示結果。要看或改動填寫的內容，點「修改」；改動不會影響分享給你的人。",
        "summary": "你填寫的內容",
        "edit": "修改",
        "records": "學習記錄",
        "noRecords": "沒有填寫學習記錄",
        "record": "{year} 年度{subject} {amount}（{channel}{date}）",
        "recordExam": "{year} 年度{channel}{date}",
        "date": "，{date}",
    },
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
    "bar": {
        "open": "看結果",
        "shortfall": "還差 公需 {public}・專業 {professional} 學時",
        "errors": "有 {count} 處要更正",
    },
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
    "print": {
        "title": "查詢內容",
        "printedOn": "打印日期：{date}",
        "none": "無",
        "records": "學習記錄",
        "name": "查詢名稱：{name}",
        "site": "{site}　{address}",
        "platforms": "學習平臺與聯繫電話",
        "platformLine": "{name}　{address}　電話 {phone}",
        "platformsAt": "見 {address}",
    },
    # The to-do's date is the study window's last day (every item's `by`, engine.py): named so.
    "todoLastDay": "學習期最後一天 {date} 前：",
    # A title application checked as of a day before that last day (the site's reading stands:
    # hours studied in the window count; the unit verifies them for the application).
    "todoApplication": "申報職稱時，學時由所在單位為這次申報核定：學習期內學的都計入，但穩妥起見，請在申報日期（{date}）前學完。",
    "actions": {"calendar": "加入日曆", "copy": "複製給單位"},
    "calendar": {
        "summary": "{notice}年度繼續教育學時：學習期最後一天",
        "reminder": "繼續教育學時要在 {date} 前學完",
        "fileName": "{notice}年度繼續教育學時截止日期.ics",
        "saved": "已生成日曆文件：打開它，即可加入手機或電腦的日曆。",
    },
    "copy": {
        "title": "{notice}年度繼續教育學時自查結果",
        "name": "查詢名稱：{name}",
        "status": "結果：{status}",
        "asOf": "查詢日期：{date}",
        "reading": "結果是本站對通知的理解，以單位和人社部門的審核為準。",
        "site": "自查網址：{address}",
        "copied": "結果文字已複製，可以粘貼到微信等聊天中發給單位。",
        "manual": "請複製下面的結果文字，發給單位：",
    },
    "inApp": IN_APP,
}

# What the calculator's result view (result-view.js `renderResult`) reads, said of a person
# of the roster rather than of the reader.
ROSTER_RESULT = {
    **{
        key: CALCULATOR[key]
        for key in (
            "status",
            "subject",
            "date",
            "year",
            "makeUpYear",
            "tableCaption",
            "yearMet",
            "yearNotMet",
            "yearNotNeeded",
            "yearFocus",
            "anyOneFocus",
            "shortfall",
            "shortfallPart",
            "listSeparator",
            "todoTitle",
            "todoBy",
            "todoOwn",
            "todoMakeUp",
            "todoSeparator",
            "todoHow",
            "closedTitle",
            "closedItem",
            "closedAsk",
            "notPossible",
            "notesTitle",
            "next",
            "platformsLink",
        )
    },
    "statusHelp": {
        "met": "按本站對通知的理解，這位人員的繼續教育學時夠了。",
        "not_met": "按本站對通知的理解，這位人員的繼續教育學時還不夠。",
        "not_required": "這次不需要繼續教育學時：學時多少都不影響。",
        "not_limiting": "學時不夠也可以申報，相關學習經歷作為評審參考。",
    },
    "anyOne": "只需完成其中一個年度，其他年度不必完成。",
}

ROSTER = {
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
    "column": {
        "row": "行",
        "name": "姓名",
        "status": "結果",
        "shortfall": "還差",
        "todo": "要學的（截止日期）",
        "clauses": "條款",
        "problem": "問題",
    },
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
    "print": {
        "title": "{notice}年度繼續教育學時批量自查",
        "file": "文件：{name}",
        "recordsFile": "學習記錄文件：{name}",
        "printedOn": "打印日期：{date}",
        "asOf": "查詢日期：未填寫的按 {date}",
        "warnings": "讀取花名冊時的提示",
        "notMet": "尚未達到要求的人員（{count} 人）",
        "noneNotMet": "沒有尚未達到要求的人員。",
        "reading": "結果是本站對通知的理解，以單位和人社部門的審核為準。",
    },
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
    "result": ROSTER_RESULT,
    "inApp": IN_APP,
    "inAppResults": "下面是結果表格的文字（導出的 CSV 內容），複製後可以粘貼到 Excel、WPS 表格中。",
    "inAppTemplate": "下面是 CSV 模板的表頭和示例，複製後可以粘貼到 Excel、WPS 表格中填寫。",
    "inAppAddress": "下面是模板文件的網址，複製到瀏覽器中打開即可下載。",
}


# The calculator's year boxes, by the kind of circumstance they take (a circumstance's own
# question and box label come from the rule block that declares it: Policy.circumstances):
# the box's placeholder ({example}: last year) and its input type.
CIRCUMSTANCE_BOXES = {
    "years": ("如 {example}，多個用逗號分開", "text"),
    "year": ("如 {example}", "number"),
}

# The roster page's template downloads, by file kind.
ROSTER_TEMPLATES = {"xlsx": "下載 Excel 模板（.xlsx）", "csv": "下載 CSV 模板"}


def roster_columns(policy) -> list[tuple[str, str]]:
    """The columns the roster reads (docs/dev/contract.md, "A unit's roster"), each with what to
    write; the person's circumstances and the channels that take no amount by the names their
    rule blocks declare (`policy.circumstances`, `policy.channels`)."""
    year = policy.year
    named = {kind: [c.name for c in policy.circumstances.values() if c.kind == kind] for kind in CIRCUMSTANCE_KINDS}
    out = [
        ("姓名", "必填"),
        ("身份證號", "18 位；性別、出生日期沒填時從身份證號讀出。請把這一列設為「文本」格式，存成數字會丟失後幾位"),
        ("性別、出生日期", "男／女；出生日期如 1978-04-12、1978/4/12、1978年4月12日"),
        ("查詢目的", "年度、職稱評審、考核認定（不填：年度）"),
        ("申報級別", "初級、中級、高級（職稱評審時填）"),
        ("查詢日期", "申報日期，年齡按這一天算（不填：今天）"),
    ]
    if named["yes_no"]:
        out.append(("、".join(named["yes_no"]), "是／否（或 √），不填為否"))
    lists = [*named["years"], *([ASSESSMENT_COLUMN] if policy.assessment_clause else [])]
    if lists:
        out.append(("、".join(lists), "年份，多個用頓號或逗號分開"))
    if named["year"]:
        out.append(("、".join(named["year"]), "一個年份"))
    out.append(
        (
            f"{year}公需、{year}專業（其他年度同樣寫法，如 {year - 1}專業）",
            f"單位核定的該年度該科目學時，沒有就不填。也可以寫「公需科目（學時）」「專業科目（學時）」，"
            f"年度寫在這幾列上方（如合併單元格「{year}年度」）或表頭上方的標題裡（如「{year}年專業技術人員繼續教育培訓花名冊」）",
        )
    )
    out += [
        (f"{year}{c.roster}", f"該年度{c.name}的填「是」")
        for c in policy.channels.values()
        if not c.takes_amount and c.roster
    ]
    return out


# The line that says where today stands against the year's study period. A static page cannot
# know the day it is read, so docs/assets/notice-dates.js works it out in the reader's browser
# from the element's own data attributes; {from} and {to} are the window's dates in `date`'s
# words, {days} the days left counting today.
WINDOW_STATUS = {
    "date": "{y}年{m}月{d}日",
    "before": "學習期自{from}開始",
    "during": "本年度學習期還有 {days} 天（至{to}）",
    "after": "學習期已於{to}結束。此後所學的學時按下一年度的通知計算，通知發布後本站會及時登出。",
}


def window_status_attributes(window: dict, script: str) -> dict[str, str]:
    """The data attributes docs/assets/notice-dates.js fills an element from: `window` is a
    year's window rule (`year`, `from`, `to`, as in calculator/generated/), `script` the page's
    ("hans" or "hant"). Values are plain text: the caller escapes them for HTML (Jinja's
    `xmlattr` does)."""
    return {
        "data-window-status": "",
        "data-window-from": str(window["from"]),
        "data-window-to": str(window["to"]),
        "data-window-year": str(window["year"]),
        "data-window-labels": json.dumps(
            {key: to_script(text, script) for key, text in WINDOW_STATUS.items()}, ensure_ascii=False
        ),
    }


# The page not found (overrides/404.html), with the newest year filled in; converted to each
# build's script by the hook, as every page is.
NOT_FOUND = {
    "title": "找不到這個頁面",
    "why": "這個地址沒有頁面：可能是地址輸錯了，也可能是還沒有發布的年度。下一年度的通知發布後，本站會及時登出。",
    "latest": "最新的通知是 {year} 年度的：",
    "notice": "{year} 年度通知全文",
    "calculator": "學時自查計算器（{year} 年度）",
    "home": "返回首頁",
}
