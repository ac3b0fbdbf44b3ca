"""The command line, run as a person runs it: output JSON and exit code."""
from __future__ import annotations

import json
import subprocess
import sys

from helpers import ROOT

CASE = {
    "notice": 2025, "purpose": "title", "level": "junior", "as_of": "2025-09-01",
    "person": {"sex": "male", "birth_date": "1990-05-01"},
    "records": [
        {"year": 2025, "studied_on": "2025-03-02", "channel": "platform", "subject": "public", "hours": 30},
        {"year": 2025, "studied_on": "2025-04-02", "channel": "teacher", "subject": "professional", "minutes": 2700},
    ],
}


def run(*args, stdin=None):
    return subprocess.run([sys.executable, "-m", "calculator", *args], cwd=ROOT, input=stdin, capture_output=True, text=True)


def test_json_file_gives_result_and_exit_0(tmp_path):
    path = tmp_path / "case.json"
    path.write_text(json.dumps(CASE), encoding="utf-8")
    out = run("check", str(path))
    assert out.returncode == 0, out.stdout + out.stderr
    result = json.loads(out.stdout)
    assert result["status"] == "met" and result["required_years"] == [2025]
    assert result["years"]["2025"]["professional"]["credited"] == 60  # 2700 minutes at 45 a hour


def test_yaml_file_and_stdin(tmp_path):
    path = tmp_path / "case.yaml"
    path.write_text(
        "notice: 2025\npurpose: annual\nas_of: 2025-06-01\nrecords:\n"
        "  - {year: 2025, studied_on: 2025-12-01, channel: platform, subject: public, hours: 30}\n",
        encoding="utf-8",
    )
    out = run("check", str(path))
    assert out.returncode == 0
    result = json.loads(out.stdout)
    assert result["status"] == "not_met" and result["shortfall"] == {"public": 30, "professional": 60}
    assert any("2025-12-01不在學習期內" in n["text"] for n in result["notes"])
    assert json.loads(run("check", "-", stdin=json.dumps(CASE)).stdout)["status"] == "met"


def test_bad_input_names_every_field_and_exits_2():
    bad = dict(CASE, records=[
        {"year": 2025, "channel": "radio", "subject": "public", "hours": 3},
        {"year": 2025, "studied_on": "2025-02-30", "channel": "platform", "subject": "public", "hours": -1},
    ], level="expert")
    out = run("check", "-", stdin=json.dumps(bad))
    assert out.returncode == 2
    fields = [e["field"] for e in json.loads(out.stdout)["errors"]]
    assert fields == ["level", "records[0].channel", "records[1].studied_on", "records[1].hours"]
    assert "Traceback" not in out.stderr


def test_unreadable_input_is_an_error_not_a_traceback(tmp_path):
    for args, stdin in ((("check", str(tmp_path / "missing.json")), None), (("check", "-"), "{not json")):
        out = run(*args, stdin=stdin)
        assert out.returncode == 2 and "Traceback" not in out.stderr
        assert json.loads(out.stdout)["errors"][0]["message"]


def test_as_of_defaults_to_today():
    case = dict(CASE, as_of=None, person={"sex": "male", "birth_date": "1970-01-01"})
    del case["as_of"]
    before = json.loads(run("check", "-", "--today", "2019-12-31", stdin=json.dumps(case)).stdout)
    after = json.loads(run("check", "-", "--today", "2025-01-01", stdin=json.dumps(case)).stdout)
    assert before["status"] == "met" and after["status"] == "not_limiting"  # 49 then 55 years old


def test_the_page_is_told_when_one_year_is_enough():
    """The age rule of 1.5.1 (a woman of 45-49 applying for a title): any one year will do."""
    from calculator import check

    title = {"notice": 2025, "purpose": "title", "level": "senior", "as_of": "2025-09-01",
             "person": {"sex": "female", "birth_date": "1978-04-12"}, "records": []}
    assert check(title, display=True)["display"]["any_one"] is True
    younger = dict(title, person={"sex": "female", "birth_date": "1990-04-12"})
    assert check(younger, display=True)["display"]["any_one"] is False


def test_what_can_still_be_done_is_printed():
    """A title check with a year that can no longer be made up: the lists, by their clause."""
    from calculator.policy import Policy

    policy = Policy.load(CASE["notice"])
    case = dict(CASE, level="senior", records=[
        *CASE["records"],
        {"year": policy.year - 1, "studied_on": f"{policy.year - 1}-03-02", "channel": "platform", "subject": "public", "hours": 30},
    ])
    result = json.loads(run("check", "-", stdin=json.dumps(case)).stdout)
    assert result["status"] == "not_met" and result["still_possible"] is False
    closed = {(i["year"], i["subject"]) for i in result["closed"]}
    assert (policy.year - 1, "professional") in closed
    assert all(i["by"] == policy.window.end.isoformat() for i in result["to_study"])
    assert result["make_up_years"] == {}


def test_a_bad_today_is_told_plainly():
    out = run("check", "-", "--today", "2025-02-30", stdin=json.dumps(CASE))
    assert out.returncode == 2
    assert "「2025-02-30」" in json.loads(out.stdout)["errors"][0]["message"]


def test_yaml_numbers_are_read_as_people_mean_them(tmp_path):
    """YAML 1.1 read `1:30` as 90 (base 60), `010` as 8 and `0b101` as 5: only plain decimals are numbers."""
    path = tmp_path / "case.yaml"
    path.write_text("notice: 2025\npurpose: annual\nas_of: 2025-09-01\nrecords:\n"
                    "  - {year: 02025, channel: platform, subject: public, hours: 010}\n"
                    "  - {year: 2025, channel: platform, subject: professional, hours: 1:30}\n", encoding="utf-8")
    out = run("check", str(path))
    assert out.returncode == 2 and "Traceback" not in out.stderr
    assert json.loads(out.stdout)["errors"] == [{"field": "records[1].hours", "message": "數量應該是數字，如 30，不能是「1:30」"}]
    path.write_text(path.read_text(encoding="utf-8").replace("hours: 1:30", "hours: 60"), encoding="utf-8")
    result = json.loads(run("check", str(path)).stdout)
    assert result["years"]["2025"]["public"]["credited"] == 10 and result["shortfall"] == {"public": 20, "professional": 0}
