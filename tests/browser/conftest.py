"""Browser tests: the app served on a local port, driven by Playwright in Debian's headless Chromium.

`scripts/test` installs Chromium with apt-get; Playwright's own browser download is never used.
Screenshots of the pages land in test-artifacts/ for people to look at.
"""
from __future__ import annotations

import os
import threading
from pathlib import Path

import pytest
from werkzeug.serving import make_server

CHROMIUM = os.environ.get("FRONTDESK_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync",
                  # a test pattern and a tone instead of a camera and microphone, allowed without asking
                  "--use-fake-device-for-media-stream", "--use-fake-ui-for-media-stream"]
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"


@pytest.fixture
def live_url(app):
    """The test app served over HTTP on a free local port, for as long as the test runs."""
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join()


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-GB")
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def screenshot(page):
    """Save a full-page screenshot as test-artifacts/NAME.png."""
    return lambda name: shot(page, name)


AXE = Path(__file__).resolve().parents[2] / "frontdesk" / "static" / "vendor" / "axe.min.js"
WCAG = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
PASSWORD = "correct horse battery"


def assert_accessible(page, what: str) -> None:
    """Run axe-core on the page as it is now (shadow roots included); fail on any violation."""
    page.add_script_tag(path=str(AXE))
    violations = page.evaluate("""async (tags) => {
        const result = await axe.run(document, {runOnly: {type: 'tag', values: tags}});
        return result.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
                                            nodes: v.nodes.slice(0, 3).map(n => n.target.join(' '))}));
    }""", WCAG)
    assert violations == [], f"{what}: {violations}"


def shot(page, name: str) -> Path:
    """Save a full-page screenshot as test-artifacts/NAME.png."""
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def signed_in_page(browser, live_url: str, email: str, next_path: str = ""):
    """A browser of its own, signed in as `email` (then sent on to `next_path`, default the console)."""
    page = browser.new_context(viewport={"width": 1400, "height": 1000}, locale="en-GB").new_page()
    page.goto(f"{live_url}/signin" + (f"?next={next_path}" if next_path else ""))
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    return page
