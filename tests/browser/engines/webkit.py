"""Runs a plan of steps (tests/browser/test_engines.py) in WebKitGTK, the engine of every
iPhone browser: Debian's WebKitWebDriver through Selenium, on a virtual display. Prints each
step's answer as one JSON line.

    xvfb-run -a .venv/bin/python tests/browser/engines/webkit.py PLAN.json

A step: {goto: url} | {wait: "js expression", ms} | {evaluate: "js expression"}
      | {type: selector, text} | {upload: selector, path}
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

from selenium import webdriver
from selenium.webdriver.common.by import By
from selenium.webdriver.webkitgtk.service import Service

DRIVER = "/usr/bin/WebKitWebDriver"  # Debian's: Selenium's manager, which looks online, stays unused


def main(plan_path: str) -> int:
    plan = json.loads(Path(plan_path).read_text(encoding="utf-8"))
    options = webdriver.WebKitGTKOptions()
    options.page_load_strategy = "eager"
    driver = webdriver.WebKitGTK(options=options, service=Service(executable_path=DRIVER))
    answers = []
    try:
        driver.set_window_size(390, 844)
        for step in plan["steps"]:
            if "goto" in step:
                driver.get(step["goto"])
            elif "wait" in step:
                wait(driver, step["wait"], step.get("ms", 60_000))
            elif "evaluate" in step:
                answers.append(driver.execute_script(f"return ({step['evaluate']});"))
            elif "type" in step:
                field = driver.find_element(By.CSS_SELECTOR, step["type"])
                field.clear()
                field.send_keys(step["text"])
            elif "upload" in step:
                driver.find_element(By.CSS_SELECTOR, step["upload"]).send_keys(step["path"])
    finally:
        driver.quit()
    print(json.dumps({"answers": answers}, ensure_ascii=False))
    return 0


def wait(driver, expression: str, ms: int) -> None:
    end = time.monotonic() + ms / 1000
    while not driver.execute_script(f"return Boolean({expression});"):
        if time.monotonic() > end:
            raise SystemExit(f"waited {ms / 1000:g} s for {expression}")
        time.sleep(0.1)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
