#!/usr/bin/env python3
"""An official works a kiosk dossier in the back office, in headless Chromium.

    office_browser.py URL RECEIPT APPLICANT SHOTS_DIR

Logs in as the commune officer xa.lan (password in OFFICE_PASSWORD), finds RECEIPT by its
number, opens it, checks the applicant's name and the document photo, takes it through the national
statuses to "Đã trả kết quả" (with a note asking for a document on the way) while the kiosk's
lookup (LOOKUP_COMMAND) follows each step, logs out; then the officer of another commune (xa.khac) must not see it, not even
by typing its address. Screenshots of every page go to SHOTS_DIR. Exit 1 on the first failure.
"""
import re
import json
import os
import subprocess
import sys
import tempfile

from selenium import webdriver
from selenium.common.exceptions import ElementClickInterceptedException
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select, WebDriverWait

URL, RECEIPT, APPLICANT, SHOTS = sys.argv[1:5]
PASSWORD = os.environ["OFFICE_PASSWORD"]
NOTE = "Xin bổ sung bản sao giấy chứng sinh có chứng thực."


def citizen_sees():
    # The kiosk's own status lookup (kioskctl lookup --json), as the citizen's terminal asks.
    out = subprocess.run(["bash", "-c", os.environ["LOOKUP_COMMAND"]], capture_output=True,
                         text=True, check=True).stdout
    return json.loads(out)


def fail(message):
    print("FAIL:", message, file=sys.stderr)
    sys.exit(1)


def browser(profile):
    options = webdriver.ChromeOptions()
    options.binary_location = "/usr/bin/chromium"
    for flag in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                 "--window-size=1366,1000", "--lang=vi", f"--user-data-dir={profile}"):
        options.add_argument(flag)
    return webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)


def shot(driver, name):
    driver.save_screenshot(os.path.join(SHOTS, name + ".png"))


def log_in(driver, officer, password):
    driver.get(URL + "/office/")
    if "/office/login" not in driver.current_url:
        fail("an anonymous visitor was not sent to the login page")
    driver.find_element(By.ID, "id").send_keys(officer)
    driver.find_element(By.ID, "password").send_keys(password)
    press(driver, "login")


def press(driver, element_id):
    # As a person would: scroll the button into view, click it, and wait for the next page.
    # Bootstrap scrolls smoothly; a click during the animation would land elsewhere.
    element = driver.find_element(By.ID, element_id)
    driver.execute_script("arguments[0].scrollIntoView({block: 'center', behavior: 'instant'})", element)
    mark_page(driver)
    try:
        element.click()
    except ElementClickInterceptedException:
        shot(driver, "click-intercepted-" + element_id)
        raise
    wait_for_next_page(driver)


def mark_page(driver):
    driver.execute_script("window.officeTestOldPage = true")


def wait_for_next_page(driver):
    # A new document has no mark and has finished loading.
    WebDriverWait(driver, 20).until(lambda d: d.execute_script(
        "return window.officeTestOldPage === undefined && document.readyState === 'complete'"))


def text_of(driver, element_id):
    return driver.find_element(By.ID, element_id).text


