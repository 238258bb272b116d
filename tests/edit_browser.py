"""The editor of `vanban edit` in a real browser (Debian's headless Chromium
through chromedriver and Selenium), run by tests/edit_browser.rs:

    python3 tests/edit_browser.py URL FOLDER SCREENSHOT.png [--bench N]

FOLDER holds the opened YAML (a copy of the seed sample). The script types
into the trích yếu and sees the page change, types a wrong key and sees its
mark and message, inserts an article from the Insert menu, survives a
reload with unsaved text, saves with Ctrl+S, sees a change made on disk,
downloads the PDF and reads it with pdftotext, and saves a screenshot.
With --bench N it then times N one-character edits from keystroke to
repainted page and prints the median (scripts/bench.sh).
"""

import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
import unicodedata
import urllib.request

from selenium import webdriver
from selenium.webdriver.chrome.options import Options
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.actions.action_builder import ActionBuilder
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys

URL, FOLDER, SHOT = sys.argv[1], sys.argv[2], sys.argv[3]
BENCH = int(sys.argv[sys.argv.index("--bench") + 1]) if "--bench" in sys.argv else 0
NAME = "cong-van-ccn-bac-giang.yaml"
YAML = os.path.join(FOLDER, NAME)
DOWNLOADS = os.path.join(FOLDER, "tai-ve")
os.makedirs(DOWNLOADS, exist_ok=True)


def step(msg):
    print(f"[trình duyệt] {msg}", flush=True)


def norm(s):
    s = unicodedata.normalize("NFC", s).lower()
    return "".join(c for c in s if c.isalnum())


def wait(what, predicate, timeout=20.0):
    end = time.time() + timeout
    last = None
    while time.time() < end:
        try:
            last = predicate()
            if last:
                return last
        except Exception as e:  # the page may be between two states
            last = e
        time.sleep(0.05)
    raise AssertionError(f"timed out waiting for {what} (last: {last!r})")


options = Options()
options.binary_location = os.environ.get("VANBAN_CHROMIUM", "/usr/bin/chromium")
for arg in [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
    "--lang=vi",
    "--window-size=1440,900",
    "--user-data-dir=" + tempfile.mkdtemp(prefix="vanban-chromium-"),
]:
    options.add_argument(arg)
options.add_experimental_option(
    "prefs",
    {"download.default_directory": DOWNLOADS, "download.prompt_for_download": False},
)
driver = webdriver.Chrome(
    service=Service(os.environ.get("VANBAN_CHROMEDRIVER", "/usr/bin/chromedriver")),
    options=options,
)
js = driver.execute_script


def page_hashes():
    return js("return window.__vanban.pages.slice()")


def page_norms():
    return js("return window.__vanban.pages.map(h => window.__vanban.store.get(h).norm)")


def doc_text():
    return js("return window.__vanban.view.state.doc.toString()")


def cursor_at_line_end(prefix):
    """Put the cursor at the end of the first line starting with `prefix`."""
    ok = js(
        """
        const v = window.__vanban.view, doc = v.state.doc;
        for (let n = 1; n <= doc.lines; n++) {
          const l = doc.line(n);
          if (l.text.startsWith(arguments[0])) {
            v.focus(); v.dispatch({selection: {anchor: l.to}, scrollIntoView: true}); return n;
          }
        }
        return 0;""",
        prefix,
    )
    assert ok, f"no line starts with {prefix!r}"
    return ok


def type_keys(text):
    ActionChains(driver).send_keys(text).perform()


def settled():
    """No preview in flight or waiting, no change unseen."""
    return js(
        "const s = window.__vanban; return !s.inflight && !s.pending && s.firstKeyAt === null"
    )


