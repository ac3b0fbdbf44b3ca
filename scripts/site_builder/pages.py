"""The smaller generated pages: home, platforms and contacts, worked examples, calculator."""

from __future__ import annotations

import html
from pathlib import Path

from notice_compiler import formulas
from notice_compiler.problems import CompileError, Problems

from . import cards, labels
from . import words as W
from .sources import Year, load_yaml_list


def home(latest: Year, older: list[Year]) -> str:
    y = latest.year
    out = [
        "---",
        "title: 首頁",
        "hide: [navigation, toc]",
        "---",
        "",
        "# 阿拉善盟專業技術人員繼續教育",
        "",
        f"**{latest.notice.front['title']}**（{latest.notice.front['issuer']}，{W.date(latest.notice.front['issued'])}發布）",
        "",
        *_window_status(latest),
        # What readers come for, on the first phone screen; the figures follow.
        f"[學時自查計算器]({y}/calculator.md){{ .md-button .md-button--primary }}",
        f"[單位批量自查]({y}/roster.md){{ .md-button }}",
        f"[通知全文]({y}/notice.md){{ .md-button }}",
        f"[常見問題]({y}/faq.md){{ .md-button }}",
        f"[學習平臺與聯繫電話]({y}/platforms.md){{ .md-button }}",
        f"[口徑說明]({y}/interpretation.md){{ .md-button }}",
        "",
        '<div class="key-figures" markdown>',
        "",
    ]
    figures = key_figures(latest)
    last_title = max((i for i, f in enumerate(figures) if f[2] == latest.policy.title_clause), default=len(figures) - 1)
    for i, (label, text, clause) in enumerate(figures):
        out.append(f"- **{label}**：{text}（{cards.clause_link(latest, clause, f'{y}/notice.md')}）")
        if i == last_title:
            out += _title_changes(latest, f"{y}/notice.md")
    late = next(
        (e for e in latest.policy.errata if latest.policy.window and e["clause"] == latest.policy.window.clause), None
    )
    if late:
        out.append(
            f"- 學習期的截止日期原文寫作「{late['says']}」，見[勘誤]({y}/notice.md#c-{late['clause'].replace('.', '-')})"
        )
    out += ["", "</div>", ""]
    if older:
        out += ["## 往年通知", ""] + [f"- [{o.year} 年度通知]({o.year}/notice.md)" for o in older]
    out += [
        "",
        "本站把通知原文照登，並把可計算的條款寫成規則，供自查參考；結果以所在單位和人社部門的審核為準。"
        "計算器在你的瀏覽器中運行，你輸入的內容不會離開你的設備。[本站如何製作](authoring.md)",
        "",
    ]
    return "\n".join(out)


def _window_status(year: Year) -> list[str]:
    """Where today stands against the study period, said in the reader's browser (the page is
    built long before it is read): an empty line that docs/assets/notice-dates.js fills."""
    window = year.rules.get("window")
    if not window:
        return []
    attributes = " ".join(
        f'{name}="{html.escape(value)}"' for name, value in labels.window_status_attributes(window, "hant").items()
    )
    # Converted to the page's script with the rest of the page.
    return [f'<p class="window-status" {attributes}></p>', ""]


def key_figures(year: Year) -> list[tuple[str, str, str]]:
    """The year's requirements in a few lines (label, text, clause), from its rule blocks
    (home page; calculator fallback)."""
    r, p = year.rules, year.policy
    req = r["requirement"]
    figures = [
        (
            f"每年 {req.get('total', req['public'] + req['professional'])} 學時",
            f"公需科目不少於 {req['public']} 學時，專業科目不少於 {req['professional']} 學時，兩科分別計算",
            p.requirement_clause,
        )
    ]
    if p.window:
        figures.append(
            (
                f"{r['window']['year']} 年度學習期",
                f"{W.date(r['window']['from'])} 至 {W.date(r['window']['to'])}",
                p.window.clause,
            )
        )
    if p.make_up:
        figures.append(
            (
                "可補學",
                f"{W.years(r['make_up']['years'])} 年度（在 {r['make_up']['studied_in']} 年學習）",
                p.make_up.clause,
            )
        )
    for level, spec in r.get("title", {}).items():
        total = f"，共 {spec['total']} 學時" if "total" in spec else ""
        each = "每年" if len(spec["years"]) > 1 else ""
        figures.append(
            (f"申報{W.M.LEVEL[level]}職稱", f"{W.years(spec['years'])} 年度{each}達到要求{total}", p.title_clause)
        )
    return figures


