"""What a policy officer does to publish a made-up next year, as edits.

Starting from the scaffold (scripts/new_year.py), a notice that differs from the base year the
way real ones do: 96 = 32 + 64 hours, a window that opens later, one make-up year instead of
two, older age thresholds, 40 minutes to an hour, a new kind of training that counts a fixed
number of hours (一(四)8, so the closing paragraph of 一(四) is renumbered), a new reduction on
a circumstance the form never asked (一(五)7), and 一(五)2 no longer exempting anyone. Each
entry is one edit an officer makes in a text editor (a paragraph pasted from the new notice
counts as one), counted by what it was for, so the test can count them and a person can read
what the day's work is. None is in Python or JavaScript.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from collections import Counter
from pathlib import Path

from notice_compiler import source
from notice_compiler.problems import Problems

ROOT = Path(__file__).resolve().parents[1]
# The trial's changes are written against this notice's own words (its 一(五)2, its erratum):
# it starts from this year even once later years are published, which it leaves out.
TRIAL_BASE = 2025


def trial_source(dest: Path) -> Path:
    """A copy of policy_src/ at `dest` that ends with TRIAL_BASE: the trial's starting point."""

    def later_years(folder: str, names: list[str]) -> list[str]:
        if Path(folder) != ROOT / "policy_src":
            return []
        return [n for n in names if n.isdigit() and int(n) > TRIAL_BASE]

    shutil.copytree(ROOT / "policy_src", dest, ignore=later_years)
    return dest


def shifted(text: str, by: int) -> str:
    """Years in a paragraph of the old notice, as the new notice would print them."""
    return re.sub(r"(?<![\dA-Za-z])(20\d\d)(?![\dA-Za-z])", lambda m: str(int(m.group(1)) + by), text)


def draft(policy_src: Path, year: int) -> Path:
    """`scripts/new_year.py year` as the officer runs it, in `policy_src`: the draft's folder."""
    run = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "new_year.py"), str(year), "--policy-src", str(policy_src)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert run.returncode == 0, run.stderr
    return policy_src / str(year)


class Edits(Counter):
    """The officer's edits, counted by what they were for."""

    TEXT = "新通知的正文"  # pasted paragraphs, the front matter, the text kept as received
    RULES = "規則跟上正文"  # make follow-text
    NEW = "新條款的規則和算例"
    REMOVED = "一(五)2 不再減免"  # a reduction the new notice no longer has
    PAGES = "常見問題、口徑說明和算例"