with tempfile.TemporaryDirectory() as profile:
    driver = browser(profile)
    try:
        # A wrong password is refused in plain Vietnamese.
        log_in(driver, "xa.lan", "not the password")
        if "không đúng" not in text_of(driver, "message"):
            fail("no clear message for a wrong password: " + driver.page_source[:400])
        shot(driver, "01-login-refused")

        log_in(driver, "xa.lan", PASSWORD)
        if "Phạm Thị Lan" not in text_of(driver, "officer"):
            fail("the officer's name is not shown after login")
        shot(driver, "02-list")
        search = driver.find_element(By.ID, "q")
        search.send_keys(RECEIPT)
        press(driver, "search")
        if text_of(driver, "count") != "1 hồ sơ":
            fail("searching the dossier number found: " + text_of(driver, "count"))
        rows = driver.find_elements(By.CSS_SELECTOR, "#dossiers tbody tr")
        if len(rows) != 1 or APPLICANT not in rows[0].text:
            fail("the list does not show the applicant: " + " | ".join(r.text for r in rows))
        shot(driver, "03-search")
        mark_page(driver)
        driver.find_element(By.LINK_TEXT, RECEIPT).click()
        wait_for_next_page(driver)

        if text_of(driver, "receipt") != RECEIPT or text_of(driver, "applicant") != APPLICANT:
            fail("the dossier page does not show the dossier and its applicant")
        if "Mới đăng ký" not in text_of(driver, "status"):
            fail("a new dossier is not 'Mới đăng ký': " + text_of(driver, "status"))
        # Birth registration is done within the working day: a date, dd/mm/yyyy.
        if not re.fullmatch(r"\d\d/\d\d/20\d\d", text_of(driver, "appointment")):
            fail("no appointment date on the dossier: " + text_of(driver, "appointment"))
        photos = driver.find_elements(By.CSS_SELECTOR, "#photos img")
        if not photos:
            fail("the document photo is missing")
        loaded = driver.execute_script(
            "return arguments[0].complete && arguments[0].naturalWidth", photos[0])
        if not loaded:
            fail("the document photo does not load")
        shot(driver, "04-dossier")

        # From "accepted" to "result handed over"; the citizen's lookup follows each step.
        for code, words, note in ((2, "Được tiếp nhận", ""), (4, "Đang xử lý", ""),
                                  (5, "Yêu cầu bổ sung giấy tờ", NOTE),
                                  (9, "Đã xử lý xong", ""),
                                  (10, "Đã trả kết quả", "Đã trả kết quả tại bộ phận một cửa.")):
            Select(driver.find_element(By.ID, "new-status")).select_by_value(str(code))
            if note:
                driver.find_element(By.ID, "note").send_keys(note)
            press(driver, "save-status")
            if words not in text_of(driver, "status"):
                fail(f"status {code} is not shown: " + text_of(driver, "status"))
            seen = citizen_sees()
            if seen.get("status_code") != code or seen.get("note", "") != note:
                fail(f"after status {code} the kiosk's lookup says {seen}")
            if code == 5:
                shot(driver, "05-status-changed")
        if NOTE not in text_of(driver, "history"):
            fail("the note is not in the history")

        press(driver, "language")
        if "Dossier" not in driver.title or "handed over" not in text_of(driver, "status"):
            fail("the English page is not in English: " + driver.title)
        shot(driver, "06-dossier-en")
        press(driver, "language")

        driver.get(URL + "/office/terminals")
        if "KIOSK-TEST" not in text_of(driver, "terminals"):
            fail("the fleet page does not list the terminal")
        shot(driver, "07-terminals")

        driver.get(URL + "/office/figures")
        if "Đăng ký khai sinh" not in text_of(driver, "per-procedure"):
            fail("the figures do not count the dossier under its procedure")
        if "Đã trả kết quả" not in text_of(driver, "per-status"):
            fail("the figures do not count the dossier under its status")
        # Finished (status 10) the day it came, well before its appointment.
        if "1/1 (100%)" not in text_of(driver, "on-time"):
            fail("the figures do not count the dossier as on time: " + text_of(driver, "on-time"))
        shot(driver, "08-figures")

        press(driver, "logout")
        driver.get(URL + "/office/dossiers/" + RECEIPT)
        if "/office/login" not in driver.current_url:
            fail("the dossier opened after logout")

        # Another commune's officer: the dossier is not in the list, nor behind its address.
        log_in(driver, "xa.khac", PASSWORD)
        if text_of(driver, "count") != "0 hồ sơ":
            fail("another commune's officer sees dossiers: " + text_of(driver, "count"))
        driver.get(URL + "/office/dossiers/" + RECEIPT)
        if APPLICANT in driver.page_source or "Không có hồ sơ này" not in text_of(driver, "message"):
            fail("another commune's officer opened the dossier by its address")
        shot(driver, "09-other-commune")
    finally:
        driver.quit()
print("office: ok")
