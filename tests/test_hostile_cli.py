"""Hostile input to the command line: whatever it is given, it answers JSON and exits 0 or 2.

Generated cases (hypothesis) go through the CLI's own entry point, `calculator.cli.main`, with
the text on standard input: every field given every wrong type, numbers too long or too large,
deep nesting, lone surrogates and control characters, and the YAML forms that YAML 1.1 would
read as numbers people did not mean. Each must give exit 0 (a result, with finite hours) or 2
(errors, each a field and a plain Chinese message), within `SECONDS` and `MEGABYTES`. A few
run as a person runs them, in a subprocess, to see that no traceback reaches standard error.
"""

from __future__ import annotations

import contextlib
import io
import json
import re
import subprocess
import sys
import time
import tracemalloc

import pytest
from helpers import ROOT
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from years import latest_policy

from calculator import cli, reading

# The case is one under the newest published notice (for 2025, docs/dev/contract.md's example); hostile
# values are put in its fields. Y: that notice's year, as the JSON and YAML texts below write it.
POLICY = latest_policy()
Y = POLICY.year
TODAY = (POLICY.window.start + (POLICY.window.end - POLICY.window.start) / 2).isoformat()
FULL_WIDTH_TODAY = TODAY.translate(
    {ord(d): 0xFF10 + int(d) for d in "0123456789"}
)  # ２０２５-…: as an input method types it
SECONDS = 1.0  # per case; real ones take milliseconds
MEGABYTES = 200
CJK = re.compile(r"[\u3400-\u9fff]")
# What a message must never show: Python's quoting of a value, or its words for an error.
CODE_WORDS = re.compile(r"Traceback|Error\b|Exception|\bNone\b|\bTrue\b|\bFalse\b|\\u[0-9a-f]{4}|\bnan\b|Infinity|b'")

CASE = {
    "notice": Y,
    "purpose": "title",
    "level": "senior",
    "as_of": TODAY,
    "person": {
        "sex": "female",
        "birth_date": "1978-04-12",
        "non_public": False,
        "grassroots": False,
        "high_skilled": False,
        "postdoc": False,
        "epidemic_years": [],
        "transferred_year": None,
        "exceptional_since": None,
    },
    "assessment_years": [],
    "records": [
        {
            "year": Y,
            "studied_on": POLICY.window.start.isoformat(),
            "channel": "platform",
            "subject": "public",
            "hours": 30,
        },
        {
            "year": POLICY.make_up.years[-1] if POLICY.make_up else Y - 2,
            "studied_on": TODAY,
            "channel": "industry",
            "subject": "professional",
            "minutes": 1350,
        },
        {"year": Y - 1, "channel": "qualification_exam"},
    ],
}
# Every field of the case, as a path into it.
PATHS = (
    [(k,) for k in CASE]
    + [("person", k) for k in CASE["person"]]
    + [
        ("records", i, k)
        for i, r in enumerate(CASE["records"])
        for k in ("year", "studied_on", "channel", "subject", "hours", "minutes")
    ]
)

scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.integers(min_value=10**300, max_value=10**320),
    st.integers(max_value=-(10**20)),
    st.floats(),
    st.sampled_from([1e308, -1e308, 5e-324, 10000.000001, 600000.5]),
    st.text(max_size=40),
    st.sampled_from(
        [
            FULL_WIDTH_TODAY,
            f"{TODAY}\n",
            f" {TODAY}",
            f"{Y}-0²-01",
            f"{Y}-02-30",
            f"{Y}-9-1",
            "?",
            "\ud800",
            "annual\x00",
            "title",
            "senior",
            "platform",
            "public",
        ]
    ),
)
values = st.recursive(
    scalars,
    lambda inner: st.one_of(st.lists(inner, max_size=4), st.dictionaries(st.text(max_size=8), inner, max_size=4)),
    max_leaves=12,
)


