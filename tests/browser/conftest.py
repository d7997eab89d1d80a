"""Browser journeys: Playwright driving Debian's chromium against a live server.

Every test here is marked `browser`. Without /usr/bin/chromium they are skipped with
a message saying so, except in CI (CI=true), where a missing browser is a failure:
the suite must never pass there by not running.
"""

import itertools
import os
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.utils.text import slugify

from recommendations.demo import load_demo

# Playwright's sync API runs an event loop in this thread; Django would otherwise
# refuse the ORM calls tests make between browser steps.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
HERE = Path(__file__).resolve().parent


def _in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() in {"1", "true", "yes"}


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(config, items):
    """Mark everything in this folder `browser` (so `-m "not browser"` works), and
    skip it, or fail it in CI, when chromium is missing."""
    skip = not CHROMIUM.exists() and not _in_ci()
    for item in items:
        if HERE not in Path(item.fspath).resolve().parents:
            continue
        item.add_marker(pytest.mark.browser)
        if skip:
            item.add_marker(
                pytest.mark.skip(
                    reason=f"browser tests skipped: {CHROMIUM} not found "
                    "(apt-get install chromium to run them)"
                )
            )


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    # Outside CI the tests were skipped at collection; in CI they must fail.
    if not CHROMIUM.exists():
        pytest.fail(f"CI must run the browser tests, but {CHROMIUM} is not installed")
    return {
        **browser_type_launch_args,
        "executable_path": str(CHROMIUM),
        "args": CHROMIUM_ARGS,
    }


@pytest.fixture
def new_context(new_context):
    """Contexts that give up on a missing element after 10 s, not Playwright's 30."""

    def make(**kwargs):
        context = new_context(**kwargs)
        context.set_default_timeout(10_000)
        return context

    return make


@pytest.fixture(scope="session")
def base_url(live_server):
    """Relative URLs in page.goto() go to the live server."""
    return live_server.url


@pytest.fixture(autouse=True)
def demo(transactional_db, live_server):
    """The demo data, loaded afresh for every journey (about a second)."""
    return load_demo()


@pytest.fixture
def narrow_page(new_context):
    """A phone-sized window 320 CSS pixels wide: WCAG 1.4.10 reflow."""
    return new_context(viewport={"width": 320, "height": 640}).new_page()


@pytest.fixture
def screenshot(request):
    """screenshot("step") saves var/screenshots/<test>/<NN-step>.png, in order; of
    the test's `page` unless given another (a narrow or JavaScript-free one)."""
    folder = (
        settings.VAR_DIR
        / "screenshots"
        / re.sub(r"[^\w-]+", "-", request.node.name).strip("-")
    )
    for old in folder.glob("*.png"):
        old.unlink()
    folder.mkdir(parents=True, exist_ok=True)
    counter = itertools.count(1)

    def take(step: str, target=None) -> Path:
        path = folder / f"{next(counter):02d}-{slugify(step)}.png"
        (target or request.getfixturevalue("page")).screenshot(
            path=path, full_page=True
        )
        return path

    return take
