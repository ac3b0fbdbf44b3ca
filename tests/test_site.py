"""The built site, read as HTML: the notice's every sentence in order, clause anchors,
FAQ citations, search in both scripts, and nothing fetched from another origin."""

from __future__ import annotations

import base64
import hashlib
import html
import json
import re
from pathlib import Path

import pytest
from helpers import ROOT
from years import about, chinese_date, latest, latest_policy, latest_rules, published, total

import notice_compiler
from calculator.case import CompiledPolicies
from site_builder.chinese import to_script

SCRIPTS = {"hans": "", "hant": "zh-hant/"}
# Every published year keeps its pages (an older one with a banner): the notice pages are checked
# for each; the home page, the FAQ and the calculator are the newest year's (`latest()`).
YEARS = published()
LATEST = latest()


def page(site: Path, script: str, path: str) -> str:
    return (site / SCRIPTS[script] / path / "index.html").read_text(encoding="utf-8")


def visible_text(markup: str) -> str:
    body = re.sub(r"<(script|style)\b.*?</\1>", "", markup, flags=re.S)
    return re.sub(r"\s+", "", html.unescape(re.sub(r"<[^>]+>", "", body)))


def sentences(text: str) -> list[str]:
    parts = re.split(r"(?<=[。;;:])|\n", text)
    return [re.sub(r"\s+", "", p) for p in parts if p.strip()]


@pytest.mark.parametrize("year", YEARS)
@pytest.mark.parametrize("script", SCRIPTS)
def test_every_sentence_of_the_notice_is_on_the_notice_page_in_order(built_site, script, year):
    original = (ROOT / "policy_src" / str(year) / "original.txt").read_text(encoding="utf-8")
    text = visible_text(page(built_site, script, f"{year}/notice"))
    position = 0
    for sentence in sentences(to_script(original, script)):
        found = text.find(sentence, position)
        assert found >= 0, f"missing or out of order: {sentence}"
        position = found + len(sentence)


@pytest.mark.parametrize("year", YEARS)
@pytest.mark.parametrize("script", SCRIPTS)
def test_every_clause_id_is_an_anchor_and_every_rule_card_links_back(built_site, script, year):
    markup = page(built_site, script, f"{year}/notice")
    notice = notice_compiler.load(year)
    for block in notice.clause_blocks():
        anchor = "c-" + block.clause.replace(".", "-")
        assert f'id="{anchor}"' in markup, anchor
    for fence in notice.rules:
        cid = fence.data["clause"].replace(".", "-")
        assert f'id="rule-{cid}"' in markup and f'href="#c-{cid}"' in markup


@pytest.mark.parametrize("script", SCRIPTS)
def test_every_faq_answer_cites_a_clause_that_exists(built_site, script):
    faq = page(built_site, script, f"{LATEST}/faq")
    notice = page(built_site, script, f"{LATEST}/notice")
    answers = (
        re.findall(r'<div class="qa">(.*?)</div>\s*(?=<div class="qa">|</article>|<h2)', faq, re.S)
        or faq.split('<div class="qa">')[1:]
    )
    assert len(answers) >= 20
    for answer in answers:
        anchors = re.findall(r'href="\.\./notice/#(c-[0-9-]+)"', answer)
        assert anchors, answer[:200]
        for anchor in anchors:
            assert f'id="{anchor}"' in notice


@pytest.mark.parametrize(("script", "words"), [("hans", ["学时", "职称"]), ("hant", ["學時", "職稱"])])
def test_search_index_is_segmented_and_finds_chinese_words(built_site, script, words):
    index = json.loads((built_site / SCRIPTS[script] / "search" / "search_index.json").read_text(encoding="utf-8"))
    separator = re.compile(index["config"]["separator"])
    assert "\u200b" in json.dumps(index, ensure_ascii=False), "jieba did not segment the index (is it installed?)"
    tokens = {t for doc in index["docs"] for t in separator.split(doc["title"] + " " + doc["text"]) if t}
    for word in words:
        assert word in tokens


# What a browser fetches by itself: scripts, images, frames, media, stylesheets, icons,
# preloads. Not <a> links (the reader clicks them) nor rel=canonical (never fetched).
RESOURCE = re.compile(
    r'<(?:script|img|iframe|source|audio|video|embed)\b[^>]*\bsrc="([^"]+)"|<link\b(?![^>]*rel="canonical")[^>]*\bhref="([^"]+)"',
    re.I,
)
CSS_URL = re.compile(r"url\(\s*['\"]?([^'\")]+)")