def run_cli(text: str | bytes, *args: str) -> tuple[int, str, float, float]:
    """Exit code, standard output, seconds and peak megabytes (0 when memory is not being
    traced) of `python -m calculator check -`."""
    raw = text.encode("utf-8", "surrogatepass") if isinstance(text, str) else text
    stdin, stdout = sys.stdin, io.StringIO()
    sys.stdin = io.TextIOWrapper(io.BytesIO(raw), encoding="utf-8")
    if tracemalloc.is_tracing():
        tracemalloc.reset_peak()
    start = time.perf_counter()
    try:
        with contextlib.redirect_stdout(stdout):
            code = cli.main(["check", "-", "--today", TODAY, *args])
    finally:
        sys.stdin = stdin
    seconds = time.perf_counter() - start
    return code, stdout.getvalue(), seconds, tracemalloc.get_traced_memory()[1] / 1e6 if tracemalloc.is_tracing() else 0


def _no_constants(name):
    raise AssertionError(f"the output has {name}: hours must be finite JSON numbers")


def assert_answered(text, *args):
    code, out, seconds, megabytes = run_cli(text, *args)
    assert code in (0, 2), (code, out)
    data = json.loads(out, parse_constant=_no_constants)
    assert seconds < SECONDS, f"{seconds:.2f} s"
    assert megabytes < MEGABYTES, f"{megabytes:.0f} MB"
    if code == 2:
        assert data["errors"] and set(data) == {"errors"}
        for error in data["errors"]:
            assert isinstance(error["field"], str) and CJK.search(error["message"]), error
            assert not CODE_WORDS.search(re.sub(r"「.*?」", "", error["message"], flags=re.S)), (
                error
            )  # values shown as written
            assert len(error["message"]) < 300, error
    else:
        assert data["status"] in ("met", "not_met", "not_required", "not_limiting")
        for row in data["years"].values():
            for subject in ("public", "professional"):
                assert 0 <= row[subject]["credited"] < 1e9
    return code, data


@pytest.fixture
def traced():
    """Memory traced for the cases made to be large (tracing slows every allocation)."""
    tracemalloc.start()
    yield
    tracemalloc.stop()


def with_value(path, value):
    case = json.loads(json.dumps(CASE))
    target = case
    for part in path[:-1]:
        target = target[part]
    target[path[-1]] = value
    return case


HOSTILE = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow], database=None)


@HOSTILE
@given(st.sampled_from(PATHS), values, st.sampled_from(["title", "annual", "assessment"]))
def test_any_value_in_any_field(path, value, purpose):
    case = with_value(path, value) if path != ("purpose",) else with_value(path, value)
    if path != ("purpose",):
        case["purpose"] = purpose
    assert_answered(json.dumps(case, ensure_ascii=True))


@HOSTILE
@given(values)
def test_any_value_as_the_whole_case(value):
    assert_answered(json.dumps(value))


@settings(max_examples=60, deadline=None, database=None)
@given(st.sampled_from(["[", '{"a": ', "- ", "a: {", "[{b: "]), st.integers(1, 200_000), st.sampled_from(["", "1"]))
def test_deep_nesting(opening, depth, inside):
    code, data = assert_answered(opening * depth + inside)
    assert code == 2 or depth <= reading.MAX_DEPTH


@settings(max_examples=40, deadline=None, database=None)
@given(
    st.integers(reading.MAX_NUMBER_CHARACTERS, 200_000),
    st.sampled_from(["hours", "minutes", "year"]),
    st.sampled_from(["", "-", "0."]),
)
def test_numbers_too_long_to_read(digits, field, sign):
    text = json.dumps(with_value(("records", 0, field), 0)).replace(
        f'"{field}": 0', f'"{field}": {sign}1{"0" * digits}', 1
    )
    code, data = assert_answered(text)
    assert code == 2 and data["errors"][0]["field"] == f"records[0].{field}", data