try:
    # 1. The editor opens on the seed with its pages.
    driver.get(URL)
    wait("the pages", lambda: len(page_hashes()) >= 2)
    wait("a settled preview", settled)
    first = page_hashes()
    step(f"{len(first)} trang; {driver.find_element(By.ID, 'page-count').text}")
    assert "cong-van-ccn-bac-giang.yaml" in driver.find_element(By.ID, "file").text
    assert js("return document.querySelector('.cm-content') !== null")
    # The pages are drawn on canvases, as the browser itself draws the SVG:
    # rasterise page 1 both ways and compare the pixels.
    req = urllib.request.Request(
        URL.split("/?")[0] + "/api/preview",
        data=json.dumps({"text": doc_text()}).encode(),
        headers={"X-Vanban-Token": URL.split("token=")[1], "Content-Type": "application/json"},
    )
    svg = json.load(urllib.request.urlopen(req))["pages"][0]["svg"]
    driver.set_script_timeout(30)
    diff = driver.execute_async_script(
        """
        const [svg, done] = arguments;
        const a = window.__vanban.drawSvg(svg, 600);
        if (!a) return done(null);
        const img = new Image();
        img.src = URL.createObjectURL(new Blob([svg], {type: 'image/svg+xml'}));
        img.decode().then(() => {
          const b = document.createElement('canvas');
          b.width = a.width; b.height = a.height;
          const cb = b.getContext('2d');
          cb.fillStyle = '#fff'; cb.fillRect(0, 0, b.width, b.height);
          // The same scale on both axes as the canvas (its height is rounded).
          const vb = /viewBox="[-\d.]+ [-\d.]+ ([\d.]+) ([\d.]+)"/.exec(svg);
          const k = a.width / +vb[1];
          cb.drawImage(img, 0, 0, +vb[1] * k, +vb[2] * k);
          const da = a.getContext('2d').getImageData(0, 0, a.width, a.height).data;
          const db = cb.getImageData(0, 0, b.width, b.height).data;
          let ink = 0, off = 0;
          for (let i = 0; i < da.length; i += 4) {
            if (db[i] < 128) ink++;
            if (Math.abs(da[i] - db[i]) > 96) off++;
          }
          done({ink, off, pixels: da.length / 4});
        });""",
        svg,
    )
    assert diff and diff["ink"] > 5000, diff
    assert diff["off"] < diff["ink"] * 0.02, f"canvas and SVG differ: {diff}"
    shown = js("return document.querySelectorAll('#pages .page canvas.picture').length")
    assert shown >= 1, "pages on canvases"
    step(f"trang vẽ trên canvas khớp SVG: {diff['off']} điểm ảnh khác / {diff['ink']} điểm mực")

    # 2. Typing in the trích yếu changes page 1.
    cursor_at_line_end("trich_yeu:")
    type_keys(" và thử nghiệm soạn thảo")
    wait("page 1 to change", lambda: page_hashes()[0] != first[0])
    wait("the typed words on page 1", lambda: norm("thử nghiệm soạn thảo") in page_norms()[0])
    assert page_hashes()[1:] == first[1:], "only page 1 changed"
    assert js("return window.__vanban.stats.length") > 0
    step("trích yếu gõ vào đã hiện trên trang 1")

    # 3. A wrong key: its mark at its line, the message, the last pages dimmed.
    line = cursor_at_line_end("kinh_gui:")
    js(
        "const v = window.__vanban.view; const l = v.state.doc.line(arguments[0]);"
        "v.dispatch({selection: {anchor: l.from}});",
        line,
    )
    type_keys("ten_sai: x")
    type_keys(Keys.ENTER)
    wait("an error mark", lambda: js("return document.querySelectorAll('.cm-lintRange-error').length") > 0)
    marked = js(
        "return document.querySelector('.cm-lintRange-error').closest('.cm-line').textContent"
    )
    assert marked.startswith("ten_sai"), marked
    problems = driver.find_element(By.ID, "problems").text
    assert "ten_sai" in problems and f"dòng {line}" in problems, problems
    assert "khóa" in problems, problems
    wait("the dimmed preview", lambda: "stale" in driver.find_element(By.ID, "right").get_attribute("class"))
    err = driver.find_element(By.ID, "preview-error")
    assert err.is_displayed() and "ten_sai" in err.text, err.text
    assert len(page_hashes()) == len(first), "the last good pages stay"
    # Hovering the mark shows the message.
    ActionChains(driver).move_to_element(driver.find_element(By.CSS_SELECTOR, ".cm-lintRange-error")).perform()
    wait("the hover message", lambda: "ten_sai" in js(
        "const t = document.querySelector('.cm-tooltip-lint'); return t ? t.textContent : ''"))
    step(f"khóa sai được đánh dấu ở dòng {line}: {problems.splitlines()[1]}")
    # Remove the line again.
    js(
        "const v = window.__vanban.view; const l = v.state.doc.line(arguments[0]);"
        "v.dispatch({changes: {from: l.from, to: l.to + 1}});",
        line,
    )
    wait("the pages back", lambda: "stale" not in driver.find_element(By.ID, "right").get_attribute("class"))
    wait("no error marks", lambda: js("return document.querySelectorAll('.cm-lintRange-error').length") == 0)

    # 4. Completion from the schema: a key of co_quan not yet written.
    before = doc_text()
    cursor_at_line_end("  viet_tat:")
    type_keys(Keys.ENTER + "chu")
    wait("the completion list", lambda: "chu_quan" in js(
        "const t = document.querySelector('.cm-tooltip-autocomplete'); return t ? t.textContent : ''"))
    type_keys(Keys.ESCAPE)
    js(
        """const v = window.__vanban.view, doc = v.state.doc;
        for (let n = 1; n <= doc.lines; n++) { const l = doc.line(n);
          if (l.text.trim() === 'chu') { v.dispatch({changes: {from: l.from - 1, to: l.to}}); break; } }"""
    )
    assert doc_text() == before
    step("gợi ý khóa theo JSON Schema (chu → chu_quan)")
    # Hover help on a key, from the schema's description.
    away = ActionBuilder(driver)
    away.pointer_action.move_to_location(5, 5)
    away.perform()
    wait("no hover help", lambda: js("return document.querySelectorAll('.hover-help').length") == 0)
    cursor_at_line_end("trich_yeu:")
    time.sleep(0.2)
    xy = js(
        """const v = window.__vanban.view, doc = v.state.doc;
        for (let n = 1; n <= doc.lines; n++) {
          const l = doc.line(n);
          if (!l.text.startsWith('trich_yeu:')) continue;
          const c = v.coordsAtPos(l.from + 3);
          return [Math.round(c.left + 2), Math.round((c.top + c.bottom) / 2)];
        }"""
    )
    mouse = ActionBuilder(driver)
    mouse.pointer_action.move_to_location(xy[0], xy[1])
    mouse.perform()
    hover = wait("the hover help of trich_yeu", lambda: [
        t for t in js("return [...document.querySelectorAll('.hover-help')].map(t => t.textContent)")
        if t.startswith("trich_yeu")])[0]
    assert "Trích yếu" in hover, hover
    step(f"giải thích khi rê chuột: {hover[:60]}…")

    # 5. Insert an article from the menu, then type its text.
    cursor_at_line_end("phan_cong:")
    driver.find_element(By.ID, "insert").click()
    item = wait("the menu", lambda: driver.find_element(By.CSS_SELECTOR, "#insert-menu [data-snippet='dieu']"))
    wait("a settled preview", settled)
    time.sleep(0.3)
    driver.save_screenshot(SHOT)
    item.click()
    text = doc_text()
    assert "noi_dung:\n  - dieu: Nội dung của điều.\n" in text, text[-1500:]
    selected = js("const v = window.__vanban.view, s = v.state.selection.main; return v.state.sliceDoc(s.from, s.to)")
    assert selected == "Nội dung của điều.", selected
    type_keys("Giao Sở Công Thương chủ trì tổng hợp kết quả thực hiện.")
    wait("the article on a page", lambda: any(norm("Điều 1. Giao Sở Công Thương chủ trì tổng hợp") in n for n in page_norms()))
    # The preview shows the page being edited.
    wait("the page of the cursor marked", lambda: js(
        "return document.querySelector('#pages .page.current') !== null"))
    current = js("return [...document.querySelectorAll('#pages .page')].findIndex(p => p.classList.contains('current'))")
    assert norm("Giao Sở Công Thương chủ trì tổng hợp") in page_norms()[current], current
    assert js(
        """const p = document.querySelectorAll('#pages .page')[arguments[0]].getBoundingClientRect();
        const b = document.getElementById('pages').getBoundingClientRect();
        return p.bottom > b.top && p.top < b.bottom;""",
        current,
    ), "the page being edited is scrolled into view"
    step(f"đã chèn Điều 1 từ menu Chèn; khung xem cuộn tới trang {current + 1}")

    # 6. Unsaved text survives a reload (recovery file, offered on load).
    unsaved = doc_text()
    assert js(
        "const e = new Event('beforeunload', {cancelable: true}); window.dispatchEvent(e); return e.defaultPrevented"
    ), "closing the tab with unsaved edits warns"
    time.sleep(0.8)  # the recovery autosave
    driver.refresh()
    wait("the recovery offer", lambda: driver.find_element(By.ID, "banner-recovery"))
    assert os.path.exists(os.path.join(FOLDER, f".{NAME}.khoi-phuc"))
    driver.find_element(By.XPATH, "//div[@id='banner-recovery']//button[1]").click()
    wait("the restored text", lambda: doc_text() == unsaved)
    step("sau khi tải lại trang, bản chưa lưu được khôi phục")

    # 7. Ctrl+S saves; the file on disk is the editor's text.
    ActionChains(driver).key_down(Keys.CONTROL).send_keys("s").key_up(Keys.CONTROL).perform()
    wait("the save", lambda: "Đã lưu" in driver.find_element(By.ID, "status").text)
    with open(YAML, encoding="utf-8") as f:
        assert f.read() == unsaved
    assert driver.find_element(By.ID, "dirty").text == ""
    assert not os.path.exists(os.path.join(FOLDER, f".{NAME}.khoi-phuc"))
    assert not js(
        "const e = new Event('beforeunload', {cancelable: true}); window.dispatchEvent(e); return e.defaultPrevented"
    )
    step("Ctrl+S đã lưu tệp")

    # 8. Another program changes the file: with nothing unsaved it is taken
    # (and said); with unsaved edits it is offered, never overwritten.
    with open(YAML, "a", encoding="utf-8") as f:
        f.write("# dòng do chương trình khác thêm\n")
    wait("the disk change taken", lambda: "chương trình khác thêm" in doc_text(), timeout=10)
    assert driver.find_element(By.ID, "banner-disk").is_displayed()
    cursor_at_line_end("trich_yeu:")
    type_keys(" nữa")
    with open(YAML, "a", encoding="utf-8") as f:
        f.write("# lần thứ hai\n")
    wait("the disk change offered", lambda: "không tự ghi đè" in driver.find_element(By.ID, "banner-disk").text, timeout=10)
    assert "lần thứ hai" not in doc_text()
    with open(YAML, encoding="utf-8") as f:
        assert "lần thứ hai" in f.read()
    step("thay đổi trên đĩa được phát hiện và hỏi lại")

    # 9. Download the PDF of what is in the editor.
    for f in os.listdir(DOWNLOADS):
        os.remove(os.path.join(DOWNLOADS, f))
    driver.execute_cdp_cmd("Page.setDownloadBehavior", {"behavior": "allow", "downloadPath": DOWNLOADS})
    driver.find_element(By.ID, "dl-pdf").click()
    pdf = os.path.join(DOWNLOADS, "cong-van-ccn-bac-giang.pdf")
    wait("the downloaded PDF", lambda: os.path.exists(pdf) and os.path.getsize(pdf) > 1000, timeout=30)
    time.sleep(0.3)
    words = " ".join(subprocess.run(["pdftotext", "-raw", pdf, "-"], capture_output=True, text=True, check=True).stdout.split())
    for needle in ["và thử nghiệm soạn thảo nữa", "Điều 1. Giao Sở Công Thương chủ trì tổng hợp kết quả thực hiện"]:
        assert needle in words, (needle, words[:2000])
    step("đã tải PDF; pdftotext đọc được nội dung vừa gõ")

    # 10. Speed: keystroke to repainted page.
    if BENCH:
        driver.find_element(By.XPATH, "//div[@id='banner-disk']//button[last()]").click()
        cursor_at_line_end("        Tổ chức rà soát")
        js("window.__vanban.stats.length = 0")
        type_keys("x")  # warm-up
        wait("the warm-up", lambda: js("return window.__vanban.stats.length") >= 1 and settled())
        js("window.__vanban.stats.length = 0")
        for i in range(BENCH):
            type_keys("x")
            wait("the repaint", lambda: js("return window.__vanban.stats.length") >= i + 1 and settled())
            time.sleep(0.1)
        stats = js("return window.__vanban.stats")
        def summary(key):
            v = sorted(s[key] for s in stats)
            return {"median": round(statistics.median(v), 1), "p90": round(v[int(0.9 * len(v))], 1), "max": round(v[-1], 1)}
        print(json.dumps({
            "edits": len(stats),
            "keystroke_to_paint_ms": summary("latency"),
            "server_ms": summary("server"),
            "request_ms": summary("fetch"),
            "decode_and_paint_ms": summary("paint"),
            "pages_resent": sorted({s["sent"] for s in stats}),
        }), flush=True)
    logs = [l for l in driver.get_log("browser") if l["level"] == "SEVERE" and "favicon" not in l["message"]]
    # A 409 or 422 is an expected answer the page handles, not a failure.
    logs = [l for l in logs if " 409 " not in l["message"] and " 422 " not in l["message"]]
    assert not logs, logs
    print("OK", flush=True)
finally:
    driver.quit()
