#!/usr/bin/env python3
"""Opens a Plimsoll HTML report in headless Chromium (Debian's chromium + chromium-driver,
driven by Selenium) and prints what a user would see, as JSON, for the report tests.

usage: browser-check.py REPORT.html SCREENSHOT.png [--filter-severity HIGH]

Screenshots: SCREENSHOT.png (the whole page), and beside it .top.png (the first screen) and
.ledger.png (the ledger's first screen).

Printed: the ledger sections (data-layer-index, data-layer-digest), every finding row's
data-severity/data-kind, the rows left visible after choosing a severity in the filter,
calls to alert/confirm/prompt (recorded by a stub installed before any page script), every
network request other than the report itself (from Chrome's performance log), console
errors (a CSP refusal of the page's own script would show here), and the number of <script>
and <img> elements in the page.
"""
import json
import os
import sys
from pathlib import Path

from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select


def main() -> int:
    args = sys.argv[1:]
    if len(args) < 2:
        print(__doc__, file=sys.stderr)
        return 2
    report, screenshot = Path(args[0]).resolve(), Path(args[1])
    severity = args[args.index("--filter-severity") + 1] if "--filter-severity" in args else "HIGH"

    options = webdriver.ChromeOptions()
    options.binary_location = os.environ.get("PLIMSOLL_CHROMIUM", "/usr/bin/chromium")
    for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                 "--window-size=1280,1000", "--no-first-run", "--disable-extensions",
                 "--disable-background-networking", "--disable-component-update",
                 "--disable-default-apps", "--disable-sync"):
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"performance": "ALL", "browser": "ALL"})
    service = Service(os.environ.get("PLIMSOLL_CHROMEDRIVER", "/usr/bin/chromedriver"))
    driver = webdriver.Chrome(service=service, options=options)
    try:
        driver.execute_cdp_cmd("Network.enable", {})
        driver.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": (
            "window.__dialogs = [];"
            "['alert','confirm','prompt'].forEach(function (n) {"
            "  window[n] = function (m) { window.__dialogs.push(n + ':' + String(m)); }; });")})
        url = report.as_uri()
        driver.get(url)
        result = {"url": url}
        result["title"] = driver.title
        result["ledgerSections"] = [
            {"index": s.get_attribute("data-layer-index"), "digest": s.get_attribute("data-layer-digest"),
             "createdBy": (s.find_elements(By.CSS_SELECTOR, "code.created-by") or [None])[0].text
             if s.find_elements(By.CSS_SELECTOR, "code.created-by") else None}
            for s in driver.find_elements(By.CSS_SELECTOR, "section[data-layer-index]")]
        result["noLayersNote"] = bool(driver.find_elements(By.ID, "no-layers"))
        rows = driver.find_elements(By.CSS_SELECTOR, "#findings tbody tr")
        result["rows"] = [{"severity": r.get_attribute("data-severity"), "kind": r.get_attribute("data-kind"),
                           "package": r.get_attribute("data-package")} for r in rows]
        filters = driver.find_elements(By.ID, "filters")
        result["filtersShown"] = bool(filters) and filters[0].is_displayed()
        if filters:
            driver.save_screenshot(str(screenshot.with_suffix(".top.png")))
        # The ledger's first screen, then the whole page, for the note.
        if driver.find_elements(By.ID, "ledger"):
            driver.execute_script("document.getElementById('ledger').scrollIntoView()")
            driver.save_screenshot(str(screenshot.with_suffix(".ledger.png")))
        # The whole page.
        height = driver.execute_script("return document.documentElement.scrollHeight")
        driver.set_window_size(1280, min(max(int(height), 800), 12000))
        driver.save_screenshot(str(screenshot))
        driver.set_window_size(1280, 1000)
        if filters and result["filtersShown"]:
            Select(driver.find_element(By.ID, "f-severity")).select_by_value(severity)
            visible = [r for r in rows if r.is_displayed()]
            result["filter"] = {
                "severity": severity,
                "visible": [r.get_attribute("data-severity") for r in visible],
                "count": driver.find_element(By.ID, "f-count").text,
            }
            Select(driver.find_element(By.ID, "f-severity")).select_by_value("")
            # Sorting by ID must keep every row.
            driver.find_element(By.CSS_SELECTOR, "th[data-sort=id] button").click()
            result["rowsAfterSort"] = len(driver.find_elements(By.CSS_SELECTOR, "#findings tbody tr"))
            for details in driver.find_elements(By.CSS_SELECTOR, "#findings details")[:5]:
                details.click()
        result["dialogs"] = driver.execute_script("return window.__dialogs || []")
        result["scripts"] = len(driver.find_elements(By.TAG_NAME, "script"))
        result["images"] = len(driver.find_elements(By.TAG_NAME, "img"))
        result["bodyText"] = driver.find_element(By.TAG_NAME, "body").text
        requests = []
        for entry in driver.get_log("performance"):
            message = json.loads(entry["message"])["message"]
            if message.get("method") == "Network.requestWillBeSent":
                requested = message["params"]["request"]["url"]
                if requested != url:
                    requests.append(requested)
        result["requests"] = requests
        result["consoleErrors"] = [e["message"] for e in driver.get_log("browser")
                                   if e.get("level") in ("SEVERE", "ERROR")]
        print(json.dumps(result))
    finally:
        driver.quit()
    return 0


if __name__ == "__main__":
    sys.exit(main())