@settings(max_examples=40, deadline=None, database=None)
@given(
    st.text(st.characters(codec="utf-8", categories=["Cc", "Cs", "Co", "Cn"]), min_size=1, max_size=3), st.booleans()
)
def test_control_characters_and_lone_surrogates(chars, in_key):
    case = dict(CASE, **({chars: 1} if in_key else {"level": chars}))
    code, _ = assert_answered(json.dumps(case, ensure_ascii=True))
    assert code == 2
    assert_answered(json.dumps(case, ensure_ascii=False))  # written raw, not escaped


YAML_CASE = f"""notice: {Y}
purpose: annual
as_of: {TODAY}
records:
  - {{{{year: {{year}}, channel: platform, subject: public, hours: {{hours}}}}}}
"""


@settings(max_examples=60, deadline=None, database=None)
@given(
    st.sampled_from(
        [
            "1:30",
            "010",
            "0b101",
            "0x1F",
            "0o17",
            "1_000",
            ".inf",
            ".nan",
            "yes",
            "on",
            "~",
            "'30'",
            "!!python/object/apply:os.system ['true']",
            "!foo 3",
            "!!int 30",
            "&a 30",
            "*a",
            "30",
            "[30]",
            "{a: 1}",
            "1e400",
            "1" * 5000,
            TODAY,
        ]
    ),
    st.sampled_from([str(Y), f"0{Y}", f"{str(Y)[0]}_{str(Y)[1:]}", hex(Y).upper().replace("0X", "0x")]),
)
def test_yaml_reads_only_plain_decimal_numbers(hours, year):
    code, data = assert_answered(YAML_CASE.format(year=year, hours=hours))
    if code == 0:
        assert hours in ("010", "~", "&a 30", "30") and year in (str(Y), f"0{Y}"), (hours, year, data)
        assert data["years"][str(Y)]["public"]["credited"] == {"010": 10, "~": 0}.get(hours, 30)


def test_yaml_1_1_numbers_are_not_read_as_numbers():
    """Sexagesimal, octal and binary: YAML 1.1 read 1:30 as 90, 010 as 8 and 0b101 as 5."""
    for hours, credited in (("010", 10), ("30", 30)):
        code, data = assert_answered(YAML_CASE.format(year=f"0{Y}", hours=hours))
        assert code == 0 and data["years"][str(Y)]["public"]["credited"] == credited
    for hours in ("1:30", "0b101", "0x1F", "1_000"):
        code, data = assert_answered(YAML_CASE.format(year=Y, hours=hours))
        assert code == 2 and data["errors"] == [
            {"field": "records[0].hours", "message": f"數量應該是數字，如 30，不能是「{hours}」"}
        ]


BOMB = "a: &a [x, x, x, x, x, x, x, x, x, x]\n" + "".join(
    f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join(['*' + chr(97 + i)] * 10)}]\n" for i in range(9)
)