def publish(policy_src: Path, old: int, new: int) -> Edits:
    """Scaffold `new` from `old` in `policy_src` and make the officer's edits; returns them."""
    folder = draft(policy_src, new)
    by = new - old
    edits = Edits()
    notice = (folder / "notice.md").read_text(encoding="utf-8")
    front, _, body = notice.partition("\n---\n")[0], None, notice.partition("\n---\n")[2]

    # 1. The new notice's text replaces the old: every paragraph with a year in it, pasted
    #    (modelled here as the old paragraph with its years moved on), and the figures that changed.
    new_body = []
    for line in body.split("\n"):
        if not line.startswith(
            (
                "```",
                "clause:",
                "  ",
                "says:",
                "reads:",
                "why:",
                "requirement:",
                "window:",
                "make_up:",
                "title:",
                "assessment:",
                "channel:",
                "conversion:",
                "age:",
                "exemption:",
                "drop_years:",
                "years_from:",
                "review_card:",
                "deadlines:",
                "- ",
            )
        ) and re.search(r"20\d\d", line):
            line = shifted(line, by)
            edits[Edits.TEXT] += 1
        new_body.append(line)
    body = "\n".join(new_body)
    paragraph = lambda t: t  # noqa: E731  (readability: each replace below is one pasted paragraph)
    body = body.replace(
        "累計應不少于 90學時,其中,公需科目不少于 30學時,專業科目不少于 60學時",
        paragraph("累計應不少于 96學時,其中,公需科目不少于 32學時,專業科目不少于 64學時"),
    )
    body = body.replace(
        f"{new}年 1 月 5 日開始,至{new}年 11 月 31 日截止", f"{new}年 1 月 10 日開始,至{new}年 11 月 30 日截止"
    )
    body = body.replace(
        "總學時達到 270學時(公需科目 90學時,專業科目 180學時)", "總學時達到 288學時(公需科目 96學時,專業科目 192學時)"
    )
    body = body.replace("學習,總學時達到 90學時", "學習,總學時達到 96學時")
    body = body.replace(
        "鼓勵非公有制經濟領域和蘇木鎮等基層一線專業技術人員積極參加繼續教育,在參加 "
        f"{new}年度職稱評審時,繼續教育學時不作為限制性條件,相關學習經歷作為評審參考因素",
        NO_LONGER_EXEMPT,
    )  # 一(五)2 no longer exempts
    body = body.replace(f"可補學 {new - 3}年和 {new - 2}年度", f"可補學 {new - 2}年度")  # one make-up year
    # (the five figure changes above are inside paragraphs already counted as pasted)

    # Structure that changed: new age tiers and minutes of an hour (paragraphs without a year,
    # pasted), a new kind of training that counts fixed hours (一(四)8: the closing paragraph
    # becomes 一(四)9) and a new reduction on a circumstance the form did not ask (一(五)7).
    body = body.replace(
        "男滿 55周歲、女滿 50周歲的專業技術人員參加職稱評審時,繼續教育學時不作為限制性條件;男滿 50周歲、女滿45周歲",
        paragraph(
            "男滿 56周歲、女滿 51周歲的專業技術人員參加職稱評審時,繼續教育學時不作為限制性條件;男滿 51周歲、女滿46周歲"
        ),
    )
    closing = body.index("全盟各企事業單位專業技術人員參加以上培訓的")
    body = body[:closing] + paragraph(NEW_CHANNEL_TEXT) + "\n\n" + body[closing:]
    body = body.replace(
        '均可按 45分鐘計 1學時。 {#c-1-4-8 title="學時核定與折合"}',
        paragraph('均可按 40分鐘計 1學時。 {#c-1-4-9 title="學時核定與折合"}'),
    )
    body = body.replace("### (六)審驗要求", paragraph(NEW_REDUCTION_TEXT) + "\n\n### (六)審驗要求")
    edits[Edits.TEXT] += 4

    front = front.replace("status: draft", "status: published").replace(f"全盟{old}年", f"全盟{new}年")
    front = re.sub(r"issued: \d{4}-01-02", f"issued: {new}-01-02", front)
    edits[Edits.TEXT] += 3
    (folder / "notice.md").write_text(front + "\n---\n" + body, encoding="utf-8")
    # The new notice as received, kept beside it: its text, line for line, as the page publishes it.
    pasted = source.read("notice.md", (folder / "notice.md").read_text(encoding="utf-8"), Problems())
    (folder / "original.txt").write_text("\n".join(b.text for b in pasted.blocks) + "\n", encoding="utf-8")
    edits[Edits.TEXT] += 1

    # 2. The rule blocks follow the new text: one command (make follow-text) changes every
    #    quotation and figure the new words state, and removes the erratum the new text no
    #    longer needs; it leaves 一(五)2 to the officer, whose words changed beyond figures.
    run = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "follow_text.py"), str(new), "--policy-src", str(policy_src)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert run.returncode in (0, 2), run.stdout + run.stderr
    assert "1.5.2" in run.stdout, run.stdout  # the one judgement it leaves
    edits[Edits.RULES] += 1
    notice = (folder / "notice.md").read_text(encoding="utf-8")
    notice, removed = re.subn(
        r'```rule\nclause: "1.5.2"\n.*?```\n\n', "", notice, flags=re.S
    )  # 一(五)2 has no rule any more
    assert removed == 1
    (folder / "notice.md").write_text(notice, encoding="utf-8")
    edits[Edits.REMOVED] += 1

    # 3. A rule block for each new clause, written under it as the guide shows (each one edit).
    for text, block in ((NEW_CHANNEL_TEXT, NEW_CHANNEL_RULE), (NEW_REDUCTION_TEXT, NEW_REDUCTION_RULE)):
        notice = notice.replace(text + "\n", text + "\n\n" + block)
        edits[Edits.NEW] += 1
    (folder / "notice.md").write_text(notice, encoding="utf-8")
    _pages_and_examples(folder, new, edits)
    _new_examples(folder, new, edits)
    return edits