def test_no_page_or_stylesheet_loads_anything_from_another_origin(built_site):
    offenders = []
    for path in built_site.rglob("*"):
        if path.suffix == ".html":
            text = path.read_text(encoding="utf-8")
            urls = [a or b for a, b in RESOURCE.findall(text)] + CSS_URL.findall(text)
        elif path.suffix == ".css":
            urls = CSS_URL.findall(path.read_text(encoding="utf-8"))
        else:
            continue
        offenders += [f"{path.relative_to(built_site)}: {u}" for u in urls if re.match(r"^(https?:)?//", u)]
    assert offenders == []


INLINE_SCRIPT = re.compile(r"<script\b(?P<attrs>[^>]*)>(?P<text>.*?)</script>", re.S)
CSP = re.compile(r'add_header Content-Security-Policy "([^"]+)"')


def test_every_inline_script_is_allowed_by_its_hash_in_the_deployed_policy(built_site):
    """The policy forbids inline scripts but for the calculator's early start of its worker,
    allowed by its sha256: a page whose inline script changed without its hash would have it
    blocked on the real host (and report a violation in every browser test)."""
    policy = CSP.search((ROOT / "deploy" / "nginx.conf").read_text(encoding="utf-8")).group(1)
    script_src = next(d for d in policy.split(";") if d.strip().startswith("script-src")).split()
    assert "'unsafe-inline'" not in script_src
    allowed = {s.strip("'")[len("sha256-") :] for s in script_src if s.startswith("'sha256-")}
    inline, unlisted = [], []
    for path in built_site.rglob("*.html"):
        for found in INLINE_SCRIPT.finditer(path.read_text(encoding="utf-8")):
            if (
                not found["text"] or 'type="application/json"' in found["attrs"]
            ):  # a file's, or data (Material's config)
                continue
            inline.append(path)
            digest = base64.b64encode(hashlib.sha256(found["text"].encode("utf-8")).digest()).decode()
            if digest not in allowed:
                unlisted.append(f"{path.relative_to(built_site)}: sha256-{digest}")
    assert unlisted == [], f"inline scripts that deploy/nginx.conf does not allow: {unlisted}"
    calculators = {p.relative_to(built_site).parent.as_posix() for p in inline}
    assert calculators == {f"{prefix}{year}/calculator" for year in published() for prefix in SCRIPTS.values()}


@pytest.mark.parametrize("script", SCRIPTS)
def test_every_page_has_the_script_switch_to_the_same_page(built_site, script):
    markup = page(built_site, script, f"{LATEST}/faq")
    other = f"zh-hant/{LATEST}/faq/" if script == "hans" else f"../{LATEST}/faq/"
    assert re.search(rf'class="md-header__button script-switch"[^>]* href="[./]*/{re.escape(other)}"', markup)


@about(2025)
def test_platform_page_has_the_corrected_address_and_the_phone_numbers(built_site):
    """The 2025 notice's platforms, with its erratum (「http s://」 has a space): its own words."""
    text = visible_text(page(built_site, "hant", "2025/platforms"))
    for expected in (
        "https://www.tcc.edu.cn/h/subject/alsjxjy/",
        "400-875-7650",
        "(0471)6944094",
        "alsmrsjzjk2022@163.com",
        "www.nmgrck.cn",
        "多了空格無法打開",
    ):
        assert expected in text


def test_home_shows_the_latest_figures_from_the_rules(built_site):
    text = visible_text(page(built_site, "hant", "."))
    # The newest notice's own figures (一(二)), read from its rules, not the code's
    # (for 2025: 90 a year, 30 public, 60 professional).
    policy, rules = latest_policy(), latest_rules()
    assert f"每年{total(LATEST)}學時" in text, "the yearly total of 一(二)"
    assert (
        f"公需科目不少於{policy.requirement['public']}學時" in text
        and f"專業科目不少於{policy.requirement['professional']}學時" in text
    )
    if policy.window:
        assert f"{chinese_date(policy.window.start)}至{chinese_date(policy.window.end)}" in text
    if policy.make_up:
        assert "、".join(map(str, policy.make_up.years)) + "年度" in text
    for spec in rules.get("title", {}).values():
        assert "、".join(map(str, spec["years"])) + "年度" in text


