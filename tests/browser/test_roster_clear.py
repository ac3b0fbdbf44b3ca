"""「清除」 as an officer uses it: during a long check it stops the check, and afterwards the page
is ready again with a fresh worker (the one that held the file and its names is gone), so the
next file is checked as if the page had just opened."""

from __future__ import annotations

import json

from roster_fixtures import write_all
from test_roster import CHECK_MS, READY_MS, STATE, check, open_roster, wait_state
from years import latest


def test_clear_stops_a_check_under_way_and_the_next_file_is_checked(page, site_url, tmp_path):
    open_roster(page, site_url)
    big = tmp_path / "big.csv"
    rows = [f"甲{i},{30},{60}" for i in range(30_000)]
    big.write_text(f"姓名,{latest()}公需,{latest()}專業\n" + "\n".join(rows) + "\n", encoding="utf-8")
    page.set_input_files("#roster-file", str(big))
    wait_state(page, ("checking",), "the big roster to be under way", CHECK_MS)
    assert page.locator("#roster-clear").is_enabled()
    page.click("#roster-clear")
    assert page.evaluate(STATE) == "loading"
    assert page.locator("#roster-table tr[data-row]").count() == 0
    wait_state(page, ("ready",), "a fresh worker after 「清除」", READY_MS)
    page.wait_for_timeout(500)  # the stopped check's answer, had it come, would have shown by now
    assert page.evaluate(STATE) == "ready" and page.locator("#roster-table tr[data-row]").count() == 0

    fixture = write_all(tmp_path)[0]
    check(page, fixture)
    assert page.locator("#roster-summary .roster-total").get_attribute("data-count") == str(len(fixture.people))


def test_after_clear_the_worker_that_held_the_file_is_closed_and_a_new_one_checks_the_next(page, site_url, tmp_path):
    started, closed = [], []
    page.on("worker", lambda worker: (started.append(worker), worker.on("close", lambda w: closed.append(w))))
    open_roster(page, site_url)
    fixture = write_all(tmp_path)[0]
    check(page, fixture)
    (held,) = [w for w in started if w.url.endswith("/roster/worker.js")]
    page.click("#roster-clear")
    wait_state(page, ("ready",), "a fresh worker after 「清除」", READY_MS)
    page.wait_for_timeout(200)
    assert held in closed  # the worker that read the file, and its memory, are gone
    assert len([w for w in started if w.url.endswith("/roster/worker.js")]) == 2
    assert not any(p.name in page.locator("#roster").inner_text() for p in fixture.people)
    check(page, fixture)


def _heap(page) -> tuple[str, int]:
    """The page's JavaScript heap after a full collection: every string the page still holds (a
    heap snapshot's strings, one a line) and its used size in bytes (Chrome DevTools Protocol)."""
    cdp = page.context.new_cdp_session(page)
    chunks: list[str] = []
    cdp.on("HeapProfiler.addHeapSnapshotChunk", lambda event: chunks.append(event["chunk"]))
    cdp.send("HeapProfiler.enable")
    cdp.send("HeapProfiler.collectGarbage")
    used = cdp.send("Runtime.getHeapUsage")["usedSize"]
    cdp.send("HeapProfiler.takeHeapSnapshot", {"reportProgress": False})
    cdp.detach()
    return "\n".join(json.loads("".join(chunks))["strings"]), used


def test_after_clear_no_name_of_the_roster_is_left_in_the_pages_memory(page, site_url, tmp_path):
    """What 「清除」 promises: the names are gone from this page's memory, not only from the screen,
    and the memory the table took is given back (the worker that held the file is replaced: the
    test above). The baseline is the page after a one-person roster was checked and cleared:
    what stays then (the code that drew a table) does not grow with the roster."""

    def roster(path, people):
        path.write_text(
            f"姓名,{latest()}公需,{latest()}專業\n" + "\n".join(",".join(p) for p in people) + "\n", encoding="utf-8"
        )
        page.set_input_files("#roster-file", str(path))
        wait_state(page, ("done",), "the roster's table", CHECK_MS)

    def clear():
        page.click("#roster-clear")
        wait_state(page, ("ready",), "a fresh worker after 「清除」", READY_MS)

    people = [(f"甲乙丙丁{i:05d}", f"{30 + i % 5}", "60") for i in range(10_000)]
    open_roster(page, site_url)
    roster(tmp_path / "一人.csv", [("戊己庚辛", "30", "60")])
    page.fill("#roster-search", "戊己")
    clear()
    _, baseline = _heap(page)
    roster(tmp_path / "花名冊.csv", people)
    page.fill("#roster-search", people[7][0])
    held, during = _heap(page)
    assert people[0][0] in held and people[-1][0] in held  # the snapshot sees the names while they are kept
    clear()
    left, after = _heap(page)
    kept = [name for name, *_ in people if name in left]
    assert kept == [], f"{len(kept)} names still in the page's memory, e.g. {kept[:3]}"
    assert page.input_value("#roster-search") == ""
    assert after - baseline < (during - baseline) / 10, (baseline, during, after)