# The new clauses of the trial's year, as its notice would print them, and their rule blocks.
NEW_CHANNEL_TEXT = (
    "8.參加安全生產培訓學時規定。專業技術人員取得安全生產培訓合格證書的,"
    "計入取得證書年度繼續教育專業科目 20學時。 {#c-1-4-8}"
)
NEW_CHANNEL_RULE = """```rule
clause: "1.4.8"
channel:
  id: safety_certificate
  name: 取得安全生產培訓合格證書
  roster: 安全生產證書
  fixed_hours: {subject: professional, hours: 20, says: 專業科目 20學時}
```
"""
NEW_REDUCTION_TEXT = (
    "7.援派專業技術人員學時規定。參加援疆、援藏等援派工作的專業技術人員申報職稱評審時,"
    "不要求援派當年度的繼續教育學時。 {#c-1-5-7}"
)
NEW_REDUCTION_RULE = """```rule
clause: "1.5.7"
drop_years:
  purposes: [title]
  field: aid_years
asks:
  - {id: aid_years, kind: years, question: 參加過援疆、援藏等援派工作, name: 援派年度, ask: 哪些年度, words: 參加援派工作}
```
"""


def _new_examples(folder: Path, new: int, edits: Edits) -> None:
    """A worked example for each new clause, written as the guide shows (each one edit)."""
    (folder / "cases" / "1.4.8-safety-certificate.yaml").write_text(
        f"""# 一(四)8 安全生產培訓合格證書：計入取得證書年度專業科目固定學時。
- id: safety-certificate
  name: 一位1990年出生的男性申報初級職稱，{{{{window.year}}}}年學了公需科目{{{{requirement.public}}}}學時、專業科目{{{{requirement.professional - 20}}}}學時，又取得安全生產培訓合格證書，計專業科目20學時，符合要求。
  illustrates: ["1.4.8"]
  case:
    notice: {new}
    purpose: title
    level: junior
    as_of: "{new}-12-01"
    person: {{sex: male, birth_date: "1990-05-01"}}
    records:
      - {{year: {new}, channel: platform, subject: public, hours: "{{{{requirement.public}}}}"}}
      - {{year: {new}, channel: platform, subject: professional, hours: "{{{{requirement.professional - 20}}}}"}}
      - {{year: {new}, channel: safety_certificate}}
  expect:
    status: met
    shortfall: {{public: 0, professional: 0}}
    clauses_include: ["1.4.8"]
    notes_include: ["1.4.8"]
""",
        encoding="utf-8",
    )
    (folder / "cases" / "1.5.7-aid-years.yaml").write_text(
        f"""# 一(五)7 援派：申報職稱評審時，不要求援派當年度的學時。
- id: aid-year-not-required
  name: 一位1985年出生的女性申報中級職稱，{new - 1}年參加援藏工作，那一年沒有學習，只要求其餘兩個年度的學時。
  illustrates: ["1.5.7"]
  case:
    notice: {new}
    purpose: title
    level: intermediate
    as_of: "{new}-12-01"
    person: {{sex: female, birth_date: "1985-03-03", aid_years: [{new - 1}]}}
    records:
      - {{year: {new - 2}, channel: platform, subject: public, hours: "{{{{requirement.public}}}}"}}
      - {{year: {new - 2}, channel: platform, subject: professional, hours: "{{{{requirement.professional}}}}"}}
      - {{year: {new}, channel: platform, subject: public, hours: "{{{{requirement.public}}}}"}}
      - {{year: {new}, channel: platform, subject: professional, hours: "{{{{requirement.professional}}}}"}}
  expect:
    status: met
    required_years: [{new - 2}, {new}]
    clauses_include: ["1.5.7"]
    notes_include: ["1.5.7"]
""",
        encoding="utf-8",
    )
    edits[Edits.NEW] += 2


NO_LONGER_EXEMPT = "鼓勵非公有制經濟領域和蘇木鎮等基層一線專業技術人員積極參加繼續教育,學習經歷作為職稱評審的參考因素"