@pytest.mark.parametrize(
    ("text", "field", "message"),
    [
        (BOMB, "case", "別名（*）展開後的內容太多"),
        ("a: &a [*a]\n", "case", "指向包含它自己的內容"),
        ("notice: {Y}\n<<: {purpose: annual}\nrecords: []\n", "case", "不支持 YAML 的合併（<<）"),
        ("notice: !!python/object:os.system {Y}\n", "case", "不支持 YAML 標籤「!!python/object:os.system」"),
        ("notice: {Y}\npurpose: annual\npurpose: title\nrecords: []\n", "purpose", "欄位「purpose」寫了兩次"),
        ("notice: {Y}\n? [1, 2]\n: x\n", "case", "欄位名只能是文字"),
        ("notice: {Y}\x00\n", "case", "空字符（U+0000）"),
        ('{"notice": {Y}, "purpose": "annual", "records": [], "\\udc80": 1}', "case", "欄位名含有一個不完整的字符"),
        ('{"notice": {Y}, "records": [{"hours": 1' + "0" * 5000 + "}]}", "records[0].hours", "這個數字長達 5001 位"),
        (
            '{"notice": {Y}, "purpose": "annual", "records": [{"year": {Y}, "channel": "platform", "subject": "public", "hours": 1e308},'
            ' {"year": {Y}, "channel": "platform", "subject": "public", "hours": 1e308}]}',
            "records[0].hours",
            "太大：一條記錄最多 10000 學時",
        ),
        ('{"notice": {Y}, "purpose": "annual", "as_of": "{FULL_WIDTH_TODAY}", "records": []}', "as_of", "全角數字"),
        (
            '{"notice": {Y}, "purpose": "annual", "as_of": "{Y}-09-01\\n", "records": []}',
            "as_of",
            "前後有多餘的空格或換行",
        ),
        ("[" * 100_000, "case", "內容嵌套太深"),
        ('{"notice": {Y}, "purpose": NaN}', "purpose", "「NaN」不是數字"),
    ],
)
def test_each_refusal_names_its_field(text, field, message, traced):
    text = text.replace("{Y}", str(Y)).replace("{FULL_WIDTH_TODAY}", FULL_WIDTH_TODAY)  # the newest notice's year
    code, data = assert_answered(text)
    assert code == 2 and data["errors"][0]["field"] == field and message in data["errors"][0]["message"], data


def test_the_refusals_are_simplified_with_the_notes():
    code, data = assert_answered(f"notice: {Y}\x00\n", "--script", "hans")
    assert "请删去" in data["errors"][0]["message"]


def test_a_file_too_large_is_refused_unread(tmp_path, traced):
    path = tmp_path / "case.json"
    path.write_text(" " * reading.MAX_BYTES + "{}", encoding="utf-8")
    stdout = io.StringIO()
    with contextlib.redirect_stdout(stdout):
        assert cli.main(["check", str(path)]) == 2
    assert "文件太大" in json.loads(stdout.getvalue())["errors"][0]["message"]


@pytest.mark.parametrize("form", ["json", "yaml"])
def test_a_case_just_under_the_limit_is_read_in_bounded_time_and_memory(form, traced):
    record = {
        "year": Y,
        "studied_on": POLICY.window.start.isoformat(),
        "channel": "platform",
        "subject": "public",
        "hours": 1,
    }
    line = json.dumps(record) + ",\n"
    records = (reading.MAX_BYTES - 200) // (len(line) + 4)
    text = f'{{"notice": {Y}, "purpose": "annual", "records": [\n' + line * (records - 1) + json.dumps(record) + "]}"
    if form == "yaml":
        text = f"notice: {Y}\npurpose: annual\nrecords:\n" + "".join(
            "  - " + json.dumps(record) + "\n" for _ in range(records)
        )
    assert len(text.encode()) <= reading.MAX_BYTES
    code, out, seconds, megabytes = run_cli(text)
    assert code == 0 and json.loads(out)["years"][str(Y)]["public"]["credited"] == records
    assert seconds < 10 * SECONDS and megabytes < MEGABYTES, (seconds, megabytes)  # traced: several times slower


@pytest.mark.parametrize(
    ("name", "text"),
    [
        ("bomb.yaml", BOMB),
        ("deep.json", "[" * 100_000),
        ("surrogate.json", f'{{"\\ud800": 1, "notice": {Y}}}'),
        ("long.json", '{"records": [{"hours": 1' + "0" * 5000 + "}]}"),
    ],
)
def test_as_a_person_runs_it(tmp_path, name, text):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    start = time.perf_counter()
    run = subprocess.run(
        [sys.executable, "-m", "calculator", "check", str(path)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={"PATH": "/usr/bin:/bin", "PYTHONIOENCODING": "ascii"},
        timeout=30,
    )
    assert time.perf_counter() - start < 5
    assert run.returncode == 2 and run.stderr == "", run.stderr
    assert json.loads(run.stdout)["errors"]
