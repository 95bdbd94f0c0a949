"""Browser fixtures, registered for the whole test tree by tests/conftest.py: real Chromium
(Debian's /usr/bin/chromium) driven by Playwright against one live server for the session
that serves each test's own (rolled-back) data, see server.py. Playwright never downloads a
browser of its own here."""

import os
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.services.required import require_or_skip

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
AXE_JS = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
# The password log_in() gives the user it logs in to the admin.
PASSWORD = "Koordination-2026!"
# Without these flags Chromium tries to reach Google's services at start-up, which this
# network refuses (and which a privacy test must not see as page traffic anyway).
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]


@pytest.fixture(scope="session")
def browser() -> Iterator:
    if not Path(CHROMIUM).exists():
        require_or_skip(f"Chromium not found at {CHROMIUM} (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop in this thread; the ORM calls the tests make
    # themselves are still synchronous and safe. Only while the browser runs: the variable
    # must not leak into subprocesses such as `check --deploy`.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    from django.db import connections

    # While Playwright runs its loop in this thread, Django takes the thread for an async
    # one and would hand out other database connections: keep the ones the session (its
    # shared data's transactions among them) has been using.
    before = {alias: connections[alias] for alias in connections}
    try:
        with sync_playwright() as playwright:
            for alias, connection in before.items():
                connections[alias] = connection
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            yield browser
            browser.close()
    finally:
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture(scope="session")
def site_server() -> Iterator:
    from .server import SharedConnectionServer

    server = SharedConnectionServer()
    yield server
    server.stop()


@pytest.fixture
def live_site(db, site_server) -> Iterator:
    """The live server, serving this test's data: the default site answers at its address
    (full URLs in feeds and structured data point there)."""
    from django.db import DEFAULT_DB_ALIAS, connections

    from wagtail.models import Site

    # The wrapper itself, not django.db.connection (a proxy to the current thread's).
    with site_server.share(connections[DEFAULT_DB_ALIAS]):
        site = Site.objects.get(is_default_site=True)
        site.hostname, site.port = site_server.host, site_server.port
        site.save()
        yield site_server


@pytest.fixture
def page(browser) -> Iterator:
    context = browser.new_context(locale="de-DE", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


@pytest.fixture
def traced_page(page, request) -> Iterator:
    """The page; on failure its screenshot and HTML go to test-artifacts/ for diagnosis."""
    failed_before = request.session.testsfailed
    yield page
    if request.session.testsfailed > failed_before:
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        name = request.node.name
        page.screenshot(path=str(ARTIFACTS / f"{name}-failure.png"), full_page=True)
        (ARTIFACTS / f"{name}-failure.html").write_text(page.content())


def log_in(page, base: str, user) -> None:
    """`user` logs in to the admin at `base` through the German login form, with PASSWORD."""
    user.set_password(PASSWORD)
    user.save()
    page.goto(f"{base}/admin/login/")
    page.get_by_label("Benutzername").fill(user.get_username())
    # Wagtail's own German translation leaves this label in English.
    page.get_by_label(re.compile(r"Passwor[dt]")).fill(PASSWORD)
    page.get_by_role("button", name="Anmelden").click()
    page.wait_for_url(f"{base}/admin/")


@pytest.fixture(scope="session")
def axe_source() -> str:
    if not AXE_JS.exists():
        require_or_skip(f"{AXE_JS} missing: run `npm ci`")
    return AXE_JS.read_text()


def run_axe(page, axe_source: str) -> list[dict]:
    """Run axe-core's WCAG 2.1 A/AA rules on the current page and return the violations."""
    # Evaluated through the DevTools protocol, which the page's Content-Security-Policy does
    # not govern; an injected <script> element would be refused for lacking the nonce.
    page.evaluate(axe_source + "\n;undefined")
    result = page.evaluate(
        """async () => await axe.run(document, {
            runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}
        })"""
    )
    return result["violations"]


def describe_violations(violations: list[dict]) -> str:
    lines = []
    for violation in violations:
        targets = [", ".join(node["target"]) for node in violation["nodes"][:5]]
        lines.append(f"{violation['id']} ({violation['impact']}): {violation['help']} {targets}")
    return "\n".join(lines)
