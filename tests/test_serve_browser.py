"""The page in a real browser: headless Chromium driven by Selenium through the system chromedriver
(Debian: chromium, chromium-driver; skipped with the reason where they are absent).

A drafter's round: open the page, choose a report with an error through the file input, watch the
progress, read the result (the blamed cell marked in the redrawn table), download the annotated
copy and open it, then "check again". A screenshot of the result is kept in the test's folder
(set SERVE_SCREENSHOT=path to keep one elsewhere, e.g. docs/serve.png for the README).
"""

from __future__ import annotations

import os
import shutil
import time
from pathlib import Path

import docx
import pytest

from govinfo_check.checker import check_file
from govinfo_check.runner import load_rules
from govinfo_check.web.app import Settings, create_app

from conftest import SAMPLES  # noqa: E402
from serve_live import running  # noqa: E402

NEGATIVE = SAMPLES / "negative" / "t3-typo-cell-2024.docx"
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")
CHROMEDRIVER = shutil.which("chromedriver")
FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run", "--window-size=1280,1800")

pytestmark = pytest.mark.skipif(not (CHROMIUM and CHROMEDRIVER),
                                reason="needs Chromium and chromedriver (Debian: apt-get install chromium "
                                       "chromium-driver)")


@pytest.fixture(scope="module")
def live_url() -> str:
    with running(create_app(Settings(jobs=1))) as (url, _server):
        yield url


@pytest.fixture()
def browser(tmp_path: Path):
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in FLAGS:
        options.add_argument(flag)
    options.add_argument(f"--user-data-dir={tmp_path / 'profile'}")
    downloads = tmp_path / "downloads"
    downloads.mkdir()
    options.add_experimental_option("prefs", {"download.default_directory": str(downloads),
                                              "download.prompt_for_download": False,
                                              "safebrowsing.enabled": False})
    driver = webdriver.Chrome(service=Service(executable_path=CHROMEDRIVER), options=options)
    driver.execute_cdp_cmd("Browser.setDownloadBehavior", {"behavior": "allow", "downloadPath": str(downloads)})
    driver.downloads = downloads  # type: ignore[attr-defined]
    try:
        yield driver
    finally:
        driver.quit()


# records whether the progress box was shown, and what it said, while the file was checked
WATCH_PROGRESS = """
window.__progress = [];
const box = document.getElementById('progress');
new MutationObserver(() => { if (!box.hidden) window.__progress.push(document.getElementById('status').textContent); })
  .observe(box, {attributes: true, subtree: true, childList: true, characterData: true});
"""