def _pages_and_examples(folder: Path, new: int, edits: Edits) -> None:
    """What `make check-year` then asks for in the FAQ, 口徑說明 and worked examples: only
    where a meaning changed (一(五)2 removed, an erratum the new text no longer has, minutes that no
    longer make thirds)."""
    (folder / "cases" / "1.5.2-non-public-grassroots.yaml").unlink()  # its rule is gone
    edits[Edits.REMOVED] += 1
    reductions = folder / "cases" / "1.5-several-reductions.yaml"
    text = reductions.read_text(encoding="utf-8")
    text = _drop_example(text, "在民營企業工作的女性申報中級職稱")  # its conclusion came from 一(五)2
    text = text.replace("非公有制使學時不作為限制性條件，轉任當年又不要求學時", "轉任當年不要求學時")
    text = text.replace("在蘇木鎮衛生院工作且", "")
    text = text.replace('clauses_include: ["1.5.2", "1.5.5"]', 'clauses_include: ["1.5.5"]').replace(
        'clauses_include: ["1.5.2", "1.5.4"]', 'clauses_include: ["1.5.4"]'
    )
    reductions.write_text(text, encoding="utf-8")
    edits[Edits.REMOVED] += 5
    faq = folder / "faq.md"
    text = faq.read_text(encoding="utf-8")
    text = text.replace(
        "參加{{window.year}}年度職稱評審時，非公有制經濟領域和蘇木鎮等基層一線的專業技術人員，繼續教育學時**不作為限制性條件**，學習經歷作為評審參考[[1.5.2]]。",
        "要。{{window.year}}年度的通知不再把學時列為「不作為限制性條件」，只說學習經歷作為職稱評審的參考因素[[1.5.2]]；學時按一般規定計算。",
    )
    text = text.replace("```example\nid: non-public-engineer\n```\n", "")  # its example was about 一(五)2
    start = text.index("通知原文寫的是「至")  # the erratum's paragraph: the new text is right
    text = text[:start] + text[text.index("\n\n", start) + 2 :]
    faq.write_text(text, encoding="utf-8")
    edits[Edits.REMOVED] += 2  # the answer about 一(五)2, and its example
    edits[Edits.PAGES] += 1  # the erratum's paragraph
    reading = folder / "interpretation.md"
    text = reading.read_text(encoding="utf-8")
    start, end = text.index("## 口徑八"), text.index("## 口徑九")
    text = (
        text[:start]
        + (
            "## 口徑八：非公有制經濟領域和基層一線 {#r-8}\n\n"
            f"**通知原文**：「{NO_LONGER_EXEMPT}」[[1.5.2]]。\n\n"
            "**本站的理解**：本年度的通知不再減免這兩類人員的學時，計算器按一般規定計算[[1.5.2]]。\n\n"
        )
        + text[end:]
    )
    start, end = text.index("## 口徑三"), text.index("## 口徑四")
    text = (
        text[:start]
        + (
            "## 口徑三：今年的學習時間 {#r-3}\n\n"
            "**通知原文**：「{{make_up.says.studied_in}}從 {{window.says}}」[[1.2]]。\n\n"
            "**本站的理解**：{{window.year}}年度的學時，要在 {{window.from}} 至 {{window.to}} 之間學的才計入，"
            "第一天和最後一天都算[[1.2]]。\n\n"
        )
        + text[end:]
    )
    reading.write_text(text, encoding="utf-8")
    edits[Edits.REMOVED] += 1  # 口徑八
    edits[Edits.PAGES] += 1  # 口徑三 (no erratum)
    # Thirds of an hour, which 45 minutes an hour gave, 40 cannot: the officer picks new minutes
    # that still show why a shortfall is rounded up (29.625 hours: 34.375 short, shown 34.4).
    still = folder / "cases" / "1.2-what-can-still-be-done.yaml"
    text = still.read_text(encoding="utf-8")
    start = text.index("- id: shortfall-thirds-rounded-up")
    end = text.index("\n\n", start) if "\n\n" in text[start:] else len(text)
    example = text[start:end]
    example = re.sub(r"name: .*", ROUNDING_NAME.format(year=new), example, count=1)
    example = example.replace("minutes: 1335", "minutes: 1185").replace("89/3", "237/8")
    still.write_text(text[:start] + example + text[end:], encoding="utf-8")
    edits[Edits.PAGES] += 1


ROUNDING_NAME = (
    "name: 一位做年度自查的人，{year}年度專業科目只有行業培訓1185分鐘，折合29.625學時，還差{{{{requirement.professional - 29.625}}}}學時，"
    "頁面顯示為還差{{{{requirement.professional - 29.6}}}}學時（只捨不入會顯示成{{{{requirement.professional - 29.7}}}}，學了也不夠），目前未達要求。"
)


def _drop_example(text: str, marker: str) -> str:
    """The file without the example (a YAML list item) that contains `marker`."""
    at = text.index(marker)
    start = text.rfind("\n- ", 0, at) + 1
    comment = text.rfind("\n\n", 0, start)  # the example's comment line above it goes too
    start = comment + 2 if comment != -1 and "\n- " not in text[comment : start - 1] else start
    end = text.find("\n- ", at)
    end = (
        text.rfind("\n\n", at, end) + 1
        if end != -1 and text.rfind("\n\n", at, end) != -1
        else (len(text) if end == -1 else end + 1)
    )
    return text[:start] + text[end:].lstrip("\n")
