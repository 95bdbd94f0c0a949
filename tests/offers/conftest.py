import pytest

# The browser fixtures (real Chromium) for test_offer_browser.py.
from tests.browser.conftest import axe_source, browser, page  # noqa: F401
from tests.offers.helpers import Tree, build_tree


@pytest.fixture
def offer_tree(db) -> Tree:
    """A home page, one region with its offer index, and a provider."""
    return build_tree()
