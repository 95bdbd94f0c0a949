from urllib.parse import urlsplit

import pytest

from tests.offers.helpers import Tree, build_tree


@pytest.fixture
def offer_tree(db) -> Tree:
    """A home page, one region with its offer index, and a provider."""
    return build_tree()


@pytest.fixture
def served_tree(live_server) -> Tree:
    """The same tree, its site pointed at the live server for the browser tests."""
    tree = build_tree()
    parts = urlsplit(live_server.url)
    tree.site.hostname, tree.site.port = parts.hostname, parts.port
    tree.site.save()
    return tree
