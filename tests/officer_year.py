"""What a policy officer does to publish a made-up next year, as edits.

Starting from the scaffold (scripts/new_year.py), a 2026-like notice that differs from the
newest year the way a real one would: 96 = 32 + 64 hours, a window that opens later, the
make-up years moved on, and 一(五)2 no longer exempting anyone. Each entry is one edit an
officer makes in a text editor (a paragraph pasted from the new notice counts as one), so the
test can count them and a person can read what the day's work is.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

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


def publish(policy_src: Path, old: int, new: int) -> int:
    """Scaffold `new` from `old` in `policy_src` and make the officer's edits; returns how many."""
    folder = draft(policy_src, new)
    by = new - old
    edits = 0
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
            line, edits = shifted(line, by), edits + 1
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
    edits += 0  # the four figure changes above are inside paragraphs already counted as pasted

    front = front.replace("status: draft", "status: published").replace(f"全盟{old}年", f"全盟{new}年")
    front = re.sub(r"issued: \d{4}-01-02", f"issued: {new}-01-02", front)
    edits += 3
    (folder / "notice.md").write_text(front + "\n---\n" + body, encoding="utf-8")
    shutil.copy(folder / "notice.md", folder / "original.txt")  # the published text, kept beside it
    edits += 1

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
    edits += 1
    notice = (folder / "notice.md").read_text(encoding="utf-8")
    notice, removed = re.subn(
        r'```rule\nclause: "1.5.2"\n.*?```\n\n', "", notice, flags=re.S
    )  # 一(五)2 has no rule any more
    assert removed == 1
    (folder / "notice.md").write_text(notice, encoding="utf-8")
    edits += 1
    return edits + _pages_and_examples(folder, new)


NO_LONGER_EXEMPT = "鼓勵非公有制經濟領域和蘇木鎮等基層一線專業技術人員積極參加繼續教育,學習經歷作為職稱評審的參考因素"


def _pages_and_examples(folder: Path, new: int) -> int:
    """What `make check-year` then asks for in the FAQ, 口徑說明 and worked examples: only
    where a meaning changed (一(五)2 removed, a 29 February that does not exist)."""
    edits = 0
    (folder / "cases" / "1.5.2-non-public-grassroots.yaml").unlink()  # its rule is gone
    edits += 1
    reductions = folder / "cases" / "1.5-several-reductions.yaml"
    text = reductions.read_text(encoding="utf-8")
    text = _drop_example(text, "在民營企業工作的女性申報中級職稱")  # its conclusion came from 一(五)2
    text = text.replace("非公有制使學時不作為限制性條件，轉任當年又不要求學時", "轉任當年不要求學時")
    text = text.replace("在蘇木鎮衛生院工作且", "")
    text = text.replace('clauses_include: ["1.5.2", "1.5.5"]', 'clauses_include: ["1.5.5"]').replace(
        'clauses_include: ["1.5.2", "1.5.4"]', 'clauses_include: ["1.5.4"]'
    )
    reductions.write_text(text, encoding="utf-8")
    edits += 5
    age = folder / "cases" / "1.5.1-age.yaml"
    text = _drop_example(
        age.read_text(encoding="utf-8"), "id: age-feb-29-not-yet"
    )  # no 45th birthday on a 29 February in this year
    text = text.replace(
        f"一位{new - 45}年2月29日出生的女性在{new}年3月1日申報高級職稱，平年3月1日即滿45周歲",
        f"一位{new - 46}年2月29日出生的女性在{new}年3月1日申報高級職稱，平年3月1日即滿46周歲",
    )
    text = text.replace(f'birth_date: "{new - 45}-02-28"', f'birth_date: "{new - 46}-02-29"')
    age.write_text(text, encoding="utf-8")
    edits += 3
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
    edits += 3
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
    text = text.replace("```example\nid: age-feb-29-not-yet\n```\n", "")  # the example dropped above
    text = text.replace(f"附件1:{new - 1}年", f"附件1:{new}年").replace(
        f"附件2:{new - 1}年", f"附件2:{new}年"
    )  # one quotation line
    reading.write_text(text, encoding="utf-8")
    edits += 4
    return edits


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
