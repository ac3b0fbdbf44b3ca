"""The command line, run as a person runs it: output JSON and exit code."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import date, timedelta

from helpers import ROOT
from years import latest_policy

# Every figure and date from the newest published notice's rules (for 2025: 30 public hours,
# 60 professional as 2700 minutes at 45 a hour, studied in the window 2025-01-05..2025-11-30).
POLICY = latest_policy()
YEAR, WINDOW, NEED = POLICY.year, POLICY.window, POLICY.requirement
IN_WINDOW = WINDOW.start + (WINDOW.end - WINDOW.start) / 2
CASE = {
    "notice": YEAR,
    "purpose": "title",
    "level": "junior",
    "as_of": IN_WINDOW.isoformat(),
    "person": {"sex": "male", "birth_date": IN_WINDOW.replace(year=IN_WINDOW.year - 35).isoformat()},
    "records": [
        {
            "year": YEAR,
            "studied_on": WINDOW.start.isoformat(),
            "channel": "platform",
            "subject": "public",
            "hours": NEED["public"],
        },
        {
            "year": YEAR,
            "studied_on": (WINDOW.start + timedelta(days=1)).isoformat(),
            "channel": "teacher",
            "subject": "professional",
            "minutes": NEED["professional"] * POLICY.minutes_per_hour,
        },
    ],
}


def run(*args, stdin=None):
    return subprocess.run(
        [sys.executable, "-m", "calculator", *args], cwd=ROOT, input=stdin, capture_output=True, text=True
    )


def test_json_file_gives_result_and_exit_0(tmp_path):
    path = tmp_path / "case.json"
    path.write_text(json.dumps(CASE), encoding="utf-8")
    out = run("check", str(path))
    assert out.returncode == 0, out.stdout + out.stderr
    result = json.loads(out.stdout)
    assert result["status"] == "met" and result["required_years"] == list(POLICY.title_years["junior"])
    assert result["years"][str(YEAR)]["professional"]["credited"] == NEED["professional"]  # minutes at 1.4.8's rate


def test_yaml_file_and_stdin(tmp_path):
    path = tmp_path / "case.yaml"
    late = WINDOW.end + timedelta(days=1)
    path.write_text(
        f"notice: {YEAR}\npurpose: annual\nas_of: {WINDOW.start.isoformat()}\nrecords:\n"
        f"  - {{year: {YEAR}, studied_on: {late.isoformat()}, channel: platform, subject: public, hours: {NEED['public']}}}\n",
        encoding="utf-8",
    )
    out = run("check", str(path))
    assert out.returncode == 0
    result = json.loads(out.stdout)
    assert result["status"] == "not_met" and result["shortfall"] == NEED
    assert any(f"{late.isoformat()}不在學習期內" in n["text"] for n in result["notes"])
    assert json.loads(run("check", "-", stdin=json.dumps(CASE)).stdout)["status"] == "met"


def test_bad_input_names_every_field_and_exits_2():
    bad = dict(
        CASE,
        records=[
            {"year": YEAR, "channel": "radio", "subject": "public", "hours": 3},
            {"year": YEAR, "studied_on": f"{YEAR}-02-30", "channel": "platform", "subject": "public", "hours": -1},
        ],
        level="expert",
    )
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
    """The age rule of 1.5.1 counts age on the check date: a man one year below its youngest
    tier is asked for the hours; on the day he reaches the tier where hours do not limit, not."""
    not_limiting = next(t.male for t in POLICY.age_tiers if t.effect == "not_limiting")
    youngest = min(t.male for t in POLICY.age_tiers)
    born = date(YEAR - not_limiting, 1, 1)
    case = dict(CASE, as_of=None, person={"sex": "male", "birth_date": born.isoformat()})
    del case["as_of"]
    before = json.loads(
        run("check", "-", "--today", date(born.year + youngest - 1, 12, 31).isoformat(), stdin=json.dumps(case)).stdout
    )
    after = json.loads(run("check", "-", "--today", date(YEAR, 1, 1).isoformat(), stdin=json.dumps(case)).stdout)
    assert before["status"] == "met" and after["status"] == "not_limiting"  # (for 2025: 49, then 55 years old)


def test_the_page_is_told_when_one_year_is_enough():
    """The age rule of 1.5.1 (for 2025: a woman of 45-49 applying for a title): any one year will do."""
    from calculator import check

    one_year = next(t.female for t in POLICY.age_tiers if t.effect == "one_year_of_recent")

    def born(age):
        return IN_WINDOW.replace(year=IN_WINDOW.year - age - 1).isoformat()  # a birthday already past

    title = {
        "notice": YEAR,
        "purpose": "title",
        "level": "senior",
        "as_of": IN_WINDOW.isoformat(),
        "person": {"sex": "female", "birth_date": born(one_year)},
        "records": [],
    }
    assert check(title, display=True)["display"]["any_one"] is True
    younger = dict(title, person={"sex": "female", "birth_date": born(min(t.female for t in POLICY.age_tiers) - 10)})
    assert check(younger, display=True)["display"]["any_one"] is False


def test_what_can_still_be_done_is_printed():
    """A title check with a year that can no longer be made up: the lists, by their clause."""
    policy = POLICY
    case = dict(
        CASE,
        level="senior",
        records=[
            *CASE["records"],
            {
                "year": policy.year - 1,
                "studied_on": f"{policy.year - 1}-03-02",
                "channel": "platform",
                "subject": "public",
                "hours": 30,
            },
        ],
    )
    result = json.loads(run("check", "-", stdin=json.dumps(case)).stdout)
    assert result["status"] == "not_met" and result["still_possible"] is False
    closed = {(i["year"], i["subject"]) for i in result["closed"]}
    assert (policy.year - 1, "professional") in closed
    assert all(i["by"] == policy.window.end.isoformat() for i in result["to_study"])
    assert result["make_up_years"] == {}


def test_a_bad_today_is_told_plainly():
    out = run("check", "-", "--today", f"{YEAR}-02-30", stdin=json.dumps(CASE))
    assert out.returncode == 2
    assert f"「{YEAR}-02-30」" in json.loads(out.stdout)["errors"][0]["message"]


def test_yaml_numbers_are_read_as_people_mean_them(tmp_path):
    """YAML 1.1 read `1:30` as 90 (base 60), `010` as 8 and `0b101` as 5: only plain decimals are numbers."""
    path = tmp_path / "case.yaml"
    path.write_text(
        f"notice: {YEAR}\npurpose: annual\nas_of: {IN_WINDOW.isoformat()}\nrecords:\n"
        f"  - {{year: 0{YEAR}, channel: platform, subject: public, hours: 010}}\n"
        f"  - {{year: {YEAR}, channel: platform, subject: professional, hours: 1:30}}\n",
        encoding="utf-8",
    )
    out = run("check", str(path))
    assert out.returncode == 2 and "Traceback" not in out.stderr
    assert json.loads(out.stdout)["errors"] == [
        {"field": "records[1].hours", "message": "數量應該是數字，如 30，不能是「1:30」"}
    ]
    path.write_text(
        path.read_text(encoding="utf-8").replace("hours: 1:30", f"hours: {NEED['professional']}"), encoding="utf-8"
    )
    result = json.loads(run("check", str(path)).stdout)
    assert result["years"][str(YEAR)]["public"]["credited"] == 10 and result["shortfall"] == {
        "public": NEED["public"] - 10,
        "professional": 0,
    }