def reductions(year: Year) -> list[tuple[str, str, str, tuple[str, ...]]]:
    """The rules that change what a reader must have studied (who, what changes, clause,
    purposes), from the year's age and reduction rule blocks, in the notice's order."""
    p = year.policy
    out = []
    if p.age_clause:
        out.append(("年齡", W.age_in_short(p.age_tiers), p.age_clause, p.age_purposes))
    out += [(*W.reduction_in_short(r.kind, r.spec, p), r.clause, r.purposes) for r in p.reductions]
    order = list(p.clauses)
    return sorted(out, key=lambda r: order.index(r[2]) if r[2] in order else len(order))


def _title_changes(year: Year, page: str) -> list[str]:
    """Beside the title requirements: who is asked for less, each with its clause."""
    items = reductions(year)
    if not items:
        return []
    out = ["- **申報職稱時，以下情況要求不同**："]
    for who, what, clause, purposes in items:
        when = "" if purposes == ("title",) else f"{W.purposes(purposes)}時，"
        # The clause's label alone (its name as the link's title): the list stays short on a phone.
        link = f'[{year.label(clause)}]({page}#c-{clause.replace(".", "-")} "{year.policy.clauses.get(clause, "")}")'
        out.append(f"    - **{who}**：{when}{what}（{link}）")
    return out


def platforms(year: Year) -> str:
    data, lines = load_yaml_list(year, "platforms.yaml", "platforms")
    text = "\n".join(b.text for b in year.notice.blocks)
    corrected = {e["reads"] for e in year.policy.errata}
    problems, shown = Problems(), year.shown("platforms.yaml")
    out = [
        "---",
        f"title: {year.year}年度學習平臺與聯繫電話",
        "---",
        "",
        "# 學習平臺、審驗卡與聯繫電話",
        "",
        "以下內容全部來自通知原文；網址和電話照原文登出。",
        "",
    ]
    for i, item in enumerate(data):
        for key in ("quote", "phone", "email"):
            if key in item and item[key] not in text:
                problems.add(shown, lines[(i, key)], f"「{item[key]}」在通知正文中找不到；請照抄原文")
        address = item.get("address")
        if address and address not in text and address not in corrected:
            problems.add(shown, lines[(i, "address")], f"網址 {address} 在通知正文和勘誤中都找不到")
        if item["clause"] not in year.policy.clauses:
            problems.add(shown, lines[(i, "clause")], f"條款 {item['clause']} 在 {year.year} 年度通知中不存在")
            continue
        out += [f"## {item['name']}", "", item["use"], ""]
        if address:
            href = address if address.startswith("http") else f"http://{address}"
            out.append(f"- 網址：[{address}]({href})")
            erratum = next((e for e in year.policy.errata if e["reads"] == address), None)
            if erratum:
                out.append(f"- 注意：通知原文寫作「{erratum['says']}」，多了空格無法打開；請使用上面的網址。")
        if "phone" in item:
            out.append(f"- 電話：[{item['phone']}](tel:{''.join(c for c in item['phone'] if c.isdigit())})")
        if "email" in item:
            out.append(f"- 郵箱：[{item['email']}](mailto:{item['email']})")
        out += [f"- 原文：「{item['quote']}」（{cards.clause_link(year, item['clause'])}）", ""]
    if problems:
        raise CompileError(problems)
    return "\n".join(out)


def examples(year: Year) -> str:
    # Left out of the search index: it repeats the FAQ's examples, and every page loads the index.
    out = [
        "---",
        f"title: {year.year}年度算例",
        "search:",
        "  exclude: true",
        "---",
        "",
        "# 算例",
        "",
        "每個算例是一位申請人的情況，和計算器按本站規則算出的結果（網站生成時實際運行計算器得出）。"
        "它們同時是計算器的測試：規則一改，結果不符就無法發布。",
        "",
    ]
    groups: dict[str, list] = {}
    for ex in year.examples:
        groups.setdefault(ex.path, []).append(ex)
    for path, items in groups.items():
        out += [f"## {_group_title(year, path)}", ""]
        out += [cards.render(year, ex) for ex in items]
    return "\n".join(out)


def _group_title(year: Year, path: str) -> str:
    """A cases file's first comment line names what it illustrates."""
    first = (year.folder / "cases" / Path(path).name).read_text(encoding="utf-8").split("\n", 1)[0]
    if not first.startswith("#"):
        return Path(path).stem
    try:
        return formulas.fill(first.lstrip("# ").strip(), year.rules)  # {{requirement.public}} as in the names
    except formulas.FormulaError as exc:
        problems = Problems()
        problems.add(path, 1, str(exc))
        raise CompileError(problems) from None