@about(2025)
def test_the_closing_paragraph_of_one_four_is_found_from_the_notice_itself():
    """The 2025 notice's 一(四) has seven numbered items and a closing paragraph."""
    from notice_compiler import labels

    notice = notice_compiler.load(2025)
    assert labels.closing_paragraphs(notice) == {"1.4.8"}
    assert labels.clause_label("1.4.8", {"1.4.8"}) == "一(四)末段"
    assert labels.clause_label("1.4.7", {"1.4.8"}) == "一(四)7"
    # Compiled into the year's rules, for whatever shows a clause outside the site (exports).
    policy = CompiledPolicies()[2025]
    assert policy.clause_labels["1.4.8"] == "一(四)末段" and policy.clause_labels["1.3.1"] == "一(三)1"
    assert list(policy.clause_labels) == list(policy.clauses)


def test_no_page_gives_a_closing_paragraph_an_item_number(built_site):
    """A clause's closing paragraph has no number in the notice (2025: 一(四) has seven items and
    a closing paragraph, id 1.4.8): a year's pages never call it 「一(四)8」, though a later notice
    with an eighth item rightly does."""
    from notice_compiler import labels

    for year in YEARS:
        closing = labels.closing_paragraphs(notice_compiler.load(year))
        made_up = [labels.clause_label(clause) for clause in closing]  # as if it were numbered
        offenders = [
            str(p.relative_to(built_site))
            for folder in (built_site / str(year), built_site / "zh-hant" / str(year))
            for p in folder.rglob("*")
            if p.suffix in (".html", ".js", ".json", ".xml")
            and any(label in p.read_text(encoding="utf-8", errors="replace") for label in made_up)
        ]
        assert offenders == [], (year, made_up)
        assert closing, f"{year}: 一(四) ends with a paragraph of its own"
        for clause in closing:
            anchor, label = "c-" + clause.replace(".", "-"), re.escape(labels.clause_label(clause, closing))
            for script in SCRIPTS:
                markup = page(built_site, script, f"{year}/notice")
                assert re.search(
                    rf'<p id="{anchor}" class="clause"><a class="clause-id" href="#{anchor}"[^>]*>{label}</a>', markup
                ), (year, clause)
                assert label.endswith("末段")


@pytest.mark.parametrize("script", SCRIPTS)
def test_the_worked_examples_name_a_wrong_field_as_the_form_does(built_site, script):
    """A worked example of bad input names the field as the calculator's form and the roster
    name it (第1條學習記錄的「學時」), never by the case's code name (records[0].hours)."""
    for year in YEARS:
        text = re.sub(
            r"<[^>]+>",
            " ",
            re.sub(r"<script.*?</script>", "", page(built_site, script, f"{year}/examples"), flags=re.S),
        )
        code_names = re.findall(r"\brecords\[\d+\]|\bperson\.\w+|\bas_of\b|\bassessment_years\b", html.unescape(text))
        assert code_names == [], (year, script, sorted(set(code_names)))


@pytest.mark.parametrize("script", SCRIPTS)
def test_the_faq_opens_with_a_list_of_its_questions_in_order(built_site, script):
    faq = page(built_site, script, f"{LATEST}/faq")
    questions = re.findall(r'<h2 id="(q-[a-z0-9-]+)">(.*?)<a class="headerlink"', faq)
    assert len(questions) >= 20
    nav = re.search(r'<nav [^>]*class="question-list"[^>]*>(.*?)</nav>', faq, re.S)
    assert nav and faq.index(nav.group(0)) < faq.index('<div class="qa">'), "the list comes before the first question"
    listed = re.findall(r'<li><a href="#(q-[a-z0-9-]+)">(.*?)</a></li>', nav.group(1))
    assert listed == questions


@pytest.mark.parametrize("script", SCRIPTS)
def test_home_links_every_rule_that_changes_the_title_requirements(built_site, script):
    """Age, the non-public economy, grassroots work, postdoc, epidemic years, transfers and
    破格 each change what a title needs: the home page names them beside the title lines."""
    policy = latest_policy()
    clauses = [c for c in [policy.age_clause] + [r.clause for r in policy.reductions] if c]
    assert clauses, "the newest notice has rules that change what a title needs"
    home = page(built_site, script, ".")
    figures = re.search(r'<div class="key-figures">(.*?)</div>', home, re.S).group(1)
    title_line = figures.rindex(f'href="{LATEST}/notice/#c-' + policy.title_clause.replace(".", "-") + '"')
    for clause in clauses:
        href = f'href="{LATEST}/notice/#c-{clause.replace(".", "-")}"'
        assert href in figures, f"{clause} is not linked from the home page's figures"
        assert figures.index(href) > title_line, f"{clause} is linked away from the title requirements"
    notice = page(built_site, script, f"{LATEST}/notice")
    for clause in clauses:
        assert f'id="c-{clause.replace(".", "-")}"' in notice