def test_a_drafter_checks_a_report_and_takes_the_annotated_copy(live_url: str, browser, tmp_path: Path) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions as ec
    from selenium.webdriver.support.ui import WebDriverWait

    wait = WebDriverWait(browser, 90)
    browser.get(live_url)
    assert browser.title == "政府信息公开工作年度报告检查"
    browser.execute_script(WATCH_PROGRESS)
    browser.find_element(By.ID, "file").send_keys(str(NEGATIVE))
    wait.until(ec.visibility_of_element_located((By.ID, "results")))

    seen = browser.execute_script("return window.__progress")
    assert any(s.startswith("正在检查 1 个文件… 已用 ") for s in seen), seen  # shown once the upload is in

    card = browser.find_element(By.CSS_SELECTOR, "#cards li.card")
    assert card.find_element(By.CLASS_NAME, "name").text == "t3-typo-cell-2024.docx"
    assert card.find_element(By.CLASS_NAME, "badge").text == "未通过"
    sev = [f.severity for f in check_file(NEGATIVE, load_rules()).findings]
    assert card.find_element(By.CLASS_NAME, "counts").text == (
        f"{sev.count('error')} 个错误，{sev.count('warning')} 个警告，{sev.count('info')} 个提示")
    assert sev.count("error") == 1

    # the report, redrawn as --format html draws it: the blamed cell of table 3 is marked
    browser.switch_to.frame(browser.find_element(By.ID, "report"))
    blamed = browser.find_elements(By.CSS_SELECTOR, "td.blamed")
    assert len(blamed) == 1
    assert blamed[0].find_element(By.CLASS_NAME, "t").text == "43"  # the printed figure, then the finding's number
    assert "B-001" in blamed[0].get_attribute("title")
    assert "填报 43，按合计应为 34" in browser.find_element(By.CSS_SELECTOR, "li.finding.sev-error").text
    browser.switch_to.default_content()

    # nothing came from anywhere but this server
    origins = browser.execute_script(
        "return performance.getEntriesByType('resource').map(e => new URL(e.name).origin)")
    assert set(origins) <= {live_url.rstrip("/")}, origins

    # the report's own "#file-1" link scrolls this page; it must not load anything into the frame
    browser.execute_script("window.scrollTo(0, 0)")
    browser.switch_to.frame(browser.find_element(By.ID, "report"))
    browser.find_element(By.CSS_SELECTOR, 'a[href="#file-1"]').click()
    browser.switch_to.default_content()
    wait.until(lambda d: d.execute_script("return window.scrollY") > 300)
    browser.switch_to.frame(browser.find_element(By.ID, "report"))
    assert len(browser.find_elements(By.CSS_SELECTOR, "td.blamed")) == 1
    browser.switch_to.default_content()

    browser.execute_script("window.scrollTo(0, 0)")
    shot = tmp_path / "serve-result.png"
    height = browser.execute_script("return document.documentElement.scrollHeight")
    browser.set_window_size(1280, min(max(height, 900), 2600))
    assert browser.save_screenshot(str(shot)) and shot.stat().st_size > 20_000
    if os.environ.get("SERVE_SCREENSHOT"):
        shutil.copyfile(shot, os.environ["SERVE_SCREENSHOT"])

    # the annotated copy downloads and opens, with the comment on the blamed cell
    card.find_element(By.CSS_SELECTOR, "button.download").click()
    deadline = time.monotonic() + 60
    done: list[Path] = []
    while not done and time.monotonic() < deadline:
        done = [p for p in browser.downloads.iterdir() if p.suffix == ".docx"]
        time.sleep(0.1)
    assert [p.name for p in done] == ["t3-typo-cell-2024-批注.docx"]
    comments = [c.text for c in docx.Document(str(done[0])).comments]
    assert comments[0].startswith("[B-001] 错误：最可能的错误：表三") and "填报 43，按合计应为 34" in comments[0]
    wait.until(lambda d: card.find_element(By.CLASS_NAME, "note").text == "已下载：t3-typo-cell-2024-批注.docx")

    # "check again" keeps nothing
    browser.find_element(By.ID, "again").click()
    assert not browser.find_element(By.ID, "results").is_displayed()
    assert browser.find_elements(By.CSS_SELECTOR, "#cards li") == []
    assert browser.execute_script("return document.getElementById('file').files.length") == 0
    assert browser.execute_script("return document.getElementById('report').hasAttribute('srcdoc')") is False


def test_the_page_in_english_reports_a_file_it_cannot_read(live_url: str, browser) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions as ec
    from selenium.webdriver.support.ui import WebDriverWait

    browser.get(live_url + "?lang=en")
    browser.find_element(By.ID, "file").send_keys(str(SAMPLES / "bad" / "not-a-zip.docx"))
    WebDriverWait(browser, 90).until(ec.visibility_of_element_located((By.ID, "results")))
    card = browser.find_element(By.CSS_SELECTOR, "#cards li.card")
    assert card.find_element(By.CLASS_NAME, "badge").text == "unreadable"
    assert card.find_elements(By.CSS_SELECTOR, "button.download") == []  # nothing to annotate
    browser.switch_to.frame(browser.find_element(By.ID, "report"))
    assert "not a valid .docx" in browser.find_element(By.TAG_NAME, "body").text
